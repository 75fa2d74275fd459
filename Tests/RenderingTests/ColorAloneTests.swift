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
        let deepBlue = ANSI.background256(ColorScale.diverging(-1)), deepRed = ANSI.background256(ColorScale.diverging(1))
        #expect(legend.contains(deepBlue + ANSI.foreground256(ColorScale.text(on: ColorScale.diverging(-1))) + "O"), "\(legend)")
        #expect(legend.contains(deepRed + ANSI.foreground256(ColorScale.text(on: ColorScale.diverging(1))) + "@"), "\(legend)")
    }

    @Test("a cell's character stands out from its color: black on light cells, white on dark ones")
    func aCellsCharacterStandsOutFromItsColor() {
        let white = 231, black = 16
        #expect(ColorScale.text(on: ColorScale.diverging(0)) == black, "near-white at zero")
        #expect(ColorScale.text(on: ColorScale.diverging(-1)) == white, "saturated blue")
        #expect(ColorScale.text(on: ColorScale.diverging(1)) == white, "saturated red")
        #expect(ColorScale.text(on: ColorScale.sequential(0)) == white, "dark blue")
        #expect(ColorScale.text(on: ColorScale.sequential(1)) == black, "yellow")
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
}
