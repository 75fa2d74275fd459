extension ParseState {
    /// Parses a `quiz` block into a question; reports problems and returns nil when unusable
    /// (keeping what it names in `unusableQuizzes`, for lint).
    mutating func parseQuestion(_ content: [String], openingLine: Int) -> Question? {
        var explicitID: String?
        var promptLines: [String] = []
        var options: [ChoiceOption] = []
        var optionLocations: [SourceLocation] = []
        var answer: (text: String, line: Int, column: Int)?
        var toleranceText: (text: String, line: Int, column: Int)?
        var expected: (command: String, line: Int, column: Int)?
        var match = TaskMatch.same
        var hints: [String] = []
        var hintLocations: [SourceLocation] = []
        var idLine: Int?
        var explanationLocation: SourceLocation?
        var explanation: String?
        var mistakes: [Question.Mistake] = []
        var mistakeLines: [Int] = []
        /// Which field an unkeyed continuation line extends.
        enum Field { case prompt, option, hint, explanation, mistake, none }
        var lastField = Field.prompt
        var tooManyOptions = false
        var hasRightOptionPastLimit = false
        let errorsBefore = diagnostics.count

        for (offset, raw) in content.enumerated() {
            let lineNumber = openingLine + 1 + offset
            let trimmed = raw.trimmed
            let indent = raw.prefix(while: { $0 == " " || $0 == "\t" }).count
            if trimmed.isEmpty {
                if lastField == .prompt, !promptLines.isEmpty { promptLines.append("") }
                continue
            }
            if let (marker, text) = Self.option(trimmed) {
                if let mark = Self.unreadMark(text) {
                    error(lineNumber, indent + 1, "the option `\(text)` begins with `\(mark)`, which is no mark the lab reads, so it is \(marker ? "a right" : "a wrong") option with that text: write `- [x] text` or `* text` for a right option, `- [ ] text` or `- text` for a wrong one")
                }
                if options.count >= limits.maximumOptions {
                    // said once; a right option past the limit still counts as the quiz's right answer
                    if !tooManyOptions { error(lineNumber, indent + 1, "more than \(limits.maximumOptions) options: a learner names them a–z; keep the likely ones, or ask two questions") }
                    tooManyOptions = true
                    hasRightOptionPastLimit = hasRightOptionPastLimit || marker
                } else {
                    options.append(ChoiceOption(text: text, isCorrect: marker))
                    optionLocations.append(location(lineNumber, indent + 1))
                }
                lastField = .option
                continue
            }
            if let (key, value, valueColumn) = Self.keyed(raw) {
                switch key {
                case "id":
                    if !Self.isIdentifier(value, allowingDots: true) || value.count > limits.maximumIDLength {
                        error(lineNumber, valueColumn, "the question id `\(value)` must be letters, digits, `.`, `-` or `_`, "
                            + "at most \(limits.maximumIDLength) of them (it has \(value.count)), e.g. `forget-gate`")
                    }
                    if let first = explicitID, let firstLine = idLine {
                        error(lineNumber, valueColumn, "a second `id:`: this question is `\(first)` from line \(firstLine); keep one")
                    }
                    explicitID = value
                    idLine = lineNumber
                    lastField = promptLines.isEmpty && options.isEmpty ? .prompt : .none
                case "answer":
                    if let first = answer { error(lineNumber, valueColumn, "a second `answer:`: the first is on line \(first.line); keep one") }
                    answer = (value, lineNumber, valueColumn)
                    lastField = .none
                case "tolerance":
                    toleranceText = (value, lineNumber, valueColumn)
                    lastField = .none
                case "expect":
                    if value.isEmpty { error(lineNumber, valueColumn, "`expect:` needs the lab command whose result the learner must reproduce") }
                    if let first = expected { error(lineNumber, valueColumn, "a second `expect:`: the first is on line \(first.line); keep one") }
                    expected = (value, lineNumber, valueColumn)
                    lastField = .none
                case "match":
                    if let parsed = TaskMatch(rawValue: value) { match = parsed } else {
                        error(lineNumber, valueColumn, "`match:` is `same` or `includes`, not `\(value)`")
                    }
                    lastField = .none
                case "mistake":
                    mistakeLines.append(lineNumber)
                    if mistakes.count >= limits.maximumHints {
                        error(lineNumber, 1, "more than \(limits.maximumHints) mistakes: keep the likely ones; the lab's own feedback covers the sign, 1 / the answer, factors of 2, 10 and 100")
                    } else if let mistake = parseMistake(value, line: lineNumber, column: valueColumn) {
                        mistakes.append(mistake)
                    }
                    lastField = mistakes.isEmpty ? .none : .mistake
                case "hint":
                    if hints.count >= limits.maximumHints {
                        error(lineNumber, 1, "more than \(limits.maximumHints) hints: join some, or put the rest in `explain:`")
                    } else {
                        hints.append(value)
                        hintLocations.append(location(lineNumber, valueColumn))
                    }
                    lastField = .hint
                default:
                    explanation = (explanation.map { $0 + " " } ?? "") + value
                    if explanationLocation == nil { explanationLocation = location(lineNumber, valueColumn) }
                    lastField = .explanation
                }
                continue
            }
            if lastField == .prompt || lastField == .option, let (marker, mark) = Self.checkboxLine(trimmed) {
                // `-[x] forget`, `+ [ ] input`, `1. [ ] output`: a checkbox on a line the lab
                // reads as no option, so the line goes on with the text above
                let meant = Self.readMark(mark).map { "`\($0) …`" } ?? "`- [x] …` for a right option or `- [ ] …` for a wrong one"
                let above = lastField == .prompt ? "question" : "option"
                let why = marker == "-" || marker == "*" ? "as `\(marker)` needs a space after it" : "as only `- ` and `* ` start an option, not `\(marker)`"
                error(lineNumber, indent + 1, "`\(trimmed)` is no option, \(why): the line goes on with the \(above) above; write \(meant)")
            }
            if let (written, meant) = Self.misspeltKey(trimmed) {
                // `hnt: …`, `explanation: …`: the lab reads no key there, and the line would go on with the text above
                let above = switch lastField {
                case .prompt: "goes on with the question text"
                case .option: "goes on with the option above"
                case .hint: "goes on with the hint above"
                case .explanation: "goes on with the explanation above"
                case .mistake: "goes on with the mistake's message above"
                case .none: "is no part of the question"
                }
                error(lineNumber, indent + 1, "`\(written):` is no key of a quiz, so this line \(above) — did you mean `\(meant):`?")
                continue
            }
            switch lastField {
            case .prompt: promptLines.append(trimmed)
            case .option: options[options.count - 1].text += " " + trimmed
            case .hint: hints[hints.count - 1] += " " + trimmed
            case .explanation: explanation = (explanation ?? "") + " " + trimmed
            case .mistake: mistakes[mistakes.count - 1].message += " " + trimmed
            case .none: error(lineNumber, indent + 1, "unexpected line in the quiz: questions come first, then `- option` / `* right option`, `answer:` or `expect:`, then `hint:` and `explain:` lines")
            }
        }

        // a hint may go on in the lines below it; one with no text at all shows the learner nothing
        for (hint, at) in zip(hints, hintLocations) where hint.trimmed.isEmpty {
            error(at.line, at.column, "`hint:` is empty: write the hint after it, or remove the line")
        }

        if let explanation, explanation.trimmed.isEmpty, let at = explanationLocation {
            error(at.line, at.column, "`explain:` is empty: write the explanation after it, or remove the line")
        }

        // the same option twice cannot be told apart by its text, and one of them is not needed
        var firstOptionLine: [String: Int] = [:]
        for (option, at) in zip(options, optionLocations) {
            let key = option.text.trimmed.lowercased()
            if let earlier = firstOptionLine[key] {
                error(at.line, at.column, "the option `\(option.text)` is already listed on line \(earlier): remove one or reword it")
            } else {
                firstOptionLine[key] = at.line
            }
        }

        questionCount += 1
        let id = explicitID ?? "q\(questionCount)"
        if let firstLine = questionIDs[id] {
            error(openingLine, 1, "the question id `\(id)` is already used on line \(firstLine)")
        } else {
            questionIDs[id] = openingLine
        }
        while promptLines.last?.isEmpty == true { promptLines.removeLast() }
        if promptLines.isEmpty { error(openingLine, 1, "the quiz has no question text: write the question on the first line") }

        // the answer is read whatever else is wrong, so each of its problems is reported too
        let number = answer.map { parseNumberAnswer($0, toleranceText) }
        let kindsGiven = [(!options.isEmpty, "options"), (answer != nil, "`answer:`"), (expected != nil, "`expect:`")]
            .filter(\.0).map(\.1)
        let kinds = kindsGiven.count
        var kind: Question.Kind?
        if kinds == 0 {
            // `*a` reads as more question text: an option's marker needs a space after it
            let unspaced = promptLines.first { line in
                guard let first = line.first, first == "*" || first == "-", let second = line.dropFirst().first else { return false }
                return second.isLetter || second.isNumber
            }
            let advice = unspaced.map { " (`\($0)` reads as question text: put a space after `\($0.prefix(1))`)" } ?? ""
            error(openingLine, 1, "the quiz has no right answer: add options (`* right`, `- wrong`), an `answer:` line or an `expect:` command" + advice)
        } else if kinds > 1 {
            let named = kindsGiven.dropLast().joined(separator: ", ") + " and " + (kindsGiven.last ?? "")
            error(openingLine, 1, "the quiz mixes \(named): use one kind of answer per question")
        }
        // the options' own problems are told with a mix too: kept as the one kind, they remain
        if !options.isEmpty {
            if options.count < 2 { error(openingLine, 1, "a multiple-choice question needs at least two options") }
            if !options.contains(where: \.isCorrect) && !hasRightOptionPastLimit {
                error(openingLine, 1, "the quiz has no right answer: mark the right option(s) with `*` instead of `-`")
            }
        }
        // a quiz of no kind or of several is said above, and has no kind to check as
        if kinds == 1, !options.isEmpty {
            kind = .choice(optionsWithMistakes(options, mistakes))
            mistakes = []
        } else if kinds == 1, let number {
            if let value = number.value, let tolerance = number.tolerance {
                kind = .number(expected: value, tolerance: tolerance)
            }
        } else if kinds == 1, let expected {
            kind = .task(expected: expected.command, match: match)
        }
        if answer == nil, options.isEmpty, let first = mistakeLines.first {
            error(first, 1, "`mistake:` is for a question answered with a number (`answer:`) or options: name a likely wrong number, or a wrong option's letter, and what to tell the learner")
        }
        func question(of kind: Question.Kind) -> Question {
            var question = Question(id: id, prompt: promptLines.joined(separator: "\n"), kind: kind, hints: hints,
                                    explanation: explanation, location: location(openingLine))
            if let answer { question.answerLocation = location(answer.1, answer.2) }
            if let expected { question.expectLocation = location(expected.line, expected.column) }
            question.optionLocations = optionLocations
            question.mistakes = mistakes
            question.acceptsDigitsShown = number?.toleranceGiven == false
            return question
        }
        guard diagnostics.count == errorsBefore, let kind else {
            let command = expected.flatMap { expected in
                expected.command.isEmpty ? nil : LessonCommand(line: expected.command, location: location(expected.line, expected.column))
            }
            // with its one kind of answer read, lint checks the rest as it would in a usable quiz
            let draft = kind.flatMap { kind -> Question? in
                if case .task(let command, _) = kind, command.isEmpty { return nil }
                return question(of: kind)
            }
            if command != nil || number?.value != nil || draft != nil {
                unusableQuizzes.append(UnusableQuiz(draft: draft, expected: command, answer: number?.value,
                                                    answerLocation: answer.map { location($0.line, $0.column) }))
            }
            return nil
        }
        return question(of: kind)
    }

    /// `options` with what the `mistake:` lines of a multiple-choice question tell a
    /// learner who chooses a wrong option alone (`mistake: a: the output weights are
    /// shared too`). A line naming no option by its letter, or a right option, is reported.
    mutating func optionsWithMistakes(_ options: [ChoiceOption], _ mistakes: [Question.Mistake]) -> [ChoiceOption] {
        var options = options
        for mistake in mistakes {
            let at = mistake.location
            guard case .reference(let reference) = mistake.value, reference.model == nil, reference.selectors.isEmpty,
                  let index = Question.optionIndex(ofLetter: reference.name), index < options.count else {
                error(at.line, at.column, "a multiple-choice question's `mistake:` names a wrong option by its letter, a–\(Question.letter(options.count - 1)): `mistake: a: MESSAGE`")
                continue
            }
            if options[index].isCorrect {
                error(at.line, at.column, "this `mistake:` names option \(reference.name), a right one, so it is never told: name a wrong option")
            } else if options[index].mistake != nil {
                error(at.line, at.column, "option \(reference.name) has a `mistake:` already: give each option one")
            } else {
                options[index].mistake = mistake.message
            }
        }
        return options
    }

    /// Reads a `mistake:` line's `VALUE: MESSAGE` (the value as an `answer:` takes it, a
    /// number or a value of the session); nil when it has a problem, which is reported.
    mutating func parseMistake(_ text: String, line: Int, column: Int) -> Question.Mistake? {
        let parts: (value: Substring, message: Substring)? = if let colon = text.firstRange(of: ": ") {
            (text[..<colon.lowerBound], text[colon.upperBound...])
        } else if text.hasSuffix(":") {
            (text.dropLast(), "")
        } else {
            nil
        }
        guard let parts else {
            error(line, column, "`mistake:` takes a wrong number and what to tell the learner: `mistake: 4128: that leaves out one bias vector`")
            return nil
        }
        let valueText = String(parts.value).trimmed, message = String(parts.message).trimmed
        guard !message.isEmpty else {
            error(line, column, "`mistake: \(valueText):` says nothing: write what to tell a learner who answers \(valueText)")
            return nil
        }
        do {
            return Question.Mistake(value: try CheckParser.parseValue(valueText), message: message, location: location(line, column))
        } catch {
            self.error(line, column + error.column - 1, "cannot read the mistake's value: \(error.message)")
            return nil
        }
    }

    /// Reads an `answer:` line and its tolerance (`±` on the line, or a `tolerance:` line;
    /// 0.5 % without one), and whether the tolerance was given. Each is nil when it has a
    /// problem, which is reported.
    mutating func parseNumberAnswer(
        _ answer: (text: String, line: Int, column: Int),
        _ toleranceText: (text: String, line: Int, column: Int)?
    ) -> (value: CheckExpression?, tolerance: Tolerance?, toleranceGiven: Bool) {
        var valueText = answer.text
        var tolerance: Tolerance? = .relative(percent: 0.5)
        var inlineTolerance = false
        for separator in ["±", "+-", "+/-"] {
            if let range = valueText.firstRange(of: separator) {
                let toleranceColumn = answer.column + valueText.distance(from: valueText.startIndex, to: range.upperBound)
                tolerance = parseTolerance(String(valueText[range.upperBound...]).trimmed, line: answer.line, column: toleranceColumn)
                valueText = String(valueText[..<range.lowerBound]).trimmed
                inlineTolerance = true
                break
            }
        }
        if let toleranceText {
            if inlineTolerance {
                error(toleranceText.line, 1, "the tolerance is given twice (`±` on the answer line and `tolerance:`)")
                tolerance = nil
            } else {
                tolerance = parseTolerance(toleranceText.text, line: toleranceText.line, column: toleranceText.column)
            }
        }
        let given = inlineTolerance || toleranceText != nil
        do {
            let expression = try CheckParser.parseValue(valueText)
            // an answer that names no session value is known now: it must be a finite number
            var evaluator = CheckEvaluator(resolver: NoValues())
            if let constant = try? evaluator.number(expression), !constant.isFinite {
                error(answer.line, answer.column, "the answer `\(valueText)` is \(constant), not a finite number")
                return (nil, tolerance, given)
            }
            return (expression, tolerance, given)
        } catch {
            self.error(answer.line, answer.column + error.column - 1, "cannot read the answer: \(error.message)")
            return (nil, tolerance, given)
        }
    }

    mutating func parseTolerance(_ text: String, line: Int, column: Int) -> Tolerance? {
        var body = text
        let isPercent = body.hasSuffix("%")
        if isPercent { body = String(body.dropLast()).trimmed }
        guard let value = Double(body), value.isFinite else {
            error(line, column, "the tolerance `\(text)` must be a number such as `0.005` or `1%`")
            return nil
        }
        guard value >= 0 else {
            error(line, column, "the tolerance `\(text)` is negative: it must be positive, such as `0.005` or `1%`")
            return nil
        }
        return isPercent ? .relative(percent: value) : .absolute(value)
    }

    /// `- text` (wrong), `* text` (right), `- [ ] text` (wrong), `- [x] text` (right), with a
    /// space or a tab after the marker and the checkbox.
    static func option(_ line: String) -> (Bool, String)? {
        // a tab after the marker or the checkbox, as Markdown allows, is a space
        var line = line
        for marker in ["-", "*", "- [x]", "- [X]", "- [ ]"] where line.hasPrefix(marker + "\t") {
            line = marker + " " + line.dropFirst(marker.count + 1)
        }
        for (prefix, correct) in [("- [x] ", true), ("- [X] ", true), ("- [ ] ", false), ("* ", true), ("- ", false)]
        where line.hasPrefix(prefix) {
            return (correct, String(line.dropFirst(prefix.count)).trimmed)
        }
        return nil
    }

    /// The checkbox-like mark an option's text begins with that the lab does not read as
    /// one (`[ x ]`, `[*]`, `[v]`, `[✓]`, the half-done and dropped marks of some task
    /// lists, `[-]`, `[/]`, `[~]`, and `[x]` run into the text, `[x]forget`), or nil: only
    /// `- [x] ` and `- [ ] ` mark an option, and a slip in the mark leaves it in the
    /// option's text, which may make a right option wrong. Brackets around anything else
    /// (`[4] only`, `[2, 3]`, `[-1, 1]`) are the option's own text.
    static func unreadMark(_ text: String) -> String? {
        guard text.first == "[", let close = text.prefix(7).firstIndex(of: "]") else { return nil }
        let inside = text[text.index(after: text.startIndex)..<close]
        guard inside.allSatisfy({ " xX*vV✓✔-/~".contains($0) }), inside.filter({ $0 != " " }).count <= 1 else { return nil }
        return String(text[...close])
    }

    /// The list marker and checkbox of a line that looks like an option but that the lab
    /// reads as no option, so that it goes on with the line above: a `-` or `*` without the
    /// space after it (`-[x] forget`), a `+` (`+ [ ] input`) or a number (`1. [ ] output`,
    /// `2) [x] forget`), then a checkbox (``unreadMark(_:)``). Nil for any other line, such
    /// as `+ b` going on with an equation in the option above.
    static func checkboxLine(_ line: String) -> (marker: String, mark: String)? {
        let digits = line.prefix(while: { $0.isASCII && $0.isNumber })
        let marker: Substring
        if !digits.isEmpty, let after = line.dropFirst(digits.count).first, after == "." || after == ")" {
            marker = line.prefix(digits.count + 1)
        } else if let first = line.first, "-*+".contains(first) {
            marker = line.prefix(1)
            // `- [-] text` is an option, whose mark ``unreadMark(_:)`` judges
            if first != "+", line.dropFirst().hasPrefix(" ") { return nil }
        } else {
            return nil
        }
        let rest = line.dropFirst(marker.count).drop(while: { $0 == " " || $0 == "\t" })
        guard let mark = unreadMark(String(rest)) else { return nil }
        return (String(marker), mark)
    }

    /// What a checkbox slip was meant as: `- [ ]` for an empty one, `- [x]` for one marked
    /// with a tick or a cross (`[ x ]`, `[v]`, `[✓]`), nil for any other mark (`[-]`, `[/]`),
    /// which may mean either.
    static func readMark(_ mark: String) -> String? {
        let inside = mark.filter { !"[] ".contains($0) }
        if inside.isEmpty { return "- [ ]" }
        return inside.allSatisfy({ "xX*vV✓✔".contains($0) }) ? "- [x]" : nil
    }

    static let questionKeys: Set<String> = ["id", "answer", "tolerance", "expect", "match", "hint", "explain", "mistake"]

    /// The quiz key that `line`, which starts with no key, was likely meant to start with:
    /// `hnt: …` and `Tolerence: …` by their spelling, `explanation: …` and `hints: …` by
    /// their meaning; nil for a line that starts with no word and a colon, or with a word
    /// like no key (`Note: …`).
    static func misspeltKey(_ line: String) -> (written: String, meant: String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let written = String(line[..<colon])
        guard !written.isEmpty, written.allSatisfy({ $0.isLetter }) else { return nil }
        let word = written.lowercased()
        let likely = ["explanation": "explain", "hints": "hint", "answers": "answer", "mistakes": "mistake", "tol": "tolerance"]
        if let meant = likely[word] { return (written, meant) }
        guard !questionKeys.contains(word), let meant = Suggestion.nearest(to: word, among: questionKeys.sorted()) else { return nil }
        return (written, meant)
    }

    /// `key: value` for the quiz keys, with the 1-based column of the value.
    static func keyed(_ raw: String) -> (String, String, Int)? {
        let indent = raw.prefix(while: { $0 == " " || $0 == "\t" }).count
        let line = raw.dropFirst(indent)
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = String(line[..<colon]).lowercased()
        guard questionKeys.contains(key) else { return nil }
        let afterColon = line[line.index(after: colon)...]
        let spaces = afterColon.prefix(while: { $0 == " " || $0 == "\t" }).count
        let column = indent + line.distance(from: line.startIndex, to: colon) + 2 + spaces
        return (key, afterColon.trimmed, column)
    }
}
