/// One token of a check expression, with its 1-based column.
struct CheckToken: Equatable {
    /// The token kinds.
    enum Kind: Equatable {
        case number(Double)
        case name(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    var column: Int
    /// The text as written (for messages).
    var text: String
}

/// Splits a check expression into tokens.
///
/// Names may hold `-` between letters (`grad-norm`, `next-char`), so subtraction of two
/// names needs spaces: `a - b`.
enum CheckTokenizer {
    /// The symbols, longest first where one begins another (`**` before `*`).
    static let symbols: [String] = [
        "**", "<=", ">=", "==", "!=", "~=", "..", "+-", "^", "√",
        "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",", "=", ".", "%",
        "≤", "≥", "≠", "≈", "±", "×", "·", "−", "π",
    ]
    /// Characters of other notations, and what the check language writes instead.
    static let otherNotations: [Character: String] = [
        "∈": "in", "∧": "and", "&": "and", "∨": "or", "|": "or", "¬": "not", "!": "not",
    ]
    /// Unicode spellings mapped to their ASCII symbol.
    static let canonical: [String: String] = [
        "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~=", "+-": "±", "×": "*", "·": "*", "−": "-", "**": "^",
    ]

    /// The tokens of `text`: numbers (finite ones: `1e999` is refused, as no claim about
    /// infinity is meant), names and symbols, checks' and a learner's answers' alike.
    static func tokenize(_ text: String) throws(CheckSyntaxError) -> [CheckToken] {
        let characters = Array(text)
        var tokens: [CheckToken] = []
        var index = 0
        func isNameStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
        func isNameChar(_ c: Character) -> Bool { isNameStart(c) || (c.isASCII && c.isNumber) }
        while index < characters.count {
            let c = characters[index]
            let column = index + 1
            if c.isWhitespace {
                index += 1
                continue
            }
            if (c.isASCII && c.isNumber) || (c == "." && index + 1 < characters.count
                && characters[index + 1].isASCII && characters[index + 1].isNumber) {
                var end = index
                while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                if end < characters.count, characters[end] == ".",
                   !(end + 1 < characters.count && characters[end + 1] == ".") {
                    end += 1
                    while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                }
                if end < characters.count, characters[end] == "e" || characters[end] == "E" {
                    var probe = end + 1
                    if probe < characters.count, characters[probe] == "+" || characters[probe] == "-" { probe += 1 }
                    if probe < characters.count, characters[probe].isASCII, characters[probe].isNumber {
                        end = probe
                        while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
                    }
                }
                let spelling = String(characters[index..<end])
                guard let value = Double(spelling) else {
                    throw CheckSyntaxError("`\(spelling)` is not a number", column: column)
                }
                guard value.isFinite else {
                    throw CheckSyntaxError("`\(spelling)` is beyond the largest number (about 1.8e308): write a finite number", column: column)
                }
                // a nonzero number written below the smallest one held to full precision: 0 or a subnormal
                let mantissa = spelling.prefix { $0 != "e" && $0 != "E" }
                if abs(value) < Double.leastNormalMagnitude, mantissa.contains(where: { ("1"..."9").contains($0) }) {
                    throw CheckSyntaxError("`\(spelling)` is below the smallest number held to full precision (about 2.2e-308): "
                        + "write a larger one, or compare logarithms", column: column)
                }
                tokens.append(CheckToken(kind: .number(value), column: column, text: spelling))
                index = end
                continue
            }
            if isNameStart(c) {
                var end = index + 1
                while end < characters.count {
                    if isNameChar(characters[end]) {
                        end += 1
                    } else if characters[end] == "-", end + 1 < characters.count,
                              isNameStart(characters[end + 1]), isNameChar(characters[end - 1]) {
                        end += 1
                    } else {
                        break
                    }
                }
                let name = String(characters[index..<end])
                tokens.append(CheckToken(kind: .name(name), column: column, text: name))
                index = end
                continue
            }
            var matched = false
            for symbol in symbols {
                let symbolCharacters = Array(symbol)
                if index + symbolCharacters.count <= characters.count,
                   Array(characters[index..<index + symbolCharacters.count]) == symbolCharacters {
                    let spelling = canonical[symbol] ?? symbol
                    tokens.append(CheckToken(kind: .symbol(spelling), column: column, text: symbol))
                    index += symbolCharacters.count
                    matched = true
                    break
                }
            }
            if !matched {
                let advice = otherNotations[c].map { ": write `\($0)`" } ?? ""
                throw CheckSyntaxError("unexpected character `\(c)`\(advice)", column: column)
            }
        }
        tokens.append(CheckToken(kind: .end, column: characters.count + 1, text: "end of line"))
        return tokens
    }
}
