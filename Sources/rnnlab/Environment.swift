#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment variables the lab reads, captured once at start.
struct Environment: Sendable {
    /// The variables, by name.
    var variables: [String: String]

    /// The variable's value, or nil.
    subscript(name: String) -> String? { variables[name] }

    /// Reads the variables the lab uses (no need to copy the whole environment).
    static func current() -> Environment {
        let names = ["HOME", "XDG_STATE_HOME", "NO_COLOR", "TERM", "COLUMNS", "RNNLAB_LESSONS", "LANG", "LC_ALL", "LC_CTYPE"]
        var variables: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { variables[name] = String(cString: value) }
        }
        return Environment(variables: variables)
    }
}
