import Rendering

extension CommandSpec {
    /// `reset`: moves the cursor before the first step.
    public static let resetCursor = CommandSpec(
        name: "reset",
        topic: .models,
        summary: "move the cursor before the first step",
        help: "Moves the cursor before step 1; then `step` walks through the input one step at a time.",
        example: "reset",
        positionals: [],
        run: { invocation in
            let session = invocation.session
            var state = session.state
            _ = try state.requireInput()
            state.cursor = 0
            session.commit(state)
            return try CursorView.blocks(session)
        }
    )
}
