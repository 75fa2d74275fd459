// How the lab reads a number a learner typed, and writes a count.

/// `1 value`, `3 values`: a count with its noun, plural when it is not 1 (nouns that add s).
func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

/// A number as the lab reads one from a learner or a file: decimal notation only (`0.5`,
/// `-3`, `1e-3`, `1_000`), finite and representable, so `0x10`, `inf`, `1e400` and `1e-400`
/// (which would silently become 0) are not numbers.
func decimalNumber(_ text: String) -> Double? {
    let digits = String(text.filter { $0 != "_" })
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
          let value = Double(digits), value.isFinite else { return nil }
    if value == 0, digits.prefix(while: { $0 != "e" && $0 != "E" }).contains(where: { ("1"..."9").contains($0) }) {
        return nil  // underflowed
    }
    return value
}

/// Why ``decimalNumber(_:)`` read no number in `text`, to follow the text quoted: `is out
/// of range …` for `1e400`, whose value is beyond the largest a Float64 holds, `is too
/// close to 0 …` for `1e-400`, which would silently be 0, else `is not a number`.
func whyNotANumber(_ text: String) -> String {
    switch unreadableNumber(text) {
    case .outOfRange: "is out of range (a number is at most about ±1.8e308)"
    case .tooSmall: "is too close to 0 to hold (it would be 0; the smallest nonzero number is about 4.9e-324)"
    case .notANumber: "is not a number"
    }
}

/// ``ValueKind``'s and `set`'s words for a value that is no number: `must be a number,
/// got 'x'`, or `is out of range, got '1e400' (…)` (``whyNotANumber(_:)``).
func numberFault(_ text: String) -> String {
    let quoted = "'\(LabError.shortened(text))'"
    switch unreadableNumber(text) {
    case .outOfRange: return "is out of range, got \(quoted) (a number is at most about ±1.8e308)"
    case .tooSmall: return "is too close to 0 to hold, got \(quoted) (it would be 0; the smallest nonzero number is about 4.9e-324)"
    case .notANumber: return "must be a number, got \(quoted)"
    }
}

/// Why ``decimalNumber(_:)`` read no number.
private enum UnreadableNumber {
    /// Decimal notation whose value is beyond ±Double.greatestFiniteMagnitude: `1e400`.
    case outOfRange
    /// Decimal notation of a nonzero value that rounds to 0: `1e-400`.
    case tooSmall
    /// Anything else: `abc`, `0x10`, `inf`.
    case notANumber
}

/// What is wrong with `text`, which ``decimalNumber(_:)`` did not read.
private func unreadableNumber(_ text: String) -> UnreadableNumber {
    let digits = String(text.filter { $0 != "_" })
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
          let value = Double(digits) else { return .notANumber }
    if value.isInfinite { return .outOfRange }
    return value == 0 && decimalNumber(text) == nil ? .tooSmall : .notANumber
}
