#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a program with `posix_spawn`, feeds its standard input and waits for it.
enum ChildProcess {
    /// The path of the running executable, read from `/proc/self/exe`.
    static func currentExecutable() throws -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                readlink("/proc/self/exe", $0, buffer.count - 1)
            }
        }
        guard count > 0 else {
            throw BenchError("cannot find the rnnlab executable: reading /proc/self/exe failed (errno \(errno)); the startup workload needs Linux's /proc")
        }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    /// Runs `path` with no arguments, `standardInput` on a pipe, output and errors discarded;
    /// throws when it cannot start or exits with a status other than 0 (unless interrupted).
    static func run(_ path: String, standardInput: String, isInterrupted: () -> Bool = { false }) throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw BenchError("cannot create a pipe for \(path) (errno \(errno))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addclose(&actions, ends[1])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var child: pid_t = 0
        let arguments: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        defer { for argument in arguments { free(argument) } }
        let spawned = posix_spawn(&child, path, &actions, nil, arguments, environ)
        close(ends[0])
        guard spawned == 0 else {
            close(ends[1])
            throw BenchError("cannot start \(path) (error \(spawned))")
        }
        let bytes = Array(standardInput.utf8)
        _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1 {
            guard errno == EINTR else { throw BenchError("waiting for \(path) failed (errno \(errno))") }
        }
        let exitedNormally = status & 0x7F == 0
        let exitCode = (status >> 8) & 0xFF
        guard (exitedNormally && exitCode == 0) || isInterrupted() else {
            throw BenchError("\(path) with `\(standardInput.split(separator: "\n").joined(separator: "; "))` on its input ended with \(exitedNormally ? "exit status \(exitCode)" : "signal \(status & 0x7F)")")
        }
    }
}
