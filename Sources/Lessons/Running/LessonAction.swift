/// The learner's lesson commands, as typed at the lab prompt while a lesson runs.
///
/// The lab asks `LessonAction(line:)` first; a line that is no lesson command is either a
/// lab command (run it, then call `LessonRunner.commandRan`) or, when the runner waits for
/// a choice or a number and the line is no lab command, an answer (`.answer`).
public enum LessonAction: Sendable, Equatable {
    /// Enter or `next` (also `n`, `continue`).
    case next
    /// `back` (also `previous`, `prev`).
    case back
    /// `goto N`: jump to step N (`step` stays the lab's timestep cursor).
    case goto(Int)
    /// `restart`.
    case restart
    /// `where`.
    case whereAmI
    /// `hint`.
    case hint
    /// `skip`.
    case skip
    /// `answer TEXT` (also `a TEXT`), or a bare line the lab routes as an answer.
    case answer(String)

    /// Reads a lesson command; nil when the line is none (e.g. a lab command or an answer).
    ///
    /// `goto` without a whole number is left to the lab's `goto` command, whose parser says
    /// what it expects.
    public init?(line: String) {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first?.lowercased() else {
            self = .next
            return
        }
        switch (first, words.count) {
        case ("next", 1), ("n", 1), ("continue", 1): self = .next
        case ("back", 1), ("previous", 1), ("prev", 1): self = .back
        case ("goto", 2) where Int(words[1]) != nil: self = .goto(Int(words[1]) ?? 0)
        case ("restart", 1): self = .restart
        case ("where", 1): self = .whereAmI
        case ("hint", 1): self = .hint
        case ("skip", 1): self = .skip
        case ("answer", 2...), ("a", 2...):
            self = .answer(words.dropFirst().joined(separator: " "))
        default: return nil
        }
    }
}

extension LessonRunner {
    /// Performs a lesson command.
    public mutating func perform(_ action: LessonAction, host: any LessonHost) {
        switch action {
        case .next: next(host: host)
        case .back: back(host: host)
        case .goto(let number): goto(number, host: host)
        case .restart: restart(host: host)
        case .whereAmI: showWhere(host: host)
        case .hint: hint(host: host)
        case .skip: skip(host: host)
        case .answer(let text): answer(text, host: host)
        }
    }

    /// Whether a line that is no lab command should be taken as an answer: a multiple-choice
    /// or numeric question is waiting.
    public var takesTypedAnswers: Bool {
        guard let question = pendingQuestion else { return false }
        if case .task = question.kind { return false }
        return true
    }
}
