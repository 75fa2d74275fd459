@testable import Rendering
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Nothing is told by color alone: a heat strip's cells and a plot's curves read the same
/// with color as without, so a lesson that names the `O` cells or the `o` curve is right in
/// every terminal, and a reader who cannot tell the colors apart loses nothing.
@Suite("Color adds to what the characters say, and never says it alone")
struct ColorAloneTests {
    /// The terminal kinds compared, each with and without color.
    static let kinds = [(width: 80, unicode: true), (width: 80, unicode: false), (width: 40, unicode: true), (width: 120, unicode: true)]

    /// `block` with color, its escapes removed, and without color. Without color lines lose
    /// their trailing spaces, so the stripped lines lose theirs too.
    func bothWays(_ block: Block, width: Int, unicode: Bool) -> (colored: String, stripped: String, plain: String) {
        let colored = Renderer(caps: TerminalCaps(width: width, color: true, unicode: unicode)).render(block)
        let plain = Renderer(caps: TerminalCaps(width: width, color: false, unicode: unicode)).render(block)
        let stripped = ANSI.strip(colored).split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in String(line.reversed().drop { $0 == " " }.reversed()) }
        return (colored, stripped.joined(separator: "\n"), plain)
    }

    @Test("a heat strip draws the same characters and legend with color as without, on colored cells")
    func aHeatStripKeepsItsCharactersWithColor() {
        var ownRange = HeatStrip(title: "h", rows: [Series(label: "h[0]", values: [0.01, -0.02, 0.005]),
                                                    Series(label: "h[1]", values: [3, -1, 2])], scale: .diverging(limit: 1))
        ownRange.eachRowOnItsOwnRange = true
        let odd = HeatStrip(title: "odd", rows: [Series(label: "x", values: [0, .nan, .infinity, -.infinity, 1, 0.5], absent: [5])])
        for block in Samples.heatStrips + [.heatStrip(ownRange), .heatStrip(odd)] {
            for kind in Self.kinds {
                let (colored, stripped, plain) = bothWays(block, width: kind.width, unicode: kind.unicode)
                #expect(stripped == plain, "width \(kind.width), unicode \(kind.unicode):\n\(stripped)\n---\n\(plain)")
                #expect(colored.contains("\u{1B}[48;5;"), "the cells are still colored")
            }
        }
    }

    @Test("a diverging legend names each glyph on its color: the O cells are the deep blue ones")
    func aDivergingLegendPairsEachGlyphWithItsColor() throws {
        let strip = HeatStrip(rows: [Series(label: "c[0]", values: [-1, 0, 1])], scale: .diverging(limit: 1))
        let colored = Renderer(caps: TerminalCaps(width: 80, color: true, unicode: true)).render(.heatStrip(strip))
        let legend = try #require(colored.split(separator: "\n").last.map(String.init))
        let blue = ColorScale.diverging(level: 4, negative: true), red = ColorScale.diverging(level: 4, negative: false)
        #expect(legend.contains(ANSI.background256(blue) + ANSI.foreground256(ColorScale.text(on: blue)) + "O"), "\(legend)")
        #expect(legend.contains(ANSI.background256(red) + ANSI.foreground256(ColorScale.text(on: red)) + "@"), "\(legend)")
    }

    /// The (background color, character) pairs of the painted cells of `line`, in order.
    ///
    /// A run of cells painted alike shares one escape sequence (``Renderer/mergingRuns(_:)``),
    /// so each character after a background escape and before the reset is one cell on that
    /// color; cells with no background (NaN, ±Inf) are left out.
    static func coloredCells(_ line: Substring) -> [(color: Int, mark: Character)] {
        var cells: [(color: Int, mark: Character)] = []
        var background: Int?
        var rest = line[...]
        while let first = rest.first {
            if first == "\u{1B}", let end = rest.firstIndex(of: "m") {
                let code = rest[rest.index(rest.startIndex, offsetBy: 2)..<end]
                if code == "0" { background = nil } else if code.hasPrefix("48;5;") { background = Int(code.dropFirst(5)) }
                rest = rest[rest.index(after: end)...]
                continue
            }
            if let background { cells.append((background, first)) }
            rest = rest.dropFirst()
        }
        return cells
    }

    @Test("every cell of a strip shows a character on the color the legend gives it")
    func everyCellIsALegendPair() throws {
        // values at every hundredth of the range, so each level and each boundary between
        // two is drawn: −0.105 and −0.122 of a ±1 strip are `.`, and must be on `.`'s color
        let ramp = (-100...100).map { Double($0) / 100 }
        let diverging = HeatStrip(title: "diverging", rows: [Series(label: "h", values: ramp),
                                                             Series(label: "h2", values: [-0.105, -0.122, 0.309, 0.125, 0.375, 0.625, 0.875])],
                                  scale: .diverging(limit: 1))
        let sequential = HeatStrip(title: "sequential", rows: [Series(label: "f", values: ramp.map { ($0 + 1) / 2 })],
                                   scale: .sequential(low: 0, high: 1))
        var ownDiverging = HeatStrip(title: "own diverging", rows: [Series(label: "a", values: ramp.map { $0 * 0.37 }),
                                                                    Series(label: "b", values: ramp.map { sin($0 * 5) * 3 })],
                                     scale: .diverging(limit: 1))
        ownDiverging.eachRowOnItsOwnRange = true
        var ownSequential = HeatStrip(title: "own sequential", rows: [Series(label: "f[0]", values: ramp.map { 0.2 + 0.1 * $0 * $0 }),
                                                                     Series(label: "f[1]", values: ramp.map { 0.9 + 0.05 * $0 })],
                                      scale: .sequential(low: 0, high: 1))
        ownSequential.eachRowOnItsOwnRange = true
        for block in [Block.heatStrip(diverging), .heatStrip(sequential), .heatStrip(ownDiverging), .heatStrip(ownSequential)] + Samples.heatStrips {
            for unicode in [true, false] {
                let colored = Renderer(caps: TerminalCaps(width: 80, color: true, unicode: unicode)).render(block)
                let lines = colored.split(separator: "\n")
                // the legend's cells open with `[`; a row's label is followed by two spaces
                let legendLine = try #require(lines.first { $0.contains("[\u{1B}[48;5;") }, "\(colored)")
                let legend = Self.coloredCells(legendLine)
                var colorOf: [Character: Int] = [:]
                for pair in legend {
                    #expect(colorOf[pair.mark, default: pair.color] == pair.color, "the legend gives \(pair.mark) one color: \(legendLine)")
                    colorOf[pair.mark] = pair.color
                }
                let cells = lines.filter { $0 != legendLine }.flatMap { Self.coloredCells($0) }
                #expect(cells.count > 20, "the strip's cells are read")
                let wrong = cells.filter { colorOf[$0.mark] != $0.color }.map { "\($0.mark) on \($0.color)" }
                #expect(wrong.isEmpty, "cells not paired so in the legend: \(Set(wrong).sorted()); legend \(legend.map { "\($0.mark) on \($0.color)" })")
            }
        }
    }

    @Test("a cell's character stands out from its color: black on light cells, white on dark ones")
    func aCellsCharacterStandsOutFromItsColor() {
        let white = 231, black = 16
        #expect(ColorScale.text(on: ColorScale.diverging(level: 0, negative: false)) == black, "near-white at zero")
        #expect(ColorScale.text(on: ColorScale.diverging(level: 4, negative: true)) == white, "saturated blue")
        #expect(ColorScale.text(on: ColorScale.diverging(level: 4, negative: false)) == white, "saturated red")
        #expect(ColorScale.text(on: ColorScale.sequential(level: 0)) == white, "dark blue")
        #expect(ColorScale.text(on: ColorScale.sequential(level: 9)) == black, "yellow")
    }

    @Test("several curves on a plot get their own marks, named in the legend, with color as without")
    func aPlotsCurvesAreToldApartByMarksWithColor() {
        /// A falling loss curve: 2 e^(−step/rate) + 0.1.
        func losses(_ rate: Double) -> [Double] { (0..<80).map { step -> Double in 2 * exp(-Double(step) / rate) + 0.1 } }
        let race = Block.plot(LinePlot(title: "loss per step, smoothed",
                                       series: [Series(label: "race-rnn", values: losses(60)), Series(label: "race-lstm", values: losses(20)),
                                                Series(label: "race-gru", values: losses(10))], xLabel: "step", firstX: 1))
        for block in Samples.plots + [race] {
            for kind in Self.kinds {
                let (_, stripped, plain) = bothWays(block, width: kind.width, unicode: kind.unicode)
                #expect(stripped == plain, "width \(kind.width), unicode \(kind.unicode):\n\(stripped)\n---\n\(plain)")
            }
        }
        let (colored, stripped, _) = bothWays(race, width: 80, unicode: true)
        for (mark, name) in zip(Renderer.plotMarks, ["race-rnn", "race-lstm", "race-gru"]) {
            #expect(stripped.contains("\(mark) \(name)"), "the legend names \(name)'s mark:\n\(stripped)")
            let canvas = stripped.split(separator: "\n").dropFirst().prefix(10)
            #expect(canvas.contains { $0.contains(mark) }, "the canvas draws \(name) with \(mark):\n\(stripped)")
        }
        #expect(Renderer.plotColors.prefix(3).allSatisfy(colored.contains), "each curve keeps its color too")
    }

    @Test("where curves share a cell the plot shows the overlap mark, named in the legend, with color as without; the later curve does not hide the earlier")
    func curvesThatShareACellShowTheOverlapMark() {
        // race-rnn and race-lstm run together for the first 40 steps, then part
        let together = (0..<40).map { 2 - Double($0) / 40 }
        let rnn = together + (0..<40).map { _ in 1.0 }, lstm = together + (0..<40).map { 1 - Double($0) / 40 }
        let race = Block.plot(LinePlot(title: "loss per step", series: [Series(label: "race-rnn", values: rnn),
                                                                          Series(label: "race-lstm", values: lstm)], firstX: 1))
        for kind in Self.kinds {
            let (colored, stripped, plain) = bothWays(race, width: kind.width, unicode: kind.unicode)
            #expect(stripped == plain, "width \(kind.width), unicode \(kind.unicode):\n\(stripped)\n---\n\(plain)")
            let lines = plain.split(separator: "\n")
            // the legend follows the x axis's numbers, on more lines when the width is narrow
            let canvas = lines.dropFirst().prefix(10)
            let legend = lines.dropFirst(13).flatMap { $0.split(separator: " ") }.joined(separator: " ")
            #expect(canvas.contains { $0.contains(Renderer.plotOverlapMark) }, "the shared steps:\n\(plain)")
            #expect(canvas.contains { $0.contains("*") } && canvas.contains { $0.contains("o") }, "each curve where it runs alone:\n\(plain)")
            #expect(legend == "* race-rnn o race-lstm & curves overlap", "\(plain)")
            #expect(colored.contains(ANSI.bold + Renderer.plotOverlapMark), "in no curve's color:\n\(colored)")
        }
        // a last curve that summarizes the others is drawn over them, as one line
        var summarized = LinePlot(series: [Series(label: "each step", values: rnn), Series(label: "median", values: rnn)])
        summarized.marksOverlaps = false
        let drawn = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(.plot(summarized))
        let summaryCanvas = drawn.split(separator: "\n").prefix(10)
        #expect(!drawn.contains(Renderer.plotOverlapMark) && !summaryCanvas.contains { $0.contains("*") } && drawn.contains("o median"),
                "\(drawn)")
        // curves that never meet have no overlap mark, and the legend does not name one
        let apart = Block.plot(LinePlot(series: [Series(label: "a", values: [0, 0, 0]), Series(label: "b", values: [1, 1, 1])]))
        let plain = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(apart)
        #expect(!plain.contains(Renderer.plotOverlapMark), "\(plain)")
        // one curve crossing its own cells is no overlap
        let alone = Block.plot(LinePlot(series: [Series(label: "a", values: [0, 1, 0, 1, 0, 1])]))
        #expect(!Renderer(caps: TerminalCaps(width: 10, color: false, unicode: false)).render(alone).contains(Renderer.plotOverlapMark))
    }
}
