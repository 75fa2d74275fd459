import Foundation

extension TaskChoice {
    /// Reads a UTF-8 text file of at most ``maximumFileBytes`` bytes, inside the allowed
    /// folders when the session limits them.
    static func readText(_ path: String, command: String, allowedFileRoots: [String]?) throws -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        if let roots = allowedFileRoots {
            let allowed = roots.contains { root in
                let rootPath = URL(fileURLWithPath: root).standardizedFileURL.resolvingSymlinksInPath().path
                return url.path == rootPath || url.path.hasPrefix(rootPath.hasSuffix("/") ? rootPath : rootPath + "/")
            }
            guard allowed else {
                throw LabError("\(command): --file \(path) is outside the folders this lab may read (\(roots.joined(separator: ", ")))")
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw LabError("\(command): no file at \(path); give the path of a text file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
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
