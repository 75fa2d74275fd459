/// Everything one layer and direction computed, stored contiguously: one `T × width`
/// matrix per quantity, rows in time order (also for the reverse direction).
public struct DirectionTrace: Equatable, Sendable {
    /// The cell kind.
    public let kind: CellKind
    /// The layer index, from 0 at the input.
    public let layer: Int
    /// The direction.
    public let direction: Direction
    /// H.
    public let hiddenSize: Int
    /// Whether each step was processed (`false`: padded step, the state passed through).
    public let mask: [Bool]
    /// h_0 of this layer and direction.
    public let initialHidden: [Double]
    /// c_0 (LSTM; empty otherwise).
    public let initialCell: [Double]
    /// T × G·H gate pre-activations (zero at masked steps).
    public internal(set) var preactivations: Matrix
    /// T × G·H activated gates (LSTM i f g o, GRU r z n; empty 0 × 0 for the RNN, whose value is h).
    public internal(set) var gates: Matrix
    /// T × H cell state (LSTM; 0 × 0 otherwise).
    public internal(set) var cellState: Matrix
    /// T × H hidden state.
    public internal(set) var hiddenState: Matrix
    /// T × H `W_hn h_{t-1} + b_hn` (GRU; 0 × 0 otherwise).
    public internal(set) var recurrentNewGate: Matrix
    /// T × H total dL/dh_t, once backward has run.
    public internal(set) var hiddenGradient: Matrix?
    /// T × H total dL/dc_t (LSTM), once backward has run.
    public internal(set) var cellGradient: Matrix?
    /// T × G·H gradients of the gate inputs, once backward has run.
    public internal(set) var gateGradients: Matrix?
    /// ‖∂h_t/∂h_{t−1}‖₂ per step (1 at masked steps), when backward was asked for them.
    public internal(set) var stepJacobianNorms: [Double]?

    /// T, the number of steps.
    public var steps: Int { mask.count }

    /// The values of `quantity` at time step `step`, or `nil` if this trace does not hold it.
    public func value(_ quantity: TraceQuantity, step: Int) -> [Double]? {
        guard step >= 0, step < steps, quantity.applies(to: kind) else { return nil }
        let h = hiddenSize
        func gate(_ block: Int) -> [Double] { Array(gates.values[(step * gates.columns + block * h)..<(step * gates.columns + (block + 1) * h)]) }
        switch quantity {
        case .inputGate, .resetGate: return gate(0)
        case .forgetGate, .updateGate: return gate(1)
        case .cellCandidate, .newGate: return gate(2)
        case .outputGate: return gate(3)
        case .cellState: return cellState.row(step)
        case .hiddenState: return hiddenState.row(step)
        case .preactivations: return preactivations.row(step)
        case .recurrentNewGate: return recurrentNewGate.row(step)
        case .hiddenGradient: return hiddenGradient?.row(step)
        case .cellGradient: return cellGradient?.row(step)
        case .gateGradients: return gateGradients?.row(step)
        case .stepJacobianNorm: return stepJacobianNorms.map { [$0[step]] }
        }
    }

    /// The whole `T × width` series of `quantity`, or `nil` if this trace does not hold it.
    public func series(_ quantity: TraceQuantity) -> Matrix? {
        guard quantity.applies(to: kind) else { return nil }
        switch quantity {
        case .hiddenState: return hiddenState
        case .cellState: return cellState
        case .preactivations: return preactivations
        case .recurrentNewGate: return recurrentNewGate
        case .hiddenGradient: return hiddenGradient
        case .cellGradient: return cellGradient
        case .gateGradients: return gateGradients
        case .stepJacobianNorm: return stepJacobianNorms.map { Matrix(rows: $0.count, columns: 1, values: $0)! }
        default:
            var result = Matrix(rows: steps, columns: hiddenSize)
            for t in 0..<steps { result.setRow(t, to: value(quantity, step: t)!) }
            return result
        }
    }
}
