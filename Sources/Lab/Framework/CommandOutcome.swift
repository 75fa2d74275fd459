import Rendering

/// What running one command line produced.
public struct CommandOutcome: Sendable, Equatable {
    /// What to show; empty when the line was blank or the command failed.
    public var blocks: [Block]
    /// Why the command failed or stopped, if it did.
    public var error: LabError?
    /// Whether the lab should end after this line.
    public var shouldQuit: Bool

    /// Creates an outcome.
    public init(blocks: [Block] = [], error: LabError? = nil, shouldQuit: Bool = false) {
        self.blocks = blocks
        self.error = error
        self.shouldQuit = shouldQuit
    }

    /// Whether the command failed (an interruption counts as a failure in scripts).
    public var failed: Bool { error != nil }

    /// The blocks followed by the error as an error block: for callers that only render.
    public var blocksIncludingError: [Block] {
        guard let error else { return blocks }
        return blocks + [error.kind == .interrupted ? .note(error.message) : .error(error.message)]
    }
}
