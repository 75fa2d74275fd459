/// Switching layer normalization on or off on an existing network.
extension RecurrentNetwork {
    /// This network with layer norm on (gains 1, biases 0 added) or off (those tensors
    /// removed); every other weight is kept, and a network made with `bias=False` still has
    /// no biases of its cells (the layer norm's own biases are the lab's extension).
    public func withLayerNorm(_ on: Bool) throws -> RecurrentNetwork {
        guard on != layerNorm else { return self }
        var tensors = ParameterSet()
        for (name, tensor) in parameters.pairs where !name.hasPrefix("layer_norm_") { tensors[name] = tensor }
        if on {
            for (name, shape) in LayerNorm.parameterShapes(kind: kind, hiddenSize: hiddenSize, numLayers: numLayers, bidirectional: bidirectional) {
                var tensor = Tensor(zeros: shape)
                if name.hasSuffix(".weight") { tensor.values = [Double](repeating: 1, count: tensor.count) }
                tensors[name] = tensor
            }
        }
        var network = try RecurrentNetwork(kind: kind, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                                           bidirectional: bidirectional, nonlinearity: nonlinearity, layerNorm: on, parameters: tensors)
        network.hasBiases = hasBiases
        return network
    }
}
