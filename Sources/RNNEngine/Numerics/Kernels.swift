/// The few dense kernels every cell's forward and backward pass is built from.
///
/// They read and write through unsafe buffer pointers so that the time loops allocate
/// nothing per element. Each accumulates into its output (`+=`), which is what both the
/// forward pre-activations and the backward gradient sums need.
public enum Kernels {
    /// `y += A x` for a row-major `rows × columns` matrix `A`.
    @inlinable
    public static func gemv(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>
    ) {
        // Partial sums in SIMD lanes let the additions run in parallel; a single running
        // sum would force strictly sequential additions.
        let blocked = columns & ~7
        for i in 0..<rows {
            let row = a + i * columns
            var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
            var j = 0
            while j < blocked {
                s0 += UnsafeRawPointer(row + j).loadUnaligned(as: SIMD4<Double>.self)
                    * UnsafeRawPointer(x + j).loadUnaligned(as: SIMD4<Double>.self)
                s1 += UnsafeRawPointer(row + j + 4).loadUnaligned(as: SIMD4<Double>.self)
                    * UnsafeRawPointer(x + j + 4).loadUnaligned(as: SIMD4<Double>.self)
                j += 8
            }
            var sum = (s0 + s1).sum()
            while j < columns { sum += row[j] * x[j]; j += 1 }
            y[i] += sum
        }
    }

    /// `y += A x` on arrays.
    @inlinable
    public static func gemv(_ a: [Double], rows: Int, columns: Int, _ x: [Double], into y: inout [Double]) {
        a.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { y in
                    gemv(a.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: y.baseAddress!)
                }
            }
        }
    }

    /// `y += Aᵀ x` for a row-major `rows × columns` matrix `A` (`x` has `rows`, `y` has `columns` entries).
    @inlinable
    public static func gemvTransposed(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows {
            let xi = x[i]
            if xi == 0 { continue }
            let row = a + i * columns
            for j in 0..<columns { y[j] += xi * row[j] }
        }
    }

    /// `A += u vᵀ` for a row-major `u.count × v.count` matrix `A`.
    @inlinable
    public static func addOuterProduct(
        _ u: UnsafePointer<Double>, count rows: Int,
        _ v: UnsafePointer<Double>, count columns: Int,
        into a: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows {
            let ui = u[i]
            if ui == 0 { continue }
            let row = a + i * columns
            for j in 0..<columns { row[j] += ui * v[j] }
        }
    }

    /// `y += A[:, column]`: the product of `A` with a one-hot vector, as a column gather.
    @inlinable
    public static func addColumn(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int, column: Int,
        into y: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows { y[i] += a[i * columns + column] }
    }

    /// `A[:, column] += u`: the outer product of `u` with a one-hot vector.
    @inlinable
    public static func addToColumn(
        _ u: UnsafePointer<Double>, rows: Int, columns: Int, column: Int,
        into a: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows { a[i * columns + column] += u[i] }
    }

    /// `Σ xᵢ²` with four partial sums (vectorizable, unlike one running sum).
    @inlinable
    public static func sumOfSquares(_ x: UnsafeBufferPointer<Double>) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var j = 0
        let blocked = x.count & ~3
        while j < blocked {
            s0 += x[j] * x[j]; s1 += x[j + 1] * x[j + 1]; s2 += x[j + 2] * x[j + 2]; s3 += x[j + 3] * x[j + 3]
            j += 4
        }
        var sum = (s0 + s1) + (s2 + s3)
        while j < x.count { sum += x[j] * x[j]; j += 1 }
        return sum
    }
}
