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

    /// The numbers `reference` names with where each one is, in the quantity's own terms
    /// (`t=4, unit=2`), so that a claim that fails at some elements can say where. The
    /// default knows no places.
    func placedValues(of reference: ValueReference) throws(ValueResolutionError) -> PlacedValues
}

extension ValueResolver {
    /// The values without places.
    public func placedValues(of reference: ValueReference) throws(ValueResolutionError) -> PlacedValues {
        PlacedValues(values: try values(of: reference), places: nil)
    }
}

/// Numbers a reference names and, when known, where each one is.
public struct PlacedValues: Sendable, Equatable {
    /// The numbers, in the resolver's order.
    public var values: [Double]
    /// One place per number, e.g. `t=4, unit=2` or `step=37`; nil when unknown.
    public var places: [String]?

    /// Creates placed values; `places`, when given, must have one entry per value.
    public init(values: [Double], places: [String]?) {
        self.values = values
        self.places = places.flatMap { $0.count == values.count ? $0 : nil }
    }
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
