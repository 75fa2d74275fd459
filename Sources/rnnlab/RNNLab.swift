import ArgumentParser
import Lab
import Lessons
import LineEditing
import Rendering

/// `rnnlab`: opens the lab, or runs one of the tools (`eval`, `lint`, `lesson run`, `bench`).
@main
struct RNNLab: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rnnlab",
        abstract: "A terminal lab for learning recurrent neural networks (RNN, LSTM, GRU).",
        discussion: """
            Without a subcommand, opens the lab. On a terminal it has line editing, history \
            and Tab completion; with piped input it reads one command per line, with no \
            prompt and no color, skipping blank lines and # comments.

            In the lab, `help` lists its commands (model, feed, show, train, race, …) and \
            `help COMMAND` explains one; `rnnlab help COMMAND` shows the same here.
            """,
        version: "rnnlab \(LabVersion.current)",
        subcommands: [EvalCommand.self, LintCommand.self, LessonCommand.self, BenchCommand.self]
    )

    /// Answers `rnnlab help COMMAND` for a command of the lab (see ``LabCommandHelp``), and
    /// leaves everything else to the argument parser.
    static func main() {
        if let answer = LabCommandHelp.answer(Array(CommandLine.arguments.dropFirst())) {
            let status = LabCommandHelp.show(answer, environment: Environment.current())
            if status != 0 { exit(withError: ExitCode(status)) }
            return
        }
        main(nil)
    }

    @Option(name: .long, help: ArgumentHelp("Run the commands in FILE instead of reading input.", valueName: "file"))
    var script: String?

    @OptionGroup var display: DisplayOptions

    @OptionGroup var lessonsOption: LessonsOption

    mutating func run() throws {
        // Training and inspection allocate a trace per forward pass, as the bench does.
        FreedMemory.keepForReuse()
        let lessons = lessonsOption.lessons
        let environment = Environment.current()
        let settings = display.terminalSettings(environment: environment)
        let session = Session(lessonsDirectory: LessonsLocation.resolve(option: lessons, environment: environment))
        // Progress is read once here, so an unreadable file is moved aside and said so at startup.
        let stateDirectory = StateDirectory.fromEnvironment(environment.variables)
        if let notice = session.lessonDesk.useStateDirectory(stateDirectory) {
            StandardStreams.writeError("rnnlab: \(notice.escapingControlCharacters)\n")
        }
        session.record.labFiles = stateDirectory.labFiles
        let shell = LabShell(session: session, settings: settings, environment: environment)
        // `--script=~/x` reaches here unexpanded (a shell expands `~` only at a word's start)
        let status = try shell.run(scriptPath: script.map { FileAccess.expandingHome($0) })
        if status != 0 { throw ExitCode(status) }
    }
}

/// Output options shared by the lab and the subcommands that print blocks.
struct DisplayOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("When to use color: auto, always or never.", valueName: "when"))
    var color: ColorMode = .auto

    @Flag(name: .customLong("no-color"), help: "Never use color (same as --color never).")
    var noColor = false

    @Flag(name: .long, help: "Draw with ASCII characters only.")
    var ascii = false

    /// The terminal settings these options and the environment select.
    func terminalSettings(environment: Environment) -> TerminalSettings {
        TerminalSettings.detect(
            colorMode: noColor ? .never : color,
            asciiOnly: ascii,
            environment: environment
        )
    }
}

extension ColorMode: ExpressibleByArgument {}

/// `--lessons DIR`, shared by the lab and `lesson run`: declared once in a group so the
/// subcommand receives the value (an option declared separately in both would go to the lab).
struct LessonsOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The folder of lesson files (default: $RNNLAB_LESSONS, else ./lessons).", valueName: "dir"))
    var lessons: String?
}

/// Where lesson files are: `--lessons`, else `RNNLAB_LESSONS`, else `./lessons`; a leading
/// `~` or `$HOME` names the home folder, as in the lab.
enum LessonsLocation {
    static func resolve(option: String?, environment: Environment) -> String {
        if let option, !option.isEmpty { return FileAccess.expandingHome(option) }
        if let variable = environment["RNNLAB_LESSONS"], !variable.isEmpty { return FileAccess.expandingHome(variable) }
        return "lessons"
    }
}
