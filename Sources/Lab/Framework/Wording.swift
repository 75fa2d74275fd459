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
