import Rendering

extension CommandSpec {
    /// `use NAME`: picks the current model.
    public static let use = CommandSpec(
        name: "use",
        topic: .models,
        summary: "make another model the current one",
        help: """
            Makes the model called NAME the one `show`, `grad`, `set` and the other commands act on. `models` lists the names. \
            Token indices fed through another model's embedding (`feed --tokens`) are read again through NAME's own, as \
            the whole model NAME came from reads them; when NAME has no embedding, or a token is past its rows, the input \
            stays as it was, and a note says what NAME runs on.
            """,
        example: "use rnn",
        positionals: [PositionalSpec("name", summary: "a model's name", completion: .models)],
        run: { invocation in
            let session = invocation.session
            let model = try session.requireModel(invocation.arguments.string("name") ?? "")
            var state = session.state
            state.currentModelName = model.name
            let notes = try state.followTokens(to: model, shouldStop: session.isInterrupted)
            session.commit(state)
            session.addFacets(["use:\(model.name)"])
            return [.prose("Now using **\(model.name)**.")] + notes
        }
    )
}
