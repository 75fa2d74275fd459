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
    public func json(shouldStop: ShouldStop?) throws -> JSONValue {
        var entries: [JSONValue] = []
        for direction in directions {
            var quantities = kind.valueQuantities
            if direction.hiddenGradient != nil { quantities.append(.hiddenGradient) }
            if direction.cellGradient != nil { quantities.append(.cellGradient) }
            var steps: [JSONValue] = []
            for t in 0..<direction.steps {
                if let shouldStop, t & 63 == 63, shouldStop() { throw NetworkError.stopped }
                steps.append(.object(quantities.map { quantity in
                    let computed = direction.mask[t] || quantity.existsAtPadding
                    return (quantity.symbol, computed ? JSONValue(direction.value(quantity, step: t) ?? []) : .null)
                }))
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
