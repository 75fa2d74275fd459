/// A labelled run of numbers, such as one unit's value at every timestep.
public struct Series: Sendable, Equatable {
    /// The name shown beside the series, e.g. `h[3]` or `tanh`.
    public var label: String
    /// The values in order; NaN and infinities are allowed and drawn as distinct marks.
    public var values: [Double]

    /// Creates a series.
    public init(label: String, values: [Double]) {
        self.label = label
        self.values = values
    }
}
