/// An opening code fence: ``` or ~~~ (three or more), indented by at most three spaces.
struct Fence {
    var character: Character
    var length: Int
    var language: String
    /// The column where the language starts (1-based), or just past the fence when there is none.
    var column: Int

    /// Recognizes an opening fence line, or returns nil.
    init?(opening line: String) {
        let indent = line.prefix(while: { $0 == " " })
        guard indent.count <= 3 else { return nil }
        let rest = line.dropFirst(indent.count)
        guard let first = rest.first, first == "`" || first == "~" else { return nil }
        let run = rest.prefix(while: { $0 == first })
        guard run.count >= 3 else { return nil }
        let info = rest.dropFirst(run.count).trimmed
        if first == "`" && info.contains("`") { return nil }
        character = first
        length = run.count
        language = String(info.split(separator: " ").first ?? "").lowercased()
        column = indent.count + run.count + (rest.dropFirst(run.count).prefix(while: { $0 == " " }).count) + 1
    }

    /// Whether `line` closes this fence: the same character, at least as many, nothing else.
    func isClosed(by line: String) -> Bool {
        let indent = line.prefix(while: { $0 == " " })
        guard indent.count <= 3 else { return false }
        let rest = line.dropFirst(indent.count).trimmed
        return rest.count >= length && rest.allSatisfy { $0 == character }
    }
}
