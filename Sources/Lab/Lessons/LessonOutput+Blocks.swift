import Lessons
import Rendering

extension LessonOutput {
    /// The blocks the lab shows for this piece of lesson output.
    ///
    /// Headings read `Step 3/9 · Title`; prose goes through ``LessonProse``; questions show
    /// their id in brackets and lettered options; answers, hints and skips are notes; a
    /// failed check is an error that starts with its `file:line` for a lesson's authors, and
    /// a note of what the step expected for a learner. Pieces that begin
    /// something new (a heading, prose, a question) start with a blank line.
    public var blocks: [Block] {
        switch self {
        case .lessonTitle(let title, let minutes):
            var blocks: [Block] = [LessonProse.blankLine, .heading(title)]
            if let minutes { blocks.append(.note("about \(minutes) minute\(minutes == 1 ? "" : "s")")) }
            return blocks
        case .stepHeading(let number, let count, let title):
            return [LessonProse.blankLine, .heading("Step \(number)/\(count) · \(title)")]
        case .text(let text):
            return [LessonProse.blankLine, .prose(LessonProse.markup(text))]
        case .code(let text):
            let indented = text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }
            return [LessonProse.blankLine, .preformatted(indented.joined(separator: "\n"))]
        case .question(let view):
            return Self.blocks(for: view)
        case .correct(let questionID, let explanation):
            // `right: the cell keeps…`: an explanation starts as its author wrote it, often with a symbol or a name
            return [.note("[\(questionID)] right" + (explanation.map { ": " + LessonProse.markup($0) } ?? "."))]
        case .wrong(let questionID, let detail):
            // a detail that ends in its own mark (`…twice?`) gets no full stop after it
            let ending = detail.flatMap(\.last).map { ".?!".contains($0) } == true ? "" : "."
            return [.note("[\(questionID)] not right yet" + (detail.map { ": " + LessonProse.markup($0) } ?? "") + ending)]
        case .hint(_, let number, let count, let text):
            return [.note("hint \(number)/\(count): " + LessonProse.markup(text))]
        case .skipped(let questionID, let answer, let explanation):
            let shown = switch answer {
            case .success(let text): "The answer: " + LessonProse.markup(text)
            case .failure(let error): "The answer cannot be shown: " + error.message
            }
            var blocks: [Block] = [.note("[\(questionID)] skipped. " + shown)]
            if let explanation { blocks.append(.note(LessonProse.markup(explanation))) }
            return blocks
        case .checkFailed(let failure):
            let lines = failure.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var blocks: [Block] = [.error(lines.first ?? failure.description)]
            if lines.count > 1 { blocks.append(.preformatted(lines.dropFirst().map { "      " + $0 }.joined(separator: "\n"))) }
            return blocks
        case .claimNotHeld(let failure, let advice):
            return LessonOutput.notice(Self.learnerLines(failure).joined(separator: "\n") + (advice.map { "\n" + $0 } ?? "")).blocks
        case .notice(let text):
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var blocks: [Block] = [.note(LessonProse.markup(lines.first ?? text))]
            // Later lines hang under the text of `note: `.
            blocks += lines.dropFirst().map { .prose("      " + LessonProse.markup($0)) }
            return blocks
        }
    }

    /// A failed check in a learner's words: `this step expected: …` (the author's message,
    /// or the claim read out), then what the lab has instead, each value by its name with
    /// four significant digits (a list as its range and length), or why it cannot be told.
    static func learnerLines(_ failure: CheckFailure) -> [String] {
        let expected = "this step expected: " + failure.expectation
        if let error = failure.error { return [expected, "in the lab as it is now this cannot be told: " + error] }
        var found = failure.readings.map { reading -> String in
            let name = "`\(reading.name)`"
            guard let low = reading.values.min(), let high = reading.values.max() else { return name + " has no value" }
            if reading.values.count == 1 { return name + " = " + NumberFormat.single(low, significantDigits: 4) }
            let ends = NumberFormat.column([low, high], significantDigits: 4)
            return name + " runs from \(ends[0]) to \(ends[1]) (\(reading.values.count) values)"
        }.joined(separator: ", ")
        if let falseElements = failure.falseElements { found += (found.isEmpty ? "" : "; ") + falseElements }
        return [expected, "in the lab as it is now it does not hold" + (found.isEmpty ? "" : ": " + found)]
    }

    /// A question: `[id] prompt`, its options as `a) text`, then how to answer.
    static func blocks(for view: QuestionView) -> [Block] {
        var blocks: [Block] = [LessonProse.blankLine, .prose("**[\(view.id)]** " + LessonProse.markup(view.prompt))]
        for option in view.options {
            blocks.append(.prose("   \(option.letter)) " + LessonProse.markup(option.text)))
        }
        if let answered = view.answered {
            let how = answered.skipped ? "skipped" : "answered \(answered.answer)"
            blocks.append(.note("\(how) before; `next` carries on"))
        } else {
            blocks.append(.note(view.instruction + " (`hint` gives a hint, `skip` shows the answer)"))
        }
        return blocks
    }
}
