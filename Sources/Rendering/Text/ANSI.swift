/// The few ANSI escape sequences the renderer writes.
enum ANSI {
    static let reset = "\u{1B}[0m"
    static let bold = "\u{1B}[1m"
    static let dim = "\u{1B}[2m"
    static let italic = "\u{1B}[3m"
    static let red = "\u{1B}[31m"
    static let green = "\u{1B}[32m"
    static let yellow = "\u{1B}[33m"
    static let blue = "\u{1B}[34m"
    static let magenta = "\u{1B}[35m"
    static let cyan = "\u{1B}[36m"

    /// A foreground color from the 256-color palette.
    static func foreground256(_ index: Int) -> String { "\u{1B}[38;5;\(index)m" }

    /// A background color from the 256-color palette.
    static func background256(_ index: Int) -> String { "\u{1B}[48;5;\(index)m" }

    /// Removes every escape sequence from text.
    static func strip(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if scalar.value >= 0x40 && scalar.value <= 0x7E && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            result.append(scalar)
        }
        return String(result)
    }
}
