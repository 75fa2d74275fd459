/// The dropout masks of one forward pass in train mode, each entry 0 (dropped) or `1/(1−p)`
/// (kept and scaled, so that the expected value is unchanged). Backward uses the same masks.
public struct DropoutMasks: Equatable, Sendable {
    /// T × I, multiplies the network input x_t; `nil`: no input dropout.
    public var input: Matrix?
    /// For each layer but the last, T × D·H multiplying that layer's output before the next
    /// layer reads it; empty: no dropout between layers.
    public var between: [Matrix]
    /// For each layer and direction (row `layer · D + direction`), H values multiplying h_{t−1}
    /// where it enters `W_hh`, the same at every step; empty: no recurrent dropout.
    public var recurrent: [[Double]]

    /// Creates masks from explicit values (for tests and for replaying a pass).
    public init(input: Matrix? = nil, between: [Matrix] = [], recurrent: [[Double]] = []) {
        self.input = input
        self.between = between
        self.recurrent = recurrent
    }

    /// Draws masks for `network` over `steps` steps with a generator seeded by `seed`, so the
    /// same seed gives the same masks on every run and machine.
    public init(network: RecurrentNetwork, steps: Int, rates: DropoutRates, seed: UInt64) throws {
        try rates.validate()
        var generator = SeededGenerator(seed: seed)
        func draw(_ count: Int, _ rate: Double) -> [Double] {
            let keep = 1 / (1 - rate)
            return (0..<count).map { _ in generator.nextUnit() < rate ? 0 : keep }
        }
        input = rates.input > 0 ? Matrix(rows: steps, columns: network.inputSize, values: draw(steps * network.inputSize, rates.input)) : nil
        between = rates.between > 0
            ? (0..<(network.numLayers - 1)).map { _ in Matrix(rows: steps, columns: network.outputSize, values: draw(steps * network.outputSize, rates.between))! }
            : []
        recurrent = rates.recurrent > 0
            ? (0..<(network.numLayers * network.directionCount)).map { _ in draw(network.hiddenSize, rates.recurrent) }
            : []
    }

    /// Whether there is no mask at all (the pass is then the eval-mode pass).
    public var isEmpty: Bool { input == nil && between.isEmpty && recurrent.isEmpty }

    /// Throws unless every mask fits `network` over `steps` steps.
    func validate(for network: RecurrentNetwork, steps: Int) throws {
        if let input, input.rows != steps || input.columns != network.inputSize {
            throw NetworkError("input dropout mask has shape (\(input.rows), \(input.columns)), expected (\(steps), \(network.inputSize))")
        }
        if !between.isEmpty {
            guard between.count == network.numLayers - 1,
                  between.allSatisfy({ $0.rows == steps && $0.columns == network.outputSize }) else {
                throw NetworkError("dropout between layers needs \(network.numLayers - 1) \(network.numLayers == 2 ? "mask" : "masks") of shape (\(steps), \(network.outputSize))")
            }
        }
        if !recurrent.isEmpty {
            guard recurrent.count == network.numLayers * network.directionCount,
                  recurrent.allSatisfy({ $0.count == network.hiddenSize }) else {
                throw NetworkError("recurrent dropout needs \(network.numLayers * network.directionCount) \(network.numLayers * network.directionCount == 1 ? "mask" : "masks") of \(network.hiddenSize) values")
            }
        }
    }
}

extension ForwardPass {
    /// The dropout masks this pass used (train mode), or nil when it used none.
    public var dropoutMasks: DropoutMasks? {
        guard let masks = regularization?.masks, !masks.isEmpty else { return nil }
        return masks
    }
}
