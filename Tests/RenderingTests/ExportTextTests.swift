@testable import Rendering
import Testing

/// CSV and JSON export, and the data blocks that print them, write each number into one
/// string in place. These tests hold them to the text written the plain way, a string per
/// number joined with the rest, byte for byte, for numbers and labels of every kind.
@Suite struct ExportTextTests {
    typealias Generator = Samples.Generator

    /// Numbers whose text is easy to get wrong, and random bit patterns.
    static func awkwardNumbers() -> [Double] {
        var generator = Generator(seed: 41)
        let special: [Double] = [0, -0.0, 1, -1, 1.0e16, 123456789012345680, 0.1, -0.30000000000000004, 1e-5, 1e-7, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                 .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e22, 1e23, 9007199254740994,
                                 .nan, -.nan, .signalingNaN, .infinity, -.infinity, Double(Float.pi), 2.5e-308, 1.7976931348623157e308]
        return special + (0..<5000).map { _ in Double(bitPattern: generator.next()) }
            + (0..<2000).map { _ in PropertyTests.anyNumber(&generator) }
    }

    @Test func appendedShortestFormIsTheShortestForm() {
        for value in Self.awkwardNumbers() {
            var text = "x,"
            NumberFormat.appendShortest(value, to: &text)
            #expect(text == "x," + NumberFormat.shortest(value), "\(value.bitPattern)")
        }
    }

    @Test func csvAndJSONAreTheTextWrittenANumberAtATime() {
        var generator = Generator(seed: 7)
        var blocks = (0..<300).map { _ in PropertyTests.anyBlock(&generator) }
        let numbers = Self.awkwardNumbers()
        // every kind of cell, and series with values left out
        let cells: [Table.Cell] = numbers.prefix(40).map(Table.Cell.number) + [.integer(-3), .integer(0), .empty, .absent, .text("a,\"b\""), .text(" c")]
        blocks.append(.table(Table(title: "t\u{7}", rowHeader: "row", columns: (0..<cells.count).map { Table.Column("\($0)", group: $0 % 2 == 0 ? "g x" : nil) },
                                   rows: [Table.Row("all", cells: cells), Table.Row("short", cells: Array(cells.prefix(3))), Table.Row("none", cells: [])])))
        let series = stride(from: 0, to: numbers.count, by: 500).map { start in
            Series(label: "s\(start)", values: Array(numbers[start..<min(start + 500, numbers.count)]), absent: Set((0..<500).filter { $0 % 7 == start % 5 }))
        }
        blocks += [.heatStrip(HeatStrip(title: "w", rows: series)), .sparklines(SparklineGroup(series: series, firstIndex: 3)),
                   .plot(LinePlot(series: series, firstX: 0.5, xStep: 0.25))]
        for block in blocks {
            #expect(exportCSV(block) == PlainExport.csv(block))
            #expect(exportJSON(block) == PlainExport.json(block))
        }
    }

    @Test func dataTextIsTheTextCleanedScalarByScalar() {
        var generator = Generator(seed: 12)
        let pieces = ["", "\n", "\n\n", "\r", "\r\n", "\t", "\u{1B}[31m", "\u{7F}", "\u{85}", "\u{9F}", "\u{A0}", "e\u{301}", "₁₂", "x₁", "ⁱ",
                      "‖·‖₂", "σ", "😀", "t=1,0.5,-0.25", "{\"a\":[1,null]}", " ", "\u{0}"]
        var texts = pieces
        for _ in 0..<3000 {
            texts.append((0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined())
        }
        for unicode in [true, false] {
            let renderer = Renderer(caps: TerminalCaps(width: 40, color: false, unicode: unicode))
            for text in texts {
                let cleaned = renderer.cleanScalars(text, keepingNewlines: true)
                let lines = cleaned.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(renderer.render(.data(text)) == (lines.count > 1 && lines.last == "" ? lines.dropLast() : lines).map { $0 + "\n" }.joined())
                #expect(renderer.clean(text) == renderer.cleanScalars(text, keepingNewlines: false))
            }
        }
    }
}

/// Export as it was first written: a string per number and per field, joined.
private enum PlainExport {
    static func csvText(_ cell: Table.Cell) -> String {
        switch cell {
        case .number(let value): return NumberFormat.shortest(value)
        case .integer(let value): return String(value)
        case .text(let text): return text
        case .empty, .absent: return ""
        }
    }

    static func csv(_ block: Block) -> String? {
        guard let data = ExportData(block) else { return nil }
        var lines = [data.header.map(CSV.field).joined(separator: ",")]
        for row in data.rows {
            lines.append(row.map { CSV.field(csvText($0)) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ cell: Table.Cell) -> String {
        switch cell {
        case .number(let value): return JSON.number(value)
        case .integer(let value): return String(value)
        case .text(let text): return JSON.string(text)
        case .empty, .absent: return "null"
        }
    }

    static func series(kind: String, title: String?, series: [Series]) -> String {
        let items = series.map { item in
            let values = item.values.indices.map { item.absent.contains($0) ? "null" : JSON.number(item.values[$0]) }
            return JSON.object([("label", JSON.string(item.label)), ("values", JSON.array(values))])
        }
        return JSON.object([("title", title.map(JSON.string) ?? "null"), ("kind", JSON.string(kind)), ("series", JSON.array(items))]) + "\n"
    }

    static func json(_ block: Block) -> String? {
        switch block {
        case .table(let table):
            let columns = table.columns.map { column in
                JSON.object([("name", JSON.string(column.name)), ("group", column.group.map(JSON.string) ?? "null")])
            }
            let rows = table.rows.map { row in
                let values = table.columns.indices.map { $0 < row.cells.count ? cell(row.cells[$0]) : "null" }
                return JSON.object([("label", JSON.string(row.label)), ("values", JSON.array(values))])
            }
            return JSON.object([("title", table.title.map(JSON.string) ?? "null"), ("rowHeader", JSON.string(table.rowHeader)),
                                ("columns", JSON.array(columns)), ("rows", JSON.array(rows))]) + "\n"
        case .sparklines(let group): return series(kind: "sparklines", title: group.title, series: group.series)
        case .heatStrip(let strip): return series(kind: "heatStrip", title: strip.title, series: strip.rows)
        case .plot(let plot): return series(kind: "plot", title: plot.title, series: plot.series)
        case .bars(let chart):
            let bars = chart.bars.map { JSON.object([("label", JSON.string($0.label)), ("value", JSON.number($0.value))]) }
            return JSON.object([("title", chart.title.map(JSON.string) ?? "null"), ("kind", JSON.string("bars")), ("bars", JSON.array(bars))]) + "\n"
        default: return nil
        }
    }
}
