/// Light inline markup in prose: `**bold**`, `*emphasis*`, `` `code` `` and math-like
/// tokens such as `h_t`, `c_{t-1}` and `10^{-3}`.
enum InlineMarkup {
    /// How a run of text is shown.
    enum Emphasis: Equatable {
        case plain, strong, emphasis, code
    }

    /// A run of text with one emphasis.
    struct Run: Equatable {
        var text: String
        var emphasis: Emphasis
    }

    /// Splits text into runs; markers without a partner stay as literal text.
    static func parse(_ text: String) -> [Run] {
        let chars = Array(text)
        var runs: [Run] = []
        var plain = ""
        var index = 0
        func flush() {
            if !plain.isEmpty { runs.append(Run(text: plain, emphasis: .plain)); plain = "" }
        }
        while index < chars.count {
            let char = chars[index]
            if char == "`", let close = find("`", in: chars, from: index + 1), close > index + 1 {
                flush()
                runs.append(Run(text: String(chars[(index + 1)..<close]), emphasis: .code))
                index = close + 1
                continue
            }
            if char == "*", index + 1 < chars.count, chars[index + 1] == "*",
               let close = findPair(in: chars, from: index + 2), close > index + 2 {
                flush()
                runs.append(Run(text: String(chars[(index + 2)..<close]), emphasis: .strong))
                index = close + 2
                continue
            }
            if char == "*", index + 1 < chars.count, !chars[index + 1].isWhitespace,
               chars[index + 1] != "*", index == 0 || !isWordCharacter(chars[index - 1]),
               let close = findEmphasisEnd(in: chars, from: index + 1) {
                flush()
                runs.append(Run(text: String(chars[(index + 1)..<close]), emphasis: .emphasis))
                index = close + 1
                continue
            }
            plain.append(char)
            index += 1
        }
        flush()
        return runs
    }

    private static func find(_ target: Character, in chars: [Character], from start: Int) -> Int? {
        var index = start
        while index < chars.count {
            if chars[index] == target { return index }
            index += 1
        }
        return nil
    }

    private static func findPair(in chars: [Character], from start: Int) -> Int? {
        var index = start
        while index + 1 < chars.count {
            if chars[index] == "*" && chars[index + 1] == "*" { return index }
            index += 1
        }
        return nil
    }

    private static func findEmphasisEnd(in chars: [Character], from start: Int) -> Int? {
        var index = start + 1
        while index < chars.count {
            if chars[index] == "*" && !chars[index - 1].isWhitespace
                && (index + 1 == chars.count || !isWordCharacter(chars[index + 1])) {
                return index
            }
            index += 1
        }
        return nil
    }

    static func isWordCharacter(_ char: Character) -> Bool {
        char.isLetter || char.isNumber
    }

    /// Math-like tokens made legible.
    ///
    /// With Unicode, `h_t` → `hₜ`, `c_{t-1}` → `cₜ₋₁`, `x^2` → `x²` when every character
    /// has a subscript (superscript) form; a subscript is one character, a run of digits
    /// or a braced group, so names such as `W_hh` and `forget_bias` stay as written. The
    /// symbol before it is at most two characters (`h`, `dh`, `W`): longer words are names
    /// (`ckpt_10`, `run_t.safetensors`) that must read as typed.
    /// Without Unicode, braces become parentheses: `c_{t-1}` → `c_(t-1)`.
    static func math(_ text: String, unicode: Bool) -> String {
        let chars = Array(text)
        var output = ""
        var index = 0
        while index < chars.count {
            let char = chars[index]
            guard char == "_" || char == "^", index > 0, chars[index - 1] == ")" || isSymbol(endingBefore: index, in: chars),
                  let (content, end) = scriptContent(chars, after: index)
            else {
                output.append(char)
                index += 1
                continue
            }
            let braced = chars[index + 1] == "{"
            let table = char == "_" ? subscriptForms : superscriptForms
            if unicode, let converted = convert(content, table) {
                output += converted
            } else if braced {
                output += String(char) + "(" + content + ")"
            } else {
                output += String(char) + content
            }
            index = end
        }
        return output
    }

    /// Whether the word before `marker` is a math symbol: one or two word characters, or
    /// an operator such as `mean` (`mean_t`).
    private static func isSymbol(endingBefore marker: Int, in chars: [Character]) -> Bool {
        var start = marker
        while start > 0, isWordCharacter(chars[start - 1]) { start -= 1 }
        return (1...2).contains(marker - start) || operators.contains(String(chars[start..<marker]))
    }

    /// Words written with a subscript in formulas: `mean_t`, `max_u`.
    private static let operators: Set<String> = ["mean", "sum", "max", "min", "log"]

    /// The content of a script starting after `_`/`^` at `marker`, and where it ends.
    private static func scriptContent(_ chars: [Character], after marker: Int) -> (String, Int)? {
        let start = marker + 1
        guard start < chars.count else { return nil }
        if chars[start] == "{" {
            guard let close = find("}", in: chars, from: start + 1), close > start + 1 else { return nil }
            return (String(chars[(start + 1)..<close]), close + 1)
        }
        var end = start
        // a superscript after the subscript is not part of it: W_hhᵀ is W_hh, transposed
        while end < chars.count && isWordCharacter(chars[end]) && !superscripts.contains(chars[end]) { end += 1 }
        let run = String(chars[start..<end])
        guard !run.isEmpty, end == chars.count || chars[end] != "_" else { return nil }
        if run.count == 1 || run.allSatisfy({ $0.isASCII && $0.isNumber }) { return (run, end) }
        return nil
    }

    /// Characters already written as superscripts (`ᵀ`, `²`), which end a subscript.
    private static let superscripts: Set<Character> = Set(superscriptForms.values).union(["ᵀ"])

    private static func convert(_ content: String, _ table: [Character: Character]) -> String? {
        var result = ""
        for char in content {
            guard let form = table[char] else { return nil }
            result.append(form)
        }
        return result
    }

    private static let subscriptForms: [Character: Character] = {
        var forms: [Character: Character] = ["−": "₋"]
        for (scalar, plain) in ASCIIFallback.subscripts { forms[plain] = Character(scalar) }
        return forms
    }()

    private static let superscriptForms: [Character: Character] = {
        var forms: [Character: Character] = ["−": "⁻"]
        for (scalar, plain) in ASCIIFallback.superscripts { forms[plain] = Character(scalar) }
        return forms
    }()
}
