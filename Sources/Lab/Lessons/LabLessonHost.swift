import Lessons
import Rendering

/// The lab as a lesson runner sees it: shows lesson output as blocks, runs a lesson's
/// commands through the session, and answers its value questions.
///
/// A lesson file is untrusted. Its commands run through ``Session/executeCommand(_:)``
/// only when they are lab commands that neither move the lesson nor end the lab, and while
/// they run, file commands may only reach ``fileRoots`` (the lessons folder and the state
/// folder). There is no shell command in the lab, so a lesson cannot run one.
public final class LabLessonHost: LessonHost {
    /// The session the lesson runs in.
    public let session: Session
    /// The folders a lesson's commands may read or write under.
    public let fileRoots: [String]
    /// Where values come from; nil means the session.
    public let valueSource: (any ValueResolver)?
    /// Receives blocks as they are shown; nil collects them in ``blocks``.
    public var onShow: (([Block]) -> Void)?
    /// What was shown so far, when ``onShow`` is nil.
    public private(set) var blocks: [Block] = []
    /// The lab as it was before the command being judged ran, when known: a task's expected
    /// command is tried from there, so a command that changes the lab (`model ...`) is
    /// compared with what the expected command would have done in its place.
    public var stateBeforeJudgedCommand: LabSnapshot?
    /// The running lesson's id when the learner takes it at the lab's prompt: each step it
    /// enters then sets the prompt (``Session/promptContext``) at once, so the step's own
    /// commands come under the prompt the learner types at in that step. Nil (an `--auto`
    /// run) leaves the prompt as it is.
    public var lessonID: String?
    /// Says which signal asked the program to end (`SIGTERM`, `SIGHUP`), once one did:
    /// `lesson run --auto` reads it from its handler, and the run stops there; the lab at
    /// its prompt leaves it nil.
    public var termination: () -> String? = { nil }
    /// Whether the last thing shown was a command with no output (commands then follow
    /// one another without blank lines).
    private var lastWasBareCommand = false

    /// Creates a host for `session`.
    public init(session: Session, fileRoots: [String], valueSource: (any ValueResolver)? = nil) {
        self.session = session
        self.fileRoots = fileRoots
        self.valueSource = valueSource
    }

    /// Shows one piece of lesson output.
    public func show(_ output: LessonOutput) {
        lastWasBareCommand = false
        if let lessonID, case .stepHeading(let number, let count, _) = output {
            session.promptContext = LessonRunner.promptLabel(lesson: lessonID, step: number, of: count)
        }
        emit(output.blocks)
    }

    /// The signal that asked the program to end, as ``termination`` says.
    public var terminationSignal: String? { termination() }

    /// Empties the lab, as it is when the lesson begins.
    public func resetLab() {
        session.commit(LabState())
    }

    /// Runs a lesson's command as if typed and shows it after the prompt (`rnnlab[lesson
    /// 2/9]> command`, as the learner would type it in that step) and its output;
    /// quietly, only a failure is shown, in one line.
    public func run(_ command: String, quietly: Bool) -> Lessons.CommandOutcome {
        if let refusal = Self.refusal(for: command, table: session.table) {
            emit([.error(refusal)])
            return .failed(refusal)
        }
        let before = LabSnapshot(of: session)
        if !quietly {
            // the command line first: a training's live lines then come under it
            let echo = Block.preformatted(session.prompt + command)
            emit(lastWasBareCommand ? [echo] : [LessonProse.blankLine, echo])
        }
        // Each of a lesson's commands is a command of its own: a Ctrl-C that stopped the
        // last one (a long training, say) does not stop this one as soon as it starts.
        session.interruptionReset()
        // a quiet replay draws no progress lines either (a race's would stay above the step it
        // resumes at), only the line that says a slow command still runs
        session.replaysQuietly = quietly
        let outcome = withLessonFileRoots { session.executeCommand(command) }
        session.replaysQuietly = false
        let facets = session.record.facets
        if !quietly { stateBeforeJudgedCommand = before }
        // a training stopped part way succeeds with the weights it reached; other commands fail
        let stopped = outcome.error.map { $0.kind == .interrupted } ?? session.isInterrupted()
        if quietly {
            if let error = outcome.error, !stopped {
                emit([.note("replaying `\(command)` failed: \(error.message)")])
            }
        } else {
            emit(outcome.blocksIncludingError)
            lastWasBareCommand = outcome.blocksIncludingError.isEmpty
        }
        if stopped { return .stopped }  // the runner says so, and which step runs it again
        if let error = outcome.error { return .failed(error.message) }
        return .succeeded(ResultSignature(facets))
    }

    /// What `command` would show: it runs on the lab as it was before the command being
    /// judged (``stateBeforeJudgedCommand``, else as it is now), and the session's state,
    /// record and model names are then put back as they were; nothing is shown.
    public func signature(of command: String) -> Lessons.CommandOutcome {
        if let refusal = Self.refusal(for: command, table: session.table) { return .failed(refusal) }
        let now = LabSnapshot(of: session)
        let savedRecord = session.record
        defer {
            now.restore(into: session)
            session.record = savedRecord
        }
        stateBeforeJudgedCommand?.restore(into: session)
        session.record.allowedFileRoots = fileRoots
        do {
            if let facets = try session.declaredResultFacets(of: command) { return .succeeded(ResultSignature(Set(facets))) }
        } catch {
            return .failed(error.message)
        }
        let outcome = session.executeCommand(command)
        if let error = outcome.error { return .failed(error.message) }
        return .succeeded(ResultSignature(session.record.facets))
    }

    /// The lab fact by fact, as a lesson compares it with what its own commands built.
    public func describeLab() -> LabDescription {
        session.state.lessonDescription
    }

    /// What `command` would set up afresh in the lab as it is now (see
    /// ``LabState/setUp(by:table:)``).
    public func setUp(by command: String) -> LabDescription.Scope {
        session.state.setUp(by: command, table: session.table)
    }

    /// The options `command` gives a value, read as the lab reads its line: those typed,
    /// and those left at the default its command declares. Flags have no value and are left
    /// out; nil when the line does not parse.
    public func options(of command: String) -> CommandOptions? {
        guard let tokens = try? Tokenizer.tokenize(command), let name = tokens.first?.text,
              let spec = session.table.command(named: name),
              let parsed = try? spec.parse(Array(tokens.dropFirst())) else { return nil }
        var options = CommandOptions(typed: [:])
        for option in spec.options where option.kind != nil {
            guard let value = parsed.string(option.name) else { continue }
            if parsed.defaulted.contains(option.name) { options.defaulted[option.name] = value } else { options.typed[option.name] = value }
        }
        return options
    }

    /// The values a check or a numeric answer names.
    public func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        if let valueSource { return try valueSource.values(of: reference) }
        return try session.values(of: reference)
    }

    /// The values a check names, with where each one is.
    public func placedValues(of reference: ValueReference) throws(ValueResolutionError) -> PlacedValues {
        if let valueSource { return try valueSource.placedValues(of: reference) }
        return try session.placedValues(of: reference)
    }

    /// Why a lesson may not run `line`, or nil when it may.
    ///
    /// Lesson commands (`next`, `start`, ...) and `quit` are refused: a lesson's blocks
    /// may not move the lesson or end the lab. Unknown commands are left to the session,
    /// which reports them like any typed line.
    public static func refusal(for line: String, table: CommandTable) -> String? {
        guard let first = (try? Tokenizer.tokenize(line))?.first?.text,
              let command = table.command(named: first) else { return nil }
        if command.topic == .lessons || command.name == "quit" {
            return "a lesson may only run lab commands, not `\(command.name)`, which moves the lesson or ends the lab"
        }
        return nil
    }

    /// Runs `body` with file commands confined to the lesson's folders, then restores the
    /// folders the session had.
    func withLessonFileRoots<Result>(_ body: () -> Result) -> Result {
        let saved = session.record.allowedFileRoots
        session.record.allowedFileRoots = fileRoots
        defer { session.record.allowedFileRoots = saved }
        return body()
    }

    /// Shows blocks of the lab's own (notes about the lesson) in line with the lesson's output.
    func emit(_ shown: [Block]) {
        guard !shown.isEmpty else { return }
        if let onShow { onShow(shown) } else { blocks += shown }
    }
}
