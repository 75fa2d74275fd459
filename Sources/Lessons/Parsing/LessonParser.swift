/// Parses lesson files (format in lessons/README.md) into `Lesson`s, collecting every
/// problem as a `Diagnostic` instead of stopping at the first. Never traps on any input.
public struct LessonParser: Sendable {
    /// The limits applied to every file.
    public var limits: LessonLimits

    /// Creates a parser.
    public init(limits: LessonLimits = LessonLimits()) {
        self.limits = limits
    }

    /// What parsing a file gave: a lesson (possibly partial) and every problem found.
    public struct Result: Sendable {
        /// The lesson, or nil when the file is too broken to have one (too large, no body).
        public var lesson: Lesson?
        /// Every problem, in file order.
        public var diagnostics: [Diagnostic]
        /// Quiz blocks left out of the lesson for their problems, for lint to check further.
        var unusableQuizzes: [UnusableQuiz] = []
    }

    /// Parses `text`, naming `file` in locations; throws when anything is wrong.
    public func lesson(from text: String, file: String) throws(LessonFileError) -> Lesson {
        let result = parse(text, file: file)
        guard result.diagnostics.isEmpty, let lesson = result.lesson else {
            throw LessonFileError(diagnostics: result.diagnostics.isEmpty
                ? [Diagnostic(SourceLocation(file: file, line: 1), "not a lesson")] : result.diagnostics)
        }
        return lesson
    }

    /// Parses `text`, naming `file` in locations, and reports every problem found.
    public func parse(_ text: String, file: String) -> Result {
        var state = ParseState(file: file, limits: limits)
        guard text.utf8.count <= limits.maximumFileBytes else {
            state.error(1, 1, "the file is \(text.utf8.count) bytes; lessons are limited to \(limits.maximumFileBytes) bytes: split it into several lessons")
            return Result(lesson: nil, diagnostics: state.diagnostics)
        }
        // Lines end in LF or CRLF (one Character in Swift); a byte order mark is dropped.
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        var lines = body.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        for (index, line) in lines.enumerated() where line.count > limits.maximumLineLength {
            state.error(index + 1, limits.maximumLineLength + 1, "the line is \(line.count) characters; the limit is \(limits.maximumLineLength)")
            lines[index] = String(line.prefix(limits.maximumLineLength))
        }
        let bodyStart = state.parseFrontMatter(lines)
        state.parseBody(lines, from: bodyStart)
        state.finish()
        var lesson = Lesson(
            file: file, id: state.id ?? "", title: state.title ?? "", requires: state.requires,
            minutes: state.minutes, introduction: state.introduction, steps: state.steps,
            location: SourceLocation(file: file, line: 1))
        lesson.idLocation = state.location(state.idLine)
        lesson.requiresLocation = state.location(state.requiresLine)
        lesson.requirementLocations = state.requirementLocations
        return Result(lesson: lesson, diagnostics: state.diagnostics.sorted {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }, unusableQuizzes: state.unusableQuizzes)
    }
}

/// Accumulates what the parser has found so far.
struct ParseState {
    let file: String
    let limits: LessonLimits
    var diagnostics: [Diagnostic] = []
    var id: String?
    var idLine = 1
    var requiresLine = 1
    var title: String?
    var requires: [String] = []
    var requirementLocations: [String: SourceLocation] = [:]
    var minutes: Int?
    var introduction: [ProseBlock] = []
    var steps: [Step] = []
    var blockCount = 0
    var questionCount = 0
    var questionIDs: [String: Int] = [:]
    var unusableQuizzes: [UnusableQuiz] = []
    var stepLimitReported = false
    var requiresLimitReported = false
    /// Steps that hold a fenced block, even one too broken to keep (so they are not "empty").
    var stepsWithBlocks: Set<Int> = []

    init(file: String, limits: LessonLimits) {
        self.file = file
        self.limits = limits
    }

    func location(_ line: Int, _ column: Int = 1) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    mutating func error(_ line: Int, _ column: Int, _ message: String) {
        if diagnostics.count < 1_000 { diagnostics.append(Diagnostic(location(line, column), message)) }
    }

    /// A lesson id: ASCII letters, digits and `-`, starting with a letter or digit.
    static func isLessonID(_ text: String) -> Bool {
        isIdentifier(text) && !text.contains("_")
    }

    /// The lesson id an entry of `requires` that is none likely means: its file's name
    /// without `.md` (`base-lesson.md`), `_` and spaces written as `-` (`base_lesson`);
    /// nil when that is no id either.
    static func likelyLessonID(_ entry: String) -> String? {
        var text = entry.hasSuffix(".md") ? String(entry.dropLast(3)) : entry
        text = String(text.split(separator: "/").last ?? "")
        text = String(text.map { $0 == "_" || $0 == " " ? "-" : $0 })
        return isLessonID(text) ? text : nil
    }

    static func isIdentifier(_ text: String, allowingDots: Bool = false) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter || first.isNumber else { return false }
        return text.allSatisfy { c in
            c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_" || (allowingDots && c == "."))
        }
    }

    // MARK: Front matter

    /// Reads the front matter; returns the index of the first body line.
    mutating func parseFrontMatter(_ lines: [String]) -> Int {
        guard lines.first?.trimmed == "---" else {
            error(1, 1, "missing front matter: start the file with `---`, then `id:`, `title:`, `requires:`, `minutes:` lines, then `---`")
            return 0
        }
        var index = 1
        var pendingListKey: String?
        var seen: Set<String> = []
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmed
            if trimmed == "---" {
                index += 1
                break
            }
            defer { index += 1 }
            if index == lines.count - 1 {
                error(1, 1, "the front matter opened on line 1 is never closed: add a `---` line after it")
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("- "), pendingListKey == "requires" {
                let entry = line.drop(while: { $0 == " " || $0 == "\t" }).dropFirst(2).trimmedSlice
                addRequirement(entry, of: line, line: index + 1)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                error(index + 1, 1, "expected `key: value` in the front matter")
                continue
            }
            let key = line[..<colon].trimmed
            var value = line[line.index(after: colon)...].trimmed
            // YAML habits: `title: "Inside an LSTM"` means the text inside the quotes.
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            let valueColumn = line.distance(from: line.startIndex, to: colon) + 3
            pendingListKey = nil
            if seen.contains(key) { error(index + 1, 1, "`\(key)` is given twice in the front matter") }
            seen.insert(key)
            switch key {
            case "id":
                if !Self.isLessonID(value) || value.count > limits.maximumIDLength {
                    error(index + 1, valueColumn, "the id `\(value)` must be letters, digits and `-` (at most \(limits.maximumIDLength)), e.g. `lstm-gates`")
                }
                id = value
                idLine = index + 1
            case "title":
                if value.isEmpty { error(index + 1, valueColumn, "the title is empty") }
                title = value
            case "minutes":
                if let number = Int(value), number > 0, number <= 600 { minutes = number } else {
                    error(index + 1, valueColumn, "`minutes` must be a whole number of minutes between 1 and 600, e.g. `minutes: 10`")
                }
            case "requires":
                requiresLine = index + 1
                // read as a slice of the line, so each id keeps the column it is written at
                var list = line[line.index(after: colon)...].trimmedSlice
                if list.count >= 2, let quote = list.first, quote == "\"" || quote == "'", list.last == quote {
                    list = list.dropFirst().dropLast()
                }
                if list.hasPrefix("[") && list.hasSuffix("]") { list = list.dropFirst().dropLast() }
                if list.isEmpty { pendingListKey = "requires" }
                for entry in list.split(separator: ",") { addRequirement(entry.trimmedSlice, of: line, line: index + 1) }
            default:
                let known = ["id", "title", "requires", "minutes"]
                if known.contains(key.lowercased()) {
                    error(index + 1, 1, "unknown front matter key `\(key)` — did you mean `\(key.lowercased())`? (keys are lower case)")
                } else if let meant = Suggestion.nearest(to: key.lowercased(), among: known) {
                    error(index + 1, 1, "unknown front matter key `\(key)` — did you mean `\(meant)`?")
                } else {
                    error(index + 1, 1, "unknown front matter key `\(key)`; known: \(known.joined(separator: ", "))")
                }
            }
        }
        if id == nil { error(1, 1, "the front matter has no `id:` line") }
        if title == nil { error(1, 1, "the front matter has no `title:` line") }
        return min(index, lines.count)
    }

    /// Adds one id of `requires`: `slice` is where it is written in `text`, line `line`.
    mutating func addRequirement(_ slice: Substring, of text: String, line: Int) {
        let entry = String(slice)
        guard !entry.isEmpty else { return }
        let column = text.distance(from: text.startIndex, to: slice.startIndex) + 1
        if !Self.isLessonID(entry) {
            let meant = Self.likelyLessonID(entry).map { " — did you mean `\($0)`?" } ?? ""
            error(line, column, "`\(entry)` in `requires` is not a lesson id (letters, digits and `-`)\(meant)")
        } else if requires.count >= limits.maximumRequires {
            if !requiresLimitReported {  // said once, however many more follow
                error(line, column, "`requires` lists more than \(limits.maximumRequires) lessons")
                requiresLimitReported = true
            }
        } else if !requires.contains(entry) {
            requires.append(entry)
            requirementLocations[entry] = location(line, column)
        }
    }

    // MARK: Body

    mutating func parseBody(_ lines: [String], from start: Int) {
        var prose: [String] = []
        var proseStart = start + 1
        var sawTitle = false
        var index = start

        func flushProse(into state: inout ParseState) {
            while prose.first?.trimmed.isEmpty == true {
                prose.removeFirst()
                proseStart += 1
            }
            while prose.last?.trimmed.isEmpty == true { prose.removeLast() }
            if !prose.isEmpty {
                state.append(.prose(ProseBlock(text: prose.joined(separator: "\n"), location: state.location(proseStart))), line: proseStart)
            }
            prose = []
        }

        bodyLines: while index < lines.count {
            let line = lines[index]
            let lineNumber = index + 1
            if let fence = Fence(opening: line) ?? Fence(misplaced: line) {
                flushProse(into: &self)
                if let misplacement = fence.misplacement {
                    // read as the block it was meant to be, so its own problems are found too
                    let outside = switch misplacement {
                    case .quote: ", outside the quote"
                    case .listItem: ", after the list"
                    case .spaces, .tab: ""
                    }
                    error(lineNumber, fence.fenceColumn, "this \(fence.written) fence \(misplacement.description), so it opens no block: the lab would show its lines as text and never run them; start the fence at the margin (or with at most 3 spaces)\(outside)")
                }
                var end = index + 1
                var content: [String] = []
                var closed = false
                var leftOpen = false
                while end < lines.count {
                    if fence.isClosed(by: lines[end]) {
                        closed = true
                        break
                    }
                    // A fence with a language inside a block fenced no longer than it cannot
                    // be shown as content on purpose (that needs a longer outer fence): the
                    // block before it was most likely left open. Where it was meant to end is
                    // unknown, so its lines are not read as its commands (the prose after
                    // them would read as unknown ones); reading goes on at the inner fence.
                    if let inner = Fence(opening: lines[end]), !inner.language.isEmpty,
                       inner.character == fence.character, inner.length >= fence.length {
                        let more = fence.character == "`" ? "backticks" : "tildes"
                        if let outerEnd = Self.closingFence(ofBlockShowing: inner, at: end, in: lines, outer: fence) {
                            // a block shown inside this one, and this one closed after it: one problem,
                            // and none of the shown block's lines, nor the closing fence, read as the lesson's
                            error(end + 1, 1, "this opens a \(inner.written) block inside the \(fence.written) block opened on line \(lineNumber), which the \(fence.marker) on line \(outerEnd + 1) closes: to show a fence inside a block, fence the block with more \(more) (\(fence.marker)\(fence.character)\(fence.language) … \(fence.marker)\(fence.character))")
                            stepsWithBlocks.insert(steps.count - 1)
                            index = outerEnd + 1
                            proseStart = index + 1
                            continue bodyLines
                        }
                        error(end + 1, 1, "this opens a \(inner.written) block inside the \(fence.written) block opened on line \(lineNumber): close that block first with \(fence.marker) (to show fences inside a block, fence it with more \(more))")
                        leftOpen = true
                        break
                    }
                    content.append(fence.content(lines[end]))
                    end += 1
                }
                if !closed && !leftOpen {
                    error(lineNumber, 1, "the \(fence.written) block opened here is never closed: add a line with \(fence.marker)")
                }
                blockCount += 1
                if blockCount == limits.maximumBlocks + 1 {
                    error(lineNumber, 1, "more than \(limits.maximumBlocks) fenced blocks in one file")
                }
                if content.count > limits.maximumBlockLines {
                    error(lineNumber, 1, "the block has \(content.count) lines; the limit is \(limits.maximumBlockLines)")
                    content = Array(content.prefix(limits.maximumBlockLines))
                }
                if !closed {
                    stepsWithBlocks.insert(steps.count - 1)  // its lines are not read as its commands
                } else if blockCount <= limits.maximumBlocks {
                    parseBlock(fence, content, openingLine: lineNumber)
                }
                index = closed ? end + 1 : end
                proseStart = index + 1
                continue
            }
            if line.hasPrefix("## ") || line == "##" {
                flushProse(into: &self)
                let heading = String(line.dropFirst(2)).trimmed
                if steps.count >= limits.maximumSteps {
                    if !stepLimitReported {
                        error(lineNumber, 1, "more than \(limits.maximumSteps) steps in one lesson: split it")
                        stepLimitReported = true
                    }
                } else {
                    if heading.isEmpty { error(lineNumber, 1, "the step heading is empty: write `## What the step is about`") }
                    steps.append(Step(title: heading, items: [], location: location(lineNumber)))
                }
                index += 1
                proseStart = index + 1
                continue
            }
            if !sawTitle, steps.isEmpty, line.hasPrefix("# ") {
                sawTitle = true
                flushProse(into: &self)
                if title == nil { title = String(line.dropFirst(2)).trimmed }
                index += 1
                proseStart = index + 1
                continue
            }
            if prose.isEmpty { proseStart = lineNumber }
            prose.append(line)
            index += 1
        }
        flushProse(into: &self)
    }

    /// The line of the fence that closes `outer` when the block opened by `inner` on line
    /// `innerIndex` (0-based, like the result) is shown inside it rather than left open
    /// before it: `inner` is closed, and the next fence after it closes `outer` and could
    /// open no block of its own, as no fence closes it before the next fence with a
    /// language (or the end). Nil when the lines read as `outer` left open, its close
    /// forgotten before `inner`.
    static func closingFence(ofBlockShowing inner: Fence, at innerIndex: Int, in lines: [String], outer: Fence) -> Int? {
        guard let innerEnd = lines.indices.dropFirst(innerIndex + 1).first(where: { inner.isClosed(by: lines[$0]) }),
              let next = lines.indices.dropFirst(innerEnd + 1).first(where: { Fence(opening: lines[$0]) != nil }),
              outer.isClosed(by: lines[next]), let bare = Fence(opening: lines[next]) else { return nil }
        for index in lines.indices.dropFirst(next + 1) {
            if bare.isClosed(by: lines[index]) { return nil }  // a block of its own after all
            if let fence = Fence(opening: lines[index]), !fence.language.isEmpty { return next }
        }
        return next
    }

    /// Adds an item to the current step, or prose to the introduction.
    mutating func append(_ item: StepItem, line: Int) {
        if steps.isEmpty {
            if case .prose(let block) = item {
                introduction.append(block)
            } else {
                error(line, 1, "this block comes before the first step: add a `## Step title` line above it")
            }
            return
        }
        if stepLimitReported { return }
        steps[steps.count - 1].items.append(item)
    }

    mutating func parseBlock(_ fence: Fence, _ content: [String], openingLine: Int) {
        stepsWithBlocks.insert(steps.count - 1)
        switch fence.language {
        case "rnnlab":
            parseCommands(content, firstLine: openingLine + 1)
        case "quiz":
            if let question = parseQuestion(content, openingLine: openingLine) {
                append(.question(question), line: openingLine)
            }
        case "check":
            parseChecks(content, firstLine: openingLine + 1)
        default:
            if let meant = fence.meantLanguage {
                error(openingLine, fence.column, "\(fence.written) is no block the lab runs: did you mean \(fence.marker + meant)? (blocks of other languages are shown as code)")
            }
            append(.prose(ProseBlock(text: content.joined(separator: "\n"), isCode: true, location: location(openingLine))), line: openingLine)
        }
    }

    mutating func parseCommands(_ content: [String], firstLine: Int) {
        var any = false
        for (offset, raw) in content.enumerated() {
            let command = Self.stripComment(raw)
            let trimmed = command.trimmed
            if trimmed.isEmpty { continue }
            any = true
            let column = raw.prefix(while: { $0 == " " || $0 == "\t" }).count + 1
            append(.command(LessonCommand(line: trimmed, location: location(firstLine + offset, column))), line: firstLine + offset)
        }
        if !any { error(firstLine - 1, 1, "the rnnlab block holds no command") }
    }

    /// Removes a `# comment` that is outside quotes and starts a line or follows a space.
    static func stripComment(_ line: String) -> String {
        var inQuotes = false
        var previous: Character = " "
        for index in line.indices {
            let c = line[index]
            if c == "\"" { inQuotes.toggle() }
            if c == "#", !inQuotes, previous == " " || previous == "\t" {
                return String(line[..<index])
            }
            previous = c
        }
        return line
    }

    mutating func attachMessage(_ message: String, line: Int, column: Int) {
        if let last = steps.last?.items.last, case .check(var check) = last, check.message == nil {
            check.message = message
            steps[steps.count - 1].items[steps[steps.count - 1].items.count - 1] = .check(check)
        } else {
            error(line, column, "`message:` must follow the check it explains")
        }
    }

    mutating func parseChecks(_ content: [String], firstLine: Int) {
        var any = false
        // After a claim that cannot be parsed, which is reported, how many `message:` lines
        // followed it: its own explains it and is no second problem; nil after a claim parsed.
        var messagesOfUnparsedClaim: Int?
        for (offset, raw) in content.enumerated() {
            let lineNumber = firstLine + offset
            let indent = raw.prefix(while: { $0 == " " || $0 == "\t" }).count
            if raw.trimmed.hasPrefix("message:") {
                let afterKey = raw.dropFirst(indent + "message:".count)
                let message = afterKey.trimmed
                if message.isEmpty {
                    // shown when the check fails, a message with no text would say nothing there but a blank line
                    let column = indent + "message:".count + 1 + afterKey.prefix(while: { $0 == " " || $0 == "\t" }).count
                    error(lineNumber, column, "`message:` is empty: write what the check's failure means, or remove the line")
                    continue
                }
                if let count = messagesOfUnparsedClaim {
                    if count > 0 { error(lineNumber, indent + 1, "`message:` must follow the check it explains") }
                    messagesOfUnparsedClaim = count + 1
                } else {
                    attachMessage(message, line: lineNumber, column: indent + 1)
                }
                continue
            }
            // The check language has no `#` or quotes: a `#` after a space starts a comment.
            let trimmed = Self.stripComment(raw).trimmed
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            any = true
            if let colon = trimmed.firstIndex(of: ":"), !trimmed[..<colon].isEmpty, trimmed[..<colon].allSatisfy(\.isLetter) {
                // `mesage: …`, `Message: …`, `hint: …`: no claim has a word and a colon
                let written = String(trimmed[..<colon])
                let meant = Suggestion.nearest(to: written.lowercased(), among: ["message"]).map { " — did you mean `\($0):`?" } ?? ""
                error(lineNumber, indent + 1, "`\(written):` is no key of a check block, which holds claims, one a line, each with an optional `message:` line below it\(meant)")
                messagesOfUnparsedClaim = 0
                continue
            }
            do {
                let expression = try CheckParser.parse(trimmed)
                append(.check(Check(source: trimmed, expression: expression, message: nil, location: location(lineNumber, indent + 1))), line: lineNumber)
                messagesOfUnparsedClaim = nil
            } catch {
                self.error(lineNumber, indent + error.column, "cannot parse the check: \(error.message)")
                messagesOfUnparsedClaim = 0
            }
        }
        if !any { self.error(firstLine - 1, 1, "the check block holds no check") }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmed: String {
        String(Substring(self).trimmedSlice)
    }
}

extension Substring {
    /// The slice without leading and trailing spaces and tabs, still indexing its line
    /// (so where it starts gives its column).
    var trimmedSlice: Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}

extension ParseState {
    /// Whole-file checks once everything is read.
    mutating func finish() {
        if steps.isEmpty {
            error(1, 1, "the lesson has no steps: start each step with a `## Step title` line")
        }
        for (index, step) in steps.enumerated() where step.items.isEmpty && !stepsWithBlocks.contains(index) {
            error(step.location.line, 1, "step \(index + 1) (`\(step.title)`) is empty: give it prose, commands or a question")
        }
    }
}
