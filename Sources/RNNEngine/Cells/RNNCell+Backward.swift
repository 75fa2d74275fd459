/// Backward through time for the plain RNN.
///
/// With `a_t` the pre-activation and `dh_t` the total gradient reaching `h_t`:
/// `da_t = dh_t ⊙ φ'(a_t)`, `dW_hh += da_t h_{t-1}ᵀ`, `db_hh += da_t`,
/// `dh_{t-1} += W_hhᵀ da_t`; the step Jacobian is `∂h_t/∂h_{t-1} = diag(φ'(a_t)) W_hh`.
extension RNNCell {
    static func backward(
        _ trace: inout DirectionTrace, _ input: CellBackwardInput, nonlinearity: Activation,
        recurrentWeightGradient: inout [Double], recurrentBiasGradient: inout [Double]
    ) throws -> CellBackwardResult {
        let hiddenCount = trace.hiddenSize, steps = trace.steps
        var stopped = false  // set when shouldStop says so; the pass then throws
        var hiddenGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var gateGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var norms: [Double] = input.stepJacobianNorms ? [Double](repeating: 1, count: steps) : []
        var meter = StepJacobianNormMeter()  // warm-started from step to step
        var carried = input.finalHiddenGradient  // dL/dh_t from later steps
        var jacobian = [Double](repeating: 0, count: input.stepJacobianNorms ? hiddenCount * hiddenCount : 0)
        let pre = trace.preactivations.values, hidden = trace.hiddenState.values
        let direction = trace.direction, mask = trace.mask
        pre.withUnsafeBufferPointer { pre in
        hidden.withUnsafeBufferPointer { hidden in
        input.outputGradient.withUnsafeBufferPointer { outputGradient in
        input.recurrentWeight.withUnsafeBufferPointer { weight in
        withRecurrentWeight(weight, kept: input.keptRecurrentWeight) { weight in
        hiddenGradient.withUnsafeMutableBufferPointer { hiddenGradient in
        gateGradient.withUnsafeMutableBufferPointer { gateGradient in
        carried.withUnsafeMutableBufferPointer { carried in
        for position in stride(from: steps - 1, through: 0, by: -1) {
            if stopsBefore(done: steps - 1 - position, input.shouldStop) { stopped = true; break }
            let t = direction == .forward ? position : steps - 1 - position
            let rowBase = t * hiddenCount
            if !mask[t] {
                for j in 0..<hiddenCount { hiddenGradient[rowBase + j] = carried[j] }
                if input.cutsBefore(position: position) { for j in 0..<hiddenCount { carried[j] = 0 } }
                continue
            }
            let a = pre.baseAddress! + rowBase, h = hidden.baseAddress! + rowBase
            let dy = outputGradient.baseAddress! + rowBase, da = gateGradient.baseAddress! + rowBase
            for j in 0..<hiddenCount {
                let dh = dy[j] + carried[j]  // dh_t = dy_t + (from t+1)
                hiddenGradient[rowBase + j] = dh
                da[j] = dh * nonlinearity.derivative(output: h[j], preactivation: a[j])  // da = dh ⊙ φ'(a), φ' from h_t = φ(a)
                carried[j] = 0
            }
            // dh_{t-1} = W_hhᵀ da
            Kernels.gemvTransposed(weight.baseAddress!, rows: hiddenCount, columns: hiddenCount, da, into: carried.baseAddress!,
                                   descending: walksBackward(at: position, weightEntries: weight.count))
            if input.stepJacobianNorms {
                for j in 0..<hiddenCount {
                    let slope = nonlinearity.derivative(output: h[j], preactivation: a[j])
                    for k in 0..<hiddenCount { jacobian[j * hiddenCount + k] = slope * weight[j * hiddenCount + k] }
                }
                norms[t] = meter.norm(of: jacobian, hiddenSize: hiddenCount)
            }
            if input.cutsBefore(position: position) { for j in 0..<hiddenCount { carried[j] = 0 } }
        }
        }}}}}}}}
        if stopped { throw NetworkError.stopped }
        // dW_hh += Σ_t da_t h_{t-1}ᵀ,  db_hh += Σ_t da_t
        if input.parameterGradients {
            accumulateRecurrentGradients(gateGradient, previous: previousHiddenStates(trace), steps: steps, width: hiddenCount,
                                         hiddenCount: hiddenCount, weightGradient: &recurrentWeightGradient,
                                         biasGradient: &recurrentBiasGradient)
        }
        trace.hiddenGradient = Matrix(rows: steps, columns: hiddenCount, values: hiddenGradient)
        trace.gateGradients = Matrix(rows: steps, columns: hiddenCount, values: gateGradient)
        trace.stepJacobianNorms = input.stepJacobianNorms ? norms : nil
        return CellBackwardResult(initialHiddenGradient: carried, initialCellGradient: [])
    }
}
