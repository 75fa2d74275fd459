/// How the bench counts floating-point operations: the matrix products the model needs,
/// two operations (a multiply and an add) per multiply–accumulate.
///
/// A matrix–vector product with an `m × n` matrix counts `2·m·n`; an outer-product update
/// of an `m × n` gradient counts `2·m·n` as well. Elementwise gate arithmetic, activations,
/// softmax, clipping and the optimizer are not counted (they are O(H) or O(parameters) per
/// step, not O(H²)), so the GFLOP/s figure is a lower bound on the arithmetic done. A one-hot
/// input is a column gather and counts nothing. `tools/bench_torch.py` uses the same
/// formulas, so the two tools' GFLOP/s compare like their times.
enum FlopCount {
    /// Forward over T steps: `W_ih x_t` and `W_hh h_{t−1}` with G·H rows each.
    static func forward(gates: Int, input: Int, hidden: Int, steps: Int) -> Double {
        2 * Double(steps) * Double(gates * hidden) * Double(input + hidden)
    }

    /// Backward over T steps without the input gradient: `dW_hh += da h_{t−1}ᵀ`,
    /// `dh_{t−1} = W_hhᵀ da` and `dW_ih += da x_tᵀ` (the last only for dense input).
    static func backward(gates: Int, input: Int, hidden: Int, steps: Int) -> Double {
        2 * Double(steps) * Double(gates * hidden) * Double(2 * hidden + input)
    }

    /// A linear head over T steps, forward (`V h_t`) and backward (`dV += dz h_tᵀ`, `dh_t = Vᵀ dz`).
    static func head(classes: Int, hidden: Int, steps: Int) -> Double {
        3 * 2 * Double(steps) * Double(classes * hidden)
    }
}
