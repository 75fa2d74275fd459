/// Backward through time for the plain RNN.
///
/// With `a_t` the pre-activation and `dh_t` the total gradient reaching `h_t`:
/// `da_t = dh_t ⊙ φ'(a_t)`, `dW_hh += da_t h_{t-1}ᵀ`, `db_hh += da_t`,
/// `dh_{t-1} += W_hhᵀ da_t`; the step Jacobian is `∂h_t/∂h_{t-1} = diag(φ'(a_t)) W_hh`.
extension RNNCell {
    static func backward(
        _ trace: inout DirectionTrace, _ input: CellBackwardInput, nonlinearity: Activation,
        recurrentWeightGradient: inout [Double], recurrentBiasGradient: inout [Double]
    ) -> CellBackwardResult {
        let hiddenCount = trace.hiddenSize, steps = trace.steps
        var hiddenGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var gateGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var norms: [Double] = input.stepJacobianNorms ? [Double](repeating: 1, count: steps) : []
        var carried = input.finalHiddenGradient  // dL/dh_t from later steps
        var jacobian = [Double](repeating: 0, count: input.stepJacobianNorms ? hiddenCount * hiddenCount : 0)
        let pre = trace.preactivations.values, hidden = trace.hiddenState.values
        let direction = trace.direction, mask = trace.mask
        for position in stride(from: steps - 1, through: 0, by: -1) {
            let t = direction == .forward ? position : steps - 1 - position
            let previousTime = direction == .forward ? t - 1 : t + 1
            let rowBase = t * hiddenCount
            if !mask[t] {
                for j in 0..<hiddenCount { hiddenGradient[rowBase + j] = carried[j] }
                if input.cutsBefore(position: position) { for j in 0..<hiddenCount { carried[j] = 0 } }
                continue
            }
            for j in 0..<hiddenCount {
                let dh = input.outputGradient[rowBase + j] + carried[j]  // dh_t = dy_t + (from t+1)
                hiddenGradient[rowBase + j] = dh
                gateGradient[rowBase + j] = dh * nonlinearity.derivative(at: pre[rowBase + j])  // da = dh ⊙ φ'(a)
            }
            for j in 0..<hiddenCount { carried[j] = 0 }
            hidden.withUnsafeBufferPointer { hidden in
                trace.initialHidden.withUnsafeBufferPointer { initial in
                    let previous = (position == 0) ? initial.baseAddress! : hidden.baseAddress! + previousTime * hiddenCount
                    gateGradient.withUnsafeBufferPointer { da in
                        let row = da.baseAddress! + rowBase
                        recurrentWeightGradient.withUnsafeMutableBufferPointer { dW in
                            Kernels.addOuterProduct(row, count: hiddenCount, previous, count: hiddenCount, into: dW.baseAddress!)
                        }
                        input.recurrentWeight.withUnsafeBufferPointer { weight in
                            carried.withUnsafeMutableBufferPointer { carried in
                                Kernels.gemvTransposed(weight.baseAddress!, rows: hiddenCount, columns: hiddenCount,
                                                       row, into: carried.baseAddress!)
                            }
                        }
                    }
                }
            }
            for j in 0..<hiddenCount { recurrentBiasGradient[j] += gateGradient[rowBase + j] }
            if input.stepJacobianNorms {
                for j in 0..<hiddenCount {
                    let slope = nonlinearity.derivative(at: pre[rowBase + j])
                    for k in 0..<hiddenCount { jacobian[j * hiddenCount + k] = slope * input.recurrentWeight[j * hiddenCount + k] }
                }
                norms[t] = stepJacobianSpectralNorm(jacobian, hiddenSize: hiddenCount)
            }
            if input.cutsBefore(position: position) { for j in 0..<hiddenCount { carried[j] = 0 } }
        }
        trace.hiddenGradient = Matrix(rows: steps, columns: hiddenCount, values: hiddenGradient)
        trace.gateGradients = Matrix(rows: steps, columns: hiddenCount, values: gateGradient)
        trace.stepJacobianNorms = input.stepJacobianNorms ? norms : nil
        return CellBackwardResult(initialHiddenGradient: carried, initialCellGradient: [])
    }
}
