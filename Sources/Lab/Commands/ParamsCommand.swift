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
            sizes would have.
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
                             columns: [Table.Column("shape"), Table.Column("count")], rows: rows, showAll: true)),
            ]
            let g = network.kind.gateCount, h = network.hiddenSize
            var lines = ["per layer and direction: G·H·(I + H) + 2·G·H, with G = \(g) (\(network.kind.rawValue)), H = \(h)"]
            for layer in 0..<network.numLayers {
                let i = network.layerInputSize(layer)
                let each = ParameterCount.perLayerDirection(kind: network.kind, layerInputSize: i, hiddenSize: h)
                let times = network.directionCount == 2 ? " × 2 directions = \(2 * each)" : ""
                lines.append("  layer \(layer): \(g)·\(h)·(\(i) + \(h)) + 2·\(g)·\(h) = \(each)\(times)")
            }
            lines.append("  total: \(count.total)")
            blocks.append(.preformatted(lines.joined(separator: "\n")))
            let bars = CellKind.allCases.map { kind in
                BarChart.Bar(kind.rawValue + (kind == network.kind ? " *" : ""),
                             Double(ParameterCount.formula(kind: kind, inputSize: network.inputSize, hiddenSize: h,
                                                           numLayers: network.numLayers, bidirectional: network.bidirectional)))
            }
            blocks.append(.bars(BarChart(title: "the same sizes as rnn, gru and lstm (* this model)", bars: bars, unit: "params")))
            session.addFacets(["\(model.name)/params"])
            return blocks
        }
    )
}
