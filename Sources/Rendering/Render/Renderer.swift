/// Turns blocks into text for one kind of terminal.
///
/// Every line it returns ends in `"\n"` and is at most `caps.width` columns wide (except
/// the lines of ``Block/data(_:)``, which are for other programs and never cut). With
/// `caps.unicode` false the text is pure ASCII (see the transliteration in
/// `ASCIIFallback`), and with `caps.color` false it holds no escape sequence.
///
/// ```swift
/// let renderer = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))
/// print(renderer.render([.heading("Forget gate"), .table(table)]), terminator: "")
/// ```
public struct Renderer: Sendable {
    /// The device the text is for.
    public var caps: TerminalCaps

    /// Creates a renderer for the given capabilities.
    public init(caps: TerminalCaps) {
        self.caps = caps
    }

    /// Renders one block as lines of text, each ending in a newline.
    public func render(_ block: Block) -> String {
        if case .data(let text) = block { return dataText(text) }
        return finish(layout(block))
    }

    /// Machine-readable text as given: control characters removed, lines never cut.
    func dataText(_ text: String) -> String {
        // each line with a newline after it: the text ends in one, added when missing
        let cleaned = clean(text, keepingNewlines: true)
        return cleaned.utf8.last == 0x0A ? cleaned : cleaned + "\n"
    }

    /// Renders blocks one after another (no blank line is added between them).
    public func render(_ blocks: [Block]) -> String {
        blocks.map(render).joined()
    }

    /// Renders blocks as ``render(_:)-([Block])`` does, asking `shouldStop` (Ctrl-C) between
    /// blocks, every few thousand cells of a table and every few rows of a heat strip; nil
    /// when it says to stop.
    ///
    /// Laying out a table of 100,000 numbers, or a weight matrix of four million, takes a
    /// while, and the lab asks whether to stop as it does in a long command.
    public func render(_ blocks: [Block], shouldStop: () -> Bool) -> String? {
        var text = ""
        for block in blocks {
            if shouldStop() { return nil }
            if case .data(let data) = block {
                text += dataText(data)
                continue
            }
            guard let lines = withoutActuallyEscaping(shouldStop, do: { layout(block, shouldStop: $0) }) else { return nil }
            text += finish(lines)
        }
        return text
    }

    /// The lines a block is laid out as, before the final guarantees of ``finish(_:)``.
    ///
    /// Layouts are written to fit on their own; tests check these lines directly so the
    /// final pass never has to hide a layout that overflows.
    func layout(_ block: Block) -> [String] {
        layout(block, shouldStop: nil) ?? []
    }

    /// ``layout(_:)``, or nil when `shouldStop` says so while a table or heat strip is laid out.
    func layout(_ block: Block, shouldStop: (() -> Bool)?) -> [String]? {
        switch block {
        case .heading(let text): return headingLines(text)
        case .prose(let text): return proseLines(text, prefix: "", prefixStyle: "")
        case .note(let text): return proseLines(text, prefix: "note: ", prefixStyle: ANSI.cyan)
        case .warning(let text):
            return proseLines(text, prefix: "warning: ", prefixStyle: ANSI.bold + ANSI.yellow)
        case .error(let text):
            return proseLines(text, prefix: "error: ", prefixStyle: ANSI.bold + ANSI.red)
        case .preformatted(let text), .data(let text): return preformattedLines(text)
        case .table(let table): return tableLines(table, shouldStop: shouldStop)
        case .sparklines(let group): return sparklineLines(group)
        case .heatStrip(let strip): return heatStripLines(strip, shouldStop: shouldStop)
        case .plot(let plot): return plotLines(plot)
        case .bars(let chart): return barLines(chart)
        case .definitions(let list): return definitionLines(list)
        }
    }

    // MARK: - Shared helpers

    /// The width layouts work with: the terminal's, but never below 10.
    var width: Int { max(caps.width, 10) }

    /// Makes the final text: the ASCII and no-color guarantees, the width limit, newlines.
    ///
    /// Layouts already fit; this pass is the guarantee that nothing else can slip through.
    func finish(_ lines: [String]) -> String {
        var output = ""
        for line in lines {
            var text = line
            if !caps.unicode { text = ASCIIFallback.transliterate(text) }
            if !caps.color {
                text = ANSI.strip(text)
                while text.hasSuffix(" ") { text.removeLast() }
            }
            output += text.truncated(toWidth: caps.width, marker: caps.unicode ? "…" : "~")
            output += "\n"
        }
        return output
    }

    /// Text from a caller made safe to print: control characters and escapes removed,
    /// tabs expanded, newlines kept only for multi-line text (elsewhere they become
    /// spaces), and transliterated to ASCII when Unicode is off.
    func clean(_ text: String, keepingNewlines: Bool = false) -> String {
        // Printable ASCII (and kept newlines) stays as it is in either mode, so only the runs
        // between it are read scalar by scalar: the megabytes of a weight matrix's CSV pass
        // in one copy. Each change is to one scalar, or to a run of non-ASCII subscripts or
        // superscripts, so the text may be cut at any ASCII character.
        guard let others = Self.runsToClean(text, keepingNewlines: keepingNewlines) else {
            return cleanScalars(text, keepingNewlines: keepingNewlines)
        }
        guard !others.isEmpty else { return text }
        let bytes = text.utf8, scalars = text.unicodeScalars
        var result = ""
        var plainStart = bytes.startIndex
        for run in others {
            let otherStart = bytes.index(bytes.startIndex, offsetBy: run.lowerBound)
            let otherEnd = bytes.index(bytes.startIndex, offsetBy: run.upperBound)
            result += String(scalars[plainStart..<otherStart])
            result += cleanScalars(String(scalars[otherStart..<otherEnd]), keepingNewlines: keepingNewlines)
            plainStart = otherEnd
        }
        return result + String(scalars[plainStart...])
    }

    /// The byte ranges of `text` outside its runs of printable ASCII (and, `keepingNewlines`,
    /// newlines); nil when its bytes cannot be read in place.
    static func runsToClean(_ text: String, keepingNewlines: Bool) -> [Range<Int>]? {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            func isPlain(_ byte: UInt8) -> Bool { byte >= 0x20 && byte < 0x7F || keepingNewlines && byte == 0x0A }
            var runs: [Range<Int>] = []
            var index = 0
            while index < bytes.count {
                guard !isPlain(bytes[index]) else {
                    index += 1
                    continue
                }
                let start = index
                while index < bytes.count && !isPlain(bytes[index]) { index += 1 }
                runs.append(start..<index)
            }
            return runs
        }
    }

    /// ``clean(_:keepingNewlines:)`` read scalar by scalar.
    func cleanScalars(_ text: String, keepingNewlines: Bool) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09: result.append(contentsOf: "    ".unicodeScalars)
            case 0x0A: result.append(keepingNewlines ? scalar : " ")
            case 0x00...0x1F, 0x7F, 0x80...0x9F: continue
            default: result.append(scalar)
            }
        }
        let safe = String(result)
        return caps.unicode ? safe : ASCIIFallback.transliterate(safe)
    }

    /// Text wrapped in an escape sequence when color is on.
    func paint(_ text: String, _ style: String) -> String {
        caps.color && !style.isEmpty && !text.isEmpty ? style + text + ANSI.reset : text
    }

    /// The Unicode glyph, or its ASCII stand-in.
    func glyph(_ unicode: String, _ ascii: String) -> String {
        caps.unicode ? unicode : ascii
    }

    /// A title line in bold, cut to the width.
    func titleLine(_ title: String) -> String {
        paint(InlineMarkup.math(clean(title), unicode: caps.unicode).truncated(toWidth: width, marker: glyph("…", "~")),
              ANSI.bold)
    }

    /// A label cut to at most `maxWidth` columns, with an ellipsis when cut.
    func fitLabel(_ label: String, _ maxWidth: Int) -> String {
        clean(label).truncated(toWidth: maxWidth, marker: glyph("…", "~"))
    }

    /// The ellipsis used in elision lines.
    var ellipsis: String { glyph("…", "...") }
}
