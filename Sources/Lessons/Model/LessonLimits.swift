/// Size limits for lesson files, which are untrusted input.
public struct LessonLimits: Sendable, Equatable {
    /// Largest file, in bytes (UTF-8).
    public var maximumFileBytes = 1_048_576
    /// Longest line, in characters.
    public var maximumLineLength = 4_000
    /// Most steps (`##` headings).
    public var maximumSteps = 200
    /// Most fenced blocks in a file.
    public var maximumBlocks = 2_000
    /// Most lines in one fenced block.
    public var maximumBlockLines = 500
    /// Most options in one question (they are lettered a–z).
    public var maximumOptions = 26
    /// Most hints in one question.
    public var maximumHints = 10
    /// Longest id (lesson or question), in characters.
    public var maximumIDLength = 64
    /// Most entries in `requires`.
    public var maximumRequires = 32

    /// The default limits.
    public init() {}
}
