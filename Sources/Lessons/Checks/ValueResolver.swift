/// Supplies the session's values to checks and numeric answers; the lab implements it.
///
/// `values(of:)` returns every number the reference selects, flattened in a stable order
/// (e.g. by step, then unit). A scalar such as `params` is an array of one.
public protocol ValueResolver {
    /// The numbers `reference` names, or an error that says what is unknown.
    func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double]
}

/// A reference the resolver cannot answer (unknown name, model, selector or range).
public struct ValueResolutionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong, e.g. "no model named rnn2".
    public var message: String

    /// Creates a resolution error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
