@testable import Rendering
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Invariants that must hold for any content at any width: no line wider than the
/// terminal, pure ASCII without Unicode, no escape sequence without color.
@Suite struct PropertyTests {
    typealias Generator = Samples.Generator

    /// A number from anywhere: ordinary, tiny, huge, zero, negative, NaN or infinite.
    static func anyNumber(_ generator: inout Generator) -> Double {
        switch Int.random(in: 0..<22, using: &generator) {
        case 20: return [Double.greatestFiniteMagnitude, -.greatestFiniteMagnitude][Int.random(in: 0...1, using: &generator)]
        case 21: return [Double.leastNonzeroMagnitude, -Double.leastNormalMagnitude / 2, 1e300][Int.random(in: 0...2, using: &generator)]
        case 0: return .nan
        case 1: return .infinity
        case 2: return -.infinity
        case 3: return 0
        case 4...7: return Double.random(in: -1...1, using: &generator) * pow(10, Double.random(in: -15...15, using: &generator))
        case 8...9: return Double(Int.random(in: -100_000...100_000, using: &generator))
        default: return Double.random(in: -1...1, using: &generator)
        }
    }

    static let words = ["h_t", "c_{t-1}", "σ", "⊙", "‖∂L/∂h‖", "W_hh", "**bold**", "*emph*", "`code`",
                        "gate", "forget", "t=3 'l'", "naïve", "日本", "😀", "—", "…", "x_10", "2^{-3}",
                        "averyveryverylongwordthatcannotfitanywhereatall", "'\n'", "\r\t"]

    static func anyLabel(_ generator: inout Generator) -> String {
        (0..<Int.random(in: 1...3, using: &generator)).map { _ in words.randomElement(using: &generator) ?? "" }
            .joined(separator: " ")
    }

    static func anySeries(_ generator: inout Generator, count: Int) -> [Series] {
        (0..<count).map { _ in
            let length = Int.random(in: 0...300, using: &generator)
            return Series(label: anyLabel(&generator), values: (0..<length).map { _ in
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: return abs(anyNumber(&generator))
                case 1: return anyNumber(&generator)
                default: return Double.random(in: -1.5...1.5, using: &generator)
                }
            })
        }
    }

    static func anyBlock(_ generator: inout Generator) -> Block {
        switch Int.random(in: 0..<8, using: &generator) {
        case 0:
            let columnCount = Int.random(in: 1...30, using: &generator)
            let columns = (0..<columnCount).map { index in
                Table.Column(Bool.random(using: &generator) ? "\(index)" : anyLabel(&generator),
                             group: Bool.random(using: &generator) ? ["input", "forget", "a very long group name"][index % 3] : nil)
            }
            let rows = (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                Table.Row(anyLabel(&generator), cells: (0..<columnCount).map { _ in
                    Int.random(in: 0..<6, using: &generator) == 0 ? .text(anyLabel(&generator)) : .number(anyNumber(&generator))
                })
            }
            var table = Table(title: anyLabel(&generator), rowHeader: anyLabel(&generator), columns: columns,
                              rows: rows, showAll: Bool.random(using: &generator),
                              shading: .diverging(limit: 1))
            table.formatSharing = [.none, .sameNames, .allColumns][Int.random(in: 0..<3, using: &generator)]
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                table.leftOutColumns[Int.random(in: 0...columnCount, using: &generator)] = Int.random(in: 1...5000, using: &generator)
            }
            table.columnNoun = anyLabel(&generator)
            return .table(table)
        case 1:
            return .sparklines(SparklineGroup(title: anyLabel(&generator),
                                              series: anySeries(&generator, count: Int.random(in: 0...5, using: &generator)),
                                              scale: [.auto, .linear, .log][Int.random(in: 0..<3, using: &generator)],
                                              sharedRange: Bool.random(using: &generator)))
        case 2:
            let scales: [HeatStrip.Scale] = [.auto, .diverging(limit: 1), .sequential(low: 0, high: 1)]
            return .heatStrip(HeatStrip(title: anyLabel(&generator),
                                        rows: anySeries(&generator, count: Int.random(in: 0...5, using: &generator)),
                                        scale: scales[Int.random(in: 0..<3, using: &generator)]))
        case 3:
            return .plot(LinePlot(title: anyLabel(&generator),
                                  series: anySeries(&generator, count: Int.random(in: 0...4, using: &generator)),
                                  logY: Bool.random(using: &generator), xLabel: anyLabel(&generator)))
        case 4:
            return .bars(BarChart(title: anyLabel(&generator),
                                  bars: (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                                      BarChart.Bar(anyLabel(&generator), anyNumber(&generator))
                                  },
                                  logScale: Bool.random(using: &generator), unit: anyLabel(&generator)))
        case 5:
            let text = (0..<Int.random(in: 0...80, using: &generator)).map { _ in
                Int.random(in: 0..<12, using: &generator) == 0 ? "\n- " : anyLabel(&generator)
            }.joined(separator: " ")
            return [Block.prose(text), .note(text), .warning(text), .error(text)][Int.random(in: 0..<4, using: &generator)]
        case 6:
            return .preformatted(anyLabel(&generator) + "\n\t" + anyLabel(&generator) + "\u{1B}[31m\u{07}")
        default:
            return .heading(anyLabel(&generator))
        }
    }

    @Test func everyLineFitsAndHonoursTheTerminal() {
        var generator = Generator(seed: 2026)
        for _ in 0..<400 {
            let block = Self.anyBlock(&generator)
            let width = Int.random(in: 20...160, using: &generator)
            for (color, unicode) in [(false, true), (false, false), (true, true), (true, false)] {
                let caps = TerminalCaps(width: width, color: color, unicode: unicode)
                let output = Renderer(caps: caps).render(block)
                #expect(output.hasSuffix("\n"))
                for line in output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                    let visible = Self.stripEscapes(String(line))
                    #expect(Self.columns(visible) <= width, "line wider than \(width): \(visible)")
                }
                if !unicode { #expect(output.utf8.allSatisfy { $0 < 0x80 }, "non-ASCII byte in \(output)") }
                if !color { #expect(!output.utf8.contains(0x1B), "escape without color in \(output)") }
            }
        }
    }

    @Test func layoutsFitWithoutTheFinalSafetyPass() {
        var generator = Generator(seed: 99)
        for _ in 0..<400 {
            let block = Self.anyBlock(&generator)
            let width = Int.random(in: 20...160, using: &generator)
            for (color, unicode) in [(false, true), (false, false), (true, true), (true, false)] {
                let renderer = Renderer(caps: TerminalCaps(width: width, color: color, unicode: unicode))
                for line in renderer.layout(block) {
                    let visible = Self.stripEscapes(line)
                    #expect(Self.columns(visible) <= width, "layout wider than \(width) for \(block): \(visible)")
                    if !unicode { #expect(line.utf8.allSatisfy { $0 < 0x80 }, "non-ASCII layout: \(visible)") }
                    if !color { #expect(!line.utf8.contains(0x1B)) }
                    #expect(!line.contains("\n"))
                }
            }
        }
    }

    @Test func tinyAndHugeWidthsStillHold() {
        for width in [0, 1, 5, 12, 19, 2000] {
            for (_, blocks) in Samples.all {
                for unicode in [true, false] {
                    let caps = TerminalCaps(width: width, color: true, unicode: unicode)
                    let output = Renderer(caps: caps).render(blocks)
                    for line in output.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                        #expect(Self.columns(Self.stripEscapes(String(line))) <= max(width, 0))
                    }
                }
            }
        }
    }

    /// Columns a line takes: wide East Asian characters and emoji count two.
    static func columns(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            let v = scalar.value
            if (0x300...0x36F).contains(v) { return total }
            let wide = (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v) || (0x1F300...0x1FAFF).contains(v)
                || (0xFF00...0xFF60).contains(v)
            return total + (wide ? 2 : 1)
        }
    }

    /// Text without ANSI escape sequences (CSI sequences only, which is all the renderer writes).
    static func stripEscapes(_ text: String) -> String {
        var result = ""
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
