import RNNEngine

/// The numbers of one quantity for one layer and direction: a `T × columns` matrix with
/// a name, an optional group and a facet key per column.
struct QuantityValues: Sendable {
    /// One column of values over time.
    struct Column: Sendable {
        /// The header, e.g. `f[1]`.
        var name: String
        /// The group header, e.g. `f forget`, for `show gates`.
        var group: String?
        /// The quantity the column belongs to (`f` inside `gates`).
        var quantity: String
        /// The unit (or row of the stacked gates for `pre`); nil for a per-step scalar.
        var unit: Int?
    }

    /// The columns, left to right.
    var columns: [Column]
    /// `T × columns.count`, one row per step.
    var matrix: Matrix
    /// The steps at which the quantity has no value: padding steps (`feed --mask`) of a gate
    /// or a pre-activation, which no cell computed (their rows of ``matrix`` hold 0, which
    /// is no value of theirs). Views mark them, checks leave them out.
    var absentSteps: Set<Int> = []
    /// The padding steps (`feed --mask`), whatever the quantity: where x was fed but not
    /// read, and where h and c are carried through. Holds ``absentSteps``.
    var paddingSteps: Set<Int> = []

    /// The values of column `index` at `steps`.
    func column(_ index: Int, steps: Range<Int>) -> [Double] {
        steps.map { matrix[$0, index] }
    }

    /// The positions within `steps` (counted from its start) at which the quantity has no
    /// value, as ``Series/absent`` takes them.
    func absentPositions(in steps: Range<Int>) -> Set<Int> {
        Set(steps.enumerated().filter { absentSteps.contains($0.element) }.map(\.offset))
    }
}

extension QuantityValues {
    /// The largest hidden size whose step Jacobian norms are computed (H³ work per step):
    /// at 256 units, 100 steps of one layer and direction take seconds.
    static let largestJacobian = 256

    /// Reads `quantity` for one layer and direction out of a model's forward pass;
    /// `shouldStop` (Ctrl-C) is asked while the Jacobian norms are computed.
    static func read(
        _ quantity: Quantity, pass: ForwardPass, network: RecurrentNetwork, model: String,
        layer: Int, direction: Direction, shouldStop: ShouldStop? = nil
    ) throws(LabError) -> QuantityValues {
        try network.requireLayer(layer, direction: direction, model: model)
        guard let trace = pass.trace.direction(layer: layer, direction: direction) else {
            throw LabError("\(model) has no trace for layer \(layer) \(direction.name)")
        }
        var values = try unmarked(quantity, trace: trace, pass: pass, network: network, model: model, layer: layer,
                                  direction: direction, shouldStop: shouldStop)
        values.paddingSteps = Set(trace.mask.indices.filter { !trace.mask[$0] })
        if !quantity.hasValueAtPadding { values.absentSteps = values.paddingSteps }
        return values
    }

    /// The values of `quantity` in `trace`, padding steps not yet marked.
    private static func unmarked(
        _ quantity: Quantity, trace: DirectionTrace, pass: ForwardPass, network: RecurrentNetwork, model: String,
        layer: Int, direction: Direction, shouldStop: ShouldStop?
    ) throws(LabError) -> QuantityValues {
        let kind = network.kind
        let units = 0..<network.hiddenSize
        func perUnit(_ symbol: String, group: String? = nil) -> [Column] {
            units.map { Column(name: "\(symbol)[\($0)]", group: group, quantity: symbol, unit: $0) }
        }
        func needGradient(_ matrix: Matrix?) throws(LabError) -> Matrix {
            guard let matrix else {
                throw LabError("no gradients yet — run `grad` first (backward through time on the current input)")
            }
            return matrix
        }
        func rowNorms(_ matrix: Matrix) -> Matrix {
            Matrix(rows: matrix.rows, columns: 1, values: (0..<matrix.rows).map { VectorMath.norm(matrix.row($0)) })!
        }
        let gateSymbols = kind == .rnn ? [] : kind.gateSymbols
        switch quantity {
        case .input:
            // the network's input, one column per feature (one-hot for text), padding included
            let x = pass.input.denseMatrix
            let columns = (0..<x.columns).map { Column(name: "x[\($0)]", group: nil, quantity: "x", unit: $0) }
            return QuantityValues(columns: columns, matrix: x)
        case .hidden:
            return QuantityValues(columns: perUnit("h"), matrix: trace.hiddenState)
        case .cell:
            return QuantityValues(columns: perUnit("c"), matrix: trace.cellState)
        case .gate(let gate):
            guard let series = trace.series(gate) else { throw LabError("\(model) has no gate \(gate.symbol)") }
            return QuantityValues(columns: perUnit(gate.symbol), matrix: series)
        case .gates:
            let columns = gateSymbols.flatMap { symbol in
                perUnit(symbol, group: symbol + " " + Quantity.gateWord(TraceQuantity(symbol: symbol)!))
            }
            return QuantityValues(columns: columns, matrix: trace.gates)
        case .preactivations:
            if kind == .rnn {
                return QuantityValues(columns: units.map { Column(name: "pre[\($0)]", group: nil, quantity: "pre", unit: $0) },
                                      matrix: trace.preactivations)
            }
            var columns: [Column] = []
            for (block, symbol) in gateSymbols.enumerated() {
                for unit in units {
                    columns.append(Column(name: "\(symbol)[\(unit)]", group: "pre " + symbol, quantity: "pre",
                                          unit: block * network.hiddenSize + unit))
                }
            }
            return QuantityValues(columns: columns, matrix: trace.preactivations)
        case .hiddenGradient:
            return QuantityValues(columns: perUnit("dh"), matrix: try needGradient(trace.hiddenGradient))
        case .cellGradient:
            return QuantityValues(columns: perUnit("dc"), matrix: try needGradient(trace.cellGradient))
        case .gradientNorm:
            return QuantityValues(columns: [Column(name: "‖dL/dh_t‖", group: nil, quantity: "grad-norm", unit: nil)],
                                  matrix: rowNorms(try needGradient(trace.hiddenGradient)))
        case .cellGradientNorm:
            return QuantityValues(columns: [Column(name: "‖dL/dc_t‖", group: nil, quantity: "cell-grad-norm", unit: nil)],
                                  matrix: rowNorms(try needGradient(trace.cellGradient)))
        case .jacobian:
            let norms = try jacobianNorms(pass: pass, network: network, layer: layer, direction: direction, shouldStop: shouldStop)
            return QuantityValues(columns: [Column(name: Quantity.jacobian.title(in: direction), group: nil, quantity: "jacobian", unit: nil)],
                                  matrix: Matrix(rows: norms.count, columns: 1, values: norms)!)
        case .output:
            // a bidirectional output is [forward h, reverse h]: grouped so the halves show
            let hidden = network.hiddenSize
            let columns = (0..<network.outputSize).map { index in
                Column(name: "y[\(index)]", group: network.bidirectional ? (index < hidden ? "forward h" : "reverse h") : nil,
                       quantity: "output", unit: index)
            }
            return QuantityValues(columns: columns, matrix: pass.output)
        case .weights:
            throw LabError("weights are not a series over time; `show weights` draws them as heat maps")
        }
    }

    /// The backward pass that measures the step Jacobian norms of one layer and direction
    /// only: the others, not shown, would cost as much each.
    static func jacobianOptions(layer: Int, direction: Direction) -> BackwardOptions {
        var options = BackwardOptions(stepJacobianNorms: true, inputGradient: false, parameterGradients: false)
        options.stepJacobianLayer = layer
        options.stepJacobianDirection = direction
        return options
    }

    /// ‖∂h_t/∂h_{t−1}‖₂ per step (∂h_t/∂h_{t+1} in the reverse direction, whose step reads
    /// h_{t+1}), measured in a backward pass of a zero loss (the Jacobian
    /// does not depend on the loss; `grad` leaves it out, as it does not show it).
    static func jacobianNorms(
        pass: ForwardPass, network: RecurrentNetwork, layer: Int, direction: Direction, shouldStop: ShouldStop? = nil
    ) throws(LabError) -> [Double] {
        if let norms = pass.trace.direction(layer: layer, direction: direction)?.stepJacobianNorms { return norms }
        guard network.hiddenSize <= largestJacobian else {
            throw LabError("jacobian: a norm of an H×H Jacobian costs H³ per step; the lab computes it up to H = \(largestJacobian), this model has \(network.hiddenSize)")
        }
        var copy = pass
        do {
            _ = try network.backward(&copy, outputGradient: Matrix(rows: pass.output.rows, columns: network.outputSize),
                                     options: jacobianOptions(layer: layer, direction: direction),
                                     shouldStop: shouldStop)
        } catch let error as NetworkError where error == .stopped {
            throw .interrupted
        } catch {
            throw LabError("jacobian: \(error)")
        }
        guard let norms = copy.trace.direction(layer: layer, direction: direction)?.stepJacobianNorms else {
            throw LabError("jacobian: the backward pass of \(network.kind.rawValue) gave no step Jacobian norms; run `grad` first")
        }
        return norms
    }
}
