/// CSV and JSON export of the blocks that hold data, with every number in its shortest
/// round-trip form so other tools read back exactly the same `Double`.
///
/// Tables export every row (elision is only for the screen), with group and column names
/// joined as `group.column` (a gate's `i[0]` stays `i[0]`). Sparkline groups, heat strips
/// and plots export one row per index with a column per series; bar charts one row per bar.
/// Text blocks export nothing.

/// The block as CSV (RFC 4180 quoting, `\n` line ends), or nil when it holds no data.
///
/// NaN and infinities are written `NaN`, `Infinity` and `-Infinity`; missing and absent
/// values (``Table/Cell/absent``, ``Series/absent``) are empty fields.
public func exportCSV(_ block: Block) -> String? {
    (try? exportCSV(block, shouldStop: { false })) ?? nil
}

/// ``exportCSV(_:)``, asking `shouldStop` (Ctrl-C) before each row; throws
/// ``ExportStopped`` when it says to stop.
public func exportCSV(_ block: Block, shouldStop: () -> Bool) throws(ExportStopped) -> String? {
    guard let data = ExportData(block) else { return nil }
    // one string written in place: a string per number, joined, took seconds for the four
    // million weights of a large LSTM
    var text = ""
    CSV.appendRecord(data.header.lazy.map(Table.Cell.text), to: &text)
    for row in data.rows {
        if shouldStop() { throw ExportStopped() }
        CSV.appendRecord(row, to: &text)
    }
    return text
}

/// The block as JSON, or nil when it holds no data.
///
/// Tables: `{"title", "rowHeader", "columns": [{"name", "group"}], "rows": [{"label",
/// "values"}]}`. Series blocks: `{"title", "kind", "series": [{"label", "values"}]}`.
/// Bar charts: `{"title", "kind", "bars": [{"label", "value"}]}`. Strict JSON has no NaN
/// or infinity, so those values are written as `null`, as are absent values
/// (``Table/Cell/absent``, ``Series/absent``).
public func exportJSON(_ block: Block) -> String? {
    (try? exportJSON(block, shouldStop: { false })) ?? nil
}

/// ``exportJSON(_:)``, asking `shouldStop` (Ctrl-C) before each row or series; throws
/// ``ExportStopped`` when it says to stop.
public func exportJSON(_ block: Block, shouldStop: () -> Bool) throws(ExportStopped) -> String? {
    switch block {
    case .table(let table):
        let columns = table.columns.map { column in
            JSON.object([("name", JSON.string(column.name)), ("group", column.group.map(JSON.string) ?? "null")])
        }
        // the rows, millions of numbers for a weight matrix, written in place
        var text = ""
        try JSON.appendObject([
            ("title", table.title.map(JSON.string) ?? "null"),
            ("rowHeader", JSON.string(table.rowHeader)),
            ("columns", JSON.array(columns)),
        ], last: "rows", to: &text) { text throws(ExportStopped) in
            try JSON.appendArray(count: table.rows.count, to: &text) { index, text throws(ExportStopped) in
                if shouldStop() { throw ExportStopped() }
                let row = table.rows[index]
                JSON.appendObject([("label", JSON.string(row.label))], last: "values", to: &text) { text in
                    JSON.appendArray(count: table.columns.count, to: &text) { index, text in
                        if index < row.cells.count { JSON.appendCell(row.cells[index], to: &text) } else { text += "null" }
                    }
                }
            }
        }
        text += "\n"
        return text
    case .sparklines(let group):
        return try JSON.seriesBlock(kind: "sparklines", title: group.title, series: group.series, shouldStop: shouldStop)
    case .heatStrip(let strip):
        return try JSON.seriesBlock(kind: "heatStrip", title: strip.title, series: strip.rows, shouldStop: shouldStop)
    case .plot(let plot):
        return try JSON.seriesBlock(kind: "plot", title: plot.title, series: plot.series, shouldStop: shouldStop)
    case .bars(let chart):
        let bars = chart.bars.map {
            JSON.object([("label", JSON.string($0.label)), ("value", JSON.number($0.value))])
        }
        return JSON.object([
            ("title", chart.title.map(JSON.string) ?? "null"),
            ("kind", JSON.string("bars")),
            ("bars", JSON.array(bars)),
        ]) + "\n"
    case .heading, .prose, .note, .warning, .error, .preformatted, .data, .definitions:
        return nil
    }
}

/// What ``exportCSV(_:shouldStop:)`` and ``exportJSON(_:shouldStop:)`` throw when the
/// `shouldStop` they were given (Ctrl-C) says to stop.
public struct ExportStopped: Error, Sendable, Equatable {
    /// Creates the error.
    public init() {}
}

/// A block's data as a header and rows of cells, the shape CSV needs.
struct ExportData {
    var header: [String]
    /// The rows, each made when it is read: a weight matrix's are millions of cells.
    var rows: LazyMapCollection<Range<Int>, [Table.Cell]>

    init?(_ block: Block) {
        switch block {
        case .table(let table):
            // joined with its group's name (plain.h[0], forget.0), unless the column's name
            // starts with the group's symbol already: i[0] under "i input", not "i input.i[0]"
            let header = [table.rowHeader] + table.columns.map { column in
                guard let group = column.group else { return column.name }
                let symbol = group.split(separator: " ").first.map(String.init) ?? group
                return column.name.hasPrefix(symbol + "[") ? column.name : group + "." + column.name
            }
            let rows = table.rows.indices.lazy.map { index -> [Table.Cell] in
                let row = table.rows[index]
                return [.text(row.label)] + table.columns.indices.map { $0 < row.cells.count ? row.cells[$0] : .empty }
            }
            self.init(header: header, rows: rows)
        case .sparklines(let group):
            self.init(indexName: group.indexLabel, first: Double(group.firstIndex), step: 1, series: group.series)
        case .heatStrip(let strip):
            self.init(indexName: strip.indexLabel, first: Double(strip.firstIndex), step: 1, series: strip.rows)
        case .plot(let plot):
            self.init(indexName: plot.xLabel, first: plot.firstX, step: plot.xStep, series: plot.series)
        case .bars(let chart):
            self.init(header: ["label", "value"], rows: chart.bars.map { [.text($0.label), .number($0.value)] })
        case .heading, .prose, .note, .warning, .error, .preformatted, .data, .definitions:
            return nil
        }
    }

    init(header: [String], rows: LazyMapCollection<Range<Int>, [Table.Cell]>) {
        self.header = header
        self.rows = rows
    }

    init(header: [String], rows: [[Table.Cell]]) {
        self.init(header: header, rows: rows.indices.lazy.map { rows[$0] })
    }

    /// One row per index, one column per series.
    init(indexName: String, first: Double, step: Double, series: [Series]) {
        let longest = series.map(\.values.count).max() ?? 0
        // whole indices (steps, units) as integers: 3, not 3.0
        let integral = first == first.rounded() && step == step.rounded() && abs(first) < 1e15
        let rows = (0..<longest).lazy.map { position -> [Table.Cell] in
            let index = first + Double(position) * step
            return [integral ? .text(String(Int(index))) : .number(index)]
                + series.map { position < $0.values.count && !$0.absent.contains(position) ? .number($0.values[position]) : .empty }
        }
        self.init(header: [indexName] + series.map(\.label), rows: rows)
    }
}

/// CSV field quoting.
enum CSV {
    /// Appends one line of cells: shortest round-trip numbers, text quoted as ``field(_:)``
    /// quotes it, empty as nothing; commas between, a newline after.
    static func appendRecord<Cells: Sequence<Table.Cell>>(_ cells: Cells, to text: inout String) {
        var first = true
        for cell in cells {
            if !first { text += "," }
            first = false
            switch cell {
            case .number(let value): NumberFormat.appendShortest(value, to: &text)  // never needs quotes
            case .integer(let value): text += String(value)
            case .text(let string): text += field(string)
            case .empty, .absent: break
            }
        }
        text += "\n"
    }

    /// A field, quoted when it holds a comma, quote, newline or leading/trailing space.
    static func field(_ text: String) -> String {
        let needsQuotes = text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            || text.hasPrefix(" ") || text.hasSuffix(" ")
        guard needsQuotes else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}

/// A small JSON writer (the standard library has none).
enum JSON {
    static func string(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    static func number(_ value: Double) -> String {
        value.isFinite ? NumberFormat.shortest(value) : "null"
    }

    /// Appends ``number(_:)`` of `value`.
    static func appendNumber(_ value: Double, to text: inout String) {
        if value.isFinite { NumberFormat.appendShortest(value, to: &text) } else { text += "null" }
    }

    /// Appends a cell: a number as ``number(_:)`` writes it, text as a string, nothing as null.
    static func appendCell(_ cell: Table.Cell, to text: inout String) {
        switch cell {
        case .number(let value): appendNumber(value, to: &text)
        case .integer(let value): text += String(value)
        case .text(let string): text += Self.string(string)
        case .empty, .absent: text += "null"
        }
    }

    static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    static func object(_ members: [(String, String)]) -> String {
        "{" + members.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    /// Appends an array of `count` items, each appended by `item` with its index: a row of
    /// a thousand numbers written in place, not a thousand strings joined.
    static func appendArray<Failure: Error>(
        count: Int, to text: inout String, item: (Int, inout String) throws(Failure) -> Void
    ) throws(Failure) {
        text += "["
        for index in 0..<count {
            if index > 0 { text += "," }
            try item(index, &text)
        }
        text += "]"
    }

    /// Appends ``object(_:)`` of `members` and one more, `name`, whose value `value` appends:
    /// the large one, written in place.
    static func appendObject<Failure: Error>(
        _ members: [(String, String)], last name: String, to text: inout String, value: (inout String) throws(Failure) -> Void
    ) throws(Failure) {
        text += "{"
        for (member, memberValue) in members { text += string(member) + ":" + memberValue + "," }
        text += string(name) + ":"
        try value(&text)
        text += "}"
    }

    static func seriesBlock(kind: String, title: String?, series: [Series], shouldStop: () -> Bool) throws(ExportStopped) -> String {
        var text = ""
        try appendObject([("title", title.map(string) ?? "null"), ("kind", string(kind))], last: "series", to: &text) { text throws(ExportStopped) in
            try appendArray(count: series.count, to: &text) { index, text throws(ExportStopped) in
                if shouldStop() { throw ExportStopped() }
                let item = series[index]
                appendObject([("label", string(item.label))], last: "values", to: &text) { text in
                    appendArray(count: item.values.count, to: &text) { index, text in
                        if item.absent.contains(index) { text += "null" } else { appendNumber(item.values[index], to: &text) }
                    }
                }
            }
        }
        text += "\n"
        return text
    }
}

extension String {
    /// The text with every occurrence of `target` replaced.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for char in self { if char == target { result += replacement } else { result.append(char) } }
        return result
    }
}
