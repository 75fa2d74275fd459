#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns numbers into text: for people (aligned columns, chosen precision) and for
/// programs (the shortest text that reads back as the same `Double`).
public enum NumberFormat {
    /// How a whole column of numbers is written, so that all of its cells agree.
    public enum Style: Sendable, Equatable {
        /// Whole numbers without a decimal point (`160`).
        case integer
        /// A fixed number of decimals (`0.6021`, `-12.30`).
        case fixed(decimals: Int)
        /// Scientific notation with a fixed number of mantissa decimals (`3.214e-12`).
        case scientific(decimals: Int)
        /// A fixed number of decimals, but a nonzero value too small to show two significant
        /// digits in them (below 10^(1 − decimals)) written on its own with `significantDigits`
        /// (``single(_:significantDigits:)``): `0.4300` and `-0.1200` beside `3.000e-07`.
        case mixed(decimals: Int, significantDigits: Int)
        /// Whole numbers with their thousands grouped by commas (`4,416`), for counts such as
        /// a model's parameters; what a program reads back is never written so.
        case count
    }

    /// A count with its thousands grouped by commas: `4416` is `4,416`, `1048576` is
    /// `1,048,576`, `160` stays `160`.
    public static func count<Whole: BinaryInteger>(_ value: Whole) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// The shortest text that reads back as exactly `value` (for CSV and JSON export).
    ///
    /// Finite values use Swift's shortest round-trip form (`0.1`, `1e-05`, `-0.0`); NaN is
    /// `NaN` and infinities are `Infinity` and `-Infinity`, spellings most readers accept.
    public static func shortest(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    /// Appends ``shortest(_:)`` of `value` to `text` without making a string of its own, as
    /// CSV and JSON export do for each of millions of weights.
    public static func appendShortest(_ value: Double, to text: inout String) {
        if value.isNaN {
            text += "NaN"
        } else if value.isInfinite {
            text += value < 0 ? "-Infinity" : "Infinity"
        } else {
            value.write(to: &text)
        }
    }

    /// Chooses one style for a column so every cell shows about `significantDigits`
    /// significant digits and decimal points line up.
    ///
    /// Whole numbers stay whole. Columns whose magnitudes are all very small (below 1e-3) or
    /// reach 1e6 use scientific notation. Otherwise the column has fixed decimals: enough for
    /// the largest value's `significantDigits`, and up to two more (`14208.4` over `2.8`, not
    /// `14208` over `3`, which misleads a ratio read off them) until all but one in a hundred
    /// values keep two significant digits (or, in a column of under a hundred, all but one at
    /// the largest value's decimals). The values still too small for them are written on
    /// their own (``Style/mixed(decimals:significantDigits:)``): `0.4300` and `-0.1200` beside
    /// `3.000e-07`, `98921` beside `0.01200`, not `98921.197`. A column with more of those spans
    /// decades, like gradient norms that vanish:
    /// it is written in scientific notation.
    public static func style(for values: [Double], significantDigits: Int = 4) -> Style {
        style(for: Magnitudes(values), significantDigits: significantDigits)
    }

    /// ``style(for:significantDigits:)`` of numbers known only by their ``Magnitudes``.
    ///
    /// With `leavingOneApart`, a column in which one value alone is too small for the
    /// largest value's decimals keeps them, and that value is written on its own, instead of
    /// taking more decimals for it: so a column of a table reads at its neighbours' precision.
    static func style(for magnitudes: Magnitudes, significantDigits: Int = 4, leavingOneApart: Bool = false) -> Style {
        let digits = min(max(significantDigits, 1), 12)
        guard magnitudes.hasFinite else { return .integer }
        let largest = magnitudes.largest
        if magnitudes.allWhole && largest < 1e12 { return .integer }
        if largest >= 1e6 || largest < 1e-3 {
            return .scientific(decimals: digits - 1)
        }
        let integerDigits = Int(floor(log10(largest))) + 1
        // the decimals that give the largest value `digits` significant digits, and two more
        let forLargest = min(max(digits - integerDigits, 0), 10)
        let most = min(max(digits + 2 - integerDigits, forLargest), 10)
        // A value of decade e (10^e ≤ |v| < 10^(e+1)) keeps two significant digits with
        // 1 − e decimals, so with d decimals those of decades below 1 − d are written apart.
        let apart = { (decimals: Int) in magnitudes.count(belowDecade: 1 - decimals) }
        let allowed = magnitudes.nonzeroCount / 100
        // a short column may leave one value apart, at the decimals of the largest
        let oneApart = apart(forLargest) <= max(allowed, 1) ? forLargest : nil
        let enough = (forLargest...most).first { apart($0) <= allowed }
        let decimals = leavingOneApart ? oneApart ?? enough : enough ?? oneApart
        guard let decimals else { return .scientific(decimals: digits - 1) }
        return apart(decimals) > 0 ? .mixed(decimals: decimals, significantDigits: digits) : .fixed(decimals: decimals)
    }

    /// All that ``style(for:significantDigits:)`` reads of some numbers: how many are finite
    /// and how many of those are not whole, their largest magnitude, and how many nonzero
    /// magnitudes fall in each decade. The counts add up, so a table whose columns share formats
    /// finds those of any run of its columns as the difference of two running totals.
    struct Magnitudes: Sendable, Equatable {
        /// How many of the numbers are finite.
        var finiteCount = 0
        /// How many finite numbers are not whole.
        var fractionalCount = 0
        /// The largest finite magnitude, 0 when there is none.
        var largest = 0.0
        /// How many nonzero finite magnitudes lie in each decade: entry e − ``lowestDecade``
        /// counts those with 10^e ≤ |v| < 10^(e+1); decades beyond the ends count in the end
        /// ones. Empty while there are none.
        var decadeCounts: [Int] = []

        /// The lowest decade told apart, 1e-40; anything smaller counts in it.
        static let lowestDecade = -40
        /// How many decades are told apart: up to 1e23, and anything larger counts in that.
        static let decadeCount = 64

        /// Whether any of the numbers is finite.
        var hasFinite: Bool { finiteCount > 0 }
        /// Whether every finite number is whole.
        var allWhole: Bool { fractionalCount == 0 }
        /// How many of the numbers are finite and nonzero.
        var nonzeroCount: Int { decadeCounts.reduce(0, +) }

        /// The magnitudes of `values`.
        init<Values: Sequence<Double>>(_ values: Values) {
            for value in values where value.isFinite {
                finiteCount += 1
                if value != value.rounded() { fractionalCount += 1 }
                let magnitude = abs(value)
                largest = max(largest, magnitude)
                if magnitude > 0 {
                    if decadeCounts.isEmpty { decadeCounts = Array(repeating: 0, count: Self.decadeCount) }
                    let decade = Int(floor(log10(magnitude))) - Self.lowestDecade
                    decadeCounts[min(max(decade, 0), Self.decadeCount - 1)] += 1
                }
            }
        }

        /// How many nonzero magnitudes lie in the decades below `decade`.
        func count(belowDecade decade: Int) -> Int {
            let end = min(max(decade - Self.lowestDecade, 0), decadeCounts.count)
            return decadeCounts[..<end].reduce(0, +)
        }

        /// The magnitudes of these numbers and `other`'s together.
        func merged(with other: Magnitudes) -> Magnitudes {
            var union = self
            union.finiteCount += other.finiteCount
            union.fractionalCount += other.fractionalCount
            union.largest = max(largest, other.largest)
            if union.decadeCounts.isEmpty { union.decadeCounts = other.decadeCounts }
            else if !other.decadeCounts.isEmpty {
                for index in union.decadeCounts.indices { union.decadeCounts[index] += other.decadeCounts[index] }
            }
            return union
        }

        /// The counts of these numbers without `part`'s, which are among them, and `largest` as
        /// the largest magnitude left (counts cannot tell it).
        func removing(_ part: Magnitudes, largest: Double) -> Magnitudes {
            var rest = self
            rest.finiteCount -= part.finiteCount
            rest.fractionalCount -= part.fractionalCount
            rest.largest = largest
            if !part.decadeCounts.isEmpty {
                for index in rest.decadeCounts.indices { rest.decadeCounts[index] -= part.decadeCounts[index] }
            }
            return rest
        }
    }

    /// Formats a column of numbers in one shared style; pad them to a common width and
    /// right-align, and signs and decimal points line up.
    public static func column(_ values: [Double], significantDigits: Int = 4) -> [String] {
        let style = style(for: values, significantDigits: significantDigits)
        return values.map { format($0, style: style) }
    }

    /// Formats one number on its own with about `significantDigits` significant digits.
    public static func single(_ value: Double, significantDigits: Int = 3) -> String {
        format(value, style: style(for: [value], significantDigits: significantDigits))
    }

    /// Formats one number in the given style. NaN is `NaN`, infinities `+Inf` and `-Inf`.
    public static func format(_ value: Double, style: Style) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        switch style {
        case .integer:
            if abs(value) < 9e15 {
                let whole = Int64(value.rounded())
                return whole == 0 ? "0" : String(whole)
            }
            return scientific(value, decimals: 3)
        case .fixed(let decimals):
            return fixed(value, decimals: decimals)
        case .scientific(let decimals):
            return scientific(value, decimals: decimals)
        case .count:
            if abs(value) < 9e15 { return count(Int64(value.rounded())) }
            return scientific(value, decimals: 3)
        case .mixed(let decimals, let significantDigits):
            if value != 0 && abs(value) < powerOfTen(1 - decimals) {
                return single(value, significantDigits: significantDigits)
            }
            return fixed(value, decimals: decimals)
        }
    }

    /// `value` with exactly `decimals` digits after the point; negative zero loses its sign.
    static func fixed(_ value: Double, decimals: Int) -> String {
        let scaled = (abs(value) * powerOfTen(decimals)).rounded()
        if scaled >= 9e15 { return scientific(value, decimals: max(decimals, 1)) }
        let whole = UInt64(scaled)
        var digits = String(whole)
        if decimals > 0 {
            if digits.count <= decimals {
                digits = String(repeating: "0", count: decimals + 1 - digits.count) + digits
            }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -decimals))
        }
        return (value < 0 && whole != 0 ? "-" : "") + digits
    }

    /// `value` as `d.ddde±XX`, with at least two exponent digits so columns align.
    static func scientific(_ value: Double, decimals: Int) -> String {
        let magnitude = abs(value)
        if magnitude == 0 {
            return (decimals > 0 ? "0." + String(repeating: "0", count: decimals) : "0") + "e+00"
        }
        var exponent = Int(floor(log10(magnitude)))
        var scaled = (magnitude / powerOfTen(exponent) * powerOfTen(decimals)).rounded()
        if scaled >= powerOfTen(decimals + 1) {
            exponent += 1
            scaled = (magnitude / powerOfTen(exponent) * powerOfTen(decimals)).rounded()
        } else if scaled < powerOfTen(decimals) {
            exponent -= 1
            scaled = (magnitude / powerOfTen(exponent) * powerOfTen(decimals)).rounded()
        }
        let mantissa = fixed(scaled / powerOfTen(decimals), decimals: decimals)
        let exponentDigits = String(abs(exponent))
        let paddedExponent = exponentDigits.count < 2 ? "0" + exponentDigits : exponentDigits
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + paddedExponent
    }

    /// 10 raised to an integer power, exact for the powers a Double holds exactly.
    static func powerOfTen(_ exponent: Int) -> Double {
        if exponent >= 0 && exponent <= 22 {
            var result = 1.0
            for _ in 0..<exponent { result *= 10 }
            return result
        }
        return pow(10, Double(exponent))
    }
}
