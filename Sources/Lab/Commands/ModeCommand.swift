import Rendering

extension CommandSpec {
    /// `mode [train|eval]`: whether forward passes apply dropout.
    public static let mode = CommandSpec(
        name: "mode",
        topic: .models,
        summary: "train or eval: whether dropout is applied; alone, shows the mode",
        help: """
            Sets the lab's mode, as PyTorch's model.train() and model.eval() do. In eval mode (the \
            default) no dropout is applied: the same input always gives the same numbers, which \
            is what inspecting a model needs. In train mode every forward pass of a model with \
            dropout (`model ... --dropout P`, `set recurrent-dropout P`) draws new masks, so `feed` \
            again shows different h; the masks come from the model's seed and a count of passes, \
            so a replayed session repeats them. `grad` back-propagates through the masks its pass \
            used. `train` always drops units, and `sample` and `evaluate` never do, whatever the \
            mode: they generate and score with the whole network, as after model.eval(). Layer \
            norm is the same in both modes. Without a value, shows the current mode.
            """,
        example: "mode train",
        positionals: [
            PositionalSpec("mode", kind: .choice(LabMode.allCases.map(\.rawValue)), summary: "train or eval", isOptional: true),
        ],
        run: { invocation in
            let session = invocation.session
            var state = session.state
            let withDropout = state.models.filter { !$0.dropout.isNone }.map(\.name)
            let which = withDropout.isEmpty ? "no model has dropout" : "dropout in \(withDropout.joined(separator: ", "))"
            guard let text = invocation.arguments.string("mode"), let mode = LabMode(rawValue: text) else {
                session.addFacets(["mode:\(state.mode.rawValue)"])
                return [.prose("The lab is in **\(state.mode.rawValue)** mode (\(which)\(state.mode == .train ? ", applied" : ", not applied")).")]
            }
            state.mode = mode
            let notes = try state.refreshAllPasses(shouldStop: session.isInterrupted)
            session.commit(state)
            session.addFacets(["mode:\(mode.rawValue)"])
            let effect = mode == .train
                ? "every forward pass now draws new dropout masks (\(which))"
                : "no dropout: the same input gives the same numbers (\(which))"
            return [.prose("Now in **\(mode.rawValue)** mode: \(effect).")] + notes.map { .note($0) }
        }
    )
}
