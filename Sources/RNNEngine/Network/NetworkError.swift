/// A problem with a network, its inputs or its parameters, with what to do about it.
public struct NetworkError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong and how to fix it.
    public let message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
