import ArgumentParser

/// `rnnlab lint`: checks lesson files and reports problems as file:line.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check lesson files and report every problem as file:line."
    )

    @Argument(help: ArgumentHelp("Lesson files or folders (default: the lessons folder).", valueName: "path"))
    var paths: [String] = []

    func run() throws {
        throw UnavailableInThisBuild.exit("rnnlab lint")
    }
}
