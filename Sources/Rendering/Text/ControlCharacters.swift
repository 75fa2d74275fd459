/// Control characters made visible in text that goes to the terminal outside a block.
extension String {
    /// The text with every control character but the newline and the tab written as an
    /// escape: ESC as `\x1b`, a carriage return as `\r`.
    ///
    /// A message can quote what a file holds (a tensor name from a checkpoint's header, a
    /// character of a training text); printed raw, an escape sequence in it would recolor
    /// the terminal, move the cursor or retitle the window, and a carriage return would
    /// overwrite the start of the line. The renderer drops such characters from blocks; a
    /// line written around it, such as a script's `line 3: ...` error, escapes them so the
    /// reader still sees what the file holds.
    ///
    /// ```swift
    /// "the keys are \u{1B}[31mEVIL".escapingControlCharacters  // the keys are \x1b[31mEVIL
    /// ```
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: Self.isEscaped) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            guard Self.isEscaped(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x0D: result += "\\r"
            default: result += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            }
        }
        return result
    }

    /// C0 controls but the newline and the tab, DEL and C1 controls.
    private static func isEscaped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }
}
