/// A named-parameter value: a shape and its elements in row-major order (PyTorch layout).
///
/// Weights are 2-D (`[rows, columns]`), biases 1-D (`[count]`).
public struct Tensor: Equatable, Sendable {
    /// The dimensions, outermost first.
    public let shape: [Int]
    /// The elements in row-major order; `values.count` is the product of `shape`.
    public var values: [Double]

    /// Creates a tensor; returns `nil` when `values.count` does not match `shape`.
    public init?(shape: [Int], values: [Double]) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else { return nil }
        self.shape = shape
        self.values = values
    }

    /// A tensor of zeros.
    public init(zeros shape: [Int]) {
        self.shape = shape
        self.values = [Double](repeating: 0, count: shape.reduce(1) { $0 * max($1, 0) })
    }

    /// A 2-D tensor holding a matrix.
    public init(_ matrix: Matrix) {
        self.shape = [matrix.rows, matrix.columns]
        self.values = matrix.values
    }

    /// The number of elements.
    public var count: Int { values.count }

    /// The tensor as a matrix: 2-D as is, 1-D as one column, anything else flattened to one row.
    public var matrix: Matrix {
        switch shape.count {
        case 2: return Matrix(rows: shape[0], columns: shape[1], values: values)!
        case 1: return Matrix(rows: shape[0], columns: 1, values: values)!
        default: return Matrix(rows: 1, columns: values.count, values: values)!
        }
    }

    /// The shape written as PyTorch prints it, e.g. `(80, 20)`.
    public var shapeDescription: String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
