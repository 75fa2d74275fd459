/// Reads the light markup of lesson prose into blocks and spans the lab can render.
///
/// Paragraphs (lines joined), `- ` / `* ` / `1. ` list items, `###` headings, and inline
/// `**strong**`, `*emphasis*`, `` `code` ``. Math stays as written unless `legibleMath`
/// asks for subscripts: `h_t` → `hₜ`, `c_{t-1}` → `cₜ₋₁`, `W_hh` → `Wₕₕ`.
public enum LessonMarkup {
    /// A block of prose.
    public enum Block: Sendable, Equatable {
        /// A paragraph.
        case paragraph([Span])
        /// A list item; `marker` is `-` or the number with its dot (`1.`).
        case listItem(marker: String, [Span])
        /// A heading inside a step (`###`).
        case heading([Span])
    }

    /// A run of inline text.
    public enum Span: Sendable, Equatable {
        /// Plain text.
        case plain(String)
        /// `**strong**`.
        case strong(String)
        /// `*emphasis*`.
        case emphasis(String)
        /// `` `code` `` (never altered).
        case code(String)
    }

    /// Splits prose into blocks.
    public static func blocks(_ text: String, legibleMath: Bool = false) -> [Block] {
        var blocks: [Block] = []
        var paragraph: [String] = []
        var item: (marker: String, lines: [String])?

        func flush() {
            if let current = item {
                blocks.append(.listItem(marker: current.marker, spans(current.lines.joined(separator: " "), legibleMath: legibleMath)))
                item = nil
            }
            if !paragraph.isEmpty {
                blocks.append(.paragraph(spans(paragraph.joined(separator: " "), legibleMath: legibleMath)))
                paragraph = []
            }
        }

        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmed
            if line.isEmpty {
                flush()
            } else if line.hasPrefix("#") {
                flush()
                blocks.append(.heading(spans(String(line.drop(while: { $0 == "#" })).trimmed, legibleMath: legibleMath)))
            } else if let (marker, rest) = listMarker(line) {
                flush()
                item = (marker, [rest])
            } else if item != nil, raw.first == " " || raw.first == "\t" {
                item?.lines.append(line)
            } else {
                if item != nil { flush() }
                paragraph.append(line)
            }
        }
        flush()
        return blocks
    }

    static func listMarker(_ line: String) -> (String, String)? {
        if line.hasPrefix("- ") || line.hasPrefix("* ") { return ("-", String(line.dropFirst(2)).trimmed) }
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count <= 3, line.dropFirst(digits.count).hasPrefix(". ") {
            return (digits + ".", String(line.dropFirst(digits.count + 2)).trimmed)
        }
        return nil
    }

    /// Splits one line into spans; an unclosed marker is kept as plain text.
    public static func spans(_ text: String, legibleMath: Bool = false) -> [Span] {
        let characters = Array(text)
        var spans: [Span] = []
        var plain = ""
        var index = 0

        func emitPlain() {
            if !plain.isEmpty { spans.append(.plain(legibleMath ? legible(plain) : plain)) }
            plain = ""
        }

        func closing(_ marker: [Character], from start: Int) -> Int? {
            var probe = start
            while probe + marker.count <= characters.count {
                if Array(characters[probe..<probe + marker.count]) == marker { return probe }
                probe += 1
            }
            return nil
        }

        while index < characters.count {
            let c = characters[index]
            if c == "`", let end = closing(["`"], from: index + 1) {
                emitPlain()
                spans.append(.code(String(characters[(index + 1)..<end])))
                index = end + 1
            } else if c == "*", index + 1 < characters.count, characters[index + 1] == "*",
                      let end = closing(["*", "*"], from: index + 2), end > index + 2 {
                emitPlain()
                spans.append(.strong(String(characters[(index + 2)..<end])))
                index = end + 2
            } else if c == "*", index + 1 < characters.count, characters[index + 1] != " ",
                      let end = closing(["*"], from: index + 1), end > index + 1 {
                emitPlain()
                spans.append(.emphasis(String(characters[(index + 1)..<end])))
                index = end + 1
            } else {
                plain.append(c)
                index += 1
            }
        }
        emitPlain()
        return spans
    }

    static let subscripts: [Character: Character] = [
        "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈", "9": "₉",
        "+": "₊", "-": "₋", "−": "₋", "=": "₌", "(": "₍", ")": "₎",
        "a": "ₐ", "e": "ₑ", "h": "ₕ", "i": "ᵢ", "j": "ⱼ", "k": "ₖ", "l": "ₗ", "m": "ₘ", "n": "ₙ",
        "o": "ₒ", "p": "ₚ", "r": "ᵣ", "s": "ₛ", "t": "ₜ", "u": "ᵤ", "v": "ᵥ", "x": "ₓ",
    ]

    /// Writes subscripts of one-letter symbols with Unicode subscript characters, when
    /// every character of the subscript has one: `h_t` → `hₜ`, `c_{t-1}` → `cₜ₋₁`.
    /// Anything else (`b_if`, `forget_gate`) is left as written.
    public static func legible(_ text: String) -> String {
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            let c = characters[index]
            let isSymbol = c.isLetter && (index == 0 || !(characters[index - 1].isLetter || characters[index - 1].isNumber))
            if isSymbol, index + 2 < characters.count, characters[index + 1] == "_" {
                var subscriptText: [Character] = []
                var end = index + 2
                if characters[end] == "{" {
                    if let close = characters[end...].firstIndex(of: "}") {
                        subscriptText = Array(characters[(end + 1)..<close])
                        end = close + 1
                    }
                } else {
                    // a superscript ends the subscript: W_hhᵀ is W_hh transposed
                    while end < characters.count, characters[end].isLetter || characters[end].isNumber,
                          !"ᵀ⁰¹²³⁴⁵⁶⁷⁸⁹".contains(characters[end]) {
                        subscriptText.append(characters[end])
                        end += 1
                    }
                }
                let converted = subscriptText.compactMap { subscripts[$0] }
                if !subscriptText.isEmpty, converted.count == subscriptText.count {
                    result.append(c)
                    result += String(converted)
                    index = end
                    continue
                }
            }
            result.append(c)
            index += 1
        }
        return result
    }
}
