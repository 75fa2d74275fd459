/// Validates lesson content against the lab's vocabulary; the lab implements it.
public protocol CommandValidator {
    /// Checks one command line from an `rnnlab` block or an `expect:` line.
    ///
    /// Returns nil when the lab would accept it, else what is wrong and the 1-based
    /// column in `line` of the word at fault (an unknown word or option, a bad value).
    func problem(in line: String) -> CommandProblem?

    /// Checks a value name used in a check or an `answer:` (e.g. unknown quantity or
    /// selector key). Returns nil when it can be resolved in principle.
    func problem(in reference: ValueReference) -> String?

    /// Why `reference` names more than one number whatever the lab holds (for an
    /// `answer:`, which must be one number), or nil when it may be one.
    func severalNumbersProblem(in reference: ValueReference) -> String?

    /// The names of the models that `lines`, run in order in an empty lab, may make
    /// (every one, and perhaps more); nil when some line makes a model whose name only
    /// running it tells.
    func modelNames(madeBy lines: [String]) -> Set<String>?

    /// The interval every number of `reference` lies in, whatever the model, its weights
    /// and its input: [0, 1] for a sigmoid gate's values; nil when the lab bounds them by
    /// no such interval, or the reference is unknown.
    func valueBounds(of reference: ValueReference) -> ClosedRange<Double>?
}

extension CommandValidator {
    /// By default every reference is accepted.
    public func problem(in reference: ValueReference) -> String? { nil }

    /// By default any reference may be one number.
    public func severalNumbersProblem(in reference: ValueReference) -> String? { nil }

    /// By default no model name is known, so none is reported.
    public func modelNames(madeBy lines: [String]) -> Set<String>? { nil }

    /// By default no value is known to be bounded.
    public func valueBounds(of reference: ValueReference) -> ClosedRange<Double>? { nil }
}

/// What is wrong with a command line, and where.
public struct CommandProblem: Sendable, Equatable {
    /// What is wrong and what to write instead.
    public var message: String
    /// 1-based column within the command line.
    public var column: Int

    /// Creates a problem.
    public init(message: String, column: Int) {
        self.message = message
        self.column = column
    }
}
