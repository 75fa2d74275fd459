/// An assertion from a `check` block: one expression, with an optional message.
public struct Check: Sendable, Equatable {
    /// The expression as the author wrote it.
    public var source: String
    /// The parsed expression.
    public var expression: CheckExpression
    /// Shown when the check fails (`message:` line after the expression).
    public var message: String?
    /// Where the expression starts.
    public var location: SourceLocation

    /// Creates a check.
    public init(source: String, expression: CheckExpression, message: String?, location: SourceLocation) {
        self.source = source
        self.expression = expression
        self.message = message
        self.location = location
    }
}
