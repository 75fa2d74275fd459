/// What the output device can show: how wide it is, whether it takes color escapes,
/// and whether it can draw non-ASCII glyphs.
public struct TerminalCaps: Sendable, Equatable {
    /// Columns available to a line.
    public var width: Int
    /// Whether ANSI color escapes may be written.
    public var color: Bool
    /// Whether non-ASCII glyphs (block elements, Greek letters) may be written.
    public var unicode: Bool

    /// Creates capabilities from explicit values.
    public init(width: Int = 80, color: Bool = false, unicode: Bool = true) {
        self.width = width
        self.color = color
        self.unicode = unicode
    }
}

/// The `--color` setting: decide from the terminal, or force it on or off.
public enum ColorMode: String, Sendable, CaseIterable {
    /// Color when standard output is a terminal and nothing in the environment refuses it.
    case auto
    /// Color even when piped (`--color always`).
    case always
    /// No color at all (`--no-color`).
    case never
}
