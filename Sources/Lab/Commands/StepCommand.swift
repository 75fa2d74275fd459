import Rendering

extension CommandSpec {
    /// `step [N]`: moves the cursor N steps forward.
    public static let stepCursor = CommandSpec(
        name: "step",
        topic: .models,
        summary: "move the cursor forward and show that step",
        help: "Moves the cursor N steps forward (default 1) and shows the current model's values at that step. Views (show, grad, compare) show the steps up to the cursor.",
        example: "step 2",
        positionals: [PositionalSpec("n", kind: .integer(1...100_000), summary: "how many steps", isOptional: true)],
        run: { invocation in
            let session = invocation.session
            var state = session.state
            let input = try state.requireInput()
            state.cursor = min(input.length, state.cursor + (invocation.arguments.int("n") ?? 1))
            session.commit(state)
            return try CursorView.blocks(session)
        }
    )
}
