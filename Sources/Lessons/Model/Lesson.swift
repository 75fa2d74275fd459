/// A parsed lesson: its front matter, introduction and steps.
///
/// Lessons are untrusted input; a `Lesson` only exists after `LessonParser` has checked
/// the file against `LessonLimits`.
public struct Lesson: Sendable, Equatable {
    /// The file the lesson came from, as given to the parser (used in every message).
    public var file: String
    /// The lesson's unique id (front matter `id`), e.g. `lstm-gates`.
    public var id: String
    /// The human title (front matter `title`).
    public var title: String
    /// Ids of lessons to take first (front matter `requires`).
    public var requires: [String]
    /// Estimated minutes (front matter `minutes`), when given.
    public var minutes: Int?
    /// Prose before the first `##` heading (after the `#` title), shown when the lesson starts.
    public var introduction: [ProseBlock]
    /// The steps, one per `##` heading, in file order (step 1 is `steps[0]`).
    public var steps: [Step]
    /// Where the front matter starts (line 1 when present).
    public var location: SourceLocation
    /// Where the `id:` line is (the front matter's start when there is none).
    public var idLocation: SourceLocation
    /// Where the `requires:` line is (the front matter's start when there is none).
    public var requiresLocation: SourceLocation
    /// Where each id of `requires` is written: its line and the column it starts at.
    public var requirementLocations: [String: SourceLocation]

    /// Creates a lesson from its parts.
    public init(
        file: String, id: String, title: String, requires: [String], minutes: Int?,
        introduction: [ProseBlock], steps: [Step], location: SourceLocation
    ) {
        self.file = file
        self.id = id
        self.title = title
        self.requires = requires
        self.minutes = minutes
        self.introduction = introduction
        self.steps = steps
        self.location = location
        self.idLocation = location
        self.requiresLocation = location
        self.requirementLocations = [:]
    }

    /// Where `id` is written in the front matter's `requires`, else the `requires:` line.
    public func location(ofRequirement id: String) -> SourceLocation {
        requirementLocations[id] ?? requiresLocation
    }

    /// Every question of the lesson, in order.
    public var questions: [Question] {
        steps.flatMap { step in step.items.compactMap { if case .question(let q) = $0 { q } else { nil } } }
    }

    /// The step (1-based number) that holds the question with this id.
    public func stepNumber(ofQuestion id: String) -> Int? {
        for (index, step) in steps.enumerated() where step.questions.contains(where: { $0.id == id }) {
            return index + 1
        }
        return nil
    }
}

/// One step of a lesson: a `##` heading and what follows it up to the next one.
public struct Step: Sendable, Equatable {
    /// The heading text, without the `##`.
    public var title: String
    /// What the step holds, in file order.
    public var items: [StepItem]
    /// The heading's location.
    public var location: SourceLocation

    /// Creates a step.
    public init(title: String, items: [StepItem], location: SourceLocation) {
        self.title = title
        self.items = items
        self.location = location
    }

    /// The step's questions, in order.
    public var questions: [Question] {
        items.compactMap { if case .question(let q) = $0 { q } else { nil } }
    }
}

/// One piece of a step, in the order the learner meets it.
public enum StepItem: Sendable, Equatable {
    /// Text to show (Markdown-lite: paragraphs, lists, `**bold**`, `*em*`, `` `code` ``, code blocks).
    case prose(ProseBlock)
    /// A lab command from an `rnnlab` block (one item per command line).
    case command(LessonCommand)
    /// A question from a `quiz` block.
    case question(Question)
    /// An assertion from a `check` block.
    case check(Check)
}

/// A run of prose as the author wrote it.
public struct ProseBlock: Sendable, Equatable {
    /// The text, lines joined with `\n`; a code block keeps its fences out and sets `isCode`.
    public var text: String
    /// True for a fenced block of another language (shown verbatim, never run).
    public var isCode: Bool
    /// Where the block starts.
    public var location: SourceLocation

    /// Creates a prose block.
    public init(text: String, isCode: Bool = false, location: SourceLocation) {
        self.text = text
        self.isCode = isCode
        self.location = location
    }
}

/// A lab command line from an `rnnlab` block.
public struct LessonCommand: Sendable, Equatable {
    /// The command exactly as written, without a trailing `# comment`.
    public var line: String
    /// Where the command starts in the file (its column is the first character of `line`).
    public var location: SourceLocation

    /// Creates a command.
    public init(line: String, location: SourceLocation) {
        self.line = line
        self.location = location
    }
}

/// A file position, 1-based.
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The file as given to the parser.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column (in characters).
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:col`.
    public var description: String { "\(file):\(line):\(column)" }
}
