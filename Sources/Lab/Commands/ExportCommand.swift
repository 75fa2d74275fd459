import RNNEngine
import Rendering

extension CommandSpec {
    /// `export FILE.csv|FILE.json`: the current model's trace for other tools.
    public static let export = CommandSpec(
        name: "export",
        topic: .models,
        summary: "write the current trace to a .csv or .json file",
        help: """
            Writes the input and every value the current model's forward pass recorded (and dh, dc \
            after `grad`) for every layer, direction and step: x, the input fed (at layer 0, whose \
            input it is; one-hot for text), the gates, c and h, and pre, the gates' pre-activations \
            stacked in PyTorch's weight-row order (i f g o, r z n; for an RNN the one block). JSON \
            extends the PyTorch fixtures' layout: a list of {layer, direction, steps: [{x, i, f, g, \
            o, c, h, pre, dh, dc}]}. CSV has one row per value: \
            layer,direction,step,label,quantity,unit,value (steps from 1; x's unit is the feature). \
            Numbers are written in their shortest form that reads back as the same Float64. With \
            padding (`feed --mask`) each step has a mask, 1 real and 0 padding; at a padding step \
            the gates and pre-activations were never computed: they are null in JSON and an empty \
            value in CSV.
            """,
        example: "export trace.csv",
        positionals: [PositionalSpec("file", kind: .file, summary: "a .csv or .json file to write")],
        // judging a lesson's task of exporting writes no file
        resultFacets: { invocation in ["export:\(try invocation.session.state.requireModel().name)"] },
        run: { invocation in
            let session = invocation.session
            let path = invocation.arguments.string("file") ?? ""
            guard !path.allSatisfy(\.isWhitespace) else {
                throw LabError("export: the file name is empty; give one ending in .csv or .json, e.g. `export trace.csv`")
            }
            let isJSON = path.hasSuffix(".json")
            guard isJSON || path.hasSuffix(".csv") else {
                throw LabError("export: \(path): the file name must end in .csv or .json, e.g. `export trace.csv`")
            }
            let state = session.state
            let model = try state.requireModel()
            let pass = try state.requirePass(model, shouldStop: session.isInterrupted)
            let resolved = try FileAccess.resolve(path, roots: session.record.allowedFileRoots, command: "export", forWriting: true,
                                                  labFiles: session.record.labFiles)
            // Refuse early what would come out larger than the lab writes, rather than after
            // building it: about 20 bytes a number in JSON, and up to 50 a line in CSV, which
            // adds the layer, direction, step, label, quantity and unit to each value.
            let input = pass.input.denseMatrix
            let numbers = pass.trace.directions.reduce(0) { sum, direction in
                let perStep = exportedQuantities(direction).reduce(0) { $0 + (direction.value($1, step: 0)?.count ?? 0) }
                return sum + direction.steps * (perStep + (direction.layer == 0 ? input.columns + 1 : 1))
            }
            let estimate = numbers * (isJSON ? 20 : 50)
            guard estimate <= FileAccess.maximumWriteSize else {
                throw LabError("export: this trace holds about \(numbers) numbers, some \(estimate >> 20) MB as \(isJSON ? "JSON" : "CSV"); the lab writes at most \(FileAccess.maximumWriteSize >> 20) MB: feed fewer steps or use a smaller model")
            }
            let text: String
            if isJSON {
                do {
                    let trace = try pass.trace.json(shouldStop: session.isInterrupted, input: input, preactivations: true)
                    text = try JSONWriter.text(trace, shouldStop: session.isInterrupted) + "\n"
                } catch let error as NetworkError where error == .stopped {
                    throw LabError.interrupted
                }
            } else {
                // one string written in place, not a string per value joined
                var lines = "layer,direction,step,label,quantity,unit,value\n"
                let hasPadding = pass.trace.directions.contains { $0.mask.contains(false) }
                for direction in pass.trace.directions {
                    let quantities = exportedQuantities(direction)
                    for step in 0..<direction.steps {
                        if session.isInterrupted() { throw LabError.interrupted }
                        let label = csvField(state.input?.example.labels[safe: step] ?? "")
                        let place = "\(direction.layer),\(direction.direction.name),\(step + 1),\(label),"
                        if direction.layer == 0 {
                            for (feature, value) in input.row(step).enumerated() {
                                appendLine(&lines, place: place, quantity: "x", unit: feature, value: value)
                            }
                        }
                        if hasPadding { lines += "\(place)mask,,\(direction.mask[step] ? 1 : 0)\n" }
                        for quantity in quantities {
                            // a gate at a padding step was never computed: its value field is empty
                            let computed = direction.mask[step] || quantity.existsAtPadding
                            for (unit, value) in (direction.value(quantity, step: step) ?? []).enumerated() {
                                appendLine(&lines, place: place, quantity: quantity.symbol, unit: unit, value: computed ? value : nil)
                            }
                        }
                    }
                }
                text = lines
            }
            try FileAccess.write(text, to: resolved, command: "export")
            session.addFacets(["export:\(model.name)"])
            return [.prose("Wrote the trace of **\(model.name)** (\(pass.trace.steps) steps, \(pass.trace.directions.count) layer-direction\(pass.trace.directions.count == 1 ? "" : "s")) to \(path).")]
        }
    )
}

/// The recorded quantities `export` writes of one layer and direction, in order: the cell's
/// values, the pre-activations, and the gradients once `grad` has run.
private func exportedQuantities(_ direction: DirectionTrace) -> [TraceQuantity] {
    var quantities = direction.kind.valueQuantities + [.preactivations]
    if direction.hiddenGradient != nil { quantities.append(.hiddenGradient) }
    if direction.cellGradient != nil { quantities.append(.cellGradient) }
    return quantities
}

/// Appends one line of `export`'s CSV: `place` (layer, direction, step and label, with a
/// comma after), then the quantity, unit and value (empty when nil).
private func appendLine(_ lines: inout String, place: String, quantity: String, unit: Int, value: Double?) {
    lines += place
    lines += quantity
    lines += ","
    lines += String(unit)
    lines += ","
    if let value { NumberFormat.appendShortest(value, to: &lines) }
    lines += "\n"
}

/// A CSV field, quoted when it holds a comma, quote or line break.
private func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacing("\"", with: "\"\"") + "\""
}

extension Array {
    /// The element at `index`, or nil when out of range.
    subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
