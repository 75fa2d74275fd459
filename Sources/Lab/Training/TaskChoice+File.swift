#if canImport(FoundationEssentials)
import FoundationEssentials  // JSON, files and URLs without the rest of Foundation and its ICU, so rnnlab starts faster
#else
import Foundation
#endif

extension TaskChoice {
    /// Reads a UTF-8 text file of at most ``maximumFileBytes`` bytes, inside the allowed
    /// folders when the session limits them.
    static func readText(_ path: String, command: String, allowedFileRoots: [String]?) throws -> String {
        let url = URL(fileURLWithPath: FileAccess.expandingHome(path)).standardizedFileURL.resolvingSymlinksInPath()
        if let roots = allowedFileRoots {
            let allowed = roots.contains { root in
                let rootPath = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
                return url.path == rootPath || url.path.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/")
            }
            guard allowed else {
                throw LabError("\(command): --file \(path) is outside the folders this lab may read (\(roots.joined(separator: ", ")))")
            }
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        guard let attributes else {
            throw LabError("\(command): no file at \(path); give the path of a text file")
        }
        // A folder, device or pipe could block the lab or never end (/dev/zero).
        guard attributes[.type] as? FileAttributeType == .typeRegular else {
            throw LabError("\(command): \(path) is not a regular file (a folder, device or pipe); give the path of a text file")
        }
        // The size is a UInt from FoundationEssentials and an NSNumber (read as Int) from Foundation.
        let size = (attributes[.size] as? UInt).map(Int.init(clamping:)) ?? attributes[.size] as? Int
        guard let size, size <= maximumFileBytes else {
            throw LabError("\(command): \(path) is larger than \(maximumFileBytes / 1000) kB; use a shorter text")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LabError("\(command): cannot read \(path); check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw LabError("\(command): \(path) is not UTF-8 text")
        }
        return text
    }
}
