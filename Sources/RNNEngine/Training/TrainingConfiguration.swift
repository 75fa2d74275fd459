/// How a ``Trainer`` trains: steps, batch, optimizer, clipping, truncation and seed.
///
/// The defaults are what the lab's tasks train well with: Adam at 0.01 with the gradient
/// norm clipped to 1, full backpropagation through time.
public struct TrainingConfiguration: Sendable, Equatable {
    /// How many optimizer steps to take.
    public var steps: Int
    /// How many sequences each step averages its gradient over.
    public var batchSize: Int
    /// Which update rule.
    public var optimizer: OptimizerKind
    /// The learning rate.
    public var learningRate: Double
    /// What happens to the gradient before the update.
    public var clipping: ClippingRule
    /// Truncated BPTT window k (nil: back-propagate through the whole sequence).
    public var truncation: Int?
    /// The seed of the training data; the same seed draws the same sequences.
    public var seed: UInt64
    /// Dropout applied during the training steps (each step draws new masks from `seed` and
    /// the step number); none by default. Evaluation runs without it.
    public var dropout = DropoutRates()

    /// The most steps one run may take.
    public static let maximumSteps = 1_000_000
    /// The largest batch.
    public static let maximumBatchSize = 4096

    /// Creates a configuration; see the type's summary for the defaults.
    public init(
        steps: Int = 300, batchSize: Int = 16, optimizer: OptimizerKind = .adam, learningRate: Double = 0.01,
        clipping: ClippingRule = .norm(1), truncation: Int? = nil, seed: UInt64 = 1
    ) {
        self.steps = steps
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.clipping = clipping
        self.truncation = truncation
        self.seed = seed
    }

    /// Checks every value against its limits; the error names the setting and what works.
    public func validate() throws(TrainingError) {
        guard (1...Self.maximumSteps).contains(steps) else {
            throw TrainingError("steps must be between 1 and \(Self.maximumSteps), got \(steps)")
        }
        guard (1...Self.maximumBatchSize).contains(batchSize) else {
            throw TrainingError("the batch size must be between 1 and \(Self.maximumBatchSize), got \(batchSize)")
        }
        guard learningRate.isFinite, learningRate > 0 else {
            throw TrainingError("the learning rate must be a finite number above 0, got \(learningRate)")
        }
        if let truncation, truncation < 1 {
            throw TrainingError("the truncation window must be at least 1 step, got \(truncation)")
        }
        switch clipping {
        case .none: break
        case .norm(let limit), .value(let limit):
            guard limit.isFinite, limit > 0 else {
                throw TrainingError("the clipping threshold must be a finite number above 0, got \(limit)")
            }
        }
    }
}

/// The update rules the lab trains with (PyTorch's `SGD`, `Adagrad`, `Adam` with their defaults).
public enum OptimizerKind: String, Sendable, CaseIterable {
    /// Plain stochastic gradient descent, no momentum.
    case sgd
    /// Adagrad: per-parameter rates shrinking with the sum of squared gradients.
    case adagrad
    /// Adam: running means of the gradient and of its square.
    case adam

    /// A fresh optimizer of this kind.
    public func make(learningRate: Double) -> any Optimizer {
        switch self {
        case .sgd: SGD(learningRate: learningRate)
        case .adagrad: Adagrad(learningRate: learningRate)
        case .adam: Adam(learningRate: learningRate)
        }
    }
}

/// What happens to the gradient before an update.
public enum ClippingRule: Sendable, Equatable, CustomStringConvertible {
    /// The gradient is used as computed.
    case none
    /// All gradients together are scaled to a 2-norm of at most the limit (PyTorch's `clip_grad_norm_`).
    case norm(Double)
    /// Every element is clamped to ±limit (min-char-rnn's `np.clip`).
    case value(Double)

    /// Reads `none`, `norm:X` or `value:X`.
    public init(parsing text: String) throws(TrainingError) {
        if text == "none" { self = .none; return }
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2, let limit = Double(parts[1]), limit.isFinite, limit > 0 else {
            throw TrainingError("clipping must be none, norm:X or value:X with X > 0 (e.g. norm:1), got '\(text.prefix(40))'")
        }
        switch parts[0] {
        case "norm": self = .norm(limit)
        case "value": self = .value(limit)
        default:
            throw TrainingError("clipping must be none, norm:X or value:X with X > 0 (e.g. norm:1), got '\(text.prefix(40))'")
        }
    }

    /// `none`, `norm:1`, `value:5`.
    public var description: String {
        switch self {
        case .none: "none"
        case .norm(let limit): "norm:\(shortNumber(limit))"
        case .value(let limit): "value:\(shortNumber(limit))"
        }
    }
}

/// A training setting or run could not go on; the message says why and what to do.
public struct TrainingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong and what would work.
    public let message: String

    /// Creates an error with a message a learner can act on.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// `1` rather than `1.0`; other numbers as Swift prints them.
func shortNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
}
