/// The GRU cell in PyTorch's form, gates stacked r, z, n, the reset gate applied after the
/// recurrent matmul and bias:
///
///     r = σ(W_ir x + b_ir + W_hr h + b_hr)    z = σ(W_iz x + b_iz + W_hz h + b_hz)
///     n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
///     h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
enum GRUCell {
    /// Runs one direction forward and records pre-activations, gates, `W_hn h + b_hn` and h.
    static func forward(_ input: consuming CellForwardInput) throws -> DirectionTrace {
        let hiddenCount = input.hiddenSize, steps = input.mask.count, width = 3 * hiddenCount
        var stopped = false  // set when shouldStop says so; the pass then throws
        // every row is written below, masked steps included; a row of pre-activations starts
        // as W_ih x_t + b_ih, each entry read just before it is written
        var preactivations = input.takeInputProjection(), gates = unsetValues(count: steps * width)
        var recurrentNew = unsetValues(count: steps * hiddenCount), hidden = unsetValues(count: steps * hiddenCount)
        var recurrent = [Double](repeating: 0, count: width)  // W_hh h_{t-1} + b_hh
        preactivations.withUnsafeMutableBufferPointer { pre in
        gates.withUnsafeMutableBufferPointer { gates in
        recurrentNew.withUnsafeMutableBufferPointer { recurrentNew in
        hidden.withUnsafeMutableBufferPointer { hidden in
        input.recurrentWeight.withUnsafeBufferPointer { weight in
        withRecurrentOperands(weight, rows: width, hiddenCount: hiddenCount, kept: input.keptRecurrentWeight) { weight, transposed in
        input.recurrentBias.withUnsafeBufferPointer { bias in
        recurrent.withUnsafeMutableBufferPointer { recurrent in
        input.initialHidden.withUnsafeBufferPointer { h0 in
            var h = h0.baseAddress!  // h_{t-1}: h_0, then the row the last step wrote
            for position in 0..<steps {
                if stopsBefore(done: position, input.shouldStop) { stopped = true; break }
                let t = input.time(at: position)
                let ht = hidden.baseAddress! + t * hiddenCount
                let a = pre.baseAddress! + t * width
                let gate = gates.baseAddress! + t * width
                defer { h = UnsafePointer(ht) }  // what the next step reads
                if !input.mask[t] {
                    ht.update(from: h, count: hiddenCount)
                    a.update(repeating: 0, count: width)
                    gate.update(repeating: 0, count: width)
                    (recurrentNew.baseAddress! + t * hiddenCount).update(repeating: 0, count: hiddenCount)
                    continue
                }
                let x = UnsafePointer(a)  // W_ih x_t + b_ih, until overwritten below
                recurrentProduct(weight, transposed: transposed, rows: width, hiddenCount: hiddenCount, h, plus: bias.baseAddress!, nil,
                                 into: recurrent.baseAddress!, descending: walksBackward(at: position, weightEntries: weight.count))  // W_hh h_{t-1} + b_hh
                // [r, z] = σ(W_i[r,z] x + b_i[r,z] + W_h[r,z] h + b_h[r,z])
                for j in 0..<(2 * hiddenCount) { a[j] = x[j] + recurrent[j] }
                VectorActivation.sigmoid(a, into: gate, count: 2 * hiddenCount)
                let r = gate, z = gate + hiddenCount, n = gate + 2 * hiddenCount
                let hn = recurrent.baseAddress! + 2 * hiddenCount  // W_hn h + b_hn
                for j in 0..<hiddenCount {
                    a[2 * hiddenCount + j] = x[2 * hiddenCount + j] + r[j] * hn[j]  // W_in x + b_in + r ⊙ (W_hn h + b_hn)
                    recurrentNew[t * hiddenCount + j] = hn[j]
                }
                VectorActivation.tanh(a + 2 * hiddenCount, into: n, count: hiddenCount)
                for j in 0..<hiddenCount { ht[j] = (1 - z[j]) * n[j] + z[j] * h[j] }  // h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}
            }
        }}}}}}}}}
        if stopped { throw NetworkError.stopped }
        return DirectionTrace(
            kind: .gru, layer: input.layer, direction: input.direction, hiddenSize: hiddenCount,
            mask: input.mask, initialHidden: input.initialHidden, initialCell: [],
            preactivations: Matrix(rows: steps, columns: width, values: preactivations)!,
            gates: Matrix(rows: steps, columns: width, values: gates)!,
            cellState: Matrix(rows: 0, columns: 0),
            hiddenState: Matrix(rows: steps, columns: hiddenCount, values: hidden)!,
            recurrentNewGate: Matrix(rows: steps, columns: hiddenCount, values: recurrentNew)!)
    }
}
