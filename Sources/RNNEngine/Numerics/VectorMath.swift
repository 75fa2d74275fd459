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
    public static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

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
}
