/// Turns blocks into text for one kind of terminal.
public struct Renderer: Sendable {
    /// The device the text is for.
    public var caps: TerminalCaps

    /// Creates a renderer for the given capabilities.
    public init(caps: TerminalCaps) {
        self.caps = caps
    }

    /// Renders one block as lines of text, each ending in a newline.
    public func render(_ block: Block) -> String {
        switch block {
        case .heading(let text), .prose(let text), .note(let text), .preformatted(let text):
            return text + "\n"
        case .warning(let text):
            return "warning: " + text + "\n"
        case .error(let text):
            return "error: " + text + "\n"
        case .table, .sparklines, .heatStrip, .plot, .bars:
            return ""
        }
    }

    /// Renders blocks one after another.
    public func render(_ blocks: [Block]) -> String {
        blocks.map(render).joined()
    }
}
