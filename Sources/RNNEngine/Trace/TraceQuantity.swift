/// A named per-step quantity of a trace, with the symbol the fixtures and lessons use.
public enum TraceQuantity: String, Sendable, CaseIterable {
    /// LSTM input gate `i = σ(W_ii x + b_ii + W_hi h + b_hi)`.
    case inputGate = "i"
    /// LSTM forget gate `f`.
    case forgetGate = "f"
    /// LSTM cell candidate `g = tanh(...)`.
    case cellCandidate = "g"
    /// LSTM output gate `o`.
    case outputGate = "o"
    /// LSTM cell state `c_t = f ⊙ c_{t-1} + i ⊙ g`.
    case cellState = "c"
    /// The hidden state `h_t` (every kind).
    case hiddenState = "h"
    /// GRU reset gate `r`.
    case resetGate = "r"
    /// GRU update gate `z`.
    case updateGate = "z"
    /// GRU new gate `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`.
    case newGate = "n"
    /// All gate pre-activations of the step, stacked in the weight-row order (G·H values).
    ///
    /// For the RNN this is `W_ih x + b_ih + W_hh h + b_hh`; for the GRU's n block it is
    /// `W_in x + b_in + r ⊙ (W_hn h + b_hn)`.
    case preactivations = "pre"
    /// GRU only: `W_hn h_{t-1} + b_hn`, the recurrent part of n before the reset gate.
    case recurrentNewGate = "hn"
    /// Total dL/dh_t, through the output at t and through later steps (after backward).
    case hiddenGradient = "dh"
    /// LSTM: total dL/dc_t (after backward).
    case cellGradient = "dc"
    /// Gradients of the loss with respect to the gate inputs (G·H values, after backward).
    ///
    /// Equal to dL/d(pre-activation) for every block except the GRU's n block, where it is
    /// dL/d(W_in x + b_in), the same value since n's pre-activation is linear in it.
    case gateGradients = "dgates"
    /// ‖∂h_t/∂h_{t−1}‖₂, one value per step (after backward with step Jacobian norms).
    case stepJacobianNorm = "jacobian_norm"

    /// Whether a trace of `kind` holds this quantity.
    public func applies(to kind: CellKind) -> Bool {
        switch self {
        case .inputGate, .forgetGate, .cellCandidate, .outputGate, .cellState, .cellGradient: return kind == .lstm
        case .resetGate, .updateGate, .newGate, .recurrentNewGate: return kind == .gru
        case .hiddenState, .preactivations, .hiddenGradient, .gateGradients, .stepJacobianNorm: return true
        }
    }

    /// Whether the quantity has a value at a masked (padding) step. The cell does not run
    /// there: no gate, pre-activation or gate gradient is computed (their rows hold 0), while
    /// h and c pass through unchanged and have values and gradients as at any step.
    public var existsAtPadding: Bool {
        switch self {
        case .cellState, .hiddenState, .hiddenGradient, .cellGradient, .stepJacobianNorm: return true
        case .inputGate, .forgetGate, .cellCandidate, .outputGate, .resetGate, .updateGate, .newGate,
             .preactivations, .recurrentNewGate, .gateGradients: return false
        }
    }

    /// The quantity with a fixture symbol (`"f"`, `"dh"`, ...), if any.
    public init?(symbol: String) { self.init(rawValue: symbol) }

    /// The symbol (`"f"`, `"dh"`, ...).
    public var symbol: String { rawValue }
}
