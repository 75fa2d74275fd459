/// One word of a command line after quotes and escapes are resolved.
public struct Token: Sendable, Equatable {
    /// The word's text.
    public var text: String
    /// Whether it began with a quote: a quoted `"--x"` is a value, never an option.
    public var startsQuoted: Bool

    /// Creates a token.
    public init(_ text: String, startsQuoted: Bool = false) {
        self.text = text
        self.startsQuoted = startsQuoted
    }
}

/// Splits a command line into words, as a shell would, in a simpler way.
///
/// - Words are separated by spaces or tabs.
/// - `"..."` keeps spaces; inside it `\"`, `\\`, `\n` and `\t` are escapes.
/// - `'...'` keeps spaces; inside it only `\'` and `\\` are escapes.
/// - Outside quotes a backslash keeps the next character as is (`a\ b` is one word).
/// - Quoted and unquoted parts next to each other join into one word (`--name="a b"`).
/// - An unquoted `#` at the start of a word begins a comment to the end of the line.
public enum Tokenizer {
    /// The result of scanning a line that may end inside a word, as when completing.
    public struct Scan: Sendable, Equatable {
        /// The finished words.
        public var tokens: [Token]
        /// The word under construction at the end of the line, if any.
        public var partial: Token?
        /// The quote character left open at the end, if any.
        public var openQuote: Character?
        /// The 1-based column of the quote left open, if any.
        public var openQuoteColumn: Int?
    }

    /// The most words a line may have (untrusted input).
    public static let maximumTokens = 10_000

    /// Splits a complete line; fails on an unterminated quote or a control character (a
    /// stray Ctrl key or escape code would otherwise reach a name unseen: `show ^Gh` would
    /// say that `h` is unknown).
    public static func tokenize(_ line: String) throws(LabError) -> [Token] {
        if let (column, scalar) = line.unicodeScalars.enumerated().first(where: { isStray($0.element) }) {
            let code = String(scalar.value, radix: 16, uppercase: true)
            throw LabError("the line holds a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code)) at column \(column + 1); type it again without it")
        }
        let scan = scan(line)
        if let quote = scan.openQuote {
            throw LabError("unterminated \(quote) quote: add a closing \(quote)")
        }
        let tokens = scan.tokens + (scan.partial.map { [$0] } ?? [])
        if tokens.count > maximumTokens {
            throw LabError("too many words on one line (\(tokens.count), at most \(maximumTokens))")
        }
        return tokens
    }

    /// A control character other than the tab, newline and carriage return that separate words.
    static func isStray(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control && !["\t", "\n", "\r"].contains(scalar)
    }

    /// Scans a line that may stop in the middle of a word or a quote.
    public static func scan(_ line: String) -> Scan {
        var tokens: [Token] = []
        var current = ""
        var inWord = false
        var startsQuoted = false
        var quote: Character?
        var quoteColumn: Int?
        var column = 0  // of the character just read
        var characters = line.makeIterator()
        func next() -> Character? {
            let character = characters.next()
            if character != nil { column += 1 }
            return character
        }

        func finishWord() {
            if inWord { tokens.append(Token(current, startsQuoted: startsQuoted)) }
            current = ""
            inWord = false
            startsQuoted = false
        }

        while let character = next() {
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" {
                    guard let escaped = next() else { current.append("\\"); break }
                    current.append(unescape(escaped, inside: open))
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case " ", "\t", "\n", "\r":
                finishWord()
            case "\"", "'":
                if !inWord { startsQuoted = true }
                inWord = true
                quote = character
                quoteColumn = column
            case "\\":
                inWord = true
                if let escaped = next() { current.append(escaped) }
            case "#" where !inWord:
                finishWord()
                return Scan(tokens: tokens, partial: nil, openQuote: nil)
            default:
                inWord = true
                current.append(character)
            }
        }
        let partial = inWord ? Token(current, startsQuoted: startsQuoted) : nil
        return Scan(tokens: tokens, partial: partial, openQuote: quote, openQuoteColumn: quote == nil ? nil : quoteColumn)
    }

    private static func unescape(_ character: Character, inside quote: Character) -> String {
        if character == quote || character == "\\" { return String(character) }
        if quote == "\"" {
            switch character {
            case "n": return "\n"
            case "t": return "\t"
            default: break
            }
        }
        return "\\" + String(character)
    }

    /// Whether a word reads as a number (`-1`, `-0.5`, `.5`, `1e-3`) rather than an option.
    public static func isNumber(_ text: String) -> Bool {
        Double(text) != nil
    }
}
