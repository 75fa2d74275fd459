/// Backward through time for a pass with layer normalization or dropout, by hand, next to
/// ``regularizedForward(_:initialHidden:initialCell:mask:dropout:)``.
///
/// Per step (in reverse processing order), with `dh_t = dy_t + (from t+1)`:
/// the cell's own backward gives `dã_ih` and `dã_hh`, the gradients of
/// `LN_ih(W_ih x_t) + b_ih` and `LN_hh(W_hh h̃_{t−1}) + b_hh` (h̃ = h ⊙ m, the recurrent
/// dropout mask); then `dβ += dã`, `dγ += dã ⊙ v̂`, and through the normalization
/// `dv = (dv̂ − mean(dv̂) − v̂ · mean(dv̂ ⊙ v̂)) / √(σ² + ε)` with `dv̂ = γ ⊙ dã`; finally
/// `dW_ih += du x_tᵀ`, `dx_t += W_ihᵀ du`, `dW_hh += dv h̃ᵀ`, `dh_{t−1} += m ⊙ W_hhᵀ dv`.
/// Dropout masks multiply the gradients where they multiplied the values.
extension RecurrentNetwork {
    func regularizedBackward(
        _ pass: inout ForwardPass, cache: RegularizedPassCache, outputGradient: Matrix, finalHiddenGradient: Matrix?,
        finalCellGradient: Matrix?, options: BackwardOptions, shouldStop: ShouldStop?
    ) throws -> Gradients {
        let steps = pass.output.rows, stateRows = numLayers * directionCount
        guard cache.directions.count == stateRows, cache.layerInputs.count == numLayers else {
            throw NetworkError("this forward pass was made by a different network")
        }
        var gradients = Gradients(
            parameters: parameters.zeros, input: Matrix(rows: steps, columns: inputSize),
            initialHidden: Matrix(rows: stateRows, columns: hiddenSize),
            initialCell: kind == .lstm ? Matrix(rows: stateRows, columns: hiddenSize) : nil)
        let mask = pass.trace.directions.first?.mask ?? []
        var upstream = outputGradient  // dL/d(layer output), T × D·H
        for layer in stride(from: numLayers - 1, through: 0, by: -1) {
            let layerInput = cache.layerInputs[layer]
            var inputGradient = Matrix(rows: steps, columns: layerInput.columns)  // dL/d(the input as the layer read it)
            for direction in directions {
                let stateRow = layer * directionCount + direction.rawValue
                var outputRows = [Double](repeating: 0, count: steps * hiddenSize)
                for t in 0..<steps where mask[t] {
                    for j in 0..<hiddenSize {
                        outputRows[t * hiddenSize + j] = upstream.values[t * outputSize + direction.rawValue * hiddenSize + j]
                    }
                }
                let (hiddenStart, cellStart) = try regularizedDirectionBackward(
                    &pass.trace.directions[stateRow], cache: cache.directions[stateRow], input: layerInput,
                    outputGradient: outputRows,
                    finalHiddenGradient: finalHiddenGradient?.row(stateRow) ?? [Double](repeating: 0, count: hiddenSize),
                    finalCellGradient: kind == .lstm ? (finalCellGradient?.row(stateRow) ?? [Double](repeating: 0, count: hiddenSize)) : [],
                    recurrentMask: cache.masks.recurrent.isEmpty ? nil : cache.masks.recurrent[stateRow],
                    truncation: options.truncation, stepJacobianNorms: options.measuresStepJacobians(layer: layer, direction: direction),
                    shouldStop: shouldStop, gradients: &gradients.parameters, inputGradient: &inputGradient.values)
                gradients.initialHidden.setRow(stateRow, to: hiddenStart)
                if kind == .lstm { gradients.initialCell?.setRow(stateRow, to: cellStart) }
            }
            if layer == 0 {
                if let inputMask = cache.masks.input {
                    for k in inputGradient.values.indices { inputGradient.values[k] *= inputMask.values[k] }
                }
                if options.inputGradient { gradients.input = inputGradient }
            } else {
                if !cache.masks.between.isEmpty {
                    for k in inputGradient.values.indices { inputGradient.values[k] *= cache.masks.between[layer - 1].values[k] }
                }
                upstream = inputGradient
            }
        }
        return gradients
    }

    /// One layer and direction backward; adds to `gradients` and `inputGradient`, fills the
    /// trace's `dh`, `dc`, gate gradients and (when asked) step Jacobian norms, and returns
    /// dL/dh_0 and dL/dc_0.
    private func regularizedDirectionBackward(
        _ trace: inout DirectionTrace, cache: RegularizedPassCache.DirectionCache, input: Matrix, outputGradient: [Double],
        finalHiddenGradient: [Double], finalCellGradient: [Double], recurrentMask: [Double]?, truncation: Int?,
        stepJacobianNorms: Bool, shouldStop: ShouldStop?, gradients: inout ParameterSet, inputGradient: inout [Double]
    ) throws -> (hidden: [Double], cell: [Double]) {
        let steps = trace.steps, hiddenCount = hiddenSize, blocks = kind.gateCount, width = blocks * hiddenCount
        let columns = input.columns, layer = trace.layer, direction = trace.direction
        let base = parameterBase(layer: layer, direction: direction)
        let inputWeight = parameters[index: base].values, recurrentWeight = parameters[index: base + 1].values
        let inputNorm = layerNormParameters("ih", layer: layer, direction: direction)
        let recurrentNorm = layerNormParameters("hh", layer: layer, direction: direction)
        let cellNorm = layerNormParameters("c", layer: layer, direction: direction)
        var inputWeightGradient = [Double](repeating: 0, count: width * columns)
        var recurrentWeightGradient = [Double](repeating: 0, count: width * hiddenCount)
        var inputBiasGradient = [Double](repeating: 0, count: width), recurrentBiasGradient = inputBiasGradient
        var inputGainGradient = inputBiasGradient, inputShiftGradient = inputBiasGradient
        var recurrentGainGradient = inputBiasGradient, recurrentShiftGradient = inputBiasGradient
        var cellGainGradient = [Double](repeating: 0, count: hiddenCount), cellShiftGradient = cellGainGradient
        var hiddenGradient = [Double](repeating: 0, count: steps * hiddenCount)
        var cellGradient = [Double](repeating: 0, count: kind == .lstm ? steps * hiddenCount : 0)
        var gateGradient = [Double](repeating: 0, count: steps * width)
        var norms = [Double](repeating: 1, count: stepJacobianNorms ? steps : 0)
        var meter = StepJacobianNormMeter()  // warm-started from step to step
        var carried = finalHiddenGradient, carriedCell = finalCellGradient
        let pre = trace.preactivations.values, gates = trace.gates.values
        let hidden = trace.hiddenState.values, cells = trace.cellState.values, mask = trace.mask

        /// What one step gives back from dh_t and the dc_t of later steps.
        struct StepGradients {
            /// dã_ih and dã_hh, the gradients of `LN_ih(W_ih x_t) + b_ih` and `LN_hh(W_hh h̃_{t−1}) + b_hh`.
            var inputTerm: [Double], recurrentTerm: [Double]
            /// du and dv, the gradients of `W_ih x_t` and `W_hh h̃_{t−1}` (through the normalization).
            var du: [Double], dv: [Double]
            /// dL/dh_{t−1} (all paths) and, for the LSTM, dL/dc_{t−1}.
            var previousHidden: [Double], previousCell: [Double]
            /// The LSTM's total dL/dc_t and the gradient of `LN_c(c_t)`.
            var cell: [Double], shown: [Double]
        }

        /// Backward through step `t` alone (position `position` in processing order).
        func stepBackward(t: Int, position: Int, dh: [Double], laterCell: [Double]) -> StepGradients {
            let row = t * hiddenCount, a = t * width
            let source = direction == .forward ? t - 1 : t + 1
            let hPrev = position == 0 ? trace.initialHidden : Array(hidden[(source * hiddenCount)..<((source + 1) * hiddenCount)])
            var inputTerm = [Double](repeating: 0, count: width), recurrentTerm = inputTerm
            var previous = [Double](repeating: 0, count: hiddenCount)  // dh_{t−1} other than through W_hh
            var cellTotal: [Double] = [], shownGradient: [Double] = [], previousCell: [Double] = []
            switch kind {
            case .rnn:
                for j in 0..<hiddenCount {
                    inputTerm[j] = dh[j] * nonlinearity.derivative(output: hidden[row + j], preactivation: pre[a + j])
                    recurrentTerm[j] = inputTerm[j]
                }
            case .lstm:
                let cPrev = position == 0 ? trace.initialCell : Array(cells[(source * hiddenCount)..<((source + 1) * hiddenCount)])
                shownGradient = [Double](repeating: 0, count: hiddenCount)
                var outputGateGradient = shownGradient
                for j in 0..<hiddenCount {
                    let shown = layerNorm ? cellNorm.gain[j] * cache.cellNormalized[row + j] + cellNorm.bias[j] : cells[row + j]
                    let tanhShown = Activation.tanhValue(shown), o = gates[a + 3 * hiddenCount + j]
                    outputGateGradient[j] = dh[j] * tanhShown  // h = o ⊙ tanh(ĉ)
                    shownGradient[j] = dh[j] * o * (1 - tanhShown * tanhShown)
                }
                var cellFromHidden = shownGradient
                if layerNorm {
                    let normalizedGradient = (0..<hiddenCount).map { cellNorm.gain[$0] * shownGradient[$0] }
                    cellFromHidden = LayerNorm.backward(normalized: cache.cellNormalized[row..<(row + hiddenCount)],
                                                        deviation: cache.cellDeviation[t], gradient: normalizedGradient[...])
                }
                cellTotal = [Double](repeating: 0, count: hiddenCount)
                previousCell = cellTotal
                for j in 0..<hiddenCount {
                    let i = gates[a + j], f = gates[a + hiddenCount + j], g = gates[a + 2 * hiddenCount + j], o = gates[a + 3 * hiddenCount + j]
                    let dc = cellFromHidden[j] + laterCell[j]
                    cellTotal[j] = dc
                    inputTerm[j] = dc * g * i * (1 - i)  // c_t = f ⊙ c_{t−1} + i ⊙ g
                    inputTerm[hiddenCount + j] = dc * cPrev[j] * f * (1 - f)
                    inputTerm[2 * hiddenCount + j] = dc * i * (1 - g * g)
                    inputTerm[3 * hiddenCount + j] = outputGateGradient[j] * o * (1 - o)
                    previousCell[j] = dc * f
                }
                recurrentTerm = inputTerm
            case .gru:
                for j in 0..<hiddenCount {
                    let r = gates[a + j], z = gates[a + hiddenCount + j], n = gates[a + 2 * hiddenCount + j]
                    let dn = dh[j] * (1 - z), dz = dh[j] * (hPrev[j] - n)  // h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
                    previous[j] = dh[j] * z
                    let dan = dn * (1 - n * n)
                    inputTerm[2 * hiddenCount + j] = dan
                    recurrentTerm[2 * hiddenCount + j] = dan * r  // a_n = ũ_n + r ⊙ ã_hn
                    let dr = dan * cache.recurrentTerm[a + 2 * hiddenCount + j]
                    inputTerm[j] = dr * r * (1 - r)
                    inputTerm[hiddenCount + j] = dz * z * (1 - z)
                    recurrentTerm[j] = inputTerm[j]
                    recurrentTerm[hiddenCount + j] = inputTerm[hiddenCount + j]
                }
            }
            var du = inputTerm, dv = recurrentTerm
            if layerNorm {
                for k in 0..<width {
                    du[k] = inputNorm.gain[k] * inputTerm[k]
                    dv[k] = recurrentNorm.gain[k] * recurrentTerm[k]
                }
                for b in 0..<blocks {
                    let range = (a + b * hiddenCount)..<(a + (b + 1) * hiddenCount)
                    let local = (b * hiddenCount)..<((b + 1) * hiddenCount)
                    du.replaceSubrange(local, with: LayerNorm.backward(
                        normalized: cache.inputNormalized[range], deviation: cache.inputDeviation[t * blocks + b], gradient: du[local]))
                    dv.replaceSubrange(local, with: LayerNorm.backward(
                        normalized: cache.recurrentNormalized[range], deviation: cache.recurrentDeviation[t * blocks + b], gradient: dv[local]))
                }
            }
            // dh_{t−1} = (direct path) + m ⊙ W_hhᵀ dv
            var seenGradient = [Double](repeating: 0, count: hiddenCount)
            recurrentWeight.withUnsafeBufferPointer { weight in
                seenGradient.withUnsafeMutableBufferPointer { seen in
                    for k in 0..<width {
                        let row = weight.baseAddress! + k * hiddenCount, scale = dv[k]
                        for m in 0..<hiddenCount { seen[m] += row[m] * scale }
                    }
                }
            }
            for j in 0..<hiddenCount { previous[j] += seenGradient[j] * (recurrentMask?[j] ?? 1) }
            return StepGradients(inputTerm: inputTerm, recurrentTerm: recurrentTerm, du: du, dv: dv,
                                 previousHidden: previous, previousCell: previousCell, cell: cellTotal, shown: shownGradient)
        }

        for position in stride(from: steps - 1, through: 0, by: -1) {
            if stopsBefore(done: steps - 1 - position, shouldStop) { throw NetworkError.stopped }
            let t = direction == .forward ? position : steps - 1 - position
            let row = t * hiddenCount, a = t * width
            let cuts = truncation.map { $0 > 0 && position > 0 && position % $0 == 0 } ?? false
            if !mask[t] {
                for j in 0..<hiddenCount { hiddenGradient[row + j] = carried[j] }
                if kind == .lstm { for j in 0..<hiddenCount { cellGradient[row + j] = carriedCell[j] } }
                if cuts { carried = carried.map { _ in 0 }; carriedCell = carriedCell.map { _ in 0 } }
                continue
            }
            let dh = (0..<hiddenCount).map { outputGradient[row + $0] + carried[$0] }  // dh_t = dy_t + (from t+1)
            for j in 0..<hiddenCount { hiddenGradient[row + j] = dh[j] }
            let step = stepBackward(t: t, position: position, dh: dh, laterCell: carriedCell)
            if kind == .lstm {
                for j in 0..<hiddenCount {
                    cellGradient[row + j] = step.cell[j]
                    if layerNorm {
                        cellGainGradient[j] += step.shown[j] * cache.cellNormalized[row + j]
                        cellShiftGradient[j] += step.shown[j]
                    }
                }
            }
            for k in 0..<width {
                gateGradient[a + k] = step.inputTerm[k]
                inputBiasGradient[k] += step.inputTerm[k]
                recurrentBiasGradient[k] += step.recurrentTerm[k]
                if layerNorm {
                    inputGainGradient[k] += step.inputTerm[k] * cache.inputNormalized[a + k]
                    inputShiftGradient[k] += step.inputTerm[k]
                    recurrentGainGradient[k] += step.recurrentTerm[k] * cache.recurrentNormalized[a + k]
                    recurrentShiftGradient[k] += step.recurrentTerm[k]
                }
            }
            // dW_ih += du x_tᵀ, dx_t += W_ihᵀ du, dW_hh += dv h̃_{t−1}ᵀ
            let source = direction == .forward ? t - 1 : t + 1
            let hPrev = position == 0 ? trace.initialHidden : Array(hidden[(source * hiddenCount)..<((source + 1) * hiddenCount)])
            let seen = recurrentMask.map { zip(hPrev, $0).map { $0 * $1 } } ?? hPrev
            // (through pointers: indexing the arrays checked bounds and uniqueness every time)
            input.values.withUnsafeBufferPointer { x in
            inputWeight.withUnsafeBufferPointer { weight in
            inputWeightGradient.withUnsafeMutableBufferPointer { dW in
            inputGradient.withUnsafeMutableBufferPointer { dx in
            recurrentWeightGradient.withUnsafeMutableBufferPointer { dWhh in
                let xt = x.baseAddress! + t * columns, dxt = dx.baseAddress! + t * columns
                for k in 0..<width {
                    let du = step.du[k], dv = step.dv[k]
                    let dWk = dW.baseAddress! + k * columns, weightRow = weight.baseAddress! + k * columns
                    for m in 0..<columns {
                        dWk[m] += du * xt[m]
                        dxt[m] += weightRow[m] * du
                    }
                    let dWhhk = dWhh.baseAddress! + k * hiddenCount
                    for m in 0..<hiddenCount { dWhhk[m] += dv * seen[m] }
                }
            }}}}}
            if stepJacobianNorms {
                // Row j of ∂h_t/∂h_{t−1} is the step's dh_{t−1} for dh_t = e_j (c_{t−1} held fixed).
                var jacobian = [Double](repeating: 0, count: hiddenCount * hiddenCount)
                let noCell = [Double](repeating: 0, count: kind == .lstm ? hiddenCount : 0)
                for j in 0..<hiddenCount {
                    var unit = [Double](repeating: 0, count: hiddenCount)
                    unit[j] = 1
                    let rowOfJacobian = stepBackward(t: t, position: position, dh: unit, laterCell: noCell).previousHidden
                    for k in 0..<hiddenCount { jacobian[j * hiddenCount + k] = rowOfJacobian[k] }
                }
                norms[t] = meter.norm(of: jacobian, hiddenSize: hiddenCount)
            }
            carried = step.previousHidden
            carriedCell = step.previousCell
            if cuts { carried = carried.map { _ in 0 }; carriedCell = carriedCell.map { _ in 0 } }
        }
        func add(_ values: [Double], to name: String) {
            guard let index = gradients.index(of: name) else { return }
            for k in values.indices { gradients[index: index].values[k] += values[k] }
        }
        add(inputWeightGradient, to: Self.parameterName("weight_ih", layer: layer, direction: direction))
        add(recurrentWeightGradient, to: Self.parameterName("weight_hh", layer: layer, direction: direction))
        add(inputBiasGradient, to: Self.parameterName("bias_ih", layer: layer, direction: direction))
        add(recurrentBiasGradient, to: Self.parameterName("bias_hh", layer: layer, direction: direction))
        if layerNorm {
            add(inputGainGradient, to: LayerNorm.parameterName("ih", "weight", layer: layer, direction: direction))
            add(inputShiftGradient, to: LayerNorm.parameterName("ih", "bias", layer: layer, direction: direction))
            add(recurrentGainGradient, to: LayerNorm.parameterName("hh", "weight", layer: layer, direction: direction))
            add(recurrentShiftGradient, to: LayerNorm.parameterName("hh", "bias", layer: layer, direction: direction))
            if kind == .lstm {
                add(cellGainGradient, to: LayerNorm.parameterName("c", "weight", layer: layer, direction: direction))
                add(cellShiftGradient, to: LayerNorm.parameterName("c", "bias", layer: layer, direction: direction))
            }
        }
        trace.hiddenGradient = Matrix(rows: steps, columns: hiddenCount, values: hiddenGradient)
        trace.cellGradient = kind == .lstm ? Matrix(rows: steps, columns: hiddenCount, values: cellGradient) : nil
        trace.gateGradients = Matrix(rows: steps, columns: width, values: gateGradient)
        trace.stepJacobianNorms = stepJacobianNorms ? norms : nil
        return (carried, carriedCell)
    }
}
