import RNNEngine
import Rendering

extension CommandSpec {
    /// `compare A B [QUANTITY]`: two models, or one model under two settings, side by side.
    public static let compare = CommandSpec(
        name: "compare",
        topic: .inspecting,
        summary: "show two models (or two settings) side by side per step",
        help: """
            Runs two models on the current input and shows QUANTITY (default h) side by side, one \
            row per step. `compare rnn lstm grad-norm` back-propagates each model's last loss (or \
            `last`) and keeps the result, so `show grad-norm` and lesson checks read it: this is \
            how a vanishing gradient shows. With a setting, one model (the current one) is run \
            twice: `compare --activation tanh relu h`, `compare --radius 0.5 1.5 grad-norm`, \
            `compare --forget-bias 0 3 grad-norm`, `compare --init pytorch identity h`, \
            `compare --layer-norm off on pre`, `compare --dropout 0 0.5 h` (dropout shows only in \
            train mode). Those variants are not kept, unless `--keep A,B` names them: then they join \
            the lab as models A and B, with their passes and gradients, so that `show`, `use` and \
            lesson checks (`A.grad-norm`) read them. On models of several layers or two directions, \
            a setting changes every layer and direction, as `set` does, and --layer N and \
            --reverse choose which both sides show.
            """,
        example: "compare rnn lstm grad-norm",
        positionals: [
            PositionalSpec("a", summary: "the first model (or, with a setting option, the second value)", completion: .models),
            PositionalSpec("b", summary: "the second model (or, with a setting option, the quantity)", isOptional: true, completion: .models),
            PositionalSpec("quantity", summary: "what to compare (default h)", isOptional: true, completion: .quantities),
        ],
        options: [
            .value("activation", kind: .choice(["tanh", "relu"]), summary: "the first activation; the second follows it"),
            .value("radius", kind: ModelSetting.spectralTarget, summary: "the first spectral radius; the second follows it"),
            .value("forget-bias", kind: .number(-100...100), summary: "the first forget bias; the second follows it"),
            .value("init", kind: .choice(["pytorch", "identity"]), summary: "the first init; the second follows it"),
            .value("layer-norm", kind: .choice(["on", "off"]), summary: "layer norm first on or off; the second follows it"),
            .value("dropout", kind: .number(0...ModelSetting.largestDropout), summary: "the first dropout; the second follows it"),
            .value("recurrent-dropout", kind: .number(0...ModelSetting.largestDropout), summary: "the first recurrent dropout; the second follows it"),
            .value("step", kind: .text, summary: "a step or range, from 1: 3 or 2..4"),
            .value("unit", kind: .integer(-RecurrentNetwork.maximumDimension...(RecurrentNetwork.maximumDimension - 1)),
                   summary: "one unit (from 0; -1: the last) instead of all"),
            .value("layer", kind: .integer(0...100), summary: "the layer compared, from 0", defaultValue: "0"),
            .flag("reverse", summary: "the backward direction of bidirectional models"),
            .value("as", kind: .choice(["table", "spark"]), summary: "a table, or one sparkline per unit", defaultValue: "table"),
            .value("keep", kind: .text, summary: "with a setting: keep the two variants as models named A,B"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            var state = session.state
            let settingNames = ModelSetting.comparable.filter { arguments.string($0) != nil }
            guard settingNames.count <= 1 else {
                throw LabError("compare: give one setting to vary, not \(settingNames.joined(separator: " and "))")
            }
            let kept = try arguments.string("keep").map { try Comparison.keptNames($0, existing: state.models) }
            if kept != nil, settingNames.isEmpty {
                throw LabError("compare: --keep names the variants of a setting (`compare --forget-bias 0 1 grad-norm --keep fb0,fb1`); two models compared are kept anyway")
            }
            let comparison: Comparison
            if let setting = settingNames.first {
                let first = arguments.string(setting) ?? ""
                guard let second = arguments.string("a"),
                      arguments.string("b") != nil || !Quantity.names(for: nil).contains(second) else {
                    throw LabError("compare --\(setting) takes two values, the first after the option and the second next: `compare --\(setting) \(first) VALUE QUANTITY`")
                }
                comparison = try Comparison.settings(setting, [first, second],
                                                     quantity: arguments.string("b") ?? arguments.string("quantity") ?? "h", in: state,
                                                     shouldStop: session.isInterrupted)
            } else {
                guard let second = arguments.string("b") else {
                    throw LabError("compare: name two models (`compare rnn lstm grad-norm`) or vary a setting (`compare --radius 0.5 1.5 grad-norm`)")
                }
                comparison = try Comparison.models(arguments.string("a") ?? "", second, quantity: arguments.string("quantity") ?? "h", in: state,
                                                   shouldStop: session.isInterrupted)
            }
            let steps = try state.steps(arguments.string("step"))
            let result = try comparison.blocks(steps: steps, labels: state.stepLabeler(), sparklinesOnly: arguments.string("as") == "spark",
                                               unit: arguments.int("unit"), layer: arguments.int("layer") ?? 0,
                                               direction: arguments.flag("reverse") ? .reverse : .forward, shouldStop: session.isInterrupted)
            if comparison.keepsResults {
                for side in comparison.sides {
                    if let index = state.models.firstIndex(where: { $0.name == side.model.name }) { state.models[index] = side.model }
                }
                session.commit(state)
            }
            var notes: [Block] = []
            if let setting = settingNames.first, let value = comparison.repeatedSettingValue {
                notes.append(.note("both sides have --\(setting) \(value), so they are the same; give two different values"))
            }
            if let kept {
                for (side, name) in zip(comparison.sides, kept.names) {
                    var model = side.model
                    model.name = name
                    model.keptVariant = side.label
                    state.models.removeAll { $0.name == name }
                    state.models.append(model)
                }
                session.commit(state)
                let replaced = kept.replaced.isEmpty ? "" : "; the earlier " + kept.replaced.map { "`\($0)`" }.joined(separator: " and ") + " replaced"
                notes.append(.note("kept \(comparison.sides[0].label) as `\(kept.names[0])` and \(comparison.sides[1].label) as `\(kept.names[1])`\(replaced)"))
            }
            session.addFacets(result.facets)
            if let setting = settingNames.first, setting.hasSuffix("dropout"), state.mode == .eval {
                return result.blocks + notes + [.note("dropout acts in train mode only, so in eval mode both sides are the same: `mode train` first to see it")]
            }
            return result.blocks + notes
        }
    )
}
