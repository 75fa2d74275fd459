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
    ) -> CellBackwardResult {
        let hiddenCount = trace.hiddenSize, steps = trace.steps, width = 4 * hiddenCount
        var hiddenGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var cellGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var gateGradient = [Double](repeating: 0, count: steps * width)
        var norms: [Double] = input.stepJacobianNorms ? [Double](repeating: 1, count: steps) : []
        var jacobian = [Double](repeating: 0, count: input.stepJacobianNorms ? hiddenCount * hiddenCount : 0)
        var carriedHidden = input.finalHiddenGradient
        var carriedCell = input.finalCellGradient
        let gates = trace.gates.values, cells = trace.cellState.values, hidden = trace.hiddenState.values
        let direction = trace.direction, mask = trace.mask
        let weight = input.recurrentWeight
        for position in stride(from: steps - 1, through: 0, by: -1) {
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
            for j in 0..<hiddenCount {
                let i = gates[gateBase + j], f = gates[gateBase + hiddenCount + j]
                let g = gates[gateBase + 2 * hiddenCount + j], o = gates[gateBase + 3 * hiddenCount + j]
                let c = cells[rowBase + j]
                let cPrevious = position == 0 ? trace.initialCell[j] : cells[previousTime * hiddenCount + j]
                let tanhC = Activation.tanhValue(c)
                let dh = input.outputGradient[rowBase + j] + carriedHidden[j]
                let dc = carriedCell[j] + dh * o * (1 - tanhC * tanhC)
                hiddenGradient[rowBase + j] = dh
                cellGradient[rowBase + j] = dc
                gateGradient[gateBase + j] = dc * g * i * (1 - i)
                gateGradient[gateBase + hiddenCount + j] = dc * cPrevious * f * (1 - f)
                gateGradient[gateBase + 2 * hiddenCount + j] = dc * i * (1 - g * g)
                gateGradient[gateBase + 3 * hiddenCount + j] = dh * tanhC * o * (1 - o)
                carriedCell[j] = dc * f
                carriedHidden[j] = 0
            }
            hidden.withUnsafeBufferPointer { hidden in
                trace.initialHidden.withUnsafeBufferPointer { initial in
                    let previous = position == 0 ? initial.baseAddress! : hidden.baseAddress! + previousTime * hiddenCount
                    gateGradient.withUnsafeBufferPointer { da in
                        let row = da.baseAddress! + gateBase
                        recurrentWeightGradient.withUnsafeMutableBufferPointer { dW in
                            Kernels.addOuterProduct(row, count: width, previous, count: hiddenCount, into: dW.baseAddress!)
                        }
                        weight.withUnsafeBufferPointer { weight in
                            carriedHidden.withUnsafeMutableBufferPointer { carried in
                                Kernels.gemvTransposed(weight.baseAddress!, rows: width, columns: hiddenCount,
                                                       row, into: carried.baseAddress!)
                            }
                        }
                    }
                }
            }
            for j in 0..<width { recurrentBiasGradient[j] += gateGradient[gateBase + j] }
            if input.stepJacobianNorms {
                for j in 0..<hiddenCount {
                    let i = gates[gateBase + j], f = gates[gateBase + hiddenCount + j]
                    let g = gates[gateBase + 2 * hiddenCount + j], o = gates[gateBase + 3 * hiddenCount + j]
                    let tanhC = Activation.tanhValue(cells[rowBase + j])
                    let cPrevious = position == 0 ? trace.initialCell[j] : cells[previousTime * hiddenCount + j]
                    let throughCell = o * (1 - tanhC * tanhC)
                    let inputScale = throughCell * g * i * (1 - i)
                    let forgetScale = throughCell * cPrevious * f * (1 - f)
                    let candidateScale = throughCell * i * (1 - g * g)
                    let outputScale = tanhC * o * (1 - o)
                    for k in 0..<hiddenCount {
                        jacobian[j * hiddenCount + k] =
                            inputScale * weight[j * hiddenCount + k]
                            + forgetScale * weight[(hiddenCount + j) * hiddenCount + k]
                            + candidateScale * weight[(2 * hiddenCount + j) * hiddenCount + k]
                            + outputScale * weight[(3 * hiddenCount + j) * hiddenCount + k]
                    }
                }
                norms[t] = stepJacobianSpectralNorm(jacobian, hiddenSize: hiddenCount)
            }
            if input.cutsBefore(position: position) {
                for j in 0..<hiddenCount { carriedHidden[j] = 0; carriedCell[j] = 0 }
            }
        }
        trace.hiddenGradient = Matrix(rows: steps, columns: hiddenCount, values: hiddenGradient)
        trace.cellGradient = Matrix(rows: steps, columns: hiddenCount, values: cellGradient)
        trace.gateGradients = Matrix(rows: steps, columns: width, values: gateGradient)
        trace.stepJacobianNorms = input.stepJacobianNorms ? norms : nil
        return CellBackwardResult(initialHiddenGradient: carriedHidden, initialCellGradient: carriedCell)
    }
}
