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
                nonlinearity: settings.activation, layerNorm: settings.layerNorm, seed: settings.seed)
            if settings.initialization == .identity { network.setIdentityRecurrence() }
            if let radius = settings.radius {
                try network.scaleRecurrentWeights(toSpectralRadius: radius, tolerance: RecurrentSpectra.radiusTolerance(hiddenSize: settings.hiddenSize),
                                                  shouldStop: shouldStop)
            }
            if let bias = settings.forgetBias { try network.setForgetGateBias(bias) }
            return network
        } catch let error as NetworkError where error == .stopped {
            throw .interrupted
        } catch {
            throw LabError("model: \(error)")
        }
    }

    /// `rnn (tanh), input 4, hidden 3, 1 layer, seed 7`: a model's settings in words.
    static func describe(_ network: RecurrentNetwork) -> String {
        var words = [network.kind.rawValue + (network.kind == .rnn ? " (\(network.nonlinearity.rawValue))" : "")]
        words.append("input \(network.inputSize)")
        words.append("hidden \(network.hiddenSize)")
        words.append("\(network.numLayers) layer\(network.numLayers == 1 ? "" : "s")")
        if network.bidirectional { words.append("bidirectional") }
        if network.layerNorm { words.append("layer norm") }
        return words.joined(separator: ", ")
    }
}
