import Foundation
import Testing

/// `rnnlab` running on a pseudo-terminal, driven like a person at a keyboard.
///
/// Every wait is bounded, and the child is killed when the session is released, so a
/// broken line editor fails the test instead of hanging it.
final class PseudoTerminal {
    private let masterDescriptor: Int32
    private let childProcess: pid_t
    private var exitStatus: Int32?
    /// Everything the program wrote to the terminal so far.
    private(set) var transcript = ""

    /// Starts `rnnlab` on a new 80×24 terminal with the given state folder.
    init(stateFolder: String, arguments: [String] = []) throws {
        let binary = try BuiltBinary.require()
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_STATE_HOME"] = stateFolder
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = "1"
        environment["LANG"] = "C.UTF-8"
        environment["COLUMNS"] = nil
        environment["HOME"] = stateFolder
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var master: Int32 = -1
        var size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        let pid = forkpty(&master, nil, nil, &size)
        if pid == 0 {
            // The child: only async-signal-safe calls until exec.
            execve(binary, argv, envp)
            _exit(127)
        }
        try #require(pid > 0, "forkpty failed: \(String(cString: strerror(errno)))")
        masterDescriptor = master
        childProcess = pid
    }

    deinit {
        if exitStatus == nil {
            kill(childProcess, SIGKILL)
            var status: Int32 = 0
            waitpid(childProcess, &status, 0)
        }
        close(masterDescriptor)
    }

    /// Sends `signal` to the program.
    func send(_ signal: Int32) {
        kill(childProcess, signal)
    }

    /// Whether the terminal reads whole lines and echoes what is typed, as a shell expects
    /// it after the program ends: the line editor turns both off while it reads a line.
    var isInCookedMode: Bool {
        var modes = termios()
        guard tcgetattr(masterDescriptor, &modes) == 0 else { return false }
        return modes.c_lflag & tcflag_t(ICANON) != 0 && modes.c_lflag & tcflag_t(ECHO) != 0
    }

    /// Types bytes as if from the keyboard.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(masterDescriptor, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// Waits until the output since `mark` contains `text`; false after `timeout` seconds.
    @discardableResult
    func waitFor(_ text: String, after mark: String.Index? = nil, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let start = mark ?? transcript.startIndex
            if transcript[start...].contains(text) { return true }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 || !readAvailable(waitingAtMost: remaining) {
                if Date() >= deadline { return false }
            }
        }
    }

    /// Waits for the prompt after `mark`, then a little longer: keys typed before libedit
    /// has switched the terminal to raw mode would be echoed and buffered by the kernel.
    @discardableResult
    func waitForPrompt(_ prompt: String = "rnnlab> ", after mark: String.Index? = nil) -> Bool {
        let shown = waitFor(prompt, after: mark)
        usleep(100_000)
        return shown
    }

    /// The current end of the transcript, to wait for output after it.
    var mark: String.Index { transcript.endIndex }

    /// Waits for the program to exit; returns its exit status, or nil after `timeout`.
    func waitForExit(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            _ = readAvailable(waitingAtMost: 0.05)
            var status: Int32 = 0
            let result = waitpid(childProcess, &status, WNOHANG)
            if result == childProcess {
                // WIFEXITED / WEXITSTATUS, written out: the C macros are not imported.
                let exited = status & 0x7f == 0
                exitStatus = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                return exitStatus
            }
        }
        return nil
    }

    /// Reads what is available; false when nothing arrived within the time.
    private func readAvailable(waitingAtMost seconds: Double) -> Bool {
        var descriptor = pollfd(fd: masterDescriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(1, min(seconds, 1) * 1000)))
        guard ready > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(masterDescriptor, &buffer, buffer.count)
        guard count > 0 else {
            usleep(10_000)  // the child closed the terminal; let the caller's deadline run
            return false
        }
        transcript += String(decoding: buffer[..<count], as: UTF8.self)
        return true
    }
}
