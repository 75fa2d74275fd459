import Rendering

/// The lab's state and its single interpreter.
///
/// Everything that runs commands (the prompt, scripts, lessons, tests) goes through
/// ``execute(_:)``, so a command behaves the same wherever it is typed. The session is a
/// class because its identity matters: commands change the one lab a learner works in.
/// It is used from one thread.
public final class Session {
    /// The commands this session understands.
    public let table: CommandTable

    /// Where lesson files are looked for.
    public var lessonsDirectory: String

    // MARK: - Lab state (commands add what they keep here: models, input, last trace, ...)

    /// The models, the input and the cursor: everything a learner has built.
    public var state = LabState()

    /// What the last command showed and where file commands may reach.
    public var record = SessionRecord()

    /// Shown inside the prompt's brackets, e.g. `lstm-gates 3/9`; nil for a plain prompt.
    public var promptContext: String?

    /// Names of the models the learner created (completion source ``CompletionSource/models``).
    public var modelNames: [String] = []

    /// Quantities commands can show (completion source ``CompletionSource/quantities``):
    /// the current model's, or every cell's before there is a model, as typed and spelled
    /// in words (``Quantity/completionNames(for:)``).
    public var quantityNames: [String] = Quantity.completionNames(for: nil)

    /// Ids of the lessons found (completion source ``CompletionSource/lessons``).
    ///
    /// Read from ``lessonsDirectory`` the first time they are asked for, not when the lab
    /// starts: parsing every lesson took most of the lab's start-up time. Listing or
    /// starting lessons reads the folder again and refreshes them.
    public var lessonIds: [String] {
        get {
            if knownLessonIds == nil { _ = lessonDesk.loadLessons(for: self) }
            return knownLessonIds ?? []
        }
        set { knownLessonIds = newValue }
    }

    private var knownLessonIds: [String]?

    /// The lessons found, the learner's progress and the lesson being taken.
    public let lessonDesk = LessonDesk()

    // MARK: - Wiring

    /// Reports whether Ctrl-C was pressed; the program injects the real check.
    public var interruptionCheck: () -> Bool = { false }
    /// Forgets an earlier Ctrl-C, so that the next command runs; the program injects it.
    public var interruptionReset: () -> Void = {}

    /// Where long commands show progress while they run; nil shows nothing (see Session+Live.swift).
    public var liveOutput: (any LiveOutput)?
    /// The command running now, for the line that says it still runs (see ``isInterrupted()``).
    var runningCommand: RunningCommand?
    /// The command that ran last, after it ended: its blocks are laid out as part of it
    /// (``render(_:with:)``).
    var finishedCommand: RunningCommand?
    /// How long a command runs before a terminal shows that it still does.
    public var slowCommandThreshold: Duration = .seconds(1)
    /// Set while a lesson replays earlier steps' commands quietly: they draw no progress.
    public var replaysQuietly = false
    /// Prints blocks at once, before the command that made them ends; nil leaves them in the
    /// command's outcome. A lesson step shows its text through it before the commands it
    /// runs, so a training's live lines come after the step's heading, not before.
    public var blockOutput: (([Block]) -> Void)?
    /// The spectral radii and norms of recurrent blocks measured so far, for weights that
    /// have not changed since.
    var spectra = RecurrentSpectra()

    private var quitRequested = false

    /// Creates a session with the given commands (all of the lab's by default).
    public init(commands: [CommandSpec] = LabCommands.all, lessonsDirectory: String = "lessons") {
        self.table = CommandTable(commands)
        self.lessonsDirectory = lessonsDirectory
    }

    /// The prompt: `rnnlab> `, or `rnnlab[context]> ` when a context is set.
    public var prompt: String {
        guard let promptContext, !promptContext.isEmpty else { return "rnnlab> " }
        return "rnnlab[\(promptContext)]> "
    }

    /// Runs one line and returns what it produced.
    ///
    /// While a lesson runs, the line goes to ``LessonDesk/route(_:in:)`` first: a blank line
    /// or a lesson command moves the lesson, an answer answers its question, and a lab
    /// command runs and is shown to the lesson. Otherwise it runs as a lab command
    /// (``executeCommand(_:)``): blank lines and `# comment` lines produce an empty outcome.
    public func execute(_ line: String) -> CommandOutcome {
        finishedCommand = nil
        if lessonDesk.isActive { return lessonDesk.route(line, in: self) }
        return executeCommand(line)
    }

    /// Runs one line as a lab command, with no lesson routing; `record.facets` starts empty.
    ///
    /// Lesson blocks run through this, so a lesson file cannot move the lesson itself.
    public func executeCommand(_ line: String) -> CommandOutcome {
        quitRequested = false
        record.facets = []
        defer { endRunningCommand() }
        do {
            let tokens = try Tokenizer.tokenize(line)
            guard let first = tokens.first else { return CommandOutcome() }
            startRunningCommand(first.text)
            guard let command = table.command(named: first.text) else {
                throw LabError.unknownCommand(first.text, known: table.allNames)
            }
            if command.asksForHelp(Array(tokens.dropFirst())) { return CommandOutcome(blocks: help(for: command)) }
            let arguments = try command.parse(Array(tokens.dropFirst()))
            let blocks = try command.run(Invocation(session: self, command: command, arguments: arguments))
            return CommandOutcome(blocks: blocks, shouldQuit: quitRequested)
        } catch let error as LabError {
            return CommandOutcome(error: error, shouldQuit: quitRequested)
        } catch {
            return CommandOutcome(error: LabError(String(describing: error)), shouldQuit: quitRequested)
        }
    }

    /// What `line` records when it completes, for a command that says so without running
    /// (``CommandSpec/resultFacets``); nil for the others, which must run to find out.
    public func declaredResultFacets(of line: String) throws(LabError) -> [String]? {
        do {
            let tokens = try Tokenizer.tokenize(line)
            guard let first = tokens.first, let command = table.command(named: first.text), let resultFacets = command.resultFacets else {
                return nil
            }
            let arguments = try command.parse(Array(tokens.dropFirst()))
            return try resultFacets(Invocation(session: self, command: command, arguments: arguments))
        } catch let error as LabError {
            throw error
        } catch {
            throw LabError(String(describing: error))
        }
    }

    /// Whether Ctrl-C was pressed since the current command started. Long commands ask
    /// often, which is also when a terminal is told that a slow one still runs
    /// (``showRunningLine()``).
    public func isInterrupted() -> Bool {
        showRunningLine()
        return interruptionCheck()
    }

    /// Throws ``LabError/interrupted`` when Ctrl-C was pressed; long commands call it often.
    public func checkInterruption() throws(LabError) {
        if isInterrupted() { throw LabError.interrupted }
    }

    /// Asks the lab to end after the current command.
    public func requestQuit() {
        quitRequested = true
    }
}
