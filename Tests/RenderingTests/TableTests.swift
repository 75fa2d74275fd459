@testable import Rendering
import Testing

@Suite struct TableTests {
    func lines(_ table: Table, width: Int) -> [String] {
        Renderer(caps: TerminalCaps(width: width, color: false, unicode: true)).render(.table(table))
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    @Test func longTablesElideTheMiddle() {
        let table = Table(rowHeader: "step", columns: [Table.Column("h")],
                          rows: (1...200).map { Table.Row("t=\($0)", [Double($0) / 1000]) }, rowNoun: "steps")
        let shown = lines(table, width: 80)
        #expect(shown.contains("… 176 more steps …"))
        #expect(shown.contains { $0.hasPrefix("t=1 ") })
        #expect(shown.contains { $0.hasPrefix("t=200 ") })
        #expect(!shown.contains { $0.hasPrefix("t=100 ") })
        var all = table
        all.showAll = true
        #expect(lines(all, width: 80).count == 202)
        var hinted = table
        hinted.elisionHint = "--all shows them"
        #expect(lines(hinted, width: 80).contains("… 176 more steps (--all shows them) …"))
    }

    @Test func aLongLabelBesideNarrowColumnsIsShownWhole() {
        let label = "final cross-entropy, smoothed over the last steps"
        let table = Table(rowHeader: "", columns: [Table.Column("value")], rows: [Table.Row(label, [1.5])])
        #expect(lines(table, width: 80).contains { $0.hasPrefix(label + "  ") })
        let narrow = lines(table, width: 40)
        #expect(narrow.allSatisfy { $0.count <= 40 })
        #expect(narrow.contains { $0.contains("…") }, "cut only when the screen is too narrow")
    }

    @Test func wideTablesSplitIntoPagesRepeatingLabels() {
        let columns = (0..<64).map { Table.Column("\($0)") }
        let rows = (1...3).map { step in Table.Row("t=\(step) 'a'", (0..<64).map { Double($0 + step) / 100 - 0.3 }) }
        let shown = lines(Table(rowHeader: "step", columns: columns, rows: rows), width: 80)
        #expect(shown.allSatisfy { $0.count <= 80 })
        let pageHeaders = shown.filter { $0.hasPrefix("part ") }
        #expect(pageHeaders.count > 1)
        #expect(shown.filter { $0.hasPrefix("t=2 'a'") }.count == pageHeaders.count)
        for column in 0..<64 {
            let value = NumberFormat.format(Double(column + 2) / 100 - 0.3, style: .fixed(decimals: 2))
            #expect(shown.contains { $0.hasPrefix("t=2 'a'") && $0.contains(value) }, "column \(column) missing")
        }
    }

    @Test("columns of one name in two groups are written alike when they are of one size")
    func sameNamesAlike() {
        let columns = ["plain", "drop"].flatMap { side in ["h[0]", "h[1]"].map { Table.Column($0, group: side) } }
        var table = Table(rowHeader: "step", columns: columns, rows: [
            Table.Row("t=1", [0.046291, 5e7, 0.046291, 0.2]),
            Table.Row("t=2", [0.5, 6e7, 0.0012, 0.3]),
        ])
        func cells(_ line: String?) -> [String] { (line ?? "").split(separator: " ").map(String.init) }
        let apart = cells(lines(table, width: 80).first { $0.hasPrefix("t=1") })
        #expect(apart[1] != apart[3], "each column has its own format: \(apart)")
        table.formatSharing = .sameNames
        let alike = cells(lines(table, width: 80).first { $0.hasPrefix("t=1") })
        #expect(alike[1] == alike[3], "h[0] reads the same on both sides: \(alike)")
        #expect(alike[4] == apart[4], "a 0.2 beside 5e7 keeps its own format: \(alike)")
    }

    @Test("a compared column keeps its neighbours' decimals for one tiny value, which is written on its own")
    func oneTinyValueOfAComparedColumn() {
        let columns = ["rnn", "lstm"].flatMap { side in ["h[0]", "h[1]"].map { Table.Column($0, group: side) } }
        var table = Table(rowHeader: "step", columns: columns, rows: [
            Table.Row("t=1", [-0.4920, -0.7364, 0.0497, 0.2195]),
            Table.Row("t=2", [-0.4159, 0.000048, -0.0061, 0.2164]),
            Table.Row("t=3", [-0.2931, 0.0363, 0.0813, 0.3215]),
        ])
        table.formatSharing = .sameNames
        func cells(_ prefix: String) -> [String] {
            (lines(table, width: 80).first { $0.hasPrefix(prefix) } ?? "").split(separator: " ").map(String.init)
        }
        #expect(cells("t=1") == ["t=1", "-0.4920", "-0.7364", "0.0497", "0.2195"], "h[1] has 4 decimals as h[0] has")
        #expect(cells("t=2")[2] == "4.800e-05", "\(cells("t=2"))")
        // a table whose columns do not share by name keeps taking decimals for it, as before
        table.formatSharing = .none
        #expect(cells("t=1")[2] == "-0.736400", "\(cells("t=1"))")
    }

    @Test("the units of one quantity are written alike when they are of one size")
    func allColumnsAlike() {
        var table = Table(rowHeader: "step", columns: ["h[0]", "h[1]", "h[2]"].map { Table.Column($0) }, rows: [
            Table.Row("t=1", [0.0560, -0.08028, 3e6]),
            Table.Row("t=2", [0.1861, -0.00744, 4e6]),
        ])
        func cells(_ prefix: String) -> [String] {
            (lines(table, width: 80).first { $0.hasPrefix(prefix) } ?? "").split(separator: " ").map(String.init)
        }
        #expect(cells("t=1")[1...2] == ["0.0560", "-0.08028"], "each column its own format")
        table.formatSharing = .allColumns
        #expect(cells("t=1")[1...2] == ["0.0560", "-0.0803"], "\(cells("t=1"))")
        #expect(cells("t=2")[1...2] == ["0.1861", "-0.0074"])
        #expect(cells("t=1")[3] == "3000000", "a 3e6 among values below 1 keeps its own format")
    }

    @Test("a unit whose values are all zero (a dead ReLU) writes them as its neighbours write a zero, not as a whole number")
    func aColumnOfZerosTakesTheSharedFormat() {
        var table = Table(rowHeader: "step", columns: ["h[0]", "h[1]", "h[2]"].map { Table.Column($0) }, rows: [
            Table.Row("t=1", [0, 0.2602, 0]),
            Table.Row("t=2", [0, 0.1526, -0.0]),
        ])
        table.formatSharing = .allColumns
        let rows = lines(table, width: 80).filter { $0.hasPrefix("t=") }
        #expect(rows == ["t=1   0.0000  0.2602  0.0000", "t=2   0.0000  0.1526  0.0000"], "\(rows)")
    }

    @Test func groupsStayTogetherAndSpanTheirColumns() {
        let columns = ["input", "forget"].flatMap { gate in (0..<2).map { Table.Column("\($0)", group: gate) } }
        let table = Table(rowHeader: "step", columns: columns, rows: [Table.Row("t=1", [0.1, 0.2, 0.3, 0.4])])
        #expect(lines(table, width: 80) == [
            "      ─── input ────  ─── forget ───",
            "step       0       1       0       1",
            "────────────────────────────────────",
            "t=1   0.1000  0.2000  0.3000  0.4000",
        ])
        let narrow = lines(table, width: 28)
        #expect(narrow.contains("part 1 of 2 · 2 of 4 columns"), "\(narrow)")
        #expect(narrow.contains("part 2 of 2 · 2 of 4 columns"))
        // too narrow for the count, the header keeps the part
        #expect(lines(table, width: 24).filter { $0.hasPrefix("part ") } == ["part 1 of 2", "part 2 of 2"])
    }

    @Test func aGroupNameWiderThanItsOneColumnWidensItInsteadOfBeingCut() {
        let columns = [Table.Column("1st", group: "most likely"), Table.Column("next", group: "came next"), Table.Column("p", group: "came next")]
        let table = Table(rowHeader: "step", columns: columns, rows: [Table.Row("t=1", cells: ["#6 0.1830", "#2", 0.1567])])
        let shown = lines(table, width: 80)
        #expect(shown.first?.contains("most likely") == true, "\(shown)")
        #expect(!shown.joined().contains("…"), "\(shown)")
        #expect(shown.allSatisfy { $0.count <= 80 })
        // split over pages, the column widens as far as its page holds
        let paged = lines(table, width: 26)
        #expect(paged.contains { $0.hasPrefix("part 1 of 2") }, "\(paged)")
        #expect(paged.contains { $0.contains("most likely") }, "\(paged)")
        #expect(paged.allSatisfy { $0.count <= 26 }, "\(paged)")
        // no room to widen: the name is cut to its column, and the table still fits
        let narrow = lines(table, width: 18)
        #expect(narrow.allSatisfy { $0.count <= 18 }, "\(narrow)")
    }

    @Test("a table of ungrouped columns too wide for the screen is split over pages in even parts, not a full page and a remnant")
    func ungroupedColumnsSplitEvenly() {
        // show x of eight features at 60 columns: 6 then 2 before, 4 and 4 now
        let columns = (0..<8).map { Table.Column("x[\($0)]") }
        let table = Table(rowHeader: "step", columns: columns, rows: [Table.Row("t=1", (0..<8).map { -0.8 + Double($0) / 10 })])
        let narrow = lines(table, width: 60)
        #expect(narrow.filter { $0.hasPrefix("part ") } == ["part 1 of 2 · 4 of 8 columns", "part 2 of 2 · 4 of 8 columns"], "\(narrow)")
        #expect(narrow.filter { $0.hasPrefix("step") }.map { $0.split(separator: " ").count } == [5, 5], "\(narrow)")
        #expect(narrow.allSatisfy { $0.count <= 60 })
        // the ones that fit stay on one page
        #expect(!lines(table, width: 80).contains { $0.hasPrefix("part ") })
    }

    @Test("columns left out are marked by a … column inside their group and counted under the table")
    func leftOutColumns() {
        let gates: [String] = ["i", "f"]
        let columns = gates.flatMap { gate in [0, 1, 6, 7].map { Table.Column("\(gate)[\($0)]", group: gate) } }
        var table = Table(rowHeader: "step", columns: columns, rows: [Table.Row("t=1", (0..<8).map { Double($0) / 10 })])
        table.leftOutColumns = [2: 4, 6: 4]
        table.columnNoun = "units"
        table.columnElisionHint = "--unit K shows others"
        #expect(lines(table, width: 100) == [
            "      ────────────── i ──────────────  ─────────────── f ───────────────",
            "step  i[0]    i[1]  …    i[6]    i[7]    f[0]    f[1]  …    f[6]    f[7]",
            "────────────────────────────────────────────────────────────────────────",
            "t=1      0  0.1000  …  0.2000  0.3000  0.4000  0.5000  …  0.6000  0.7000",
            "… 4 more units in each of 2 groups (--unit K shows others) …",
        ])
        table.leftOutColumns = [2: 5, 8: 1]
        let uneven = lines(table, width: 100)
        #expect(uneven.last == "… 6 more units (--unit K shows others) …")
        #expect(uneven[1].hasSuffix("f[7]  …"), "a gap after the last column: \(uneven[1])")
        let narrow = lines(table, width: 40)
        #expect(narrow.allSatisfy { $0.count <= 40 })
        #expect(lines(table, width: 30).suffix(2) == ["… 6 more units (--unit K shows", "others) …"], "wrapped, not cut")
        #expect(narrow.filter { $0.hasPrefix("part ") }.allSatisfy { $0.hasSuffix(" of 8 columns") }, "the gaps are not counted as columns")
        let ascii = Renderer(caps: TerminalCaps(width: 100, color: false, unicode: false)).render(.table(table))
        #expect(ascii.contains("i[1]  ...") && ascii.contains("... 6 more units"))
    }

    @Test("columns that share a format get the one the numbers of all their columns of one size give")
    func sharedFormatsMatchTheirDefinition() {
        var seed: UInt64 = 0x5EED
        func next() -> Double {  // a fixed sequence: uniform in [0, 1)
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Double(seed >> 11) / Double(1 << 53)
        }
        for trial in 0..<40 {
            let columnCount = 1 + Int(next() * 60)
            let columns = (0..<columnCount).map { _ in Table.Column(["a", "b", "c"][Int(next() * 3)]) }
            let rows = (0..<Int(next() * 5)).map { row in
                Table.Row("\(row)", cells: (0..<columnCount).map { column -> Table.Cell in
                    // columns of sizes from 1e-6 to 1e6, some whole, some text, a NaN now and then
                    let size = [1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1, 10, 100, 1e3, 1e4, 1e5, 1e6][(column * 7 + trial) % 13]
                    switch Int(next() * 10) {
                    case 0: return .text("x")
                    case 1: return .number(.nan)
                    case 2: return .number((next() * 100).rounded())
                    case 3: return .number(0)
                    default: return .number((next() - 0.5) * size)
                    }
                })
            }
            for sharing in [Table.FormatSharing.none, .sameNames, .allColumns] {
                var table = Table(columns: columns, rows: rows)
                table.formatSharing = sharing
                // the definition: a column's numbers with those of every column it shares
                // with whose largest value is within a factor 100 of its own
                func numbers(_ column: Int) -> [Double] {
                    rows.compactMap { if case .number(let value) = $0.cells[column] { value } else { nil } }
                }
                func size(_ column: Int) -> Double { numbers(column).filter(\.isFinite).map(abs).max() ?? 0 }
                let expected = (0..<columnCount).map { column in
                    let sharing: [Int] = switch sharing {
                    case .none: [column]
                    case .sameNames: (0..<columnCount).filter { columns[$0].name == columns[column].name }
                    case .allColumns: Array(0..<columnCount)
                    }
                    // a column of zeros only is of every size
                    let alike = size(column) == 0 ? sharing : sharing.filter { max(size($0), size(column)) <= 100 * min(size($0), size(column)) }
                    // columns shared by name (a comparison's sides) leave one tiny value apart
                    return NumberFormat.style(for: NumberFormat.Magnitudes(alike.flatMap(numbers)), significantDigits: 4,
                                              leavingOneApart: table.formatSharing == .sameNames)
                }
                #expect(TableLayout.formatStyles(table) == expected, "trial \(trial), \(sharing)")
            }
        }
    }

    @Test("laying out a table asks whether to stop every few thousand cells, and gives up when told")
    func layoutStops() {
        let table = Table(columns: (0..<100).map { Table.Column("\($0)") },
                          rows: (0..<100).map { row in Table.Row("\(row)", (0..<100).map { Double($0 * row) / 7 }) })
        let renderer = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))
        var asked = 0
        #expect(renderer.render([.prose("before"), .table(table)], shouldStop: { asked += 1; return asked > 2 }) == nil)
        #expect(asked == 3, "asked before each block, then after the first 4,096 cells")
        asked = 0
        let whole = renderer.render([.prose("before"), .table(table)], shouldStop: { asked += 1; return false })
        #expect(whole == renderer.render([.prose("before"), .table(table)]))
        #expect(asked > 3 && asked < 40, "\(asked) times")
    }

    /// A listing: a short mark, a long title, a number and a note column.
    static let listing = Table(
        rowHeader: "lesson",
        columns: [Table.Column("done"), Table.Column("title", fit: .shrink(minimum: 12)), Table.Column("min"),
                  Table.Column("requires", fit: .omit)],
        rows: [
            Table.Row("basics", cells: [.text("✓"), .text("Recurrent networks: a hidden state that summarizes the past"), .number(15), .empty]),
            Table.Row("lstm", cells: [.empty, .text("The LSTM cell"), .number(20), .text("basics*")]),
        ])

    @Test func aListingThatFitsIsShownWhole() {
        let shown = lines(Self.listing, width: 120)
        #expect(shown[0].hasSuffix("min  requires"))
        #expect(shown.contains { $0.contains("summarizes the past") && $0.hasSuffix("15") })
        #expect(shown.contains { $0.hasPrefix("lstm") && $0.hasSuffix("basics*") })
    }

    @Test func aNarrowScreenLeavesOutOmittableColumnsBeforeCuttingText() {
        // Without `requires` the listing is 6 + 6 + 61 + 5 = 78 wide: nothing is cut at 80.
        let at80 = lines(Self.listing, width: 80)
        #expect(!at80.contains { $0.contains("requires") || $0.contains("basics*") })
        #expect(at80.contains { $0.hasSuffix("a hidden state that summarizes the past   15") }, "\(at80)")
        #expect(!at80.contains { $0.hasPrefix("part ") })
        // Narrower, the title is cut with … and the table stays on one page.
        let at50 = lines(Self.listing, width: 50)
        #expect(at50.allSatisfy { $0.count <= 50 }, "\(at50)")
        #expect(at50.contains { $0.hasSuffix("Recurrent networks: a hidden s…   15") }, "\(at50)")
        #expect(at50.contains { $0.hasPrefix("lstm") && $0.contains("The LSTM cell") })
        #expect(!at50.contains { $0.hasPrefix("part ") })
    }

    @Test func textIsNotCutBelowItsMinimumAndTheRestGoesToAnotherPage() {
        let at30 = lines(Self.listing, width: 30)
        #expect(at30.contains { $0.contains("Recurrent n…") }, "\(at30)")
        #expect(at30.contains { $0.hasPrefix("part 1 of ") }, "\(at30)")
    }

}

@Suite struct TableShadingTests {
    @Test func numbersAreTintedOnlyWithColor() {
        let table = Table(columns: [Table.Column("h")], rows: [Table.Row("a", [0.9]), Table.Row("b", [-0.9]),
                                                              Table.Row("c", [0.05])],
                          shading: .diverging(limit: 1))
        let colored = Renderer(caps: TerminalCaps(width: 40, color: true, unicode: true)).render(.table(table))
        #expect(colored.contains("\u{1B}[38;5;196m 0.9000\u{1B}[0m"))
        #expect(colored.contains("\u{1B}[38;5;33m-0.9000\u{1B}[0m"))
        #expect(colored.contains("c   0.0500\n"))
        let plain = Renderer(caps: TerminalCaps(width: 40, color: false, unicode: true)).render(.table(table))
        #expect(!plain.contains("\u{1B}"))
    }
}

@Suite("display width of emoji sequences")
struct EmojiWidthTests {
    @Test("an emoji with a skin tone, or joined to others by zero-width joiners, takes two columns, as terminals draw it")
    func emojiSequencesTakeTwoColumns() {
        #expect("👍".displayWidth == 2)
        #expect("👍🏽".displayWidth == 2)
        #expect("👩‍💻".displayWidth == 2)
        #expect("👨‍👩‍👧".displayWidth == 2)
        #expect("héllo 👍🏽!".displayWidth == 9)
        // cut to 3 columns: the tone stays with its emoji, and nothing after it fits
        #expect("👍🏽ab".truncated(toWidth: 3, marker: "") == "👍🏽a")
    }
}
