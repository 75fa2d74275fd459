import LineEditing

/// `print(..., to:)` into standard error.
struct StandardErrorStream: TextOutputStream {
    mutating func write(_ string: String) {
        StandardStreams.writeError(string)
    }
}
