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
        case .includes: return covers(expected)
        }
    }

    /// Whether this result shows everything `other` shows: each of its facets is one of
    /// these, or one of these over a range of steps that contains the other's
    /// (`lstm/c/layer0/forward/unit2/t1-5` covers `…/unit2/t2-3` and `…/unit2/t4`).
    public func covers(_ other: ResultSignature) -> Bool {
        other.facets.allSatisfy { wanted in
            facets.contains(wanted) || facets.contains { Self.facet($0, covers: wanted) }
        }
    }

    /// Whether `shown` and `wanted` name the same thing over steps, `shown`'s range holding
    /// `wanted`'s: both end in a step part, `/tA-B` or `/tA` (1-based, inclusive), after
    /// equal beginnings.
    static func facet(_ shown: String, covers wanted: String) -> Bool {
        guard let (shownStart, shownSteps) = splitSteps(shown), let (wantedStart, wantedSteps) = splitSteps(wanted),
              shownStart == wantedStart else { return false }
        return shownSteps.lowerBound <= wantedSteps.lowerBound && wantedSteps.upperBound <= shownSteps.upperBound
    }

    /// A facet's beginning and the steps of its last part, `/t3` or `/t1-5`; nil when it
    /// does not end in one.
    static func splitSteps(_ facet: String) -> (String, ClosedRange<Int>)? {
        guard let slash = facet.lastIndex(of: "/") else { return nil }
        let part = facet[facet.index(after: slash)...]
        guard part.first == "t" else { return nil }
        let bounds = part.dropFirst().split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(bounds.count), let first = bounds[0], let last = bounds[bounds.count - 1], first <= last else { return nil }
        return (String(facet[..<slash]), first...last)
    }

    /// Whether the command showed values, rather than only wrote a model to a file (the
    /// facets `save:NAME` and `export:NAME`, which judge a lesson's task of saving).
    public var showsValues: Bool {
        facets.contains { !$0.hasPrefix("save:") && !$0.hasPrefix("export:") }
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
    /// Ctrl-C, or a signal to end (SIGTERM, SIGHUP), stopped it part way; the lab holds
    /// what it reached, if anything.
    case stopped
}
