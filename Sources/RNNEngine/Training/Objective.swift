/// A loss on a network's output, used by the gradient check and training loops.
public enum Objective: Sendable {
    /// `L = sum(output ⊙ weights)` (the fixtures' loss).
    case dotProduct(weights: Matrix)
    /// Mean squared error against T × n targets (every step) or 1 × n (the last step only).
    case meanSquaredError(target: Matrix)
    /// Softmax cross-entropy through a linear head, one class index per step (−1 skips a step).
    case crossEntropy(head: OutputHead, targets: [Int])

    /// The loss and its gradient for `output`.
    public func evaluate(_ output: Matrix) throws -> LossResult {
        switch self {
        case .dotProduct(let weights):
            guard weights.rows == output.rows, weights.columns == output.columns else {
                throw NetworkError("dy has shape (\(weights.rows), \(weights.columns)), the output (\(output.rows), \(output.columns))")
            }
            return Loss.dotProduct(output: output, weights: weights)
        case .meanSquaredError(let target):
            return try Loss.meanSquaredError(prediction: output, target: target)
        case .crossEntropy(let head, let targets):
            return try Loss.crossEntropy(output: output, head: head, targets: targets)
        }
    }
}
