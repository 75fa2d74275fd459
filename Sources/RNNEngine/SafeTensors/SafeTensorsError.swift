/// A problem reading or writing a safetensors file, naming what is wrong and where.
public struct SafeTensorsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was wrong and what to do.
    public let message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
