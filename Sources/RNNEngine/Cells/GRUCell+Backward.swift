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
    ) -> CellBackwardResult {
        let hiddenCount = trace.hiddenSize, steps = trace.steps, width = 3 * hiddenCount
        var hiddenGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var gateGradient = [Double](repeating: 0, count: steps * width)
        var recurrentGradient = [Double](repeating: 0, count: width)
        var norms: [Double] = input.stepJacobianNorms ? [Double](repeating: 1, count: steps) : []
        var jacobian = [Double](repeating: 0, count: input.stepJacobianNorms ? hiddenCount * hiddenCount : 0)
        var carried = input.finalHiddenGradient
        let gates = trace.gates.values, hidden = trace.hiddenState.values, recurrentNew = trace.recurrentNewGate.values
        let direction = trace.direction, mask = trace.mask
        let weight = input.recurrentWeight
        for position in stride(from: steps - 1, through: 0, by: -1) {
            let t = direction == .forward ? position : steps - 1 - position
            let previousTime = direction == .forward ? t - 1 : t + 1
            let rowBase = t * hiddenCount, gateBase = t * width
            if !mask[t] {
                for j in 0..<hiddenCount { hiddenGradient[rowBase + j] = carried[j] }
                if input.cutsBefore(position: position) { for j in 0..<hiddenCount { carried[j] = 0 } }
                continue
            }
            for j in 0..<hiddenCount {
                let r = gates[gateBase + j], z = gates[gateBase + hiddenCount + j], n = gates[gateBase + 2 * hiddenCount + j]
                let hn = recurrentNew[rowBase + j]
                let hPrevious = position == 0 ? trace.initialHidden[j] : hidden[previousTime * hiddenCount + j]
                let dh = input.outputGradient[rowBase + j] + carried[j]
                hiddenGradient[rowBase + j] = dh
                let dnPre = dh * (1 - z) * (1 - n * n)
                let dzPre = dh * (hPrevious - n) * z * (1 - z)
                let drPre = dnPre * hn * r * (1 - r)
                gateGradient[gateBase + j] = drPre
                gateGradient[gateBase + hiddenCount + j] = dzPre
                gateGradient[gateBase + 2 * hiddenCount + j] = dnPre
                recurrentGradient[j] = drPre
                recurrentGradient[hiddenCount + j] = dzPre
                recurrentGradient[2 * hiddenCount + j] = dnPre * r
                carried[j] = dh * z
            }
            hidden.withUnsafeBufferPointer { hidden in
                trace.initialHidden.withUnsafeBufferPointer { initial in
                    let previous = position == 0 ? initial.baseAddress! : hidden.baseAddress! + previousTime * hiddenCount
                    recurrentGradient.withUnsafeBufferPointer { da in
                        recurrentWeightGradient.withUnsafeMutableBufferPointer { dW in
                            Kernels.addOuterProduct(da.baseAddress!, count: width, previous, count: hiddenCount, into: dW.baseAddress!)
                        }
                        weight.withUnsafeBufferPointer { weight in
                            carried.withUnsafeMutableBufferPointer { carried in
                                Kernels.gemvTransposed(weight.baseAddress!, rows: width, columns: hiddenCount,
                                                       da.baseAddress!, into: carried.baseAddress!)
                            }
                        }
                    }
                }
            }
            for j in 0..<width { recurrentBiasGradient[j] += recurrentGradient[j] }
            if input.stepJacobianNorms {
                for j in 0..<hiddenCount {
                    let r = gates[gateBase + j], z = gates[gateBase + hiddenCount + j], n = gates[gateBase + 2 * hiddenCount + j]
                    let hn = recurrentNew[rowBase + j]
                    let hPrevious = position == 0 ? trace.initialHidden[j] : hidden[previousTime * hiddenCount + j]
                    let throughNew = (1 - z) * (1 - n * n)
                    let updateScale = (hPrevious - n) * z * (1 - z)
                    let newScale = throughNew * r
                    let resetScale = throughNew * hn * r * (1 - r)
                    for k in 0..<hiddenCount {
                        jacobian[j * hiddenCount + k] =
                            resetScale * weight[j * hiddenCount + k]
                            + updateScale * weight[(hiddenCount + j) * hiddenCount + k]
                            + newScale * weight[(2 * hiddenCount + j) * hiddenCount + k]
                            + (j == k ? z : 0)
                    }
                }
                norms[t] = stepJacobianSpectralNorm(jacobian, hiddenSize: hiddenCount)
            }
            if input.cutsBefore(position: position) { for j in 0..<hiddenCount { carried[j] = 0 } }
        }
        trace.hiddenGradient = Matrix(rows: steps, columns: hiddenCount, values: hiddenGradient)
        trace.gateGradients = Matrix(rows: steps, columns: width, values: gateGradient)
        trace.stepJacobianNorms = input.stepJacobianNorms ? norms : nil
        return CellBackwardResult(initialHiddenGradient: carried, initialCellGradient: [])
    }
}
