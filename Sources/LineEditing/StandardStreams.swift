import CLineEditShim

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing to standard output and error, and what the streams are attached to.
public enum StandardStreams {
    /// Writes text to standard output (buffered until ``flush()``).
    public static func writeOutput(_ text: String) {
        rnnlab_write_stdout(text)
    }

    /// Writes text to standard error; standard output is flushed first to keep the order.
    public static func writeError(_ text: String) {
        rnnlab_flush()
        rnnlab_write_stderr(text)
        rnnlab_flush()
    }

    /// Flushes both streams.
    public static func flush() {
        rnnlab_flush()
    }

    /// Whether a file descriptor (0 standard input, 1 output, 2 error) is a terminal.
    public static func isTerminal(_ fileDescriptor: Int32) -> Bool {
        isatty(fileDescriptor) == 1
    }

    /// The terminal's columns on a file descriptor, or nil when it is not a terminal.
    public static func terminalColumns(_ fileDescriptor: Int32) -> Int? {
        let columns = Int(rnnlab_terminal_columns(fileDescriptor))
        return columns > 0 ? columns : nil
    }
}
