import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A new empty folder under the system's temporary folder, removed when released.
public final class TemporaryFolder {
    /// The folder's path.
    public let path: String

    /// Creates the folder; throws when the system cannot.
    public init() throws {
        var template = Array((NSTemporaryDirectory() + "rnnlab-test-XXXXXX").utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: NSTemporaryDirectory()])
        }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
