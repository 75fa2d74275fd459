/// A dense Float64 matrix stored contiguously in row-major order.
///
/// Element `(row, column)` lives at `values[row * columns + column]`. A vector of length `n`
/// is usually a plain `[Double]`; a sequence of `T` vectors is a `T × n` matrix, one step per row.
public struct Matrix: Equatable, Sendable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The elements in row-major order; `values.count == rows * columns`.
    public var values: [Double]

    /// Creates a matrix filled with one value.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.rows = max(rows, 0)
        self.columns = max(columns, 0)
        self.values = [Double](repeating: value, count: self.rows * self.columns)
    }

    /// Creates a matrix from row-major values; returns `nil` when the count does not match.
    public init?(rows: Int, columns: Int, values: [Double]) {
        guard rows >= 0, columns >= 0, values.count == rows * columns else { return nil }
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    /// Creates a matrix from an array of rows; returns `nil` when the rows differ in length.
    public init?(rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        guard rowArrays.allSatisfy({ $0.count == columns }) else { return nil }
        self.rows = rowArrays.count
        self.columns = columns
        self.values = rowArrays.flatMap { $0 }
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var matrix = Matrix(rows: n, columns: n)
        for i in 0..<matrix.rows { matrix.values[i * n + i] = 1 }
        return matrix
    }

    /// The element at `(row, column)`.
    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    /// A copy of one row.
    public func row(_ index: Int) -> [Double] {
        Array(values[index * columns..<(index + 1) * columns])
    }

    /// Replaces one row; `newValues.count` must equal `columns`.
    public mutating func setRow(_ index: Int, to newValues: [Double]) {
        let base = index * columns
        for j in 0..<columns { values[base + j] = newValues[j] }
    }

    /// The rows as nested arrays (for export).
    public var rowArrays: [[Double]] { (0..<rows).map { row($0) } }

    /// The transpose.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result.values[j * rows + i] = values[i * columns + j] }
        }
        return result
    }

    /// The matrix product `self · other`; `nil` when the inner sizes differ.
    ///
    /// `self · other = (selfᵀ)ᵀ · other`: the blocked kernel of
    /// ``Kernels/addTransposedProduct(_:_:inner:rows:columns:into:)`` on a transposed copy of
    /// `self`, every entry summed over the inner index in order (H = 1024 squared in a tenth
    /// of a second rather than seconds, which spectral radii of large models need).
    public func multiplied(by other: Matrix) -> Matrix? {
        guard columns == other.rows else { return nil }
        var result = Matrix(rows: rows, columns: other.columns)
        guard rows > 0, columns > 0, other.columns > 0 else { return result }
        let left = Kernels.transposed(values, rows: rows, columns: columns)
        left.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                result.values.withUnsafeMutableBufferPointer { c in
                    Kernels.addTransposedProduct(a.baseAddress!, b.baseAddress!, inner: columns, rows: rows, columns: other.columns,
                                                 into: c.baseAddress!)
                }
            }
        }
        return result
    }

    /// The product `self · vector`; `vector.count` must equal `columns`.
    public func multiplied(by vector: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: rows)
        Kernels.gemv(values, rows: rows, columns: columns, vector, into: &result)
        return result
    }

    /// Every element multiplied by `factor`.
    public func scaled(by factor: Double) -> Matrix {
        var result = self
        for i in result.values.indices { result.values[i] *= factor }
        return result
    }

    /// Every element divided by `divisor`.
    func divided(by divisor: Double) -> Matrix {
        var result = self
        for i in result.values.indices { result.values[i] /= divisor }
        return result
    }

    /// The Frobenius norm `sqrt(Σ a_ij²)`; when the squares overflow (entries near 1e308) or
    /// underflow (near 1e-320), computed on the entries divided by the largest.
    public var frobeniusNorm: Double {
        let norm = VectorMath.norm(values)
        guard norm.isInfinite || norm < 1e-150 else { return norm }
        let largest = VectorMath.maxAbs(values)
        guard largest > 0, largest.isFinite else { return norm }
        return largest * VectorMath.norm(values.map { $0 / largest })
    }
}
