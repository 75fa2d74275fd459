#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The small pieces of a progress line: a growing sparkline, durations, smoothed losses.
enum ProgressText {
    /// How many marks a full sparkline has.
    static let sparklineMarks = 24

    /// A sparkline of `values` in at most `marks` marks of equal step ranges. For runs of up
    /// to a hundred steps per mark each mark covers a fixed share of `total`, so the line grows
    /// as training goes; longer runs squeeze the history so far into the marks. Log scale
    /// when the values span more than two decades.
    static func sparkline(_ values: [Double], total: Int, marks: Int = sparklineMarks, unicode: Bool) -> String {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty, total > 0 else { return "" }
        let span = total <= 100 * marks ? total : values.count
        let perMark = stepsPerMark(span, marks: marks)
        var buckets: [Double] = []
        var index = 0
        while index < values.count {
            let slice = values[index..<min(values.count, index + perMark)].filter(\.isFinite)
            if !slice.isEmpty { buckets.append(slice.reduce(0, +) / Double(slice.count)) }
            index += perMark
        }
        let low = buckets.min()!, high = buckets.max()!
        let useLog = low > 0 && high / low > 100
        func level(_ value: Double) -> Double {
            let (v, lo, hi) = useLog ? (log10(value), log10(low), log10(high)) : (value, low, high)
            return hi > lo ? (v - lo) / (hi - lo) : 0.5
        }
        let ramp: [Character] = unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ".", "-", "~", "=", "+", "*", "#"]
        return String(buckets.map { ramp[min(ramp.count - 1, Int(level($0) * Double(ramp.count - 1) + 0.5))] })
    }

    /// How many steps each mark of a sparkline over `span` steps covers.
    private static func stepsPerMark(_ span: Int, marks: Int) -> Int {
        max(1, Int((Double(span) / Double(marks)).rounded(.up)))
    }

    /// How many marks ``sparkline(_:total:marks:unicode:)`` draws once all `total` steps are in.
    static func fullSparklineWidth(total: Int, marks: Int = sparklineMarks) -> Int {
        guard total > 0 else { return 0 }
        let perMark = stepsPerMark(total, marks: marks)
        return (total + perMark - 1) / perMark
    }

    /// The most columns a progress line of a screen `width` columns wide uses: two fewer, so
    /// that the `^C` a terminal echoes when Ctrl-C is pressed fits after the line instead of
    /// wrapping its `C` onto a line of its own.
    static func lineLimit(width: Int) -> Int { max(10, width - 2) }

    /// `line` cut to ``lineLimit(width:)``.
    static func fitted(_ line: String, width: Int) -> String {
        String(line.prefix(lineLimit(width: width)))
    }

    /// `parts` joined by two spaces within ``lineLimit(width:)``: while the line is too long,
    /// whole parts are left out in the order of `dropOrder` (indices into `parts`), so that a
    /// narrow screen loses the sparkline before the rate, and never shows half a word
    /// (`0:00 lef`). What still does not fit is cut and ends in `…`.
    static func fitted(_ parts: [String], dropOrder: [Int], width: Int) -> String {
        let limit = lineLimit(width: width)
        var kept = Array(parts.indices)
        func line() -> String { kept.map { parts[$0] }.filter { !$0.isEmpty }.joined(separator: "  ") }
        var remaining = dropOrder[...]
        while line().count > limit, let index = remaining.popFirst() { kept.removeAll { $0 == index } }
        let text = line()
        return text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }

    /// `0:07`, `2:41`, `1:02:03`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let total = Int(seconds.rounded())
        let (hours, minutes, secs) = (total / 3600, (total / 60) % 60, total % 60)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(secs))" : "\(minutes):\(two(secs))"
    }

    /// A loss or rate with four significant digits: `0.6612`, `1.2e-05`, `inf`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e-3 && magnitude < 1e5 {
            let digits = max(0, 3 - Int(floor(log10(magnitude))))
            return formatted(value, decimals: digits)
        }
        let exponent = Int(floor(log10(magnitude)))
        let mantissa = value / pow(10, Double(exponent))
        return formatted(mantissa, decimals: 1) + "e" + (exponent < 0 ? "-" : "+") + (abs(exponent) < 10 ? "0" : "") + String(abs(exponent))
    }

    private static func formatted(_ value: Double, decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        let rounded = (value * scale).rounded() / scale
        var text = String(rounded)
        if text.contains("e") { return String(value) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        if decimals == 0 { return String(parts[0]) }
        text = String(parts[0]) + "." + fraction.padding(toLength: decimals)
        return text
    }
}

extension String {
    /// The string cut or padded with zeros on the right to `length` characters.
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? String(prefix(length)) : self + String(repeating: "0", count: length - count)
    }
}

/// An exponential moving average of the loss, bias-corrected so early values are right.
struct SmoothedLoss: Sendable {
    private var average = 0.0
    private var weight = 0.0
    /// The decay per step (0.95: about the last 20 steps).
    let decay: Double

    /// Creates an empty average.
    init(decay: Double = 0.95) { self.decay = decay }

    /// Adds a loss.
    mutating func add(_ loss: Double) {
        average = decay * average + (1 - decay) * loss
        weight = decay * weight + (1 - decay)
    }

    /// The smoothed value (NaN before the first loss).
    var value: Double { weight > 0 ? average / weight : .nan }
}
