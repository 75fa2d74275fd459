/// Backward through time for the GRU, each line the derivative of a forward equation
/// (`hn = W_hn h_{t-1} + b_hn`):
///
///     dh_t  = dy_t + dh_t(from step t+1)
///     dn    = dh_t ⊙ (1 − z),   dz = dh_t ⊙ (h_{t-1} − n),   dh_{t-1} ⊇ dh_t ⊙ z
///     da_n  = dn ⊙ (1 − n²),    da_z = dz ⊙ z(1 − z)
///     dr    = da_n ⊙ hn,        da_r = dr ⊙ r(1 − r)
///     d(W_hh h + b_hh) = [da_r, da_z, da_n ⊙ r];   d(W_ih x + b_ih) = [da_r, da_z, da_n]
///
/// Step Jacobian: `∂h_t/∂h_{t-1} = diag(z) + diag((h_{t-1} − n) ⊙ z(1−z)) W_hz
///  + diag((1 − z) ⊙ (1 − n²)) [diag(r) W_hn + diag(hn ⊙ r(1−r)) W_hr]`.
extension GRUCell {
    static func backward(
        _ trace: inout DirectionTrace, _ input: CellBackwardInput,
        recurrentWeightGradient: inout [Double], recurrentBiasGradient: inout [Double]
    ) throws -> CellBackwardResult {
        let hiddenCount = trace.hiddenSize, steps = trace.steps, width = 3 * hiddenCount
        var stopped = false  // set when shouldStop says so; the pass then throws
        var hiddenGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var gateGradient = [Double](repeating: 0, count: steps * width)
        // Row t: d(W_hh h_{t-1} + b_hh) = [da_r, da_z, da_n ⊙ r], kept for dW_hh after the loop.
        var recurrentGradient = [Double](repeating: 0, count: steps * width)
        var norms: [Double] = input.stepJacobianNorms ? [Double](repeating: 1, count: steps) : []
        var meter = StepJacobianNormMeter()  // warm-started from step to step
        var jacobian = [Double](repeating: 0, count: input.stepJacobianNorms ? hiddenCount * hiddenCount : 0)
        var carried = input.finalHiddenGradient
        let gates = trace.gates.values, recurrentNew = trace.recurrentNewGate.values
        let direction = trace.direction, mask = trace.mask
        let previousHidden = previousHiddenStates(trace)
        gates.withUnsafeBufferPointer { gates in
        recurrentNew.withUnsafeBufferPointer { recurrentNew in
        previousHidden.withUnsafeBufferPointer { previousHidden in
        input.outputGradient.withUnsafeBufferPointer { outputGradient in
        input.recurrentWeight.withUnsafeBufferPointer { weight in
        withRecurrentWeight(weight, kept: input.keptRecurrentWeight) { weight in
        hiddenGradient.withUnsafeMutableBufferPointer { hiddenGradient in
        gateGradient.withUnsafeMutableBufferPointer { gateGradient in
        recurrentGradient.withUnsafeMutableBufferPointer { recurrentGradient in
        carried.withUnsafeMutableBufferPointer { carried in
        for position in stride(from: steps - 1, through: 0, by: -1) {
            if stopsBefore(done: steps - 1 - position, input.shouldStop) { stopped = true; break }
            let t = direction == .forward ? position : steps - 1 - position
            let rowBase = t * hiddenCount, gateBase = t * width
            if !mask[t] {
                for j in 0..<hiddenCount { hiddenGradient[rowBase + j] = carried[j] }
                if input.cutsBefore(position: position) { for j in 0..<hiddenCount { carried[j] = 0 } }
                continue
            }
            let r = gates.baseAddress! + gateBase, z = r + hiddenCount, n = z + hiddenCount
            let hn = recurrentNew.baseAddress! + rowBase, hPrevious = previousHidden.baseAddress! + rowBase
            let dy = outputGradient.baseAddress! + rowBase
            let da = gateGradient.baseAddress! + gateBase, dRecurrent = recurrentGradient.baseAddress! + gateBase
            for j in 0..<hiddenCount {
                let dh = dy[j] + carried[j]
                hiddenGradient[rowBase + j] = dh
                let dnPre = dh * (1 - z[j]) * (1 - n[j] * n[j])
                let dzPre = dh * (hPrevious[j] - n[j]) * z[j] * (1 - z[j])
                let drPre = dnPre * hn[j] * r[j] * (1 - r[j])
                da[j] = drPre
                da[hiddenCount + j] = dzPre
                da[2 * hiddenCount + j] = dnPre
                dRecurrent[j] = drPre
                dRecurrent[hiddenCount + j] = dzPre
                dRecurrent[2 * hiddenCount + j] = dnPre * r[j]
                carried[j] = dh * z[j]
            }
            // dh_{t-1} = dh_t ⊙ z + W_hhᵀ [da_r, da_z, da_n ⊙ r]
            Kernels.gemvTransposed(weight.baseAddress!, rows: width, columns: hiddenCount, dRecurrent, into: carried.baseAddress!,
                                   descending: walksBackward(at: position, weightEntries: weight.count))
            if input.stepJacobianNorms {
                for j in 0..<hiddenCount {
                    let throughNew = (1 - z[j]) * (1 - n[j] * n[j])
                    let updateScale = (hPrevious[j] - n[j]) * z[j] * (1 - z[j])
                    let newScale = throughNew * r[j]
                    let resetScale = throughNew * hn[j] * r[j] * (1 - r[j])
                    for k in 0..<hiddenCount {
                        jacobian[j * hiddenCount + k] =
                            resetScale * weight[j * hiddenCount + k]
                            + updateScale * weight[(hiddenCount + j) * hiddenCount + k]
                            + newScale * weight[(2 * hiddenCount + j) * hiddenCount + k]
                            + (j == k ? z[j] : 0)
                    }
                }
                norms[t] = meter.norm(of: jacobian, hiddenSize: hiddenCount)
            }
            if input.cutsBefore(position: position) { for j in 0..<hiddenCount { carried[j] = 0 } }
        }
        }}}}}}}}}}
        if stopped { throw NetworkError.stopped }
        // dW_hh += Σ_t [da_r, da_z, da_n ⊙ r]_t h_{t-1}ᵀ,  db_hh += Σ_t [da_r, da_z, da_n ⊙ r]_t
        if input.parameterGradients {
            accumulateRecurrentGradients(recurrentGradient, previous: previousHidden, steps: steps, width: width,
                                         hiddenCount: hiddenCount, weightGradient: &recurrentWeightGradient,
                                         biasGradient: &recurrentBiasGradient)
        }
        trace.hiddenGradient = Matrix(rows: steps, columns: hiddenCount, values: hiddenGradient)
        trace.gateGradients = Matrix(rows: steps, columns: width, values: gateGradient)
        trace.stepJacobianNorms = input.stepJacobianNorms ? norms : nil
        return CellBackwardResult(initialHiddenGradient: carried, initialCellGradient: [])
    }
}
