import Lessons
import RNNEngine

/// Something `show`, `compare` and lesson checks can name: a state, a gate, a gradient.
enum Quantity: Equatable, Sendable {
    /// x_t, the input the network read (`feed`).
    case input
    /// h_t.
    case hidden
    /// c_t (LSTM).
    case cell
    /// One gate by its symbol (`i f g o`, `r z n`).
    case gate(TraceQuantity)
    /// Every gate of the cell at once.
    case gates
    /// The gates' pre-activations.
    case preactivations
    /// dL/dh_t (after `grad`).
    case hiddenGradient
    /// dL/dc_t (LSTM, after `grad`).
    case cellGradient
    /// ‖dL/dh_t‖ per step (after `grad`).
    case gradientNorm
    /// ‖dL/dc_t‖ per step (LSTM, after `grad`).
    case cellGradientNorm
    /// ‖∂h_t/∂h_{t−1}‖₂ per step.
    case jacobian
    /// W_ih, W_hh and the biases.
    case weights
    /// The network's output y_t (the last layer's h, both directions).
    case output

    /// The name a learner types.
    var name: String {
        switch self {
        case .input: "x"
        case .hidden: "h"
        case .cell: "c"
        case .gate(let gate): gate.symbol
        case .gates: "gates"
        case .preactivations: "pre"
        case .hiddenGradient: "dh"
        case .cellGradient: "dc"
        case .gradientNorm: "grad-norm"
        case .cellGradientNorm: "cell-grad-norm"
        case .jacobian: "jacobian"
        case .weights: "weights"
        case .output: "output"
        }
    }

    /// The quantities a model of `kind` has, as typed (all kinds when nil).
    static func names(for kind: CellKind?) -> [String] {
        switch kind {
        case .rnn: ["x", "h", "pre", "dh", "grad-norm", "jacobian", "weights", "output"]
        case .lstm: ["x", "h", "c", "i", "f", "g", "o", "gates", "pre", "dh", "dc", "grad-norm", "cell-grad-norm", "jacobian", "weights", "output"]
        case .gru: ["x", "h", "r", "z", "n", "gates", "pre", "dh", "grad-norm", "jacobian", "weights", "output"]
        case nil: ["x", "h", "c", "i", "f", "g", "o", "r", "z", "n", "gates", "pre", "dh", "dc", "grad-norm", "cell-grad-norm", "jacobian", "weights", "output"]
        }
    }

    /// What tab completion offers for a quantity of a model of `kind` (all kinds when nil):
    /// the names as typed, then the kind's own quantities spelled in words (`input`,
    /// `forget-gate`), one spelling each so the list stays short; the other spellings
    /// (`forget`, `inputs`) still work when typed.
    static func completionNames(for kind: CellKind?) -> [String] {
        let names = names(for: kind)
        return names + names.compactMap { spelledOut[$0] }
    }

    /// The one spelling in words tab completion offers for a short name (``completionNames(for:)``).
    private static let spelledOut: [String: String] = [
        "x": "input", "h": "hidden", "c": "cell", "i": "input-gate", "f": "forget-gate", "g": "candidate",
        "o": "output-gate", "r": "reset-gate", "z": "update-gate", "n": "new-gate",
    ]

    /// What `explain` can write out for a model of `kind`: its gates, then c (LSTM) and h.
    static func equationNames(for kind: CellKind?) -> [String] {
        guard let kind else { return [] }
        return (kind == .rnn ? [] : kind.gateSymbols) + (kind == .lstm ? ["c", "h"] : ["h"])
    }

    /// Longer spellings learners try. Each word names what it says: `input` is the input
    /// sequence x (the input gate is `i` or `input-gate`), `output` the network's output y
    /// (the output gate is `o` or `output-gate`), `cell` the cell state c.
    private static let aliases: [String: String] = [
        "input": "x", "inputs": "x", "hidden": "h", "hidden-state": "h", "cell": "c", "cell-state": "c",
        "input-gate": "i", "forget": "f", "forget-gate": "f", "candidate": "g", "output-gate": "o",
        "reset": "r", "reset-gate": "r", "update": "z", "update-gate": "z", "new": "n", "new-gate": "n",
        "preactivation": "pre", "preactivations": "pre",
        "gradnorm": "grad-norm", "grad": "grad-norm", "jacobian-norm": "jacobian", "w": "weights", "y": "output",
    ]

    /// The LSTM's cell-state quantities and what to show instead in a cell with h alone.
    private static let stateInstead = ["c": "h", "dc": "dh", "cell-grad-norm": "grad-norm"]

    /// Words that could name more than one quantity, and which: asked for, the lab says
    /// the choices rather than pick one.
    private static func choices(for word: String, kind: CellKind) -> String? {
        switch word {
        case "gate":
            guard kind != .rnn else { return nil }
            return "one gate by its symbol (\(kind.gateSymbols.joined(separator: " "))) or gates (all of them)"
        case "state":
            return kind == .lstm ? "h (the hidden state) or c (the cell state)" : nil
        default:
            return nil
        }
    }

    /// Whether `text` is a longer spelling of a quantity (`forget` for f), or `state`,
    /// which is h in an RNN or GRU.
    static func isAlias(_ text: String) -> Bool { aliases[text] != nil || text == "state" }

    /// The gate's name in words: `forget` for f.
    static func gateWord(_ gate: TraceQuantity) -> String {
        switch gate {
        case .inputGate: "input"
        case .forgetGate: "forget"
        case .cellCandidate: "candidate"
        case .outputGate: "output"
        case .resetGate: "reset"
        case .updateGate: "update"
        case .newGate: "new"
        default: gate.symbol
        }
    }

    /// The quantity `text` names for a model of `kind`, or an error that lists what exists:
    /// `offered` when given (the names one command takes, e.g. `explain`'s), else every
    /// quantity of the kind.
    static func parse(_ text: String, kind: CellKind, offering offered: [String]? = nil) throws(LabError) -> Quantity {
        // an RNN's or GRU's one state is h; an LSTM's `state` could be h or c (``choices(for:kind:)``)
        let name = aliases[text] ?? (text == "state" && kind != .lstm && offered == nil ? "h" : text)
        let known = names(for: kind)
        guard known.contains(name) else {
            throw unknown(text, kind: kind, offered: offered)
        }
        switch name {
        case "x": return .input
        case "h": return .hidden
        case "c": return .cell
        case "gates": return .gates
        case "pre": return .preactivations
        case "dh": return .hiddenGradient
        case "dc": return .cellGradient
        case "grad-norm": return .gradientNorm
        case "cell-grad-norm": return .cellGradientNorm
        case "jacobian": return .jacobian
        case "weights": return .weights
        case "output": return .output
        default:
            guard let gate = TraceQuantity(symbol: name) else { throw unknown(text, kind: kind, offered: nil) }
            return .gate(gate)
        }
    }

    private static func unknown(_ text: String, kind: CellKind, offered: [String]?) -> LabError {
        let shown = LabError.shortened(text)
        let all = names(for: nil)
        let name = aliases[text] ?? text
        if all.contains(name) {
            // A real quantity, but of another kind of cell.
            switch kind {
            case .rnn:
                if let instead = stateInstead[name] {
                    return LabError("an RNN has no cell state c — its only state is h; try `show \(instead)`")
                }
                return LabError("an RNN has no \(name) — its only state is h; try `show h` or `show pre`")
            case .gru:
                if let instead = stateInstead[name] {
                    return LabError("a GRU has no cell state c — its only state is h, which z carries over (h_t = (1−z)⊙n + z⊙h_{t−1}); try `show \(instead)`")
                }
                let hint = name == "f" || name == "i" ? " (z plays the forget gate's part: h_t = (1−z)⊙n + z⊙h_{t−1})" : ""
                return LabError("a GRU has no \(name) — its gates are r z n (reset, update, new)\(hint); try `show z`")
            case .lstm:
                return LabError("an LSTM has no \(name) — its gates are i f g o (input, forget, candidate, output); try `show f`")
            }
        }
        if offered == nil, let choices = choices(for: name, kind: kind) {
            return LabError("'\(shown)' could be \(choices): name one")
        }
        if name == "mask", offered == nil {
            return LabError("mask is a value lesson checks read (1 at a real step, 0 at padding), not a view: views label a padding step `pad`, after its step number")
        }
        let known = offered ?? names(for: kind)
        let hint = Suggestion.nearest(to: shown, among: known).map { " — did you mean '\($0)'?" } ?? ""
        if offered != nil { return LabError("explain: unknown gate '\(shown)'\(hint) (explain takes \(known.joined(separator: ", ")))") }
        return LabError("unknown quantity '\(shown)'\(hint) (\(kind.withArticle) has \(known.joined(separator: ", ")))")
    }

    /// Whether the quantity exists only after `grad`.
    var needsGradient: Bool {
        switch self {
        case .hiddenGradient, .cellGradient, .gradientNorm, .cellGradientNorm: true
        default: false
        }
    }

    /// Whether it has a value at a padding step (`feed --mask`). The cell does not run
    /// there, so it computes no gates and no pre-activations; h and c carry the state
    /// through unchanged, and their gradients, norms and Jacobian are those of that carrying.
    var hasValueAtPadding: Bool {
        switch self {
        case .gate, .gates, .preactivations: false
        default: true
        }
    }

    /// Whether it belongs to the network as a whole rather than to one layer and direction:
    /// the input x and the output y, whose columns are their own (not h's units).
    var isWholeNetwork: Bool { self == .input || self == .output }

    /// Whether it has one value per step rather than one per unit.
    var isPerStepScalar: Bool {
        switch self {
        case .gradientNorm, .cellGradientNorm, .jacobian: true
        default: false
        }
    }

    /// The title's mathematical name: `‖dL/dh_t‖`, `f_t (forget gate)`.
    var title: String {
        switch self {
        case .input: "input x_t"
        case .hidden: "hidden state h_t"
        case .cell: "cell state c_t"
        case .gate(.cellCandidate): "g_t (cell candidate)"  // squashed by tanh, not a gate
        case .gate(.newGate): "n_t (candidate, PyTorch's new gate)"
        case .gate(let gate): "\(gate.symbol)_t (\(Quantity.gateWord(gate)) gate)"
        case .gates: "gates"
        case .preactivations: "pre-activations"
        case .hiddenGradient: "dL/dh_t"
        case .cellGradient: "dL/dc_t"
        case .gradientNorm: "‖dL/dh_t‖"
        case .cellGradientNorm: "‖dL/dc_t‖"
        case .jacobian: "‖∂h_t/∂h_{t−1}‖"
        case .weights: "weights"
        case .output: "output y_t"
        }
    }

    /// ``title`` for one direction: the reverse direction's step reads h_{t+1}, so its
    /// Jacobian is ‖∂h_t/∂h_{t+1}‖.
    func title(in direction: Direction) -> String {
        self == .jacobian && direction == .reverse ? "‖∂h_t/∂h_{t+1}‖" : title
    }
}
