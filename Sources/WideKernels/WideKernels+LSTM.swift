#if arch(x86_64)
extension WideKernels {
    /// The LSTM's time loop over `count` steps, for a `W_hh` small enough to be given as
    /// `W_hhᵀ`: for each step the gates of every unit, then every unit's `c_t`, `tanh(c_t)`
    /// and `h_t`, then the next step's product `W_hh h_t`, added into its row.
    ///
    /// Each phase is one pass over the units eight at a time, so the processor has all of a
    /// phase's independent work in view (the gates' σ and tanh fill the multiply–add units
    /// while the chains `c_t → tanh(c_t) → h_t` of other units wait on them), and no call
    /// separates the phases. Every value is computed by the operations of the engine's step
    /// (`LSTMCell.forward`), and every pre-activation is its input part plus
    /// `Σ_k W_hh[j, k] h_k` summed over `k` in order with fused multiply–adds (the transposed
    /// product's stripes), so the results are bit for bit those of the four-lane loop.
    ///
    /// Adding each eight units' rows of `W_hhᵀ` as soon as those units were done, to overlap
    /// the product with the chains, was slower: the product's multiply–adds then waited in
    /// the processor's queues for their `h` and held back the independent work behind them.
    ///
    /// - Parameters:
    ///   - transposedWeight: `W_hhᵀ`, `H × 4H` row-major.
    ///   - hiddenCount: H, a multiple of 8.
    ///   - count: how many steps to run.
    ///   - rowStep: +1 when the step after row `t` is row `t + 1`, −1 when it is row `t − 1`
    ///     (the reverse direction); the pointers below are the first step's rows.
    ///   - preactivations: rows of `4H`; the first step's holds its whole pre-activation, the
    ///     others their input part `W_ih x_t + b_ih + b_hh`, to which the product is added.
    ///   - gates, cells, hidden: rows of `4H`, `H` and `H` written for every step.
    ///   - previousCell: `c_{t−1}` of the first step.
    ///   - addsToFollowingRow: whether the last step adds its product into the row after it,
    ///     for a later call to go on from.
    public static func lstmSteps(
        transposedWeight: UnsafePointer<Double>, hiddenCount: Int, count: Int, rowStep: Int,
        preactivations: UnsafeMutablePointer<Double>, gates: UnsafeMutablePointer<Double>,
        cells: UnsafeMutablePointer<Double>, hidden: UnsafeMutablePointer<Double>,
        previousCell: UnsafePointer<Double>, addsToFollowingRow: Bool
    ) {
        let width = 4 * hiddenCount
        var previous = previousCell
        for n in 0..<count {
            let a = preactivations + n * rowStep * width, gate = gates + n * rowStep * width
            let ct = cells + n * rowStep * hiddenCount, ht = hidden + n * rowStep * hiddenCount
            let i = gate, f = gate + hiddenCount, g = f + hiddenCount, o = g + hiddenCount
            // i, f, o = σ(a_i, a_f, a_o), g = tanh(a_g)
            for unit in stride(from: 0, to: hiddenCount, by: 8) {
                store(sigmoid(load(a + unit)), i + unit)
                store(sigmoid(load(a + hiddenCount + unit)), f + unit)
                store(tanh(load(a + 2 * hiddenCount + unit)), g + unit)
                store(sigmoid(load(a + 3 * hiddenCount + unit)), o + unit)
            }
            // c_t = f ⊙ c_{t−1} + i ⊙ g, h_t = o ⊙ tanh(c_t), each product rounded on its own
            for unit in stride(from: 0, to: hiddenCount, by: 8) {
                let c = load(f + unit) * load(previous + unit) + load(i + unit) * load(g + unit)
                store(c, ct + unit)
                store(tanh(c) * load(o + unit), ht + unit)
            }
            if n + 1 < count || addsToFollowingRow {
                let next = a + rowStep * width
                addTransposedStripes(transposedWeight, rows: hiddenCount, columns: width, stripedColumns: width, ht, into: next,
                                     startingFrom: nil, plus: nil, descending: false)
            }
            previous = UnsafePointer(ct)
        }
    }
}
#endif
