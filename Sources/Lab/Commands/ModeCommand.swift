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
            so a replayed session repeats them; while no model has dropout, train mode changes nothing. `grad` back-propagates through the masks its pass \
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
            // without dropout the two modes compute the same numbers, which is worth saying
            // plainly rather than "applied" to nothing
            let changesNothing = ", which changes nothing until a model has dropout (`model ... --dropout P`, "
                + "`set recurrent-dropout P`): no model has any now."
            guard let text = invocation.arguments.string("mode"), let mode = LabMode(rawValue: text) else {
                session.addFacets(["mode:\(state.mode.rawValue)"])
                if state.mode == .train && withDropout.isEmpty {
                    return [.prose("The lab is in **train** mode" + changesNothing)]
                }
                let applied = withDropout.isEmpty ? "" : state.mode == .train ? ", applied" : ", not applied"
                return [.prose("The lab is in **\(state.mode.rawValue)** mode (\(which)\(applied)).")]
            }
            state.mode = mode
            let notes = try state.refreshAllPasses(shouldStop: session.isInterrupted)
            session.commit(state)
            session.addFacets(["mode:\(mode.rawValue)"])
            let said = switch mode {
            case .train where withDropout.isEmpty: "Now in **train** mode" + changesNothing
            case .train: "Now in **train** mode: every forward pass now draws new dropout masks (\(which))."
            case .eval: "Now in **eval** mode: no dropout: the same input gives the same numbers (\(which))."
            }
            return [.prose(said)] + notes.map { .note($0) }
        }
    )
}
