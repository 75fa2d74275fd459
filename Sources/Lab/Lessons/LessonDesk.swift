#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lessons
import Rendering

/// The lab's side of lessons: the lessons found, the learner's progress, and the lesson
/// being taken with its runner.
///
/// Progress is saved after every change (see ``ProgressStore``), so `quit`, Ctrl-D or a
/// closed terminal lose nothing. The lesson commands (`lessons`, `start`, `next`, ...)
/// call into it, and while a lesson runs ``route(_:in:)`` decides what each typed line
/// is. A lesson's output comes back as blocks for the caller to print.
public final class LessonDesk {
    /// Where progress is saved; nil keeps it in memory only.
    public private(set) var store: ProgressStore?
    /// The state folder, when one is used (a lesson's commands may write there).
    public private(set) var stateDirectory: StateDirectory?
    /// The learner's progress, as last loaded or saved.
    public private(set) var progress = Progress()
    /// The lesson being taken, if any.
    public private(set) var runner: LessonRunner?
    /// Values for checks and numeric answers; nil uses the session's values.
    public var valueSource: (any ValueResolver)?
    /// Whether a lesson started at step 1 waits after its introduction for Enter: set for a
    /// learner at a terminal, never for piped input or scripts, whose lines run straight on
    /// (see ``LessonRunner/pausesAfterIntroduction``).
    public var pausesAfterIntroduction = false

    /// The lab as it was before the running lesson started, put back by ``leave(session:)``.
    /// A lesson runs in a lab of its own, empty when it starts as its author wrote it for, so
    /// that models or an input made before cannot change what its commands show.
    private var labBeforeLesson: LabState?
    /// The active lesson's progress as last saved (nil forces the next save).
    private var savedLessonProgress: LessonProgress?
    /// The last save error shown, so a failing disk is reported once, not after every step.
    private var lastSaveError: String?
    /// Where a `restart` that would clear answers stands: said and not yet done, a second
    /// `restart` right after it goes ahead.
    var restartRequest = RestartRequest.none

    /// A `restart` that would clear answers, asked to be typed again.
    enum RestartRequest {
        /// No `restart` waits to be confirmed.
        case none
        /// The line before was that `restart`.
        case asked
        /// The line before was an Enter right after it, which kept the answers: a `restart`
        /// still goes ahead, and another Enter carries on as Enter does.
        case keptByEnter
    }

    /// A desk with no state folder and no lesson running.
    public init() {}

    /// Whether a lesson is running (lines then go through ``route(_:in:)``).
    public var isActive: Bool { runner != nil }

    /// Keeps progress in `directory` and loads it.
    ///
    /// Returns a message for the learner when the old progress file was unreadable and
    /// moved aside, had lesson entries that were left out, or could not be read at all (progress then stays in memory only, so an
    /// unreadable file is never overwritten).
    public func useStateDirectory(_ directory: StateDirectory) -> String? {
        stateDirectory = directory
        let store = ProgressStore(directory: directory)
        do {
            let loaded = try store.load()
            self.store = store
            progress = loaded.progress
            return loaded.notice
        } catch {
            self.store = nil
            return "cannot \(error.action) \(error.path): \(error.cause); "
                + "lesson progress is kept in memory only until the lab ends, so that file is left untouched"
        }
    }

    // MARK: - Lessons

    /// Reads every lesson of the session's lessons folder; files with problems are left
    /// out and their problems returned. Also refreshes the ids Tab completes.
    public func loadLessons(for session: Session) -> (lessons: [Lesson], diagnostics: [Diagnostic]) {
        let loaded = LessonFolder(path: session.lessonsDirectory).load()
        session.lessonIds = loaded.lessons.map(\.id).sorted()
        return loaded
    }

    /// The folders a lesson's commands may use: its lessons folder (and the lesson file's
    /// own folder when it lies elsewhere) and the state folder, as absolute paths.
    public func fileRoots(for lesson: Lesson, session: Session) -> [String] {
        Self.fileRoots(lessonsFolder: session.lessonsDirectory, lessonFile: lesson.file, stateDirectory: stateDirectory)
    }

    /// The folders a lesson's commands may use, as absolute paths: the lesson file's own
    /// folder first (where its relative paths start, as a link in a page does), the lessons
    /// folder when that is another, and the state folder.
    public static func fileRoots(lessonsFolder: String, lessonFile: String, stateDirectory: StateDirectory?) -> [String] {
        var roots = [absolutePath(folder(of: lessonFile))]
        let lessons = absolutePath(lessonsFolder)
        if !roots.contains(lessons) { roots.append(lessons) }
        if let stateDirectory { roots.append(stateDirectory.path) }
        return roots
    }

    /// A host for the running lesson: it prints what it shows at once through the session's
    /// ``Session/blockOutput`` when there is one (so a step's text comes before the live
    /// lines of a training it runs), else collects it, and keeps the prompt at the step it
    /// shows, under which the step's commands come.
    func makeHost(for lesson: Lesson, session: Session) -> LabLessonHost {
        let host = LabLessonHost(session: session, fileRoots: fileRoots(for: lesson, session: session), valueSource: valueSource)
        host.onShow = session.blockOutput
        host.lessonID = lesson.id
        return host
    }

    /// Gives a lesson that starts an empty lab. The learner's own lab, when no lesson was
    /// running, is kept for ``leave(session:)``; a lesson's lab is dropped (its steps rebuild
    /// it). Returns a note when the learner's lab held anything.
    func emptyLab(forLessonIn session: Session) -> Block? {
        var note: Block?
        if runner == nil {
            let own = session.state
            labBeforeLesson = own
            let held = own.models.map { "`\($0.name)`" } + (own.input == nil ? [] : ["the input"])
            if !held.isEmpty {
                note = .note("the lesson runs in a lab of its own; what you had (\(held.joined(separator: ", "))) is set aside, "
                    + "and `leave` ends the lesson and brings it back")
            }
        }
        session.commit(LabState())
        return note
    }

    // MARK: - Running a lesson

    /// Starts `lesson`, resuming at the step reached before when there is one.
    public func start(_ lesson: Lesson, session: Session, missingRequirements: [String] = []) -> [Block] {
        var runner = LessonRunner(lesson: lesson, progress: progress.lessons[lesson.id])
        runner.pausesAfterIntroduction = pausesAfterIntroduction
        let host = makeHost(for: lesson, session: session)
        var blocks: [Block] = []
        if let note = emptyLab(forLessonIn: session) { blocks.append(note) }
        if !missingRequirements.isEmpty {
            let names = missingRequirements.map { "`\($0)`" }.joined(separator: ", ")
            blocks.append(.note("this lesson builds on \(names), not completed yet; it works on its own too"))
        }
        if let step = runner.resumableStep {
            host.emit(blocks)  // the runner says it resumes
            runner.start(at: step, host: host)
        } else {
            if progress.lessons[lesson.id]?.completed == true {
                blocks.append(.note("you completed this lesson before; your answers are kept (`restart` clears them, and the lesson stays completed)"))
            }
            host.emit(blocks)
            runner.start(at: 1, host: host)
        }
        self.runner = runner
        savedLessonProgress = nil
        return host.blocks + afterChange(session)
    }

    /// Performs a lesson command on the running lesson.
    public func perform(_ action: LessonAction, session: Session) -> [Block] {
        guard var runner else { return [.note(Self.noLessonRunning)] }
        let host = makeHost(for: runner.lesson, session: session)
        runner.perform(action, host: host)
        self.runner = runner
        return host.blocks + afterChange(session)
    }

    /// The step `goto` goes to: `text` read as one of the running lesson's step numbers, or
    /// an error that says which steps it has (`goto 99`, `goto 0` and `goto abc` alike).
    func gotoStep(_ text: String) throws(LabError) -> Int {
        let count = runner?.lesson.steps.count ?? 0
        guard let number = Int(text), number >= 1, number <= count else {
            let what = Int(text) == nil ? "'\(LabError.shortened(text))' is not a step number" : "there is no step \(text)"
            throw LabError("goto: \(what): this lesson has " + (count == 1 ? "only step 1" : "steps 1 to \(count)"))
        }
        return number
    }

    /// Tells the running lesson that the learner ran a lab command, so a waiting "do it"
    /// task is judged by what the command showed.
    ///
    /// `before` is the lab as it was before the command: a task's expected command is tried
    /// from there.
    public func commandRan(_ line: String, outcome: CommandOutcome, before: LabSnapshot?, session: Session) -> [Block] {
        guard var runner else { return [] }
        let host = makeHost(for: runner.lesson, session: session)
        host.stateBeforeJudgedCommand = before
        let result: Lessons.CommandOutcome = outcome.error.map { .failed($0.message) }
            ?? .succeeded(ResultSignature(session.record.facets))
        runner.commandRan(line, outcome: result, host: host)
        self.runner = runner
        return host.blocks + afterChange(session)
    }

    /// Tells the running lesson that `line`, typed by the learner, changed the lab its steps
    /// built, so a check that fails later says whose doing that may be.
    func learnerChangedLab(with line: String) {
        runner?.learnerChangedLab(with: line)
    }

    /// Tells the running lesson that `line`, typed by the learner, did its waiting task,
    /// taking the lab from `before` to `after`: what it changed counts as the lesson's own.
    func learnerDidTask(_ line: String, before: LabState, after: LabState, table: CommandTable) {
        runner?.learnerDidTask(from: before.lessonDescription, to: after.lessonDescription,
                               settingUp: before.setUp(by: line, table: table))
    }

    /// Stops the running lesson (its progress is already saved), puts back the lab the
    /// learner had before it, and clears the prompt.
    public func stop(session: Session) {
        if let labBeforeLesson { session.commit(labBeforeLesson) }
        labBeforeLesson = nil
        runner = nil
        savedLessonProgress = nil
        session.promptContext = nil
    }

    /// Ends the running lesson for `leave`: its progress stays saved, and the lab is back as
    /// it was before the lesson started.
    public func leave(session: Session) -> [Block] {
        guard let runner else { return [.note(Self.noLessonRunning)] }
        let id = runner.lesson.id, step = runner.stepNumber, count = runner.lesson.steps.count
        stop(session: session)
        let names = session.state.models.map { "`\($0.name)`" }
        let lab = names.isEmpty ? "empty, as it was before the lesson" : "back as it was before the lesson: \(names.joined(separator: ", "))"
        // a completed lesson starts again at step 1, unless taken again since a `restart`
        // (see LessonRunner.resumableStep)
        let comeBack = progress.lessons[id].map { !$0.isUnfinishedRun } == true && step > 1
            ? "you completed it before, so `start \(id)` begins it again and `goto \(step)` comes back here"
            : "`start \(id)` resumes there"
        return [.note("left `\(id)` at step \(step) of \(count); \(comeBack). The lab is \(lab)")]
    }

    /// Clears one lesson's progress, or everyone's; a running lesson whose progress is
    /// cleared is stopped.
    public func resetProgress(_ id: String?, session: Session) throws(LabError) {
        if let store {
            do {
                progress = try store.reset(id).progress
            } catch {
                throw LabError("\(error)")
            }
        } else if let id {
            progress.lessons[id] = nil
        } else {
            progress = Progress()
        }
        if let runner, id == nil || id == runner.lesson.id {
            stop(session: session)
        }
    }

    /// Saves the running lesson's progress when it changed, and updates the prompt.
    func afterChange(_ session: Session) -> [Block] {
        guard let runner else { return [] }
        session.promptContext = runner.promptLabel
        guard runner.progress != savedLessonProgress else { return [] }
        var blocks: [Block] = []
        if let store {
            do {
                let loaded = try store.update(lesson: runner.lesson.id, to: runner.progress)
                progress = loaded.progress
                if let notice = loaded.notice { blocks.append(.warning(notice)) }
                lastSaveError = nil
            } catch {
                progress.lessons[runner.lesson.id] = runner.progress
                let message = "\(error)"
                if message != lastSaveError { blocks.append(.warning(message)) }
                lastSaveError = message
            }
        } else {
            progress.lessons[runner.lesson.id] = runner.progress
        }
        savedLessonProgress = runner.progress
        return blocks
    }

    /// What the lesson commands say when no lesson runs.
    static let noLessonRunning = "no lesson is running: `lessons` lists them and `start ID` begins one"

    // MARK: - Paths

    /// The folder part of a file path (`.` when it has none).
    static func folder(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        let folder = String(file[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// `path` made absolute and resolved (symbolic links, `..`) when it exists.
    static func absolutePath(_ path: String) -> String {
        if let resolved = realpath(path, nil) {
            defer { free(resolved) }
            return String(cString: resolved)
        }
        if path.hasPrefix("/") { return path }
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return path }
        let cwd = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return cwd + "/" + path
    }
}
