/// What a command showed, in a form two commands can be compared by: the host's answer to
/// "what did this show?", independent of how the command was spelled.
///
/// The lab fills `facets` with one canonical string per thing shown, for example one per
/// (model, quantity, layer, direction, unit, step range): `lstm/c/layer0/fwd/unit2/t1-5`.
/// `show c --unit 2` and `show c --step 1..5 --unit 2` on a 5-step input must then give
/// equal signatures. Commands that change the session describe the resulting state
/// (e.g. `model:lstm hidden=3 layers=1`).
public struct ResultSignature: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// One canonical string per thing shown.
    public var facets: Set<String>

    /// Creates a signature.
    public init(_ facets: Set<String>) {
        self.facets = facets
    }

    /// Whether this result satisfies `expected` under `match`.
    public func satisfies(_ expected: ResultSignature, match: TaskMatch) -> Bool {
        guard !expected.facets.isEmpty else { return false }
        switch match {
        case .same: return facets == expected.facets
        case .includes: return facets.isSuperset(of: expected.facets)
        }
    }

    /// The facets, sorted, comma-separated.
    public var description: String { facets.sorted().joined(separator: ", ") }
}

/// What running one lab command gave.
public enum CommandOutcome: Sendable, Equatable {
    /// It ran; the signature describes what it showed.
    case succeeded(ResultSignature)
    /// It failed with this one-line message.
    case failed(String)
    /// Ctrl-C stopped it part way; the lab holds what it reached, if anything.
    case stopped
}
