/// Layer normalization inside a recurrent cell (Ba, Kiros & Hinton 2016).
///
/// Each cell normalizes its input projection `W_ih x_t` and its recurrent projection
/// `W_hh h_{t−1}` separately, per gate block of H units, to zero mean and unit variance, then
/// scales by a learned gain and adds a learned bias; the biases `b_ih` and `b_hh` are kept and
/// added after the normalization:
///
///     LN(v) = γ ⊙ (v − μ) / √(σ² + ε) + β      (μ, σ² over the H units of one gate block)
///     a_t = LN_ih(W_ih x_t) + b_ih + LN_hh(W_hh h_{t−1}) + b_hh
///
/// The LSTM also normalizes the cell state before tanh, `h_t = o ⊙ tanh(LN_c(c_t))`, while the
/// recurrence keeps the raw `c_t`. The GRU's reset gate multiplies `LN_hh(W_hn h) + b_hn`.
public enum LayerNorm {
    /// ε added to the variance, as in PyTorch's `nn.LayerNorm`.
    public static let epsilon = 1e-5

    /// The state-dict name of a layer-norm tensor: `layer_norm_ih_l0.weight`, `layer_norm_hh_l1_reverse.bias`, ...
    ///
    /// - Parameters:
    ///   - part: `ih`, `hh` or `c`.
    ///   - tensor: `weight` (the gain γ) or `bias` (β).
    public static func parameterName(_ part: String, _ tensor: String, layer: Int, direction: Direction = .forward) -> String {
        "layer_norm_\(part)_l\(layer)\(direction.nameSuffix).\(tensor)"
    }

    /// The names and shapes of the layer-norm tensors, per layer and direction: `ih` and `hh`
    /// gains and biases of G·H values, and for the LSTM `c` gain and bias of H values.
    public static func parameterShapes(
        kind: CellKind, hiddenSize: Int, numLayers: Int, bidirectional: Bool
    ) -> [(name: String, shape: [Int])] {
        let rows = kind.gateCount * hiddenSize
        var result: [(name: String, shape: [Int])] = []
        for layer in 0..<numLayers {
            for direction in bidirectional ? [Direction.forward, .reverse] : [.forward] {
                for part in kind == .lstm ? ["ih", "hh", "c"] : ["ih", "hh"] {
                    for tensor in ["weight", "bias"] {
                        result.append((parameterName(part, tensor, layer: layer, direction: direction), [part == "c" ? hiddenSize : rows]))
                    }
                }
            }
        }
        return result
    }

    /// The number of layer-norm parameters of one layer and direction: `4·G·H` (+ `2·H` for the LSTM).
    public static func parameterCount(kind: CellKind, hiddenSize: Int) -> Int {
        4 * kind.gateCount * hiddenSize + (kind == .lstm ? 2 * hiddenSize : 0)
    }

    /// Normalizes `values` block by block (each `blockSize` long) into `normalized` (zero mean,
    /// unit variance per block, before gain and bias) and returns each block's `√(σ² + ε)`.
    static func normalize(_ values: ArraySlice<Double>, blockSize: Int, into normalized: inout [Double], at offset: Int) -> [Double] {
        let blocks = values.count / blockSize
        var deviations = [Double](repeating: 0, count: blocks)
        let start = values.startIndex
        for block in 0..<blocks {
            let lower = start + block * blockSize
            var mean = 0.0
            for k in 0..<blockSize { mean += values[lower + k] }
            mean /= Double(blockSize)
            var variance = 0.0
            for k in 0..<blockSize { let d = values[lower + k] - mean; variance += d * d }
            variance /= Double(blockSize)
            let deviation = (variance + epsilon).squareRoot()
            deviations[block] = deviation
            for k in 0..<blockSize { normalized[offset + block * blockSize + k] = (values[lower + k] - mean) / deviation }
        }
        return deviations
    }

    /// The gradient through the normalization of one block: given `dx̂` (the gradient of the
    /// normalized values `x̂`) returns `dx = (dx̂ − mean(dx̂) − x̂ · mean(dx̂ ⊙ x̂)) / √(σ² + ε)`.
    static func backward(normalized: ArraySlice<Double>, deviation: Double, gradient: ArraySlice<Double>) -> [Double] {
        let n = Double(normalized.count)
        var meanGradient = 0.0, meanProduct = 0.0
        for (x, g) in zip(normalized, gradient) { meanGradient += g; meanProduct += g * x }
        meanGradient /= n
        meanProduct /= n
        return zip(normalized, gradient).map { x, g in (g - meanGradient - x * meanProduct) / deviation }
    }
}
