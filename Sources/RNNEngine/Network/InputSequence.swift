/// The inputs of one sequence (a batch of one): dense vectors or one-hot symbols.
///
/// One-hot input is what character models feed; the engine then computes `W_ih x_t` as a
/// column gather instead of a matrix product.
public enum InputSequence: Equatable, Sendable {
    /// `T × inputSize`, one step per row.
    case dense(Matrix)
    /// One symbol index per step, each standing for a one-hot vector of `size` entries.
    case oneHot(indices: [Int], size: Int)

    /// The number of steps T.
    public var steps: Int {
        switch self {
        case .dense(let matrix): return matrix.rows
        case .oneHot(let indices, _): return indices.count
        }
    }

    /// The width of each input vector.
    public var inputSize: Int {
        switch self {
        case .dense(let matrix): return matrix.columns
        case .oneHot(_, let size): return size
        }
    }

    /// The inputs as a dense `T × inputSize` matrix.
    public var denseMatrix: Matrix {
        switch self {
        case .dense(let matrix): return matrix
        case .oneHot(let indices, let size):
            var matrix = Matrix(rows: indices.count, columns: size)
            for (t, index) in indices.enumerated() where index >= 0 && index < size { matrix[t, index] = 1 }
            return matrix
        }
    }
}
