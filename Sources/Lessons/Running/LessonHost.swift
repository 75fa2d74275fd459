/// What the lesson runner needs from the lab; the lab implements it.
///
/// The runner calls these in lesson order, so prose, command output and questions
/// interleave exactly as the file has them. All calls happen on the caller's thread.
public protocol LessonHost: AnyObject, ValueResolver {
    /// Shows one piece of lesson output (the lab renders it as blocks).
    func show(_ output: LessonOutput)

    /// Runs one lab command from a lesson, as if typed, and prints its output.
    ///
    /// Only lab commands run: the host must refuse anything else. `quietly` is set when
    /// the runner replays earlier steps to rebuild the session (resume, `goto`): run the
    /// command for its effect and print nothing, or one line at most. A command that Ctrl-C
    /// stopped part way, whether it failed or kept what it reached (a training), gives
    /// ``CommandOutcome/stopped``: the runner says so.
    func run(_ command: String, quietly: Bool) -> CommandOutcome

    /// Empties the lesson's lab (no models, no input, eval mode), as it is when a lesson
    /// begins; the runner then replays steps to rebuild it (`back`, `goto`, `restart`).
    func resetLab()

    /// What `command` would show if run now, without printing or changing the session.
    ///
    /// Used to judge "do it" tasks: the learner's result is compared with this one.
    /// Evaluate the command on a scratch copy of the session, or analyze it statically.
    func signature(of command: String) -> CommandOutcome

    /// The lab as it is now, fact by fact (see ``LabDescription``): the runner compares it
    /// with what the lesson's own commands made of it, to say what a learner changed.
    func describeLab() -> LabDescription

    /// What `command`, run now, would set up afresh whatever the lab held (the model a
    /// `model … --name X` makes, the input a `feed` gives), found without running it.
    func setUp(by command: String) -> LabDescription.Scope

    /// The options `command` gives a value: typed on its line, or left at a default its
    /// command declares; nil when it is no command the host can read. The runner tells a
    /// learner trying another setting (`--temperature 100`) from one doing a task wrong.
    func options(of command: String) -> CommandOptions?

    /// The signal that asked the program to end (`SIGTERM`, `SIGHUP`), once one did; nil
    /// while none did. Unlike Ctrl-C, which stops one command, it stays: a headless run
    /// stops at the command it stopped, or before the next one when it came between them.
    var terminationSignal: String? { get }
}

extension LessonHost {
    /// A lab that tells nothing about itself: the runner then never finds it changed.
    public func describeLab() -> LabDescription { LabDescription() }

    /// Nothing set up afresh.
    public func setUp(by command: String) -> LabDescription.Scope { LabDescription.Scope() }

    /// No options known: every attempt with the task's command is judged as one.
    public func options(of command: String) -> CommandOptions? { nil }

    /// No signal asks the program to end.
    public var terminationSignal: String? { nil }
}

/// The options of one command line that have a value, by name without `--`.
public struct CommandOptions: Sendable, Equatable {
    /// The options typed on the line, with the values typed.
    public var typed: [String: String]
    /// The options left at the default their command declares, with that default.
    public var defaulted: [String: String]

    /// Creates the options of a line.
    public init(typed: [String: String], defaulted: [String: String] = [:]) {
        self.typed = typed
        self.defaulted = defaulted
    }

    /// The value of option `name`, typed or by default; nil when it has none.
    public func value(_ name: String) -> String? {
        typed[name] ?? defaulted[name]
    }
}

/// One piece of output from the runner, as a simple value the lab renders.
///
/// Text uses light markup: `**bold**`, `*emphasis*`, `` `code` ``, `- ` list items and
/// paragraphs separated by blank lines; math stays as written (`c_{t-1}`, `σ`, `⊙`).
/// `LessonMarkup` reads it into blocks and spans (and can write subscripts legibly).
public enum LessonOutput: Sendable, Equatable {
    /// The lesson's title and estimated minutes, when it starts.
    case lessonTitle(String, minutes: Int?)
    /// A step heading: `3/9 The forget gate`.
    case stepHeading(number: Int, count: Int, title: String)
    /// Prose in light markup.
    case text(String)
    /// A verbatim code block from the lesson.
    case code(String)
    /// A question waiting for an answer (or, when `answered` is set, one answered before).
    case question(QuestionView)
    /// A right answer, with the author's explanation when given.
    case correct(questionID: String, explanation: String?)
    /// A wrong answer, with what can be said about it.
    case wrong(questionID: String, detail: String?)
    /// A hint: `number` of `count`.
    case hint(questionID: String, number: Int, count: Int, text: String)
    /// The answer of a skipped question (or why it cannot be shown), then the explanation.
    case skipped(questionID: String, answer: Result<String, CheckEvaluationError>, explanation: String?)
    /// A check whose claim does not hold in this session, as its authors read it (`lesson
    /// run --auto`): the lesson's file and line, the check's formula and the values in full.
    case checkFailed(CheckFailure)
    /// A check whose claim does not hold, as a learner reads it: what the step expected and
    /// what the lab has instead, then `advice`, what the learner can do, when not said before.
    case claimNotHeld(CheckFailure, advice: String?)
    /// A short message from the runner (where you are, nothing to skip, lesson complete).
    case notice(String)
}

/// A question as the learner sees it.
public struct QuestionView: Sendable, Equatable {
    /// The visible id (`q2`).
    public var id: String
    /// The question text (light markup).
    public var prompt: String
    /// Options with their letters (`a`, `b`, ...), empty unless multiple choice.
    public var options: [(letter: String, text: String)]
    /// How to answer: "answer with a letter", "several letters", "a number", "run a command".
    public var instruction: String
    /// The answer given before, when the question was already settled.
    public var answered: AnswerRecord?

    /// Creates a view.
    public init(id: String, prompt: String, options: [(letter: String, text: String)], instruction: String, answered: AnswerRecord?) {
        self.id = id
        self.prompt = prompt
        self.options = options
        self.instruction = instruction
        self.answered = answered
    }

    /// Equal when id, prompt, instruction, answer and every option are equal.
    public static func == (lhs: QuestionView, rhs: QuestionView) -> Bool {
        lhs.id == rhs.id && lhs.prompt == rhs.prompt && lhs.instruction == rhs.instruction
            && lhs.answered == rhs.answered
            && lhs.options.map(\.letter) == rhs.options.map(\.letter)
            && lhs.options.map(\.text) == rhs.options.map(\.text)
    }
}

extension Question {
    /// The view of this question for the learner.
    public func view(answered: AnswerRecord?) -> QuestionView {
        var options: [(letter: String, text: String)] = []
        let instruction: String
        switch kind {
        case .choice(let choices):
            options = choices.indices.map { (Question.letter($0), choices[$0].text) }
            let several = choices.filter(\.isCorrect).count > 1
            instruction = several ? "several options are right: answer with their letters, e.g. `a,c`" : "answer with a letter"
        case .number:
            instruction = "answer with a number"
        case .task:
            instruction = "run a lab command that does it"
        }
        return QuestionView(id: id, prompt: prompt, options: options, instruction: instruction, answered: answered)
    }
}
