import RNNEngine

/// Backward through time for a model on the current input, under one of the lab's losses.
enum GradientComputation {
    /// What truncation to windows of `window` steps does over `steps` steps, the windows
    /// named as they lie on the input: `1–3, 4–6, 7–9, 10–12`, or the first two and the
    /// last past four (`1–3, 4–6, …, 28–30`).
    static func truncationNote(window: Int, steps: Int) -> String {
        guard window < steps else {
            return "truncated BPTT: one window of \(window) step\(window == 1 ? "" : "s") holds all \(counted(steps, "step")) of the input, so nothing is cut"
        }
        let starts = Array(stride(from: 0, to: steps, by: window))
        func span(_ start: Int) -> String {
            let end = min(start + window, steps)
            return end - start == 1 ? "\(start + 1)" : "\(start + 1)–\(end)"
        }
        let shown = starts.count <= 4 ? starts.map(span) : [span(starts[0]), span(starts[1]), "…", span(starts[starts.count - 1])]
        if window == 1 { return "truncated BPTT: windows of 1 step, so no gradient flows from a step to the one before it" }
        return "truncated BPTT: the gradient flows back only within windows of \(window) steps "
            + "(\(shown.joined(separator: ", "))); across a window's start it is cut"
    }

    /// The model with its pass extended by the backward pass and a ``GradientRecord``.
    ///
    /// With `truncation` K, the gradient flows back only within windows of K steps (truncated
    /// BPTT): the forward pass still carries the state over the whole sequence. `shouldStop`
    /// (Ctrl-C) is asked every few steps; when it says so this throws ``LabError/interrupted``.
    static func run(
        _ model: LabModel, in state: LabState, loss: LossKind, truncation: Int? = nil, shouldStop: ShouldStop? = nil
    ) throws(LabError) -> LabModel {
        var pass = try state.requirePass(model, shouldStop: shouldStop)
        let network = try state.requireNetwork(model)
        let input = try state.requireInput()
        let output = pass.output
        let steps = output.rows
        let mask = input.mask ?? [Bool](repeating: true, count: steps)
        var note: String?
        let value: Double
        var outputGradient = Matrix(rows: steps, columns: network.outputSize)
        switch loss {
        case .last:
            guard let last = mask.lastIndex(of: true) else { throw LabError("grad: every step is padding; nothing to differentiate") }
            value = output.row(last).reduce(0, +)
            outputGradient.setRow(last, to: [Double](repeating: 1, count: network.outputSize))
        case .sum:
            value = output.values.reduce(0, +)
            for t in 0..<steps where mask[t] { outputGradient.setRow(t, to: [Double](repeating: 1, count: network.outputSize)) }
        case .nextChar:
            // text scores each next character over its one-hot classes; tokens through an
            // embedding score each next token over the embedding's V
            let symbols: [Int], classes: Int
            if let tokens = input.tokens {
                try state.requireOwnTokenRows(input, for: model, command: "grad --loss next-char")
                (symbols, classes) = (tokens.indices, tokens.vocabularySize)
            } else if let text = input.example.symbols, input.vocabulary != nil {
                (symbols, classes) = (text, input.example.inputs.first?.count ?? 0)
            } else {
                throw LabError("grad --loss next-char needs text (`feed \"hello\"`) or tokens through an embedding (`feed --tokens 5 2 9`): "
                    + "feed some first, or use --loss last")
            }
            let (head, headNote) = try outputHead(for: model, network: network, classes: classes)
            note = headNote ?? model.tokenHeadName.map { "the head is \(model.name)'s own from its file, \($0) (\(network.outputSize) → \(classes))" }
            let targets = (0..<steps).map { t in t + 1 < steps && mask[t] && mask[t + 1] ? symbols[t + 1] : -1 }  // the last real step has none
            do {
                let result = try Loss.crossEntropy(output: output, head: head, targets: targets)
                value = result.value
                outputGradient = result.outputGradient
            } catch {
                throw LabError("grad: \(error)")
            }
        case .mse:
            let target: Matrix
            switch input.example.target {
            case .valuePerStep(let rows): target = Matrix(rowArrays: rows) ?? Matrix(rows: 0, columns: 0)
            case .valueAtEnd(let row): target = Matrix(rowArrays: [row]) ?? Matrix(rows: 0, columns: 0)
            case .classPerStep, .classAtEnd:
                throw LabError("grad --loss mse needs an input with a numeric target (`feed sine 30` or `feed adding 50`); this input's target is a class — use --loss next-char or last")
            }
            guard target.rows > 0, target.columns > 0 else {
                throw LabError("grad --loss mse needs an input with a numeric target (`feed sine 30` or `feed adding 50`)")
            }
            let (head, headNote) = try outputHead(for: model, network: network, classes: target.columns)
            let itself = input.targetIsInput
                ? "this input (\(input.source.count > 40 ? String(input.source.prefix(39)) + "…" : input.source)) comes with no task, so its target is the input itself, y_t = x_t; `feed sine N` or `feed adding N` give one"
                : nil
            let notes = [headNote, itself].compactMap { $0 }
            note = notes.isEmpty ? nil : notes.joined(separator: "; ")
            // Only real steps are scored: a target at the end belongs to the last real step,
            // and padding takes no part in the mean.
            let scored: [Int]
            let scoredTarget: Matrix
            if target.rows == 1 {
                guard let last = mask.lastIndex(of: true) else { throw LabError("grad: every step is padding; nothing to differentiate") }
                (scored, scoredTarget) = ([last], target)
            } else {
                scored = (0..<steps).filter { mask[$0] }
                guard !scored.isEmpty else { throw LabError("grad: every step is padding; nothing to differentiate") }
                scoredTarget = Matrix(rowArrays: scored.map { target.row($0) }) ?? target
            }
            var prediction = Matrix(rows: scored.count, columns: target.columns)
            for (row, t) in scored.enumerated() { prediction.setRow(row, to: (try? head.logits(for: output.row(t))) ?? []) }
            do {
                let result = try Loss.meanSquaredError(prediction: prediction, target: scoredTarget)
                value = result.value
                for (row, t) in scored.enumerated() {
                    outputGradient.setRow(t, to: head.weight.transposed.multiplied(by: result.outputGradient.row(row)))
                }
            } catch {
                throw LabError("grad: \(error)")
            }
        }
        do {
            // grad shows dh and dc; the step Jacobian norms are measured when `show jacobian` asks
            _ = try network.backward(&pass, outputGradient: outputGradient,
                                     options: BackwardOptions(truncation: truncation, inputGradient: false, parameterGradients: false),
                                     shouldStop: shouldStop)
        } catch let error as NetworkError where error == .stopped {
            throw .interrupted
        } catch {
            throw LabError("grad: \(error)")
        }
        var result = model
        result.pass = pass
        result.passNetwork = network
        if let truncation {
            note = [note, Self.truncationNote(window: truncation, steps: steps)].compactMap { $0 }.joined(separator: "; ")
        }
        var targetAtEnd = false
        if loss == .mse, case .valueAtEnd = input.example.target { targetAtEnd = true }
        result.gradient = GradientRecord(loss: loss, value: value, note: note, truncation: truncation, targetAtEnd: targetAtEnd,
                                         mask: input.mask)
        result.gradient?.scoresTokens = loss == .nextChar && input.tokens != nil
        result.gradient?.headHasBias = model.tokenHeadName == nil || model.tokenHeadHasBias  // a trained head always has one
        return result
    }

    /// The model's trained head when it fits, else a fixed seeded one (and a note saying so).
    static func outputHead(for model: LabModel, network: RecurrentNetwork, classes: Int) throws(LabError) -> (OutputHead, String?) {
        if let head = model.head, head.inputSize == network.outputSize, head.outputSize == classes {
            return (head, nil)
        }
        let seed = model.settings?.seed ?? 0
        do {
            let head = try OutputHead(inputSize: network.outputSize, outputSize: classes, seed: seed)
            return (head, "\(model.name) has no trained output head for \(classes) output\(classes == 1 ? "" : "s"); a fixed head V (seed \(seed), untrained) stands in")
        } catch {
            throw LabError("grad: \(error)")
        }
    }
}
