/// One sparkline per series, labels aligned, each with its minimum and maximum beside it.
///
/// ```swift
/// let norms = SparklineGroup(
///     title: "gradient norm per step",
///     series: [Series(label: "‖dL/dh‖", values: [0.3, 0.02, 1e-4, 1e-7, 1e-12])],
///     scale: .auto, indexLabel: "step")
/// ```
///
/// Marks are `▁▂▃▄▅▆▇█` with Unicode and `_,-~=+*#` in ASCII (lowest to highest); NaN is
/// `×` (`x`), +Inf `▲` (`^`), -Inf `▼` (`v`), and on a log scale zero or negative values
/// are `·` (`.`); a footer explains every special mark in use. A position with no value
/// (``Series/absent``) is a gap.
///
/// A series longer than the space available is bucketed: each mark then stands for the
/// largest value (or the mean, see ``reduction``) of a few consecutive steps, and a line
/// under the group says how many.
public struct SparklineGroup: Sendable, Equatable {
    /// How values map to the height of a mark.
    public enum Scale: Sendable, Equatable {
        /// Log scale when the positive values span more than three decades, else linear.
        case auto
        /// Heights proportional to the value.
        case linear
        /// Heights proportional to log10 of the value; zeros and negatives get their own mark.
        case log
    }

    /// How several values that share one mark are combined.
    public enum Reduction: Sendable, Equatable {
        /// The largest value (NaN or infinity wins, so they are never hidden).
        case max
        /// The mean (NaN or infinity still wins).
        case mean
    }

    /// A title above the group.
    public var title: String?
    /// The series, one sparkline each.
    public var series: [Series]
    /// Linear, log or chosen from the data.
    public var scale: Scale
    /// One range for all series (so heights compare across series) or one per series.
    public var sharedRange: Bool
    /// How values sharing one mark are combined when a series is bucketed.
    public var reduction: Reduction
    /// What one position is called, e.g. `step`.
    public var indexLabel: String
    /// The index of the first value, e.g. 1 when steps count from 1.
    public var firstIndex: Int
    /// Rows left out, by the row they stood before (the row count for after the last):
    /// `[3: 1018]` says 1018 rows lay between rows 2 and 3. Each gap is drawn as a `…` line,
    /// and a line under the rows counts them: `… 1018 more units …`, as a table counts the
    /// columns it leaves out (``Table/leftOutColumns``).
    public var leftOutRows: [Int: Int] = [:]
    /// The word for rows in the line counting those left out, e.g. `units`.
    public var rowNoun = "rows"
    /// How to see the rows left out, added to that line: `--unit K shows others`.
    public var rowElisionHint: String?

    /// Creates a sparkline group.
    public init(
        title: String? = nil, series: [Series], scale: Scale = .auto, sharedRange: Bool = false,
        reduction: Reduction = .max, indexLabel: String = "step", firstIndex: Int = 0
    ) {
        self.title = title
        self.series = series
        self.scale = scale
        self.sharedRange = sharedRange
        self.reduction = reduction
        self.indexLabel = indexLabel
        self.firstIndex = firstIndex
    }
}
