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
        withRecurrentOperands(weight, rows: width, hiddenCount: hiddenCount) { weight, transposed in
        input.recurrentBias.withUnsafeBufferPointer { bias in
        input.initialHidden.withUnsafeBufferPointer { h0 in
        input.initialCell.withUnsafeBufferPointer { c0 in
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
                                 plus: a, bias.isEmpty ? nil : bias.baseAddress, into: a, descending: walksBackward(at: position, weightEntries: weight.count))
                // i, f, o = σ(a_i, a_f, a_o), g = tanh(a_g): each a pass over independent
                // values, so successive blocks of four overlap in the processor
                let i = gate, f = gate + hiddenCount, g = f + hiddenCount, o = g + hiddenCount
                VectorActivation.sigmoid(a, into: i, count: 2 * hiddenCount)
                VectorActivation.tanh(a + 2 * hiddenCount, into: g, count: hiddenCount)
                VectorActivation.sigmoid(a + 3 * hiddenCount, into: o, count: hiddenCount)
                // c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
                for j in 0..<hiddenCount { ct[j] = f[j] * c[j] + i[j] * g[j] }
                VectorActivation.tanh(ct, into: ht, count: hiddenCount)
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
}
