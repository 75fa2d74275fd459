import RNNEngine
import Rendering

extension CommandSpec {
    /// `export FILE.csv|FILE.json`: the current model's trace for other tools.
    public static let export = CommandSpec(
        name: "export",
        topic: .models,
        summary: "write the current trace to a .csv or .json file",
        help: """
            Writes every value the current model's forward pass recorded (and dh, dc after `grad`) \
            for every layer, direction and step. JSON uses the PyTorch fixtures' layout: a list of \
            {layer, direction, steps: [{i, f, g, o, c, h, dh, dc}]}. CSV has one row per value: \
            layer,direction,step,label,quantity,unit,value (steps from 1). Numbers are written in \
            their shortest form that reads back as the same Float64. At a padding step (`feed --mask`) \
            the gates were never computed: they are null in JSON and an empty value in CSV.
            """,
        example: "export trace.csv",
        positionals: [PositionalSpec("file", kind: .file, summary: "a .csv or .json file to write")],
        run: { invocation in
            let session = invocation.session
            let path = invocation.arguments.string("file") ?? ""
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
            let numbers = pass.trace.directions.reduce(0) { sum, direction in
                var quantities = pass.trace.kind.valueQuantities
                if direction.hiddenGradient != nil { quantities.append(.hiddenGradient) }
                if direction.cellGradient != nil { quantities.append(.cellGradient) }
                return sum + direction.steps * quantities.count * direction.hiddenSize
            }
            let estimate = numbers * (isJSON ? 20 : 50)
            guard estimate <= FileAccess.maximumWriteSize else {
                throw LabError("export: this trace holds about \(numbers) numbers, some \(estimate >> 20) MB as \(isJSON ? "JSON" : "CSV"); the lab writes at most \(FileAccess.maximumWriteSize >> 20) MB: feed fewer steps or use a smaller model")
            }
            let text: String
            if isJSON {
                do {
                    text = try JSONWriter.text(try pass.trace.json(shouldStop: session.isInterrupted), shouldStop: session.isInterrupted) + "\n"
                } catch let error as NetworkError where error == .stopped {
                    throw LabError.interrupted
                }
            } else {
                var lines = ["layer,direction,step,label,quantity,unit,value"]
                for direction in pass.trace.directions {
                    var quantities = pass.trace.kind.valueQuantities
                    if direction.hiddenGradient != nil { quantities.append(.hiddenGradient) }
                    if direction.cellGradient != nil { quantities.append(.cellGradient) }
                    for step in 0..<direction.steps {
                        if session.isInterrupted() { throw LabError.interrupted }
                        let label = csvField(state.input?.example.labels[safe: step] ?? "")
                        for quantity in quantities {
                            // a gate at a padding step was never computed: its value field is empty
                            let computed = direction.mask[step] || quantity.existsAtPadding
                            for (unit, value) in (direction.value(quantity, step: step) ?? []).enumerated() {
                                lines.append("\(direction.layer),\(direction.direction.name),\(step + 1),\(label),\(quantity.symbol),\(unit),\(computed ? NumberFormat.shortest(value) : "")")
                            }
                        }
                    }
                }
                text = lines.joined(separator: "\n") + "\n"
            }
            try FileAccess.write(text, to: resolved, command: "export")
            session.addFacets(["export:\(model.name)"])
            return [.prose("Wrote the trace of **\(model.name)** (\(pass.trace.steps) steps, \(pass.trace.directions.count) layer-direction\(pass.trace.directions.count == 1 ? "" : "s")) to \(path).")]
        }
    )
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
