/// One sequence drawn from a task: what the network reads and what it should produce.
///
/// Inputs are dense vectors, one per timestep; when the input is a one-hot symbol the
/// symbol's index is kept too, so a network can gather a column of W_ih instead of
/// multiplying by a vector of zeros.
public struct TaskExample: Sendable, Equatable {
    /// The input at each timestep (T × inputSize).
    public var inputs: [[Double]]
    /// For one-hot inputs, the symbol index at each timestep; `nil` for dense inputs.
    public var symbols: [Int]?
    /// How the labels are made.
    public var labelling: StepLabels
    /// What the network should produce.
    public var target: TaskTarget

    /// A short label per timestep for tables: the character read, or the value.
    ///
    /// Values are written when asked for, not when the example is drawn: training draws
    /// thousands of examples a second and shows none of their labels.
    public var labels: [String] {
        switch labelling {
        case .given(let labels):
            return labels
        case .values(let markedBy):
            return inputs.map { step in
                let marked = markedBy.map { $0 < step.count && step[$0] == 1 } ?? false
                return (step.first.map(formatValue) ?? "") + (marked ? "*" : "")
            }
        }
    }

    /// Creates an example from its parts.
    public init(inputs: [[Double]], symbols: [Int]?, labels: [String], target: TaskTarget) {
        self.init(inputs: inputs, symbols: symbols, labelling: .given(labels), target: target)
    }

    /// Creates an example whose labels are made from its inputs when shown.
    public init(inputs: [[Double]], symbols: [Int]?, labelling: StepLabels, target: TaskTarget) {
        self.inputs = inputs
        self.symbols = symbols
        self.labelling = labelling
        self.target = target
    }

    /// The number of timesteps.
    public var length: Int { inputs.count }
}

/// Where a task example's step labels come from.
public enum StepLabels: Sendable, Equatable {
    /// These labels, one per step.
    case given([String])
    /// Each step's first input, rounded to two decimals, with `*` where the input at index
    /// `markedBy` is 1 (the adding problem's marker); `nil` marks nothing.
    case values(markedBy: Int?)
}

/// The target of a task example, which also decides the loss.
public enum TaskTarget: Sendable, Hashable {
    /// A class at every step (next character, inside-a-quote): softmax cross-entropy.
    case classPerStep([Int])
    /// One class read off the last step (remember the first symbol): cross-entropy.
    case classAtEnd(Int)
    /// A vector at every step (next value of a sine wave): mean squared error.
    case valuePerStep([[Double]])
    /// One vector read off the last step (the adding problem): mean squared error.
    case valueAtEnd([Double])

    /// Whether the loss is cross-entropy over classes (else mean squared error).
    public var isClassification: Bool {
        switch self {
        case .classPerStep, .classAtEnd: true
        case .valuePerStep, .valueAtEnd: false
        }
    }
}
