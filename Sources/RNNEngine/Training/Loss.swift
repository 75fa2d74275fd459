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
        let steps = output.rows, classes = head.outputSize, width = head.inputSize
        var probabilities = Matrix(rows: steps, columns: classes)
        var outputGradient = Matrix(rows: steps, columns: width)
        var weightGradient = Matrix(rows: classes, columns: width)
        var biasGradient = [Double](repeating: 0, count: classes)
        var total = 0.0
        guard steps > 0 else {
            return LossResult(value: 0, outputGradient: outputGradient,
                              headGradients: ParameterSet([("weight", Tensor(weightGradient)), ("bias", Tensor(shape: [classes], values: biasGradient)!)]),
                              probabilities: probabilities)
        }
        // dLogits, T × V: row t is (p_t − onehot(target_t)) / counted, zero at skipped steps.
        var logitGradient = [Double](repeating: 0, count: steps * classes)
        output.values.withUnsafeBufferPointer { hidden in
        head.weight.values.withUnsafeBufferPointer { weight in
        probabilities.values.withUnsafeMutableBufferPointer { p in
        logitGradient.withUnsafeMutableBufferPointer { dLogits in
            let p = p.baseAddress!, dLogits = dLogits.baseAddress!
            // logits z_t = V h_t + b for every step at once, into the probability rows
            for t in 0..<steps { for k in 0..<classes { p[t * classes + k] = head.bias[k] } }
            Kernels.addProductWithTransposed(hidden.baseAddress!, count: steps, inner: width, weight.baseAddress!, rows: classes, into: p)
            for t in 0..<steps {
                let row = p + t * classes
                // softmax: p = e^(z − max z) / Σ e^(z − max z)
                var largest = -Double.infinity
                for k in 0..<classes { largest = max(largest, row[k]) }
                for k in 0..<classes { row[k] -= largest }
                VectorActivation.exp(row, into: row, count: classes)
                var sum = 0.0
                for k in 0..<classes { sum += row[k] }
                for k in 0..<classes { row[k] /= sum }
                guard targets[t] >= 0 else { continue }
                total -= log(max(row[targets[t]], .leastNonzeroMagnitude))
                let d = dLogits + t * classes  // d/dz of −log softmax = p − onehot
                for k in 0..<classes { d[k] = row[k] * scale }
                d[targets[t]] -= scale
            }
            // dV = Σ_t dz_t h_tᵀ, db = Σ_t dz_t, dh_t = Vᵀ dz_t
            weightGradient.values.withUnsafeMutableBufferPointer { dW in
                Kernels.addTransposedProduct(dLogits, hidden.baseAddress!, inner: steps, rows: classes, columns: width, into: dW.baseAddress!)
            }
            for t in 0..<steps { for k in 0..<classes { biasGradient[k] += dLogits[t * classes + k] } }
            outputGradient.values.withUnsafeMutableBufferPointer { dOut in
                for t in 0..<steps where targets[t] >= 0 {
                    Kernels.gemvTransposed(weight.baseAddress!, rows: classes, columns: width, dLogits + t * classes,
                                           into: dOut.baseAddress! + t * width)
                }
            }
        }}}}
        let headGradients = ParameterSet([("weight", Tensor(weightGradient)), ("bias", Tensor(shape: [head.outputSize], values: biasGradient)!)])
        return LossResult(value: total * scale, outputGradient: outputGradient, headGradients: headGradients, probabilities: probabilities)
    }
}
