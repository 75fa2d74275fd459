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

    /// `(W_ih·x, b_ih, W_hh·h, b_hh)` for weight row `row`.
    private func terms(row: Int) -> (Double, Double, Double, Double) {
        let weightIH = network.parameter(RecurrentNetwork.parameterName("weight_ih", layer: layer, direction: direction))!
        let weightHH = network.parameter(RecurrentNetwork.parameterName("weight_hh", layer: layer, direction: direction))!
        let biasIH = network.parameter(RecurrentNetwork.parameterName("bias_ih", layer: layer, direction: direction))!
        let biasHH = network.parameter(RecurrentNetwork.parameterName("bias_hh", layer: layer, direction: direction))!
        let x = layerInput, h = previousHidden()
        let inputColumns = weightIH.shape[1]
        let fromInput = (0..<inputColumns).reduce(0.0) { $0 + weightIH.values[row * inputColumns + $1] * x[$1] }
        let fromHidden = (0..<hidden).reduce(0.0) { $0 + weightHH.values[row * hidden + $1] * h[$1] }
        return (fromInput, biasIH.values[row], fromHidden, biasHH.values[row])
    }

    /// The lines of the explanation; the last number is the value.
    func lines(_ symbol: String) throws(LabError) -> [String] {
        let k = "[\(unit)]"
        if !trace.mask[step] {
            let value = trace.hiddenState[step, unit]
            return ["step \(t) is padding: the state passes through unchanged, \(symbol)_\(t)\(k) = \(symbol)_\(tPrevious)\(k) = \(number(value))"]
        }
        let kind = network.kind
        let symbols = kind.gateSymbols
        if kind != .rnn, let block = symbols.firstIndex(of: symbol) {
            let (a, b, c, d) = terms(row: block * hidden + unit)
            let value = trace.gates[step, block * hidden + unit]
            if kind == .gru && symbol == "n" {
                let r = trace.gates[step, unit]
                let sum = a + b + r * (c + d)
                return [
                    "n_\(t)\(k) = tanh(W_in·x_\(t) + b_in + r_\(t)\(k)·(W_hn·h_\(tPrevious) + b_hn))",
                    "       = tanh(\(sumText([a, b])) + \(number(r))·(\(sumText([c, d]))))",
                    "       = tanh(\(number(sum))) = \(number(value))",
                ]
            }
            let function = symbol == "g" ? "tanh" : "σ"
            let sum = a + b + c + d
            let indent = String(repeating: " ", count: "\(symbol)_\(t)\(k) ".count)
            return [
                "\(symbol)_\(t)\(k) = \(function)(W_i\(symbol)·x_\(t) + b_i\(symbol) + W_h\(symbol)·h_\(tPrevious) + b_h\(symbol))",
                indent + "= \(function)(\(sumText([a, b, c, d])))",
                indent + "= \(function)(\(number(sum))) = \(number(value))",
            ]
        }
        switch (kind, symbol) {
        case (.rnn, "h"):
            let (a, b, c, d) = terms(row: unit)
            let name = network.nonlinearity.rawValue
            let indent = String(repeating: " ", count: "h_\(t)\(k) ".count)
            return [
                "h_\(t)\(k) = \(name)(W_ih·x_\(t) + b_ih + W_hh·h_\(tPrevious) + b_hh)",
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
            let o = trace.gates[step, 3 * hidden + unit], c = trace.cellState[step, unit]
            let indent = String(repeating: " ", count: "h_\(t)\(k) ".count)
            return [
                "h_\(t)\(k) = o_\(t)\(k)·tanh(c_\(t)\(k))",
                indent + "= \(number(o))·tanh(\(number(c))) = \(number(o))·\(parenthesized(Activation.tanhValue(c)))",
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
            throw LabError("explain: a \(kind.rawValue) has no \(symbol) — explain one of \(known.joined(separator: ", "))")
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
