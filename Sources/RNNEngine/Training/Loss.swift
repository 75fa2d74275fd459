#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loss value with its gradient with respect to the network output.
public struct LossResult: Equatable, Sendable {
    /// The scalar loss.
    public let value: Double
    /// dL/d(output), same shape as the output (T × D·H).
    public let outputGradient: Matrix
    /// Gradients of the output head's parameters (`weight`, `bias`), for cross-entropy.
    public let headGradients: ParameterSet?
    /// Softmax probabilities per step (T × V), for cross-entropy.
    public let probabilities: Matrix?
}

/// The losses lessons train with.
public enum Loss {
    /// `L = sum(output ⊙ weights)`: the fixtures' loss, whose gradient is `weights` itself.
    public static func dotProduct(output: Matrix, weights: Matrix) -> LossResult {
        LossResult(value: VectorMath.dot(output.values, weights.values), outputGradient: weights,
                   headGradients: nil, probabilities: nil)
    }

    /// Mean squared error as PyTorch's `MSELoss` (mean over all elements).
    ///
    /// - Parameters:
    ///   - prediction: T × n predictions (for example a network's output).
    ///   - target: T × n targets, or 1 × n to compare only the last step.
    public static func meanSquaredError(prediction: Matrix, target: Matrix) throws -> LossResult {
        guard target.columns == prediction.columns, target.rows == prediction.rows || target.rows == 1, prediction.rows > 0 else {
            throw NetworkError("MSE target has shape (\(target.rows), \(target.columns)); expected (\(prediction.rows), \(prediction.columns)) per step or (1, \(prediction.columns)) for the last step")
        }
        let firstRow = prediction.rows - target.rows
        let count = Double(target.values.count)
        var gradient = Matrix(rows: prediction.rows, columns: prediction.columns)
        var sum = 0.0
        for r in 0..<target.rows {
            for j in 0..<target.columns {
                let difference = prediction[firstRow + r, j] - target[r, j]
                sum += difference * difference
                gradient[firstRow + r, j] = 2 * difference / count  // d/dy of mean (y − t)²
            }
        }
        return LossResult(value: sum / count, outputGradient: gradient, headGradients: nil, probabilities: nil)
    }

    /// Softmax cross-entropy through a linear head, averaged over steps like PyTorch's
    /// `CrossEntropyLoss` (mean reduction): `L = −(1/T) Σ_t log softmax(V h_t + b)[target_t]`.
    ///
    /// A target of −1 at a step skips it (PyTorch's `ignore_index`); the mean is over the others.
    public static func crossEntropy(output: Matrix, head: OutputHead, targets: [Int]) throws -> LossResult {
        guard targets.count == output.rows else {
            throw NetworkError("cross-entropy got \(targets.count) targets for \(output.rows) steps")
        }
        guard output.columns == head.inputSize else {
            throw NetworkError("output head reads \(head.inputSize) features, the network outputs \(output.columns)")
        }
        if let bad = targets.firstIndex(where: { $0 < -1 || $0 >= head.outputSize }) {
            throw NetworkError("target \(targets[bad]) at step \(bad) is outside 0..<\(head.outputSize)")
        }
        let counted = targets.filter { $0 >= 0 }.count
        let scale = counted > 0 ? 1 / Double(counted) : 0
        var probabilities = Matrix(rows: output.rows, columns: head.outputSize)
        var outputGradient = Matrix(rows: output.rows, columns: output.columns)
        var weightGradient = Matrix(rows: head.outputSize, columns: head.inputSize)
        var biasGradient = [Double](repeating: 0, count: head.outputSize)
        var total = 0.0
        for t in 0..<output.rows {
            let hidden = output.row(t)
            var logits = head.bias
            Kernels.gemv(head.weight.values, rows: head.outputSize, columns: head.inputSize, hidden, into: &logits)
            let p = VectorMath.softmax(logits)
            probabilities.setRow(t, to: p)
            guard targets[t] >= 0 else { continue }
            total -= log(max(p[targets[t]], .leastNonzeroMagnitude))
            var dLogits = p  // d/dlogits of −log softmax = p − onehot
            dLogits[targets[t]] -= 1
            for k in dLogits.indices { dLogits[k] *= scale }
            dLogits.withUnsafeBufferPointer { d in
                hidden.withUnsafeBufferPointer { h in
                    weightGradient.values.withUnsafeMutableBufferPointer { dW in
                        Kernels.addOuterProduct(d.baseAddress!, count: head.outputSize, h.baseAddress!, count: head.inputSize, into: dW.baseAddress!)
                    }
                    head.weight.values.withUnsafeBufferPointer { w in
                        outputGradient.values.withUnsafeMutableBufferPointer { dOut in
                            Kernels.gemvTransposed(w.baseAddress!, rows: head.outputSize, columns: head.inputSize, d.baseAddress!,
                                                   into: dOut.baseAddress! + t * head.inputSize)
                        }
                    }
                }
            }
            for k in 0..<head.outputSize { biasGradient[k] += dLogits[k] }
        }
        let headGradients = ParameterSet([("weight", Tensor(weightGradient)), ("bias", Tensor(shape: [head.outputSize], values: biasGradient)!)])
        return LossResult(value: total * scale, outputGradient: outputGradient, headGradients: headGradients, probabilities: probabilities)
    }
}
