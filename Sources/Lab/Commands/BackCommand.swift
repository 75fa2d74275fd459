import Rendering

extension CommandSpec {
    /// `back [N]`: moves the timestep cursor N steps back (a bare `back` typed in a lesson moves the lesson).
    public static let backCursor = CommandSpec(
        name: "back",
        topic: .models,
        summary: "move the cursor back a step (in a lesson: the previous step)",
        help: "Moves the timestep cursor N steps back (default 1) and shows that step. While a lesson runs, typing a bare `back` (or `previous`) shows the previous lesson step again instead, in the lab that step found (the steps before it are replayed quietly); type `back 1` to move the cursor then.",
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
