#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Norms and spectra used to reason about exploding and vanishing gradients.
extension Matrix {
    /// The spectral norm ‖A‖₂: the largest singular value, `sqrt(λ_max(AᵀA))`.
    ///
    /// Exact (Jacobi eigenvalues of `AᵀA`) when the smaller side is at most 64, otherwise
    /// power iteration on `AᵀA` (relative accuracy about 1e-10 for well separated values).
    public var spectralNorm: Double { spectralNorm(shouldStop: nil) ?? .nan }

    /// ``spectralNorm``, or nil when `shouldStop` says so (it is asked between the steps of
    /// the computation, which take seconds for a large matrix).
    public func spectralNorm(shouldStop: ShouldStop?) -> Double? {
        guard rows > 0, columns > 0 else { return 0 }
        if shouldStop?() == true { return nil }
        // ‖A‖ = s · ‖A / s‖: entries near 1e308 or 1e-320 would overflow or vanish in AᵀA
        let largest = VectorMath.maxAbs(values)
        if largest.isFinite, largest > 1e150 || (largest > 0 && largest < 1e-150) {
            return divided(by: largest).spectralNorm(shouldStop: shouldStop).map { $0 * largest }
        }
        let gram = rows >= columns ? transposed.multiplied(by: self)! : multiplied(by: transposed)!
        if gram.rows <= 64 {
            let eigenvalues = Matrix.symmetricEigenvalues(gram)
            return max(eigenvalues.max() ?? 0, 0).squareRoot()
        }
        return max(Matrix.largestEigenvalueByPowerIteration(gram), 0).squareRoot()
    }

    /// The spectral radius ρ(A): the largest |eigenvalue| of a square matrix.
    ///
    /// Computed with Gelfand's formula ρ(A) = lim ‖A^k‖^{1/k} for k = 2^40 by repeated
    /// squaring with rescaling, which also handles complex eigenvalue pairs (where plain
    /// power iteration does not converge). Returns 0 for a non-square matrix.
    public var spectralRadius: Double { spectralRadius(shouldStop: nil) ?? .nan }

    /// ``spectralRadius``, or nil when `shouldStop` says so (it is asked before each of the
    /// 40 squarings, which take seconds in all for a large matrix).
    public func spectralRadius(shouldStop: ShouldStop?) -> Double? {
        guard rows == columns, rows > 0 else { return 0 }
        var power = self
        var logScale = 0.0  // log ‖A^k‖ accumulated as power is renormalized
        var exponent = 1.0
        for _ in 0..<40 {
            if shouldStop?() == true { return nil }
            let norm = power.frobeniusNorm
            guard norm > 0, norm.isFinite else { return norm.isFinite ? 0 : .infinity }
            power = power.divided(by: norm)  // not · (1 / norm), which overflows for a tiny norm
            logScale += log(norm) / exponent
            power = power.multiplied(by: power)!
            exponent *= 2
        }
        let finalNorm = power.frobeniusNorm
        guard finalNorm > 0 else { return 0 }
        return exp(logScale + log(finalNorm) / exponent)
    }

    /// The eigenvalues of a symmetric matrix by the cyclic Jacobi method (unsorted).
    ///
    /// Only the upper triangle is trusted to be symmetric; sweeps stop when the
    /// off-diagonal mass falls below 1e-22 of the total or after 100 sweeps.
    public static func symmetricEigenvalues(_ matrix: Matrix) -> [Double] {
        let n = matrix.rows
        guard n > 0, matrix.columns == n else { return [] }
        var a = matrix.values
        let total = a.reduce(0) { $0 + $1 * $1 }
        for _ in 0..<100 {
            var offDiagonal = 0.0
            for p in 0..<n { for q in (p + 1)..<max(n, p + 1) { offDiagonal += a[p * n + q] * a[p * n + q] } }
            if offDiagonal <= 1e-22 * total || offDiagonal == 0 { break }
            for p in 0..<(n - 1) {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    let app = a[p * n + p], aqq = a[q * n + q]
                    // Rotation angle that zeroes a_pq (Golub & Van Loan, Algorithm 8.4.1).
                    let theta = (aqq - app) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { a[$0 * n + $0] }
    }

    /// The largest eigenvalue of a symmetric positive semi-definite matrix by power iteration.
    static func largestEigenvalueByPowerIteration(_ matrix: Matrix, iterations: Int = 500) -> Double {
        let n = matrix.rows
        var vector = [Double](repeating: 0, count: n)
        var generator = SeededGenerator(seed: 0x5EED)
        for i in 0..<n { vector[i] = generator.uniform(in: -1...1) }
        var estimate = 0.0
        for _ in 0..<iterations {
            let norm = VectorMath.norm(vector)
            guard norm > 0 else { return 0 }
            for i in 0..<n { vector[i] /= norm }
            let next = matrix.multiplied(by: vector)
            let newEstimate = VectorMath.dot(vector, next)
            vector = next
            if abs(newEstimate - estimate) <= 1e-13 * abs(newEstimate) { return newEstimate }
            estimate = newEstimate
        }
        return estimate
    }
}
