#if canImport(FoundationEssentials)
import FoundationEssentials  // JSON, files and URLs without the rest of Foundation and its ICU, so rnnlab starts faster
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes `progress.json` in the state folder, atomically, never losing a file.
///
/// Every save writes a temporary file in the same folder, flushes it to disk, renames it
/// over `progress.json` and flushes the folder: a crash at any moment leaves either the
/// old file or the new one. A file that cannot be read is moved aside to
/// `progress.json.corrupt-<UTC timestamp>` (with a notice), never overwritten; one with
/// some lesson entries that cannot be read keeps the others, and a copy of it as it was
/// is kept aside under that name.
public struct ProgressStore: Sendable {
    /// The state folder.
    public var directory: StateDirectory

    /// Creates a store in `directory`.
    public init(directory: StateDirectory) {
        self.directory = directory
    }

    /// The largest progress file read (a progress file is small; anything larger is corrupt).
    public static let maximumFileBytes = 8 * 1_048_576

    /// What loading gave: the progress and, when the file was moved aside, a message for the learner.
    public struct Loaded: Sendable {
        /// The progress (empty when there was no file or it was corrupt).
        public var progress: Progress
        /// Set when the old file was unreadable and moved aside, or lesson entries were left out.
        public var notice: String?
    }

    /// Loads the progress; a missing file is empty progress, a corrupt one is moved aside,
    /// and lesson entries that cannot be read are left out (the file is kept aside first).
    public func load(now: Int = Int(time(nil))) throws(ProgressStoreError) -> Loaded {
        let path = directory.progressFile
        removeAbandonedTemporaryFiles()
        let bytes: [UInt8]
        switch Self.readFile(path, limit: Self.maximumFileBytes) {
        case .missing:
            return Loaded(progress: Progress(), notice: nil)
        case .failed(let code):
            throw ProgressStoreError(path: path, action: "read", code: code)
        case .tooLarge:
            return try moveAside(reason: "it is larger than \(Self.maximumFileBytes) bytes", now: now)
        case .notAFile(let kind):
            throw ProgressStoreError(path: path, action: "read", reason: "it is \(kind), not a file")
        case .read(let data):
            bytes = data
        }
        let file: ProgressFile
        do {
            file = try JSONDecoder().decode(ProgressFile.self, from: Data(bytes))
        } catch {
            return try moveAside(reason: "it is not valid progress JSON", now: now)
        }
        guard file.version == 1 else {
            return try moveAside(reason: "it has format version \(file.version), this lab reads version 1", now: now)
        }
        guard file.dropped.isEmpty else {
            return try keepReadable(file, original: bytes, now: now)
        }
        return Loaded(progress: file.progress, notice: nil)
    }

    /// How many dropped lessons a notice names; it counts the rest.
    static let droppedNamed = 3

    /// Keeps a copy of the file as it was beside it, then saves the lessons that read in
    /// its place, so the entries left out are reported once and nothing is lost.
    func keepReadable(_ file: ProgressFile, original: [UInt8], now: Int) throws(ProgressStoreError) -> Loaded {
        let aside = unusedAsidePath(now: now)
        try Self.writeAtomically(original, to: aside, folder: directory.path)
        try save(file.progress)
        let named = file.dropped.prefix(Self.droppedNamed).map { entry in
            let lesson = entry.lesson.count > 40 ? entry.lesson.prefix(39) + "…" : entry.lesson
            return "\(lesson) (\(entry.reason))"
        }
        let more = file.dropped.count - named.count
        let list = named.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
        let kept = file.progress.lessons.isEmpty ? "" : ", every other lesson's is kept"
        return Loaded(progress: file.progress,
                      notice: "your progress file has lesson entries that could not be read: \(list); "
                          + "their progress starts afresh\(kept); the file as it was is kept as \(aside)")
    }

    /// Saves `progress` atomically (temporary file, fsync, rename, fsync of the folder).
    public func save(_ progress: Progress) throws(ProgressStoreError) {
        do {
            try directory.create()
        } catch {
            throw ProgressStoreError(path: error.path, action: "create", code: error.code)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(progress)
        } catch {
            throw ProgressStoreError(path: directory.progressFile, action: "encode", code: EINVAL)
        }
        try Self.writeAtomically(Array(data) + [10], to: directory.progressFile, folder: directory.path)
    }

    /// Loads, applies `change` to one lesson's progress, stamps `lastVisited` and saves.
    public func update(lesson id: String, to lessonProgress: LessonProgress, now: Int = Int(time(nil))) throws(ProgressStoreError) -> Loaded {
        var loaded = try load(now: now)
        var stamped = lessonProgress
        stamped.lastVisited = now
        loaded.progress.lessons[id] = stamped
        try save(loaded.progress)
        return loaded
    }

    /// Clears one lesson's progress, or all of it when `id` is nil.
    public func reset(_ id: String? = nil, now: Int = Int(time(nil))) throws(ProgressStoreError) -> Loaded {
        var loaded = try load(now: now)
        if let id {
            loaded.progress.lessons[id] = nil
        } else {
            loaded.progress = Progress()
        }
        try save(loaded.progress)
        return loaded
    }

    /// Deletes `progress.json.tmp-<pid>` files left by a lab that was killed mid-save
    /// (their process no longer exists); a running lab's temporary file is left alone.
    func removeAbandonedTemporaryFiles() {
        guard let folder = opendir(directory.path) else { return }
        defer { closedir(folder) }
        let prefix = "progress.json.tmp-"
        var abandoned: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix), let pid = pid_t(name.dropFirst(prefix.count)), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { abandoned.append(name) }
        }
        for name in abandoned { unlink(directory.path + "/" + name) }
    }

    func moveAside(reason: String, now: Int) throws(ProgressStoreError) -> Loaded {
        let path = directory.progressFile
        let aside = unusedAsidePath(now: now)
        guard rename(path, aside) == 0 else {
            throw ProgressStoreError(path: path, action: "move aside", code: errno)
        }
        return Loaded(progress: Progress(),
                      notice: "your progress file could not be read (\(reason)); it was kept as \(aside) and progress starts afresh")
    }

    /// `progress.json.corrupt-<UTC timestamp>`, with `-2`, `-3`, ... after it when a file
    /// of that name exists.
    func unusedAsidePath(now: Int) -> String {
        let path = directory.progressFile
        var aside = path + ".corrupt-" + Self.timestamp(now)
        var suffix = 1
        while access(aside, F_OK) == 0 {
            suffix += 1
            aside = path + ".corrupt-" + Self.timestamp(now) + "-\(suffix)"
        }
        return aside
    }

    /// `20261123T184500Z` for a time in seconds since 1970.
    static func timestamp(_ seconds: Int) -> String {
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    enum ReadResult {
        case missing
        case failed(Int32)
        case tooLarge
        /// A directory, device, pipe or socket (named as "a folder", "a named pipe", ...):
        /// reading it could block or never end.
        case notAFile(String)
        case read([UInt8])
    }

    /// Reads a whole regular file with `open`/`read`, refusing files above `limit` bytes.
    static func readFile(_ path: String, limit: Int) -> ReadResult {
        // O_NONBLOCK: opening a named pipe must not wait for a writer before fstat says what it is
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return errno == ENOENT ? .missing : .failed(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failed(errno) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .notAFile(fileKind(status.st_mode)) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failed(errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { return .tooLarge }
        }
        return .read(bytes)
    }

    /// What a file that is not a regular file is, from its `st_mode`: "a folder", "a named pipe", ...
    static func fileKind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a named pipe"
        case S_IFCHR, S_IFBLK: return "a device"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }

    /// Writes `bytes` to a temporary file beside `path`, fsyncs it, renames it over `path`
    /// and fsyncs `folder`, so `path` always holds a complete file.
    static func writeAtomically(_ bytes: [UInt8], to path: String, folder: String) throws(ProgressStoreError) {
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw ProgressStoreError(path: temporary, action: "create", code: errno) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(descriptor, base + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw ProgressStoreError(path: temporary, action: "write", code: code)
            }
            written += count
        }
        if fsync(descriptor) != 0 {
            let code = errno
            close(descriptor)
            unlink(temporary)
            throw ProgressStoreError(path: temporary, action: "flush", code: code)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw ProgressStoreError(path: path, action: "replace", code: code)
        }
        let folderDescriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }
}

/// The progress file could not be read or written.
public struct ProgressStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file or folder involved.
    public var path: String
    /// What was being done: `read`, `write`, `replace`, ...
    public var action: String
    /// The system's error number (0 when `reason` says what is wrong).
    public var code: Int32
    /// Why, when it is not a system error.
    public var reason: String?

    /// Creates the error from the system's error number.
    public init(path: String, action: String, code: Int32) {
        self.path = path
        self.action = action
        self.code = code
    }

    /// Creates the error from a reason of its own.
    public init(path: String, action: String, reason: String) {
        self.init(path: path, action: action, code: 0)
        self.reason = reason
    }

    /// Why it could not be done: the reason, or the system's words for `code`.
    public var cause: String { reason ?? String(cString: strerror(code)) }

    /// What could not be done to which path, the reason, and what happens now.
    public var description: String {
        "cannot \(action) \(path): \(cause); progress is kept in memory until the next save works"
    }
}
