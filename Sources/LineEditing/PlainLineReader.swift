#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads lines from a pipe, a file or a non-interactive terminal, with no prompt.
///
/// Reads the file descriptor directly (no stdio buffering), so it never competes with
/// another reader for buffered input.
public final class PlainLineReader: LineEditor {
    /// The longest line accepted; longer lines are cut there (untrusted input).
    public static let maximumLineLength = 1 << 20

    private let fileDescriptor: Int32
    private let closesOnDeinit: Bool
    private var buffer: [UInt8] = []
    private var reachedEnd = false
    private var skippingRestOfLine = false

    /// Always false: nobody is typing at a prompt.
    public var isInteractive: Bool { false }

    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0

    /// Reads from an already open file descriptor (standard input is 0).
    public init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
        self.closesOnDeinit = false
    }

    /// Opens a script file for reading.
    ///
    /// A file or a pipe (`--script <(...)`) is read; a folder, a device (`/dev/zero` would
    /// never end) or a socket is refused.
    public init(path: String) throws(LineEditingError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            throw LineEditingError(path: path, code: errno)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let code = errno
            close(descriptor)
            throw LineEditingError(path: path, code: code)
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFIFO else {
            close(descriptor)
            throw LineEditingError(path: path, code: type == S_IFDIR ? EISDIR : 0,
                                   reason: type == S_IFDIR ? "it is a folder; give a file of lab commands" : "it is a device or socket, not a file of lab commands")
        }
        self.fileDescriptor = descriptor
        self.closesOnDeinit = true
    }

    deinit {
        if closesOnDeinit { close(fileDescriptor) }
    }

    /// Returns the next line without its newline (and without a trailing carriage return).
    ///
    /// A line longer than ``maximumLineLength`` bytes is cut there; the rest of it is skipped.
    public func readLine(prompt: String) -> LineInput {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = takeLine(upTo: newline)
                buffer.removeSubrange(...newline)
                if skippingRestOfLine {
                    skippingRestOfLine = false
                    lineNumber -= 1
                    continue
                }
                return .line(line)
            }
            if buffer.count > Self.maximumLineLength {
                if skippingRestOfLine {
                    buffer.removeAll(keepingCapacity: true)
                } else {
                    let line = takeLine(upTo: Self.maximumLineLength)
                    buffer.removeAll(keepingCapacity: true)
                    skippingRestOfLine = true
                    return .line(line)
                }
            }
            if reachedEnd {
                if buffer.isEmpty || skippingRestOfLine { return .endOfInput }
                let line = takeLine(upTo: buffer.endIndex)
                buffer.removeAll()
                return .line(line)
            }
            // a request to end that interrupted the wait is heard now, not after the next line
            guard fill() else { return .interrupted }
        }
    }

    /// Does nothing: piped input keeps no history.
    public func remember(_ line: String) {}

    private func takeLine(upTo end: Int) -> String {
        lineNumber += 1
        var slice = buffer[..<min(end, Self.maximumLineLength)]
        if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }

    /// Reads what there is into the buffer; false when SIGTERM or SIGHUP interrupted the
    /// wait (``Termination``), which a read then waiting on a quiet pipe would not tell.
    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
        if count > 0 {
            buffer.append(contentsOf: chunk[..<count])
        } else if count == 0 || errno != EINTR {
            reachedEnd = true
        } else if Termination.isRequested {
            return false
        }
        return true
    }
}
