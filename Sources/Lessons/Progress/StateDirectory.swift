#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the lab keeps what must survive closing the terminal: history and progress.
///
/// `$XDG_STATE_HOME/rnnlab/` when `XDG_STATE_HOME` is set to an absolute path, else
/// `~/.local/state/rnnlab/` (the XDG Base Directory default).
public struct StateDirectory: Sendable, Equatable {
    /// The folder's absolute path, without a trailing slash.
    public var path: String

    /// Creates a state directory at an explicit path (tests use a temporary folder).
    public init(path: String) {
        self.path = path
    }

    /// Finds the state directory from the environment.
    public static func fromEnvironment(_ environment: [String: String]) -> StateDirectory {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return StateDirectory(path: state + "/rnnlab")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return StateDirectory(path: home + "/.local/state/rnnlab")
    }

    /// The line editor's history file.
    public var historyFile: String { path + "/history" }

    /// The learner's progress through the lessons.
    public var progressFile: String { path + "/progress.json" }

    /// The files the lab keeps here, which no command may overwrite.
    public var labFiles: [String] { [historyFile, progressFile] }

    /// Creates the folder and its parents when missing (mode 0700: it holds what a learner typed).
    public func create() throws(StateDirectoryError) {
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o700) != 0 && errno != EEXIST {
                throw StateDirectoryError(path: current, code: errno)
            }
        }
    }
}

/// The state directory could not be created.
public struct StateDirectoryError: Error, Sendable, CustomStringConvertible {
    /// The folder that could not be made.
    public var path: String
    /// The system's error number.
    public var code: Int32

    /// Which folder could not be made, and why.
    public var description: String {
        "cannot create the state folder \(path): \(String(cString: strerror(code)))"
    }
}
