#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `load`, `save` and `export` may read and write, and how big a file may be.
///
/// A leading `~` or `$HOME` names the home folder, as in a shell. Paths are made
/// absolute against the first allowed root (a lesson's own folder, while its commands run)
/// or else the current folder, `.` and `..` are resolved, and symbolic links are
/// followed (of the file when it exists, else of its folder) before the path is compared
/// with the allowed roots, so `lessons/../secret` or a link out of a root cannot escape.
/// The command line expands its paths with the same ``expandingHome(_:home:)``.
public enum FileAccess {
    /// The most bytes of a checkpoint `load` reads, 256 MiB: its header and the recurrent
    /// module's tensors, whatever else the file holds.
    static let maximumLoadSize = 256 << 20
    /// The largest file `export` writes: 256 MiB.
    static let maximumWriteSize = 256 << 20

    /// The resolved absolute path of `path`, or an error when it is outside `roots` or, for
    /// writing, one of `labFiles` (the learner's progress and history).
    static func resolve(
        _ path: String, roots: [String]?, command: String, forWriting: Bool, labFiles: [String] = []
    ) throws(LabError) -> String {
        guard !path.isEmpty else { throw LabError("\(command): give a file name") }
        let expanded = expandingHome(path)
        // a relative path starts from the first root (a lesson's own folder), else the current folder
        let base = roots?.first.map { $0.hasPrefix("/") ? $0 : currentFolder() + "/" + $0 } ?? currentFolder()
        let absolute = normalized(expanded.hasPrefix("/") ? expanded : base + "/" + expanded)
        var resolved = absolute
        if let real = realPath(absolute) {
            resolved = real
        } else {
            let slash = absolute.lastIndex(of: "/") ?? absolute.startIndex
            let folder = slash == absolute.startIndex ? "/" : String(absolute[..<slash])
            let name = String(absolute[absolute.index(after: slash)...])
            guard let realFolder = realPath(folder) else {
                throw LabError("\(command): \(path): the folder \(folder) does not exist")
            }
            guard forWriting else { throw LabError("\(command): \(path): no such file") }
            resolved = (realFolder == "/" ? "" : realFolder) + "/" + name
        }
        if let roots {
            let allowed = roots.map { realPath(normalized($0.hasPrefix("/") ? $0 : currentFolder() + "/" + $0)) ?? normalized($0) }
            guard allowed.contains(where: { resolved == $0 || resolved.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
                throw LabError("\(command): \(path) is outside the folders allowed here (\(roots.joined(separator: ", "))); use a file inside one of them")
            }
        }
        if forWriting, labFiles.contains(where: { (realPath($0) ?? normalized($0)) == resolved }) {
            throw LabError("\(command): \(path) is the lab's own \(resolved.hasSuffix(".json") ? "progress" : "history") file; write to another name")
        }
        return resolved
    }

    /// The largest text file `feed --file` reads: 16 MiB.
    static let maximumReadSize = 16 << 20

    /// The UTF-8 text of the regular file at `path` (inside `roots` when given), at most
    /// `limit` bytes. A folder, device or pipe is refused before anything is read: reading
    /// one could block or never end.
    static func readText(_ path: String, roots: [String]?, command: String, limit: Int = maximumReadSize) throws(LabError) -> String {
        let resolved = try resolve(path, roots: roots, command: command, forWriting: false)
        // O_NONBLOCK: opening a named pipe must not wait for a writer before fstat says what it is
        let descriptor = open(resolved, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw LabError("\(command): \(path): cannot open (\(String(cString: strerror(errno))))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw LabError("\(command): \(path) is not a regular file (a folder, device or pipe)")
        }
        guard Int(status.st_size) <= limit else {
            throw LabError("\(command): \(path) is \(status.st_size) bytes, larger than the \(limit) it reads; use a shorter file")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else { throw LabError("\(command): \(path): read \(done) of \(bytes.count) bytes") }
            done += count
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw LabError("\(command): \(path) is not UTF-8 text")
        }
        return text
    }

    /// The size of the file in bytes, or nil when it cannot be read.
    static func size(of path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Int(status.st_size)
    }

    /// Writes `text` through a temporary file renamed into place.
    static func write(_ text: String, to path: String, command: String) throws(LabError) {
        let bytes = Array(text.utf8)
        guard bytes.count <= maximumWriteSize else {
            throw LabError("\(command): \(path) would be \(bytes.count) bytes, more than \(maximumWriteSize)")
        }
        let temporary = path + ".tmp"
        guard let file = fopen(temporary, "wb") else {
            throw LabError("\(command): \(path): cannot create (\(String(cString: strerror(errno))))")
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        let closed = fclose(file)
        guard written == bytes.count, closed == 0, rename(temporary, path) == 0 else {
            remove(temporary)
            throw LabError("\(command): \(path): could not write the file")
        }
    }

    /// `path` with a leading `~`, `$HOME` or `${HOME}` (alone or before a `/`) replaced by
    /// `home`, as a shell expands them: `~/runs/lstm.safetensors`. Any other path, and every
    /// path when the home folder is unknown, is returned as it is (`~alice/x` too).
    public static func expandingHome(_ path: String, home: String? = homeFolder()) -> String {
        guard let home, !home.isEmpty else { return path }
        for word in ["~", "$HOME", "${HOME}"] where path == word || path.hasPrefix(word + "/") {
            let rest = path.dropFirst(word.count)
            return (home.hasSuffix("/") && rest.hasPrefix("/") ? String(home.dropLast()) : home) + rest
        }
        return path
    }

    /// The home folder: `$HOME`, or else the user's entry in the password database.
    public static func homeFolder() -> String? {
        if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty { return home }
        guard let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }

    private static func currentFolder() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// `/a/./b/../c` as `/a/c`.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = parts.popLast(); continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }
}
