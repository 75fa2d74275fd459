/// The plain RNN cell: `h_t = φ(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)`, φ = tanh or relu.
enum RNNCell {
    /// Runs one direction forward and records pre-activations and hidden states.
    static func forward(_ input: consuming CellForwardInput, nonlinearity: Activation) throws -> DirectionTrace {
        let hiddenCount = input.hiddenSize, steps = input.mask.count
        var stopped = false  // set when shouldStop says so; the pass then throws
        // every row is written below, masked steps included; a row of pre-activations starts as W_ih x_t + b_ih + b_hh
        var preactivations = input.takeInputProjection(), hidden = unsetValues(count: steps * hiddenCount)
        preactivations.withUnsafeMutableBufferPointer { pre in
        hidden.withUnsafeMutableBufferPointer { hidden in
        input.recurrentWeight.withUnsafeBufferPointer { weight in
        withRecurrentOperands(weight, rows: hiddenCount, hiddenCount: hiddenCount, kept: input.keptRecurrentWeight) { weight, transposed in
        input.recurrentBias.withUnsafeBufferPointer { bias in
        input.initialHidden.withUnsafeBufferPointer { h0 in
            var h = h0.baseAddress!  // h_{t-1}: h_0, then the row the last step wrote
            for position in 0..<steps {
                if stopsBefore(done: position, input.shouldStop) { stopped = true; break }
                let t = input.time(at: position)
                let a = pre.baseAddress! + t * hiddenCount
                let ht = hidden.baseAddress! + t * hiddenCount
                defer { h = UnsafePointer(ht) }  // what the next step reads
                if !input.mask[t] {
                    ht.update(from: h, count: hiddenCount)
                    a.update(repeating: 0, count: hiddenCount)
                    continue
                }
                // a = (W_ih x_t + b_ih + b_hh) + W_hh h_{t-1}
                recurrentProduct(weight, transposed: transposed, rows: hiddenCount, hiddenCount: hiddenCount, h,
                                 plus: a, bias.isEmpty ? nil : bias.baseAddress, into: a,
                                 descending: walksBackward(at: position, weightEntries: weight.count))
                VectorActivation.apply(nonlinearity, a, into: ht, count: hiddenCount)  // h_t = φ(a)
            }
        }}}}}}
        if stopped { throw NetworkError.stopped }
        return DirectionTrace(
            kind: .rnn, layer: input.layer, direction: input.direction, hiddenSize: hiddenCount,
            mask: input.mask, initialHidden: input.initialHidden, initialCell: [],
            preactivations: Matrix(rows: steps, columns: hiddenCount, values: preactivations)!,
            gates: Matrix(rows: 0, columns: 0),
            cellState: Matrix(rows: 0, columns: 0),
            hiddenState: Matrix(rows: steps, columns: hiddenCount, values: hidden)!,
            recurrentNewGate: Matrix(rows: 0, columns: 0))
    }
}
