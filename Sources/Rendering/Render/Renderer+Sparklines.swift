#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sparklines: one row of block marks per series, with its minimum and maximum.
extension Renderer {
    /// The eight mark heights, lowest first.
    var sparkLevels: [String] {
        caps.unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ",", "-", "~", "=", "+", "*", "#"]
    }

    /// The marks for values a scale cannot place.
    var nanMark: String { glyph("×", "x") }
    var plusInfinityMark: String { glyph("▲", "^") }
    var minusInfinityMark: String { glyph("▼", "v") }
    var nonPositiveMark: String { glyph("·", ".") }
    /// A table cell with no value (``Table/Cell/absent``); sparklines and heat strips leave
    /// a gap there instead.
    var absentMark: String { glyph("—", "--") }

    /// A sparkline group laid out to the width.
    ///
    /// Each line is `label  marks  min X  max Y`; when the marks would get too short the
    /// minimum and maximum move to a line of their own. A footer names the index range,
    /// the bucketing, the scale and any special marks in use.
    func sparklineLines(_ group: SparklineGroup) -> [String] {
        var lines: [String] = []
        if let title = group.title { lines.append(titleLine(title)) }
        guard !group.series.isEmpty else {
            lines.append(paint("(no series)", ANSI.dim))
            return lines
        }
        let allValues = group.series.flatMap(\.presentValues)
        let logarithmic: Bool
        switch group.scale {
        case .linear: logarithmic = false
        case .log: logarithmic = true
        case .auto: logarithmic = SeriesScale.spansDecades(allValues)
        }
        let labels = group.series.map { fitLabel($0.label, max(4, width / 3)) }
        let labelWidth = labels.map(\.displayWidth).max() ?? 0
        let minimums = group.series.map { extreme($0.presentValues, smallest: true) }
        let maximums = group.series.map { extreme($0.presentValues, smallest: false) }
        // one format for the minima and the maxima together, so a row's two ends read alike
        // (`min -0.1687  max 0.1861`), unless together they would need powers of ten, which a
        // log scale's tiny minima would force on its plain maxima; then each column its own
        let together = NumberFormat.style(for: minimums + maximums, significantDigits: 3)
        let minimumTexts: [String], maximumTexts: [String]
        // a zero too: `min 0.000  max 0.351` under `min 0.500`, as a table's column writes it
        let text = { (value: Double) in NumberFormat.format(value, style: together) }
        if case .scientific = together {
            (minimumTexts, maximumTexts) = (NumberFormat.column(minimums, significantDigits: 3), NumberFormat.column(maximums, significantDigits: 3))
        } else if case .mixed = together {
            // some end is too small for the others' decimals: each is written on its own
            let single = { (value: Double) in value == 0 ? "0" : NumberFormat.single(value, significantDigits: 3) }
            (minimumTexts, maximumTexts) = (minimums.map(single), maximums.map(single))
        } else if (minimums + maximums).contains(where: { Self.significantDigits(in: text($0)) > 4 }) {
            // the decimals a small end needs would give a large one digits no one reads
            // (98921.197 beside 0.012): each end is written on its own
            let single = { (value: Double) in value == 0 ? "0" : NumberFormat.single(value, significantDigits: 3) }
            (minimumTexts, maximumTexts) = (minimums.map(single), maximums.map(single))
        } else {
            (minimumTexts, maximumTexts) = (minimums.map(text), maximums.map(text))
        }
        let minimumWidth = minimumTexts.map(\.displayWidth).max() ?? 0
        let maximumWidth = maximumTexts.map(\.displayWidth).max() ?? 0
        let statsWidth = 4 + minimumWidth + 2 + 4 + maximumWidth
        let longest = group.series.map(\.values.count).max() ?? 0
        let inlineRoom = width - labelWidth - 2 - 2 - statsWidth
        let statsInline = inlineRoom >= min(longest, 24)
        let markRoom = max(1, statsInline ? inlineRoom : width - labelWidth - 2)
        let bucketSize = Bucketing.size(count: longest, cells: markRoom)
        let longestMarks = (longest + bucketSize - 1) / bucketSize
        let shared = SeriesScale(values: allValues, logarithmic: logarithmic)
        var used = Set<String>()
        let gaps = group.leftOutRows.filter { $0.key >= 0 && $0.key <= group.series.count && $0.value > 0 }
        for (index, series) in group.series.enumerated() {
            if gaps[index] != nil { lines.append(paint(ellipsis, ANSI.dim)) }
            let scale = group.sharedRange ? shared : SeriesScale(values: series.presentValues, logarithmic: logarithmic)
            // a bucket with no value at all (padding) is a gap
            let reduced = Bucketing.reduce(series.values, absent: series.absent, size: bucketSize, mean: group.reduction == .mean)
            let marks = mergingRuns(reduced.map { $0.map { sparkMark($0, scale: scale, used: &used) } ?? " " })
            let stats = "min " + minimumTexts[index].leftPadded(to: minimumWidth)
                + "  max " + maximumTexts[index].leftPadded(to: maximumWidth)
            let markCount = (series.values.count + bucketSize - 1) / bucketSize
            let padding = String(repeating: " ", count: max(0, longestMarks - markCount))
            let head = labels[index].padded(to: labelWidth) + "  " + marks
            if statsInline {
                lines.append(head + padding + "  " + paint(stats, ANSI.dim))
            } else {
                lines.append(head)
                let parts = stats.displayWidth <= width ? [stats] : ["min " + minimumTexts[index], "max " + maximumTexts[index]]
                for part in parts {
                    let indent = max(0, min(labelWidth + 2, width - part.displayWidth))
                    lines.append(String(repeating: " ", count: indent) + paint(part, ANSI.dim))
                }
            }
            if group.sharedRange, group.series.count > 1, logarithmic, isFlattened(reduced.compactMap { $0 }, on: shared) {
                // a row within a mark or two of a shared range of many decades says nothing
                // of its shape, though it may change tenfold: it is drawn again on its own range
                let own = SeriesScale(values: series.presentValues, logarithmic: true)
                let ownMarks = mergingRuns(reduced.map { $0.map { sparkMark($0, scale: own, used: &used) } ?? " " })
                let label = (clean(series.label) + " on its own range").truncated(toWidth: width, marker: glyph("…", "~"))
                let line = String(repeating: " ", count: labelWidth + 2) + ownMarks
                if statsInline, labelWidth + 2 + longestMarks + 2 + label.displayWidth <= width {
                    lines.append(line + padding + "  " + paint(label, ANSI.dim))
                } else {
                    lines.append(line)
                    let indent = max(0, min(labelWidth + 2, width - label.displayWidth))
                    lines.append(String(repeating: " ", count: indent) + paint(label, ANSI.dim))
                }
            }
        }
        if gaps[group.series.count] != nil { lines.append(paint(ellipsis, ANSI.dim)) }
        lines += leftOutLines(gaps.sorted { $0.key < $1.key }.map(\.value), noun: group.rowNoun, hint: group.rowElisionHint)
        var notes: [String] = []
        let first = group.firstIndex
        let name = clean(group.indexLabel)
        if longest > 1 {
            notes.append("\(name) \(first)\(glyph("–", "-"))\(first + longest - 1)")
        }
        if bucketSize > 1 {
            let how = group.reduction == .max ? "max" : "mean"
            notes.append("each mark: \(how) of \(bucketSize) \(name)s")
        }
        if logarithmic { notes.append("log scale") }
        if group.series.count > 1 { notes.append(group.sharedRange ? "shared range" : "each row on its own range") }
        // a norm is never negative: its mark off a log scale is a 0, not "≤0"
        let nonPositive = allValues.contains { $0 < 0 } ? glyph("≤0", "<=0") : "0"
        for (mark, meaning) in [(nanMark, "NaN"), (plusInfinityMark, "+Inf"), (minusInfinityMark, "-Inf"),
                                (nonPositiveMark, nonPositive)] where used.contains(mark) {
            notes.append("\(mark) \(meaning)")
        }
        if !notes.isEmpty {
            lines += wrapNote(notes.joined(separator: "; "), indent: labelWidth + 2)
        }
        return lines
    }

    /// Whether a row drawn on a shared log `scale` uses at most two of its levels although
    /// its own values span more than a factor 2.
    func isFlattened(_ values: [Double], on scale: SeriesScale) -> Bool {
        let own = SeriesScale(values: values, logarithmic: true)
        guard own.high - own.low > log10(2) else { return false }
        return Set(values.compactMap { scale.level($0, count: sparkLevels.count) }).count <= 2
    }

    /// How many significant digits a formatted number shows: `98921.197` 8, `0.0062` 2.
    static func significantDigits(in text: String) -> Int {
        text.prefix { $0 != "e" }.filter(\.isNumber).drop { $0 == "0" }.count
    }

    /// The smallest or largest finite value (NaN when there is none).
    func extreme(_ values: [Double], smallest: Bool) -> Double {
        let finite = values.filter(\.isFinite)
        return (smallest ? finite.min() : finite.max()) ?? .nan
    }

    /// The mark for one value, remembering which special marks were used.
    func sparkMark(_ value: Double, scale: SeriesScale, used: inout Set<String>) -> String {
        let special: String?
        if value.isNaN { special = nanMark }
        else if value == .infinity { special = plusInfinityMark }
        else if value == -.infinity { special = minusInfinityMark }
        else if scale.logarithmic && value <= 0 { special = nonPositiveMark }
        else { special = nil }
        if let special {
            used.insert(special)
            return paint(special, special == nonPositiveMark ? ANSI.dim : ANSI.bold + ANSI.red)
        }
        let level = scale.level(value, count: sparkLevels.count) ?? 0
        return paint(sparkLevels[level], ANSI.cyan)
    }
}
