/// Curves on a character canvas with a y axis, an x range and a legend.
///
/// ```swift
/// let loss = LinePlot(
///     title: "training loss",
///     series: [Series(label: "rnn", values: rnnLosses), Series(label: "lstm", values: lstmLosses)],
///     logY: true, xLabel: "epoch", firstX: 1)
/// ```
///
/// Value `i` of every series sits at x = `firstX + i * xStep`.
public struct LinePlot: Sendable, Equatable {
    /// A title above the plot.
    public var title: String?
    /// The curves; each gets its own mark (and color).
    public var series: [Series]
    /// Plots log10 of the values; zeros and negatives are left out.
    public var logY: Bool
    /// Rows of the canvas.
    public var height: Int
    /// What the x axis counts, e.g. `epoch`.
    public var xLabel: String
    /// The x of the first value.
    public var firstX: Double
    /// The x distance between consecutive values.
    public var xStep: Double
    /// Whether a cell two or more curves pass through shows the overlap mark, so that no
    /// curve hides another; false draws each curve over those before it, for a last curve
    /// that summarizes the others (a smoothed loss over the loss of each step).
    public var marksOverlaps: Bool

    /// Creates a line plot.
    public init(
        title: String? = nil, series: [Series], logY: Bool = false, height: Int = 10,
        xLabel: String = "step", firstX: Double = 0, xStep: Double = 1, marksOverlaps: Bool = true
    ) {
        self.title = title
        self.series = series
        self.logY = logY
        self.height = height
        self.xLabel = xLabel
        self.firstX = firstX
        self.xStep = xStep
        self.marksOverlaps = marksOverlaps
    }
}
