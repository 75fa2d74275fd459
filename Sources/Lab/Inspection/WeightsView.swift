import RNNEngine
import Rendering

/// `show weights`: W_ih, W_hh and the biases of one layer and direction as heat maps (or,
/// `asNumbers`, as tables of their values), with the spectral radius and norm of each
/// gate's recurrent block.
enum WeightsView {
    /// One measure of a gate's recurrent block: the spectral radius (`radius` true) or norm
    /// of gate `gate` (`symbol`, as in `W_hf`) of the layer and direction shown; nil when
    /// Ctrl-C stopped it.
    typealias Measure = (_ radius: Bool, _ gate: Int, _ symbol: String) -> Double?

    /// The heat maps (or, `asNumbers`, tables) of W_ih, W_hh and the biases of a layer and
    /// direction, or an error naming what does not exist. Quick at any size, unlike ``spectra``.
    static func weights(
        network: RecurrentNetwork, model: String, layer: Int, direction: Direction, asNumbers: Bool = false, showAll: Bool = false
    ) throws(LabError) -> [Block] {
        try network.requireLayer(layer, direction: direction, model: model)
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
            blocks.append(asNumbers ? numbers(title: title, rows: rows, indexLabel: "column", showAll: showAll)
                : heatMap(title: title, rows: rows, groupSize: hidden, indexLabel: "column", showAll: showAll))
        }
        var biasRows: [Series] = []
        // a module made with bias=False has none: its zeros are no weights to draw
        for base in ["bias_ih", "bias_hh"] where network.hasBiases {
            let name = RecurrentNetwork.parameterName(base, layer: layer, direction: direction)
            guard let tensor = network.parameter(name) else { continue }
            for (block, symbol) in symbols.enumerated() {
                let label = (base == "bias_ih" ? "b_i" : "b_h") + symbol
                biasRows.append(Series(label: label, values: Array(tensor.values[(block * hidden)..<((block + 1) * hidden)])))
            }
        }
        let biasTitle = "\(model) · biases · \(where_)"
        if biasRows.isEmpty {
            blocks.append(.note("\(model) has no biases (a module made with bias=False): b_ih and b_hh count as zeros"))
        } else {
            blocks.append(asNumbers ? numbers(title: biasTitle, rows: biasRows, indexLabel: "unit", showAll: showAll)
                : heatMap(title: biasTitle, rows: biasRows, groupSize: nil, indexLabel: "unit", showAll: showAll))
        }
        return blocks
    }

    /// What `show` takes for the table ``spectra(network:model:layer:direction:measure:)``
    /// alone: the spectral radius and norm the lesson checks name `radius` and `norm`.
    static let spectraNames = ["radius", "norm"]

    /// The table of the spectral radius and norm of each gate's recurrent block of a layer
    /// and direction, each from `measure`, or an error naming a layer or direction that does
    /// not exist; throws ``LabError/interrupted`` when a measure was stopped.
    static func spectra(
        network: RecurrentNetwork, model: String, layer: Int, direction: Direction, measure: Measure
    ) throws(LabError) -> Block {
        try network.requireLayer(layer, direction: direction, model: model)
        let symbols = network.kind == .rnn ? ["h"] : network.kind.gateSymbols
        let where_ = "layer \(layer) \(direction.name)"
        var rows: [Table.Row] = []
        for (gate, symbol) in symbols.enumerated() {
            guard network.recurrentBlock(layer: layer, direction: direction, gate: gate) != nil else { continue }
            guard let radius = measure(true, gate, symbol), let norm = measure(false, gate, symbol) else {
                throw .interrupted
            }
            rows.append(Table.Row("W_h\(symbol)", [radius, norm]))
        }
        var spectra = Table(title: "\(model) · recurrent weights · \(where_)", rowHeader: "block",
                            columns: [Table.Column("spectral radius"), Table.Column("spectral norm ‖·‖₂")],
                            rows: rows, showAll: true)
        spectra.formatSharing = .allColumns  // a radius and a norm compare: same decimals
        return .table(spectra)
    }

    /// A heat map of a matrix at most this wide is drawn whole; a wider one shows its first
    /// and last columns (``shownOfWideHeatMap``). A cell is one character, so a heat map
    /// holds more columns than a table, but a 1024-wide W_hh wrapped into 17 bands of all
    /// its rows, some seventy thousand lines.
    static let widestWholeHeatMap = 64
    /// How many columns of a wider heat map are shown, the first half and the last half:
    /// with the `…` between them and a label such as `W_hf[1023]`, they fit 80 columns.
    static let shownOfWideHeatMap = 48

    /// Rows of values as a heat map with a column per index (`column 0`, … or `unit 0`, …).
    /// Unless `showAll`, each gate's rows (`groupSize` of them; nil for one row per gate)
    /// past ``QuantityView/widestWholeGroup`` show the first and last few
    /// (``QuantityView/shownOfWideGroup``), as `show h` shows units, and a matrix wider than
    /// ``widestWholeHeatMap`` its first and last columns, each with a line saying how many
    /// were left out and that `--all` shows them.
    static func heatMap(title: String, rows: [Series], groupSize: Int?, indexLabel: String, showAll: Bool) -> Block {
        var shownRows = rows, leftOutRows: [Int: Int] = [:]
        if !showAll, let groupSize, groupSize > QuantityView.widestWholeGroup {
            let head = (QuantityView.shownOfWideGroup + 1) / 2, tail = QuantityView.shownOfWideGroup / 2
            shownRows = []
            for start in stride(from: 0, to: rows.count, by: groupSize) {
                let group = rows[start..<min(start + groupSize, rows.count)]
                shownRows += group.prefix(head)
                leftOutRows[shownRows.count] = group.count - head - tail
                shownRows += group.suffix(tail)
            }
        }
        let width = rows.map(\.values.count).max() ?? 0
        var leftOutColumns: [Int: Int] = [:]
        if !showAll, width > widestWholeHeatMap {
            let head = (shownOfWideHeatMap + 1) / 2, tail = shownOfWideHeatMap / 2
            shownRows = shownRows.map { row in
                Series(label: row.label, values: Array(row.values.prefix(head) + row.values.suffix(tail)))
            }
            leftOutColumns[head] = width - head - tail
        }
        var strip = HeatStrip(title: title, rows: shownRows, scale: .auto, indexLabel: indexLabel, firstIndex: 0)
        if !leftOutRows.isEmpty || !leftOutColumns.isEmpty {
            // the scale of the whole matrix, not of the part shown, as `.auto` would pick it:
            // diverging when it has both signs; so --all draws the same colors
            let finite = rows.flatMap(\.values).filter(\.isFinite)
            let (low, high) = (finite.min() ?? 0, finite.max() ?? 1)
            strip.scale = low < 0 && high > 0 ? .diverging(limit: max(-low, high)) : .sequential(low: low, high: high)
        }
        (strip.leftOutRows, strip.rowNoun, strip.rowElisionHint) = (leftOutRows, "rows", "--all shows them")
        (strip.leftOutColumns, strip.columnNoun, strip.columnElisionHint) = (leftOutColumns, indexLabel + "s", "--all shows them")
        return .heatStrip(strip)
    }

    /// The most weights `show weights --all` draws as heat maps, one character each: some
    /// 5,000 lines at 80 columns (an LSTM of 240 units, whose W_hh is 960 × 240), an LSTM
    /// of 128 units with room to spare. At 1024 units an LSTM's W_hh alone is 4096 × 1024, some seventy thousand
    /// lines that take long to lay out and that no one scrolls through.
    static let largestDrawnHeatMap = 250_000

    /// Refuses `show weights --all` as heat maps for a layer and direction of more than
    /// ``largestDrawnHeatMap`` weights, saying how many and in how many rows, and what shows
    /// them instead; ``weights`` has checked nothing yet, so a layer or direction that does
    /// not exist is left to it.
    static func checkDrawable(network: RecurrentNetwork, model: String, layer: Int, direction: Direction) throws(LabError) {
        let count = numberCount(network: network, layer: layer, direction: direction)
        guard count > largestDrawnHeatMap else { return }
        var parts: [String] = []
        var rows = 0
        for (base, label) in [("weight_ih", "W_ih"), ("weight_hh", "W_hh")] {
            guard let tensor = network.parameter(RecurrentNetwork.parameterName(base, layer: layer, direction: direction)), tensor.shape.count == 2 else { continue }
            parts.append("\(label) \(NumberFormat.count(tensor.shape[0])) × \(NumberFormat.count(tensor.shape[1]))")
            rows += tensor.shape[0]
        }
        if network.hasBiases {
            let gates = network.kind.gateCount
            parts.append("\(2 * gates) bias rows of \(NumberFormat.count(network.hiddenSize))")
            rows += 2 * gates
        }
        throw LabError("show weights --all draws at most \(NumberFormat.count(largestDrawnHeatMap)) weights as heat maps, and layer \(layer) \(direction.name) of \(model) "
            + "has \(NumberFormat.count(count)) in \(NumberFormat.count(rows)) rows (\(parts.joined(separator: ", "))), each wrapped to the screen's width: "
            + "leave out --all to see each gate's first and last rows and columns, or write every weight with `show weights --format csv` "
            + "(or `save FILE.safetensors` for PyTorch)")
    }

    /// How many numbers `show weights --as table --all` prints for one layer and direction:
    /// its W_ih, W_hh and biases.
    static func numberCount(network: RecurrentNetwork, layer: Int, direction: Direction) -> Int {
        ["weight_ih", "weight_hh", "bias_ih", "bias_hh"].reduce(0) { total, base in
            total + (network.parameter(RecurrentNetwork.parameterName(base, layer: layer, direction: direction))?.values.count ?? 0)
        }
    }

    /// Rows of values as a table with a column per index (`column 0`, … or `unit 0`, …),
    /// all in one number format. Unless `showAll`, a matrix wider than
    /// ``QuantityView/widestWholeGroup`` shows its first and last columns and a long one its
    /// first and last rows, as `show` does: a 4096×1024 W_hh would fill some hundred
    /// thousand lines, and took a minute to lay out.
    static func numbers(title: String, rows: [Series], indexLabel: String, showAll: Bool = false) -> Block {
        let width = rows.map(\.values.count).max() ?? 0
        var shown = Array(0..<width)
        if !showAll && width > QuantityView.widestWholeGroup {
            let head = (QuantityView.shownOfWideGroup + 1) / 2, tail = QuantityView.shownOfWideGroup / 2
            shown = Array(0..<head) + Array((width - tail)..<width)
        }
        let tableRows = rows.map { row in
            Table.Row(row.label, cells: shown.map { $0 < row.values.count ? .number(row.values[$0]) : .empty })
        }
        var table = Table(title: title, rowHeader: "row", columns: shown.map { Table.Column("\(indexLabel) \($0)") },
                          rows: tableRows, showAll: showAll, rowNoun: "rows", elisionHint: "--all shows them")
        table.formatSharing = .allColumns  // the weights of one matrix read alike
        if shown.count < width {
            table.leftOutColumns = [shown.count / 2: width - shown.count]
            table.columnNoun = indexLabel + "s"
            table.columnElisionHint = "--all shows them"
        }
        return .table(table)
    }
}
