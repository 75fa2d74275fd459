import Foundation
import RNNEngine
import Rendering
import Testing
@testable import Lab

/// Tables of many units: the first and last units of a wide group, the others by --unit
/// A..B or --all, and Ctrl-C while a large table is laid out.
@Suite("Tables of many units")
struct WideTableTests {
    /// The table a `show` returned.
    static func table(_ outcome: CommandOutcome) throws -> Table {
        try #require(outcome.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first,
                     "\(outcome.error?.message ?? "no table")")
    }

    /// The lines of `outcome` as a terminal 100 columns wide shows them.
    static func screen(_ outcome: CommandOutcome) -> [String] {
        Renderer(caps: TerminalCaps(width: 100, color: false, unicode: true)).render(outcome.blocks)
            .split(separator: "\n").map(String.init)
    }

    @Test("show of more than 32 units shows the first and last 3, says how many it left out and how to see them")
    func wideGroupsShowTheirEnds() throws {
        let session = try labSession(["model lstm --input 3 --hidden 40 --seed 1", "feed random 3"])
        let h = session.execute("show h")
        let table = try Self.table(h)
        #expect(table.columns.map(\.name) == ["h[0]", "h[1]", "h[2]", "h[37]", "h[38]", "h[39]"])
        #expect(table.leftOutColumns == [3: 34])
        #expect(session.record.facets.count == 6, "the units shown: \(session.record.facets.sorted())")
        let lines = Self.screen(h)
        #expect(lines.contains("… 34 more units (--unit K or --unit A..B shows others) …"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("step") && $0.contains("h[2]  …     h[37]") && $0.hasSuffix("h[39]") }, "\(lines)")
        // a gate's units are left out within the gate, the four groups alike
        let gates = try Self.table(session.execute("show gates"))
        #expect(gates.columns.count == 24)
        #expect(gates.leftOutColumns == [3: 34, 9: 34, 15: 34, 21: 34])
        #expect(gates.columns[3].name == "i[37]" && gates.columns[6].name == "f[0]")
        #expect(Self.screen(session.execute("show gates")).contains("… 34 more units in each of 4 groups (--unit K or --unit A..B shows others) …"))
        // the CSV for other programs has every unit
        let csv = session.execute("show h --format csv")
        #expect(csv.blocks.contains { if case .data(let text) = $0 { text.contains("h[20]") } else { false } })
    }

    @Test("--unit A..B chooses a range of units, --all shows every one, and 32 units are shown whole")
    func unitRangesAndAll() throws {
        let session = try labSession(["model lstm --input 3 --hidden 40 --seed 1", "feed random 3"])
        let range = try Self.table(session.execute("show h --unit 5..9"))
        #expect(range.columns.map(\.name) == ["h[5]", "h[6]", "h[7]", "h[8]", "h[9]"])
        #expect(range.leftOutColumns.isEmpty)
        #expect(try Self.table(session.execute("show c --unit -3..-1")).columns.map(\.name) == ["c[37]", "c[38]", "c[39]"])
        #expect(try Self.table(session.execute("show f --unit 7")).columns.map(\.name) == ["f[7]"])
        #expect(try Self.table(session.execute("show gates --unit 1..2")).columns.map(\.name)
                == ["i[1]", "i[2]", "f[1]", "f[2]", "g[1]", "g[2]", "o[1]", "o[2]"])
        // a range wider than 32 is cut as well, and --all then shows it
        let wide = session.execute("show h --unit 0..35")
        #expect(try Self.table(wide).leftOutColumns == [3: 30])
        #expect(Self.screen(wide).contains("… 30 more units (--all shows them) …"))
        let all = try Self.table(session.execute("show h --all"))
        #expect(all.columns.count == 40 && all.leftOutColumns.isEmpty)
        for (line, message) in [
            ("show h --unit 9..5", "--unit 9..5 runs backwards: write the lower unit first, 5..9"),
            ("show h --unit 0..40", "--unit 40 is out of range: lstm has units 0..39, or -1..-40 from the end"),
            ("show h --unit two", "--unit must be a unit such as 3 or a range such as 0..7, got 'two'"),
            ("show grad-norm --unit 0..2", "grad-norm has one value per step; --unit does not apply to it"),
        ] {
            if line.contains("grad-norm") { _ = session.execute("grad") }
            #expect(session.execute(line).error?.message == message, "\(line)")
        }
        let small = try labSession(["model gru --input 3 --hidden 32 --seed 1", "feed random 3"])
        #expect(try Self.table(small.execute("show h")).columns.count == 32, "up to 32 units a table shows them all")
    }

    @Test("sparklines and heat strips of more than 32 units show the first and last 3 as a table does; --all and --unit show others")
    func sparklinesAndHeatStripsShowTheirEnds() throws {
        let session = try labSession(["model lstm --input 3 --hidden 40 --seed 1", "feed random 3"])
        for style in ["spark", "heat"] {
            let lines = Self.screen(session.execute("show h --as \(style)"))
            #expect(session.record.facets.contains("lstm/h/layer0/forward/unit39/t1-3"), "the units shown are the ones seen")
            let rows = lines.filter { $0.hasPrefix("h[") }
            #expect(rows.map { String($0.prefix { $0 != " " }) } == ["h[0]", "h[1]", "h[2]", "h[37]", "h[38]", "h[39]"], "\(lines)")
            #expect(lines.contains("… 34 more units (--unit K or --unit A..B shows others) …"), "\(lines)")
            #expect(lines.contains("…"), "the gap is marked where the units were: \(lines)")
            #expect(Self.screen(session.execute("show h --as \(style) --all")).filter { $0.hasPrefix("h[") }.count == 40)
            let chosen = Self.screen(session.execute("show c --as \(style) --unit 10..12"))
            #expect(chosen.filter { $0.hasPrefix("c[") }.count == 3 && !chosen.contains { $0.contains("more units") }, "\(chosen)")
        }
    }

    @Test("heat strips of units tenfold apart draw each on its own range by default; gates keep 0 to 1")
    func ownRangesByDefault() {
        let carried = Series(label: "c[3]", values: [0, 0.5, 0.5]), grown = Series(label: "c[4]", values: [1, 3, 5])
        #expect(QuantityView.ownRangesByDefault([carried, grown], scale: .diverging(limit: 5)))
        #expect(!QuantityView.ownRangesByDefault([Series(label: "c[3]", values: [0, 0.9]), grown], scale: .diverging(limit: 5)))
        #expect(!QuantityView.ownRangesByDefault([carried, grown], scale: .sequential(low: 0, high: 1)))
        #expect(QuantityView.ownRangesByDefault([carried, grown], scale: .sequential(low: 0, high: 5), rangeIsTheData: true))
    }

    @Test("Ctrl-C while a large table is laid out stops it, with the line that says the command still runs")
    func layingOutStops() throws {
        let session = try labSession(["model rnn --input 3 --hidden 40 --seed 1", "feed random 300"])
        let screen = RecordingLiveOutput(redrawsInPlace: true, width: 80)
        session.liveOutput = screen
        session.slowCommandThreshold = .zero  // every command counts as slow
        let renderer = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))
        let outcome = session.execute("show h --all")  // 12,000 numbers
        #expect(outcome.error == nil)
        let before = screen.updates.count, clearedBefore = screen.clearCount
        var asked = 0
        session.interruptionCheck = { asked += 1; return asked > 3 }
        #expect(session.render(outcome.blocks, with: renderer) == nil)
        #expect(asked == 4, "asked before the table and as it formats its numbers, and no more after Ctrl-C")
        #expect(screen.updates[before...].contains(["show: running for 0:00 (Ctrl-C stops it)"]), "\(screen.updates[before...])")
        #expect(screen.clearCount == clearedBefore + 1, "the line is taken away")
        // a Ctrl-C the command left unanswered does not stop the layout
        var pressed = true
        session.interruptionCheck = { pressed }
        session.interruptionReset = { pressed = false }
        let text = try #require(session.render(outcome.blocks, with: renderer))
        #expect(text == renderer.render(outcome.blocks))
    }
}
