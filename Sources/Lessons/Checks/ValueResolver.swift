/// Supplies the session's values to checks and numeric answers; the lab implements it.
///
/// `values(of:)` returns every number the reference selects, flattened in a stable order
/// (by step, then unit). A scalar such as `params` is an array of one. Conventions the
/// lesson guide promises authors:
/// - `model` is a model's `--name`; nil means the current model.
/// - `name` is a quantity of `show` (`h`, `c`, `i`, `f`, `g`, `o`, `r`, `z`, `n`, `pre`,
///   `dh`, `dc`, `grad-norm`, `jacobian`, `output`) or a session number (`params`,
///   `loss`, ...). A selector that is absent means "all of them".
/// - `t` counts steps from 1; a negative `t` counts from the end (`-1` is the last step);
///   `unit` and `layer` count from 0; ranges `a..b` are inclusive; `dir` is a word
///   (`forward`, `reverse`).
/// - Unknown names, models or keys, and indices out of range, throw with a message that
///   says what exists (it is shown to the author as `file:line: check failed: ...`).
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
