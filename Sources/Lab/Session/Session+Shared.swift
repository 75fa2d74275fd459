import Lessons

// Hooks several commands share: what a command showed (for lesson tasks judged by
// result), where commands may touch files, and the session's values for lesson checks.

/// What the last command showed, and the folders file commands may use.
public struct SessionRecord: Sendable {
    /// One canonical string per thing the last command showed, e.g.
    /// `lstm/c/layer0/forward/unit2/t1-5`; empty when it showed no values.
    public var facets: Set<String> = []
    /// The folders `load`, `save` and `export` may read or write under; nil means anywhere.
    /// Lessons set it while their blocks run, so a lesson file cannot reach other files;
    /// the first is the lesson's own folder, where a relative path in its commands starts.
    public var allowedFileRoots: [String]? = nil
    /// The lab's own files (progress and history), which `save` and `export` never overwrite.
    public var labFiles: [String] = []

    /// Creates an empty record.
    public init() {}
}
