import RNNEngine

/// What one `grad` computed for a model on the current input: which loss, its value, and
/// the gradient norms per step (the backward pass itself is kept in the model's trace).
public struct GradientRecord: Sendable, Equatable {
    /// What the gradient was taken of, as a result facet's part: `loss-last`, `loss-sum-tbptt3`.
    /// Gradients of two losses are two different results, however alike their tables.
    public var facet: String {
        "loss-\(loss.rawValue)" + (truncation.map { "-tbptt\($0)" } ?? "")
    }

    /// How the loss was defined.
    public var loss: LossKind
    /// The loss value L.
    public var value: Double
    /// A remark on how the loss was formed (e.g. a fixed head stood in for a trained one).
    public var note: String?
    /// The window of truncated BPTT, when the gradient was cut; nil for full BPTT.
    public var truncation: Int?
    /// Whether the target is one value at the last real step (the adding problem), not one
    /// per step: then mse scores that step alone.
    public var targetAtEnd = false
    /// The input's mask when it has padding (`feed --mask`): one flag per step, false at
    /// padding, which every loss leaves out; nil when every step is real.
    public var mask: [Bool]?
    /// Whether next-char scored token indices fed through an embedding (`feed --tokens`),
    /// whose next token x_{t+1} stands for k_{t+1}, rather than characters.
    public var scoresTokens = false
    /// Whether the head that scored them adds a bias b_y (false for a token model's
    /// `nn.Linear` made with `bias=False`), as ``formula`` writes it.
    public var headHasBias = true

    /// Creates a record.
    public init(loss: LossKind, value: Double, note: String? = nil, truncation: Int? = nil, targetAtEnd: Bool = false,
                mask: [Bool]? = nil) {
        self.loss = loss
        self.value = value
        self.note = note
        self.truncation = truncation
        self.targetAtEnd = targetAtEnd
        self.mask = mask?.contains(false) == true ? mask : nil
    }

    /// The loss's formula as this input scored it.
    public var formula: String {
        let formula = loss == .mse && targetAtEnd ? "L = mean_j (W_hy h_T + b_y − y)_j²"
            : scoresTokens ? "L = −1/(T−1) Σ_t log softmax(W_hy h_t\(headHasBias ? " + b_y" : ""))[k_{t+1}] over t = 1..T−1" : loss.formula
        return mask != nil && loss == .sum ? formula + " over the real steps t" : formula
    }

    /// The formula in words, as this input scored it.
    public var meaning: String {
        let meaning = loss == .mse && targetAtEnd ? "squared error against the target y, which is at the last step only"
            : scoresTokens ? "cross-entropy of predicting each next token k_{t+1}" : loss.meaning
        guard let mask, let lastReal = mask.lastIndex(of: true) else { return meaning }
        let padding = mask.indices.filter { !mask[$0] }
        let place = (padding.count == 1 ? "step " : "steps ") + stepList(padding)
        switch loss {
        case .last:
            return "the sum of the output of step \(lastReal + 1), the last real step; \(place) \(padding.count == 1 ? "is" : "are") padding"
        case .sum:
            return "the sum of every real step's output; \(place) \(padding.count == 1 ? "is" : "are") padding and left out, "
                + "so L is the unpadded sequence's"
        case .nextChar, .mse:
            return meaning + "; \(place) \(padding.count == 1 ? "is" : "are") padding and left out"
        }
    }

    /// The definition shown with results: formula and meaning.
    public var definition: String { "\(formula), \(meaning)" }
}

/// The losses `grad` back-propagates.
public enum LossKind: String, Sendable, CaseIterable {
    /// L = Σ_j y_T[j]: the sum of the last real step's output vector.
    case last
    /// L = Σ_t Σ_j y_t[j]: the sum of every output.
    case sum
    /// Cross-entropy of a linear head predicting each next character of the fed text.
    case nextChar = "next-char"
    /// Mean squared error of a linear head against the input task's target.
    case mse

    /// The formula, e.g. `L = Σ_j h_T[j]`.
    public var formula: String {
        switch self {
        case .last: "L = Σ_j h_T[j]"
        case .sum: "L = Σ_t Σ_j h_t[j]"
        case .nextChar: "L = −1/(T−1) Σ_t log softmax(W_hy h_t + b_y)[x_{t+1}] over t = 1..T−1"
        case .mse: "L = mean_t (W_hy h_t + b_y − y_t)²"
        }
    }

    /// The formula in words.
    public var meaning: String {
        switch self {
        case .last: "the sum of the last step's output"
        case .sum: "the sum of every step's output"
        case .nextChar: "cross-entropy of predicting each next character"
        case .mse: "mean squared error against the target y_t"
        }
    }

    /// The definition shown with results: formula and meaning.
    public var definition: String { "\(formula), \(meaning)" }
}
