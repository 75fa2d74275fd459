/// What the forward pass of a network with layer norm or dropout keeps for its backward pass.
struct RegularizedPassCache: Equatable, Sendable {
    /// One layer and direction's normalized values and deviations (empty without layer norm).
    struct DirectionCache: Equatable, Sendable {
        /// T × G·H, `W_ih x_t` normalized per gate block (before gain and bias).
        var inputNormalized: [Double] = []
        /// T × G, `√(σ² + ε)` of each gate block of `W_ih x_t`.
        var inputDeviation: [Double] = []
        /// T × G·H, `W_hh h_{t−1}` normalized per gate block.
        var recurrentNormalized: [Double] = []
        /// T × G, the deviations of `W_hh h_{t−1}`.
        var recurrentDeviation: [Double] = []
        /// T × H, the LSTM cell state normalized (before gain and bias).
        var cellNormalized: [Double] = []
        /// T, the deviation of each step's cell state.
        var cellDeviation: [Double] = []
        /// T × G·H, `LN_hh(W_hh h_{t−1}) + b_hh` (the GRU's reset gate multiplies its n block).
        var recurrentTerm: [Double] = []
    }

    /// Row `layer · D + direction`.
    var directions: [DirectionCache]
    /// Each layer's input as the layer read it (after dropout), T × I_l.
    var layerInputs: [Matrix]
    /// The masks this pass used (empty when it used none).
    var masks: DropoutMasks
}
