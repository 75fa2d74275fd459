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
    /// (`0:00 lef`). What still does not fit is cut after its last whole word that does,
    /// and ends in `…` (or, without a space to cut at, cut where the line ends).
    static func fitted(_ parts: [String], dropOrder: [Int], width: Int) -> String {
        fitted(parts, shortenings: dropOrder.map { .leaveOut($0) }, width: width)
    }

    /// One way ``fitted(_:shortenings:width:)`` makes a line shorter.
    enum Shortening {
        /// Leave out the part at this index.
        case leaveOut(Int)
        /// Write the part at this index in a shorter form (`median 0.4321` for `median loss 0.4321`).
        case replace(Int, with: String)
    }

    /// `parts` joined by two spaces within ``lineLimit(width:)``, made shorter one step of
    /// `shortenings` at a time while the line is too long, then cut as ``fitted(_:dropOrder:width:)`` cuts.
    static func fitted(_ parts: [String], shortenings: [Shortening], width: Int) -> String {
        let limit = lineLimit(width: width)
        var parts = parts
        var kept = Array(parts.indices)
        func line() -> String { kept.map { parts[$0] }.filter { !$0.isEmpty }.joined(separator: "  ") }
        var remaining = shortenings[...]
        while line().count > limit, let step = remaining.popFirst() {
            switch step {
            case .leaveOut(let index): kept.removeAll { $0 == index }
            case .replace(let index, let text): parts[index] = text
            }
        }
        let text = line()
        guard text.count > limit else { return text }
        // `lstm  step 3/300  …`, not `lstm  step 3/300  medi…` or a number cut short
        let head = text.prefix(limit - 2)
        guard let space = head.lastIndex(of: " ") else { return String(text.prefix(limit - 1)) + "…" }
        var words = String(head[..<space])
        while words.hasSuffix(" ") { words.removeLast() }
        return words + "  …"
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
        var exponent = Int(floor(log10(magnitude)))
        var mantissa = (value / pow(10, Double(exponent)) * 10).rounded() / 10
        if abs(mantissa) >= 10 { (mantissa, exponent) = (mantissa / 10, exponent + 1) }  // 9.96e+23 is 1.0e+24, not 10.0e+23
        // 0.00099996 rounds up to 1.0e-03, which is written as 0.001 is: 0.001000, not 1.0e-03
        if exponent == -3 { return formatted(value, decimals: 6) }
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

/// The loss of the last steps as a learner reads it, "the loss now": the median of the last
/// ``window`` steps' losses (of all of them while there are fewer).
///
/// A median, not a mean or an exponential average: one step whose loss is a thousand times
/// the others (the first step of a model that explodes, say) moves it by one place in the
/// order, where an average would carry it for hundreds of steps. An exponential average with
/// decay 0.95 still gave step 1's loss of 465337 a weight of 0.05·0.95¹⁹⁹ / (1 − 0.95²⁰⁰)
/// ≈ 1.9e-6 at step 200, adding 0.86 to losses of about 0.7. A loss that is not finite sorts
/// above every finite one, so a run whose losses all became NaN or infinite says so.
struct SmoothedLoss: Sendable {
    /// How many of the latest losses the median is taken over.
    static let window = 20
    /// What every progress line calls ``value``: `median loss 0.6480`, beside a `loss 0.7568`
    /// that is always the one step's own.
    static let label = "median loss"
    /// What a summary, a table or a plot calls it, where there is room to say over what.
    static let fullLabel = "median of last \(window) steps"

    /// The latest losses, at most ``window``, the oldest first.
    private var latest: [Double] = []

    /// Creates an empty median.
    init() {}

    /// The median of `losses` so far: only their last ``window`` count.
    init<Losses: BidirectionalCollection<Double>>(of losses: Losses) {
        latest = Array(losses.suffix(Self.window))
    }

    /// Adds a loss.
    mutating func add(_ loss: Double) {
        if latest.count == Self.window { latest.removeFirst() }
        latest.append(loss)
    }

    /// The median of the latest losses (NaN before the first loss): the middle one of an odd
    /// count, the mean of the two middle ones of an even count.
    var value: Double {
        guard !latest.isEmpty else { return .nan }
        // NaN last, after +inf: compared with <, it would leave the order undefined
        let sorted = latest.sorted { $0 < $1 || (!$0.isNaN && $1.isNaN) }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
