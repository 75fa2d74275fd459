#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Horizontal bar charts.
extension Renderer {
    /// A bar chart laid out to the width: `label  ████▌  value`.
    ///
    /// Bars grow from a zero line; negative values grow to its left. On a log scale bars
    /// start at a round decade below the smallest positive value (which still gets at least
    /// one decade of bar), the note says where and how long a decade is, and values that
    /// are not positive get no bar.
    func barLines(_ chart: BarChart) -> [String] {
        var lines: [String] = []
        if let title = chart.title { lines.append(titleLine(title)) }
        guard !chart.bars.isEmpty else {
            lines.append(paint("(no bars)", ANSI.dim))
            return lines
        }
        let labels = chart.bars.map { fitLabel($0.label, max(4, width / 4)) }
        let labelWidth = labels.map(\.displayWidth).max() ?? 0
        let unit = chart.unit.isEmpty ? "" : " " + clean(chart.unit)
        var valueStyle = NumberFormat.style(for: chart.bars.map(\.value), significantDigits: 3)
        if chart.isCount, valueStyle == .integer { valueStyle = .count }
        let valueTexts = chart.bars.map { NumberFormat.format($0.value, style: valueStyle) }.map {
            ($0 + unit).truncated(toWidth: max(9, width / 3), marker: glyph("…", "~"))
        }
        let valueWidth = valueTexts.map(\.displayWidth).max() ?? 0
        let room = max(1, width - labelWidth - 2 - 2 - valueWidth)
        let values = chart.bars.map(\.value)
        let finite = values.filter(\.isFinite)
        let logarithmic = chart.logScale
        let positives = finite.filter { $0 > 0 }
        // bars start at a round decade at least one below the smallest value, named in the note
        let logLow = (positives.min().map { floor(log10($0)) } ?? 0) - 1
        let logHigh = positives.max().map { log10($0) } ?? 0
        let largest = logarithmic ? 0 : max(finite.max() ?? 0, 0)
        let mostNegative = logarithmic ? 0 : max(-(finite.min() ?? 0), 0)
        let total = largest + mostNegative
        let leftRoom = total > 0 && mostNegative > 0 ? Int(rounding: Double(room - 1) * (mostNegative / total), in: 0...max(0, room - 1)) : 0
        let rightRoom = max(0, room - leftRoom - (mostNegative > 0 ? 1 : 0))
        var skipped = false
        for (index, value) in values.enumerated() {
            var left = ""
            var right = ""
            if value.isFinite {
                if logarithmic {
                    if value > 0 {
                        let span = logHigh - logLow
                        right = barGlyphs(span > 0 ? Double(rightRoom) * ((log10(value) - logLow) / span) : Double(rightRoom),
                                          limit: rightRoom)
                    } else {
                        skipped = true
                    }
                } else if value >= 0 {
                    right = barGlyphs(largest > 0 ? Double(rightRoom) * (value / largest) : 0, limit: rightRoom)
                } else {
                    let length = Int(rounding: Double(leftRoom) * (-value / mostNegative), in: 0...leftRoom)
                    left = String(repeating: glyph("█", "#"), count: length)
                }
            }
            var line = labels[index].padded(to: labelWidth) + "  "
            if mostNegative > 0 {
                line += String(repeating: " ", count: leftRoom - left.displayWidth) + paint(left, ANSI.red)
                line += paint(glyph("│", "|"), ANSI.dim)
            }
            line += paint(right, ANSI.cyan) + String(repeating: " ", count: max(0, rightRoom - right.displayWidth))
            line += "  " + valueTexts[index].leftPadded(to: valueWidth)
            lines.append(line)
        }
        if logarithmic || skipped {
            var note = "log scale"
            if logarithmic, !positives.isEmpty, logHigh > logLow {
                let cellsPerDecade = Double(rightRoom) / (logHigh - logLow)
                note += ": bars start at 1e\(Int(logLow)), " + (cellsPerDecade >= 1
                    ? "each factor of 10 is \(NumberFormat.single(cellsPerDecade, significantDigits: 2)) cells"
                    : "each cell is \(NumberFormat.single(1 / cellsPerDecade, significantDigits: 2)) factors of 10")
            }
            if skipped { note += "; values " + glyph("≤", "<=") + " 0 have no bar" }
            lines += wrapNote(note, indent: labelWidth + 2)
        }
        return lines
    }

    /// A dim note wrapped to the width under an indent (smaller when the width is tight).
    func wrapNote(_ note: String, indent: Int) -> [String] {
        let words = note.split(separator: " ").map {
            StyledWord(text: String($0), width: String($0).displayWidth, plain: String($0))
        }
        let prefix = String(repeating: " ", count: min(indent, width / 3))
        return wrap(words: words, firstPrefix: prefix, restPrefix: prefix).map { paint($0, ANSI.dim) }
    }

    /// A bar `length` cells long, in eighths of a cell with Unicode, whole `#` without.
    func barGlyphs(_ length: Double, limit: Int) -> String {
        let clamped = max(0, length)
        guard caps.unicode else { return String(repeating: "#", count: Int(rounding: clamped, in: 0...limit)) }
        let eighths = Int(rounding: clamped * 8, in: 0...(limit * 8))
        let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
    }
}
