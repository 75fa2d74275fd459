/// A question from a `quiz` block: multiple choice, a number, or a "do it" task.
public struct Question: Sendable, Equatable {
    /// The visible id the learner sees and the progress store keys on (`q1`, or `id:`).
    public var id: String
    /// The question text (Markdown-lite).
    public var prompt: String
    /// What kind of answer it takes.
    public var kind: Kind
    /// Hints, shown one more each time the learner asks (`hint:` lines, in order).
    public var hints: [String]
    /// Shown after a right answer (`explain:`), when given.
    public var explanation: String?
    /// Where the `quiz` block's first line is.
    public var location: SourceLocation
    /// Where the value of its `answer:` line is, when it has one.
    public var answerLocation: SourceLocation?
    /// Where the command of its `expect:` line starts, when it has one.
    public var expectLocation: SourceLocation?
    /// Where each option's line starts, in the order of the options (none for other kinds).
    public var optionLocations: [SourceLocation] = []
    /// Wrong numbers a learner is likely to give, each with what to tell them (`mistake:`
    /// lines of a numeric question), in order. A multiple-choice question's `mistake:` lines
    /// are its options' (``ChoiceOption/mistake``).
    public var mistakes: [Mistake] = []
    /// Whether a numeric answer is also right when it is the expected value rounded to
    /// the digits typed, at least two significant ones: so for an answer without a
    /// tolerance of the author's, where a number read off the lab's tables (which show
    /// small values to two digits, `0.00027`) could be further off than 0.5 %.
    public var acceptsDigitsShown = false

    /// A likely wrong number and what it tells the learner: `mistake: 4128: that leaves out
    /// one of the two bias vectors`. The value may be read from the session, like an answer.
    public struct Mistake: Sendable, Equatable {
        /// The wrong value, matched with the question's tolerance.
        public var value: CheckExpression
        /// What the learner is told.
        public var message: String
        /// Where the value is.
        public var location: SourceLocation

        /// Creates a mistake.
        public init(value: CheckExpression, message: String, location: SourceLocation) {
            self.value = value
            self.message = message
            self.location = location
        }
    }

    /// Creates a question.
    public init(
        id: String, prompt: String, kind: Kind, hints: [String], explanation: String?,
        location: SourceLocation
    ) {
        self.id = id
        self.prompt = prompt
        self.kind = kind
        self.hints = hints
        self.explanation = explanation
        self.location = location
    }

    /// A task's expected command (its `expect:`); nil for other questions.
    public var taskCommand: String? {
        if case .task(let expected, _) = kind { expected } else { nil }
    }

    /// The kinds of questions.
    public enum Kind: Sendable, Equatable {
        /// Options in order; the learner names one or several by letter, number or text.
        case choice([ChoiceOption])
        /// A number; `expected` may be a check expression read from the session.
        case number(expected: CheckExpression, tolerance: Tolerance)
        /// A task judged by the result of the learner's command, compared with `expected`'s.
        case task(expected: String, match: TaskMatch)
    }
}

/// One option of a multiple-choice question.
public struct ChoiceOption: Sendable, Equatable {
    /// The option's text.
    public var text: String
    /// Whether choosing it is part of the right answer.
    public var isCorrect: Bool
    /// What a learner is told whose answer has this as its only wrong option (`mistake: a:
    /// MESSAGE`), when the author said: when it is chosen alone, or beside right ones of a
    /// question with several.
    public var mistake: String?

    /// Creates an option.
    public init(text: String, isCorrect: Bool, mistake: String? = nil) {
        self.text = text
        self.isCorrect = isCorrect
        self.mistake = mistake
    }
}

/// How far a numeric answer may be from the expected value.
public enum Tolerance: Sendable, Equatable {
    /// `|answer − expected| ≤ value`.
    case absolute(Double)
    /// `|answer − expected| ≤ percent/100 · |expected|`.
    case relative(percent: Double)

    /// How far from `expected` an answer may be.
    public func slack(around expected: Double) -> Double {
        switch self {
        case .absolute(let value): value
        case .relative(let percent): abs(expected) * percent / 100
        }
    }

    /// Whether `answer` is close enough to `expected`.
    public func accepts(_ answer: Double, expected: Double) -> Bool {
        // A hair of extra slack so `0.605` is accepted for `0.602 ± 0.003` despite binary
        // rounding: a billionth of the slack and a few units in the last place of the two
        // numbers, never a fixed amount, which would take in every number near a small one
        // (0 and 1e-15 for a gradient of 3.8e-22 within a relative 1e-6).
        let rounding = answer.isFinite && expected.isFinite ? 4 * Double.ulpOfOne * (abs(answer) + abs(expected)) : 0
        return abs(answer - expected) <= slack(around: expected) * (1 + 1e-9) + rounding
    }
}

/// How a task's result is compared with the expected command's result.
public enum TaskMatch: String, Sendable, Equatable {
    /// The learner's result shows exactly what the expected command shows.
    case same
    /// The learner's result shows at least what the expected command shows.
    case includes
}
