import RNNEngine

extension ModelSettings {
    /// A network made from these settings for inputs of `inputSize` values: PyTorch's
    /// initialization from `seed`, then the identity recurrence, the spectral radius and
    /// the forget-gate bias when the settings ask for them.
    func trainingNetwork(inputSize: Int) throws -> RecurrentNetwork {
        var network = try RecurrentNetwork(
            kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: layers,
            bidirectional: bidirectional, nonlinearity: activation, seed: seed)
        if initialization == .identity { network.setIdentityRecurrence() }
        if let radius { try network.scaleRecurrentWeights(toSpectralRadius: radius) }
        if let forgetBias, kind == .lstm { try network.setForgetGateBias(forgetBias) }
        return network
    }
}
