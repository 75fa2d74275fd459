/// A stacked, optionally bidirectional RNN, LSTM or GRU with PyTorch's parameter layout.
///
/// Parameters are held by state-dict name (`weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`,
/// `bias_hh_l0`, then `..._reverse` when bidirectional, then layer 1, ...) in state-dict
/// order. Weights have shape (G·H, I_l) and (G·H, H), biases (G·H), where G is
/// `kind.gateCount` and I_l is `inputSize` for layer 0 and D·H above it.
public struct RecurrentNetwork: Equatable, Sendable {
    /// The cell kind.
    public let kind: CellKind
    /// I, the width of each input vector.
    public let inputSize: Int
    /// H, the width of each hidden state.
    public let hiddenSize: Int
    /// The number of stacked layers.
    public let numLayers: Int
    /// Whether each layer also reads the sequence backwards.
    public let bidirectional: Bool
    /// φ of the plain RNN (tanh or relu in PyTorch; identity and sigmoid are allowed for teaching).
    /// Ignored by LSTM and GRU.
    public let nonlinearity: Activation
    /// Whether each cell normalizes its input and recurrent projections per gate block (and the
    /// LSTM cell state before tanh), Ba, Kiros & Hinton (2016); see ``LayerNorm``.
    public let layerNorm: Bool
    /// The parameters by state-dict name, in state-dict order.
    public internal(set) var parameters: ParameterSet {
        didSet { keptCopies = KeptWeightCopies() }  // what was kept is of the old weights
    }
    /// The copies of weights that passes multiply by, kept between passes.
    var keptCopies = KeptWeightCopies()
    /// False for a module PyTorch made with `bias=False`: its `bias_…` tensors here hold
    /// zeros that compute as no bias, training leaves at zero, and ``stateDict`` and
    /// ``ParameterCount`` leave out.
    public internal(set) var hasBiases = true

    /// The tensors the PyTorch module has: ``parameters``, without the zero biases of a
    /// module made with `bias=False`; what `save` writes.
    public var stateDict: ParameterSet {
        guard !hasBiases else { return parameters }
        return ParameterSet(parameters.pairs.filter { !Self.isBias($0.name) }.map { ($0.name, $0.tensor) })
    }

    /// Whether `name` is a cell's bias (`bias_ih_l0`, `bias_hh_l1_reverse`), not a layer norm's.
    public static func isBias(_ name: String) -> Bool { name.hasPrefix("bias_") }

    /// The largest size accepted for any dimension (inputs, hidden units, layers).
    public static let maximumDimension = 1 << 20
    /// The largest number of parameters a network may have (400 MB of Float64).
    public static let maximumParameterCount = 50_000_000

    /// Creates a network with PyTorch's default initialization: every parameter drawn from
    /// U(−1/√H, 1/√H) with a generator seeded by `seed` (in state-dict order).
    ///
    /// The numbers are reproducible across machines but are not PyTorch's own draws.
    /// `biases` false makes the network of a module made with `bias=False` (``hasBiases``
    /// false): the biases are still drawn, then set to zero, so its weights are those of the
    /// same seed with biases, and the two differ only by the biases.
    public init(
        kind: CellKind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1,
        bidirectional: Bool = false, nonlinearity: Activation = .tanh, layerNorm: Bool = false,
        biases: Bool = true, seed: UInt64 = 0
    ) throws {
        try Self.validate(inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers)
        try Self.validateCount(kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bidirectional: bidirectional)
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bidirectional = bidirectional
        self.nonlinearity = nonlinearity
        self.layerNorm = layerNorm
        self.parameters = ParameterSet()
        var generator = SeededGenerator(seed: seed)
        let bound = 1 / Double(hiddenSize).squareRoot()
        for (name, shape) in Self.parameterShapes(
            kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bidirectional: bidirectional)
        {
            var tensor = Tensor(zeros: shape)
            for i in tensor.values.indices { tensor.values[i] = generator.uniform(in: -bound...bound) }
            // bias=False: a zero bias computes as none (W x + W h + 0), and training leaves it at zero
            parameters[name] = biases || !Self.isBias(name) ? tensor : Tensor(zeros: shape)
        }
        hasBiases = biases
        // Layer-norm gains start at 1 and biases at 0 (drawing nothing, so the other weights
        // are those of the same seed without layer norm).
        if layerNorm {
            for (name, shape) in LayerNorm.parameterShapes(
                kind: kind, hiddenSize: hiddenSize, numLayers: numLayers, bidirectional: bidirectional)
            {
                var tensor = Tensor(zeros: shape)
                if name.hasSuffix(".weight") { tensor.values = [Double](repeating: 1, count: tensor.count) }
                parameters[name] = tensor
            }
        }
    }

    /// Creates a network from a complete parameter set; every tensor must be present with the
    /// right shape (extra tensors are an error).
    public init(
        kind: CellKind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1,
        bidirectional: Bool = false, nonlinearity: Activation = .tanh, layerNorm: Bool = false, parameters: ParameterSet
    ) throws {
        try Self.validate(inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers)
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.bidirectional = bidirectional
        self.nonlinearity = nonlinearity
        self.layerNorm = layerNorm
        var ordered = ParameterSet()
        let expected = Self.parameterShapes(
            kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers, bidirectional: bidirectional,
            layerNorm: layerNorm)
        for (name, shape) in expected {
            guard let tensor = parameters[name] else {
                throw NetworkError("missing tensor `\(name)`: \(kind.withArticle) with \(numLayers) \(numLayers == 1 ? "layer" : "layers")\(bidirectional ? ", bidirectional" : "") needs \(expected.map(\.name).joined(separator: ", "))")
            }
            guard tensor.shape == shape else {
                throw NetworkError("tensor `\(name)` has shape \(tensor.shapeDescription), expected \(Tensor(zeros: shape).shapeDescription)")
            }
            ordered[name] = tensor
        }
        if let extra = parameters.names.first(where: { ordered[$0] == nil }) {
            throw NetworkError("unexpected tensor `\(extra)` for \(kind.withArticle) with \(numLayers) \(numLayers == 1 ? "layer" : "layers")\(bidirectional ? ", bidirectional" : ""); remove it or check the configuration")
        }
        self.parameters = ordered
    }

    private static func validate(inputSize: Int, hiddenSize: Int, numLayers: Int) throws {
        for (name, value) in [("input size", inputSize), ("hidden size", hiddenSize), ("number of layers", numLayers)] {
            guard value >= 1, value <= maximumDimension else {
                throw NetworkError("\(name) must be between 1 and \(maximumDimension), got \(value)")
            }
        }
    }

    private static func validateCount(kind: CellKind, inputSize: Int, hiddenSize: Int, numLayers: Int, bidirectional: Bool) throws {
        // Each size is at most 2^20, so one layer's count fits easily in Int before the layer sum.
        let first = ParameterCount.perLayerDirection(kind: kind, layerInputSize: inputSize, hiddenSize: hiddenSize)
        let above = ParameterCount.perLayerDirection(kind: kind, layerInputSize: (bidirectional ? 2 : 1) * hiddenSize, hiddenSize: hiddenSize)
        let directions = bidirectional ? 2 : 1
        let total = directions * first + directions * min(above, maximumParameterCount + 1) * min(numLayers - 1, maximumParameterCount + 1)
        guard first <= maximumParameterCount, total <= maximumParameterCount else {
            throw NetworkError("\(kind.withArticle) with input \(inputSize), hidden \(hiddenSize) and \(numLayers) \(numLayers == 1 ? "layer" : "layers") would have more than \(maximumParameterCount) parameters; choose smaller sizes")
        }
    }

    /// D: 2 when bidirectional, else 1.
    public var directionCount: Int { bidirectional ? 2 : 1 }

    /// The directions each layer runs.
    public var directions: [Direction] { bidirectional ? [.forward, .reverse] : [.forward] }

    /// The width of layer `layer`'s input: I for layer 0, D·H above.
    public func layerInputSize(_ layer: Int) -> Int { layer == 0 ? inputSize : directionCount * hiddenSize }

    /// The width of each output step, D·H.
    public var outputSize: Int { directionCount * hiddenSize }

    /// The state-dict name of `base` (`weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`) for a layer and direction.
    public static func parameterName(_ base: String, layer: Int, direction: Direction = .forward) -> String {
        "\(base)_l\(layer)\(direction.nameSuffix)"
    }

    /// The names and shapes of every parameter, in state-dict order; with `layerNorm` the
    /// layer-norm gains and biases follow all the weights and biases (``LayerNorm/parameterShapes(kind:hiddenSize:numLayers:bidirectional:)``).
    public static func parameterShapes(
        kind: CellKind, inputSize: Int, hiddenSize: Int, numLayers: Int, bidirectional: Bool, layerNorm: Bool = false
    ) -> [(name: String, shape: [Int])] {
        let rows = kind.gateCount * hiddenSize
        var result: [(name: String, shape: [Int])] = []
        for layer in 0..<numLayers {
            let layerInput = layer == 0 ? inputSize : (bidirectional ? 2 : 1) * hiddenSize
            for direction in bidirectional ? [Direction.forward, .reverse] : [.forward] {
                result.append((parameterName("weight_ih", layer: layer, direction: direction), [rows, layerInput]))
                result.append((parameterName("weight_hh", layer: layer, direction: direction), [rows, hiddenSize]))
                result.append((parameterName("bias_ih", layer: layer, direction: direction), [rows]))
                result.append((parameterName("bias_hh", layer: layer, direction: direction), [rows]))
            }
        }
        if layerNorm {
            result += LayerNorm.parameterShapes(kind: kind, hiddenSize: hiddenSize, numLayers: numLayers, bidirectional: bidirectional)
        }
        return result
    }

    /// Position of a layer and direction's first tensor (`weight_ih`) in `parameters`.
    func parameterBase(layer: Int, direction: Direction) -> Int {
        (layer * directionCount + direction.rawValue) * 4
    }

    /// The tensor called `name`, if the network has one.
    public func parameter(_ name: String) -> Tensor? { parameters[name] }

    /// This network with φ = `nonlinearity` (a plain RNN's tanh or relu); the weights, and
    /// whether it has biases at all (``hasBiases``), are kept.
    public func withNonlinearity(_ nonlinearity: Activation) throws -> RecurrentNetwork {
        var network = try RecurrentNetwork(kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                                           bidirectional: bidirectional, nonlinearity: nonlinearity, layerNorm: layerNorm,
                                           parameters: parameters)
        network.hasBiases = hasBiases
        return network
    }

    /// Replaces the tensor called `name`; it must exist and keep its shape.
    public mutating func setParameter(_ name: String, to tensor: Tensor) throws {
        guard let current = parameters[name] else {
            throw NetworkError("no parameter `\(name)`; the parameters are \(parameters.names.joined(separator: ", "))")
        }
        try refuseBias(name)
        guard current.shape == tensor.shape else {
            throw NetworkError("tensor `\(name)` has shape \(current.shapeDescription), got \(tensor.shapeDescription)")
        }
        parameters[name] = tensor
    }

    /// Sets one element of a parameter by name and index (`[row, column]` for weights, `[i]` for biases).
    public mutating func setParameterElement(_ name: String, index: [Int], to value: Double) throws {
        guard let current = parameters[name] else {
            throw NetworkError("no parameter `\(name)`; the parameters are \(parameters.names.joined(separator: ", "))")
        }
        try refuseBias(name)
        guard index.count == current.shape.count, zip(index, current.shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw NetworkError("index \(index) is outside `\(name)` of shape \(current.shapeDescription)")
        }
        var flat = 0
        for (i, size) in zip(index, current.shape) { flat = flat * size + i }
        parameters[index: parameters.index(of: name)!].values[flat] = value
    }

    /// Refuses to set a bias of a module made with `bias=False`, which has none.
    private func refuseBias(_ name: String) throws {
        guard !hasBiases, Self.isBias(name) else { return }
        throw NetworkError("`\(name)`: this network has no biases (its module was made with bias=False); its weights can be set")
    }

    /// Lets `body` change parameter values in place (an optimizer step); names and shapes must not change.
    public mutating func updateParameters(_ body: (inout ParameterSet) throws -> Void) throws {
        var working = ParameterSet()
        swap(&working, &parameters)
        let before = working.pairs.map { ($0.name, $0.tensor.shape) }
        do { try body(&working) } catch { swap(&working, &parameters); throw error }
        let after = working.pairs.map { ($0.name, $0.tensor.shape) }
        guard before.count == after.count, zip(before, after).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 }) else {
            throw NetworkError("a parameter update changed names or shapes; the update was rejected")
        }
        swap(&working, &parameters)
    }
}
