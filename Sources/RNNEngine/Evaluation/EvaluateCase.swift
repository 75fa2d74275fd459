/// Runs a PyTorch state dict on the inputs of a case file and returns the fixtures' JSON.
///
/// The case is a JSON object with `x` (T × input_size) and optional `h0`, `c0`
/// ((num_layers·D) × hidden_size) and `dy` (T × D·hidden_size), zeros when absent, and
/// `length`, the real steps of x when the rest is padding (as `pack_padded_sequence`); any other
/// key is an error unless it is one of the fixtures' (``CaseEvaluation/fixtureKeys``). The loss is
/// `L = sum(output ⊙ dy)`. The result holds `output`, `h_n`, `c_n` (LSTM), `loss`, `grads`
/// (state-dict names plus `x`, `h0`, `c0`) and `trace` (per layer and direction, per step the
/// cell's named values plus `dh` and, for the LSTM, `dc`). Numbers round-trip exactly.
///
/// - Parameters:
///   - nonlinearity: `"tanh"` or `"relu"` for a plain RNN; `nil` means tanh.
///   - module: the recurrent module of a whole model's state dict (its key prefix, e.g.
///     `encoder`); nil reads the only one (``RecurrentNetwork/modulePrefix(in:named:)``).
public func evaluateCase(weightsPath: String, casePath: String, nonlinearity: String?, module: String? = nil) throws -> String {
    JSONWriter.text(try CaseEvaluation(weightsPath: weightsPath, casePath: casePath, nonlinearity: nonlinearity, module: module).json)
}

/// A forward and backward pass of a network on one case, with L = sum(output ⊙ dy).
public struct CaseEvaluation: Sendable {
    /// The network evaluated.
    public let network: RecurrentNetwork
    /// The forward pass, its trace extended by backward.
    public let pass: ForwardPass
    /// The loss L = sum(output ⊙ dy).
    public let loss: Double
    /// The gradients.
    public let gradients: Gradients
    /// What reading the case assumed, one sentence each (a batch dimension of one dropped).
    public let notes: [String]
    /// Whether the case gave `dy`; without it L = 0 and every gradient is zero.
    public let hasOutputGradient: Bool
    /// What reading the checkpoint assumed or found, as `load` says it (a plain RNN's
    /// nonlinearity, missing biases, weights that are not numbers).
    public private(set) var checkpointNotes: [CheckpointNote] = []

    /// The most bytes of a checkpoint read, in bytes (256 MiB): its header and the
    /// recurrent module's tensors, whatever else the file holds.
    public static let maximumWeightsSize = 256 << 20
    /// The largest case file read, in bytes (64 MiB).
    public static let maximumCaseSize = 64 << 20
    /// The most trace values a case may make (steps × layers × directions × (gates + 2) ×
    /// hidden): 20 million, 160 MB of doubles and as much again for the gradients.
    public static let maximumTraceValues = 20_000_000

    /// Loads the state dict at `weightsPath` (the module `module`; a plain RNN's
    /// nonlinearity `"tanh"` or `"relu"`, else the file's, else tanh) and evaluates it on the
    /// case file at `casePath`.
    public init(weightsPath: String, casePath: String, nonlinearity: String?, module: String? = nil) throws {
        let activation: Activation?
        switch nonlinearity {
        case nil: activation = nil
        case "tanh": activation = .tanh
        case "relu": activation = .relu
        case let other?: throw NetworkError("--nonlinearity must be tanh or relu, got `\(other)`")
        }
        if let size = FileBytes.size(path: casePath), size > Self.maximumCaseSize {
            throw NetworkError("\(casePath) is \(CheckpointModule.mebibytes(size)); eval reads a case file of at most \(CheckpointModule.mebibytes(Self.maximumCaseSize))")
        }
        let checkpoint: CheckpointModule
        do {
            // the module runs alone: a saved model's output head is left out, and the notes say so
            checkpoint = try CheckpointModule(path: weightsPath, module: module, nonlinearity: activation,
                                              byteLimit: Self.maximumWeightsSize, readingHead: false)
        } catch let error as CheckpointError {
            throw error.plainError
        }
        let caseBytes: [UInt8]
        do { caseBytes = try FileBytes.read(path: casePath) } catch let error as SafeTensorsError {
            throw NetworkError(error.message.replacing("give a .safetensors file", with: "give a JSON case file"))
        }
        let caseValue: JSONValue
        do { caseValue = try JSONParser.parse(caseBytes, maximumDepth: 16) } catch {
            throw NetworkError("\(casePath): \(error)")
        }
        try self.init(network: checkpoint.network, caseValue: caseValue, source: casePath)
        checkpointNotes = checkpoint.notes(for: .eval)
    }

    /// Evaluates `network` on a case object (`x`, optional `h0`, `c0`, `dy`), each given
    /// either as a matrix or with a batch dimension of one, as PyTorch's modules take them
    /// (``unbatched(_:network:source:)``).
    public init(network: RecurrentNetwork, caseValue given: JSONValue, source: String = "case") throws {
        let (caseValue, batchNote) = try Self.unbatched(given, network: network, source: source)
        // The shape each key must have, as the error messages write it: `h0` is
        // (layers·directions) × H = 1 × 5, a list of rows even when there is one row.
        let stateRows = network.numLayers * network.directionCount
        let shapes = ["x": "T × input_size = T × \(network.inputSize)",
                      "h0": "(layers·directions) × H = \(stateRows) × \(network.hiddenSize)",
                      "c0": "(layers·directions) × H = \(stateRows) × \(network.hiddenSize)",
                      "dy": "T × (directions·H) = T × \(network.outputSize)"]
        func matrix(_ key: String, rows: Int, columns: Int, required: Bool) throws -> Matrix? {
            guard let value = caseValue[key], value != .null else {
                if required { throw NetworkError("\(source): missing `\(key)`") }
                return nil
            }
            let shape = shapes[key] ?? "\(rows) × \(columns)"
            guard let rowValues = value.array, rowValues.count <= 10_000_000 else {
                throw NetworkError("\(source): `\(key)` must be an array of rows: \(shape)")
            }
            var values: [Double] = []
            for (r, row) in rowValues.enumerated() {
                guard let entries = row.array else {
                    if rowValues.allSatisfy({ $0.number != nil }) {
                        let count = rowValues.count == 1 ? "1 number" : "\(rowValues.count) numbers"
                        throw NetworkError("\(source): `\(key)` must be \(shape), a list of rows even when there is one row "
                            + "([[…]]), not a flat list of \(count)")
                    }
                    throw NetworkError("\(source): `\(key)` must be \(shape), a list of rows; `\(key)`[\(r)] is not a row of numbers")
                }
                guard entries.count == columns else {
                    throw NetworkError("\(source): `\(key)`[\(r)] has \(entries.count) number\(entries.count == 1 ? "" : "s"), expected \(columns); `\(key)` is \(shape)")
                }
                for entry in entries {
                    guard let number = entry.number else { throw NetworkError("\(source): `\(key)`[\(r)] holds a non-number") }
                    guard number.isFinite else { throw NetworkError("\(source): `\(key)`[\(r)] holds a number too large for a double") }
                    values.append(number)
                }
            }
            guard rows < 0 || rowValues.count == rows else {
                throw NetworkError("\(source): `\(key)` has \(rowValues.count) rows, expected \(rows)")
            }
            return Matrix(rows: rowValues.count, columns: columns, values: values)!
        }
        guard let members = caseValue.members else { throw NetworkError("\(source): the case must be a JSON object") }
        let unknown = members.map(\.0).filter { !Self.inputKeys.contains($0) && !Self.fixtureKeys.contains($0) }
        if !unknown.isEmpty {
            let named = unknown.prefix(6).map { key in
                "`\(key)`" + (Self.nearestKey(to: key).map { " (did you mean `\($0)`?)" } ?? "")
            }.joined(separator: ", ") + (unknown.count > 6 ? " and \(unknown.count - 6) more" : "")
            throw NetworkError("\(source): unknown key\(unknown.count == 1 ? "" : "s") \(named); a case gives x and optionally h0, c0, dy and length "
                + "(the fixtures' other keys, \(Self.fixtureKeys.prefix(3).joined(separator: ", ")), …, are allowed and not read)")
        }
        let steps = caseValue["x"]?.array?.count ?? 0
        let perStep = network.numLayers * network.directionCount * (network.kind.gateCount + 2) * network.hiddenSize
        guard steps <= Self.maximumTraceValues / max(perStep, 1) else {
            throw NetworkError("\(source): `x` has \(steps) steps; this network's trace allows at most \(Self.maximumTraceValues / max(perStep, 1))")
        }
        if network.kind != .lstm, let c0 = caseValue["c0"], c0 != .null {
            throw NetworkError("\(source): `c0` is given, but \(network.kind.withArticle) has no cell state")
        }
        let x = try matrix("x", rows: -1, columns: network.inputSize, required: true)!
        guard x.rows > 0 else { throw NetworkError("\(source): `x` has no steps; give at least one row") }
        let h0 = try matrix("h0", rows: stateRows, columns: network.hiddenSize, required: false)
        let c0 = network.kind == .lstm ? try matrix("c0", rows: stateRows, columns: network.hiddenSize, required: false) : nil
        let givenDy = try matrix("dy", rows: x.rows, columns: network.outputSize, required: false)
        let dy = givenDy ?? Matrix(rows: x.rows, columns: network.outputSize)
        // `length`: the real steps, the rest padding, as pack_padded_sequence(x, [length]) reads x
        var mask: [Bool]?
        var lengthNote: String?
        if let value = caseValue["length"], value != .null {
            guard let number = value.number, number == number.rounded(), number >= 1, number <= Double(x.rows) else {
                throw NetworkError("\(source): `length` must be a whole number of real steps from 1 to x's \(x.rows)")
            }
            let length = Int(number)
            mask = (0..<x.rows).map { $0 < length }
            if length < x.rows {
                let padding = length + 1 == x.rows ? "step \(x.rows) is" : "steps \(length + 1)–\(x.rows) are"
                lengthNote = "length \(length) of \(x.rows): \(padding) padding, as pack_padded_sequence(x, [\(length)]) reads it; "
                    + "the output is 0 there (pad_packed_sequence's), the final states come from the real steps alone, and dy there is not read"
            }
        }
        var pass = try network.forward(x, initialHidden: h0, initialCell: c0, mask: mask)
        let objective = Loss.dotProduct(output: pass.output, weights: dy)
        gradients = try network.backward(&pass, outputGradient: objective.outputGradient)
        self.network = network
        self.pass = pass
        self.loss = objective.value
        self.notes = [batchNote, lengthNote].compactMap { $0 }
        self.hasOutputGradient = givenDy != nil
    }

    /// The case with its arrays' batch dimension of one removed, as PyTorch's modules take
    /// them (batch_first=False): `x` of shape (T, 1, I), `h0` and `c0` (layers·directions,
    /// 1, H), `dy` (T, 1, D·H); and a note saying so when there was one. A batch of more
    /// than one sequence is an error, as eval runs one.
    static func unbatched(_ caseValue: JSONValue, network: RecurrentNetwork, source: String) throws -> (JSONValue, note: String?) {
        guard let members = caseValue.members else { return (caseValue, nil) }
        let stateRows = "\(network.numLayers * network.directionCount)"
        let layouts = ["x": ("T", network.inputSize), "h0": (stateRows, network.hiddenSize), "c0": (stateRows, network.hiddenSize),
                       "dy": ("T", network.outputSize)]
        var squeezed: [(key: String, shape: [Int])] = []
        var result: [(String, JSONValue)] = []
        for (key, value) in members {
            guard let (rows, columns) = layouts[key], let outer = value.array, let first = outer.first?.array, first.first?.array != nil else {
                result.append((key, value))
                continue
            }
            let batch = first.count
            for (index, element) in outer.enumerated() {
                guard let inner = element.array, inner.allSatisfy({ $0.array != nil }) else {
                    throw NetworkError("\(source): `\(key)`[\(index)] is not a list of rows as `\(key)`[0] is; give \(key) as \(rows) × \(columns)")
                }
                guard inner.count == batch else {
                    throw NetworkError("\(source): `\(key)`[\(index)] has \(inner.count) rows but `\(key)`[0] has \(batch); give \(key) as \(rows) × \(columns)")
                }
            }
            let shape = [outer.count, batch, first.first?.array?.count ?? 0]
            let written = shape.map(String.init).joined(separator: " × ")
            if batch != 1 {
                if key == "x", outer.count == 1 {
                    throw NetworkError("\(source): `x` is \(written): a batch of \(batch) sequences of one step, or one sequence of \(batch) steps with "
                        + "batch_first=True; eval runs one sequence: give x as T × \(columns)")
                }
                throw NetworkError("\(source): `\(key)` is a batch of \(batch) sequences (\(written)); eval runs one: give \(key) as \(rows) × \(columns)")
            }
            squeezed.append((key, shape))
            result.append((key, .array(outer.map { $0.array![0] })))
        }
        guard let first = squeezed.first else { return (caseValue, nil) }
        let module = "nn." + network.kind.rawValue.uppercased()
        let others = squeezed.dropFirst().map(\.key)
        let rest = others.isEmpty ? "" : ", and \(others.joined(separator: ", ")) without it too"
        return (.object(result), "the case has a batch dimension of 1 (\(first.key) is \(first.shape.map(String.init).joined(separator: " × ")), "
            + "as \(module) takes it); read as one sequence, \(first.key) \(first.shape[0]) × \(first.shape[2])\(rest)")
    }

    /// The keys a case file gives: the input, and optionally the initial states and dy.
    public static let inputKeys = ["x", "h0", "c0", "dy", "length"]

    /// The other keys of the fixtures' layout, which a case file may carry and eval does not
    /// read: the model's description and the reference results.
    public static let fixtureKeys = ["name", "kind", "input_size", "hidden_size", "num_layers", "bidirectional", "seq_len", "seed",
                                     "loss_definition", "params", "output", "h_n", "c_n", "loss", "grads", "trace"]

    /// The known key closest to `key` (case, `_` and `-` aside, then by edit distance; an
    /// input key before a fixture key), if any is close: `h_0` → `h0`, `dY` → `dy`.
    static func nearestKey(to key: String) -> String? {
        func normalized(_ text: String) -> [Character] { Array(text.lowercased().filter { $0 != "_" && $0 != "-" }) }
        let wanted = normalized(key)
        let scored = (inputKeys + fixtureKeys).map { (key: $0, distance: editDistance(wanted, normalized($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= max(1, wanted.count / 3) else { return nil }
        return best.key
    }

    /// The Levenshtein distance: the fewest insertions, deletions and substitutions that
    /// turn `first` into `second`.
    static func editDistance(_ first: [Character], _ second: [Character]) -> Int {
        var previous = Array(0...second.count)
        for (i, a) in first.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: second.count)
            for (j, b) in second.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
            }
            previous = current
        }
        return previous[second.count]
    }

    /// The result in the fixtures' layout.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("output", JSONValue(pass.output)), ("h_n", JSONValue(pass.finalHidden))]
        if let finalCell = pass.finalCell { members.append(("c_n", JSONValue(finalCell))) }
        members.append(("loss", .number(loss)))
        var grads: [(String, JSONValue)] = [("x", JSONValue(gradients.input)), ("h0", JSONValue(gradients.initialHidden))]
        if let initialCell = gradients.initialCell { grads.append(("c0", JSONValue(initialCell))) }
        for (name, tensor) in gradients.parameters.pairs where network.hasBiases || !RecurrentNetwork.isBias(name) {
            grads.append((name, JSONValue(tensor)))  // a bias=False module has no bias to differentiate
        }
        members.append(("grads", .object(grads)))
        members.append(("trace", pass.trace.json))
        return .object(members)
    }
}
