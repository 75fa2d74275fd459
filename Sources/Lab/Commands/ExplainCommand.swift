import RNNEngine
import Rendering

extension CommandSpec {
    /// `explain GATE`: a gate's equation with the current model's numbers plugged in.
    public static let explain = CommandSpec(
        name: "explain",
        topic: .inspecting,
        summary: "write out a gate's equation with this model's numbers",
        help: """
            Writes out how GATE was computed at one step and unit, with the current model's \
            weights and states plugged in: a gate (i f g o for an LSTM, r z n for a GRU), c (the \
            LSTM cell update) or h. For example f_3[1] = σ(W_if·x_3 + b_if + W_hf·h_2 + b_hf) = \
            σ(0.25 + 0.1 + 0.05 + 0.012) = σ(0.412) = 0.602. The step defaults to the cursor, the \
            unit to 0; each term is one dot product or bias. With layer norm each product is shown \
            normalized, LN(v) = γ·(v − μ)/s + β over its gate block, and its numbers are written out. \
            At a padding step (`feed --mask`) the cell does not run: h and c are carried from the step \
            before, and no gate is computed.
            """,
        example: "explain f --step 3 --unit 1",
        positionals: [PositionalSpec("gate", summary: "a gate, c or h", completion: .equations)],
        options: [
            .value("step", kind: .integer(-100_000...100_000), summary: "the step, from 1 (default: the cursor)"),
            .value("unit", kind: .integer(-100_000...100_000), summary: "the unit, from 0 (-1: the last)", defaultValue: "0"),
            .value("layer", kind: .integer(0...100), summary: "the layer, from 0", defaultValue: "0"),
            .flag("reverse", summary: "the backward direction of a bidirectional model"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            let state = session.state
            let model = try state.requireModel()
            let network = try state.requireNetwork(model)
            if state.mode == .train, !model.dropout.isNone {
                throw LabError("explain: in train mode \(model.name)'s pass used dropout masks the equation leaves out; `mode eval` first")
            }
            let pass = try state.requirePass(model, shouldStop: session.isInterrupted)
            let symbol = arguments.string("gate") ?? ""
            let explainable = Quantity.equationNames(for: network.kind)
            let quantity = try Quantity.parse(symbol, kind: network.kind, offering: explainable)
            let name = quantity.name
            guard explainable.contains(name) else {
                throw LabError("explain: \(name) has no single equation to write out — explain one of \(explainable.joined(separator: ", "))")
            }
            let steps = try state.steps(arguments.int("step").map(String.init) ?? String(state.cursor))
            let unit = try resolvedUnit(arguments.int("unit") ?? 0, width: network.hiddenSize, model: model.name)
            let layer = arguments.int("layer") ?? 0
            let direction: Direction = arguments.flag("reverse") ? .reverse : .forward
            try network.requireLayer(layer, direction: direction, model: model.name)
            let explanation = Explanation(network: network, pass: pass, layer: layer, direction: direction,
                                          step: steps.lowerBound, unit: unit)
            let lines = try explanation.lines(name)
            session.addFacets(["\(model.name)/\(name)/layer\(layer)/\(direction.name)/unit\(unit)/t\(steps.lowerBound + 1)"])
            var blocks: [Block] = [.heading("\(model.name) · \(state.stepLabel(steps.lowerBound)) · unit \(unit) · layer \(layer) \(direction.name)")]
            blocks.append(.preformatted(lines.joined(separator: "\n")))
            let isPadding = state.input?.mask.map { !$0[steps.lowerBound] } ?? false
            if network.kind == .lstm && ["i", "f", "g", "o"].contains(name) && !isPadding {
                let (inputWeight, recurrentWeight) = (RecurrentNetwork.parameterName("weight_ih", layer: layer, direction: direction),
                                                      RecurrentNetwork.parameterName("weight_hh", layer: layer, direction: direction))
                blocks.append(.note("W_i\(name)·x is row \(unit) of the \(name) block of \(inputWeight) times the input; W_h\(name)·h is the same row of \(recurrentWeight) times the previous h"))
            }
            if network.layerNorm, let note = layerNormNote(kind: network.kind, symbol: name, hiddenSize: network.hiddenSize,
                                                           layer: layer, direction: direction) {
                blocks.append(.note(note))
            }
            if let note = network.layerNote(layer: layer, direction: direction) { blocks.append(note) }
            return blocks
        }
    )
}

/// What the LN terms of an explanation stand for, or nil when the equation has none (the
/// LSTM's c and the GRU's h mix values that are already normalized upstream).
private func layerNormNote(kind: CellKind, symbol: String, hiddenSize: Int, layer: Int, direction: Direction) -> String? {
    let formula = "LN(v) = γ·(v − μ)/s + β, with μ the mean and s = √(variance + 1e−5)"
    func tensor(_ part: String) -> String {  // layer_norm_ih_l0, without .weight
        String(LayerNorm.parameterName(part, "weight", layer: layer, direction: direction).dropLast(".weight".count))
    }
    switch (kind, symbol) {
    case (.lstm, "c"), (.gru, "h"):
        return nil
    case (.lstm, "h"):
        return "layer norm: \(formula) of c_t over its \(hiddenSize) units; γ and β are \(tensor("c"))'s weight and bias"
    default:
        return "layer norm: \(formula) of v over the \(hiddenSize) units of the gate's block; γ and β are the weight and bias of \(tensor("ih")) and \(tensor("hh"))"
    }
}
