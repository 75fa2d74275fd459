import RNNEngine
import Rendering

/// `show weights`: W_ih, W_hh and the biases of one layer and direction as heat maps (or,
/// `asNumbers`, as tables of their values), with the spectral radius and norm of each
/// gate's recurrent block.
enum WeightsView {
    /// The heat maps or tables, and the table of spectral radii and norms.
    /// `shouldStop` (Ctrl-C) is asked while the spectral radii and norms are computed.
    static func blocks(
        network: RecurrentNetwork, model: String, layer: Int, direction: Direction, asNumbers: Bool = false,
        shouldStop: ShouldStop? = nil
    ) throws(LabError) -> [Block] {
        guard layer >= 0, layer < network.numLayers else {
            throw LabError("--layer \(layer) is out of range: \(model) has layers 0..\(network.numLayers - 1)")
        }
        guard direction == .forward || network.bidirectional else {
            throw LabError("--reverse needs a bidirectional model; \(model) reads forward only")
        }
        let kind = network.kind
        let hidden = network.hiddenSize
        let symbols = kind == .rnn ? ["h"] : kind.gateSymbols
        // PyTorch's names: W_ih, W_hh and b_ih, b_hh for the RNN; per gate W_ii, W_hf, b_in, …
        func rowLabel(_ base: String, _ row: Int) -> String {
            "\(base)\(symbols[row / hidden])[\(row % hidden)]"
        }
        var blocks: [Block] = []
        let where_ = "layer \(layer) \(direction.name)"
        for (base, symbol) in [("weight_ih", "W_i"), ("weight_hh", "W_h")] {
            let name = RecurrentNetwork.parameterName(base, layer: layer, direction: direction)
            guard let tensor = network.parameter(name) else { continue }
            let matrix = tensor.matrix
            let rows = (0..<matrix.rows).map { Series(label: rowLabel(symbol, $0), values: matrix.row($0)) }
            let title = "\(model) · \(name) (\(matrix.rows)×\(matrix.columns)) · \(where_)"
            blocks.append(asNumbers ? numbers(title: title, rows: rows, indexLabel: "column")
                : .heatStrip(HeatStrip(title: title, rows: rows, scale: .auto, indexLabel: "column", firstIndex: 0)))
        }
        var biasRows: [Series] = []
        for base in ["bias_ih", "bias_hh"] {
            let name = RecurrentNetwork.parameterName(base, layer: layer, direction: direction)
            guard let tensor = network.parameter(name) else { continue }
            for (block, symbol) in symbols.enumerated() {
                let label = (base == "bias_ih" ? "b_i" : "b_h") + symbol
                biasRows.append(Series(label: label, values: Array(tensor.values[(block * hidden)..<((block + 1) * hidden)])))
            }
        }
        let biasTitle = "\(model) · biases · \(where_)"
        blocks.append(asNumbers ? numbers(title: biasTitle, rows: biasRows, indexLabel: "unit")
            : .heatStrip(HeatStrip(title: biasTitle, rows: biasRows, scale: .auto, indexLabel: "unit", firstIndex: 0)))
        var rows: [Table.Row] = []
        for (gate, symbol) in symbols.enumerated() {
            guard let block = network.recurrentBlock(layer: layer, direction: direction, gate: gate) else { continue }
            guard let radius = block.spectralRadius(shouldStop: shouldStop), let norm = block.spectralNorm(shouldStop: shouldStop) else {
                throw .interrupted
            }
            rows.append(Table.Row("W_h\(symbol)", [radius, norm]))
        }
        blocks.append(.table(Table(title: "\(model) · recurrent weights · \(where_)", rowHeader: "block",
                                   columns: [Table.Column("spectral radius"), Table.Column("spectral norm ‖·‖₂")],
                                   rows: rows, showAll: true)))
        return blocks
    }

    /// Rows of values as a table with a column per index (`column 0`, … or `unit 0`, …),
    /// every row shown: a weight matrix is read row by row, none left out.
    static func numbers(title: String, rows: [Series], indexLabel: String) -> Block {
        let width = rows.map(\.values.count).max() ?? 0
        return .table(Table(title: title, rowHeader: "row", columns: (0..<width).map { Table.Column("\(indexLabel) \($0)") },
                            rows: rows.map { Table.Row($0.label, $0.values) }, showAll: true))
    }
}
