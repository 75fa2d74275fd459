/// One piece of a command's result, before it is turned into text.
///
/// Commands return blocks; only a ``Renderer`` decides how they look (color or not,
/// Unicode or ASCII, how wide). The same blocks can also be exported as CSV or JSON.
public enum Block: Sendable, Equatable {
    /// A title line.
    case heading(String)
    /// Running text; wrapped to the terminal width.
    case prose(String)
    /// A short remark, set apart from the prose.
    case note(String)
    /// Something the reader should notice.
    case warning(String)
    /// A failure the reader can act on.
    case error(String)
    /// Text shown exactly as given (equations, code, a help screen's usage lines).
    case preformatted(String)
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

// Placeholders that the Rendering module fills in.
public struct Table: Sendable, Equatable { public init() {} }
public struct SparklineGroup: Sendable, Equatable { public init() {} }
public struct HeatStrip: Sendable, Equatable { public init() {} }
public struct LinePlot: Sendable, Equatable { public init() {} }
public struct BarChart: Sendable, Equatable { public init() {} }
