/// How many parameters a network has, with a per-tensor breakdown.
public struct ParameterCount: Equatable, Sendable {
    /// One tensor's share.
    public struct Entry: Equatable, Sendable {
        /// State-dict name.
        public let name: String
        /// Shape.
        public let shape: [Int]
        /// Number of elements.
        public let count: Int
    }

    /// The tensors in state-dict order.
    public let entries: [Entry]
    /// The sum of all entries.
    public var total: Int { entries.reduce(0) { $0 + $1.count } }

    /// Counts the parameters of `network`.
    public init(_ network: RecurrentNetwork) {
        entries = network.stateDict.pairs.map { Entry(name: $0.name, shape: $0.tensor.shape, count: $0.tensor.count) }
    }

    /// Parameters of one layer and direction: `G·H·(I_l + H) + 2·G·H` (the last term without
    /// `biases`, as PyTorch's bias=False), plus with layer norm `4·G·H` (gains and biases of
    /// both projections) and for the LSTM `2·H` (of the cell state).
    public static func perLayerDirection(
        kind: CellKind, layerInputSize: Int, hiddenSize: Int, layerNorm: Bool = false, biases: Bool = true
    ) -> Int {
        let g = kind.gateCount
        return g * hiddenSize * (layerInputSize + hiddenSize) + (biases ? 2 * g * hiddenSize : 0)
            + (layerNorm ? LayerNorm.parameterCount(kind: kind, hiddenSize: hiddenSize) : 0)
    }

    /// The total from the formula, summed over layers and directions.
    public static func formula(
        kind: CellKind, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, bidirectional: Bool = false, layerNorm: Bool = false,
        biases: Bool = true
    ) -> Int {
        let directions = bidirectional ? 2 : 1
        return (0..<numLayers).reduce(0) { sum, layer in
            sum + directions * perLayerDirection(kind: kind, layerInputSize: layer == 0 ? inputSize : directions * hiddenSize,
                                                 hiddenSize: hiddenSize, layerNorm: layerNorm, biases: biases)
        }
    }
}
