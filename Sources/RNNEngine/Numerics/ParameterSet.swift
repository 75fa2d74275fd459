/// An ordered collection of named tensors: a state dict, its gradients, or optimizer state.
///
/// The order is the order of insertion (for networks, PyTorch's state-dict order).
public struct ParameterSet: Equatable, Sendable {
    /// The names in order.
    public private(set) var names: [String] = []
    /// The tensors in the same order as `names`.
    public private(set) var tensors: [Tensor] = []
    private var indexByName: [String: Int] = [:]

    /// Creates an empty set.
    public init() {}

    /// Creates a set from ordered pairs; a repeated name keeps the last tensor.
    public init(_ pairs: [(String, Tensor)]) {
        for (name, tensor) in pairs { self[name] = tensor }
    }

    /// The number of tensors.
    public var count: Int { names.count }

    /// The total number of elements.
    public var elementCount: Int { tensors.reduce(0) { $0 + $1.count } }

    /// The position of `name`, if present.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// The tensor called `name`; setting a new name appends it, setting `nil` removes it.
    public subscript(name: String) -> Tensor? {
        get { indexByName[name].map { tensors[$0] } }
        set {
            if let index = indexByName[name] {
                if let newValue { tensors[index] = newValue } else { remove(at: index) }
            } else if let newValue {
                indexByName[name] = names.count
                names.append(name)
                tensors.append(newValue)
            }
        }
    }

    /// The tensor at position `index`.
    public subscript(index index: Int) -> Tensor {
        get { tensors[index] }
        // In place: with only get and set, `set[index: i].values[k] += x` copies the whole
        // tensor for every element it changes (a gradient sum over a 4096-entry tensor was
        // 40 % memmove).
        _modify { yield &tensors[index] }
    }

    private mutating func remove(at index: Int) {
        names.remove(at: index)
        tensors.remove(at: index)
        indexByName = [:]
        for (i, name) in names.enumerated() { indexByName[name] = i }
    }

    /// The same names and shapes with every element zero.
    public var zeros: ParameterSet {
        var result = self
        for i in result.tensors.indices { result.tensors[i] = Tensor(zeros: tensors[i].shape) }
        return result
    }

    /// The Euclidean norm of all elements together: the root of the plain sum of squares,
    /// or, when that sum overflows with the elements finite (a norm past about 1.3e154) or
    /// loses digits to the subnormals (a norm below about 1e-146), ``VectorMath/rescaledNorm(_:)``.
    public var globalNorm: Double {
        var sum = 0.0
        for tensor in tensors {
            sum += tensor.values.withUnsafeBufferPointer(Kernels.sumOfSquares)
        }
        return sum == .infinity || sum < 0x1p-969 ? VectorMath.rescaledNorm(tensors.map(\.values)) : sum.squareRoot()
    }

    /// Applies `transform` to every element of every tensor.
    public mutating func updateElements(_ transform: (Double) -> Double) {
        for i in tensors.indices {
            tensors[i].values.withUnsafeMutableBufferPointer { values in
                for j in values.indices { values[j] = transform(values[j]) }
            }
        }
    }

    /// Multiplies every element by `factor`.
    public mutating func scale(by factor: Double) {
        for i in tensors.indices {
            tensors[i].values.withUnsafeMutableBufferPointer { values in
                for j in values.indices { values[j] *= factor }
            }
        }
    }

    /// Name–tensor pairs in order.
    public var pairs: [(name: String, tensor: Tensor)] { zip(names, tensors).map { ($0, $1) } }
}
