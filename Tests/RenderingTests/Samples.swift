import Rendering

#if canImport(Glibc)
import Glibc
#endif

/// Blocks the golden tests render: one set per block kind, shaped like what the lab shows.
enum Samples {
    /// A deterministic pseudo-random generator (SplitMix64), so samples never change.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The characters of "hello world", one per step.
    static let tokens = Array("hello world")

    /// Gate activations of a 4-unit LSTM over "hello world": four gates, four units each.
    static var gateTable: Table {
        var generator = Generator(seed: 7)
        let gates = ["input", "forget", "cell", "output"]
        let columns = gates.flatMap { gate in (0..<4).map { Table.Column("\($0)", group: gate) } }
        let rows = tokens.enumerated().map { step, token in
            Table.Row("t=\(step + 1) '\(token)'", columns.map { column in
                let raw = Double.random(in: -2...2, using: &generator)
                return column.group == "cell" ? tanh(raw) : 1 / (1 + exp(-raw))
            })
        }
        return Table(title: "LSTM gates, step by step", rowHeader: "step", columns: columns, rows: rows,
                     rowNoun: "steps", shading: .diverging(limit: 1))
    }

    /// A 200-step table of gradient norms that elides its middle.
    static var longTable: Table {
        let rows = (0..<200).map { step in
            Table.Row("t=\(step + 1)", [pow(0.88, Double(199 - step)) * 0.31, pow(0.995, Double(199 - step)) * 0.27])
        }
        return Table(title: "‖dL/dh_t‖ per step", rowHeader: "step",
                     columns: [Table.Column("rnn"), Table.Column("lstm")], rows: rows, rowNoun: "steps")
    }

    /// A parameter breakdown mixing text and whole numbers.
    static var parameterTable: Table {
        Table(title: "parameters", rowHeader: "tensor",
              columns: [Table.Column("shape"), Table.Column("count"), Table.Column("formula")],
              rows: [
                Table.Row("weight_ih_l0", cells: [.text("16×4"), 64, .text("4h·i")]),
                Table.Row("weight_hh_l0", cells: [.text("16×4"), 64, .text("4h·h")]),
                Table.Row("bias_ih_l0", cells: [.text("16"), 16, .text("4h")]),
                Table.Row("bias_hh_l0", cells: [.text("16"), 16, .text("4h")]),
                Table.Row("total", cells: [.empty, 160, .empty]),
              ])
    }

    /// Numbers across many magnitudes, NaN and infinities, in one table.
    static var awkwardTable: Table {
        Table(title: "awkward numbers", rowHeader: "case",
              columns: [Table.Column("value"), Table.Column("tiny"), Table.Column("mixed")],
              rows: [
                Table.Row("ordinary", [0.5, 3.2e-12, 12.5]),
                Table.Row("negative", [-0.25, 1e-7, -0.003]),
                Table.Row("nan", [.nan, 4.4e-9, 1]),
                Table.Row("infinite", [.infinity, -.infinity, 0]),
              ])
    }

    static var tables: [Block] { [.table(gateTable), .table(longTable), .table(parameterTable), .table(awkwardTable)] }

    /// Sparklines: hidden units over 30 steps, gradient norms over decades, bad values.
    static var sparklines: [Block] {
        var generator = Generator(seed: 11)
        let units = (0..<4).map { unit in
            Series(label: "h[\(unit)]", values: (0..<30).map { step in
                tanh(sin(Double(step) / 3 + Double(unit)) * 1.5 + Double.random(in: -0.2...0.2, using: &generator))
            })
        }
        let norms = [
            Series(label: "rnn", values: (0..<50).map { pow(0.6, Double(49 - $0)) * 0.1 }),
            Series(label: "lstm", values: (0..<50).map { pow(0.97, Double(49 - $0)) * 0.1 }),
        ]
        let bad = [Series(label: "exploding", values: [0.1, 0.5, 2, 40, 900, .infinity, .nan, .nan]),
                   Series(label: "with zeros", values: [1e-1, 1e-3, 0, 1e-6, 0, 1e-9, -1, 1e-12])]
        let long = [Series(label: "‖dL/dh_t‖", values: (0..<200).map { pow(0.9, Double(199 - $0)) })]
        return [
            .sparklines(SparklineGroup(title: "hidden state h_t", series: units, scale: .linear,
                                       sharedRange: true, firstIndex: 1)),
            .sparklines(SparklineGroup(title: "gradient norm ‖dL/dh_t‖", series: norms, scale: .auto,
                                       sharedRange: true, firstIndex: 1)),
            .sparklines(SparklineGroup(title: "special values", series: bad, scale: .log)),
            .sparklines(SparklineGroup(title: "200 steps", series: long, firstIndex: 1)),
        ]
    }

    /// Heat strips: cell states (diverging), gates (sequential), a long auto-scaled row.
    static var heatStrips: [Block] {
        var generator = Generator(seed: 5)
        let cells = (0..<4).map { unit in
            Series(label: "c[\(unit)]", values: (0..<24).map { step in
                tanh(Double(step - 12) / 6 * (unit % 2 == 0 ? 1 : -1) + Double.random(in: -0.3...0.3, using: &generator))
            })
        }
        let gates = (0..<3).map { unit in
            Series(label: "f[\(unit)]", values: (0..<11).map { _ in Double.random(in: 0...1, using: &generator) })
        }
        let long = [Series(label: "x", values: (0..<130).map { sin(Double($0) / 8) * 3 } + [.nan, .infinity])]
        return [
            .heatStrip(HeatStrip(title: "cell state c_t", rows: cells, scale: .diverging(limit: 1), firstIndex: 1)),
            .heatStrip(HeatStrip(title: "forget gate", rows: gates, scale: .sequential(low: 0, high: 1), firstIndex: 1)),
            .heatStrip(HeatStrip(title: "a long input", rows: long, scale: .auto)),
        ]
    }

    /// Line plots: two loss curves, and one curve on a log scale.
    static var plots: [Block] {
        let rnn = (0..<60).map { 2.3 * exp(-Double($0) / 25) + 0.4 + 0.05 * sin(Double($0)) }
        let lstm = (0..<60).map { 2.3 * exp(-Double($0) / 12) + 0.15 }
        let decay = (0..<40).map { pow(0.5, Double($0)) }
        return [
            .plot(LinePlot(title: "training loss", series: [Series(label: "rnn", values: rnn),
                                                            Series(label: "lstm", values: lstm)],
                           xLabel: "epoch", firstX: 1)),
            .plot(LinePlot(title: "gradient norm", series: [Series(label: "‖dL/dh‖", values: decay)],
                           logY: true, height: 8)),
        ]
    }

    /// Bar charts: parameter counts, and ratios on a log scale with a negative value.
    static var bars: [Block] {
        [
            .bars(BarChart(title: "parameters at input 4, hidden 4",
                           bars: [BarChart.Bar("RNN", 40), BarChart.Bar("GRU", 120), BarChart.Bar("LSTM", 160)],
                           unit: "params")),
            .bars(BarChart(title: "first/last gradient ratio",
                           bars: [BarChart.Bar("rnn tanh r=0.5", 3.1e-9), BarChart.Bar("rnn relu", 2.2e-4),
                                  BarChart.Bar("lstm", 0.042), BarChart.Bar("gru", 0.11)],
                           logScale: true)),
            .bars(BarChart(title: "change in loss",
                           bars: [BarChart.Bar("step 1", -0.42), BarChart.Bar("step 2", 0.13),
                                  BarChart.Bar("step 3", -0.05), BarChart.Bar("step 4", 0.3)])),
        ]
    }

    /// Headings, prose with markup and lists, notes, warnings, errors, preformatted text.
    static var text: [Block] {
        [
            .heading("The forget gate"),
            .prose("""
                The **forget gate** decides how much of the old cell state *survives*: \
                `f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf)`, and then \
                c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t. When f_t ≈ 1 the gradient flows back \
                through time almost untouched — that is the whole trick.

                Try these:
                - `show f --as heat` to see the gate at every step and unit, with a long \
                explanation that has to wrap onto a second line;
                - `grad` to compare ‖∂L/∂h_t‖ across 10^{-3} … 10^2;
                12. a numbered item, also wrapped because it goes on and on for a while.
                """),
            .note("W_hh is the recurrent weight; its spectral radius decides whether signals grow or fade."),
            .warning("the gradient norm fell below 1e-12 after step 40: the early inputs no longer matter."),
            .error("unknown quantity 'x' — did you mean 'h'? Try `show h`."),
            .preformatted("""
                f_3[1] = σ(W_if·x_3 + b_if + W_hf·h_2 + b_hf)
                       = σ(0.412) = 0.602
                a very long preformatted line that will not fit in a narrow terminal at all, so it is broken at a space
                """),
        ]
    }

    /// Every sample, by golden-file name.
    static var all: [(name: String, blocks: [Block])] {
        [("text", text), ("tables", tables), ("sparklines", sparklines), ("heat-strips", heatStrips),
         ("plots", plots), ("bars", bars)]
    }
}
