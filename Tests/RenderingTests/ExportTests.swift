import Foundation
import Rendering
import Testing

@Suite struct ExportTests {
    @Test func tableCSVQuotesAndKeepsFullPrecision() throws {
        let table = Table(rowHeader: "step", columns: [Table.Column("0", group: "forget"), Table.Column("note")],
                          rows: [Table.Row("t=1 'h,e'", cells: [.number(0.1 + 0.2), .text("say \"hi\"")]),
                                 Table.Row("t=2", cells: [.number(.nan)])],
                          maxRows: 1)
        let csv = try #require(exportCSV(.table(table)))
        #expect(csv == "step,forget.0,note\n\"t=1 'h,e'\",0.30000000000000004,\"say \"\"hi\"\"\"\nt=2,NaN,\n")
        // a gate's columns are named by their symbol already
        let gates = Table(rowHeader: "step", columns: [Table.Column("i[0]", group: "i input"), Table.Column("h[0]", group: "plain")],
                          rows: [Table.Row("t=1", [0.5, 0.25])])
        #expect(exportCSV(.table(gates))?.hasPrefix("step,i[0],plain.h[0]\n") == true)
    }

    @Test func seriesCSVHasOneRowPerIndex() throws {
        let group = SparklineGroup(series: [Series(label: "a", values: [1e-12, 2]), Series(label: "b", values: [3])],
                                   firstIndex: 1)
        let csv = try #require(exportCSV(.sparklines(group)))
        #expect(csv == "step,a,b\n1,1e-12,3.0\n2,2.0,\n")
    }

    @Test func jsonReadsBackToTheSameNumbers() throws {
        var generator = Samples.Generator(seed: 8)
        let values = (0..<50).map { _ in Double.random(in: -1...1, using: &generator) * 1e-7 }
        let strip = HeatStrip(title: "c", rows: [Series(label: "c[0]", values: values + [.infinity])])
        let json = try #require(exportJSON(.heatStrip(strip)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let series = try #require(object["series"] as? [[String: Any]])
        let decoded = try #require(series.first?["values"] as? [Any])
        #expect(decoded.count == 51)
        #expect(decoded[50] is NSNull, "infinity is null in strict JSON")
        // Read the numbers with Double(_:) itself: Foundation's JSON parser rounds on Linux.
        let start = try #require(json.range(of: "\"values\":["))
        let end = try #require(json[start.upperBound...].firstIndex(of: "]"))
        let texts = json[start.upperBound..<end].split(separator: ",")
        #expect(texts.dropLast().compactMap { Double($0) } == values)
    }

    @Test func tableJSONHasColumnsAndRows() throws {
        let table = Table(columns: [Table.Column("x")], rows: [Table.Row("r\n1", [2.5])])
        let json = try #require(exportJSON(.table(table)))
        #expect(json == #"{"title":null,"rowHeader":"","columns":[{"name":"x","group":null}],"rows":[{"label":"r\n1","values":[2.5]}]}"# + "\n")
        #expect(exportJSON(.prose("hello")) == nil)
        #expect(exportCSV(.note("hello")) == nil)
    }

    @Test func barsExport() throws {
        let chart = BarChart(bars: [BarChart.Bar("lstm", 160)])
        #expect(exportCSV(.bars(chart)) == "label,value\nlstm,160.0\n")
    }

    @Test func exportAsksBeforeEachRowAndStopsWhenTold() throws {
        let table = Table(rowHeader: "row", columns: [Table.Column("0")], rows: (0..<10).map { Table.Row("r\($0)", [Double($0)]) })
        let strip = HeatStrip(rows: (0..<10).map { Series(label: "s\($0)", values: [1, 2]) })
        // CSV asks before each line, JSON before each row of a table or each series
        for (block, linesInCSV) in [(Block.table(table), 10), (.heatStrip(strip), 2)] {
            for json in [false, true] {
                var asked = 0
                let stopAtSecond = { asked += 1; return asked == 2 }
                #expect(throws: ExportStopped()) {
                    _ = try json ? exportJSON(block, shouldStop: stopAtSecond) : exportCSV(block, shouldStop: stopAtSecond)
                }
                #expect(asked == 2)
                asked = 0
                let never = { asked += 1; return false }
                let text = try json ? exportJSON(block, shouldStop: never) : exportCSV(block, shouldStop: never)
                #expect(text == (json ? exportJSON(block) : exportCSV(block)))
                #expect(asked == (json ? 10 : linesInCSV))
            }
        }
    }
}
