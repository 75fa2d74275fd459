import Rendering

extension CommandSpec {
    /// `back [N]`: moves the cursor N steps back.
    public static let backCursor = CommandSpec(
        name: "back",
        topic: .models,
        summary: "move the cursor back a step and show that step",
        help: "Moves the cursor N steps back (default 1) and shows that step. While a lesson runs, a bare `back` returns to the previous lesson step; type `back 1` to move the cursor.",
        example: "back 1",
        positionals: [PositionalSpec("n", kind: .integer(1...100_000), summary: "how many steps", isOptional: true)],
        run: { invocation in
            let session = invocation.session
            var state = session.state
            _ = try state.requireInput()
            state.cursor = max(0, state.cursor - (invocation.arguments.int("n") ?? 1))
            session.commit(state)
            return try CursorView.blocks(session)
        }
    )
}
