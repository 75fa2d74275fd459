/// A check expression could not be parsed.
public struct CheckSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong and what to write instead.
    public var message: String
    /// 1-based column in the expression's text where the problem is.
    public var column: Int

    /// Creates a syntax error.
    public init(_ message: String, column: Int) {
        self.message = message
        self.column = column
    }

    /// `col N: message`.
    public var description: String { "column \(column): \(message)" }
}
