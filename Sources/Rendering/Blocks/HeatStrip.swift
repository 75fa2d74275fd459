/// One row of cells per series, each cell's character (and color) showing its value.
///
/// ```swift
/// let cells = HeatStrip(
///     title: "cell state",
///     rows: [Series(label: "c[0]", values: [0.1, 0.5, -0.8, 0.95])],
///     scale: .diverging(limit: 1), firstIndex: 1)
/// ```
///
/// Each cell is a character: a sequential scale uses `_.:-=+*#%@` from low to high, and a
/// diverging scale shows sign by shape: `.` near zero, `+ * # @` for growing positive
/// values, `- = o O` for growing negative ones. NaN is `×` (`x`), ±Inf `▲`/`▼` (`^`/`v`),
/// and a position with no value (``Series/absent``) is a blank cell. With color the same
/// character sits on a background of the value's color (256-color palette: blue–white–red
/// for diverging, a viridis-like ramp for sequential), so the strip says the same to a
/// reader who cannot tell the colors apart. A legend line shows the scale's ends and the
/// cells between them, each character on its color.
///
/// Rows longer than the space available wrap into chunks, each under a ruler of indices.
public struct HeatStrip: Sendable, Equatable {
    /// How values map to colors.
    public enum Scale: Sendable, Equatable {
        /// Blue for negative, neutral at zero, red for positive, saturating at ±`limit`
        /// (tanh outputs and cell states: limit 1).
        case diverging(limit: Double)
        /// Dark to bright from `low` to `high` (gates: 0 to 1).
        case sequential(low: Double, high: Double)
        /// Diverging around zero when the data has both signs, else sequential over the
        /// data's range.
        case auto
    }

    /// A title above the strip.
    public var title: String?
    /// The rows, one strip each.
    public var rows: [Series]
    /// The color scale.
    public var scale: Scale
    /// What one position is called, e.g. `step` or `unit`.
    public var indexLabel: String
    /// The index of the first value.
    public var firstIndex: Int
    /// Draws each row on its own range, written at its right (`±0.52`), instead of one scale
    /// for all: a unit whose values are a hundred times smaller than another's then shows its
    /// shape instead of a flat line. The scale's kind (diverging or sequential) stays.
    public var eachRowOnItsOwnRange = false
    /// Rows left out, by the row they stood before (the row count for after the last):
    /// `[3: 1018]` says 1018 rows lay between rows 2 and 3. Each gap is drawn as a `…` line,
    /// and a line under the rows counts them: `… 1018 more units …`, as a table counts the
    /// columns it leaves out (``Table/leftOutColumns``).
    public var leftOutRows: [Int: Int] = [:]
    /// The word for rows in the line counting those left out, e.g. `units`.
    public var rowNoun = "rows"
    /// How to see the rows left out, added to that line: `--unit K shows others`.
    public var rowElisionHint: String?
    /// Columns left out, by the position of the value they stood before: `[24: 976]` says
    /// 976 indices lay between each row's values 23 and 24, so value 24 is index
    /// `firstIndex + 1000`. Each gap is drawn as three columns, ` … `, the ruler names the indices
    /// on both sides of it, and a line under the rows counts them, as for rows. Gaps before
    /// the first value or after the last are not drawn.
    public var leftOutColumns: [Int: Int] = [:]
    /// The word for columns in the line counting those left out, e.g. `units`.
    public var columnNoun = "columns"
    /// How to see the columns left out, added to that line: `--all shows them`.
    public var columnElisionHint: String?

    /// Creates a heat strip.
    public init(
        title: String? = nil, rows: [Series], scale: Scale = .auto,
        indexLabel: String = "step", firstIndex: Int = 0
    ) {
        self.title = title
        self.rows = rows
        self.scale = scale
        self.indexLabel = indexLabel
        self.firstIndex = firstIndex
    }
}
