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
    /// A short label per timestep for tables: the character read, or the value.
    public var labels: [String]
    /// What the network should produce.
    public var target: TaskTarget

    /// Creates an example from its parts.
    public init(inputs: [[Double]], symbols: [Int]?, labels: [String], target: TaskTarget) {
        self.inputs = inputs
        self.symbols = symbols
        self.labels = labels
        self.target = target
    }

    /// The number of timesteps.
    public var length: Int { inputs.count }
}

/// The target of a task example, which also decides the loss.
public enum TaskTarget: Sendable, Equatable {
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
