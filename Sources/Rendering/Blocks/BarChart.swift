/// Horizontal bars for comparing a few values, labels aligned and values printed.
///
/// ```swift
/// let ratio = BarChart(
///     title: "gradient norm ratio, first/last step",
///     bars: [BarChart.Bar("rnn tanh", 3.1e-9), BarChart.Bar("lstm", 0.042)],
///     logScale: true)
/// ```
public struct BarChart: Sendable, Equatable {
    /// One bar.
    public struct Bar: Sendable, Equatable {
        /// The label left of the bar.
        public var label: String
        /// The value; negative values grow left of a zero line.
        public var value: Double

        /// Creates a bar.
        public init(_ label: String, _ value: Double) {
            self.label = label
            self.value = value
        }
    }

    /// A title above the chart.
    public var title: String?
    /// The bars, top to bottom.
    public var bars: [Bar]
    /// Bar lengths proportional to log10 of the value (positive values only).
    public var logScale: Bool
    /// A unit printed after each value, e.g. `params`.
    public var unit: String
    /// Whether the values are counts, written with their thousands grouped (`4,416 params`)
    /// when they are whole.
    public var isCount: Bool

    /// Creates a bar chart.
    public init(title: String? = nil, bars: [Bar], logScale: Bool = false, unit: String = "", isCount: Bool = false) {
        self.title = title
        self.bars = bars
        self.logScale = logScale
        self.unit = unit
        self.isCount = isCount
    }
}
