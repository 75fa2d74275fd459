import RNNEngine
import Rendering

extension CommandSpec {
    /// `params`: the parameter count with its breakdown and formula.
    public static let params = CommandSpec(
        name: "params",
        topic: .inspecting,
        summary: "count the parameters per tensor, with the formula",
        help: """
            Counts the current model's parameters: each tensor with its shape, the formula \
            G·H·(I + H) + 2·G·H per layer and direction with this model's numbers (G = 1 for an \
            RNN, 3 for a GRU, 4 for an LSTM), and what an RNN, a GRU and an LSTM of the same \
            sizes would have. With layer norm each layer and direction adds 4·G·H gains and \
            biases (W_ih x and W_hh h normalized per gate block), and an LSTM 2·H more (c_t). A \
            model with an embedding or an output head (a whole token model loaded with them, or \
            one `train` gave a head) lists them too, with the whole model's count, as PyTorch's \
            `sum(p.numel() for p in model.parameters())` gives it.
            """,
        example: "params",
        run: { invocation in
            let session = invocation.session
            let model = try session.requireModel()
            let network = try session.state.requireNetwork(model)
            let count = ParameterCount(network)
            let rows = count.entries.map { entry in
                Table.Row(entry.name, cells: [.text("(" + entry.shape.map(String.init).joined(separator: ", ") + ")"), .number(Double(entry.count))])
            } + [Table.Row("total", cells: [.empty, .number(Double(count.total))])]
            var blocks: [Block] = [
                .table(Table(title: "\(model.name) · parameters · \(ModelFactory.describe(network))", rowHeader: "tensor",
                             columns: [Table.Column("shape"), Table.Column("count", isCount: true)], rows: rows, showAll: true)),
            ]
            if let beside = partsBesideModule(model, moduleCount: count.total) { blocks.append(.table(beside)) }
            let g = network.kind.gateCount, h = network.hiddenSize
            let lstm = network.kind == .lstm
            let normTerms = "4·G·H" + (lstm ? " + 2·H" : "")
            let normTerm = network.layerNorm ? " + " + normTerms : "", normNote = network.layerNorm ? "; \(normTerms) for layer norm" : ""
            let biases = network.hasBiases
            let biasTerm = biases ? " + 2·G·H" : "", noBiases = biases ? "" : " (bias=False: no biases)"
            var lines = ["per layer and direction: G·H·(I + H)\(biasTerm)\(normTerm)",
                         "  with G = \(g) (\(network.kind.rawValue)), H = \(h)\(normNote)\(noBiases)"]
            for layer in 0..<network.numLayers {
                let i = network.layerInputSize(layer)
                let each = ParameterCount.perLayerDirection(kind: network.kind, layerInputSize: i, hiddenSize: h, layerNorm: network.layerNorm,
                                                            biases: biases)
                let times = network.directionCount == 2 ? " × 2 directions = \(NumberFormat.count(2 * each))" : ""
                let normNumbers = network.layerNorm ? " + 4·\(g)·\(h)" + (lstm ? " + 2·\(h)" : "") : ""
                let biasNumbers = biases ? " + 2·\(g)·\(h)" : ""
                lines.append("  layer \(layer): \(g)·\(h)·(\(i) + \(h))\(biasNumbers)\(normNumbers) = \(NumberFormat.count(each))\(times)")
            }
            lines.append("  total: \(NumberFormat.count(count.total))")
            blocks.append(.preformatted(lines.joined(separator: "\n")))
            let bars = CellKind.allCases.map { kind in
                BarChart.Bar(kind.rawValue + (kind == network.kind ? " *" : ""),
                             Double(ParameterCount.formula(kind: kind, inputSize: network.inputSize, hiddenSize: h,
                                                           numLayers: network.numLayers, bidirectional: network.bidirectional,
                                                           layerNorm: network.layerNorm, biases: network.hasBiases)))
            }
            blocks.append(.bars(BarChart(title: "an rnn, an lstm and a gru of the same sizes (* this model)", bars: bars, unit: "params", isCount: true)))
            session.addFacets(["\(model.name)/params"])
            return blocks
        }
    )
}

/// The embedding and output head `model` holds beside its recurrent module (a whole token
/// model's from its file, or the head `train` gave it), with the whole model's count; nil
/// for a module alone.
private func partsBesideModule(_ model: LabModel, moduleCount: Int) -> Table? {
    var parts: [(name: String, shape: [Int])] = []
    // a tied embedding is the head's weight: one parameter, counted once, as model.parameters() yields it once
    if let embedding = model.embedding, !model.embeddingIsTiedHead {
        let name = model.sourceEmbedding?.split(separator: ",").first.map(String.init) ?? "embedding"
        parts.append((name, [embedding.vocabularySize, embedding.width]))
    }
    if let head = model.head {
        let name = model.tokenHeadName ?? "head"  // a trained head is saved as head.weight and head.bias
        parts.append((name + ".weight" + (model.embeddingIsTiedHead ? " (the embedding too)" : ""), [head.outputSize, head.inputSize]))
        if model.tokenHeadName == nil || model.tokenHeadHasBias { parts.append((name + ".bias", [head.outputSize])) }
    }
    guard !parts.isEmpty else { return nil }
    let counts = parts.map { $0.shape.reduce(1, *) }
    let rows = zip(parts, counts).map { part, count in
        Table.Row(part.name, cells: [.text("(" + part.shape.map(String.init).joined(separator: ", ") + ")"), .number(Double(count))])
    } + [Table.Row("whole model", cells: [.empty, .number(Double(moduleCount + counts.reduce(0, +)))])]
    return Table(title: "beside the recurrent module", rowHeader: "tensor",
                 columns: [Table.Column("shape"), Table.Column("count", isCount: true)], rows: rows, showAll: true)
}
