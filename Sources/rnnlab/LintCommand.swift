import ArgumentParser
import Lab
import Lessons
import LineEditing

/// `rnnlab lint`: checks lesson files and reports problems as file:line.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check lesson files and report every problem as file:line:col.",
        discussion: """
            Checks the format, every command against the lab's commands and options, every \
            check and answer, question and lesson ids, and `requires`. Prints one line per \
            problem, then a summary; exits with 1 when there is any problem.
            """
    )

    @Argument(help: ArgumentHelp("Lesson files or folders (default: $RNNLAB_LESSONS, else ./lessons).", valueName: "path"))
    var paths: [String] = []

    func run() throws {
        let environment = Environment.current()
        let targets = paths.isEmpty ? [LessonsLocation.resolve(option: nil, environment: environment)] : paths
        let linter = LessonLinter(validator: LabCommandValidator())
        var diagnostics: [Diagnostic] = []
        var sources: [LessonLinter.Source] = []
        var knownIDs: Set<String> = []
        for path in targets {
            let files: [String]
            if LessonFolder.isDirectory(path) {
                do {
                    files = try LessonFolder(path: path).lessonFiles()
                } catch {
                    diagnostics.append(Diagnostic(SourceLocation(file: path, line: 1), error.message))
                    continue
                }
            } else {
                files = [path]
                // A file checked alone may require lessons that sit beside it.
                let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
                let siblings = LessonFolder(path: folder.isEmpty ? "." : folder)
                if LessonFolder.isDirectory(siblings.path) {
                    knownIDs.formUnion(siblings.load(parser: linter.parser).lessons.map(\.id))
                }
            }
            for file in files {
                do {
                    let text = try LessonFolder.readLesson(file, limit: linter.parser.limits.maximumFileBytes)
                    sources.append(LessonLinter.Source(path: file, text: text))
                } catch {
                    diagnostics.append(Diagnostic(SourceLocation(file: file, line: 1), error.message))
                }
            }
        }
        diagnostics += linter.lint(sources, knownIDs: knownIDs)
        let ordered = diagnostics.enumerated().sorted { left, right in
            let (a, b) = (left.element.location, right.element.location)
            if a.file != b.file { return a.file < b.file }
            if a.line != b.line { return a.line < b.line }
            if a.column != b.column { return a.column < b.column }
            return left.offset < right.offset
        }.map(\.element)
        var output = ordered.map { $0.description + "\n" }.joined()
        let fileCount = "\(sources.count) lesson file\(sources.count == 1 ? "" : "s")"
        if ordered.isEmpty {
            output += "checked \(fileCount): no problems\n"
        } else {
            let files = Set(ordered.map(\.location.file)).count
            output += "checked \(fileCount): \(ordered.count) problem\(ordered.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")\n"
        }
        StandardStreams.writeOutput(output)
        StandardStreams.flush()
        if !ordered.isEmpty { throw ExitCode(1) }
    }
}
