/// Export of a trace in the fixtures' layout.
extension Trace {
    /// One entry per layer and direction: `{layer, direction: "forward"|"reverse", steps: [...]}`,
    /// where each step (in time order) holds the cell's named values (LSTM `i f g o c h`,
    /// GRU `r z n h`, RNN `h`) plus, once backward has run, `dh` and (LSTM) `dc`. At a
    /// masked (padding) step the gates were not computed and are `null`; h and c are the
    /// state carried through.
    public var json: JSONValue {
        try! json(shouldStop: nil)  // cannot throw without `shouldStop`
    }

    /// ``json`` for a trace that may take seconds to convert: `shouldStop` is asked every
    /// 64 steps, and when it says so this throws ``NetworkError/stopped``.
    ///
    /// - Parameters:
    ///   - input: the input x the network read (T × input size), written as `x` in each step
    ///     of layer 0, whose input it is; a later layer reads the layer below's `h`.
    ///   - preactivations: whether each step also holds `pre`, the gates' pre-activations
    ///     stacked in the weight rows' order (null at padding, where none is computed).
    ///
    /// With either, a trace with padding also gives each step its `mask`, 1 at a real step
    /// and 0 at padding.
    public func json(shouldStop: ShouldStop?, input: Matrix? = nil, preactivations: Bool = false) throws -> JSONValue {
        var entries: [JSONValue] = []
        let hasPadding = (input != nil || preactivations) && directions.contains { $0.mask.contains(false) }
        for direction in directions {
            var quantities = kind.valueQuantities
            if preactivations { quantities.append(.preactivations) }
            if direction.hiddenGradient != nil { quantities.append(.hiddenGradient) }
            if direction.cellGradient != nil { quantities.append(.cellGradient) }
            var steps: [JSONValue] = []
            for t in 0..<direction.steps {
                if let shouldStop, t & 63 == 63, shouldStop() { throw NetworkError.stopped }
                var members: [(String, JSONValue)] = []
                if let input, direction.layer == 0, t < input.rows { members.append(("x", JSONValue(input.row(t)))) }
                if hasPadding { members.append(("mask", .number(direction.mask[t] ? 1 : 0))) }
                members += quantities.map { quantity in
                    let computed = direction.mask[t] || quantity.existsAtPadding
                    return (quantity.symbol, computed ? JSONValue(direction.value(quantity, step: t) ?? []) : .null)
                }
                steps.append(.object(members))
            }
            entries.append(.object([
                ("layer", .number(Double(direction.layer))),
                ("direction", .string(direction.direction.name)),
                ("steps", .array(steps)),
            ]))
        }
        return .array(entries)
    }
}
