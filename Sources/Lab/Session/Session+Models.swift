import Lessons
import RNNEngine

// Lookups and checks every model and inspection command shares, with the one-line errors
// a learner sees when something is missing.

extension Session {
    /// The model called `name`, or the current one when `name` is nil.
    func requireModel(_ name: String? = nil) throws(LabError) -> LabModel {
        try state.requireModel(name)
    }

    /// Stores a changed state and brings the completion lists up to date.
    func commit(_ newState: LabState) {
        state = newState
        modelNames = state.models.map(\.name)
        quantityNames = Quantity.completionNames(for: state.currentModel?.network?.kind ?? state.currentModel?.settings?.kind)
    }

    /// Adds facets to what this command showed.
    func addFacets(_ facets: [String]) {
        record.facets.formUnion(facets)
    }
}

extension LabState {
    /// The model called `name` (nil: the current one), or an error saying what exists.
    func requireModel(_ name: String? = nil) throws(LabError) -> LabModel {
        guard !models.isEmpty else {
            throw LabError("no model yet — make one with `model lstm --hidden 4`, or load a PyTorch checkpoint with `load FILE.safetensors`")
        }
        guard let name else {
            guard let current = currentModel else {
                throw LabError("no current model — pick one with `use \(models[0].name)`")
            }
            return current
        }
        guard let model = model(named: name) else {
            let names = models.map(\.name)
            let hint = Suggestion.nearest(to: name, among: names).map { " — did you mean '\($0)'?" } ?? ""
            throw LabError("no model named '\(LabError.shortened(name))'\(hint) (the models are \(names.joined(separator: ", ")))")
        }
        return model
    }

    /// The input, or an error saying how to give one.
    func requireInput() throws(LabError) -> LabInput {
        guard let input else {
            throw LabError("no input yet — feed one first, e.g. `feed \"hello\"` or `feed random 20`")
        }
        return input
    }

    /// The input's token rows for `model` to be scored as the whole model it came with would
    /// score them (`show next`, `grad --loss next-char`): an error when they were read through
    /// another model's embedding than `model`'s own (`load` under a new name keeps the input
    /// the earlier model's embedding made), saying how to read them through its own.
    func requireOwnTokenRows(_ input: LabInput, for model: LabModel, command: String) throws(LabError) {
        guard let tokens = input.tokens, tokens.model != model.name, let own = model.embedding else { return }
        if self.model(named: tokens.model)?.embedding == own { return }  // the same table: the same rows
        let indices = tokens.indices.prefix(8).map(String.init).joined(separator: " ") + (tokens.indices.count > 8 ? " …" : "")
        throw LabError("\(command): the input's rows were read through \(tokens.model)'s embedding (\(tokens.embedding)), not "
            + "\(model.name)'s own (\(model.sourceEmbedding ?? "its file's")), so they are not what \(model.name) reads for these tokens: "
            + "`feed --tokens \(indices)` reads them through \(model.name)'s")
    }

    /// The model's forward pass on the current input, or an error saying why there is none.
    func requirePass(_ model: LabModel, shouldStop: ShouldStop? = nil) throws(LabError) -> ForwardPass {
        _ = try requireInput()
        guard let network = model.network else {
            throw LabError("\(model.name) has no weights yet — feed an input to fix its input size")
        }
        if let pass = model.pass, model.passNetwork == network { return pass }
        let width = input?.example.inputs.first?.count ?? 0
        guard network.inputSize == width else {
            throw LabError("\(model.name) reads \(counted(network.inputSize, "feature")) per step and this input has \(width); \(Self.widthRemedy(for: model, width: network.inputSize))")
        }
        // The weights changed since the pass was recorded (e.g. by training): run it again.
        var fresh = self
        fresh.models = [model]
        fresh.currentModelName = model.name
        do {
            _ = try fresh.refreshPass(named: model.name, shouldStop: shouldStop)
        } catch where error.kind == .interrupted {
            throw error
        } catch {
            throw LabError("\(model.name) cannot run on this input: \(error.message)")
        }
        guard let pass = fresh.models.first?.pass else {
            throw LabError("\(model.name) reads \(network.inputSize) features per step and cannot run on this input; \(Self.widthRemedy(for: model, width: network.inputSize))")
        }
        return pass
    }

    /// The model's network, or an error saying its input size is not known yet.
    func requireNetwork(_ model: LabModel) throws(LabError) -> RecurrentNetwork {
        guard let network = model.network else {
            throw LabError("\(model.name) has no weights yet: its input size is set by the first `feed` (or give `--input N` to `model`)")
        }
        return network
    }

    /// The steps the views show: `0..<cursor`, or an error when the cursor is at 0.
    func visibleSteps() throws(LabError) -> Range<Int> {
        let input = try requireInput()
        guard cursor > 0 else {
            throw LabError("the cursor is before step 1 — `step` shows the first step, `run` every step (input has \(input.length))")
        }
        return 0..<min(cursor, input.length)
    }

    /// The 0-based steps `--step A..B` (1-based, inclusive) selects within the visible steps.
    func steps(_ text: String?) throws(LabError) -> Range<Int> {
        let visible = try visibleSteps()
        guard let text else { return visible }
        let input = try requireInput()
        let parts = splitRange(text)
        guard parts.count <= 2, let first = Int(parts[0]), let last = Int(parts.count == 2 ? parts[1] : parts[0]) else {
            throw LabError("--step must be a step such as 3 or a range such as 2..4, got '\(LabError.shortened(text))'")
        }
        let from = first < 0 ? visible.count + first + 1 : first
        let to = last < 0 ? visible.count + last + 1 : last
        guard from >= 1, to <= input.length else {
            throw LabError("--step \(text) is outside the input: its steps are 1..\(input.length)")
        }
        guard from <= to else {
            throw LabError("--step \(text) runs backwards: write the earlier step first, \(to)..\(from)")
        }
        guard to <= visible.count else {
            throw LabError("--step \(text) is past the cursor at step \(visible.count) of \(input.length) — `step` or `run` to go further")
        }
        return (from - 1)..<to
    }

    /// `t=3 'l'`: a step's row label (1-based), with `pad` after the step at masked steps
    /// (`t=4 pad 'l'`).
    func stepLabel(_ step: Int) -> String {
        let read = stepInput(step)
        return stepAndPadding(step) + (read.isEmpty ? "" : " " + read)
    }

    /// `t=3`, or `t=4 pad` at a masked step: a row label without what the step read, for
    /// a view of the read numbers themselves (`show x`).
    func stepAndPadding(_ step: Int) -> String {
        "t=\(step + 1)" + (isPadding(step) ? " pad" : "")
    }

    /// Whether step `step` (0-based) is padding (`feed --mask`).
    func isPadding(_ step: Int) -> Bool {
        input?.mask.map { step < $0.count && !$0[step] } ?? false
    }

    /// ``stepLabel(_:)`` for rows of a table, laid out in columns under a header that names
    /// them (`step  input`): the step, with `pad` at a masked step, padded to the widest,
    /// so that what the steps read lines up whether or not they are padding; when every step read a
    /// number, the numbers right-aligned (`t=9    0.40`, `t=10   0.91`, `t=12  -0.30`). The
    /// widths are measured once, here.
    func stepLabeler() -> StepLabels {
        guard let input else { return .stepsOnly(stepLabel) }
        let reads = (0..<input.length).map(stepInput)
        // a step without a label (or an input without any) has nothing to head
        guard !reads.contains(where: \.isEmpty) else { return .stepsOnly(stepLabel) }
        // the number each label starts with, without a mark after it (the adding task's 0.91*)
        let numbers = reads.map { read in read.split(separator: " ").first.flatMap(leadingNumber) }
        return .stepsAndReads(steps: (0..<input.length).map(stepAndPadding), reads: reads, numbers: numbers)
    }

    /// The number `word` starts with, without marks after it: `0.91` of `0.91*`, `-2.5` of
    /// `-2.5`; nil when it starts with none (`'l'`).
    private func leadingNumber(_ word: Substring) -> String? {
        var text = word
        while let last = text.last, !last.isNumber, Double(text) == nil { text = text.dropLast() }
        return Double(text) != nil ? String(text) : nil
    }

    /// The character each step read, for files other tools read (`,` rather than `','`),
    /// when the input is text; nil when it is numbers, which those files give as x itself
    /// (``QuantityView/exportTable(characters:inputs:mask:)``).
    var readCharacters: [String]? {
        guard let input, let symbols = input.example.symbols, let vocabulary = input.vocabulary,
              symbols.allSatisfy({ $0 >= 0 && $0 < vocabulary.count }) else { return nil }
        return symbols.map { String(vocabulary.characters[$0]) }
    }

    /// What step `step` (0-based) read, as its label shows it (`'l'`, `0.41`); empty when
    /// the input has no labels. Padding is marked beside the step (``stepAndPadding(_:)``).
    func stepInput(_ step: Int) -> String {
        guard let input, step < input.example.labels.count else { return "" }
        return input.example.labels[step]
    }
}

extension LabState {
    /// What to feed `model`, which reads `width` numbers per step: an input of that width, or,
    /// for a model loaded with a whole token model's embedding, token indices through it, as
    /// its rows are that wide: `feed one of width 3, or tokens through tok's embedding
    /// (encoder.embed.weight, 10 × 3) with `feed --tokens 5 2 9``.
    static func widthRemedy(for model: LabModel, width: Int) -> String {
        guard let embedding = model.embedding, embedding.width == width, let described = model.sourceEmbedding else {
            return "feed one of width \(width)"
        }
        return "feed one of width \(width), or tokens through \(model.name)'s embedding (\(described)) with `feed --tokens \(tokenExample(embedding))`"
    }

    /// Three tokens an embedding has, as examples write them: `5 2 9`, or fewer rows' own.
    static func tokenExample(_ embedding: Embedding) -> String {
        let last = embedding.vocabularySize - 1
        return [min(5, last), min(2, last), min(9, last)].map(String.init).joined(separator: " ")
    }
}

/// `3..5` as `["3", "5"]`, `3` as `["3"]`.
func splitRange(_ text: String) -> [String] {
    guard let dots = text.firstRange(of: "..") else { return [text] }
    return [String(text[..<dots.lowerBound]), String(text[dots.upperBound...])]
}

/// Steps as they appear in facets: `t1-5`, or `t3` for one step.
func stepFacet(_ steps: Range<Int>) -> String {
    steps.count == 1 ? "t\(steps.lowerBound + 1)" : "t\(steps.lowerBound + 1)-\(steps.upperBound)"
}
