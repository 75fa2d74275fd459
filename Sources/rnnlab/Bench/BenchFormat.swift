/// Number formatting for the bench's table and JSON, without Foundation.
enum BenchFormat {
    /// `value` with exactly `decimals` digits after the point (`-` signs kept, no exponent).
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale), fraction = units % UInt64(scale)
        var digits = String(fraction)
        while digits.count < decimals { digits = "0" + digits }
        let sign = value < 0 && units != 0 ? "-" : ""
        return decimals > 0 ? "\(sign)\(whole).\(digits)" : "\(sign)\(whole)"
    }

    /// A duration given in microseconds, in µs below a millisecond and in ms above.
    static func duration(microseconds: Double) -> String {
        microseconds < 1000
            ? fixed(microseconds, decimals: 1) + " µs"
            : fixed(microseconds / 1000, decimals: 3) + " ms"
    }

    /// `text` padded with spaces on the left to `width` characters.
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `text` padded with spaces on the right to `width` characters.
    static func left(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
