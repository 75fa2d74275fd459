import Lessons
import RNNEngine
import Rendering

extension CommandSpec {
    /// `feed ...`: sets the input every model reads and runs them on it.
    public static let feed = CommandSpec(
        name: "feed",
        topic: .models,
        summary: "give the models an input sequence and run them on it",
        help: """
            Sets the input every model reads and runs the forward pass. `feed "TEXT"`: one \
            one-hot step per character (the vocabulary is the text's sorted characters, or the \
            current model's when it was trained on text; a model loaded from a whole model with an \
            embedding gets a warning, as it reads one-hot vectors where that model gave it the \
            embedding's rows). `feed --tokens 5 2 9`: token indices through the current model's \
            embedding, loaded from a whole model's checkpoint (nn.Embedding(V, E) in front of its \
            module): x_t is row k_t of it, as model(torch.tensor([5, 2, 9])) computes, and the \
            indices run from 0 to V−1. `feed --numbers 0.5 -1 2`: one number \
            per step; `feed --numbers "0.5 1; -1 2"`: a vector per step. `feed sine N`, \
            `feed random N` (uniform in [−1, 1], the model's input width), `feed adding N` (one \
            adding-problem sequence), `feed first N` (remember-the-first-symbol), `feed quotes \
            "He said, 'hi'"` (quote tracking). `feed --file data.csv`: a step per line, its numbers \
            separated by commas, tabs or semicolons, or by spaces as NumPy's savetxt writes them (a first line of column names is skipped; at most 16 MB). \
            --mask 1,1,1,0,0 (or 1 1 1 0 0: the numbers after --mask are all the mask's) or a count of real steps marks the rest as padding: the cell does not \
            run there, so the state passes through unchanged (as with PyTorch's packed sequences, \
            h_n is the last real step's), the gates have no value (— in `show`, left out of checks) \
            and no loss scores those steps. h and c at padding carry the state, where PyTorch's \
            pad_packed_sequence writes zeros into its output, as `show output` does. Packed sequences \
            pad only at the end; a mask with padding before a real step (1,0,1) has no PyTorch \
            counterpart, and the lab runs it by the same rule. Afterwards the \
            cursor is at the last step. A model made with `model` is made anew for an input of \
            another width; one that was loaded, trained or changed keeps its weights and is not \
            run, and when it is the current model, feed refuses the input and nothing is fed.
            """,
        example: "feed \"hello\"",
        positionals: [
            PositionalSpec("input", summary: "TEXT; sine|random|adding|first N; quotes TEXT",
                           isOptional: true, isRepeating: true, completion: .choices(InputBuilder.generators)),
        ],
        options: [
            .flag("numbers", summary: "read the values as numbers: one per step, or ;-separated vectors"),
            .flag("tokens", summary: "read the values as token indices, each step the embedding's row"),
            .value("file", kind: .file, summary: "a CSV file: one step per line, its numbers separated by commas"),
            .value("mask", kind: .text, summary: "1 real, 0 padding per step (1,1,0 or 1 1 0), or a count", runsOn: true),
            .value("h0", kind: .text, summary: "initial h: H numbers per layer and direction, ;"),
            .value("c0", kind: .text, summary: "the initial LSTM cell state, laid out like --h0"),
            .value("seed", kind: .integer(0...1_000_000_000), summary: "seed of a generated input", defaultValue: "1"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            var state = session.state
            let current = try state.requireModel()
            let words = arguments.strings("input")
            var input: LabInput
            if let path = arguments.string("file") {
                guard words.isEmpty, !arguments.flag("numbers") else {
                    throw LabError("feed --file reads the whole input from the file; leave out the other input")
                }
                let text = try FileAccess.readText(path, roots: session.record.allowedFileRoots, command: "feed --file")
                input = try InputBuilder.csv(text, source: path)
            } else if words.isEmpty, let mask = arguments.string("mask"), mask.contains(",") {
                throw LabError("feed: the numbers after --mask are all read as the mask (\(LabError.shortened(mask))), so no input is left: "
                    + "put the input before --mask, e.g. `feed --numbers 1 2 3 --mask 1 1 0`")
            } else if words.isEmpty, arguments.flag("tokens") {
                _ = try InputBuilder.tokens(words, model: current)
                throw LabError("feed --tokens: give the token indices, e.g. `feed --tokens 5 2 9`")
            } else if words.isEmpty {
                throw LabError("feed: give the input: a quoted text (`feed \"hello\"`), a generator and a length (`feed sine 20`), --numbers or --file")
            } else if arguments.flag("tokens") {
                guard !arguments.flag("numbers") else {
                    throw LabError("feed: --tokens and --numbers are two ways to give the input; give one of them")
                }
                input = try InputBuilder.tokens(words, model: current)
            } else if arguments.flag("numbers") {
                input = try InputBuilder.numbers(words)
            } else if words.count == 2, InputBuilder.generators.contains(words[0]) {
                let width = current.network?.inputSize ?? current.settings?.inputSize ?? 1
                input = try InputBuilder.generated(words[0], words[1], width: width, seed: UInt64(arguments.int("seed") ?? 1))
            } else if words.count == 1, InputBuilder.generators.contains(words[0]) {
                let example = words[0] == "quotes" ? "quotes \"He said, 'hi'\"" : "\(words[0]) 20"
                throw LabError("feed \(words[0]) needs \(words[0] == "quotes" ? "a sentence" : "a length"): `feed \(example)`")
            } else if words.count == 1 {
                input = try InputBuilder.text(words[0], vocabulary: current.vocabulary)
            } else {
                let hint = words.first.flatMap { Suggestion.nearest(to: $0, among: InputBuilder.generators) }
                    .map { " — did you mean `feed \($0) \(words.dropFirst().joined(separator: " "))`?" } ?? ""
                throw LabError("feed: give one quoted text (`feed \"hello world\"`), a generator and a length (`feed sine 20`), or --numbers\(hint)")
            }
            if let maskText = arguments.string("mask") {
                input.mask = try InputBuilder.mask(maskText, steps: input.length)
            }
            if let text = arguments.string("h0") { input.initialHidden = try InputBuilder.numberRows(text, option: "--h0") }
            if let text = arguments.string("c0") { input.initialCell = try InputBuilder.numberRows(text, option: "--c0") }
            state.input = input
            state.cursor = input.length
            let notes = try state.refreshAllPasses(shouldStop: session.isInterrupted)
            // The current model keeps weights it cannot re-create for this input (loaded,
            // trained or set): refuse the input, as every view of it would fail.
            if let model = state.currentModel, let network = model.network, model.pass == nil,
               network.inputSize != input.example.inputs.first?.count {
                throw LabError(widthRefusal(model: model.name, width: network.inputSize, input: input))
            }
            session.commit(state)
            session.addFacets([input.facet])
            var blocks: [Block] = []
            var shown = input.example.labels.prefix(12).joined(separator: " ") + (input.length > 12 ? " …" : "")
            if input.example.symbols != nil, let open = input.source.firstIndex(of: "\"") {
                // text reads best as the text: `' '` as a label would break across lines
                let text = input.source[open...]
                shown = text.count > 60 ? String(text.prefix(59)) + "…\"" : String(text)
            }
            let hasLabels = input.example.labels.contains { !$0.isEmpty }
            blocks.append(.prose("Fed \(input.length) step\(input.length == 1 ? "" : "s") of width \(input.example.inputs.first?.count ?? 0)" + (hasLabels ? ": \(shown)" : ".")))
            if let vocabulary = input.vocabulary, input.source.hasPrefix("\"") {
                blocks.append(.note("vocabulary (one-hot index order): \(vocabulary.summary) — \(counted(vocabulary.count, "character")), so the input size is \(vocabulary.count)"))
            }
            if let tokens = input.tokens {
                blocks.append(.note("x_t is row k_t of \(tokens.model)'s embedding (\(tokens.embedding)) for the token k_t each step read, "
                    + "as the whole model computes it; models reading \(input.example.inputs.first?.count ?? 0) numbers per step read the same rows"))
            }
            if input.example.symbols != nil {
                blocks += state.models.compactMap { embeddingWarning(model: $0, input: input) }.map { .warning($0) }
            }
            if input.initialHidden != nil || input.initialCell != nil {
                blocks.append(.note("initial state: \(input.initialHidden != nil ? "h0" : "")\(input.initialHidden != nil && input.initialCell != nil ? " and " : "")\(input.initialCell != nil ? "c0" : "") as given (otherwise zeros)"))
                let lstms = state.models.filter { ($0.network?.kind ?? $0.settings?.kind) == .lstm }
                if input.initialCell != nil && lstms.isEmpty {
                    blocks.append(.note("c0 is the LSTM's initial cell state, and no model here is an LSTM: it is kept for one made later"))
                }
            }
            if let mask = input.mask {
                let real = mask.filter { $0 }.count, padding = mask.count - real
                blocks.append(.note("mask: \(real) real step\(real == 1 ? "" : "s"), \(padding) padding (the state passes through padding unchanged)"))
                if let note = innerPaddingNote(mask) { blocks.append(.note(note)) }
            }
            blocks += notes.map { .note($0) }
            blocks.append(.note("the cursor is at step \(input.length) of \(input.length): views show every step; `reset` then `step` walks through time"))
            return blocks
        }
    )
}

/// What one-hot `input` (text, or symbols) means for `model` when it was loaded from a whole
/// model with an embedding (``LabModel/sourceEmbedding``) and has not been trained here
/// since: the module reads one-hot vectors over the input's own symbols where the whole
/// model would have given it the embedding's rows, so its numbers are not the model's. Nil
/// for any other model, or one that did not read the input.
private func embeddingWarning(model: LabModel, input: LabInput) -> String? {
    guard let embedding = model.sourceEmbedding, model.training == nil, model.pass != nil else { return nil }
    let width = input.example.inputs.first?.count ?? 0
    let symbols = input.vocabulary.map { counted($0.count, "symbol") } ?? counted(width, "symbol")
    let instead = model.embedding != nil
        ? "give the tokens' indices with `feed --tokens`, which runs them through the embedding"
        : "feed the embedding's rows for the symbols' ids as numbers (`feed --numbers` or `feed --file`), as the embedding itself was left out"
    return "\(model.name) was loaded from a whole model whose embedding (\(embedding)) turns each symbol into the module's input: "
        + "here the input is one-hot over the \(symbols) of \(input.source), not that embedding's rows, "
        + "so \(model.name)'s numbers are not what the whole model computes. To run it as the model does, \(instead)"
}

/// What a mask with padding before a real step means, where PyTorch has nothing alike:
/// packed sequences pad only at the end. Nil when all padding is at the end.
func innerPaddingNote(_ mask: [Bool]) -> String? {
    guard let lastReal = mask.lastIndex(of: true) else { return nil }
    let inner = mask[..<lastReal].indices.filter { !mask[$0] }
    guard !inner.isEmpty else { return nil }
    let place = (inner.count == 1 ? "step " : "steps ") + stepList(inner)
    return "padding at \(place) comes before a real step: PyTorch has no counterpart (packed sequences pad only at the end); "
        + "the lab carries the state through it unchanged"
}

/// Why `feed` refused `input` for the current model `model`, which reads `width` numbers
/// per step, and inputs of that width.
private func widthRefusal(model: String, width: Int, input: LabInput) -> String {
    let given = input.example.inputs.first?.count ?? 0
    if width > 1, input.isNumbersWithoutSteps {
        // `--numbers 1 2 3` is three steps of one number; a step of several ends with ;
        // the learner's own numbers, `width` to a step (the first few steps of many)
        let numbers = input.source.dropFirst("--numbers ".count)
            .split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        let whole = numbers.count / width * width
        let steps = stride(from: 0, to: whole, by: width).map { numbers[$0..<($0 + width)].joined(separator: " ") }
        let shown = steps.count > 3 ? steps.prefix(2).joined(separator: "; ") + "; …" : steps.joined(separator: "; ")
        let example = steps.isEmpty ? "`feed --numbers \"\(Array(repeating: "0", count: width).joined(separator: " "));\"`"
            : "`feed --numbers \"\(shown)\(steps.count == 1 ? ";" : "")\"`"
        let given = numbers.count > 6 ? numbers.prefix(6).joined(separator: " ") + " …" : numbers.joined(separator: " ")
        return "feed: \(model) reads \(counted(width, "number")) per step, and this input gives 1 per step: --numbers without ; "
            + "reads one number per step, so \"\(given)\" is \(counted(input.length, "step")) of 1; nothing was fed. Separate the steps with ; (a single step ends "
            + "with one): \(example) gives \(counted(max(steps.count, 1), "step")) of \(width)"
            + (numbers.count % width == 0 ? "" : " (\(counted(numbers.count, "number")) do not divide into steps of \(width))")
    }
    let what = input.vocabulary != nil && input.source.hasPrefix("\"")
        ? "\(input.source) gives \(given) per step (one-hot over its \(counted(given, "character")))"
        : "this input gives \(given) per step"
    let sample = ["0.5", "-1", "2", "0"]
    let numbers = width == 1 ? "`feed --numbers 0.5 -1 2`"
        : width <= sample.count ? "`feed --numbers \"\(sample.prefix(width).joined(separator: " ")); \(Array(repeating: "0", count: width).joined(separator: " "))\"`"
        : "`feed --numbers` with \(width) numbers per step, steps separated by ;"
    return "feed: \(model) reads \(counted(width, "number")) per step, and \(what); nothing was fed. Give it \(width) per step: "
        + "`feed random 20`, \(numbers), or `feed --file steps.csv`, a CSV file with \(width) column\(width == 1 ? "" : "s")"
}
