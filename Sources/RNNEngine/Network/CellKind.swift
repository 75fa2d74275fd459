/// The three recurrent cells, with PyTorch's gate order.
public enum CellKind: String, Sendable, CaseIterable {
    /// The plain (Elman) RNN: `h_t = φ(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)`.
    case rnn
    /// The LSTM with gates stacked in the order i, f, g, o.
    case lstm
    /// The GRU with gates stacked in the order r, z, n (reset applied after the recurrent matmul).
    case gru

    /// The name with its article, as a sentence reads it: "an rnn", "an lstm", "a gru".
    public var withArticle: String { self == .gru ? "a gru" : "an \(rawValue)" }

    /// G: how many blocks of `hiddenSize` rows the weight matrices stack (1, 4 or 3).
    public var gateCount: Int {
        switch self {
        case .rnn: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }

    /// The gate symbols in the order of the stacked weight rows.
    public var gateSymbols: [String] {
        switch self {
        case .rnn: return ["h"]
        case .lstm: return ["i", "f", "g", "o"]
        case .gru: return ["r", "z", "n"]
        }
    }

    /// The per-step values a forward pass records (the fixtures' trace keys), in order.
    public var valueQuantities: [TraceQuantity] {
        switch self {
        case .rnn: return [.hiddenState]
        case .lstm: return [.inputGate, .forgetGate, .cellCandidate, .outputGate, .cellState, .hiddenState]
        case .gru: return [.resetGate, .updateGate, .newGate, .hiddenState]
        }
    }

    /// Every quantity a trace of this kind can hold after forward and backward.
    public var traceQuantities: [TraceQuantity] {
        TraceQuantity.allCases.filter { $0.applies(to: self) }
    }
}

/// The direction a layer reads the sequence in.
public enum Direction: Int, Sendable, CaseIterable {
    /// From the first step to the last.
    case forward = 0
    /// From the last step to the first (the second half of a bidirectional layer).
    case reverse = 1

    /// `forward` or `reverse`, as in the fixtures' trace.
    public var name: String { self == .forward ? "forward" : "reverse" }

    /// The suffix of this direction's state-dict names (`""` or `"_reverse"`).
    public var nameSuffix: String { self == .forward ? "" : "_reverse" }
}
