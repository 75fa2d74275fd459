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
            let asked = state.cursor + (invocation.arguments.int("n") ?? 1)
            state.cursor = min(input.length, asked)
            session.commit(state)
            let blocks = try CursorView.blocks(session)
            guard asked > input.length else { return blocks }
            return blocks + [.note("the input ends at step \(input.length): the cursor stays there (`reset` goes back before step 1)")]
        }
    )
}
