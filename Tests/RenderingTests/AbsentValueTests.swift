import Foundation
import Rendering
import Testing

/// Positions with no value (a gate at a padding step) are marked, never drawn as a number.
@Suite("Absent values in tables, sparklines, heat strips and exports")
struct AbsentValueTests {
    let plain = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))

    @Test("an absent cell is a — aligned as the column's numbers, not 0")
    func absentTableCell() {
        let table = Table(rowHeader: "step", columns: [Table.Column("f[0]"), Table.Column("f[1]")],
                          rows: [Table.Row("t=1", [0.6523, 0.25]), Table.Row("t=2 pad", cells: [.absent, .absent])])
        let lines = plain.render(.table(table)).split(separator: "\n").map(String.init)
        #expect(lines.last == "t=2 pad       —       —", "\(lines)")
        let ascii = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: false)).render(.table(table))
        #expect(ascii.split(separator: "\n").last?.hasSuffix("     --      --") == true, "\(ascii)")
    }

    @Test("a sparkline leaves a gap where a value is absent and keeps it out of min and max")
    func absentSparkline() {
        let series = Series(label: "f[0]", values: [0.6, 0.7, 0.65, 0, 0], absent: [3, 4])
        let text = plain.render(.sparklines(SparklineGroup(series: [series], firstIndex: 1)))
        let line = String(text.split(separator: "\n").first ?? "")
        let marks = line.dropFirst("f[0]  ".count).prefix(5)
        #expect(marks.hasSuffix("  "), "\(line)")
        #expect(!marks.prefix(3).contains(" "), "\(line)")
        #expect(line.contains("min 0.6"), "the absent 0s are no minimum: \(line)")
    }

    @Test("bucketed marks are a gap only where a bucket has no value at all")
    func absentBuckets() {
        let values = (0..<40).map(Double.init)
        let series = Series(label: "x", values: values, absent: Set(20..<40))
        let narrow = Renderer(caps: TerminalCaps(width: 30, color: false, unicode: true))
        let text = narrow.render(.sparklines(SparklineGroup(series: [series], firstIndex: 1)))
        let line = String(text.split(separator: "\n").first ?? "")
        let marks = line.dropFirst("x  ".count).prefix { !$0.isWhitespace }
        #expect(marks.last == "█", "the largest present value, 19, is the top: \(text)")
        #expect(line.dropFirst("x  ".count + marks.count).prefix(marks.count).allSatisfy { $0 == " " }, "absent buckets are gaps: \(text)")
        #expect(text.contains("max 19"), "\(text)")
    }

    @Test("a heat strip leaves a blank cell where a value is absent")
    func absentHeatStrip() {
        let strip = HeatStrip(rows: [Series(label: "f[0]", values: [0, 1, 0, 0], absent: [2, 3])],
                              scale: .sequential(low: 0, high: 1), firstIndex: 1)
        let text = plain.render(.heatStrip(strip))
        let row = text.split(separator: "\n").first { $0.hasPrefix("f[0]") }.map(String.init) ?? ""
        #expect(row.trimmingCharacters(in: .whitespaces) == "f[0]  _@", "trailing blanks: \(text)")
        let gapInside = HeatStrip(rows: [Series(label: "f[0]", values: [0, 0, 1], absent: [1])],
                                  scale: .sequential(low: 0, high: 1), firstIndex: 1)
        #expect(plain.render(.heatStrip(gapInside)).contains("f[0]  _ @"))
    }

    @Test("exports write an absent value as null in JSON and an empty CSV field")
    func absentExports() throws {
        let table = Table(rowHeader: "step", columns: [Table.Column("f[0]")],
                          rows: [Table.Row("1", [0.5]), Table.Row("2", cells: [.absent])])
        #expect(exportCSV(.table(table)) == "step,f[0]\n1,0.5\n2,\n")
        #expect(exportJSON(.table(table))?.contains(#""values":[null]"#) == true)
        let group = SparklineGroup(series: [Series(label: "f[0]", values: [0.5, 0], absent: [1])], firstIndex: 1)
        #expect(exportCSV(.sparklines(group)) == "step,f[0]\n1,0.5\n2,\n")
        #expect(exportJSON(.sparklines(group))?.contains(#""values":[0.5,null]"#) == true)
    }
}
