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

    public var description: String {
        "cannot read \(path): \(String(cString: strerror(code)))"
    }
}
