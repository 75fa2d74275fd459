/// Backward through time for the LSTM, each line the derivative of a forward equation:
///
///     dh_t  = dy_t + dh_t(from step t+1)
///     dc_t  = dc_t(from step t+1) + dh_t ⊙ o ⊙ (1 − tanh² c_t)      from h_t = o ⊙ tanh c_t
///     do    = dh_t ⊙ tanh c_t,  di = dc_t ⊙ g,  dg = dc_t ⊙ i,  df = dc_t ⊙ c_{t-1}
///     da    = [di ⊙ i(1−i), df ⊙ f(1−f), dg ⊙ (1−g²), do ⊙ o(1−o)]   (σ' and tanh')
///     dc_{t-1} = dc_t ⊙ f,   dh_{t-1} = W_hhᵀ da,   dW_hh += da h_{t-1}ᵀ,   db_hh += da
///
/// The step Jacobian ∂h_t/∂h_{t-1} is taken with c_{t-1} held fixed (the path through the
/// gates only; the cell path ∂c_t/∂c_{t-1} = diag f is separate):
/// `diag(tanh c ⊙ o(1−o)) W_ho + diag(o ⊙ (1 − tanh² c)) [diag(c_{t-1} ⊙ f(1−f)) W_hf
///  + diag(g ⊙ i(1−i)) W_hi + diag(i ⊙ (1−g²)) W_hg]`.
extension LSTMCell {
    static func backward(
        _ trace: inout DirectionTrace, _ input: CellBackwardInput,
        recurrentWeightGradient: inout [Double], recurrentBiasGradient: inout [Double]
    ) throws -> CellBackwardResult {
        let hiddenCount = trace.hiddenSize, steps = trace.steps, width = 4 * hiddenCount
        var stopped = false  // set when shouldStop says so; the pass then throws
        var hiddenGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var cellGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var gateGradient = [Double](repeating: 0, count: steps * width)
        var norms: [Double] = input.stepJacobianNorms ? [Double](repeating: 1, count: steps) : []
        var meter = StepJacobianNormMeter()  // warm-started from step to step
        var jacobian = [Double](repeating: 0, count: input.stepJacobianNorms ? hiddenCount * hiddenCount : 0)
        var carriedHidden = input.finalHiddenGradient
        var carriedCell = input.finalCellGradient
        let gates = trace.gates.values, cells = trace.cellState.values
        let direction = trace.direction, mask = trace.mask
        let weight = input.recurrentWeight
        // tanh c_t for every step at once (the forward pass kept c_t, not its tanh)
        var tanhCells = [Double](repeating: 0, count: steps * hiddenCount)
        if steps > 0 {
            cells.withUnsafeBufferPointer { c in
                tanhCells.withUnsafeMutableBufferPointer { VectorActivation.tanh(c.baseAddress!, into: $0.baseAddress!, count: steps * hiddenCount) }
            }
        }
        gates.withUnsafeBufferPointer { gates in
        cells.withUnsafeBufferPointer { cells in
        tanhCells.withUnsafeBufferPointer { tanhCells in
        input.outputGradient.withUnsafeBufferPointer { outputGradient in
        trace.initialCell.withUnsafeBufferPointer { initialCell in
        weight.withUnsafeBufferPointer { weight in
        withRecurrentWeight(weight, kept: input.keptRecurrentWeight) { weight in
        hiddenGradient.withUnsafeMutableBufferPointer { hiddenGradient in
        cellGradient.withUnsafeMutableBufferPointer { cellGradient in
        gateGradient.withUnsafeMutableBufferPointer { gateGradient in
        carriedHidden.withUnsafeMutableBufferPointer { carriedHidden in
        carriedCell.withUnsafeMutableBufferPointer { carriedCell in
        for position in stride(from: steps - 1, through: 0, by: -1) {
            if stopsBefore(done: steps - 1 - position, input.shouldStop) { stopped = true; break }
            let t = direction == .forward ? position : steps - 1 - position
            let previousTime = direction == .forward ? t - 1 : t + 1
            let rowBase = t * hiddenCount, gateBase = t * width
            if !mask[t] {
                for j in 0..<hiddenCount {
                    hiddenGradient[rowBase + j] = carriedHidden[j]
                    cellGradient[rowBase + j] = carriedCell[j]
                }
                if input.cutsBefore(position: position) {
                    for j in 0..<hiddenCount { carriedHidden[j] = 0; carriedCell[j] = 0 }
                }
                continue
            }
            let i = gates.baseAddress! + gateBase, f = i + hiddenCount, g = f + hiddenCount, o = g + hiddenCount
            let da = gateGradient.baseAddress! + gateBase
            let tanhC = tanhCells.baseAddress! + rowBase, dy = outputGradient.baseAddress! + rowBase
            let cPrevious = position == 0 ? initialCell.baseAddress! : cells.baseAddress! + previousTime * hiddenCount
            for j in 0..<hiddenCount {
                let dh = dy[j] + carriedHidden[j]
                let dc = carriedCell[j] + dh * o[j] * (1 - tanhC[j] * tanhC[j])
                hiddenGradient[rowBase + j] = dh
                cellGradient[rowBase + j] = dc
                da[j] = dc * g[j] * i[j] * (1 - i[j])
                da[hiddenCount + j] = dc * cPrevious[j] * f[j] * (1 - f[j])
                da[2 * hiddenCount + j] = dc * i[j] * (1 - g[j] * g[j])
                da[3 * hiddenCount + j] = dh * tanhC[j] * o[j] * (1 - o[j])
                carriedCell[j] = dc * f[j]
                carriedHidden[j] = 0
            }
            // dh_{t-1} = W_hhᵀ da
            Kernels.gemvTransposed(weight.baseAddress!, rows: width, columns: hiddenCount, da, into: carriedHidden.baseAddress!,
                                   descending: walksBackward(at: position, weightEntries: weight.count))
            if input.stepJacobianNorms {
                for j in 0..<hiddenCount {
                    let throughCell = o[j] * (1 - tanhC[j] * tanhC[j])
                    let inputScale = throughCell * g[j] * i[j] * (1 - i[j])
                    let forgetScale = throughCell * cPrevious[j] * f[j] * (1 - f[j])
                    let candidateScale = throughCell * i[j] * (1 - g[j] * g[j])
                    let outputScale = tanhC[j] * o[j] * (1 - o[j])
                    for k in 0..<hiddenCount {
                        jacobian[j * hiddenCount + k] =
                            inputScale * weight[j * hiddenCount + k]
                            + forgetScale * weight[(hiddenCount + j) * hiddenCount + k]
                            + candidateScale * weight[(2 * hiddenCount + j) * hiddenCount + k]
                            + outputScale * weight[(3 * hiddenCount + j) * hiddenCount + k]
                    }
                }
                norms[t] = meter.norm(of: jacobian, hiddenSize: hiddenCount)
            }
            if input.cutsBefore(position: position) {
                for j in 0..<hiddenCount { carriedHidden[j] = 0; carriedCell[j] = 0 }
            }
        }
        }}}}}}}}}}}}
        if stopped { throw NetworkError.stopped }
        // dW_hh += Σ_t da_t h_{t-1}ᵀ,  db_hh += Σ_t da_t
        if input.parameterGradients {
            accumulateRecurrentGradients(gateGradient, previous: previousHiddenStates(trace), steps: steps, width: width,
                                         hiddenCount: hiddenCount, weightGradient: &recurrentWeightGradient,
                                         biasGradient: &recurrentBiasGradient)
        }
        trace.hiddenGradient = Matrix(rows: steps, columns: hiddenCount, values: hiddenGradient)
        trace.cellGradient = Matrix(rows: steps, columns: hiddenCount, values: cellGradient)
        trace.gateGradients = Matrix(rows: steps, columns: width, values: gateGradient)
        trace.stepJacobianNorms = input.stepJacobianNorms ? norms : nil
        return CellBackwardResult(initialHiddenGradient: carriedHidden, initialCellGradient: carriedCell)
    }
}
