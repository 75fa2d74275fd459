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
    /// Lanczos iteration on `AᵀA` (``largestEigenvalue(dimension:shouldStop:_:)``), within
    /// about 1e−15 of the largest singular value.
    public var spectralNorm: Double { spectralNorm(shouldStop: nil) ?? .nan }

    /// ``spectralNorm``, or nil when `shouldStop` says so (it is asked between the steps of
    /// the computation, which take seconds for a large matrix).
    public func spectralNorm(shouldStop: ShouldStop?) -> Double? {
        guard rows > 0, columns > 0 else { return 0 }
        if let diagonal = diagonalMagnitude { return diagonal }
        if shouldStop?() == true { return nil }
        // ‖A‖ = s · ‖A / s‖: entries near 1e308 or 1e-320 would overflow or vanish in AᵀA
        let largest = VectorMath.maxAbs(values)
        if largest.isFinite, largest > 1e150 || (largest > 0 && largest < 1e-150) {
            return divided(by: largest).spectralNorm(shouldStop: shouldStop).map { $0 * largest }
        }
        let transpose = transposed
        if min(rows, columns) <= 64 {
            let gram = rows >= columns ? transpose.multiplied(by: self)! : multiplied(by: transpose)!
            let eigenvalues = Matrix.symmetricEigenvalues(gram)
            return max(eigenvalues.max() ?? 0, 0).squareRoot()
        }
        // AᵀA v as Aᵀ(A v): two products of n² each, without forming AᵀA (n³)
        let eigenvalue = rows >= columns
            ? Matrix.largestEigenvalue(dimension: columns, shouldStop: shouldStop) { transpose.multiplied(by: multiplied(by: $0)) }
            : Matrix.largestEigenvalue(dimension: rows, shouldStop: shouldStop) { multiplied(by: transpose.multiplied(by: $0)) }
        return eigenvalue.map { max($0, 0).squareRoot() }
    }

    /// The spectral radius ρ(A): the largest |eigenvalue| of a square matrix.
    ///
    /// Computed with Gelfand's formula ρ(A) = lim ‖A^k‖^{1/k} for k = 2^40 by repeated
    /// squaring with rescaling, which also handles complex eigenvalue pairs (where plain
    /// power iteration does not converge). Returns 0 for a non-square matrix.
    public var spectralRadius: Double { spectralRadius(shouldStop: nil) ?? .nan }

    /// ``spectralRadius``, or nil when `shouldStop` says so (it is asked before each of the
    /// squarings, which take seconds in all for a large matrix).
    ///
    /// With a `tolerance` it stops as soon as the estimate is within about that relative
    /// error of ρ, instead of after all 40 squarings. Each estimate e_k = ‖A^m‖^{1/m}
    /// (m = 2^k, Frobenius norm) is an upper bound on ρ, since ‖A^m‖ ≥ ρ(A^m) = ρ^m, and no
    /// larger than the one before, since ‖A^{2m}‖ ≤ ‖A^m‖². Once the leading eigenvalues
    /// dominate, ‖A^m‖ ≈ c·ρ^m and log e_k = log ρ + (log c)/m: the error halves with each
    /// squaring, so the last squaring's decrease log e_{k−1} − log e_k = (log c)/m is also
    /// the error left in e_k. It stops when that decrease is at most `tolerance / 2`.
    /// Without a tolerance the 40 squarings leave an error of about 1e−12; a tolerance of
    /// 1e−6 needs some 20 to 30 of them (tests compare both with eigenvalues known exactly).
    public func spectralRadius(tolerance: Double? = nil, shouldStop: ShouldStop?) -> Double? {
        guard rows == columns, rows > 0 else { return 0 }
        if let diagonal = diagonalMagnitude { return diagonal }
        var power = self
        var logScale = 0.0  // log ‖A^k‖ accumulated as power is renormalized
        var exponent = 1.0
        var previous = Double.infinity  // log e_{k−1}
        for _ in 0..<40 {
            if shouldStop?() == true { return nil }
            let norm = power.frobeniusNorm
            guard norm > 0, norm.isFinite else { return norm.isFinite ? 0 : .infinity }
            power = power.divided(by: norm)  // not · (1 / norm), which overflows for a tiny norm
            logScale += log(norm) / exponent
            if let tolerance {
                // power is A^m / ‖A^m‖ here, so log e_k is logScale itself
                if previous - logScale <= tolerance / 2 { return exp(logScale) }
                previous = logScale
            }
            power = power.multiplied(by: power)!
            exponent *= 2
        }
        let finalNorm = power.frobeniusNorm
        guard finalNorm > 0 else { return 0 }
        return exp(logScale + log(finalNorm) / exponent)
    }

    /// max |a_ii| of a square diagonal matrix with finite entries, nil for any other.
    ///
    /// A diagonal matrix's eigenvalues are its diagonal entries and its singular values their
    /// magnitudes, so this is its spectral radius and its spectral norm, exactly: the
    /// identity's 1, not the 1 − 1e-12 an iteration ends at, so that scaling W_hh = I to
    /// radius 1.1 gives 1.1 · I, bit for bit as PyTorch's `1.1 * torch.eye(H)`.
    var diagonalMagnitude: Double? {
        guard rows == columns else { return nil }
        var largest = 0.0
        for i in 0..<rows {
            for j in 0..<columns {
                let value = values[i * columns + j]
                guard value.isFinite else { return nil }
                if i == j { largest = max(largest, abs(value)) } else if value != 0 { return nil }
            }
        }
        return largest
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

    /// The largest eigenvalue of the symmetric operator `apply` on vectors of `dimension`
    /// entries, or nil when `shouldStop` says so (it is asked every 8 products).
    ///
    /// Lanczos iteration with full reorthogonalization: the products `q, Gq, G²q, …` of a
    /// fixed random `q` span a Krylov space in which `G` is the tridiagonal matrix `T` of the
    /// `α_j = q_jᵀ G q_j` and `β_j`, and the largest eigenvalue of `T` (found by bisection on
    /// its Sturm sequence) approaches λ₁ from below as `exp(−4k√γ)` after k products, with γ
    /// the gap (λ₁ − λ₂)/(λ₂ − λₙ). Two largest values a percent apart take under a hundred
    /// products, where power iteration takes thousands. It stops when that eigenvalue changes
    /// by less than 1e−15 of itself twice running, when the space is exhausted (`β` = 0,
    /// exact), or after 300 products.
    static func largestEigenvalue(
        dimension n: Int, shouldStop: ShouldStop?, _ apply: ([Double]) -> [Double]
    ) -> Double? {
        largestEigenpair(dimension: n, shouldStop: shouldStop, apply)?.value
    }

    /// ``largestEigenvalue(dimension:shouldStop:_:)`` and its eigenvector (unit length),
    /// started from `start` when given: from the eigenvector of a nearby operator (the step
    /// before's Jacobian) it settles in fewer products. The eigenvector is the Ritz vector
    /// `Q y`, with `y` the eigenvector of `T` found by inverse iteration.
    static func largestEigenpair(
        dimension n: Int, start: [Double]? = nil, shouldStop: ShouldStop?, _ apply: ([Double]) -> [Double]
    ) -> (value: Double, vector: [Double])? {
        guard n > 0 else { return (0, []) }
        var q: [Double]
        if let start, start.count == n, VectorMath.norm(start) > 0 {
            q = start
        } else {
            var generator = SeededGenerator(seed: 0x5EED)
            q = (0..<n).map { _ in generator.uniform(in: -1...1) }
        }
        let startNorm = VectorMath.norm(q)
        for i in 0..<n { q[i] /= startNorm }
        var basis: [[Double]] = [], alphas: [Double] = [], betas: [Double] = []
        var estimate = 0.0, settled = 0
        func pair(_ value: Double) -> (value: Double, vector: [Double]) {
            (value, ritzVector(basis: basis, diagonal: alphas, offDiagonal: betas, eigenvalue: value))
        }
        for k in 0..<min(n, 300) {
            if k & 7 == 7, shouldStop?() == true { return nil }
            var w = apply(q)
            let alpha = VectorMath.dot(q, w)
            VectorMath.axpy(-alpha, q, &w)
            if let previous = basis.last, let beta = betas.last { VectorMath.axpy(-beta, previous, &w) }
            basis.append(q)
            alphas.append(alpha)
            // twice, so that the basis stays orthogonal to working precision
            for _ in 0..<2 { for b in basis { VectorMath.axpy(-VectorMath.dot(b, w), b, &w) } }
            // T's largest eigenvalue only grows with k (Cauchy interlacing): the last one bounds it below
            let next = largestTridiagonalEigenvalue(diagonal: alphas, offDiagonal: betas, atLeast: k > 0 ? estimate : nil)
            let beta = VectorMath.norm(w)
            guard next.isFinite else { return (next, q) }
            if beta <= 1e-14 * max(abs(next), .leastNormalMagnitude) { return pair(next) }  // an invariant space: T's eigenvalues are G's
            settled = abs(next - estimate) <= 1e-15 * abs(next) ? settled + 1 : 0
            estimate = next
            if settled == 2 { break }
            betas.append(beta)
            q = w.map { $0 / beta }
        }
        // the loop ended with one β more than T has rows when it ran out of products
        if betas.count == alphas.count { betas.removeLast() }
        return pair(estimate)
    }

    /// `Q y` for the eigenvector `y` of the tridiagonal `T` (`diagonal`, `offDiagonal`) at
    /// `eigenvalue`, its largest, with `Q` the `basis` vectors as columns.
    ///
    /// `y` by inverse iteration: `(σI − T) y = b` solved twice, with σ the eigenvalue as
    /// bisection left it, at or just above T's largest. `σI − T` is then positive definite
    /// and its LDLᵀ needs no pivoting; its smallest pivot is tiny, so one solve already turns
    /// `b` into `y` to working precision and the second only makes sure.
    static func ritzVector(basis: [[Double]], diagonal: [Double], offDiagonal: [Double], eigenvalue: Double) -> [Double] {
        let k = diagonal.count
        guard k > 0, let n = basis.first?.count else { return [] }
        // a pivot that rounding left at or below 0 is set just above it: inverse iteration
        // wants a near-singular system, not an infinite solution
        let floor = max(abs(eigenvalue), .leastNormalMagnitude) * 1e-24
        var y = [Double](repeating: 1, count: k)
        var pivots = [Double](repeating: 0, count: k), multipliers = [Double](repeating: 0, count: k)
        for i in 0..<k {
            // d_i = (σ − α_i) − β_{i−1}² / d_{i−1},  l_{i−1} = −β_{i−1} / d_{i−1}
            let coupling = i > 0 ? offDiagonal[i - 1] * offDiagonal[i - 1] / pivots[i - 1] : 0
            pivots[i] = max(eigenvalue - diagonal[i] - coupling, floor)
            if i > 0 { multipliers[i - 1] = -offDiagonal[i - 1] / pivots[i - 1] }
        }
        for _ in 0..<2 {
            var solved = y
            for i in 1..<k { solved[i] -= multipliers[i - 1] * solved[i - 1] }                       // L z = b
            for i in 0..<k { solved[i] /= pivots[i] }                                                // D w = z
            for i in stride(from: k - 2, through: 0, by: -1) { solved[i] -= multipliers[i] * solved[i + 1] }  // Lᵀ y = w
            let size = VectorMath.norm(solved)
            guard size.isFinite, size > 0 else { break }
            y = solved.map { $0 / size }
        }
        var vector = [Double](repeating: 0, count: n)
        for (weight, column) in zip(y, basis) { VectorMath.axpy(weight, column, &vector) }
        let size = VectorMath.norm(vector)
        return size > 0 ? vector.map { $0 / size } : basis[0]
    }

    /// The largest eigenvalue of the symmetric tridiagonal matrix with `diagonal` (n entries)
    /// and `offDiagonal` (n − 1 entries), by bisection: the number of eigenvalues below x is
    /// the number of negative pivots of T − xI (Sturm), and Gershgorin's discs bound them all.
    /// `atLeast`, a value known not to exceed the largest eigenvalue, narrows the bisection
    /// (it is checked, and ignored when it is above).
    static func largestTridiagonalEigenvalue(diagonal: [Double], offDiagonal: [Double], atLeast: Double? = nil) -> Double {
        let n = diagonal.count
        guard n > 0 else { return 0 }
        var low = Double.infinity, high = -Double.infinity
        for i in 0..<n {
            let radius = (i > 0 ? abs(offDiagonal[i - 1]) : 0) + (i < n - 1 ? abs(offDiagonal[i]) : 0)
            low = min(low, diagonal[i] - radius)
            high = max(high, diagonal[i] + radius)
        }
        guard low.isFinite, high.isFinite else { return .nan }
        func eigenvaluesBelow(_ x: Double) -> Int {
            var count = 0, pivot = 1.0
            for i in 0..<n {
                let coupling = i > 0 ? offDiagonal[i - 1] * offDiagonal[i - 1] / pivot : 0
                pivot = diagonal[i] - x - coupling
                if pivot == 0 { pivot = -.leastNormalMagnitude }  // x is an eigenvalue: count it as below
                if pivot < 0 { count += 1 }
            }
            return count
        }
        if let atLeast, atLeast > low, atLeast < high, eigenvaluesBelow(atLeast) < n { low = atLeast }
        // the largest eigenvalue lies in [low, high]: keep n − 1 of them below `low`, all below `high`
        for _ in 0..<200 {
            let middle = low + (high - low) / 2
            if middle <= low || middle >= high { break }
            if eigenvaluesBelow(middle) == n { high = middle } else { low = middle }
        }
        return high
    }
}
