/// What pressing Tab does with a list of candidates, as a shell does it.
///
/// One candidate: complete it and add a space. Several sharing a prefix longer than the
/// word: complete to that prefix. Several and nothing more to add: list them.
public enum CompletionStep: Sendable, Equatable {
    /// Nothing matches: beep.
    case nothing
    /// Insert this text at the cursor.
    case insert(String)
    /// Delete the word before the cursor (this many characters) and insert this text: an
    /// unquoted word that completes to a quoted name (`gru` → `"gru two.safetensors"`).
    case replace(deleting: Int, with: String)
    /// Show these candidates below the line and redraw it.
    case list([String])

    /// The word being completed, as typed: the text after the last space before the cursor
    /// that is neither inside quotes nor escaped, so a quoted word keeps its opening quote
    /// (`load "my fi` → `"my fi`). Quotes and backslashes are read as the lab's tokenizer
    /// reads them.
    public static func currentWord(_ textBeforeCursor: String) -> String {
        let text = Array(textBeforeCursor)
        var start = 0
        var quote: Character?
        var index = 0
        while index < text.count {
            let character = text[index]
            if character == "\\" {
                index += 2  // the next character is taken as it is, inside quotes or not
                continue
            }
            if let open = quote {
                if character == open { quote = nil }
            } else if character == " " || character == "\t" {
                start = index + 1
            } else if character == "\"" || character == "'" {
                quote = character
            }
            index += 1
        }
        return String(text[min(start, text.count)...])
    }

    /// Decides what Tab does for `word` given candidates that replace it.
    ///
    /// An unquoted word some of whose candidates come quoted (names with a space) is
    /// completed quoted: every candidate it starts is taken in double quotes, and the word
    /// is replaced by their common part.
    public static func decide(word: String, candidates: [String]) -> CompletionStep {
        if !word.hasPrefix("\""), !word.hasPrefix("'"), candidates.contains(where: { $0.hasPrefix("\"" + word) }) {
            let quoted = candidates.compactMap { candidate -> String? in
                if candidate.hasPrefix("\"" + word) { return candidate }
                guard candidate.hasPrefix(word) else { return nil }
                return "\"" + candidate + (candidate.hasSuffix("/") ? "" : "\"")
            }
            if quoted.count == 1 {
                return .replace(deleting: word.count, with: quoted[0] + (quoted[0].hasSuffix("/") ? "" : " "))
            }
            let prefix = commonPrefix(quoted)
            return prefix.count > word.count + 1 ? .replace(deleting: word.count, with: prefix) : .list(quoted)
        }
        let matching = candidates.filter { $0.hasPrefix(word) }
        guard let first = matching.first else { return .nothing }
        if matching.count == 1 {
            let rest = String(first.dropFirst(word.count))
            let ending = first.hasSuffix("/") || first.hasSuffix("=") ? "" : " "
            return .insert(rest + ending)
        }
        let prefix = commonPrefix(matching)
        if prefix.count > word.count {
            return .insert(String(prefix.dropFirst(word.count)))
        }
        return .list(matching)
    }

    /// The longest common prefix, compared character by character.
    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for word in words.dropFirst() {
            prefix = String(zip(prefix, word).prefix { $0 == $1 }.map(\.0))
        }
        return prefix
    }

    /// Lays out candidates in columns no wider than `width`, one line per row.
    public static func columns(_ words: [String], width: Int) -> String {
        let cell = (words.map(\.count).max() ?? 0) + 2
        let perRow = max(1, width / max(cell, 1))
        var text = ""
        for (index, word) in words.enumerated() {
            let isLast = index % perRow == perRow - 1 || index == words.count - 1
            text += isLast ? word + "\n" : word + String(repeating: " ", count: cell - word.count)
        }
        return text
    }
}
