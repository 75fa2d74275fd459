import RNNEngine
import Rendering

extension CommandSpec {
    /// `load FILE.safetensors`: a PyTorch state dict as a new model.
    public static let load = CommandSpec(
        name: "load",
        topic: .models,
        summary: "load a PyTorch RNN/LSTM/GRU state dict from a safetensors file",
        help: """
            Loads the weights of a PyTorch nn.RNN, nn.LSTM or nn.GRU saved as safetensors (F64, F32, \
            F16 or BF16; keys weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ...). The kind, \
            sizes, layers and directions follow from the shapes. A whole model's state dict works \
            too: its one recurrent module is found by its keys (encoder.weight_hh_l0, ...) and the \
            other tensors are left out; when it has several, --module names the one to load. An \
            nn.RNNCell's, nn.LSTMCell's or nn.GRUCell's weight_ih, weight_hh, bias_ih and bias_hh \
            load as a 1-layer module's (and `save` writes the cell's names again). A file `save` wrote \
            from a model trained here also holds its output head (head.weight, head.bias) and its \
            task and vocabulary: they are loaded too, so `sample` and `evaluate` work on it. A whole \
            token model's embedding (V rows as wide as the module's input: a tensor whose name holds \
            emb, or else the one NAME.weight of that shape without a NAME.bias, as PyTorch's \
            word-language-model example has encoder.weight) is loaded too, so that `feed --tokens 5 2 9` runs token indices through it, and \
            so is its nn.Linear from the module's outputs to V scores (NAME.weight of shape (V, D·H), \
            NAME.bias if any), which `grad --loss next-char` uses to score each next token; loaded under the name of the \
            model whose embedding read the `feed --tokens` input, it reads those tokens through its \
            own embedding (or, when it has none or a token is past its rows, the input is dropped). A file of a \
            model with tied weights (decoder.weight = encoder.weight), which save_model writes with the head's \
            weight alone, has no embedding: when that weight is V × the module's input size, it is read as the \
            embedding too, and a note says so. Only \
            the header, the module's tensors and these are read, at most 256 MiB of them, however \
            large the rest of the file; an embedding that would pass the limit is left out with a note. \
            From PyTorch: `safetensors.torch.save_file(model.state_dict(), "model.safetensors")`; a \
            torch.save .pt file or a NumPy .npz is refused with the Python that converts it. \
            A PyTorch state dict does not say whether a plain RNN used tanh or relu: give \
            --nonlinearity relu when it did (a file rnnlab saved records it, and load reads it). \
            A state dict saved with bias=False has no biases here either: they compute as zeros, training leaves them at zero, and params and save leave them out. The model is named after the \
            module or else the file, or else its kind (never a name that reads as another kind, such \
            as rnn for an LSTM, nor the rnn. under which `save` writes a trained model's module), \
            with 2, 3, ... added when that name is taken, unless --name \
            says otherwise (a --name already in use is replaced, as with model); it becomes the \
            current model and reads the current input.
            """,
        example: "load lstm_small.safetensors --name small",
        positionals: [PositionalSpec("file", kind: .file, summary: "a .safetensors file")],
        options: [
            .value("nonlinearity", kind: .choice(["tanh", "relu"]), summary: "a plain RNN's nonlinearity (default: what the file records, else tanh)"),
            .value("name", kind: .text, summary: "what to call the model (default: the module's or the file's name)"),
            .value("module", kind: .text, summary: "which recurrent module of a whole model's state dict, e.g. encoder"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            let path = arguments.string("file") ?? ""
            let resolved = try FileAccess.resolve(path, roots: session.record.allowedFileRoots, command: "load", forWriting: false)
            let asked = arguments.string("nonlinearity").flatMap(Activation.init(rawValue:))
            // Only the header and the module's tensors are read, and only they count
            // against the limit: a big embedding beside a small LSTM loads.
            var checkpoint: CheckpointModule
            do {
                checkpoint = try CheckpointModule(path: resolved, name: path, module: arguments.string("module"), nonlinearity: asked,
                                                  byteLimit: FileAccess.maximumLoadSize, shouldStop: session.isInterrupted)
            } catch let error as NetworkError where error == .stopped {
                throw LabError.interrupted
            } catch let error as CheckpointError {
                switch error.stage {
                case .module: throw LabError("load: \(path) holds \(error.message)")
                case .tensors: throw LabError("load: \(path)\(error.prefix.map { $0.isEmpty ? "" : " (\($0.dropLast()))" } ?? ""): \(error.message)")
                case .nonlinearity: throw LabError("load: \(error.message)")
                case .file, .size: throw LabError("load: \(error)")
                }
            } catch {
                throw LabError("load: \(path): \(error)")
            }
            let (prefix, network) = (checkpoint.prefix, checkpoint.network)
            // A file the lab saved from a trained model: its head with the task it learned.
            let trained = restoredTraining(&checkpoint)
            let loadNotes = checkpoint.notes(for: .load).map { note -> Block in note.isWarning ? .warning(note.text) : .note(note.text) }
            var state = session.state
            let name: String
            var nameNote: String?
            if let given = arguments.string("name") {
                name = try validModelName(given)
                if state.model(named: name) != nil { nameNote = "the earlier model called \(name) was replaced" }
            } else {
                // The module's or the file's name, or else the kind's; never one in use.
                let base = [moduleName(prefix: prefix, labSaved: checkpoint.file.metadata["kind"] != nil), baseName(path)]
                    .compactMap { $0 }
                    .first { (try? validModelName($0)) != nil && !misnamesKind($0, of: network.kind) } ?? network.kind.rawValue
                let fresh = state.freshModelName(base)
                name = (try? validModelName(fresh)) ?? state.freshModelName(network.kind.rawValue)
                if name != base { nameNote = "a model called \(base) exists already, so this one is called \(name) (`--name` chooses another)" }
            }
            var model = LabModel(name: name, settings: nil, network: network)
            model.sourceFile = path
            model.sourcePrefix = prefix
            model.sourceEmbedding = checkpoint.embedding
            model.embedding = checkpoint.embeddingTable
            model.sourcePath = resolved
            model.sourceDType = checkpoint.exactDType
            model.sourceDTypes = checkpoint.dtypes
            model.sourceIsCell = checkpoint.isCell
            if let trained {
                model.head = checkpoint.head
                model.training = TrainingRecord(task: trained.choice, configuration: TrainingConfiguration())
                model.trainedTask = trained.choice.name
                model.vocabulary = trained.vocabulary
            } else if let tokenHead = checkpoint.tokenHead {
                model.head = tokenHead.head
                model.tokenHeadName = tokenHead.name
                model.tokenHeadHasBias = checkpoint.tokenModelNames.contains(tokenHead.name + ".bias")
                model.embeddingIsTiedHead = checkpoint.embeddingIsTiedHead
                model.tiedEmbeddingName = checkpoint.tiedEmbeddingName
            } else if checkpoint.embeddingTable != nil {
                model.tokenHeadProblem = checkpoint.tokenHeadProblem
            }
            state.models.removeAll { $0.name == name }
            state.models.append(model)
            state.currentModelName = name
            let inputNote = retokenize(&state, replacedBy: model)
            let notes = try inputNote == nil ? state.refreshNewModel(named: name, shouldStop: session.isInterrupted)
                : state.refreshAllPasses(shouldStop: session.isInterrupted)
            session.commit(state)
            session.addFacets(["load:\(name) kind=\(network.kind.rawValue) hidden=\(network.hiddenSize) layers=\(network.numLayers)"])
            var blocks: [Block] = [.prose("Loaded **\(name)** from \(path): \(ModelFactory.describe(network)) — \(NumberFormat.count(ParameterCount(network).total)) parameters.")]
            if let nameNote { blocks.append(.note(nameNote)) }
            blocks += loadNotes
            if let inputNote { blocks.append(inputNote) }
            if let trained {
                let uses = trained.choice.text != nil ? "`sample` and `evaluate` work on it" : "`evaluate` works on it"
                blocks.append(.note("with its output head, trained on \(trained.choice.description)\(trained.vocabulary.map { " over \(counted($0.count, "character"))" } ?? ""): "
                    + "\(uses); the optimizer's state and the loss history were not saved, so `train` goes on with a new optimizer"))
            }
            if let embedding = checkpoint.embeddingTable, let described = checkpoint.embedding {
                blocks.append(.note(tokenModelNote(embedding: embedding, described: described, head: checkpoint.tokenHead,
                                                    headHasBias: checkpoint.tokenHead.map { checkpoint.tokenModelNames.contains($0.name + ".bias") } ?? false,
                                                    headProblem: checkpoint.tokenHeadProblem, outputs: network.outputSize,
                                                    tied: checkpoint.embeddingIsTiedHead)))
                if let broken = nonFiniteNote(embedding: embedding, described: described, head: checkpoint.tokenHead) {
                    blocks.append(.warning(broken))
                }
            }
            blocks += notes.map { .note($0) }
            return blocks
        }
    )
}

/// The task and characters of a file the lab saved from a trained model, whose head
/// `checkpoint` read: nil for any other file, and nil with the head dropped (and a note
/// saying why) when the task the file records is not one the lab can train or does not fit
/// the module and head.
private func restoredTraining(_ checkpoint: inout CheckpointModule) -> (choice: TaskChoice, vocabulary: Vocabulary?)? {
    guard let head = checkpoint.head else { return nil }
    let metadata = checkpoint.file.metadata
    do {
        let choice = try TaskChoice(metadata: metadata)
        let task = try choice.makeTask()
        let vocabulary = choice.vocabulary(of: task)
        let recorded = try TaskChoice.vocabulary(in: metadata)
        if choice.text != nil, let vocabulary, vocabulary.count != head.outputSize {
            throw LabError(characterCountMismatch(text: vocabulary, recorded: recorded, headRows: head.outputSize))
        }
        guard task.inputSize == checkpoint.network.inputSize, task.outputSize == head.outputSize else {
            throw LabError("\(choice.description) reads \(task.inputSize) and writes \(task.outputSize) values per step, "
                + "but the module reads \(checkpoint.network.inputSize) and the head writes \(head.outputSize)")
        }
        if let recorded, recorded != vocabulary {
            throw LabError("the __metadata__ entry \"vocabulary\" " + vocabularyMismatch(recorded: recorded, expected: vocabulary, task: choice.name)
                + (vocabulary == nil ? "" : "; put back the list `save` wrote, the training text's distinct characters in sorted order"))
        }
        return (choice, vocabulary)
    } catch {
        checkpoint.dropHead(because: "\(error)")
        return nil
    }
}

/// Token indices fed through the embedding of a model that `model` replaces (loaded under its
/// name) are read again through `model`'s embedding, as the whole model would read them; when
/// it has none, or a token is past its rows, the input is dropped, as its rows are then no
/// model's embedding. A note says which, or nil when the input was not such tokens.
private func retokenize(_ state: inout LabState, replacedBy model: LabModel) -> Block? {
    guard let input = state.input, let tokens = input.tokens, tokens.model == model.name else { return nil }
    let earlier = "the input, \(LabError.shortened(input.source)), was read through the earlier \(model.name)'s embedding (\(tokens.embedding))"
    do {
        state.input = try InputBuilder.retokenized(input, model: model)
        return .note("\(earlier); it now runs through this one's (\(model.sourceEmbedding ?? "")), as the whole model reads the same tokens")
    } catch {
        let why = model.embedding == nil ? "this one has none" : String(error.message.trimmingPrefix("feed --tokens: "))
        state.input = nil
        state.cursor = 0
        for index in state.models.indices {
            state.models[index].pass = nil
            state.models[index].passNetwork = nil
            state.models[index].gradient = nil
        }
        return .warning("\(earlier), and \(why): its rows are no model's now, so it was dropped; feed the tokens again")
    }
}

/// What the embedding (`described`: `encoder.embed.weight, 10 × 3`) and a whole model's own
/// head read beside the module make possible: `feed --tokens` runs token indices through the
/// embedding, and `grad --loss next-char` scores each next token with the head (whose bias
/// is zeros when `headHasBias` is false: an `nn.Linear(..., bias=False)`). Without a head,
/// says why, unless the checkpoint's own note says it (`headProblem`). When the embedding is
/// the head's weight (`tied`), says why it was taken for both.
private func tokenModelNote(
    embedding: Embedding, described: String, head: (name: String, head: OutputHead)?, headHasBias: Bool, headProblem: String?, outputs: Int,
    tied: Bool
) -> String {
    let last = embedding.vocabularySize - 1
    let example = [min(5, last), min(2, last), min(9, last)].map(String.init).joined(separator: " ")
    if tied, let head {
        return "the file has no embedding, and its output head \(head.name) (\(outputs) → \(embedding.vocabularySize)) has a weight of the shape "
            + "one needs, \(head.name).weight \(embedding.vocabularySize) × \(embedding.width): a model with tied weights (decoder.weight = encoder.weight, "
            + "as PyTorch's word-language-model --tied makes it) shares one tensor between the two, and safetensors' save_model keeps one of its names. "
            + "So \(head.name).weight is the embedding too: `feed --tokens \(example)` gives the module row k of it for token k (tokens 0–\(last)), "
            + "and `grad --loss next-char` scores each next token with the same weight" + (headHasBias ? " and \(head.name).bias" : " (the head has no bias)")
    }
    let embedded = "with its embedding (\(described)): `feed --tokens \(example)` gives the module row k of it for token k, "
        + "as the whole model does (tokens 0–\(last))"
    guard let head else {
        guard headProblem == nil else { return embedded + "; no head was read, as the note above says" }
        return embedded + "; the file has no nn.Linear from the module's \(outputs) outputs to \(embedding.vocabularySize) scores, so no head was read"
    }
    let bias = headHasBias ? " and \(head.name).bias" : " (no bias)"
    return embedded + ", and its output head \(head.name).weight\(bias) (\(outputs) → \(embedding.vocabularySize)), "
        + "which `grad --loss next-char` uses to score each next token"
}

/// What NaN or infinite values in the embedding or the head read beside the module spoil,
/// as the load's warning says of the module's own weights; nil when every value is finite.
private func nonFiniteNote(embedding: Embedding, described: String, head: (name: String, head: OutputHead)?) -> String? {
    let brokenRows = (0..<embedding.vocabularySize).filter { !embedding.weight.row($0).allSatisfy(\.isFinite) }
    let headValues = head.map { $0.head.weight.values + $0.head.bias } ?? []
    let brokenHead = headValues.count { !$0.isFinite }
    var parts: [String] = []
    if !brokenRows.isEmpty {
        let tokens = brokenRows.prefix(5).map(String.init).joined(separator: ", ") + (brokenRows.count > 5 ? ", …" : "")
        parts.append("the embedding (\(described)) has NaN or infinite values in the rows of \(counted(brokenRows.count, "token")) (\(tokens)): "
            + "every value such a token reaches will be too")
    }
    if brokenHead > 0, let head {
        parts.append("the head \(head.name) has \(counted(brokenHead, "NaN or infinite value")): the scores it reaches, "
            + "and `show next` and `grad --loss next-char`, will be too")
    }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
}

/// Why a character model's head does not fit the text its file records: a character
/// model reads and writes one value per character of its vocabulary, the distinct characters
/// of `text` in sorted order, so `head.weight` has a row per character; a file whose `text`
/// (or `vocabulary`) was edited afterwards names more or fewer characters than the head has
/// rows. Says which entries disagree with which tensor, and what puts them right.
private func characterCountMismatch(text vocabulary: Vocabulary, recorded: Vocabulary?, headRows: Int) -> String {
    // the entry "vocabulary", when the file has one, either still agrees with the head or was edited too
    let listed: String
    switch recorded?.count {
    case nil: listed = ""
    case headRows?: listed = " (the entry \"vocabulary\" still lists \(headRows))"
    case let count?: listed = " (the entry \"vocabulary\" lists \(count) too)"
    }
    let entries = recorded == nil || recorded?.count == headRows ? "\"text\"" : "\"text\" and \"vocabulary\""
    return "the __metadata__ entry \"text\" has \(counted(vocabulary.count, "distinct character")), so the vocabulary it makes has \(vocabulary.count)\(listed), "
        + "but the tensor head.weight has \(counted(headRows, "row")), one per character the model was trained to write: "
        + "the metadata no longer describes these weights. Put \(entries) back as `save` wrote \(entries.contains("and") ? "them" : "it") "
        + "(a text of \(counted(headRows, "distinct character"))) and load again; until then the module is loaded without its head"
}

/// How a file's recorded vocabulary differs from the one its task makes (`expected`, nil for
/// a task of numbers): the first index where they part, or their counts.
private func vocabularyMismatch(recorded: Vocabulary, expected: Vocabulary?, task: String) -> String {
    guard let expected else { return "lists \(counted(recorded.count, "character")), but the task \(task) reads numbers, not characters" }
    let (ours, theirs) = (recorded.characters, expected.characters)
    if let index = (0..<min(ours.count, theirs.count)).first(where: { ours[$0] != theirs[$0] }) {
        return "lists \(characterLabel(ours[index])) at index \(index), where the characters of the training text have \(characterLabel(theirs[index]))"
    }
    return "lists \(counted(ours.count, "character")), and the training text has \(counted(theirs.count, "distinct character"))"
}

/// The name of the module a whole model's state dict holds under `prefix` (`encoder` for
/// `model.encoder.`), or nil for a module alone, and for the `rnn.` `save` puts before a
/// trained model's module (`labSaved`: the file records the lab's `kind`), which is the
/// lab's name for every kind of cell rather than anyone's name for this model.
private func moduleName(prefix: String, labSaved: Bool) -> String? {
    guard !(labSaved && prefix == "rnn.") else { return nil }
    return prefix.split(separator: ".").last.map(String.init)
}

/// Whether `name` is the name of another kind of cell than `kind`: an LSTM called `rnn`
/// or `gru` would read as that kind wherever the lab names it (`models`, `compare`).
private func misnamesKind(_ name: String, of kind: CellKind) -> Bool {
    CellKind(rawValue: name).map { $0 != kind } ?? false
}

/// `dir/lstm_small.safetensors` → `lstm_small`.
func baseName(_ path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
    return String(file[..<dot])
}
