/// A problem with a network, its inputs or its parameters, with what to do about it.
public struct NetworkError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong and how to fix it.
    public let message: String

    /// Creates an error with a message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }

    /// A pass that gave up part way because its ``ShouldStop`` said so; nothing it made is kept.
    public static let stopped = NetworkError("stopped before the pass was done")
}

/// Asked by a long pass every few steps whether to give it up (the lab passes Ctrl-C); when it
/// returns true the pass throws ``NetworkError/stopped``.
public typealias ShouldStop = () -> Bool
