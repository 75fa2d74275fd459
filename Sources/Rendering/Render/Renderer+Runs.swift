/// Joining painted cells compactly.
extension Renderer {
    /// Cells joined so that neighbours painted alike share one escape sequence.
    ///
    /// A painted cell is its style's escape sequences, its text, and a reset; plain cells
    /// pass through unchanged.
    func mergingRuns(_ cells: [String]) -> String {
        var output = ""
        var open: Substring?
        for cell in cells {
            if let (code, body) = Self.splitPainted(cell) {
                if open != code {
                    if open != nil { output += ANSI.reset }
                    output += code
                    open = code
                }
                output += body
                continue
            }
            if open != nil { output += ANSI.reset; open = nil }
            output += cell
        }
        if open != nil { output += ANSI.reset }
        return output
    }

    /// The leading escape sequences and the text of a painted cell, or nil for plain text.
    static func splitPainted(_ cell: String) -> (code: Substring, body: Substring)? {
        guard cell.hasPrefix("\u{1B}["), cell.hasSuffix(ANSI.reset) else { return nil }
        var index = cell.startIndex
        while cell[index...].hasPrefix("\u{1B}[") {
            guard let end = cell[index...].firstIndex(of: "m") else { return nil }
            index = cell.index(after: end)
        }
        let body = cell[index...].dropLast(ANSI.reset.count)
        guard !body.isEmpty, !body.contains("\u{1B}") else { return nil }
        return (cell[..<index], body)
    }
}
