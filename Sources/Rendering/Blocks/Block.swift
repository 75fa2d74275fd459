/// One piece of a command's result, before it is turned into text.
///
/// Commands return blocks; only a ``Renderer`` decides how they look (color or not,
/// Unicode or ASCII, how wide). Tables and series can also be exported with
/// ``exportCSV(_:)`` and ``exportJSON(_:)``.
public enum Block: Sendable, Equatable {
    /// A title line.
    case heading(String)
    /// Running text with light markup (`**bold**`, `*emphasis*`, `` `code` ``, `h_t`);
    /// wrapped to the terminal width.
    case prose(String)
    /// A short remark, set apart from the prose.
    case note(String)
    /// Something the reader should notice.
    case warning(String)
    /// A failure the reader can act on.
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
    /// A row of colored cells per series.
    case heatStrip(HeatStrip)
    /// Curves on a character canvas.
    case plot(LinePlot)
    /// Horizontal bars for comparisons.
    case bars(BarChart)
}
