import RNNEngine
import Rendering

/// Turns a quantity's values into blocks: a table with labelled steps, sparklines or heat
/// strips, and the facets that say what was shown.
struct QuantityView {
    /// The most numbers `show --all` prints as a table: 100,000, some thousand screens.
    static let largestShownTable = 100_000

    /// How the values are drawn.
    enum Style: String, CaseIterable {
        /// One row per step, one column per unit.
        case table
        /// One sparkline per unit.
        case spark
        /// One heat strip per unit.
        case heat
    }

    /// The model's name.
    var model: String
    /// What is shown.
    var quantity: Quantity
    /// Its values for one layer and direction.
    var values: QuantityValues
    /// The indices of the columns to show.
    var columns: [Int]
    /// The 0-based steps shown.
    var steps: Range<Int>
    /// The layer shown.
    var layer: Int
    /// The direction shown.
    var direction: Direction
    /// How many layers the model has (for the note on other layers).
    var layerCount: Int
    /// Whether the model reads the input both ways (for the note on the other direction).
    var bidirectional = false
    /// For a gradient quantity, what it is the gradient of (``GradientRecord/facet``).
    var gradientFacet: String? = nil
    /// Units left out, by the column of ``columns`` they come before (a table's
    /// ``Table/leftOutColumns``, the rows left out of sparklines and heat strips).
    var leftOutColumns: [Int: Int] = [:]
    /// How to see the units left out, said under the table, sparklines or heat strips.
    var leftOutHint: String? = nil
    /// Whether heat strips draw each unit on its own range: true or false as asked with
    /// `--range`, nil to decide from the values (``ownRangesByDefault``).
    var eachUnitOnItsOwnRange: Bool? = nil

    /// Units whose largest magnitudes differ by at least this factor are drawn on their own
    /// ranges by default: on one, the smaller would be a flat line (a unit carrying a value
    /// of 0.5 beside one that grew to 30).
    static let ownRangeFactor = 10.0

    /// A group of at most this many units (all of h, or one gate's) is shown whole in a
    /// table; a wider one shows its first and last few (``shownOfWideGroup``), as a table of
    /// many steps shows its first and last: a thousand units would fill a hundred pages.
    static let widestWholeGroup = 32
    /// How many units of a wider group a table shows, the first half and the last half:
    /// with the `…` between them, six units of h fit 80 columns.
    static let shownOfWideGroup = 6

    /// Picks the columns of the units `units` names, one (`3`, or `-1` for the last) or a
    /// range (`0..7`, `-8..-1`), all of them when nil; or an error naming the units.
    static func columns(of values: QuantityValues, quantity: Quantity, units: String?, hiddenSize: Int, model: String) throws(LabError) -> [Int] {
        guard let units else { return Array(values.columns.indices) }
        if quantity.isPerStepScalar {
            throw LabError("\(quantity.name) has one value per step; --unit does not apply to it")
        }
        let width = quantity.isWholeNetwork ? values.columns.count : hiddenSize
        let chosen = try resolvedUnits(units, width: width, model: model)
        return values.columns.indices.filter { index in
            guard let columnUnit = values.columns[index].unit else { return false }
            return chosen.contains(quantity.isWholeNetwork ? columnUnit : columnUnit % hiddenSize)
        }
    }

    /// `columns` with the middle of each group wider than ``widestWholeGroup`` left out, and
    /// how many were left out before which of the columns kept.
    static func elided(_ columns: [Int], of values: QuantityValues) -> (columns: [Int], leftOut: [Int: Int]) {
        var kept: [Int] = [], leftOut: [Int: Int] = [:]
        var start = 0
        while start < columns.count {
            let group = values.columns[columns[start]].group
            var end = start + 1
            while end < columns.count, values.columns[columns[end]].group == group { end += 1 }
            let run = columns[start..<end]
            if run.count <= widestWholeGroup {
                kept += run
            } else {
                let head = (shownOfWideGroup + 1) / 2, tail = shownOfWideGroup / 2
                kept += run.prefix(head)
                leftOut[kept.count] = run.count - head - tail
                kept += run.suffix(tail)
            }
            start = end
        }
        return (kept, leftOut)
    }

    /// The title line: model, quantity, layer and direction, steps.
    var title: String {
        var parts = [model, quantity.title(in: direction)]
        if !quantity.isWholeNetwork { parts.append("layer \(layer) \(direction.name)") }
        parts.append(steps.count == 1 ? "step \(steps.lowerBound + 1)" : "steps \(steps.lowerBound + 1)–\(steps.upperBound)")
        return parts.joined(separator: " · ")
    }

    /// One facet per column shown: `lstm/c/layer0/forward/unit2/t1-5`.
    var facets: [String] {
        columns.map { index in
            let column = values.columns[index]
            var parts = [model, column.quantity]
            if let gradientFacet, quantity.needsGradient { parts.append(gradientFacet) }
            if !quantity.isWholeNetwork { parts += ["layer\(layer)", direction.name] }
            if let unit = column.unit { parts.append("unit\(unit)") }
            parts.append(stepFacet(steps))
            return parts.joined(separator: "/")
        }
    }

    /// The table other programs read: every step shown, labelled by its number; what it read
    /// in columns of their own, for text the character (`input`), for numbers x itself, one
    /// column per feature (`x[0]`, `x[1]`, named as `show x` names them; left out when the
    /// quantity is x); and with `feed --mask` a `mask` column, 1 at a real step and 0 at
    /// padding, as the check value `mask` reads.
    ///
    /// - Parameters:
    ///   - characters: the character each step read, when the input is text.
    ///   - inputs: the input x, one row per step, when it is numbers.
    func exportTable(characters: [String]?, inputs: Matrix?, mask: [Bool]?) -> Table {
        var table = table(labels: .stepsOnly { "\($0 + 1)" }, showAll: true)
        if let mask {
            // after the input and before the values: after x's columns when x is the values
            let place = quantity == .input ? table.columns.count : 0
            table.columns.insert(Table.Column("mask"), at: place)
            for (index, step) in steps.enumerated() {
                table.rows[index].cells.insert(.integer(step < mask.count && !mask[step] ? 0 : 1), at: place)
            }
        }
        if let inputs, quantity != .input {
            table.columns.insert(contentsOf: (0..<inputs.columns).map { Table.Column("x[\($0)]") }, at: 0)
            for (index, step) in steps.enumerated() {
                table.rows[index].cells.insert(contentsOf: inputs.row(step).map { .number($0) }, at: 0)
            }
        }
        if let characters {
            table.columns.insert(Table.Column("input"), at: 0)
            for (index, step) in steps.enumerated() { table.rows[index].cells.insert(.text(characters[step]), at: 0) }
        }
        return table
    }

    /// The table of the shown values, one row per step.
    func table(labels: StepLabels, showAll: Bool) -> Table {
        let tableColumns = columns.map { Table.Column(values.columns[$0].name, group: values.columns[$0].group) }
        let rows = steps.map { step in
            let absent = values.absentSteps.contains(step)
            return Table.Row(labels(step), cells: columns.map { absent ? .absent : .number(values.matrix[step, $0]) })
        }
        var table = Table(title: title, rowHeader: labels.header, columns: tableColumns, rows: rows, showAll: showAll,
                          rowNoun: "steps", elisionHint: "--all shows them", shading: shading)
        table.formatSharing = .allColumns  // units of one quantity: h[0] and h[1] read alike
        table.leftOutColumns = leftOutColumns
        table.columnNoun = "units"
        table.columnElisionHint = leftOutHint
        return table
    }

    /// How the table (and a heat strip) is tinted: gates from 0 to 1, states around 0,
    /// saturating at ±1 or, for values beyond (a cell state, a ReLU's h), at the largest
    /// shown. The input is data, not a bounded activation, so its range is the data's: with
    /// no negative value (one-hot characters) from 0 to its largest, else around 0 to its
    /// largest magnitude.
    var shading: Table.Shading {
        let shown = columns.flatMap { column in steps.filter { !values.absentSteps.contains($0) }.map { values.matrix[$0, column] } }
            .filter(\.isFinite)
        switch quantity {
        case .gate(let gate) where gate != .cellCandidate && gate != .newGate: return .sequential(low: 0, high: 1)
        case .input:
            let largest = shown.map(abs).max() ?? 0
            guard largest > 0 else { return .sequential(low: 0, high: 1) }  // all zero: the least a one-hot step holds
            return shown.contains { $0 < 0 } ? .diverging(limit: largest) : .sequential(low: 0, high: largest)
        case .hidden, .cell, .gate, .gates, .output:
            return .diverging(limit: shown.map(abs).reduce(1, max))
        default: return .none
        }
    }

    /// Whether heat strips of `series` draw each unit on its own range unless asked: when
    /// their largest magnitudes differ at least ``ownRangeFactor``-fold, on a diverging
    /// `scale` (a state) or on a range that is the data's own (`rangeIsTheData`: the input's
    /// 0 to its largest), not on a gate's 0 to 1.
    static func ownRangesByDefault(_ series: [Series], scale: HeatStrip.Scale, rangeIsTheData: Bool = false) -> Bool {
        guard series.count > 1 else { return false }
        switch scale {
        case .diverging: break
        case .sequential: guard rangeIsTheData else { return false }
        default: return false
        }
        let largest = series.map { $0.values.filter(\.isFinite).map(abs).max() ?? 0 }.filter { $0 > 0 }
        guard let low = largest.min(), let high = largest.max() else { return false }
        return high >= Self.ownRangeFactor * low
    }

    /// The blocks in the chosen style.
    func blocks(style: Style, labels: StepLabels, showAll: Bool) -> [Block] {
        // x at padding was fed but never read: a gap, as the gates there, where a table lists the numbers fed
        let absent = quantity == .input
            ? Set(steps.enumerated().filter { values.paddingSteps.contains($0.element) }.map(\.offset))
            : values.absentPositions(in: steps)
        let series = columns.map { Series(label: values.columns[$0].name, values: values.column($0, steps: steps), absent: absent) }
        // norms span decades and are never negative; dh and dc are signed, so `.auto` (linear
        // when any value is negative)
        let logScale = [.gradientNorm, .cellGradientNorm, .jacobian].contains(quantity)
        var blocks: [Block]
        switch style {
        case .table:
            blocks = [.table(table(labels: labels, showAll: showAll))]
        case .spark:
            var group = SparklineGroup(title: title, series: series, scale: logScale ? .log : .auto,
                                       sharedRange: !logScale, firstIndex: steps.lowerBound + 1)
            (group.leftOutRows, group.rowNoun, group.rowElisionHint) = (leftOutColumns, "units", leftOutHint)
            blocks = [.sparklines(group)]
        case .heat:
            let scale: HeatStrip.Scale
            switch shading {
            case .sequential(let low, let high): scale = .sequential(low: low, high: high)
            case .diverging(let limit): scale = .diverging(limit: limit)
            default: scale = .auto
            }
            var strip = HeatStrip(title: title, rows: series, scale: scale, firstIndex: steps.lowerBound + 1)
            (strip.leftOutRows, strip.rowNoun, strip.rowElisionHint) = (leftOutColumns, "units", leftOutHint)
            let byDefault = eachUnitOnItsOwnRange == nil && Self.ownRangesByDefault(series, scale: scale, rangeIsTheData: quantity == .input)
            strip.eachRowOnItsOwnRange = eachUnitOnItsOwnRange ?? byDefault
            blocks = [.heatStrip(strip)]
            if byDefault {
                let rows = quantity == .input ? "input's features" : "units"
                blocks.append(.note("the \(rows)' largest values differ \(Int(Self.ownRangeFactor))-fold or more, so each is drawn on its own range; --range shared draws them on one"))
            }
        }
        if let note = paddingNote(style: style) { blocks.append(.note(note)) }
        if !quantity.isWholeNetwork, let note = RecurrentNetwork.layerNote(layer: layer, layerCount: layerCount, direction: direction,
                                                                                            bidirectional: bidirectional) {
            blocks.append(note)
        }
        return blocks
    }
}

extension QuantityView {
    /// What marks the shown padding steps, where the quantity has no value, and why; nil when
    /// none is shown.
    func paddingNote(style: Style) -> String? {
        if quantity == .input { return Self.inputPaddingNote(steps.filter { values.paddingSteps.contains($0) }, style: style) }
        return Self.paddingNote(steps.filter { values.absentSteps.contains($0) }, quantity: quantity, style: style)
    }

    /// What marks the padding steps `padding` (0-based) of `show x` in a view of `style`:
    /// the cell does not read x there, so a table lists the numbers fed beside `pad` in the
    /// step column, and sparklines and heat strips leave them out; nil when there are none.
    static func inputPaddingNote(_ padding: [Int], style: Style) -> String? {
        guard !padding.isEmpty else { return nil }
        let place = (padding.count == 1 ? "step " : "steps ") + stepList(padding)
        let mark = switch style {
        case .table: "pad"
        case .spark: padding.count == 1 ? "the gap" : "the gaps"
        case .heat: padding.count == 1 ? "the blank cell" : "the blank cells"
        }
        let shown = style == .table ? "the numbers there are what was fed" : "`show x --as table` lists the numbers fed there"
        return "\(mark) at \(place): padding, x the cell does not read (\(shown)); the state passes through unchanged"
    }

    /// What marks the padding steps `padding` (0-based) in a view of `style`, where
    /// `quantity` has no value, and why: `— at steps 4–5: padding, where no gates are
    /// computed; …`; nil when there are none.
    static func paddingNote(_ padding: [Int], quantity: Quantity, style: Style) -> String? {
        guard !padding.isEmpty else { return nil }
        let mark = switch style {
        case .table: "—"
        case .spark: padding.count == 1 ? "the gap" : "the gaps"
        case .heat: padding.count == 1 ? "the blank cell" : "the blank cells"
        }
        let what = quantity == .preactivations ? "pre-activations" : "gates"
        let place = (padding.count == 1 ? "step " : "steps ") + stepList(padding)
        return "\(mark) at \(place): padding, where no \(what) are computed; the state passes through unchanged, "
            + "and checks leave these steps out"
    }
}

/// 0-based steps as a learner counts them, runs joined: `[1, 3, 4]` gives `2, 4–5`.
func stepList(_ steps: [Int]) -> String {
    var runs: [(first: Int, last: Int)] = []
    for step in steps.sorted() {
        if let last = runs.last, last.last + 1 == step { runs[runs.count - 1].last = step } else { runs.append((step, step)) }
    }
    return runs.map { $0.first == $0.last ? "\($0.first + 1)" : "\($0.first + 1)–\($0.last + 1)" }.joined(separator: ", ")
}

/// `--unit N` or `--unit A..B` among `width` units, each counted from 0, or from the end
/// when negative (-1 is the last), as `--step` counts steps.
func resolvedUnits(_ text: String, width: Int, model: String) throws(LabError) -> ClosedRange<Int> {
    let parts = splitRange(text)
    guard parts.count <= 2, let first = Int(parts[0]), let last = Int(parts.count == 2 ? parts[1] : parts[0]) else {
        throw LabError("--unit must be a unit such as 3 or a range such as 0..7, got '\(LabError.shortened(text))'")
    }
    let from = try resolvedUnit(first, width: width, model: model)
    let to = try resolvedUnit(last, width: width, model: model)
    guard from <= to else {
        throw LabError("--unit \(text) runs backwards: write the lower unit first, \(parts[1])..\(parts[0])")
    }
    return from...to
}

/// `--unit N` among `width` units: counted from 0, or from the end when negative (-1 is the
/// last), as `--step` counts steps.
func resolvedUnit(_ unit: Int, width: Int, model: String) throws(LabError) -> Int {
    let resolved = unit < 0 ? width + unit : unit
    guard resolved >= 0, resolved < width else {
        throw LabError("--unit \(unit) is out of range: \(model) has units 0..\(width - 1), or -1..-\(width) from the end")
    }
    return resolved
}
