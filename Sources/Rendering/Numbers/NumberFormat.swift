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

    /// Chooses one style for a column so every cell shows about `significantDigits`
    /// significant digits and decimal points line up.
    ///
    /// Whole numbers stay whole. Columns whose magnitudes are very small (below 1e-3),
    /// very large (1e6 and up) or span more than four decades use scientific notation;
    /// otherwise the smallest nonzero value keeps two significant digits.
    public static func style(for values: [Double], significantDigits: Int = 4) -> Style {
        style(for: Magnitudes(values), significantDigits: significantDigits)
    }

    /// ``style(for:significantDigits:)`` of numbers known only by their ``Magnitudes``.
    static func style(for magnitudes: Magnitudes, significantDigits: Int = 4) -> Style {
        let digits = min(max(significantDigits, 1), 12)
        guard magnitudes.hasFinite else { return .integer }
        let largest = magnitudes.largest
        if magnitudes.allWhole && largest < 1e12 { return .integer }
        let smallest = magnitudes.smallestNonzero.isFinite ? magnitudes.smallestNonzero : largest
        if largest >= 1e6 || largest < 1e-3 || (smallest < 1e-3 && largest / smallest >= 1e4) {
            return .scientific(decimals: digits - 1)
        }
        let integerDigits = Int(floor(log10(largest))) + 1
        // Enough decimals that the smallest nonzero value keeps two significant digits
        // (`14208.0` over `2.8`, not `14208` over `3`, which misleads a ratio read off them).
        let smallestNeeds = Int(1 - floor(log10(smallest)))
        return .fixed(decimals: min(max(digits - integerDigits, smallestNeeds, 0), 10))
    }

    /// All that ``style(for:significantDigits:)`` reads of some numbers: whether any is
    /// finite, whether the finite ones are whole, and their largest and smallest nonzero
    /// magnitudes. Merged, the magnitudes of two sets are those of their union, so a table
    /// whose columns share formats reads every column once, not once per column sharing it.
    struct Magnitudes: Sendable, Equatable {
        /// Whether any of the numbers is finite.
        var hasFinite = false
        /// Whether every finite number is whole.
        var allWhole = true
        /// The largest finite magnitude, 0 when there is none.
        var largest = 0.0
        /// The smallest nonzero finite magnitude, infinity when there is none.
        var smallestNonzero = Double.infinity

        /// The magnitudes of `values`.
        init<Values: Sequence<Double>>(_ values: Values) {
            for value in values where value.isFinite {
                hasFinite = true
                if allWhole && value != value.rounded() { allWhole = false }
                let magnitude = abs(value)
                largest = max(largest, magnitude)
                if magnitude > 0 { smallestNonzero = min(smallestNonzero, magnitude) }
            }
        }

        /// The magnitudes of these numbers and `other`'s together.
        func merged(with other: Magnitudes) -> Magnitudes {
            var union = self
            union.hasFinite = hasFinite || other.hasFinite
            union.allWhole = allWhole && other.allWhole
            union.largest = max(largest, other.largest)
            union.smallestNonzero = min(smallestNonzero, other.smallestNonzero)
            return union
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
