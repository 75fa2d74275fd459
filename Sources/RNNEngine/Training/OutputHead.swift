/// A linear output layer `logits = W h + b` (PyTorch `nn.Linear`), W of shape V × (D·H).
public struct OutputHead: Equatable, Sendable {
    /// V × inputSize weight.
    public var weight: Matrix
    /// V bias.
    public var bias: [Double]

    /// The width of the vectors read (D·H).
    public var inputSize: Int { weight.columns }
    /// V, the number of classes.
    public var outputSize: Int { weight.rows }

    /// PyTorch's `nn.Linear` default initialization: weight and bias from U(−1/√in, 1/√in)
    /// (what `kaiming_uniform_(a=√5)` reduces to), drawn from a generator seeded by `seed`.
    public init(inputSize: Int, outputSize: Int, seed: UInt64 = 0) throws {
        guard inputSize >= 1, outputSize >= 1, inputSize <= RecurrentNetwork.maximumDimension, outputSize <= RecurrentNetwork.maximumDimension else {
            throw NetworkError("an output head needs sizes between 1 and \(RecurrentNetwork.maximumDimension), got \(inputSize) → \(outputSize)")
        }
        var generator = SeededGenerator(seed: seed)
        let bound = 1 / Double(inputSize).squareRoot()
        weight = Matrix(rows: outputSize, columns: inputSize)
        for i in weight.values.indices { weight.values[i] = generator.uniform(in: -bound...bound) }
        bias = (0..<outputSize).map { _ in generator.uniform(in: -bound...bound) }
    }

    /// Creates a head from explicit values; `bias.count` must equal `weight.rows`.
    public init(weight: Matrix, bias: [Double]) throws {
        guard bias.count == weight.rows else { throw NetworkError("head bias has \(bias.count) values for \(weight.rows) rows") }
        self.weight = weight
        self.bias = bias
    }

    /// The logits `W h + b` for one hidden vector of `inputSize` values.
    public func logits(for hidden: [Double]) throws -> [Double] {
        guard hidden.count == inputSize else { throw NetworkError("output head reads \(inputSize) values, got \(hidden.count)") }
        var result = bias
        Kernels.gemv(weight.values, rows: outputSize, columns: inputSize, hidden, into: &result)
        return result
    }

    /// The softmax probabilities of the next symbol for one hidden vector.
    public func probabilities(for hidden: [Double]) throws -> [Double] {
        VectorMath.softmax(try logits(for: hidden))
    }

    /// The parameters as `weight` and `bias` tensors.
    public var parameters: ParameterSet {
        get { ParameterSet([("weight", Tensor(weight)), ("bias", Tensor(shape: [bias.count], values: bias)!)]) }
        set {
            if let w = newValue["weight"], w.count == weight.values.count { weight.values = w.values }
            if let b = newValue["bias"], b.count == bias.count { bias = b.values }
        }
    }
}
