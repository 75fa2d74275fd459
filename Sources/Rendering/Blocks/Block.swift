/// One piece of a command's result, before it is turned into text.
///
/// Commands return blocks; only a ``Renderer`` decides how they look (color or not,
/// Unicode or ASCII, how wide). Tables and series can also be exported with
/// ``exportCSV(_:)`` and ``exportJSON(_:)``.
public enum Block: Sendable, Equatable {
    /// A title line.
    case heading(String)
    /// Running text with light markup, wrapped to the terminal width.
    ///
    /// `**bold**`, `*emphasis*` and `` `code` `` are bold, italic and cyan with color, and
    /// lose their markers without. Math-like tokens: `h_t` → `hₜ`, `c_{t-1}` → `cₜ₋₁`,
    /// `x^2` → `x²` with Unicode; multi-letter names such as `W_hh` stay as written; in
    /// ASCII braces become parentheses (`c_(t-1)`). Lines starting `- `, `* ` or `1. ` are
    /// list items with a hanging indent; a blank line separates paragraphs.
    case prose(String)
    /// A short remark, set apart from the prose: `note: ` in cyan, wrapped under the prefix.
    case note(String)
    /// Something the reader should notice: `warning: ` in bold yellow.
    case warning(String)
    /// A failure the reader can act on: `error: ` in bold red.
    case error(String)
    /// Text shown exactly as given (equations, code, a help screen's usage lines); lines
    /// wider than the terminal are cut with an ellipsis.
    case preformatted(String)
    /// Machine-readable text (CSV, JSON) printed exactly as given, never wrapped or cut,
    /// so that another program can read it back; only control characters are removed.
    case data(String)
    /// Rows and columns of labelled numbers.
    case table(Table)
    /// One sparkline per series, with aligned labels.
    case sparklines(SparklineGroup)
    /// A row of cells per series: a character for each value, on its color with color.
    case heatStrip(HeatStrip)
    /// Curves on a character canvas.
    case plot(LinePlot)
    /// Horizontal bars for comparisons.
    case bars(BarChart)
    /// Terms with texts that wrap beside them (a command's options).
    case definitions(DefinitionList)
}
