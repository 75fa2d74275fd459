import RNNEngine

/// Builds networks from a model's settings: the seed's initial weights, then the
/// initialization choices (identity recurrence, spectral radius, forget-gate bias).
enum ModelFactory {
    /// A network for `settings` reading `inputSize` features per step.
    /// `shouldStop` (Ctrl-C) is asked while a large recurrent weight is scaled to a radius.
    static func network(for settings: ModelSettings, inputSize: Int, shouldStop: ShouldStop? = nil) throws(LabError) -> RecurrentNetwork {
        do {
            var network = try RecurrentNetwork(
                kind: settings.kind, inputSize: inputSize, hiddenSize: settings.hiddenSize,
                numLayers: settings.layers, bidirectional: settings.bidirectional,
                nonlinearity: settings.activation, layerNorm: settings.layerNorm, biases: settings.biases, seed: settings.seed)
            if settings.initialization == .identity { network.setIdentityRecurrence() }
            if let radius = settings.radius {
                let blocks = network
                try network.scaleRecurrentWeights(to: radius, what: "spectral radius") { layer, direction, gate in
                    blocks.recurrentBlock(layer: layer, direction: direction, gate: gate)
                        .flatMap { RecurrentSpectra.radius(of: $0, shouldStop: shouldStop) }
                }
            }
            if let bias = settings.forgetBias { try network.setForgetGateBias(bias) }
            return network
        } catch let error as NetworkError where error == .stopped {
            throw .interrupted
        } catch {
            throw LabError("model: \(error)")
        }
    }

    /// The `model` line that makes a network of `network`'s shape (`model lstm --input 3
    /// --hidden 4 --layers 2 --no-bias`): its kind, sizes, layers, directions, nonlinearity,
    /// layer norm and biases, each option only when it is not the default. `input` false
    /// leaves out --input, for a model whose first input (or task) sets it; `bidirectional`
    /// false makes the line one-directional; `biases` true makes a model with biases whether
    /// `network` has them or not (for a setting only biases have).
    static func command(for network: RecurrentNetwork, input: Bool = true, bidirectional: Bool = true, biases: Bool = false) -> String {
        var words = ["model", network.kind.rawValue]
        if input { words += ["--input", "\(network.inputSize)"] }
        words += ["--hidden", "\(network.hiddenSize)"]
        if network.numLayers > 1 { words += ["--layers", "\(network.numLayers)"] }
        if bidirectional, network.bidirectional { words.append("--bidirectional") }
        if network.kind == .rnn, network.nonlinearity == .relu { words += ["--activation", "relu"] }
        if network.layerNorm { words.append("--layer-norm") }
        if !biases, !network.hasBiases { words.append("--no-bias") }
        return words.joined(separator: " ")
    }

    /// `rnn (tanh), input 4, hidden 3, 1 layer, no biases`: a model's shape in words.
    static func describe(_ network: RecurrentNetwork) -> String {
        var words = [network.kind.rawValue + (network.kind == .rnn ? " (\(network.nonlinearity.rawValue))" : "")]
        words.append("input \(network.inputSize)")
        words.append("hidden \(network.hiddenSize)")
        words.append("\(network.numLayers) layer\(network.numLayers == 1 ? "" : "s")")
        if network.bidirectional { words.append("bidirectional") }
        if network.layerNorm { words.append("layer norm") }
        if !network.hasBiases { words.append("no biases") }
        return words.joined(separator: ", ")
    }
}
