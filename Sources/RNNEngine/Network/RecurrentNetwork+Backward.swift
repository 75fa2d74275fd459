/// Gradients of a loss with respect to everything a forward pass depended on.
public struct Gradients: Equatable, Sendable {
    /// dL/d(parameter) for every parameter, same names, shapes and order as the network's.
    public var parameters: ParameterSet
    /// dL/dx, T × inputSize (for one-hot input: with respect to the one-hot vectors);
    /// all zeros when the input gradient was not requested.
    public var input: Matrix
    /// dL/dh0, (L·D) × H.
    public var initialHidden: Matrix
    /// dL/dc0 (LSTM; `nil` otherwise).
    public var initialCell: Matrix?
}

/// Choices for backward through time.
public struct BackwardOptions: Equatable, Sendable {
    /// Truncated BPTT window k: the forward pass carries the state over the whole sequence,
    /// but no gradient flows from a window's first step into the previous window. Windows
    /// are counted in each direction's processing order from its first step. `nil`: full BPTT.
    public var truncation: Int?
    /// Whether to compute ‖∂h_t/∂h_{t−1}‖₂ per step into the trace (costs O(H³) per step).
    public var stepJacobianNorms: Bool
    /// With ``stepJacobianNorms``, the one layer to compute them in, nil for every layer:
    /// the others leave them out, and their cost.
    public var stepJacobianLayer: Int?
    /// With ``stepJacobianNorms``, the one direction to compute them in, nil for both.
    public var stepJacobianDirection: Direction?
    /// Whether to compute dL/dx for the network input (layer 0).
    public var inputGradient: Bool
    /// Whether to compute the parameter gradients. Without them (the returned ones are
    /// zero) the pass only adds `dh`, `dc` and the gate gradients to the trace, which is what
    /// `grad` shows; the weight gradients of a large model cost as much as the time loop.
    /// Layer norm and dropout passes compute them regardless.
    public var parameterGradients: Bool

    /// Creates options; by default full BPTT, no Jacobian norms, with the input and parameter gradients.
    public init(truncation: Int? = nil, stepJacobianNorms: Bool = false, inputGradient: Bool = true, parameterGradients: Bool = true) {
        self.truncation = truncation
        self.stepJacobianNorms = stepJacobianNorms
        self.inputGradient = inputGradient
        self.parameterGradients = parameterGradients
    }
}

extension BackwardOptions {
    /// Whether the step Jacobian norms are computed in this layer and direction.
    func measuresStepJacobians(layer: Int, direction: Direction) -> Bool {
        stepJacobianNorms && (stepJacobianLayer ?? layer) == layer && (stepJacobianDirection ?? direction) == direction
    }
}

extension RecurrentNetwork {
    /// Back-propagates through time and adds `dh`, `dc`, gate gradients and (optionally) step
    /// Jacobian norms to `pass.trace`.
    ///
    /// - Parameters:
    ///   - pass: the forward pass of this network (its trace is extended).
    ///   - outputGradient: T × D·H, dL/d(output).
    ///   - finalHiddenGradient: (L·D) × H, dL/dh_n; zeros when `nil`.
    ///   - finalCellGradient: (L·D) × H, dL/dc_n (LSTM); zeros when `nil`.
    public func backward(
        _ pass: inout ForwardPass, outputGradient: Matrix, finalHiddenGradient: Matrix? = nil,
        finalCellGradient: Matrix? = nil, options: BackwardOptions = BackwardOptions(), shouldStop: ShouldStop? = nil
    ) throws -> Gradients {
        let steps = pass.output.rows, stateRows = numLayers * directionCount
        guard pass.trace.kind == kind, pass.trace.directions.count == stateRows, pass.input.inputSize == inputSize,
              pass.trace.directions.allSatisfy({ $0.hiddenSize == hiddenSize }) else {
            throw NetworkError("this forward pass was made by a different network")
        }
        guard outputGradient.rows == steps, outputGradient.columns == outputSize else {
            throw NetworkError("output gradient has shape (\(outputGradient.rows), \(outputGradient.columns)), expected (\(steps), \(outputSize))")
        }
        for (name, matrix) in [("dh_n", finalHiddenGradient), ("dc_n", finalCellGradient)] {
            if let matrix, matrix.rows != stateRows || matrix.columns != hiddenSize {
                throw NetworkError("\(name) has shape (\(matrix.rows), \(matrix.columns)), expected (\(stateRows), \(hiddenSize))")
            }
        }
        if let k = options.truncation, k < 1 { throw NetworkError("the truncation window must be at least 1 step, got \(k)") }
        if let cache = pass.regularization {
            return try regularizedBackward(&pass, cache: cache, outputGradient: outputGradient, finalHiddenGradient: finalHiddenGradient,
                                           finalCellGradient: finalCellGradient, options: options, shouldStop: shouldStop)
        }
        var gradients = Gradients(
            parameters: parameters.zeros, input: Matrix(rows: steps, columns: inputSize),
            initialHidden: Matrix(rows: stateRows, columns: hiddenSize),
            initialCell: kind == .lstm ? Matrix(rows: stateRows, columns: hiddenSize) : nil)
        let rows = kind.gateCount * hiddenSize
        let mask = pass.trace.directions.first?.mask ?? []
        var upstream = outputGradient  // dL/d(layer output), T × D·H
        for layer in stride(from: numLayers - 1, through: 0, by: -1) {
            let layerInput: InputSequence = layer == 0 ? pass.input : .dense(pass.hiddenLayerInputs[layer - 1])
            let inputWidth = layerInputSize(layer)
            let needInputGradient = layer > 0 || options.inputGradient
            var inputGradient = Matrix(rows: needInputGradient ? steps : 0, columns: inputWidth)
            for direction in directions {
                let base = parameterBase(layer: layer, direction: direction)
                let stateRow = layer * directionCount + direction.rawValue
                var directionGradient = [Double](repeating: 0, count: steps * hiddenSize)
                for t in 0..<steps where mask[t] {
                    for j in 0..<hiddenSize {
                        directionGradient[t * hiddenSize + j] = upstream.values[t * outputSize + direction.rawValue * hiddenSize + j]
                    }
                }
                let cellInput = CellBackwardInput(
                    outputGradient: directionGradient,
                    finalHiddenGradient: finalHiddenGradient?.row(stateRow) ?? [Double](repeating: 0, count: hiddenSize),
                    finalCellGradient: kind == .lstm ? (finalCellGradient?.row(stateRow) ?? [Double](repeating: 0, count: hiddenSize)) : [],
                    recurrentWeight: parameters[index: base + 1].values,
                    keptRecurrentWeight: isSmallRecurrentWeight(entries: parameters[index: base + 1].count) ? nil : keptRecurrentOperand(at: base + 1),
                    truncation: options.truncation, stepJacobianNorms: options.measuresStepJacobians(layer: layer, direction: direction),
                    parameterGradients: options.parameterGradients, shouldStop: shouldStop)
                var trace = pass.trace.directions[stateRow]
                var weightGradient = gradients.parameters[index: base + 1].values
                var biasGradient = gradients.parameters[index: base + 3].values
                gradients.parameters[index: base + 1].values = []
                gradients.parameters[index: base + 3].values = []
                let result: CellBackwardResult
                switch kind {
                case .rnn:
                    result = try RNNCell.backward(&trace, cellInput, nonlinearity: nonlinearity,
                                              recurrentWeightGradient: &weightGradient, recurrentBiasGradient: &biasGradient)
                case .lstm:
                    result = try LSTMCell.backward(&trace, cellInput, recurrentWeightGradient: &weightGradient, recurrentBiasGradient: &biasGradient)
                case .gru:
                    result = try GRUCell.backward(&trace, cellInput, recurrentWeightGradient: &weightGradient, recurrentBiasGradient: &biasGradient)
                }
                gradients.parameters[index: base + 1].values = weightGradient
                gradients.parameters[index: base + 3].values = biasGradient
                gradients.initialHidden.setRow(stateRow, to: result.initialHiddenGradient)
                if kind == .lstm { gradients.initialCell?.setRow(stateRow, to: result.initialCellGradient) }
                // The input side: d(W_ih x_t + b_ih) is the gate-input gradient of step t.
                let gateGradients = trace.gateGradients!.values
                var inputWeightGradient = gradients.parameters[index: base].values
                var inputBiasGradient = gradients.parameters[index: base + 2].values
                gradients.parameters[index: base].values = []
                gradients.parameters[index: base + 2].values = []
                Self.accumulateInputGradients(
                    layerInput, gateGradients: gateGradients, rows: rows, mask: mask,
                    weight: parameters[index: base].values, weightGradient: &inputWeightGradient,
                    biasGradient: &inputBiasGradient, computeWeightGradients: options.parameterGradients,
                    computeInputGradient: needInputGradient, inputGradient: &inputGradient.values)
                gradients.parameters[index: base].values = inputWeightGradient
                gradients.parameters[index: base + 2].values = inputBiasGradient
                pass.trace.directions[stateRow] = trace
            }
            if layer == 0 {
                if options.inputGradient { gradients.input = inputGradient }
            } else {
                upstream = inputGradient
            }
        }
        return gradients
    }

    /// `dW_ih += Σ_t da_t x_tᵀ` and `db_ih += Σ_t da_t` (when `computeWeightGradients`), and
    /// `dx_t += W_ihᵀ da_t` (when `computeInputGradient`).
    ///
    /// For dense input the weight gradient is one product over the whole sequence
    /// (``Kernels/addTransposedProduct(_:_:inner:rows:columns:into:)``), so `dW_ih` is read
    /// and written once; for one-hot input each step adds `da_t` to one column.
    static func accumulateInputGradients(
        _ input: InputSequence, gateGradients: [Double], rows: Int, mask: [Bool], weight: [Double],
        weightGradient: inout [Double], biasGradient: inout [Double], computeWeightGradients: Bool = true,
        computeInputGradient: Bool, inputGradient: inout [Double]
    ) {
        let columns = input.inputSize, steps = mask.count
        guard steps > 0 else { return }
        gateGradients.withUnsafeBufferPointer { da in
            if computeWeightGradients {
                weightGradient.withUnsafeMutableBufferPointer { dW in
                    switch input {
                    case .oneHot(let indices, _):
                        for t in 0..<steps where mask[t] {
                            Kernels.addToColumn(da.baseAddress! + t * rows, rows: rows, columns: columns, column: indices[t], into: dW.baseAddress!)
                        }
                    case .dense(let matrix):
                        // Masked steps have zero rows in da and add nothing.
                        matrix.values.withUnsafeBufferPointer { x in
                            Kernels.addTransposedProduct(da.baseAddress!, x.baseAddress!, inner: steps, rows: rows, columns: columns,
                                                         into: dW.baseAddress!)
                        }
                    }
                }
                biasGradient.withUnsafeMutableBufferPointer { db in
                    for t in 0..<steps where mask[t] {
                        for j in 0..<rows { db[j] += da[t * rows + j] }
                    }
                }
            }
            if computeInputGradient {
                weight.withUnsafeBufferPointer { weight in
                    inputGradient.withUnsafeMutableBufferPointer { dx in
                        for t in 0..<steps where mask[t] {
                            Kernels.gemvTransposed(weight.baseAddress!, rows: rows, columns: columns, da.baseAddress! + t * rows,
                                                   into: dx.baseAddress! + t * columns)
                        }
                    }
                }
            }
        }
    }
}
