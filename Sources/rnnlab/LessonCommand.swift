import ArgumentParser

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
        abstract: "Run a lesson: every command block, check and quiz."
    )

    @Argument(help: ArgumentHelp("A lesson id or a lesson file.", valueName: "id-or-file"))
    var lesson: String

    @Flag(name: .long, help: "Run without a person: answer quizzes from the lesson, fail on a failed check.")
    var auto = false

    @Option(name: .long, help: ArgumentHelp("The folder of lesson files (default: $RNNLAB_LESSONS, else ./lessons).", valueName: "dir"))
    var lessons: String?

    func run() throws {
        throw UnavailableInThisBuild.exit("rnnlab lesson run")
    }
}
