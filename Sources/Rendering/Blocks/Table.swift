/// Rows of labelled numbers (or short texts) under a header, optionally grouped.
///
/// ```swift
/// let table = Table(
///     title: "gates at each step",
///     rowHeader: "step",
///     columns: [Table.Column("0", group: "forget"), Table.Column("1", group: "forget"),
///               Table.Column("0", group: "input"), Table.Column("1", group: "input")],
///     rows: [Table.Row("t=1 'h'", [0.61, 0.47, 0.52, 0.38]),
///            Table.Row("t=2 'e'", [0.58, -0.12, 0.49, 0.41])],
///     rowNoun: "steps")
/// ```
///
/// Wider than the terminal, it is split into column pages that repeat the row labels;
/// longer than ``maxRows``, it shows the first and last rows around an elision line
/// unless ``showAll`` is set. Columns its maker left out are marked where they were, by a
/// `…` column, and counted in a line under it (``leftOutColumns``).
public struct Table: Sendable, Equatable {
    /// One column: its header and, optionally, the group it belongs to.
    public struct Column: Sendable, Equatable {
        /// The header text, e.g. `0` (a unit index) or `value`.
        public var name: String
        /// The group header spanning consecutive columns with the same group, e.g. `forget`.
        public var group: String?
        /// Significant digits for this column's numbers; nil uses the table's.
        public var significantDigits: Int?
        /// What the column gives up when the table is wider than the screen.
        public var fit: Fit
        /// Whether the column holds counts, written with their thousands grouped (`4,416`
        /// parameters) when they are whole.
        public var isCount: Bool

        /// Creates a column.
        public init(_ name: String, group: String? = nil, significantDigits: Int? = nil, fit: Fit = .whole, isCount: Bool = false) {
            self.name = name
            self.group = group
            self.significantDigits = significantDigits
            self.fit = fit
            self.isCount = isCount
        }
    }

    /// What a column gives up when the table is wider than the screen. Columns of numbers
    /// keep `whole`, so that every value is shown; a listing of text can keep to one page.
    public enum Fit: Sendable, Equatable {
        /// Nothing: the table goes on in further pages of columns.
        case whole
        /// Its text is cut with … down to `minimum` characters.
        case shrink(minimum: Int)
        /// It is left out (before any text is cut).
        case omit
    }

    /// What one cell holds.
    public enum Cell: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
        ExpressibleByStringLiteral
    {
        /// A number, right-aligned and formatted with its column.
        case number(Double)
        /// A whole number that counts or flags (a mask's 1 or 0), right-aligned as it is
        /// and written without a decimal point in CSV and JSON: `1`, not `1.0`.
        case integer(Int)
        /// Text, left-aligned (a tensor name, a formula).
        case text(String)
        /// Nothing.
        case empty
        /// No value at this position, where the quantity does not exist (a gate at a padding
        /// step): a dim `—` aligned as the column's numbers, `null` in JSON, an empty CSV field.
        case absent

        /// A number cell from a literal.
        public init(floatLiteral value: Double) { self = .number(value) }
        /// A number cell from an integer literal.
        public init(integerLiteral value: Int) { self = .number(Double(value)) }
        /// A text cell from a literal.
        public init(stringLiteral value: String) { self = .text(value) }
    }

    /// One row: its label and one cell per column (missing cells are empty).
    public struct Row: Sendable, Equatable {
        /// The row label, e.g. `t=3 'l'`.
        public var label: String
        /// The cells, in column order.
        public var cells: [Cell]

        /// Creates a row of cells.
        public init(_ label: String, cells: [Cell]) {
            self.label = label
            self.cells = cells
        }

        /// Creates a row of numbers.
        public init(_ label: String, _ values: [Double]) {
            self.label = label
            self.cells = values.map { .number($0) }
        }
    }

    /// How number cells are tinted when color is available.
    public enum Shading: Sendable, Equatable {
        /// No tint.
        case none
        /// Blue below zero, red above, stronger towards ±`limit`.
        case diverging(limit: Double)
        /// Darker to brighter from `low` to `high`.
        case sequential(low: Double, high: Double)
    }

    /// A title above the table.
    public var title: String?
    /// The header over the row labels, e.g. `step`.
    public var rowHeader: String
    /// The columns, left to right.
    public var columns: [Column]
    /// The rows, top to bottom.
    public var rows: [Row]
    /// Significant digits for numbers unless a column says otherwise.
    public var significantDigits: Int
    /// Rows shown before eliding the middle (the first and last halves are kept).
    public var maxRows: Int
    /// Shows every row, never eliding.
    public var showAll: Bool
    /// The word for rows in the elision line, e.g. `steps` gives `… 180 more steps …`.
    public var rowNoun: String
    /// How to see the rows left out, added to the elision line: `--all shows them` gives
    /// `… 180 more steps (--all shows them) …`.
    public var elisionHint: String?
    /// How numbers are tinted with color.
    public var shading: Shading
    /// Columns left out of the table, by the column they stood before (the column count for
    /// after the last): `[4: 1016]` says 1016 columns lay between columns 3 and 4. Each gap
    /// is drawn as a `…` column, and a line under the table counts them: `… 1016 more units …`.
    ///
    /// The table's maker chooses them, as a thousand columns would fill a hundred pages, and
    /// builds the table of the columns it shows only, so that a table costs what it shows.
    public var leftOutColumns: [Int: Int] = [:]
    /// The word for columns in the line counting those left out, e.g. `units`.
    public var columnNoun = "columns"
    /// How to see the columns left out, added to that line: `--unit K shows others` gives
    /// `… 1016 more units (--unit K shows others) …`.
    public var columnElisionHint: String?
    /// Which columns write their numbers in one format, so that equal values read alike
    /// across them; columns share only when they are of one size (largest values within a
    /// factor 100), so a 1e7 beside a 0.2 keeps its own.
    public var formatSharing = FormatSharing.none

    /// Which columns of a table share a number format.
    public enum FormatSharing: Equatable, Sendable {
        /// Each column has its own.
        case none
        /// Columns of one name, such as h[1] of each of two groups.
        case sameNames
        /// Every column, the units of one quantity (h[0], h[1], …).
        case allColumns
    }

    /// Creates a table.
    public init(
        title: String? = nil, rowHeader: String = "", columns: [Column], rows: [Row],
        significantDigits: Int = 4, maxRows: Int = 24, showAll: Bool = false,
        rowNoun: String = "rows", elisionHint: String? = nil, shading: Shading = .none
    ) {
        self.title = title
        self.rowHeader = rowHeader
        self.columns = columns
        self.rows = rows
        self.significantDigits = significantDigits
        self.maxRows = maxRows
        self.showAll = showAll
        self.rowNoun = rowNoun
        self.elisionHint = elisionHint
        self.shading = shading
    }
}
