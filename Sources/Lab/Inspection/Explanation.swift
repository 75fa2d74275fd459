import RNNEngine
import Rendering

/// One gate's or state's equation at one step and unit, with the model's numbers plugged in.
struct Explanation {
    /// The network whose weights are plugged in.
    var network: RecurrentNetwork
    /// Its forward pass on the current input.
    var pass: ForwardPass
    /// The layer, from 0.
    var layer: Int
    /// The direction.
    var direction: Direction
    /// The step, from 0.
    var step: Int
    /// The unit, from 0.
    var unit: Int

    private var trace: DirectionTrace { pass.trace.direction(layer: layer, direction: direction)! }
    private var hidden: Int { network.hiddenSize }
    /// The step the recurrence comes from, in processing order (−1 or T: the initial state).
    private var previous: Int { direction == .forward ? step - 1 : step + 1 }
    private var t: String { "\(step + 1)" }
    private var tPrevious: String { previous < 0 || previous >= trace.steps ? "0" : "\(previous + 1)" }

    /// The layer's input at the step: x_t for layer 0, the lower layer's output above.
    private var layerInput: [Double] {
        if layer == 0 { return pass.input.denseMatrix.row(step) }
        var result: [Double] = []
        for direction in network.directions {
            result += pass.trace.direction(layer: layer - 1, direction: direction)?.hiddenState.row(step) ?? []
        }
        return result
    }

    private func previousHidden() -> [Double] {
        previous < 0 || previous >= trace.steps ? trace.initialHidden : trace.hiddenState.row(previous)
    }

    private func previousCell() -> [Double] {
        previous < 0 || previous >= trace.steps ? trace.initialCell : trace.cellState.row(previous)
    }

    /// `W·v` for weight row `row` of `name` (`weight_ih` or `weight_hh`).
    private func projection(_ name: String, row: Int, _ v: [Double]) -> Double {
        let weight = network.parameter(RecurrentNetwork.parameterName(name, layer: layer, direction: direction))!
        let columns = weight.shape[1]
        return (0..<columns).reduce(0.0) { $0 + weight.values[row * columns + $1] * v[$1] }
    }

    private func bias(_ name: String, row: Int) -> Double {
        network.parameter(RecurrentNetwork.parameterName(name, layer: layer, direction: direction))!.values[row]
    }

    /// `LN_ih(W_ih·x)` and `LN_hh(W_hh·h)` of weight row `row` with the numbers they are formed
    /// from, or nil without layer norm.
    private func normalizedProducts(row: Int) -> (input: Normalized, recurrent: Normalized)? {
        guard network.layerNorm else { return nil }
        let x = layerInput, h = previousHidden()
        return (normalized("ih", row: row) { projection("weight_ih", row: $0, x) },
                normalized("hh", row: row) { projection("weight_hh", row: $0, h) })
    }

    /// `(W_ih·x, b_ih, W_hh·h, b_hh)` for weight row `row`; with layer norm the two products
    /// are their normalized values `LN_ih(W_ih·x)` and `LN_hh(W_hh·h)`, given as `normalized`.
    private func terms(row: Int, normalized: (input: Normalized, recurrent: Normalized)?) -> (Double, Double, Double, Double) {
        if let normalized {
            return (normalized.input.value, bias("bias_ih", row: row), normalized.recurrent.value, bias("bias_hh", row: row))
        }
        let x = layerInput, h = previousHidden()
        return (projection("weight_ih", row: row, x), bias("bias_ih", row: row), projection("weight_hh", row: row, h), bias("bias_hh", row: row))
    }

    /// One entry of a layer-normalized vector: `LN(v)_k = γ_k·(v_k − μ)/s + β_k`, with μ and
    /// `s = √(σ² + ε)` over the H entries of the gate block holding `k`.
    private struct Normalized {
        var raw: Double, mean: Double, deviation: Double, gain: Double, shift: Double
        var value: Double { gain * ((raw - mean) / deviation) + shift }
    }

    /// Row `row` of `LN_part(v)`, `entry(k)` giving `v_k`.
    private func normalized(_ part: String, row: Int, _ entry: (Int) -> Double) -> Normalized {
        let start = row / hidden * hidden
        let block = (start..<(start + hidden)).map(entry)
        let mean = block.reduce(0, +) / Double(hidden)
        let variance = block.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(hidden)
        let gain = network.parameter(LayerNorm.parameterName(part, "weight", layer: layer, direction: direction))!.values[row]
        let shift = network.parameter(LayerNorm.parameterName(part, "bias", layer: layer, direction: direction))!.values[row]
        return Normalized(raw: block[row - start], mean: mean, deviation: (variance + LayerNorm.epsilon).squareRoot(), gain: gain, shift: shift)
    }

    /// `  LN_ih(W_if·x_3) = 1.02·(0.25 − 0.1)/0.3 + 0.01 = 0.52`: how one normalized term was formed.
    private func normalizedLine(_ label: String, _ term: Normalized) -> String {
        "  \(label) = \(number(term.gain))·(\(number(term.raw)) − \(parenthesized(term.mean)))/\(number(term.deviation))"
            + " + \(parenthesized(term.shift)) = \(number(term.value))"
    }

    /// The lines that show how the two normalized products were formed (none without layer
    /// norm), `names` being the products as the equation writes them.
    private func normalizationLines(_ normalized: (input: Normalized, recurrent: Normalized)?, names: (String, String)) -> [String] {
        guard let normalized else { return [] }
        return [normalizedLine("LN_ih(\(names.0))", normalized.input), normalizedLine("LN_hh(\(names.1))", normalized.recurrent)]
    }

    /// `W_if·x_3` as the equation writes it, wrapped as `LN_ih(W_if·x_3)` with layer norm.
    private func product(_ text: String, _ part: String) -> String {
        network.layerNorm ? "LN_\(part)(\(text))" : text
    }

    /// The lines of the explanation; the last number is the value.
    func lines(_ symbol: String) throws(LabError) -> [String] {
        let k = "[\(unit)]"
        if !trace.mask[step] {
            // the cell does not run at padding: h and c are carried, no gate is computed
            let carried = symbol == "h" ? trace.hiddenState : symbol == "c" ? trace.cellState : nil
            guard let carried else {
                let states = network.kind == .lstm ? "h and c carry" : "h carries"
                return ["step \(t) is padding: the cell does not run there, so \(symbol)_\(t) is never computed; "
                    + "the state passes through unchanged (\(states) it)"]
            }
            return ["step \(t) is padding: the state passes through unchanged, \(symbol)_\(t)\(k) = \(symbol)_\(tPrevious)\(k) = \(number(carried[step, unit]))"]
        }
        let kind = network.kind
        let symbols = kind.gateSymbols
        if kind != .rnn, let block = symbols.firstIndex(of: symbol) {
            let normalized = normalizedProducts(row: block * hidden + unit)
            let (a, b, c, d) = terms(row: block * hidden + unit, normalized: normalized)
            let value = trace.gates[step, block * hidden + unit]
            let (input, recurrent) = ("W_i\(symbol)·x_\(t)", "W_h\(symbol)·h_\(tPrevious)")
            let normalization = normalizationLines(normalized, names: (input, recurrent))
            if kind == .gru && symbol == "n" {
                let r = trace.gates[step, unit]
                let sum = a + b + r * (c + d)
                return [
                    "n_\(t)\(k) = tanh(\(product(input, "ih")) + b_in + r_\(t)\(k)·(\(product(recurrent, "hh")) + b_hn))",
                ] + normalization + [
                    "       = tanh(\(sumText([a, b])) + \(number(r))·(\(sumText([c, d]))))",
                    "       = tanh(\(number(sum))) = \(number(value))",
                ]
            }
            let function = symbol == "g" ? "tanh" : "σ"
            let sum = a + b + c + d
            let indent = String(repeating: " ", count: "\(symbol)_\(t)\(k) ".count)
            return [
                "\(symbol)_\(t)\(k) = \(function)(\(product(input, "ih")) + b_i\(symbol) + \(product(recurrent, "hh")) + b_h\(symbol))",
            ] + normalization + [
                indent + "= \(function)(\(sumText([a, b, c, d])))",
                indent + "= \(function)(\(number(sum))) = \(number(value))",
            ]
        }
        switch (kind, symbol) {
        case (.rnn, "h"):
            let normalized = normalizedProducts(row: unit)
            let (a, b, c, d) = terms(row: unit, normalized: normalized)
            let name = network.nonlinearity.rawValue
            let indent = String(repeating: " ", count: "h_\(t)\(k) ".count)
            let (input, recurrent) = ("W_ih·x_\(t)", "W_hh·h_\(tPrevious)")
            return [
                "h_\(t)\(k) = \(name)(\(product(input, "ih")) + b_ih + \(product(recurrent, "hh")) + b_hh)",
            ] + normalizationLines(normalized, names: (input, recurrent)) + [
                indent + "= \(name)(\(sumText([a, b, c, d])))",
                indent + "= \(name)(\(number(a + b + c + d))) = \(number(trace.hiddenState[step, unit]))",
            ]
        case (.lstm, "c"):
            let f = trace.gates[step, hidden + unit], i = trace.gates[step, unit], g = trace.gates[step, 2 * hidden + unit]
            let cPrevious = previousCell()[unit]
            let indent = String(repeating: " ", count: "c_\(t)\(k) ".count)
            return [
                "c_\(t)\(k) = f_\(t)\(k)·c_\(tPrevious)\(k) + i_\(t)\(k)·g_\(t)\(k)",
                indent + "= \(number(f))·\(parenthesized(cPrevious)) + \(number(i))·\(parenthesized(g))",
                indent + "= \(sumText([f * cPrevious, i * g])) = \(number(trace.cellState[step, unit]))",
            ]
        case (.lstm, "h"):
            let o = trace.gates[step, 3 * hidden + unit]
            let indent = String(repeating: " ", count: "h_\(t)\(k) ".count)
            guard network.layerNorm else {
                let c = trace.cellState[step, unit]
                return [
                    "h_\(t)\(k) = o_\(t)\(k)·tanh(c_\(t)\(k))",
                    indent + "= \(number(o))·tanh(\(number(c))) = \(number(o))·\(parenthesized(Activation.tanhValue(c)))",
                    indent + "= \(number(trace.hiddenState[step, unit]))",
                ]
            }
            let c = normalized("c", row: unit) { trace.cellState[step, $0] }
            return [
                "h_\(t)\(k) = o_\(t)\(k)·tanh(LN_c(c_\(t))\(k))",
                normalizedLine("LN_c(c_\(t))\(k)", c),
                indent + "= \(number(o))·tanh(\(number(c.value))) = \(number(o))·\(parenthesized(Activation.tanhValue(c.value)))",
                indent + "= \(number(trace.hiddenState[step, unit]))",
            ]
        case (.gru, "h"):
            let z = trace.gates[step, hidden + unit], n = trace.gates[step, 2 * hidden + unit]
            let hPrevious = previousHidden()[unit]
            let indent = String(repeating: " ", count: "h_\(t)\(k) ".count)
            return [
                "h_\(t)\(k) = (1 − z_\(t)\(k))·n_\(t)\(k) + z_\(t)\(k)·h_\(tPrevious)\(k)",
                indent + "= \(number(1 - z))·\(parenthesized(n)) + \(number(z))·\(parenthesized(hPrevious))",
                indent + "= \(sumText([(1 - z) * n, z * hPrevious])) = \(number(trace.hiddenState[step, unit]))",
            ]
        default:
            let known = (kind == .rnn ? [] : symbols) + (kind == .lstm ? ["c", "h"] : ["h"])
            throw LabError("explain: \(kind.withArticle) has no \(symbol) — explain one of \(known.joined(separator: ", "))")
        }
    }

    /// A number with 4 significant digits, `−` for negatives.
    func number(_ value: Double) -> String {
        let text = NumberFormat.single(value, significantDigits: 4)
        return text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }

    /// A negative number in parentheses, so products read unambiguously.
    func parenthesized(_ value: Double) -> String {
        value < 0 ? "(\(number(value)))" : number(value)
    }

    /// `0.25 + 0.1 − 0.05`.
    func sumText(_ values: [Double]) -> String {
        var text = ""
        for (index, value) in values.enumerated() {
            let magnitude = number(abs(value))
            if index == 0 { text = value < 0 ? "−" + magnitude : magnitude } else { text += (value < 0 ? " − " : " + ") + magnitude }
        }
        return text
    }
}
