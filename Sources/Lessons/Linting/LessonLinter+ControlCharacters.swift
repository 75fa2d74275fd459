/// Control characters in a lesson file: the lab leaves them out of what it shows, so a
/// lesson that holds one shows other text than its author wrote, and a terminal that
/// printed it (`cat`, a pager) would act on it: ESC starts a sequence that recolors the
/// terminal or moves the cursor, a lone carriage return overwrites the line's start.
extension LessonLinter {
    /// One problem per line that holds a control character (but the tab), at the first
    /// one, in the front matter, prose, commands and code alike.
    func lintControlCharacters(in source: Source) -> [Diagnostic] {
        guard source.text.utf8.count <= parser.limits.maximumFileBytes else { return [] }  // the parser reports it
        var diagnostics: [Diagnostic] = []
        // lines as the parser splits them: at LF or CRLF, a CR before the LF left out
        let lines = source.text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, line) in lines.enumerated() {
            let characters = line.hasSuffix("\r") ? line.dropLast() : line[...]
            var found: [(column: Int, scalar: Unicode.Scalar)] = []
            for (offset, character) in characters.enumerated() {
                if let scalar = character.unicodeScalars.first(where: Self.isControl) { found.append((offset + 1, scalar)) }
            }
            guard let first = found.first else { continue }
            let more = found.count > 1 ? " (and \(found.count - 1) more on this line)" : ""
            diagnostics.append(Diagnostic(
                SourceLocation(file: source.path, line: index + 1, column: first.column),
                "a control character, \(Self.describe(first.scalar)), is in the text\(more): the lab leaves it out of what it shows "
                    + "and a terminal acts on it instead of showing it; remove it"))
        }
        return diagnostics
    }

    /// C0 controls but the tab (a line's LF and CRLF are its end, not in it), DEL and C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        default: false
        }
    }

    /// `\x1b (ESC)`, `\r (carriage return)`, `\x07`: the character as an escape, and its name
    /// when it is a common one.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        let escape = "\\x" + (hex.count == 1 ? "0" : "") + hex
        switch scalar.value {
        case 0x00: return escape + " (NUL)"
        case 0x08: return escape + " (backspace)"
        case 0x0D: return "\\r (carriage return)"
        case 0x1B: return escape + " (ESC)"
        case 0x7F: return escape + " (DEL)"
        default: return escape
        }
    }
}
