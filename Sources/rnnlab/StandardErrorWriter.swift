import LineEditing

/// Writes to standard error through the C shim (Swift 6 cannot touch `stderr` directly).
enum StandardErrorWriter {
    static func write(_ text: String) {
        StandardStreams.writeError(text)
    }
}
