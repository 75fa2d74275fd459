/// Initialization options lessons use: forget-gate bias, spectral scaling, identity recurrence.
extension RecurrentNetwork {
    /// Sets the LSTM forget-gate bias: the f slice of every `bias_ih` to `value` and of every
    /// `bias_hh` to 0, so the effective bias b_if + b_hf equals `value` (Gers et al. use 1).
    /// A network made with `bias=False` (``hasBiases`` false) has no forget-gate bias to set:
    /// its module could not hold one, so this throws rather than add a bias `stateDict` leaves out.
    public mutating func setForgetGateBias(_ value: Double) throws {
        guard kind == .lstm else { throw NetworkError("only an LSTM has a forget gate; this network is \(kind.withArticle)") }
        guard hasBiases else {
            throw NetworkError("this network has no biases (its module was made with bias=False), so it has no forget-gate bias b_if + b_hf to set")
        }
        for layer in 0..<numLayers {
            for direction in directions {
                let base = parameterBase(layer: layer, direction: direction)
                for j in hiddenSize..<(2 * hiddenSize) {
                    parameters[index: base + 2].values[j] = value
                    parameters[index: base + 3].values[j] = 0
                }
            }
        }
    }

    /// Scales every `weight_hh` so its spectral radius (largest |eigenvalue|) equals `target`.
    ///
    /// For LSTM and GRU each gate's H × H block is scaled separately.
    /// `shouldStop` is asked as each block is measured; when it says so this throws
    /// ``NetworkError/stopped`` and the network is as it was. Each radius is measured to
    /// `tolerance` (relative) when one is given, otherwise as ``Matrix/spectralRadius`` does
    /// (``Matrix/spectralRadius(tolerance:shouldStop:)``).
    public mutating func scaleRecurrentWeights(
        toSpectralRadius target: Double, tolerance: Double? = nil, shouldStop: ShouldStop? = nil
    ) throws {
        try scaleRecurrentBlocks(target: target, measure: { $0.spectralRadius(tolerance: tolerance, shouldStop: shouldStop) },
                                 what: "spectral radius")
    }

    /// Scales every `weight_hh` so its largest singular value ‖W_hh‖₂ equals `target`
    /// (the quantity in Pascanu et al.'s vanishing/exploding conditions).
    ///
    /// For LSTM and GRU each gate's H × H block is scaled separately.
    public mutating func scaleRecurrentWeights(toSpectralNorm target: Double, shouldStop: ShouldStop? = nil) throws {
        try scaleRecurrentBlocks(target: target, measure: { $0.spectralNorm(shouldStop: shouldStop) }, what: "spectral norm")
    }

    /// The H × H recurrent block of one gate (`gate` 0 for the RNN) of a layer and direction.
    public func recurrentBlock(layer: Int = 0, direction: Direction = .forward, gate: Int = 0) -> Matrix? {
        guard layer >= 0, layer < numLayers, direction.rawValue < directionCount, gate >= 0, gate < kind.gateCount else { return nil }
        let weight = parameters[index: parameterBase(layer: layer, direction: direction) + 1]
        let size = hiddenSize * hiddenSize
        return Matrix(rows: hiddenSize, columns: hiddenSize, values: Array(weight.values[(gate * size)..<((gate + 1) * size)]))
    }

    /// Measures every block first and scales only when all are measured, so a stop (`measure`
    /// giving nil) or an error changes nothing.
    private mutating func scaleRecurrentBlocks(target: Double, measure: (Matrix) -> Double?, what: String) throws {
        let blocks = self
        try scaleRecurrentWeights(to: target, what: what) { layer, direction, gate in
            measure(blocks.recurrentBlock(layer: layer, direction: direction, gate: gate)!)
        }
    }

    /// Scales each gate's block of every `weight_hh` so that its spectral radius or norm
    /// (`what`), which `measured(layer, direction, gate)` gives as the caller measured it
    /// (from a memo of earlier measures, say), becomes `target`: the block times
    /// `target / measured`, as ρ(cA) = c·ρ(A) and ‖cA‖₂ = c·‖A‖₂ for c > 0.
    ///
    /// Every block is measured before any is scaled, so a stop (`measured` giving nil, which
    /// throws ``NetworkError/stopped``) or an error leaves the network as it was.
    public mutating func scaleRecurrentWeights(
        to target: Double, what: String, measured: (_ layer: Int, _ direction: Direction, _ gate: Int) -> Double?
    ) throws {
        guard target.isFinite, target >= 0 else { throw NetworkError("the target \(what) must be a finite number ≥ 0, got \(target)") }
        var factors: [(index: Int, gate: Int, factor: Double)] = []
        for layer in 0..<numLayers {
            for direction in directions {
                let index = parameterBase(layer: layer, direction: direction) + 1
                for gate in 0..<kind.gateCount {
                    guard let current = measured(layer, direction, gate) else { throw NetworkError.stopped }
                    guard current > 0, current.isFinite else {
                        throw NetworkError("cannot scale a recurrent weight block with \(what) \(current) to \(target); initialize it first")
                    }
                    factors.append((index, gate, target / current))
                }
            }
        }
        let size = hiddenSize * hiddenSize
        for (index, gate, factor) in factors {
            for k in (gate * size)..<((gate + 1) * size) { parameters[index: index].values[k] *= factor }
        }
    }

    /// Sets every recurrent block to `scale · I` and every bias to zero (IRNN, Le et al. 2015).
    public mutating func setIdentityRecurrence(scale: Double = 1) {
        for layer in 0..<numLayers {
            for direction in directions {
                let base = parameterBase(layer: layer, direction: direction)
                var weight = Tensor(zeros: parameters[index: base + 1].shape)
                for gate in 0..<kind.gateCount {
                    for j in 0..<hiddenSize { weight.values[(gate * hiddenSize + j) * hiddenSize + j] = scale }
                }
                parameters[index: base + 1] = weight
                parameters[index: base + 2] = Tensor(zeros: parameters[index: base + 2].shape)
                parameters[index: base + 3] = Tensor(zeros: parameters[index: base + 3].shape)
            }
        }
    }
}
