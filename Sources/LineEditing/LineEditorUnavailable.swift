/// libedit could not be started on this terminal.
public struct LineEditorUnavailable: Error, Sendable, CustomStringConvertible {
    public var description: String { "line editing is not available on this terminal" }
}
