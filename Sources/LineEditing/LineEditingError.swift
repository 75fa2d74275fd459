#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A script or input file could not be opened.
public struct LineEditingError: Error, Sendable, CustomStringConvertible {
    /// The file that could not be opened.
    public var path: String
    /// The system's error number.
    public var code: Int32
    /// Why, in words, when the system's message would not say it well.
    public var reason: String?

    /// Creates the error.
    public init(path: String, code: Int32, reason: String? = nil) {
        self.path = path
        self.code = code
        self.reason = reason
    }

    public var description: String {
        "cannot read \(path): \(reason ?? String(cString: strerror(code)))"
    }
}
