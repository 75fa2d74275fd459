#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder of lessons: every `*.md` file in it except `README.md`.
///
/// The module reads lesson files only through this type, and only the files it lists or
/// is given; lesson content never names a file to read.
public struct LessonFolder: Sendable {
    /// The folder's path.
    public var path: String

    /// Creates a folder reference.
    public init(path: String) {
        self.path = path
    }

    /// The lesson folder the lab uses: `--lessons DIR`, else `RNNLAB_LESSONS`, else `lessons`.
    public static func fromEnvironment(_ environment: [String: String], option: String? = nil) -> LessonFolder {
        if let option, !option.isEmpty { return LessonFolder(path: option) }
        if let variable = environment["RNNLAB_LESSONS"], !variable.isEmpty { return LessonFolder(path: variable) }
        return LessonFolder(path: "lessons")
    }

    /// Whether anything exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 || errno != ENOENT
    }

    /// Whether `path` is a folder.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The path with `.`, `..`, repeated `/` and symbolic links resolved, so that two
    /// spellings of one file are equal; `path` itself when it cannot be resolved.
    public static func resolvedPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The folder's lesson files, sorted by name, as `folder/name.md`.
    public func lessonFiles() throws(LessonFolderError) -> [String] {
        guard let directory = opendir(path) else {
            throw LessonFolderError(path: path, message: "cannot open the lessons folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasSuffix(".md"), name.lowercased() != "readme.md", !name.hasPrefix(".") else { continue }
            names.append(name)
            if names.count > 10_000 { break }
        }
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        return names.sorted().map { folder + "/" + $0 }
    }

    /// Reads and parses every lesson in the folder; lessons with problems are left out
    /// and their problems returned. A folder that does not exist has no lessons and no
    /// problems (the lab says where it looked).
    public func load(parser: LessonParser = LessonParser()) -> (lessons: [Lesson], diagnostics: [Diagnostic]) {
        let files: [String]
        do {
            files = try lessonFiles()
        } catch {
            if !Self.exists(path) { return ([], []) }
            return ([], [Diagnostic(SourceLocation(file: path, line: 1), error.message)])
        }
        var lessons: [Lesson] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            do {
                let text = try Self.readLesson(file, limit: parser.limits.maximumFileBytes)
                lessons.append(try parser.lesson(from: text, file: file))
            } catch let error as LessonFolderError {
                diagnostics.append(Diagnostic(error.location, error.message))
            } catch let error as LessonFileError {
                diagnostics += error.diagnostics
            } catch {
                diagnostics.append(Diagnostic(SourceLocation(file: file, line: 1), "\(error)"))
            }
        }
        // Two files with one id: the file named after it (`gru.md` for `gru`) is used, else the
        // first by name; the others are left out with a problem, so `start ID` means one lesson.
        var kept: [Lesson] = []
        for lesson in lessons {
            guard let index = kept.firstIndex(where: { $0.id == lesson.id }) else {
                kept.append(lesson)
                continue
            }
            let isNamedAfterID = { (lesson: Lesson) in lesson.file.split(separator: "/").last == "\(lesson.id).md" }
            let (used, left) = isNamedAfterID(lesson) && !isNamedAfterID(kept[index]) ? (lesson, kept[index]) : (kept[index], lesson)
            kept[index] = used
            diagnostics.append(Diagnostic(left.idLocation, "duplicate lesson id `\(left.id)`: \(used.file) has it too, and the lab uses that one; give this lesson an id of its own"))
        }
        return (kept, diagnostics)
    }

    /// The ids of the folder's lessons, those with problems too (a lesson that `requires`
    /// one of them names a lesson that is there), each with the files that have it, by name.
    public func lessonFilesByID(parser: LessonParser = LessonParser()) -> [String: [String]] {
        guard let files = try? lessonFiles() else { return [:] }
        var filesByID: [String: [String]] = [:]
        for file in files {
            guard let text = try? Self.readLesson(file, limit: parser.limits.maximumFileBytes),
                  let id = parser.parse(text, file: file).lesson?.id, !id.isEmpty else { continue }
            filesByID[id, default: []].append(file)
        }
        return filesByID
    }

    /// Reads one lesson file as UTF-8 text, refusing files over `limit`, and text that is not
    /// UTF-8 or holds a NUL byte (naming the first such line, and the column of the byte).
    public static func readLesson(_ file: String, limit: Int) throws(LessonFolderError) -> String {
        switch ProgressStore.readFile(file, limit: limit) {
        case .missing:
            throw LessonFolderError(path: file, message: "no such lesson file")
        case .failed(let code):
            throw LessonFolderError(path: file, message: "cannot read the lesson: \(String(cString: strerror(code)))")
        case .tooLarge:
            throw LessonFolderError(path: file, message: "the file is larger than \(limit) bytes; lessons are limited to that size")
        case .notAFile(let kind):
            throw LessonFolderError(path: file, message: "\(kind), not a regular file; a lesson is a Markdown file")
        case .read(let bytes):
            if !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) { return text }
            for (index, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
                if let nul = line.firstIndex(of: 0) {
                    throw LessonFolderError(path: file, line: index + 1, column: column(ofByte: nul - line.startIndex, in: line),
                                            message: "the line holds a NUL byte; a lesson is text")
                }
                if String(validating: line, as: UTF8.self) == nil {
                    throw LessonFolderError(path: file, line: index + 1, column: column(ofByte: validUTF8Prefix(line), in: line),
                                            message: "the line is not UTF-8 text: save the file as UTF-8")
                }
            }
            return String(decoding: bytes, as: UTF8.self)  // not reached: some line failed above
        }
    }

    /// The 1-based column, in characters as an editor counts them, of byte `offset` of `line`.
    static func column(ofByte offset: Int, in line: ArraySlice<UInt8>) -> Int {
        String(decoding: line.prefix(offset), as: UTF8.self).count + 1
    }

    /// How many bytes at the start of `line` are UTF-8 text: the offset of the first byte
    /// that is not.
    static func validUTF8Prefix(_ line: ArraySlice<UInt8>) -> Int {
        var bytes = line.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var valid = 0
        while case .valid(let scalar) = parser.parseScalar(from: &bytes) { valid += scalar.count }
        return valid
    }
}

/// A lesson folder or file could not be read.
public struct LessonFolderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The folder or file.
    public var path: String
    /// The line it is about; nil for the file as a whole.
    public var line: Int?
    /// The 1-based column within `line` it is about; nil for the line as a whole.
    public var column: Int?
    /// What went wrong.
    public var message: String

    /// Creates the error.
    public init(path: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    /// Where it is, for a diagnostic.
    public var location: SourceLocation { SourceLocation(file: path, line: line ?? 1, column: column ?? 1) }

    /// `path: message`.
    public var description: String { line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)" }
}
