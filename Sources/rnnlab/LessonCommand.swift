#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Lab
import Lessons
import LineEditing
import Rendering

/// `rnnlab lesson`: tools for lessons; `lesson run` runs one headless.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Work with lessons.",
        subcommands: [LessonRunCommand.self]
    )
}

/// `rnnlab lesson run ID|FILE --auto`: runs every block of a lesson and checks its claims.
struct LessonRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a lesson: every command block, check and quiz.",
        discussion: """
            With --auto, runs the lesson without a person: every command runs, every \
            question is answered with its own right answer, every check is evaluated. The \
            lesson's output goes to standard output, without color. Every failing check \
            and every question its own answer does not satisfy (a do-it task whose command \
            fails among them) is reported on standard error as file:line, and the run goes \
            on; then a line says how many failed, and the exit status is 1. A failing \
            command of an rnnlab block ends the run there, and the last line says why: the \
            steps after it build on what it makes, and would fail only for want of it. \
            Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the running command the same way, so \
            a run stopped by `timeout` says where it was; one between two commands stops \
            the run before the second. The same signal again ends the run at once.
            """
    )

    @Argument(help: ArgumentHelp("A lesson id or a lesson file.", valueName: "id-or-file"))
    var lesson: String

    @Flag(name: .long, help: "Run without a person: answer quizzes from the lesson, fail on a failed check.")
    var auto = false

    @OptionGroup var lessonsOption: LessonsOption

    func run() throws {
        guard auto else {
            StandardStreams.writeError("rnnlab lesson run: add --auto to run the lesson headless; to take it yourself, open the lab (`rnnlab`) and type `start \(lesson)`\n")
            throw ExitCode(64)  // a usage error, as the argument parser's own
        }
        let environment = Environment.current()
        let folder = LessonsLocation.resolve(option: lessonsOption.lessons, environment: environment)
        let found: Lesson
        switch Self.find(FileAccess.expandingHome(lesson), folder: folder) {
        case .success(let lesson): found = lesson
        case .failure(let problem):
            StandardStreams.writeError(problem.description.escapingControlCharacters + "\n")
            throw ExitCode(1)
        }
        let session = Session(lessonsDirectory: folder)
        // Ctrl-C (SIGINT), SIGTERM (as `timeout` sends it) and SIGHUP stop the running
        // command, and the run then says at which step and command it stopped, as a failing
        // command's does. Each is a request to end that stays when the Ctrl-C flag is
        // cleared before the next command, which the run then does not start: a Ctrl-C
        // during a lesson's many quick commands, which do not look, most often came
        // between two, and the run went on to pass.
        Termination.installHandler(includingCtrlC: true)
        session.interruptionCheck = { Interruption.isRequested || Termination.isRequested }
        session.interruptionReset = { Interruption.clear() }
        let stateDirectory = StateDirectory.fromEnvironment(environment.variables)
        session.record.labFiles = stateDirectory.labFiles
        let host = LabLessonHost(
            session: session,
            fileRoots: LessonDesk.fileRoots(lessonsFolder: folder, lessonFile: found.file, stateDirectory: stateDirectory))
        host.termination = { Termination.signalName }
        let renderer = Renderer(caps: TerminalCaps(width: TerminalSettings.width(environment: environment), color: false, unicode: true))
        host.onShow = { blocks in
            StandardStreams.writeOutput(renderer.render(blocks))
            StandardStreams.flush()
        }
        let report = AutoRunner.run(found, host: host)
        StandardStreams.flush()
        if !report.passed {
            let failures = report.failures.map { $0.description + "\n" }.joined()
            StandardStreams.writeError((failures + "\(found.file): \(report.summary)\n").escapingControlCharacters)
            throw ExitCode(1)
        }
        let steps = "\(report.stepsRun) step\(report.stepsRun == 1 ? "" : "s")"
        let questions = "\(report.questionsAnswered) question\(report.questionsAnswered == 1 ? "" : "s")"
        StandardStreams.writeError("\(found.file): passed (\(steps), \(questions))\n")
    }

    /// Problems finding or reading the lesson, one per line.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// Every problem `rnnlab lint` finds in the lesson file at `path`, one per line in file
    /// order, for a lesson that cannot run: the lab's own checks (an unknown option in an
    /// `expect:` command, an unknown value) with the format's, so that one run tells the
    /// author all there is to fix. Nil when lint finds none.
    static func lintProblems(in path: String, folder: String) -> String? {
        let diagnostics = LessonLinter(validator: LabCommandValidator()).lintFiles(paths: [path], lessonsFolder: folder).diagnostics
        guard !diagnostics.isEmpty else { return nil }
        return LintCommand.ordered(diagnostics).map(\.description).joined(separator: "\n")
    }

    /// The lesson `name` means: a file when one exists at that path, else an id (or file
    /// name) in `folder`.
    static func find(_ name: String, folder: String) -> Result<Lesson, Problem> {
        let parser = LessonParser()
        if access(name, F_OK) == 0 && !LessonFolder.isDirectory(name) {
            do {
                let text = try LessonFolder.readLesson(name, limit: parser.limits.maximumFileBytes)
                return .success(try parser.lesson(from: text, file: name))
            } catch let error as LessonFileError {
                return .failure(Problem(description: lintProblems(in: name, folder: folder) ?? error.description))
            } catch {
                return .failure(Problem(description: "\(error)"))
            }
        }
        let loaded = LessonFolder(path: folder).load(parser: parser)
        if let lesson = LessonCatalog.find(name, in: loaded.lessons) { return .success(lesson) }
        let broken = loaded.diagnostics.filter { $0.location.file.hasSuffix("/" + name) || $0.location.file.hasSuffix("/" + name + ".md") }
        if let file = broken.first?.location.file {
            return .failure(Problem(description: lintProblems(in: file, folder: folder)
                ?? broken.map(\.description).joined(separator: "\n")))
        }
        guard LessonFolder.isDirectory(folder) else {
            return .failure(Problem(description: "rnnlab: no lesson file `\(name)`, and no lessons folder \(folder) to find it in; give a lesson file's path or --lessons DIR"))
        }
        let ids = loaded.lessons.map(\.id).sorted()
        var known = ids.isEmpty ? "it has no lessons" : "its lessons are " + ids.joined(separator: ", ")
        // a lesson file with problems is no lesson of the list, though it may be the one meant
        let unusable = Set(loaded.diagnostics.map { $0.location.file.split(separator: "/").last.map(String.init) ?? $0.location.file }).sorted()
        if !unusable.isEmpty {
            let files = unusable.count == 1 ? "the file \(unusable[0]) is" : "the files \(unusable.joined(separator: ", ")) are"
            known += "; \(files) left out for problems that `rnnlab lint \(folder)` names"
        }
        if let meant = Suggestion.nearest(to: name, among: ids) {
            return .failure(Problem(description: "rnnlab: no lesson file or lesson id `\(name)` in \(folder) — did you mean `\(meant)`? (\(known))"))
        }
        return .failure(Problem(description: "rnnlab: no lesson file or lesson id `\(name)` in \(folder); \(known)"))
    }
}
