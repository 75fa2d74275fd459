/// The forward pass of a network with layer normalization or dropout.
///
/// A separate, plainly written path: a network without either runs the optimized cells in
/// `Cells/`, untouched. The equations are those of ``LayerNorm`` and ``DropoutMasks``.
extension RecurrentNetwork {
    /// Runs the network with dropout masks (train mode); with `dropout` `nil` or empty this is
    /// ``forward(_:initialHidden:initialCell:mask:)-(InputSequence,_,_,_)`` (eval mode).
    ///
    /// Input dropout multiplies x_t, dropout between layers multiplies each layer's output
    /// (the pass's `output`, the last layer's, is never dropped), recurrent dropout multiplies
    /// h_{t−1} where it enters `W_hh` (the state carried to the next step is not dropped).
    public func forward(
        _ input: InputSequence, initialHidden: Matrix? = nil, initialCell: Matrix? = nil, mask: [Bool]? = nil,
        dropout: DropoutMasks?, shouldStop: ShouldStop? = nil
    ) throws -> ForwardPass {
        guard layerNorm || !(dropout?.isEmpty ?? true) else {
            return try forward(input, initialHidden: initialHidden, initialCell: initialCell, mask: mask, shouldStop: shouldStop)
        }
        return try regularizedForward(input, initialHidden: initialHidden, initialCell: initialCell, mask: mask, dropout: dropout,
                                      shouldStop: shouldStop)
    }

    /// The pass with layer norm and/or dropout masks; see ``forward(_:initialHidden:initialCell:mask:dropout:)``.
    func regularizedForward(
        _ input: InputSequence, initialHidden: Matrix?, initialCell: Matrix?, mask: [Bool]?, dropout: DropoutMasks?,
        shouldStop: ShouldStop?
    ) throws -> ForwardPass {
        let (steps, stateRows, h0, c0, stepMask) = try validatedStart(input, initialHidden: initialHidden, initialCell: initialCell, mask: mask)
        let masks = dropout ?? DropoutMasks()
        try masks.validate(for: self, steps: steps)

        var directionTraces: [DirectionTrace] = []
        var caches: [RegularizedPassCache.DirectionCache] = []
        var layerInputs: [Matrix] = []
        var hiddenLayerInputs: [Matrix] = []
        var finalHidden = Matrix(rows: stateRows, columns: hiddenSize)
        var finalCell = Matrix(rows: stateRows, columns: hiddenSize)
        var layerOutput = Matrix(rows: steps, columns: outputSize)
        for layer in 0..<numLayers {
            var layerInput: Matrix
            if layer == 0 {
                layerInput = input.denseMatrix
                if let inputMask = masks.input { for k in layerInput.values.indices { layerInput.values[k] *= inputMask.values[k] } }
            } else {
                hiddenLayerInputs.append(layerOutput)
                layerInput = layerOutput
                if !masks.between.isEmpty {
                    for k in layerInput.values.indices { layerInput.values[k] *= masks.between[layer - 1].values[k] }
                }
            }
            layerInputs.append(layerInput)
            var nextOutput = Matrix(rows: steps, columns: outputSize)
            for direction in directions {
                let stateRow = layer * directionCount + direction.rawValue
                let (trace, cache) = try regularizedDirection(
                    layer: layer, direction: direction, input: layerInput, mask: stepMask,
                    initialHidden: h0.row(stateRow), initialCell: kind == .lstm ? c0.row(stateRow) : [],
                    recurrentMask: masks.recurrent.isEmpty ? nil : masks.recurrent[stateRow], shouldStop: shouldStop)
                let lastTime = direction == .forward ? steps - 1 : 0
                finalHidden.setRow(stateRow, to: steps > 0 ? trace.hiddenState.row(lastTime) : h0.row(stateRow))
                if kind == .lstm { finalCell.setRow(stateRow, to: steps > 0 ? trace.cellState.row(lastTime) : c0.row(stateRow)) }
                for t in 0..<steps where stepMask[t] {
                    for j in 0..<hiddenSize {
                        nextOutput.values[t * outputSize + direction.rawValue * hiddenSize + j] = trace.hiddenState.values[t * hiddenSize + j]
                    }
                }
                directionTraces.append(trace)
                caches.append(cache)
            }
            layerOutput = nextOutput
        }
        var pass = ForwardPass(
            output: layerOutput, finalHidden: finalHidden, finalCell: kind == .lstm ? finalCell : nil,
            trace: Trace(kind: kind, numLayers: numLayers, directionCount: directionCount, directions: directionTraces),
            input: input, hiddenLayerInputs: hiddenLayerInputs)
        pass.regularization = RegularizedPassCache(directions: caches, layerInputs: layerInputs, masks: masks)
        return pass
    }

    /// The layer-norm tensor `part` (`ih`, `hh`, `c`) of a layer and direction: gain and bias.
    func layerNormParameters(_ part: String, layer: Int, direction: Direction) -> (gain: [Double], bias: [Double]) {
        (parameters[LayerNorm.parameterName(part, "weight", layer: layer, direction: direction)]?.values ?? [],
         parameters[LayerNorm.parameterName(part, "bias", layer: layer, direction: direction)]?.values ?? [])
    }

    /// One layer and direction over the whole sequence: the cell equations of ``RNNCell``,
    /// ``LSTMCell`` and ``GRUCell`` with the projections normalized (``LayerNorm``) and
    /// h_{t−1} multiplied by `recurrentMask` where it enters `W_hh`.
    private func regularizedDirection(
        layer: Int, direction: Direction, input: Matrix, mask: [Bool], initialHidden: [Double], initialCell: [Double],
        recurrentMask: [Double]?, shouldStop: ShouldStop?
    ) throws -> (DirectionTrace, RegularizedPassCache.DirectionCache) {
        let steps = mask.count, hiddenCount = hiddenSize, blocks = kind.gateCount, width = blocks * hiddenCount
        let columns = input.columns
        let base = parameterBase(layer: layer, direction: direction)
        let inputWeight = parameters[index: base].values, recurrentWeight = parameters[index: base + 1].values
        let inputBias = parameters[index: base + 2].values, recurrentBias = parameters[index: base + 3].values
        let inputNorm = layerNormParameters("ih", layer: layer, direction: direction)
        let recurrentNorm = layerNormParameters("hh", layer: layer, direction: direction)
        let cellNorm = layerNormParameters("c", layer: layer, direction: direction)
        var pre = [Double](repeating: 0, count: steps * width)
        var gates = [Double](repeating: 0, count: kind == .rnn ? 0 : steps * width)
        var cells = [Double](repeating: 0, count: kind == .lstm ? steps * hiddenCount : 0)
        var hidden = [Double](repeating: 0, count: steps * hiddenCount)
        var recurrentNew = [Double](repeating: 0, count: kind == .gru ? steps * hiddenCount : 0)
        var cache = RegularizedPassCache.DirectionCache()
        cache.recurrentTerm = [Double](repeating: 0, count: steps * width)
        if layerNorm {
            cache.inputNormalized = [Double](repeating: 0, count: steps * width)
            cache.recurrentNormalized = cache.inputNormalized
            cache.inputDeviation = [Double](repeating: 1, count: steps * blocks)
            cache.recurrentDeviation = cache.inputDeviation
            if kind == .lstm {
                cache.cellNormalized = [Double](repeating: 0, count: steps * hiddenCount)
                cache.cellDeviation = [Double](repeating: 1, count: steps)
            }
        }
        var h = initialHidden, c = initialCell
        var u = [Double](repeating: 0, count: width), v = u
        for position in 0..<steps {
            if stopsBefore(done: position, shouldStop) { throw NetworkError.stopped }
            let t = direction == .forward ? position : steps - 1 - position
            let row = t * hiddenCount
            if !mask[t] {
                for j in 0..<hiddenCount { hidden[row + j] = h[j] }
                if kind == .lstm { for j in 0..<hiddenCount { cells[row + j] = c[j] } }
                continue
            }
            // u = W_ih x_t,  v = W_hh (h_{t−1} ⊙ m)
            let seen = recurrentMask.map { zip(h, $0).map { $0 * $1 } } ?? h
            // (through pointers: indexing the arrays checked bounds and uniqueness every time)
            input.values.withUnsafeBufferPointer { x in
            inputWeight.withUnsafeBufferPointer { inputWeight in
            recurrentWeight.withUnsafeBufferPointer { recurrentWeight in
            seen.withUnsafeBufferPointer { seen in
                let xt = x.baseAddress! + t * columns
                for k in 0..<width {
                    let inputRow = inputWeight.baseAddress! + k * columns, recurrentRow = recurrentWeight.baseAddress! + k * hiddenCount
                    var sum = 0.0
                    for m in 0..<columns { sum += inputRow[m] * xt[m] }
                    u[k] = sum
                    var recurrentSum = 0.0
                    for m in 0..<hiddenCount { recurrentSum += recurrentRow[m] * seen[m] }
                    v[k] = recurrentSum
                }
            }}}}
            if layerNorm {
                // LN(v) = γ ⊙ v̂ + β, v̂ = (v − μ)/√(σ² + ε) per gate block
                let inputDeviation = LayerNorm.normalize(u[...], blockSize: hiddenCount, into: &cache.inputNormalized, at: t * width)
                let recurrentDeviation = LayerNorm.normalize(v[...], blockSize: hiddenCount, into: &cache.recurrentNormalized, at: t * width)
                for b in 0..<blocks {
                    cache.inputDeviation[t * blocks + b] = inputDeviation[b]
                    cache.recurrentDeviation[t * blocks + b] = recurrentDeviation[b]
                }
                for k in 0..<width {
                    u[k] = inputNorm.gain[k] * cache.inputNormalized[t * width + k] + inputNorm.bias[k]
                    v[k] = recurrentNorm.gain[k] * cache.recurrentNormalized[t * width + k] + recurrentNorm.bias[k]
                }
            }
            for k in 0..<width {
                u[k] += inputBias[k]
                v[k] += recurrentBias[k]
                cache.recurrentTerm[t * width + k] = v[k]
            }
            let a = t * width
            switch kind {
            case .rnn:
                for j in 0..<hiddenCount {
                    pre[a + j] = u[j] + v[j]
                    h[j] = nonlinearity.apply(pre[a + j])  // h_t = φ(a)
                }
            case .lstm:
                for k in 0..<width { pre[a + k] = u[k] + v[k] }
                for j in 0..<hiddenCount {
                    let i = Activation.sigmoidValue(pre[a + j]), f = Activation.sigmoidValue(pre[a + hiddenCount + j])
                    let g = Activation.tanhValue(pre[a + 2 * hiddenCount + j]), o = Activation.sigmoidValue(pre[a + 3 * hiddenCount + j])
                    gates[a + j] = i; gates[a + hiddenCount + j] = f; gates[a + 2 * hiddenCount + j] = g; gates[a + 3 * hiddenCount + j] = o
                    c[j] = f * c[j] + i * g  // c_t = f ⊙ c_{t−1} + i ⊙ g
                    cells[row + j] = c[j]
                }
                var shown = c  // LN_c(c_t) with layer norm, else c_t
                if layerNorm {
                    cache.cellDeviation[t] = LayerNorm.normalize(c[...], blockSize: hiddenCount, into: &cache.cellNormalized, at: row)[0]
                    for j in 0..<hiddenCount { shown[j] = cellNorm.gain[j] * cache.cellNormalized[row + j] + cellNorm.bias[j] }
                }
                for j in 0..<hiddenCount { h[j] = gates[a + 3 * hiddenCount + j] * Activation.tanhValue(shown[j]) }  // h_t = o ⊙ tanh(·)
            case .gru:
                for k in 0..<(2 * hiddenCount) {
                    pre[a + k] = u[k] + v[k]
                    gates[a + k] = Activation.sigmoidValue(pre[a + k])  // r, z
                }
                for j in 0..<hiddenCount {
                    let n = 2 * hiddenCount + j
                    pre[a + n] = u[n] + gates[a + j] * v[n]  // a_n = ũ_n + b_in + r ⊙ (ṽ_n + b_hn)
                    gates[a + n] = Activation.tanhValue(pre[a + n])
                    recurrentNew[row + j] = v[n]
                    let z = gates[a + hiddenCount + j]
                    h[j] = (1 - z) * gates[a + n] + z * h[j]  // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
                }
            }
            for j in 0..<hiddenCount { hidden[row + j] = h[j] }
        }
        let trace = DirectionTrace(
            kind: kind, layer: layer, direction: direction, hiddenSize: hiddenCount,
            mask: mask, initialHidden: initialHidden, initialCell: initialCell,
            preactivations: Matrix(rows: steps, columns: width, values: pre)!,
            gates: kind == .rnn ? Matrix(rows: 0, columns: 0) : Matrix(rows: steps, columns: width, values: gates)!,
            cellState: kind == .lstm ? Matrix(rows: steps, columns: hiddenCount, values: cells)! : Matrix(rows: 0, columns: 0),
            hiddenState: Matrix(rows: steps, columns: hiddenCount, values: hidden)!,
            recurrentNewGate: kind == .gru ? Matrix(rows: steps, columns: hiddenCount, values: recurrentNew)! : Matrix(rows: 0, columns: 0))
        return (trace, cache)
    }
}
