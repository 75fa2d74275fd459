#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line plots on a character canvas: braille dots for a single curve when Unicode allows,
/// else one mark per series (`*`, `o`, `+`, …), named in the legend. Several curves get
/// their marks with color too, each in its own color: told apart by color alone, they would
/// run together for a reader who cannot tell the colors apart. A cell that two or more
/// curves pass through shows ``plotOverlapMark`` in no curve's color, named in the legend
/// when the plot has one, so that no curve hides another (unless the plot draws its last
/// curve over the others, ``LinePlot/marksOverlaps``).
extension Renderer {
    static let plotMarks = ["*", "o", "+", "x", "#", "@"]
    static let plotColors = [ANSI.cyan, ANSI.yellow, ANSI.magenta, ANSI.green, ANSI.blue, ANSI.red]
    /// The mark of a cell several curves share.
    static let plotOverlapMark = "&"

    /// A line plot laid out to the width.
    func plotLines(_ plot: LinePlot) -> [String] {
        var lines: [String] = []
        if let title = plot.title { lines.append(titleLine(title)) }
        let plottable: (Double) -> Bool = { $0.isFinite && (!plot.logY || $0 > 0) }
        let points = plot.series.flatMap(\.values).filter(plottable)
        guard !points.isEmpty else {
            lines.append(paint("(nothing to plot)", ANSI.dim))
            return lines
        }
        let scale = SeriesScale(values: points, logarithmic: plot.logY)
        let height = min(max(plot.height, 3), 40)
        let yValues = [scale.high, (scale.low + scale.high) / 2, scale.low].map { plot.logY ? pow(10, $0) : $0 }
        let yTexts = NumberFormat.column(yValues, significantDigits: plot.logY ? 2 : 3)
        let axisWidth = yTexts.map(\.displayWidth).max() ?? 1
        let canvasWidth = max(4, width - axisWidth - 1)
        let braille = caps.unicode && plot.series.count == 1
        let canvas = PlotCanvas(columns: canvasWidth, rows: height, braille: braille, marksOverlaps: plot.marksOverlaps)
        let longest = plot.series.map(\.values.count).max() ?? 1
        for (index, series) in plot.series.enumerated() {
            var previous: (x: Int, y: Int)?
            for (position, value) in series.values.enumerated() {
                guard plottable(value), let fraction = scale.fraction(value) else {
                    previous = nil
                    continue
                }
                let x = longest > 1
                    ? Int(rounding: Double(position) * Double(canvas.dotColumns - 1) / Double(longest - 1),
                          in: 0...(canvas.dotColumns - 1)) : 0
                let y = Int(rounding: (1 - fraction) * Double(canvas.dotRows - 1), in: 0...(canvas.dotRows - 1))
                if let previous { canvas.line(from: previous, to: (x, y), series: index) }
                else { canvas.dot(x: x, y: y, series: index) }
                previous = (x, y)
            }
        }
        let labelRows = [0: yTexts[0], height / 2: yTexts[1], height - 1: yTexts[2]]
        for row in 0..<height {
            let label = labelRows[row].map { $0.leftPadded(to: axisWidth) } ?? String(repeating: " ", count: axisWidth)
            let axis = labelRows[row] != nil ? glyph("┤", "+") : glyph("│", "|")
            var cells: [String] = []
            for column in 0..<canvasWidth {
                guard let (character, series) = canvas.cell(column: column, row: row) else {
                    cells.append(" ")
                    continue
                }
                guard let series else {
                    cells.append(paint(Self.plotOverlapMark, ANSI.bold))
                    continue
                }
                let shown = braille ? character : Self.plotMarks[series % Self.plotMarks.count]
                cells.append(paint(shown, Self.plotColors[series % Self.plotColors.count]))
            }
            let text = mergingRuns(cells)
            lines.append(paint(label + axis, ANSI.dim) + text)
        }
        let pad = String(repeating: " ", count: axisWidth)
        lines.append(paint(pad + glyph("└", "+") + String(repeating: glyph("─", "-"), count: canvasWidth), ANSI.dim))
        let xTexts = NumberFormat.column([plot.firstX, plot.firstX + Double(longest - 1) * plot.xStep],
                                         significantDigits: 4)
        let name = clean(plot.xLabel)
        let inner = canvasWidth - xTexts[0].displayWidth - xTexts[1].displayWidth
        var axisLine = xTexts[0]
        if inner >= name.displayWidth + 2 {
            let left = (inner - name.displayWidth) / 2
            axisLine += String(repeating: " ", count: left) + name
                + String(repeating: " ", count: inner - left - name.displayWidth)
        } else {
            axisLine += String(repeating: " ", count: max(1, inner))
        }
        lines.append(pad + " " + axisLine + xTexts[1])
        var legend: [String] = []
        for (index, series) in plot.series.enumerated() {
            let color = Self.plotColors[index % Self.plotColors.count]
            let key = braille ? glyph("━━", "--") : Self.plotMarks[index % Self.plotMarks.count]
            legend.append(paint(key, color) + " " + clean(series.label))
        }
        if canvas.hasSharedCells { legend.append(paint(Self.plotOverlapMark, ANSI.bold) + " curves overlap") }
        if plot.logY { legend.append(paint("(log scale)", ANSI.dim)) }
        let words = legend.map { StyledWord(text: $0, width: $0.displayWidth, plain: ANSI.strip($0)) }
        lines += wrap(words: words, firstPrefix: pad + " ", restPrefix: pad + " ")
        return lines
    }
}

/// A grid of cells, each a 2×4 braille block or a single mark, remembering which series
/// drew in each cell: several, or when ``marksOverlaps`` is false the last.
final class PlotCanvas {
    let columns: Int
    let rows: Int
    let braille: Bool
    /// Whether a cell two series drew in is told as shared, not as the last one's.
    let marksOverlaps: Bool
    private var dots: [UInt8]
    /// Who drew in each cell.
    private var owners: [Owner]

    /// Who drew in a cell.
    private enum Owner: Equatable {
        case nobody
        case series(Int)
        case several
    }

    init(columns: Int, rows: Int, braille: Bool, marksOverlaps: Bool = true) {
        self.columns = columns
        self.rows = rows
        self.braille = braille
        self.marksOverlaps = marksOverlaps
        dots = Array(repeating: 0, count: columns * rows)
        owners = Array(repeating: .nobody, count: columns * rows)
    }

    /// Whether two or more series drew in some cell.
    var hasSharedCells: Bool { owners.contains(.several) }

    /// Horizontal dot positions.
    var dotColumns: Int { braille ? columns * 2 : columns }
    /// Vertical dot positions.
    var dotRows: Int { braille ? rows * 4 : rows }

    /// Sets one dot.
    func dot(x: Int, y: Int, series: Int) {
        guard x >= 0, y >= 0, x < dotColumns, y < dotRows else { return }
        let cellX = braille ? x / 2 : x
        let cellY = braille ? y / 4 : y
        let index = cellY * columns + cellX
        // Braille dot numbering: left column 1,2,3,7 and right column 4,5,6,8 (top to bottom).
        let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
        dots[index] |= braille ? bits[x % 2][y % 4] : 1
        switch owners[index] {
        case .nobody: owners[index] = .series(series)
        case .series(let owner) where owner != series: owners[index] = marksOverlaps ? .several : .series(series)
        case .series, .several: break
        }
    }

    /// Draws a straight line of dots (Bresenham).
    func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), series: Int) {
        var (x, y) = start
        let dx = abs(end.x - x), dy = -abs(end.y - y)
        let stepX = x < end.x ? 1 : -1, stepY = y < end.y ? 1 : -1
        var error = dx + dy
        while true {
            dot(x: x, y: y, series: series)
            if x == end.x && y == end.y { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += stepX }
            if doubled <= dx { error += dx; y += stepY }
        }
    }

    /// The character of a cell and the series that drew it (nil when several did), or nil
    /// when it is empty.
    func cell(column: Int, row: Int) -> (String, Int?)? {
        let index = row * columns + column
        guard dots[index] != 0 else { return nil }
        let character = braille
            ? String(Character(Unicode.Scalar(0x2800 + UInt32(dots[index])) ?? " "))
            : "*"
        guard case .series(let series) = owners[index] else { return (character, nil) }
        return (character, series)
    }
}
