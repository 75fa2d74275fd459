import Rendering
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The shapes the lab shows most, at the most common width: a 200-step sequence and a
/// 64-unit layer must read well at 80 columns. Set `RNNLAB_SHOW_RENDERING=1` to print them.
@Suite struct LegibilityTests {
    let renderer = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))

    func show(_ text: String) {
        if getenv("RNNLAB_SHOW_RENDERING") != nil { print(text) }
    }

    func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    }

    /// The column where a sparkline's marks begin.
    func markColumn(_ line: Substring) -> Int {
        line.prefix(while: { !"▁▂▃▄▅▆▇█".contains($0) }).count
    }

    @Test func noWrappedLineGoesOnWithAnOperatorThatReadsAsABulletOrAQuote() {
        let claim = "error: lessons/lstm.md:212: check failed: mean(fb1.loss[step=100..150]) < 0.5 * mean(fb0.loss[step=100..150])"
        for width in 50...100 {
            let narrow = Renderer(caps: TerminalCaps(width: width, color: false, unicode: true))
            for block in [Block.error(claim), .prose(claim), .preformatted("      " + claim + " - 1 > 0 + x")] {
                let text = narrow.render(block)
                show(text)
                for line in lines(text).dropFirst() {
                    let start = line.drop(while: { $0 == " " })
                    #expect(!["* ", "- ", "+ ", "> "].contains { start.hasPrefix($0) }, "width \(width): \(line)")
                }
                // nothing is lost: the words read as before
                #expect(text.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("0.5 * mean(fb0.loss[step=100..150])"))
            }
        }
    }

    @Test func aSignedQuantityStaysOnALinearScaleWhateverItsPositiveValuesSpan() {
        // one tiny positive value among negatives: a log scale would draw every negative as ≤0
        let h = [-0.42, -0.3, 8.13e-6, -0.1, -0.2, -0.39]
        let sparks = renderer.render(.sparklines(SparklineGroup(title: "h", series: [Series(label: "h[1]", values: h)], firstIndex: 1)))
        show(sparks)
        #expect(!sparks.contains("log scale"))
        #expect(!sparks.contains("≤0"))
        let row = lines(sparks).first { $0.hasPrefix("h[1]") } ?? ""
        #expect(row.contains("▁") && row.contains("█"), "\(row)")
    }

    @Test func aLogBarChartSaysWhereItsBarsStartAndHowLongAFactorOfTenIs() {
        func note(_ values: [Double]) -> String {
            let chart = renderer.render(.bars(BarChart(bars: values.enumerated().map { .init("b\($0.offset)", $0.element) }, logScale: true)))
            return lines(chart).last.map(String.init) ?? ""
        }
        #expect(note([1e-3, 1]).contains("bars start at 1e-4, each factor of 10 is"))
        // two hundred decades in a few dozen cells: said the other way round, not as 0 cells
        #expect(note([1e-200, 1]).contains("bars start at 1e-201, each cell is"), "\(note([1e-200, 1]))")
    }

    @Test func twoHundredStepsAtEightyColumns() {
        let norms = (0..<200).map { pow(0.87, Double(199 - $0)) * 0.4 }
        let sparks = renderer.render(.sparklines(SparklineGroup(
            title: "‖dL/dh_t‖", series: [Series(label: "rnn", values: norms)], firstIndex: 1)))
        show(sparks)
        let sparkLines = lines(sparks)
        #expect(sparkLines.allSatisfy { $0.count <= 80 })
        #expect(sparks.contains("each mark: max of"))
        #expect(sparks.contains("step 1–200"))
        #expect(sparks.contains("log scale"))
        let row = sparkLines.first { $0.hasPrefix("rnn") } ?? ""
        #expect(row.contains("▁") && row.contains("█"))

        let strip = renderer.render(.heatStrip(HeatStrip(
            title: "cell state", rows: (0..<4).map { unit in
                Series(label: "c[\(unit)]", values: (0..<200).map { sin(Double($0 + unit * 7) / 15) })
            }, scale: .diverging(limit: 1), firstIndex: 1)))
        show(strip)
        #expect(lines(strip).allSatisfy { $0.count <= 80 })
        #expect(strip.contains("step  1 "))
        #expect(strip.contains("190"))

        let table = renderer.render(.table(Table(
            rowHeader: "step", columns: [Table.Column("‖dL/dh‖")],
            rows: norms.enumerated().map { Table.Row("t=\($0.offset + 1)", [$0.element]) }, rowNoun: "steps")))
        show(table)
        #expect(table.contains("… 176 more steps …"))
        #expect(table.contains("t=200  4.000e-01"))
    }

    @Test("a sparkline's min and max are written alike, unless that needs powers of ten")
    func sparklineEndsReadAlike() {
        func stats(_ series: [Series]) -> [String] {
            lines(renderer.render(.sparklines(SparklineGroup(series: series, scale: .linear, firstIndex: 1))))
                .compactMap { line in line.range(of: "min ").map { String(line[$0.lowerBound...]) } }
        }
        // each column on its own: -0.169 beside 0.1861, the maxima needing a fourth decimal for -0.0074
        #expect(stats([Series(label: "h[0]", values: [-0.1687, 0.1861, 0.05]), Series(label: "h[1]", values: [-0.0923, -0.0074, -0.05])])
                == ["min -0.1687  max  0.1861", "min -0.0923  max -0.0074"])
        #expect(stats([Series(label: "dh", values: [0, 0.0752, 0.01])]) == ["min 0.0000  max 0.0752"],
                "an exact zero in the format of the other ends, as a table's column writes it")
        #expect(stats([Series(label: "g[0]", values: [0, 0.351]), Series(label: "f[0]", values: [0.5, 0.549])])
                == ["min 0.000  max 0.351", "min 0.500  max 0.549"], "not `min     0` above `min 0.500`")
        // a minimum of 1e-17 would put the maximum 2 in powers of ten: each column keeps its own
        #expect(stats([Series(label: "g", values: [1.9e-17, 2, 0.5])]) == ["min 1.90e-17  max 2"])
        // the decimals a small end needs would give a large one eight digits: each end on its own
        #expect(stats([Series(label: "h[0]", values: [0.0123, 98921.197])]) == ["min 0.0123  max 98921"])
        #expect(stats([Series(label: "h[0]", values: [0, 98921.197]), Series(label: "h[1]", values: [0.543, 17853.261])])
                == ["min     0  max 98921", "min 0.543  max 17853"])
    }

    @Test("on a log scale a zero norm's mark is explained as 0, a negative value's as ≤0")
    func nonPositiveMarkLegend() {
        let norms = renderer.render(.sparklines(SparklineGroup(series: [Series(label: "‖g‖", values: [0, 1e-3, 1, 10])], scale: .log)))
        #expect(norms.contains("· 0") && !norms.contains("≤0"), "\(norms)")
        let signed = renderer.render(.sparklines(SparklineGroup(series: [Series(label: "x", values: [-1, 1e-3, 1, 10])], scale: .log)))
        #expect(signed.contains("· ≤0"), "\(signed)")
    }

    @Test("a row flat on a shared log range of many decades is drawn again on its own range")
    func aFlattenedRowIsDrawnAgainOnItsOwnRange() throws {
        // 18 decades shared; `big` moves by a factor 14, within one mark of them
        let small = Series(label: "small", values: (0..<50).map { 2.8 * pow(0.45, Double(49 - $0)) })
        let big = Series(label: "big", values: (0..<50).map { 0.72 * pow(1.055, Double(49 - $0)) })
        let sparks = renderer.render(.sparklines(SparklineGroup(series: [small, big], scale: .log, sharedRange: true, firstIndex: 1)))
        show(sparks)
        let rows = lines(sparks)
        let bigRow = try #require(rows.firstIndex { $0.hasPrefix("big ") })
        #expect(Set(rows[bigRow].filter { "▁▂▃▄▅▆▇█".contains($0) }).count <= 2, "flat on the shared range")
        let again = rows[bigRow + 1]
        #expect(again.hasSuffix("big on its own range"), "\(sparks)")
        #expect(markColumn(again) == markColumn(rows[bigRow]))
        let marks = again.filter { "▁▂▃▄▅▆▇█".contains($0) }
        #expect(marks.first == "█" && marks.last == "▁" && Set(marks).count >= 6, "its own shape, largest at step 1")
        #expect(rows.allSatisfy { $0.count <= 80 })
        #expect(!lines(renderer.render(.sparklines(SparklineGroup(series: [small, big], scale: .log, firstIndex: 1))))
            .contains { $0.contains("on its own range") && !$0.contains("each row") }, "without a shared range no row is drawn twice")
    }

    @Test("rows scaled each to their own range say so")
    func rowsOnTheirOwnRangesSaySo() {
        let rows = [Series(label: "a", values: [1, 2, 3]), Series(label: "b", values: [10, 20, 30])]
        let own = renderer.render(.sparklines(SparklineGroup(series: rows, scale: .linear, firstIndex: 1)))
        #expect(own.contains("each row on its own range"), "\(own)")
        let shared = renderer.render(.sparklines(SparklineGroup(series: rows, scale: .linear, sharedRange: true, firstIndex: 1)))
        #expect(shared.contains("shared range") && !shared.contains("own range"), "\(shared)")
        let one = renderer.render(.sparklines(SparklineGroup(series: [rows[0]], scale: .linear, firstIndex: 1)))
        #expect(!one.contains("range"), "one row needs no word on ranges")
    }

    @Test("a heat strip with each row on its own range shows a small unit's jump beside a large one, its range at its right")
    func heatStripRowsOnTheirOwnRanges() {
        // c[3] carries 0.5 from step 3; c[4] grows to 30
        let rows = [Series(label: "c[3]", values: [0, 0, 0.5, 0.5, 0.5, 0.5]),
                    Series(label: "c[4]", values: [1, 5, 10, 15, 20, 30])]
        func strip(_ own: Bool) -> [Substring] {
            var strip = HeatStrip(rows: rows, scale: .diverging(limit: 30), firstIndex: 1)
            strip.eachRowOnItsOwnRange = own
            let text = renderer.render(.heatStrip(strip))
            show(text)
            return lines(text)
        }
        let shared = strip(false)
        #expect(shared.first { $0.hasPrefix("c[3]") } == "c[3]  ......", "on c[4]'s range the jump is lost: \(shared)")
        let own = strip(true)
        #expect(own.first { $0.hasPrefix("c[3]") } == "c[3]  ..@@@@  ±0.50", "\(own)")
        #expect(own.first { $0.hasPrefix("c[4]") } == "c[4]  .++*#@  ±30", "\(own)")
        #expect(own.contains("      each row on its own range, written at its right"), "\(own)")
        #expect(own.contains { $0.hasPrefix("      low [") && $0.hasSuffix("] high") }, "the legend's ends are each row's: \(own)")
    }

    @Test func aStripsRulerNamesItsLastIndexWhereItFits() {
        func ruler(count: Int, from first: Int) -> Substring {
            let strip = renderer.render(.heatStrip(HeatStrip(
                rows: [Series(label: "w", values: (0..<count).map(Double.init))], indexLabel: "column", firstIndex: first)))
            return lines(strip)[0]
        }
        #expect(ruler(count: 8, from: 0) == "column  0      7")
        #expect(ruler(count: 25, from: 1) == "column  1        10        20   25")  // 25 over the last value
        #expect(ruler(count: 11, from: 0) == "column  0         10")
        #expect(ruler(count: 12, from: 0) == "column  0          11", "10 gives way to the last index, 11, that it would touch")
        #expect(ruler(count: 1, from: 0) == "column  0")
        // labels that cannot both start over their values a space apart read as one range
        #expect(ruler(count: 2, from: 1) == "column  1–2")
        #expect(ruler(count: 2, from: 9) == "column  9–10")
        #expect(ruler(count: 3, from: 10) == "column  10–12")
        #expect(ruler(count: 3, from: 1) == "column  1 3", "three values from 1 keep a label each")
        let ascii = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: false))
        let asciiStrip = ascii.render(.heatStrip(HeatStrip(rows: [Series(label: "w", values: [1, 2])], indexLabel: "column", firstIndex: 1)))
        #expect(lines(asciiStrip)[0] == "column  1..2")
        // a strip as wide as the screen: 76 would start in the last column and pass the edge,
        // so the strip wraps where each part's last index has room
        let full = ruler(count: 80 - "column  ".count, from: 5)
        #expect(full.count <= 80 && full.hasSuffix("72"), "\(full)")
    }

    /// The index labels of a ruler line and the columns they start in, after the label
    /// column: `[(1, 0), (10, 9)]` of `step  1        10`.
    func rulerLabels(_ line: Substring, after labelWidth: Int) -> [(index: Int, column: Int)] {
        let marks = Array(line.dropFirst(labelWidth + 2))
        var labels: [(index: Int, column: Int)] = []
        var column = 0
        while column < marks.count {
            guard marks[column] != " " else { column += 1; continue }
            let word = String(marks[column...].prefix { $0 != " " })
            labels.append((Int(word) ?? .min, column))
            column += word.count
        }
        return labels
    }

    @Test("every part of a heat strip's ruler names its first and last step over their cells, at any width and length")
    func rulersNameTheFirstAndLastSteps() {
        for width in [30, 40, 60, 80, 120] {
            let narrow = Renderer(caps: TerminalCaps(width: width, color: false, unicode: true))
            for count in 1...130 {
                let strip = HeatStrip(rows: [Series(label: "h[0]", values: (0..<count).map { Double($0 % 3) })], firstIndex: 1)
                let text = narrow.render(.heatStrip(strip))
                show(text)
                let lines = lines(text)
                var covered = 0
                for (number, line) in lines.enumerated() where line.hasPrefix("step") {
                    #expect(line.count <= width, "\(width) columns, \(count) steps: \(line)")
                    // the cells under this ruler: the row after it
                    let cells = lines[number + 1].dropFirst("h[0]  ".count).count
                    let (first, last) = (covered + 1, covered + cells)
                    // two labels too close to both start over their cells are one range: `1–2`
                    let parts = line.dropFirst("step  ".count).split(separator: "–")
                    if parts.count == 2 {
                        #expect(cells <= 3 && Int(parts[0]) == first && Int(parts[1]) == last, "\(width) columns, \(count) steps: \(line)")
                        covered = last
                        continue
                    }
                    let labels = rulerLabels(line, after: "step".count)
                    // each label starts over its own step's cell
                    #expect(labels.allSatisfy { $0.column == $0.index - first }, "\(width) columns, \(count) steps: \(line)")
                    #expect(labels.first?.index == first, "\(width) columns, \(count) steps: \(line)")
                    #expect(labels.last?.index == last, "\(width) columns, \(count) steps: \(line)")
                    covered = last
                }
                #expect(covered == count, "\(width) columns, \(count) steps: \(text)")
            }
        }
    }

    @Test("a 50-step strip names step 50 over its cell at 80 and 60 columns, and a wrapped 101st step is named too")
    func fiftyStepStrip() {
        for width in [80, 60] {
            let narrow = Renderer(caps: TerminalCaps(width: width, color: false, unicode: true))
            let fifty = lines(narrow.render(.heatStrip(HeatStrip(rows: [Series(label: "h[0]", values: Array(repeating: 0.5, count: 50))],
                                                                  firstIndex: 1))))
            #expect(fifty[0] == "step  1        10        20        30        40        50", "\(fifty)")
            let long = lines(narrow.render(.heatStrip(HeatStrip(rows: [Series(label: "h[0]", values: Array(repeating: 0.5, count: 101))],
                                                                 firstIndex: 1))))
            let rulers = long.filter { $0.hasPrefix("step") }
            #expect(rulers.last?.hasSuffix(" 101") == true, "\(width) columns: \(rulers)")
            #expect(rulers.allSatisfy { $0.split(separator: " ").count >= 3 }, "each part names its first and last step: \(rulers)")
        }
    }

    @Test func sixtyFourUnitsAtEightyColumns() {
        let units = (0..<64).map { unit in
            Series(label: "h[\(unit)]", values: (0..<12).map { tanh(sin(Double($0 * (unit + 1)) / 5)) })
        }
        let sparks = renderer.render(.sparklines(SparklineGroup(title: "hidden state, 64 units", series: units,
                                                                scale: .linear, sharedRange: true, firstIndex: 1)))
        show(sparks)
        #expect(lines(sparks).allSatisfy { $0.count <= 80 })
        #expect(lines(sparks).filter { $0.hasPrefix("h[") }.count == 64)
        // Labels are aligned: every mark starts in the same column.
        let starts = Set(lines(sparks).filter { $0.hasPrefix("h[") }.map(markColumn))
        #expect(starts.count == 1)

        let layer = renderer.render(.heatStrip(HeatStrip(
            title: "h at step 12, one cell per unit",
            rows: [Series(label: "h", values: units.map { $0.values[11] })],
            scale: .diverging(limit: 1), indexLabel: "unit")))
        show(layer)
        #expect(lines(layer).allSatisfy { $0.count <= 80 })
        #expect(lines(layer).count == 4, "64 cells fit on one line at 80 columns")

        let table = renderer.render(.table(Table(
            rowHeader: "step", columns: (0..<64).map { Table.Column("\($0)") },
            rows: (0..<12).map { step in Table.Row("t=\(step + 1)", units.map { $0.values[step] }) })))
        show(table)
        #expect(lines(table).allSatisfy { $0.count <= 80 })
        #expect(table.contains("part 1 of 8 · 8 of 64 columns"))
    }
}
