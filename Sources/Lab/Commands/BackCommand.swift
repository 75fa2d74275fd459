import Rendering

extension CommandSpec {
    /// `back`: moves the cursor one step back.
    public static let backCursor = CommandSpec(
        name: "back",
        topic: .models,
        summary: "move the cursor one step back",
        help: "Moves the cursor one step back and shows that step.",
        example: "back",
        positionals: [],
        run: { invocation in
            let session = invocation.session
            var state = session.state
            _ = try state.requireInput()
            state.cursor = max(0, state.cursor - 1)
            session.commit(state)
            return try CursorView.blocks(session)
        }
    )
}
