extension TaskChoice {
    /// Reads a UTF-8 text file of at most ``maximumFileBytes`` bytes, inside the allowed
    /// folders when the session limits them (as ``FileAccess/readText(_:roots:command:limit:)``).
    static func readText(_ path: String, command: String, allowedFileRoots: [String]?) throws(LabError) -> String {
        try FileAccess.readText(path, roots: allowedFileRoots, command: "\(command) --file", limit: maximumFileBytes)
    }
}
