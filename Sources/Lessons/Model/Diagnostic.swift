/// A problem found in a lesson file, reported as `file:line:col: message`.
public struct Diagnostic: Sendable, Equatable, Hashable, CustomStringConvertible, Error {
    /// Where the problem is.
    public var location: SourceLocation
    /// What is wrong and what to do.
    public var message: String

    /// Creates a diagnostic.
    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    /// `file:line:col: message`.
    public var description: String { "\(location): \(message)" }
}

/// A lesson file with problems; `diagnostics` is never empty.
public struct LessonFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Every problem found, in file order.
    public var diagnostics: [Diagnostic]

    /// Creates the error.
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
