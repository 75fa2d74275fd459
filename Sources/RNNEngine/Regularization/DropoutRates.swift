/// The dropout probabilities of a network in train mode; each is in [0, 1), 0 meaning none.
public struct DropoutRates: Equatable, Sendable {
    /// PyTorch's `dropout` argument: each layer's output except the last layer's, per step and unit.
    public var between: Double
    /// Dropout of the network input x_t, per step and feature.
    public var input: Double
    /// Variational dropout of h_{t−1} where it enters `W_hh`: one mask per sequence, layer and
    /// direction, the same at every step (Gal & Ghahramani 2016).
    public var recurrent: Double

    /// Creates rates; all zero by default (no dropout).
    public init(between: Double = 0, input: Double = 0, recurrent: Double = 0) {
        self.between = between
        self.input = input
        self.recurrent = recurrent
    }

    /// Whether every rate is zero.
    public var isNone: Bool { between == 0 && input == 0 && recurrent == 0 }

    /// Throws unless every rate is in [0, 1).
    public func validate() throws {
        for (name, rate) in [("dropout", between), ("input dropout", input), ("recurrent dropout", recurrent)] {
            guard rate >= 0, rate < 1 else {
                throw NetworkError("\(name) must be at least 0 and below 1, got \(rate)")
            }
        }
    }
}
