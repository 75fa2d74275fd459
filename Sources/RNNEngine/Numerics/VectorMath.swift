#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small operations on plain `[Double]` vectors.
public enum VectorMath {
    /// The dot product `Σ aᵢ bᵢ` over the shorter length.
    public static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in 0..<min(a.count, b.count) { sum += a[i] * b[i] }
        return sum
    }

    /// The Euclidean norm `sqrt(Σ aᵢ²)`.
    ///
    /// Σaᵢ² overflows once the norm passes about 1.3e154, with every element still finite
    /// (4e245 over 16 units is `+Inf`), and loses digits once it falls below 2⁻⁹⁶⁹ (a norm
    /// below about 1e-146, where the squares reach the subnormals, down to 0 for a gradient
    /// of 1e-170 that vanished over a long input). Then the sum is taken again as BLAS's
    /// `dnrm2` and `hypot` do, ``rescaledNorm(_:)``; otherwise the plain sum's root is
    /// returned, bit for bit, so a norm in between is the one it always was.
    public static func norm(_ a: [Double]) -> Double {
        let squares = dot(a, a)
        return squares == .infinity || squares < 0x1p-969 ? rescaledNorm([a]) : squares.squareRoot()
    }

    /// The Euclidean norm of all the elements of `parts` together, as `s · sqrt(Σ (aᵢ / s)²)`
    /// with `s = max |aᵢ|`: no term exceeds 1, so the sum cannot overflow, and the norm is
    /// infinite only when it is beyond the largest Double or an element is infinite (NaN
    /// when one is NaN). Slower than the plain sum, and it may differ from it in the last bit.
    public static func rescaledNorm<Part: Collection<Double>>(_ parts: [Part]) -> Double {
        var largest = 0.0
        for part in parts {
            for value in part {
                if value.isNaN { return .nan }
                largest = max(largest, abs(value))
            }
        }
        guard largest.isFinite, largest > 0 else { return largest }
        var sum = 0.0
        for part in parts {
            for value in part { sum += (value / largest) * (value / largest) }
        }
        return largest * sum.squareRoot()
    }

    /// `y += alpha · x` over the shorter length.
    public static func axpy(_ alpha: Double, _ x: [Double], _ y: inout [Double]) {
        for i in 0..<min(x.count, y.count) { y[i] += alpha * x[i] }
    }

    /// The largest absolute element (0 for an empty vector).
    public static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

    /// A numerically stable softmax.
    public static func softmax(_ logits: [Double]) -> [Double] {
        guard let largest = logits.max() else { return [] }
        var result = logits.map { exp($0 - largest) }
        let total = result.reduce(0, +)
        for i in result.indices { result[i] /= total }
        return result
    }

    /// log softmax(`logits`), as `torch.log_softmax`: l_k − m − log Σ_j exp(l_j − m) with m
    /// the largest logit, so that a very unlikely class keeps its log-probability where
    /// log(softmax) would give log 0 = −∞.
    public static func logSoftmax(_ logits: [Double]) -> [Double] {
        guard let largest = logits.max() else { return [] }
        let logTotal = log(logits.reduce(0) { $0 + exp($1 - largest) })
        return logits.map { $0 - largest - logTotal }
    }
}
