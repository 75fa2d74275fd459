/// A labelled run of numbers, such as one unit's value at every timestep.
public struct Series: Sendable, Equatable {
    /// The name shown beside the series, e.g. `h[3]` or `tanh`.
    public var label: String
    /// The values in order; NaN and infinities are allowed and drawn as distinct marks.
    public var values: [Double]
    /// The positions that have no value (a gate at a padding step): drawn as a gap, left out
    /// of every range and statistic, exported as `null` (an empty CSV field). Their entries
    /// in ``values`` are ignored.
    public var absent: Set<Int>

    /// Creates a series.
    public init(label: String, values: [Double], absent: Set<Int> = []) {
        self.label = label
        self.values = values
        self.absent = absent
    }

    /// The values at the positions that have one.
    public var presentValues: [Double] {
        absent.isEmpty ? values : values.indices.filter { !absent.contains($0) }.map { values[$0] }
    }
}
