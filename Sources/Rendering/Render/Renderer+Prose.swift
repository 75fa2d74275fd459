/// Headings, prose, notes, warnings, errors and preformatted text.
extension Renderer {
    /// A heading: bold text over a rule as wide as the text.
    ///
    /// A title too long for the width wraps at spaces, its words whole; after a short lead
    /// such as `compare — ` the later lines hang under the text that follows it. The rule is
    /// as wide as the widest line.
    func headingLines(_ text: String) -> [String] {
        let title = InlineMarkup.math(clean(text), unicode: caps.unicode)
        var lines = [title]
        if title.displayWidth > width {
            let words = title.split(separator: " ").map(String.init).map { StyledWord(text: $0, width: $0.displayWidth, plain: $0) }
            let lead = [" — ", " -- "].lazy.compactMap { title.firstRange(of: $0) }.first.map { String(title[..<$0.upperBound]).displayWidth } ?? 0
            let hang = lead <= width / 3 ? lead : 0
            lines = wrap(words: words, firstPrefix: "", restPrefix: String(repeating: " ", count: hang))
        }
        let rule = String(repeating: glyph("─", "-"), count: max(1, lines.map(\.displayWidth).max() ?? 1))
        return lines.map { paint($0, ANSI.bold) } + [paint(rule, ANSI.dim)]
    }

    /// Preformatted text: kept line by line; a line longer than the width is broken at
    /// spaces (see ``wrappedPreformattedLine(_:)``), so a command or usage line is never cut.
    func preformattedLines(_ text: String) -> [String] {
        splitLines(clean(text, keepingNewlines: true)).flatMap { line in
            line.displayWidth <= width ? [line] : wrappedPreformattedLine(line)
        }
    }

    /// A preformatted line too long for the width, broken at spaces. Its continuation
    /// lines hang under the text after a short leading label (`rnnlab> `, `usage: `),
    /// else four columns in; a word longer than a line is broken by characters.
    ///
    /// A run of three or more spaces separates columns (an equation and the label beside
    /// it): such a column moves to the next line whole when it fits on one, instead of
    /// being split after its first words.
    func wrappedPreformattedLine(_ line: String) -> [String] {
        let indent = line.prefix(while: { $0 == " " }).count
        var words: [StyledWord] = []
        var spaces = 0
        for piece in line.dropFirst(indent).split(separator: " ", omittingEmptySubsequences: false) {
            guard !piece.isEmpty else {
                spaces += 1
                continue
            }
            words.append(StyledWord(text: String(piece), width: String(piece).displayWidth, plain: String(piece), gap: spaces + 1))
            spaces = 0
        }
        guard let label = words.first else { return [line] }
        let isLabel = (label.plain.hasSuffix(">") || label.plain.hasSuffix(":")) && indent + label.width + 1 <= width / 3
        let hang = min(indent + (isLabel ? label.width + 1 : 4), width / 2)
        return wrap(words: Self.joiningColumns(words, room: width - hang), firstPrefix: String(repeating: " ", count: indent),
                    restPrefix: String(repeating: " ", count: hang))
    }

    /// The words with each column (the words between runs of three or more spaces) joined
    /// into one unbreakable word, for the columns no wider than `room`.
    static func joiningColumns(_ words: [StyledWord], room: Int) -> [StyledWord] {
        var columns: [[StyledWord]] = []
        for word in words {
            if word.gap < 3, !columns.isEmpty { columns[columns.count - 1].append(word) } else { columns.append([word]) }
        }
        guard columns.count > 1 else { return words }
        return columns.flatMap { column -> [StyledWord] in
            let joinedWidth = column.dropFirst().reduce(column[0].width) { $0 + $1.gap + $1.width }
            guard column.count > 1, joinedWidth <= room else { return column }
            var joined = column[0]
            for word in column.dropFirst() {
                let space = String(repeating: " ", count: word.gap)
                joined.text += space + word.text
                joined.plain += space + word.plain
            }
            joined.width = joinedWidth
            return [joined]
        }
    }

    /// Prose wrapped to the width; the first line starts with `prefix` (e.g. `note: `)
    /// and later lines are indented under it.
    ///
    /// Consecutive lines join into one paragraph; a blank line separates paragraphs; a line
    /// starting with `- `, `* ` or `1. ` starts a list item whose continuation lines hang
    /// under its text.
    func proseLines(_ text: String, prefix: String, prefixStyle: String) -> [String] {
        let paragraphs = Self.paragraphs(splitLines(clean(text, keepingNewlines: true)))
        let prefixWidth = prefix.displayWidth
        var lines: [String] = []
        for (number, paragraph) in paragraphs.enumerated() {
            if paragraph.text.isEmpty {
                lines.append("")
                continue
            }
            let lead = number == 0 ? paint(prefix, prefixStyle) : String(repeating: " ", count: prefixWidth)
            let indent = String(repeating: " ", count: prefixWidth + paragraph.indent)
            let first = lead + String(repeating: " ", count: paragraph.indent) + paragraph.marker
            let hanging = indent + String(repeating: " ", count: paragraph.marker.displayWidth)
            lines += wrap(words: styledWords(paragraph.text), firstPrefix: first, restPrefix: hanging)
        }
        return lines.isEmpty ? [paint(prefix, prefixStyle)] : lines
    }

    /// A definition list: every text wraps to the right of the longest term; when that
    /// would leave less than half the width, each term stands on a line of its own and its
    /// text wraps under it, indented.
    func definitionLines(_ list: DefinitionList) -> [String] {
        var lines = list.title.map { [clean($0)] } ?? []
        let terms = list.items.map { clean($0.term) }
        let termWidth = terms.map(\.displayWidth).max() ?? 0
        let beside = 2 + termWidth + 2 <= width / 2
        for (term, item) in zip(terms, list.items) {
            if beside {
                lines += proseLines(item.text, prefix: "  " + term.padded(to: termWidth) + "  ", prefixStyle: "")
            } else {
                lines.append("  " + term)
                lines += proseLines(item.text, prefix: "      ", prefixStyle: "")
            }
        }
        return lines
    }

    /// One paragraph or list item: its indentation, list marker and joined text.
    struct Paragraph {
        var indent: Int
        var marker: String
        var text: String
    }

    /// Groups lines into paragraphs and list items; empty paragraphs stand for blank lines.
    static func paragraphs(_ lines: [String]) -> [Paragraph] {
        var result: [Paragraph] = []
        var current: Paragraph?
        for line in lines {
            let indent = line.prefix(while: { $0 == " " }).count
            let body = String(line.dropFirst(indent))
            if body.isEmpty {
                if let paragraph = current { result.append(paragraph); current = nil }
                if result.last.map({ !$0.text.isEmpty }) ?? false { result.append(Paragraph(indent: 0, marker: "", text: "")) }
                continue
            }
            if let marker = listMarker(body) {
                if let paragraph = current { result.append(paragraph) }
                current = Paragraph(indent: indent, marker: marker, text: String(body.dropFirst(marker.count)))
                continue
            }
            if var paragraph = current {
                paragraph.text += " " + body
                current = paragraph
            } else {
                current = Paragraph(indent: indent, marker: "", text: body)
            }
        }
        if let paragraph = current { result.append(paragraph) }
        while result.last?.text.isEmpty ?? false { result.removeLast() }
        return result
    }

    /// The list marker a line starts with (`- `, `* `, `• `, `12. `, or an option's `b) `),
    /// if any.
    static func listMarker(_ body: String) -> String? {
        for bullet in ["- ", "* ", "• "] where body.hasPrefix(bullet) { return bullet }
        let digits = body.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty && digits.count <= 3 && body.dropFirst(digits.count).hasPrefix(". ") {
            return String(digits) + ". "
        }
        if let letter = body.first, letter.isASCII, letter.isLowercase, body.dropFirst().hasPrefix(") ") {
            return String(letter) + ") "
        }
        return nil
    }

    /// A word ready to print: its painted text and its width.
    struct StyledWord {
        var text: String
        var width: Int
        var plain: String
        /// The spaces before it when it follows another word on a line (preformatted text
        /// keeps the runs of spaces that align its columns).
        var gap = 1
    }

    /// The words of a paragraph with their markup applied.
    func styledWords(_ text: String) -> [StyledWord] {
        var words: [StyledWord] = []
        var current = StyledWord(text: "", width: 0, plain: "")
        var midWord = false
        for run in InlineMarkup.parse(text) {
            let shown = run.emphasis == .code ? run.text : InlineMarkup.math(run.text, unicode: caps.unicode)
            let style: String
            switch run.emphasis {
            case .plain: style = ""
            case .strong: style = ANSI.bold
            case .emphasis: style = ANSI.italic
            case .code: style = ANSI.cyan
            }
            let pieces = shown.split(separator: " ", omittingEmptySubsequences: false)
            for (number, piece) in pieces.enumerated() {
                if number > 0 && midWord {
                    words.append(current)
                    current = StyledWord(text: "", width: 0, plain: "")
                    midWord = false
                }
                guard !piece.isEmpty else { continue }
                let pieceText = String(piece)
                current.text += paint(pieceText, style)
                current.plain += pieceText
                current.width += pieceText.displayWidth
                midWord = true
            }
        }
        if midWord { words.append(current) }
        return keepingOperatorsWithOperands(words)
    }

    /// Signs that stand between two operands as words of their own: `1 − z`, `a = b`.
    static let binaryOperators: Set<String> = ["−", "-", "+", "·", "×", "⊙", "*", "=", "≈", "~=", "≠", "!=", "≤", "<=", "≥", ">=", "<", ">", "±", "+-"]

    /// The words with each lone operator joined to the words either side, so that a line
    /// never ends in `(1` and the next begins `− h²)`; a run longer than half a line stays
    /// breakable.
    func keepingOperatorsWithOperands(_ words: [StyledWord]) -> [StyledWord] {
        var joined: [StyledWord] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if Self.binaryOperators.contains(word.plain), let left = joined.last, index + 1 < words.count {
                let right = words[index + 1]
                let joinedWidth = left.width + word.gap + word.width + right.gap + right.width
                if joinedWidth <= width / 2 {
                    let space = { (gap: Int) in String(repeating: " ", count: gap) }
                    joined[joined.count - 1] = StyledWord(
                        text: left.text + space(word.gap) + word.text + space(right.gap) + right.text, width: joinedWidth,
                        plain: left.plain + space(word.gap) + word.plain + space(right.gap) + right.plain, gap: left.gap)
                    index += 2
                    continue
                }
            }
            joined.append(word)
            index += 1
        }
        return joined
    }

    /// Words that read as markup at the start of a line, a bullet (`*`, `-`, `+`, `•`) or a
    /// quote (`>`), though they are operators where they stand (`0.5 * mean(loss)`).
    static let markupAtLineStart: Set<String> = ["*", "-", "+", "•", ">"]

    /// Greedy word wrap; a word longer than a whole line is broken by characters. A word
    /// of ``markupAtLineStart`` stays on the line of the word before it, so that no line
    /// goes on with what looks like a bullet: `… < 0.5 *` / `mean(…)`.
    func wrap(words: [StyledWord], firstPrefix: String, restPrefix: String) -> [String] {
        var words = words
        var index = 1
        while index < words.count {
            guard Self.markupAtLineStart.contains(words[index].plain) else {
                index += 1
                continue
            }
            let spaces = String(repeating: " ", count: words[index].gap)
            words[index - 1].text += spaces + words[index].text
            words[index - 1].plain += spaces + words[index].plain
            words[index - 1].width += words[index].gap + words[index].width
            words.remove(at: index)
        }
        var lines: [String] = []
        var line = firstPrefix
        var lineWidth = firstPrefix.displayWidth
        var empty = true
        let restWidth = restPrefix.displayWidth
        for word in words {
            let needed = (empty ? 0 : word.gap) + word.width
            if lineWidth + needed <= width {
                line += (empty ? "" : String(repeating: " ", count: word.gap)) + word.text
                lineWidth += needed
                empty = false
                continue
            }
            if !empty {
                lines.append(line)
                line = restPrefix
                lineWidth = restWidth
                empty = true
            }
            if lineWidth + word.width <= width {
                line += word.text
                lineWidth += word.width
                empty = false
                continue
            }
            // Too long for any line: break it (its styling is dropped for the pieces).
            var remaining = Substring(word.plain)
            while !remaining.isEmpty {
                let room = max(1, width - lineWidth)
                var piece = ""
                var pieceWidth = 0
                while let char = remaining.first, pieceWidth + String(char).displayWidth <= room {
                    piece.append(char)
                    pieceWidth += String(char).displayWidth
                    remaining = remaining.dropFirst()
                }
                if piece.isEmpty, let char = remaining.first {
                    piece.append(char)
                    remaining = remaining.dropFirst()
                }
                line += piece
                if remaining.isEmpty {
                    lineWidth += piece.displayWidth
                    empty = false
                } else {
                    lines.append(line)
                    line = restPrefix
                    lineWidth = restWidth
                }
            }
        }
        lines.append(line)
        return lines
    }

    /// Text split at newlines, without the empty piece after a final newline.
    func splitLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.count > 1 && lines.last == "" { lines.removeLast() }
        return lines
    }
}
