/// An opening code fence: ``` or ~~~ (three or more), indented by at most three spaces;
/// or, read only to be reported, one of a block the lab runs that is set in further or
/// follows a list marker.
struct Fence {
    var character: Character
    var length: Int
    var language: String
    /// The column where the language starts (1-based), or just past the fence when there is none.
    var column: Int
    /// The column where the fence's first ` or ~ is (1-based).
    var fenceColumn: Int
    /// What keeps the line from opening a block, for a fence read although it opens none
    /// (see `init(misplaced:)`); nil for a fence that opens a block.
    var misplacement: Misplacement?

    /// What stands before a fence that keeps it from opening a block.
    enum Misplacement: Equatable {
        /// Four or more spaces: Markdown reads the line as indented code, not as a fence.
        case spaces(Int)
        /// A tab, which counts as four spaces.
        case tab
        /// A `>` quote marker: the lab reads no blocks inside a quote.
        case quote
        /// A list marker (`-`, `*`, `+`, `1.` or `1)`): the lab reads no blocks inside a list.
        case listItem(marker: String)

        /// How the fence is set in, as the lint message says it.
        var description: String {
            switch self {
            case .spaces(let count): "is indented by \(count) spaces"
            case .tab: "is indented by a tab"
            case .quote: "is inside a `>` quote"
            case .listItem(let marker): "follows the list marker `\(marker)`"
            }
        }
    }

    /// The block languages the lab runs.
    static let runnableLanguages = ["rnnlab", "quiz", "check"]

    /// Recognizes an opening fence line, or returns nil.
    init?(opening line: String) {
        let indent = line.prefix(while: { $0 == " " })
        guard indent.count <= 3 else { return nil }
        self.init(line, after: indent.count, misplacement: nil)
    }

    /// Recognizes a line that would open a block the lab runs (or of a language near one,
    /// such as `chek`) but for what stands before it: four or more spaces, a tab, a `>` or a
    /// list marker. The lab opens no block there, so it would show the block's lines as prose.
    init?(misplaced line: String) {
        let prefix = line.prefix(while: { $0 == " " || $0 == "\t" || $0 == ">" })
        let listMarker = Self.listMarker(at: line.dropFirst(prefix.count))
        let misplacement: Misplacement
        if prefix.contains(">") {
            misplacement = .quote
        } else if let listMarker {
            misplacement = .listItem(marker: String(listMarker.marker))
        } else if prefix.contains("\t") {
            misplacement = .tab
        } else if prefix.count > 3 {
            misplacement = .spaces(prefix.count)
        } else {
            return nil
        }
        self.init(line, after: prefix.count + (listMarker?.length ?? 0), misplacement: misplacement)
        guard meantLanguage != nil else { return nil }
    }

    /// The list marker that `text` starts with (`-`, `*`, `+`, or up to 9 digits and `.` or
    /// `)`), and its length with the spaces or tabs after it; nil when it starts with none.
    static func listMarker(at text: Substring) -> (marker: Substring, length: Int)? {
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        let marker: Substring
        if let first = text.first, "-*+".contains(first) {
            marker = text.prefix(1)
        } else if (1...9).contains(digits.count), let after = text.dropFirst(digits.count).first, after == "." || after == ")" {
            marker = text.prefix(digits.count + 1)
        } else {
            return nil
        }
        let spaces = text.dropFirst(marker.count).prefix(while: { $0 == " " || $0 == "\t" })
        return spaces.isEmpty ? nil : (marker, marker.count + spaces.count)
    }

    private init?(_ line: String, after prefixLength: Int, misplacement: Misplacement?) {
        let rest = line.dropFirst(prefixLength)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let run = rest.prefix(while: { $0 == first })
        guard run.count >= 3 else { return nil }
        let info = rest.dropFirst(run.count).trimmed
        if first == "`" && info.contains("`") { return nil }
        character = first
        length = run.count
        language = String(info.split(separator: " ").first ?? "").lowercased()
        column = prefixLength + run.count + (rest.dropFirst(run.count).prefix(while: { $0 == " " }).count) + 1
        fenceColumn = prefixLength + 1
        self.misplacement = misplacement
    }

    /// The fence's run of ` or ~ as written: ``` or ~~~, or longer.
    var marker: String { String(repeating: character, count: length) }

    /// The fence and its language as a message quotes them: ```check, or ~~~~quiz for that fence.
    var written: String { marker + language }

    /// The block language the lab runs that `language` is, or is a near misspelling of.
    var meantLanguage: String? {
        let limit = min(2, max(1, language.count / 3))
        return Self.runnableLanguages.first { Suggestion.editDistance(language, $0) <= limit }
    }

    /// Whether `line` closes this fence: the same character, at least as many, nothing else.
    ///
    /// A misplaced fence is closed by such a line however it is set in, so its block ends
    /// where its author meant, even when only the opening fence is misplaced.
    func isClosed(by line: String) -> Bool {
        let indent = line.prefix(while: { $0 == " " || (misplacement != nil && ($0 == "\t" || $0 == ">")) })
        guard indent.count <= 3 || misplacement != nil else { return false }
        let rest = line.dropFirst(indent.count).trimmed
        return rest.count >= length && rest.allSatisfy { $0 == character }
    }

    /// A line of the block's content as the block reads it: inside a quote, with its `>`
    /// markers made spaces, so every column stays where it is written.
    func content(_ line: String) -> String {
        guard misplacement == .quote else { return line }
        let prefix = line.prefix(while: { $0 == " " || $0 == "\t" || $0 == ">" })
        return String(repeating: " ", count: prefix.count) + line.dropFirst(prefix.count)
    }
}
