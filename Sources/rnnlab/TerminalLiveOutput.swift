import Lab
import LineEditing

/// Shows a long command's progress on standard output: redrawn in place on a terminal
/// (carriage return, clear line, cursor up for several lines), appended as plain lines on
/// a pipe or file.
final class TerminalLiveOutput: LiveOutput {
    let redrawsInPlace: Bool
    let unicode: Bool
    private let currentWidth: () -> Int
    /// How many lines the last in-place update drew.
    private var drawnLines = 0

    init(redrawsInPlace: Bool, unicode: Bool, width: @escaping () -> Int) {
        self.redrawsInPlace = redrawsInPlace
        self.unicode = unicode
        self.currentWidth = width
    }

    var width: Int { currentWidth() }

    func update(_ lines: [String]) {
        guard redrawsInPlace else {
            StandardStreams.writeOutput(lines.map { $0 + "\n" }.joined())
            StandardStreams.flush()
            return
        }
        var text = ""
        if drawnLines > 1 { text += "\u{1B}[\(drawnLines - 1)A" }  // back to the first line drawn
        text += lines.map { "\r\u{1B}[2K" + $0 }.joined(separator: "\n")
        if lines.count < drawnLines {
            // Clear what the longer previous update left below, then come back up.
            let extra = drawnLines - lines.count
            text += String(repeating: "\n\r\u{1B}[2K", count: extra) + "\u{1B}[\(extra)A"
        }
        drawnLines = max(lines.count, 1)
        StandardStreams.writeOutput(text)
        StandardStreams.flush()
    }

    func clear() {
        guard redrawsInPlace, drawnLines > 0 else { return finish() }
        // clear the lines drawn, from the last up to the first, and stay at its start
        var text = "\r\u{1B}[2K"
        for _ in 1..<drawnLines { text += "\u{1B}[1A\r\u{1B}[2K" }
        drawnLines = 0
        StandardStreams.writeOutput(text)
        StandardStreams.flush()
    }

    func finish() {
        if redrawsInPlace, drawnLines > 0 { StandardStreams.writeOutput("\n") }
        drawnLines = 0
        StandardStreams.flush()
    }
}
