/// The result of a forward pass: outputs, final states and the full trace.
public struct ForwardPass: Equatable, Sendable {
    /// T × D·H: the last layer's hidden states, `[forward, reverse]` per step (zero at masked steps).
    public let output: Matrix
    /// (L·D) × H final hidden states, row `layer · D + direction`.
    public let finalHidden: Matrix
    /// (L·D) × H final cell states (LSTM; `nil` otherwise).
    public let finalCell: Matrix?
    /// Every layer's, direction's and step's values; gradients are added by backward.
    public internal(set) var trace: Trace
    /// The input that was fed.
    public let input: InputSequence
    /// Layer k's input for k ≥ 1 (the output of layer k−1), T × D·H.
    let hiddenLayerInputs: [Matrix]
    /// Layer-norm statistics and dropout masks, when the pass used either (see `Regularization/`).
    var regularization: RegularizedPassCache? = nil
}

extension RecurrentNetwork {
    /// Runs the network over a dense `T × inputSize` sequence; see ``forward(_:initialHidden:initialCell:mask:)-(InputSequence,_,_,_)``.
    public func forward(
        _ input: Matrix, initialHidden: Matrix? = nil, initialCell: Matrix? = nil, mask: [Bool]? = nil, shouldStop: ShouldStop? = nil
    ) throws -> ForwardPass {
        try forward(.dense(input), initialHidden: initialHidden, initialCell: initialCell, mask: mask, shouldStop: shouldStop)
    }

    /// Checks a pass's input, initial states and mask against the network, and fills in
    /// zeros and an all-real mask where they were not given.
    func validatedStart(
        _ input: InputSequence, initialHidden: Matrix?, initialCell: Matrix?, mask: [Bool]?
    ) throws -> (steps: Int, stateRows: Int, h0: Matrix, c0: Matrix, mask: [Bool]) {
        let steps = input.steps
        guard input.inputSize == inputSize else {
            throw NetworkError("input has \(input.inputSize) features per step, the network expects \(inputSize)")
        }
        if case .oneHot(let indices, let size) = input, let bad = indices.firstIndex(where: { $0 < 0 || $0 >= size }) {
            throw NetworkError("one-hot index \(indices[bad]) at step \(bad) is outside 0..<\(size)")
        }
        let stateRows = numLayers * directionCount
        let h0 = initialHidden ?? Matrix(rows: stateRows, columns: hiddenSize)
        guard h0.rows == stateRows, h0.columns == hiddenSize else {
            throw NetworkError("h0 has shape (\(h0.rows), \(h0.columns)), expected (\(stateRows), \(hiddenSize)) = (num_layers·directions, hidden_size)")
        }
        if kind != .lstm, initialCell != nil { throw NetworkError("c0 was given but \(kind.withArticle) has no cell state") }
        let c0 = initialCell ?? Matrix(rows: stateRows, columns: hiddenSize)
        guard c0.rows == stateRows, c0.columns == hiddenSize else {
            throw NetworkError("c0 has shape (\(c0.rows), \(c0.columns)), expected (\(stateRows), \(hiddenSize))")
        }
        let stepMask = mask ?? [Bool](repeating: true, count: steps)
        guard stepMask.count == steps else { throw NetworkError("mask has \(stepMask.count) entries for \(steps) steps") }
        return (steps, stateRows, h0, c0, stepMask)
    }

    /// Runs the network over a sequence and records a trace.
    ///
    /// - Parameters:
    ///   - input: T steps of width `inputSize` (dense or one-hot).
    ///   - initialHidden: (L·D) × H, row `layer · D + direction`; zeros when `nil`.
    ///   - initialCell: the same for the LSTM cell state; zeros when `nil`.
    ///   - mask: one flag per step; where `false` the state passes through unchanged and the
    ///     output is zero (PyTorch's packed sequences, for padding at the end).
    ///   - shouldStop: asked every few steps; when it says so the pass throws ``NetworkError/stopped``.
    public func forward(
        _ input: InputSequence, initialHidden: Matrix? = nil, initialCell: Matrix? = nil, mask: [Bool]? = nil, shouldStop: ShouldStop? = nil
    ) throws -> ForwardPass {
        if layerNorm {
            return try regularizedForward(input, initialHidden: initialHidden, initialCell: initialCell, mask: mask, dropout: nil,
                                          shouldStop: shouldStop)
        }
        let (steps, stateRows, h0, c0, stepMask) = try validatedStart(input, initialHidden: initialHidden, initialCell: initialCell, mask: mask)

        var directionTraces: [DirectionTrace] = []
        var hiddenLayerInputs: [Matrix] = []
        var finalHidden = Matrix(rows: stateRows, columns: hiddenSize)
        var finalCell = Matrix(rows: stateRows, columns: hiddenSize)
        var layerOutput = Matrix(rows: 0, columns: outputSize)  // each layer's output, from layer 0 on
        let rows = kind.gateCount * hiddenSize
        for layer in 0..<numLayers {
            if layer > 0 { hiddenLayerInputs.append(layerOutput) }
            let layerInput: InputSequence = layer == 0 ? input : .dense(layerOutput)
            var nextOutput = Matrix(rows: 0, columns: outputSize)  // the directions' hidden states side by side
            for direction in directions {
                let base = parameterBase(layer: layer, direction: direction)
                // An RNN's or LSTM's b_hh is added where b_ih is, so the time loop does not
                // load it at every step; a GRU's n block keeps b_hn inside r ⊙ (W_hn h + b_hn).
                let foldsRecurrentBias = kind != .gru
                let projection = Self.inputProjection(
                    layerInput, weight: parameters[index: base].values, bias: parameters[index: base + 2].values,
                    plus: foldsRecurrentBias ? parameters[index: base + 3].values : nil, rows: rows, mask: stepMask,
                    keptTranspose: Self.readsTransposedInputWeight(layerInput) ? keptCopies.copy(of: base) {
                        AlignedValues(transposing: parameters[index: base].values, rows: rows, columns: layerInput.inputSize)
                    } : nil)
                let stateRow = layer * directionCount + direction.rawValue
                let cellInput = CellForwardInput(
                    layer: layer, direction: direction, hiddenSize: hiddenSize, inputProjection: projection,
                    recurrentWeight: parameters[index: base + 1].values, keptRecurrentWeight: keptRecurrentOperand(at: base + 1),
                    recurrentBias: foldsRecurrentBias ? [] : parameters[index: base + 3].values,
                    initialHidden: h0.row(stateRow), initialCell: kind == .lstm ? c0.row(stateRow) : [], mask: stepMask,
                    shouldStop: shouldStop)
                let trace: DirectionTrace
                switch kind {
                // handed over, so that the cell can write its pre-activations over the projection
                case .rnn: trace = try RNNCell.forward(consume cellInput, nonlinearity: nonlinearity)
                case .lstm: trace = try LSTMCell.forward(consume cellInput)
                case .gru: trace = try GRUCell.forward(consume cellInput)
                }
                let lastTime = direction == .forward ? steps - 1 : 0
                finalHidden.setRow(stateRow, to: steps > 0 ? trace.hiddenState.row(lastTime) : trace.initialHidden)
                if kind == .lstm { finalCell.setRow(stateRow, to: steps > 0 ? trace.cellState.row(lastTime) : trace.initialCell) }
                Self.addToOutput(trace, &nextOutput, steps: steps, mask: stepMask)
                directionTraces.append(trace)
            }
            layerOutput = nextOutput
        }
        return ForwardPass(
            output: layerOutput, finalHidden: finalHidden, finalCell: kind == .lstm ? finalCell : nil,
            trace: Trace(kind: kind, numLayers: numLayers, directionCount: directionCount, directions: directionTraces),
            input: input, hiddenLayerInputs: hiddenLayerInputs)
    }

    /// Writes a direction's hidden states into its columns of a layer's output (T × D·H,
    /// empty before the first direction), zero at masked steps. A single direction without
    /// padding is its hidden states as they are, shared rather than copied.
    static func addToOutput(_ trace: DirectionTrace, _ output: inout Matrix, steps: Int, mask: [Bool]) {
        let hiddenSize = trace.hiddenSize, outputSize = output.columns
        if outputSize == hiddenSize, !mask.contains(false) {
            output = trace.hiddenState
            return
        }
        if output.rows != steps { output = Matrix(rows: steps, columns: outputSize) }
        let offset = trace.direction.rawValue * hiddenSize
        trace.hiddenState.values.withUnsafeBufferPointer { hidden in
            output.values.withUnsafeMutableBufferPointer { output in
                for t in 0..<steps where mask[t] {
                    (output.baseAddress! + t * outputSize + offset).update(from: hidden.baseAddress! + t * hiddenSize, count: hiddenSize)
                }
            }
        }
    }

    /// What the time loops multiply by in place of the recurrent weight at parameter
    /// position `index`, kept between passes (``KeptWeightCopies``): `W_hhᵀ` of a small one,
    /// a copy on a cache line of a large one whose array does not start on one, else nil.
    /// A weight of more than ``largestKeptCopy`` entries is not kept: a pass copies it for
    /// itself, as it did before, rather than the network holding it twice for as long as it lives.
    func keptRecurrentOperand(at index: Int) -> AlignedValues? {
        let weight = parameters[index: index]
        let rows = weight.shape.first ?? 0, hiddenCount = weight.count / max(rows, 1)
        if isSmallRecurrentWeight(entries: weight.count) {
            return keptCopies.copy(of: index) { AlignedValues(transposing: weight.values, rows: rows, columns: hiddenCount) }
        }
        let onCacheLine = weight.values.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) % 64 == 0 }
        return onCacheLine || weight.count > Self.largestKeptCopy ? nil : keptCopies.copy(of: index) { AlignedValues(copying: weight.values) }
    }

    /// The most entries of a large recurrent weight a network keeps a copy of: 2^20, 8 MB
    /// (an LSTM of 512 units), far past the sizes whose passes the copy speeds up.
    static let largestKeptCopy = 1 << 20

    /// Whether ``inputProjection(_:weight:bias:plus:rows:mask:keptTranspose:)`` reads `W_ih`
    /// transposed for `input`: a dense input of at most 32 features.
    static func readsTransposedInputWeight(_ input: InputSequence) -> Bool {
        if case .dense = input { return input.inputSize <= 32 }
        return false
    }

    /// Runs `body` with `W_ihᵀ` (`columns × rows`) on a cache line: `kept` when given, else a
    /// transpose made for this pass.
    private static func withTransposedInputWeight<Result>(
        _ weight: UnsafePointer<Double>, rows: Int, columns: Int, kept: AlignedValues?, _ body: (UnsafeBufferPointer<Double>) -> Result
    ) -> Result {
        if let kept { return withExtendedLifetime(kept) { body(kept.values) } }
        return Kernels.withAlignedCopy(count: rows * columns, fill: { Kernels.transpose(weight, rows: rows, columns: columns, into: $0) }, body)
    }

    /// `W_ih x_t + b_ih` (`+ b_hh` when `recurrentBias` is given) for every unmasked step,
    /// T × rows, zero rows at masked steps.
    ///
    /// One-hot input is a column gather. A narrow dense input (I ≤ 32,
    /// ``readsTransposedInputWeight(_:)``) goes through `W_ihᵀ` two steps at a time
    /// (``Kernels/gemvTransposedPair(_:rows:columns:_:_:into:_:startingFrom:lanes:)``), the
    /// network's kept one when `keptTranspose` is given; a wide one is projected for all steps
    /// at once (``Kernels/addProductWithTransposed(_:count:inner:_:rows:into:)``), so a large
    /// `W_ih` is read once per sequence rather than once per step.
    static func inputProjection(
        _ input: InputSequence, weight: [Double], bias: [Double], plus recurrentBias: [Double]? = nil, rows: Int, mask: [Bool],
        keptTranspose: AlignedValues? = nil
    ) -> [Double] {
        let steps = input.steps, columns = input.inputSize
        guard steps > 0 else { return [] }
        let bias = recurrentBias.map { recurrentBias in zip(bias, recurrentBias).map { $0 + $1 } } ?? bias
        return [Double](unsafeUninitializedCapacity: steps * rows) { projection, initialized in
            let out = projection.baseAddress!
            bias.withUnsafeBufferPointer { bias in
            weight.withUnsafeBufferPointer { weight in
                if case .dense(let matrix) = input, readsTransposedInputWeight(input) {
                    // A narrow input: b_ih + W_ih x_t as a sum of I scaled rows of W_ihᵀ started
                    // from b_ih, every gate's sum held in registers (dot products of length I
                    // would be mostly horizontal sums). Masked rows are 0.
                    matrix.values.withUnsafeBufferPointer { x in
                        withTransposedInputWeight(weight.baseAddress!, rows: rows, columns: columns, kept: keptTranspose) { transposed in
                            // two steps at a time, each row of W_ihᵀ loaded once for both
                            let w = transposed.baseAddress!, x = x.baseAddress!, start = Kernels.ProductStart.sum(bias.baseAddress!, nil)
                            var t = 0
                            while t + 2 <= steps {
                                Kernels.gemvTransposedPair(w, rows: columns, columns: rows, x + t * columns, x + (t + 1) * columns,
                                                           into: out + t * rows, out + (t + 1) * rows, startingFrom: start)
                                t += 2
                            }
                            if t < steps {
                                Kernels.gemvTransposed(w, rows: columns, columns: rows, x + t * columns, into: out + t * rows, startingFrom: start)
                            }
                            for t in 0..<steps where !mask[t] { (out + t * rows).update(repeating: 0, count: rows) }
                        }
                    }
                    return
                }
                // Every row starts as b_ih (0 at masked steps, which stay 0); products are added to it.
                for t in 0..<steps {
                    if mask[t] {
                        (out + t * rows).initialize(from: bias.baseAddress!, count: rows)
                    } else {
                        (out + t * rows).initialize(repeating: 0, count: rows)
                    }
                }
                switch input {
                case .oneHot(let indices, _):
                    for t in 0..<steps where mask[t] {
                        Kernels.addColumn(weight.baseAddress!, rows: rows, columns: columns, column: indices[t], into: out + t * rows)
                    }
                case .dense(let matrix):
                    // Masked rows get W_ih x_t too; they are zeroed again below.
                    matrix.values.withUnsafeBufferPointer { x in
                        Kernels.addProductWithTransposed(x.baseAddress!, count: steps, inner: columns, weight.baseAddress!, rows: rows,
                                                         into: out)
                    }
                    for t in 0..<steps where !mask[t] {
                        (out + t * rows).update(repeating: 0, count: rows)
                    }
                }
            }}
            initialized = steps * rows
        }
    }
}
