import Rendering

extension CommandSpec {
    /// `run`: moves the cursor to the last step.
    public static let runCursor = CommandSpec(
        name: "run",
        topic: .models,
        summary: "move the cursor to the last step",
        help: "Moves the cursor to the last step, so views show every step.",
        example: "run",
        positionals: [],
        run: { invocation in
            let session = invocation.session
            var state = session.state
            let input = try state.requireInput()
            state.cursor = input.length
            session.commit(state)
            return try CursorView.blocks(session)
        }
    )
}
