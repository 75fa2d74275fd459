/// Finds every problem in a set of lesson files, as `file:line:col: message` diagnostics.
public struct LessonLinter {
    /// Checks commands and value names against the lab; nil checks only the format.
    public var validator: (any CommandValidator)?
    /// The parser (and its limits).
    public var parser: LessonParser

    /// Creates a linter.
    public init(validator: (any CommandValidator)?, parser: LessonParser = LessonParser()) {
        self.validator = validator
        self.parser = parser
    }

    /// A lesson file's path and text.
    public struct Source: Sendable {
        /// The path, as shown in diagnostics.
        public var path: String
        /// The file's text.
        public var text: String

        /// Creates a source.
        public init(path: String, text: String) {
            self.path = path
            self.text = text
        }
    }

    /// Lints the files together: `requires` may name any of them or any id in `knownIDs`.
    public func lint(_ sources: [Source], knownIDs: Set<String> = []) -> [Diagnostic] {
        lintLessons(sources, knownIDs: knownIDs).diagnostics
    }

    /// Lints the files together, and gives the lessons read from them.
    func lintLessons(_ sources: [Source], knownIDs: Set<String>) -> (diagnostics: [Diagnostic], lessons: [Lesson]) {
        var diagnostics: [Diagnostic] = []
        var lessons: [Lesson] = []
        for source in sources {
            let result = parser.parse(source.text, file: source.path)
            diagnostics += result.diagnostics
            diagnostics += lintControlCharacters(in: source)
            if let lesson = result.lesson {
                lessons.append(lesson)
                // a quiz left out for its problems is checked for its others as far as it was read
                let drafts = result.unusableQuizzes.compactMap(\.draft)
                diagnostics += lintChoices(of: lesson.questions + drafts)
                diagnostics += lintClaims(of: lesson, drafts: drafts)
                diagnostics += lintIndentedOptions(of: lesson.questions + drafts)
                diagnostics += lintContent(of: lesson, unusableQuizzes: result.unusableQuizzes)
            }
        }
        var firstFile: [String: String] = [:]
        for lesson in lessons where !lesson.id.isEmpty {
            if let other = firstFile[lesson.id] {
                diagnostics.append(Diagnostic(lesson.idLocation, "duplicate lesson id `\(lesson.id)`: \(other) has it too"))
            } else {
                firstFile[lesson.id] = lesson.file
            }
        }
        let ids = knownIDs.union(firstFile.keys)
        let valid = ids.filter(ParseState.isLessonID).sorted()
        for lesson in lessons {
            if lesson.requires.contains(lesson.id) {
                diagnostics.append(Diagnostic(lesson.location(ofRequirement: lesson.id), "the lesson requires itself"))
            }
            let unknown = lesson.requires.filter { $0 != lesson.id && !ids.contains($0) }
            guard let first = unknown.first else { continue }
            // one line for all of a lesson's unknown requirements, at the first of them
            let known = valid.isEmpty || valid.count > 12 ? "" : "; known: \(valid.joined(separator: ", "))"
            let message: String
            if unknown.count == 1 {
                let advice = Suggestion.nearest(to: first, among: valid).map { " — did you mean `\($0)`?" } ?? known
                message = "`requires` names `\(first)`, which is no lesson here\(advice)"
            } else {
                let named = unknown.prefix(5).map { id in
                    "`\(id)`" + (Suggestion.nearest(to: id, among: valid).map { " (did you mean `\($0)`?)" } ?? "")
                }.joined(separator: ", ") + (unknown.count > 5 ? " and \(unknown.count - 5) more" : "")
                message = "`requires` names \(named), which are no lessons here\(known)"
            }
            diagnostics.append(Diagnostic(lesson.location(ofRequirement: first), message))
        }
        let inCycles = Self.lessonsInCycles(lessons), cycleIDs = Set(inCycles.map(\.id))
        for lesson in inCycles {
            // at the requirement that leads on round the cycle
            let next = lesson.requires.first { $0 != lesson.id && cycleIDs.contains($0) }
            diagnostics.append(Diagnostic(next.map(lesson.location(ofRequirement:)) ?? lesson.requiresLocation,
                                          "`requires` forms a cycle through `\(lesson.id)`: no lesson in it can come first"))
        }
        return (diagnostics, lessons)
    }

    /// Lessons whose `requires` chain leads back to themselves.
    static func lessonsInCycles(_ lessons: [Lesson]) -> [Lesson] {
        let byID = Dictionary(lessons.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return lessons.filter { start in
            var seen: Set<String> = []
            var frontier = start.requires.filter { $0 != start.id }
            while let id = frontier.popLast() {
                if id == start.id { return true }
                guard seen.insert(id).inserted, let lesson = byID[id] else { continue }
                frontier += lesson.requires
            }
            return false
        }
    }

    /// Lints files and folders (each folder's lessons, see `LessonFolder`), reading them from disk.
    public func lint(paths: [String]) -> [Diagnostic] {
        lintFiles(paths: paths).diagnostics
    }

    /// Lints files and folders and says how many lesson files were read.
    ///
    /// A file given more than once (as a file and in its folder too, or by two spellings of
    /// its path) is read and counted once, by the path it was first given by.
    ///
    /// A file named on its own may `require` the lessons that sit beside it in its folder
    /// and those of `lessonsFolder` (the lab's), so a draft can be linted before it is
    /// copied in. Its id must be none of the lessons folder's, but for the lesson of its own
    /// file name there, which it replaces when copied in.
    public func lintFiles(paths: [String], lessonsFolder: String? = nil) -> (diagnostics: [Diagnostic], fileCount: Int) {
        var sources: [Source] = []
        var diagnostics: [Diagnostic] = []
        var knownIDs: Set<String> = []
        var lessonsFolderFiles: [String: [String]] = [:]  // by id
        var filesAlone: Set<String> = []
        var foldersRead: [String: [String: [String]]] = [:]
        /// The folder's lesson files by id, read once.
        func knowLessons(in folder: String) -> [String: [String]] {
            if let filesByID = foldersRead[folder] { return filesByID }
            guard LessonFolder.isDirectory(folder) else { return [:] }
            let filesByID = LessonFolder(path: folder).lessonFilesByID(parser: parser)
            foldersRead[folder] = filesByID
            knownIDs.formUnion(filesByID.keys)
            return filesByID
        }
        var fileCount = 0  // read or not
        // A file is read once, however often and by whatever spelling it is given: as a file
        // and in its folder, or as `gru.md` and `./gru.md`. (Two files of one folder listing
        // are two, as the lab reads them, even when one is a link to the other.)
        var filesGiven: Set<String> = []
        for path in paths {
            let files: [String]
            if LessonFolder.isDirectory(path) {
                do {
                    files = try LessonFolder(path: path).lessonFiles()
                } catch {
                    diagnostics.append(Diagnostic(SourceLocation(file: path, line: 1), error.message))
                    continue
                }
                // a folder of no lessons is a wrong path more often than not: checking nothing must not pass
                if files.isEmpty {
                    diagnostics.append(Diagnostic(SourceLocation(file: path, line: 1),
                                                  "no lesson files in this folder (a lesson is a .md file other than README.md); give lesson files or a folder of them"))
                    continue
                }
            } else {
                if !LessonFolder.exists(path) {
                    diagnostics.append(Diagnostic(SourceLocation(file: path, line: 1),
                                                  "no such file or folder; give lesson files or a folder of them"))
                    continue
                }
                files = [path]
                filesAlone.insert(path)
                let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
                _ = knowLessons(in: folder.isEmpty ? "." : folder)
                if let lessonsFolder { lessonsFolderFiles = knowLessons(in: lessonsFolder) }
            }
            let resolvedFiles = files.map(LessonFolder.resolvedPath)
            for (file, resolved) in zip(files, resolvedFiles) where !filesGiven.contains(resolved) {
                fileCount += 1
                do {
                    sources.append(Source(path: file, text: try LessonFolder.readLesson(file, limit: parser.limits.maximumFileBytes)))
                } catch {
                    diagnostics.append(Diagnostic(error.location, error.message))
                }
            }
            filesGiven.formUnion(resolvedFiles)
        }
        let linted = lintLessons(sources, knownIDs: knownIDs)
        diagnostics += linted.diagnostics
        // a clash between two of them is reported above, however the lessons folder is spelt
        let sourcePaths = Set(sources.map { LessonFolder.resolvedPath($0.path) })
        for lesson in linted.lessons where filesAlone.contains(lesson.file) && !lesson.id.isEmpty {
            let fileName = Self.fileName(lesson.file)
            guard let other = lessonsFolderFiles[lesson.id]?.first(where: {
                !sourcePaths.contains(LessonFolder.resolvedPath($0)) && Self.fileName($0) != fileName
            }) else { continue }
            diagnostics.append(Diagnostic(lesson.idLocation, "duplicate lesson id `\(lesson.id)`: \(other) has it too; give this lesson an id of its own, or name its file \(Self.fileName(other)) to replace that lesson"))
        }
        return (diagnostics, fileCount)
    }

    /// The last part of a path: `gru.md` for `lessons/gru.md`.
    static func fileName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? Substring(path))
    }

    /// Multiple-choice questions whose answers the lab reads otherwise than a learner may
    /// mean them: each option that is a bare number another option's place may be meant
    /// by, told at that option. The lab still asks such a question, so this is lint's alone.
    func lintChoices(of questions: [Question]) -> [Diagnostic] {
        questions.flatMap { question -> [Diagnostic] in
            guard case .choice(let options) = question.kind else { return [] }
            return Question.ambiguousNumberOptions(options).map { index, number in
                let location = index < question.optionLocations.count ? question.optionLocations[index] : question.location
                return Diagnostic(location, "this option is a bare number, so the answer `\(number)` is ambiguous: the lab takes it as this option (\(Question.letter(index))), not as option \(number) (\(Question.letter(number - 1))); write the numbers with a unit, such as `3 steps`, so that a typed number plainly means an option's own number")
            }
        }
    }

    /// Commands and value names checked against the lab, in the lesson and in the quiz
    /// blocks left out of it for other problems.
    func lintContent(of lesson: Lesson, unusableQuizzes: [UnusableQuiz] = []) -> [Diagnostic] {
        guard let validator else { return [] }
        var diagnostics: [Diagnostic] = []
        /// Reports a reference the lab does not know, at its column in `source` when given.
        func checkReferences(_ expression: CheckExpression, at location: SourceLocation, source: String? = nil) {
            for reference in expression.references {
                if let problem = validator.problem(in: reference) {
                    var at = location
                    if let source, let column = Self.column(of: reference, in: source) { at.column += column - 1 }
                    diagnostics.append(Diagnostic(at, "`\(reference)`: \(problem)"))
                }
            }
        }
        /// Reports a problem at the column of the word at fault.
        func checkCommand(_ command: LessonCommand, isExpected: Bool) {
            guard let problem = validator.problem(in: command.line) else { return }
            var location = command.location
            location.column += max(problem.column, 1) - 1
            diagnostics.append(Diagnostic(location, isExpected ? "`expect: \(command.line)`: \(problem.message)" : problem.message))
        }
        /// Reports the task's command, or the values the answer and mistakes read.
        func checkQuestion(_ question: Question) {
            switch question.kind {
            case .task(let expected, _):
                checkCommand(LessonCommand(line: expected, location: question.expectLocation ?? question.location), isExpected: true)
            case .number(let expected, _):
                checkReferences(expected, at: question.answerLocation ?? question.location)
                for mistake in question.mistakes { checkReferences(mistake.value, at: mistake.location) }
            case .choice:
                break
            }
        }
        for step in lesson.steps {
            for item in step.items {
                switch item {
                case .command(let command):
                    checkCommand(command, isExpected: false)
                case .check(let check):
                    checkReferences(check.expression, at: check.location, source: check.source)
                case .question(let question):
                    checkQuestion(question)
                case .prose:
                    break
                }
            }
        }
        for quiz in unusableQuizzes {
            if let draft = quiz.draft {
                checkQuestion(draft)
                continue
            }
            if let expected = quiz.expected { checkCommand(expected, isExpected: true) }
            if let answer = quiz.answer { checkReferences(answer, at: quiz.answerLocation ?? lesson.location) }
        }
        return diagnostics
    }

    /// The column (from 1) where `reference` is written in `source`: its first occurrence
    /// as a whole name, `model.name` or `name`, not inside a longer one.
    static func column(of reference: ValueReference, in source: String) -> Int? {
        let written = Array((reference.model.map { $0 + "." } ?? "") + reference.name)
        let characters = Array(source)
        func isNamePart(_ character: Character) -> Bool {
            character.isLetter || character.isNumber || "-_.".contains(character)
        }
        guard !written.isEmpty, characters.count >= written.count else { return nil }
        for start in 0...(characters.count - written.count) where Array(characters[start..<(start + written.count)]) == written {
            let before = start == 0 || !isNamePart(characters[start - 1])
            let end = start + written.count
            let after = end == characters.count || !(characters[end].isLetter || characters[end].isNumber || characters[end] == "_")
            if before && after { return start + 1 }
        }
        return nil
    }
}

extension CheckExpression {
    /// Every value reference in the expression, in order.
    public var references: [ValueReference] {
        switch self {
        case .number: return []
        case .reference(let reference): return [reference]
        case .call(_, let arguments): return arguments.flatMap(\.references)
        case .negate(let inner), .not(let inner): return inner.references
        case .arithmetic(_, let left, let right), .comparison(_, let left, let right, _),
             .and(let left, let right), .or(let left, let right):
            return left.references + right.references
        case .within(let inner, let interval):
            return inner.references + interval.lower.references + interval.upper.references
        }
    }
    /// The numbers the expression holds whatever the lab holds: those written, and those
    /// of its parts computed from them alone (`0.25 * 4` gives 0.25, 4 and 1), its
    /// intervals' bounds and tolerances among them, in order.
    var constants: [Double] {
        var parts: [Double] = []
        if references.isEmpty, !isClaim {
            var evaluator = CheckEvaluator(resolver: NoValues())
            if let value = try? evaluator.number(self), value.isFinite { parts.append(value) }
        }
        switch self {
        case .number, .reference: break
        case .call(_, let arguments): parts += arguments.flatMap(\.constants)
        case .negate(let inner), .not(let inner): parts += inner.constants
        case .comparison(_, let left, let right, let tolerance):
            parts += left.constants + right.constants
            switch tolerance {
            case .absolute(let value)?: parts.append(value)
            case .relative(let percent)?: parts.append(percent / 100)
            case nil: break
            }
        case .arithmetic(_, let left, let right), .and(let left, let right), .or(let left, let right):
            parts += left.constants + right.constants
        case .within(let inner, let interval):
            parts += inner.constants + interval.lower.constants + interval.upper.constants
        }
        return parts
    }
}
