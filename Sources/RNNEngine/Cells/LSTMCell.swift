#if arch(x86_64)
import WideKernels
#endif

/// The LSTM cell in PyTorch's form, gates stacked i, f, g, o:
///
///     i = σ(W_ii x + b_ii + W_hi h + b_hi)    f = σ(...)    g = tanh(...)    o = σ(...)
///     c_t = f ⊙ c_{t-1} + i ⊙ g
///     h_t = o ⊙ tanh(c_t)
enum LSTMCell {
    /// Runs one direction forward and records pre-activations, gates, cell and hidden states.
    static func forward(_ input: consuming CellForwardInput) throws -> DirectionTrace {
        let hiddenCount = input.hiddenSize, steps = input.mask.count, width = 4 * hiddenCount
        var stopped = false  // set when shouldStop says so; the pass then throws
        // every row is written below, masked steps included; a row of pre-activations starts as W_ih x_t + b_ih + b_hh
        var preactivations = input.takeInputProjection(), gates = unsetValues(count: steps * width)
        var cells = unsetValues(count: steps * hiddenCount), hidden = unsetValues(count: steps * hiddenCount)
        preactivations.withUnsafeMutableBufferPointer { pre in
        gates.withUnsafeMutableBufferPointer { gates in
        cells.withUnsafeMutableBufferPointer { cells in
        hidden.withUnsafeMutableBufferPointer { hidden in
        input.recurrentWeight.withUnsafeBufferPointer { weight in
        withRecurrentOperands(weight, rows: width, hiddenCount: hiddenCount, kept: input.keptRecurrentWeight) { weight, transposed in
        input.recurrentBias.withUnsafeBufferPointer { bias in
        input.initialHidden.withUnsafeBufferPointer { h0 in
        input.initialCell.withUnsafeBufferPointer { c0 in
            #if arch(x86_64)
            if input.lanes == .eight, input.fusesSteps, !transposed.isEmpty, hiddenCount % 8 == 0, bias.isEmpty,
               !input.mask.contains(false) {
                stopped = eightLaneSteps(input, transposed: transposed, pre: pre, gates: gates, cells: cells, hidden: hidden,
                                         h0: h0.baseAddress!, c0: c0.baseAddress!)
                return
            }
            #endif
            // h_{t-1} and c_{t-1}: the initial state, then the rows the last step wrote
            var h = h0.baseAddress!, c = c0.baseAddress!
            for position in 0..<steps {
                if stopsBefore(done: position, input.shouldStop) { stopped = true; break }
                let t = input.time(at: position)
                let ct = cells.baseAddress! + t * hiddenCount
                let ht = hidden.baseAddress! + t * hiddenCount
                let a = pre.baseAddress! + t * width
                let gate = gates.baseAddress! + t * width
                defer { (h, c) = (UnsafePointer(ht), UnsafePointer(ct)) }  // what the next step reads
                if !input.mask[t] {
                    ct.update(from: c, count: hiddenCount)
                    ht.update(from: h, count: hiddenCount)
                    a.update(repeating: 0, count: width)
                    gate.update(repeating: 0, count: width)
                    continue
                }
                // a = (W_ih x_t + b_ih + b_hh) + W_hh h_{t-1}, all four gates in one product
                recurrentProduct(weight, transposed: transposed, rows: width, hiddenCount: hiddenCount, h,
                                 plus: a, bias.isEmpty ? nil : bias.baseAddress, into: a,
                                 descending: walksBackward(at: position, weightEntries: weight.count), lanes: input.lanes)
                // i, f, o = σ(a_i, a_f, a_o), g = tanh(a_g): each a pass over independent
                // values, so successive blocks of four overlap in the processor
                let i = gate, f = gate + hiddenCount, g = f + hiddenCount, o = g + hiddenCount
                VectorActivation.sigmoid(a, into: i, count: 2 * hiddenCount, lanes: input.lanes)
                VectorActivation.tanh(a + 2 * hiddenCount, into: g, count: hiddenCount, lanes: input.lanes)
                VectorActivation.sigmoid(a + 3 * hiddenCount, into: o, count: hiddenCount, lanes: input.lanes)
                // c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
                for j in 0..<hiddenCount { ct[j] = f[j] * c[j] + i[j] * g[j] }
                VectorActivation.tanh(ct, into: ht, count: hiddenCount, lanes: input.lanes)
                for j in 0..<hiddenCount { ht[j] *= o[j] }
            }
        }}}}}}}}}
        if stopped { throw NetworkError.stopped }
        return DirectionTrace(
            kind: .lstm, layer: input.layer, direction: input.direction, hiddenSize: hiddenCount,
            mask: input.mask, initialHidden: input.initialHidden, initialCell: input.initialCell,
            preactivations: Matrix(rows: steps, columns: width, values: preactivations)!,
            gates: Matrix(rows: steps, columns: width, values: gates)!,
            cellState: Matrix(rows: steps, columns: hiddenCount, values: cells)!,
            hiddenState: Matrix(rows: steps, columns: hiddenCount, values: hidden)!,
            recurrentNewGate: Matrix(rows: 0, columns: 0))
    }

    #if arch(x86_64)
    /// The time loop of ``forward(_:)`` with eight lanes, for a small `W_hh` (given as
    /// `W_hhᵀ`), H a multiple of 8 and every step real: ``WideKernels/lstmSteps(transposedWeight:hiddenCount:count:rowStep:preactivations:gates:cells:hidden:previousCell:addsToFollowingRow:)``
    /// runs up to 8 steps a call, each step's phases one pass apiece with nothing between
    /// them, and adds each step's product into the next step's row. A 100-step pass at
    /// H = 32 took 20.5 µs so, against 22 µs through the kernels one call each. The same
    /// values bit for bit. Returns whether `shouldStop` stopped it.
    ///
    /// Four lanes have no such loop: the same passes written for them took as long as the
    /// step by step loop, whose time there is mostly the product's (twice the instructions).
    private static func eightLaneSteps(
        _ input: borrowing CellForwardInput, transposed: UnsafeBufferPointer<Double>, pre: UnsafeMutableBufferPointer<Double>,
        gates: UnsafeMutableBufferPointer<Double>, cells: UnsafeMutableBufferPointer<Double>,
        hidden: UnsafeMutableBufferPointer<Double>, h0: UnsafePointer<Double>, c0: UnsafePointer<Double>
    ) -> Bool {
        let hiddenCount = input.hiddenSize, steps = input.mask.count, width = 4 * hiddenCount
        guard steps > 0 else { return false }
        let rowStep = input.direction == .forward ? 1 : -1
        // the first step's product here; each step then adds its own into the next one's row
        let first = pre.baseAddress! + input.time(at: 0) * width
        recurrentProduct(UnsafeBufferPointer(start: nil, count: 0), transposed: transposed, rows: width, hiddenCount: hiddenCount,
                         h0, plus: first, nil, into: first, descending: false, lanes: .eight)
        var position = 0, c = c0
        while position < steps {
            if stopsBefore(done: position, input.shouldStop) { return true }
            let count = min(steps, (position | 7) + 1) - position  // up to the next multiple of 8, where a stop is asked
            let t = input.time(at: position)
            WideKernels.lstmSteps(
                transposedWeight: transposed.baseAddress!, hiddenCount: hiddenCount, count: count, rowStep: rowStep,
                preactivations: pre.baseAddress! + t * width, gates: gates.baseAddress! + t * width,
                cells: cells.baseAddress! + t * hiddenCount, hidden: hidden.baseAddress! + t * hiddenCount,
                previousCell: c, addsToFollowingRow: position + count < steps)
            position += count
            c = UnsafePointer(cells.baseAddress! + input.time(at: position - 1) * hiddenCount)
        }
        return false
    }
    #endif
}
