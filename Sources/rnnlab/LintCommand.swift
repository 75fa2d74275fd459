import ArgumentParser
import Lab
import Lessons
import LineEditing
import Rendering

/// `rnnlab lint`: checks lesson files and reports problems as file:line.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check lesson files and report every problem as file:line:col.",
        discussion: """
            Checks the format, every command against the lab's commands and options (and \
            the lengths train, race and feed take), every check and answer (unknown values, \
            models the lesson never makes, an answer of more than one number, a tolerance \
            that accepts 0, a claim comparing a value with itself, however it is written, such as \
            abs(h) == abs(-h)), question and lesson ids, \
            and `requires` (a file named on its \
            own may require the lessons beside it and those of the lessons folder, and may \
            not have the id of a lessons folder file of another name). Prints one line per \
            problem, then a summary; exits with 1 when there is any problem.
            """
    )

    @Argument(help: ArgumentHelp("Lesson files or folders (default: the lessons folder).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var lessonsOption: LessonsOption

    func run() throws {
        let environment = Environment.current()
        let lessonsFolder = LessonsLocation.resolve(option: lessonsOption.lessons, environment: environment)
        let targets = paths.isEmpty ? [lessonsFolder] : paths.map { FileAccess.expandingHome($0) }
        // a file on its own may require the lessons of the lessons folder, where it will go
        let (diagnostics, lessonFiles) = LessonLinter(validator: LabCommandValidator())
            .lintFiles(paths: targets, lessonsFolder: lessonsFolder)
        let ordered = Self.ordered(diagnostics)
        var output = ordered.map { $0.description + "\n" }.joined()
        let fileCount = "\(lessonFiles) lesson file\(lessonFiles == 1 ? "" : "s")"
        if ordered.isEmpty {
            output += "checked \(fileCount): no problems\n"
        } else {
            let files = Set(ordered.map(\.location.file)).count
            output += "checked \(fileCount): \(ordered.count) problem\(ordered.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")\n"
        }
        StandardStreams.writeOutput(output.escapingControlCharacters)
        StandardStreams.flush()
        if !ordered.isEmpty { throw ExitCode(1) }
    }

    /// Diagnostics in file order: by file, line and column, those at one place as found.
    static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { left, right in
            let (a, b) = (left.element.location, right.element.location)
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return left.offset < right.offset
        }.map(\.element)
    }
}
