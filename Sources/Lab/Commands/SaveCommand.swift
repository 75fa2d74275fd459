import RNNEngine
import Rendering

extension CommandSpec {
    /// `save FILE.safetensors`: the current model's weights as a PyTorch state dict.
    public static let save = CommandSpec(
        name: "save",
        topic: .models,
        summary: "save the current model's weights as a safetensors state dict",
        help: """
            Writes the current model's parameters under PyTorch's state-dict names (weight_ih_l0, \
            ...) to a safetensors file that `load` and PyTorch read back. --dtype chooses the number \
            format: f64 keeps every bit of the lab's Float64, f32 halves the size, f16 and bf16 halve \
            it again; values are rounded to nearest, ties to even (f16 and bf16 through f32, as \
            PyTorch's .half() and .bfloat16() round a float64 tensor), and save warns when some are \
            too large for f16 and become infinite. The default is the dtype of the file the model \
            was loaded from, so saving a loaded checkpoint keeps its format (for a file of mixed \
            dtypes, the one that holds every value it held exactly: the widest, or F32 for F16 beside \
            BF16; give --dtype f64 to keep what training here added), and f64 for a model made here. \
            A layer-normalized model \
            (`model ... --layer-norm`) also writes its layer_norm_... gains and biases, which are the \
            lab's own: only the lab's `load` reads that file, as PyTorch's modules have no such \
            tensors. The keys are the module's own (weight_ih_l0), also for a module loaded from a \
            whole model's state dict (rnn.weight_ih_l0): load such a file into that module, \
            `model.rnn.load_state_dict(...)`, or give --prefix rnn. to write the whole model's \
            names. A module loaded with a whole token model's embedding (and its nn.Linear head, \
            as `load` says) is saved whole instead, under the names of the file it came from: \
            encoder.embed.weight, encoder.rnn.weight_ih_l0, …, decoder.weight, decoder.bias, which \
            that PyTorch model loads with load_state_dict (strict); a tied embedding (read from the head's \
            weight) is written once, under the head's name, which safetensors.torch.load_model reads back \
            (with save_model's record of the embedding's own name in __metadata__, when the file had one); `--prefix ""` writes the module \
            alone, another --prefix the module under it. A model loaded from an nn.RNNCell's, nn.LSTMCell's or nn.GRUCell's state dict \
            keeps the cell's names (weight_ih, weight_hh, bias_ih, bias_hh), which that cell's \
            load_state_dict reads; --names module writes the 1-layer module's (weight_ih_l0, ...) and \
            --names cell a cell's for any 1-layer, one-direction model without layer norm. \
            A model trained here (`train`) is saved whole, as a PyTorch model whose `rnn` is the \
            recurrent module and whose `head` is an nn.Linear: rnn.weight_ih_l0, ..., head.weight and \
            head.bias, with the task, a character model's training text and its vocabulary (a JSON \
            list of the characters in one-hot order) in the file's __metadata__; `load` restores the \
            head and the task, so `sample` and `evaluate` work on the loaded model; a note gives the \
            PyTorch modules that load it, with every option the file needs (num_layers, \
            bidirectional=True, bias=False, nonlinearity, dropout). The optimizer's \
            state and the loss history are not saved. --prefix puts the module under another name (module names separated by dots, each of \
            letters, digits and underscores, as a PyTorch key's are: rnn., encoder.layers.0.); \
            `--prefix ""` writes the module alone under its own names, without the head. \
            A file already there that holds the same tensors (an earlier save of this model, or \
            the file it was loaded from) is replaced, and save says so. One that holds other weights (other \
            tensors, other shapes, or not a state dict at all) is left as it is unless --force is given, \
            and save says what it holds that would be lost; when that is these tensors under other \
            names (a cell's weight_ih for weight_ih_l0, or another prefix), it says which --names or \
            --prefix writes the file's names.
            """,
        example: "save my-lstm.safetensors",
        positionals: [PositionalSpec("file", kind: .file, summary: "a .safetensors file to write")],
        options: [
            .value("dtype", kind: .choice(["f64", "f32", "f16", "bf16"]), summary: "the number format (default: the loaded file's, else f64)"),
            .value("prefix", kind: .text, summary: "put before every key of the module, e.g. rnn. for the key names of a whole model's rnn module"),
            .value("names", kind: .choice(["module", "cell"]), summary: "nn.LSTM's weight_ih_l0, ... or nn.LSTMCell's weight_ih, ... (default: the loaded file's)"),
            .flag("force", summary: "replace a file that holds other weights"),
        ],
        // judging a lesson's task of saving writes no file
        resultFacets: { invocation in ["save:\(try invocation.session.requireModel().name)"] },
        run: { invocation in
            let session = invocation.session
            let path = invocation.arguments.string("file") ?? ""
            guard !path.allSatisfy(\.isWhitespace) else {
                throw LabError("save: the file name is empty; give one ending in .safetensors, e.g. `save model.safetensors`")
            }
            guard path.hasSuffix(".safetensors") else {
                throw LabError("save: \(path): the file name must end in .safetensors, e.g. `save model.safetensors`")
            }
            let model = try session.requireModel()
            let network = try session.state.requireNetwork(model)
            let resolved = try FileAccess.resolve(path, roots: session.record.allowedFileRoots, command: "save", forWriting: true,
                                                  labFiles: session.record.labFiles)
            // A loaded model is saved in its file's dtype unless --dtype says otherwise.
            let asked = invocation.arguments.string("dtype").flatMap { TensorDType(rawValue: $0.uppercased()) }
            let fromSource = asked == nil ? model.sourceDType.flatMap { $0.isWritable ? $0 : nil } : nil
            let dtype = asked ?? fromSource ?? .f64
            let cellNames = try savesCellNames(model: model, network: network, asked: invocation.arguments.string("names"))
            // `--prefix rnn` and `--prefix rnn.` both name the module `rnn`; a trained model is
            // saved whole, its module under `rnn.` beside its head, unless `--prefix ""` asks
            // for the module alone.
            let given = try invocation.arguments.string("prefix").map(validPrefix)
            let trained = model.head.flatMap { head in model.training.map { (head: head, record: $0) } }
            // a whole token model is saved whole, under the names of the file it was loaded
            // from, unless --prefix asks for the module under other names
            let tokenModel = given == nil && trained == nil ? TokenModelTensors(model) : nil
            let prefix = given ?? (trained != nil ? "rnn." : tokenModel != nil ? model.sourcePrefix : "")
            let head = prefix.isEmpty ? nil : trained
            if head != nil, prefix == "head." {
                throw LabError("save: head. is where the output head goes; give the recurrent module another --prefix, e.g. rnn.")
            }
            var pairs = network.stateDict.pairs.map { (prefix + ownName($0.name, cell: cellNames), $0.tensor) }
            if let tokenModel { pairs = tokenModel.embedding + pairs + tokenModel.head }
            var metadata = ["format": "pt", "kind": network.kind.rawValue]
            // Only a plain RNN has a nonlinearity; an LSTM's and a GRU's are fixed.
            if network.kind == .rnn { metadata["nonlinearity"] = network.nonlinearity.rawValue }
            if let tokenModel { metadata.merge(tokenModel.tieRecord) { own, _ in own } }
            if let head {
                pairs += head.head.parameters.pairs.map { ("head." + $0.name, $0.tensor) }
                metadata.merge(head.record.task.metadata(vocabulary: model.vocabulary)) { _, task in task }
            }
            let tensors = ParameterSet(pairs)
            // What a file there held: another model's weights, or a whole model's other tensors,
            // are lost by saving over it, so that takes --force, asked before anything is written.
            let held = FileAccess.size(of: resolved) == nil ? nil : Result { try SafeTensorsReader(path: resolved).header }
            let keys = KeyNaming(prefix: prefix, cell: cellNames, given: given != nil)
            if let held, !invocation.arguments.flag("force"),
               let loss = overwriteLoss(held, written: tensors, own: network.stateDict.names, keys: keys, kind: network.kind,
                                        cellFits: network.numLayers == 1 && !network.bidirectional && !network.layerNorm) {
                let remedies = [loss.sameNames.map { "\($0) writes the file's names and replaces it" },
                                "`--force` replaces the file\(loss.sameNames == nil ? "" : " with these names")", "or give another file name"]
                throw LabError("save: \(path) holds \(loss.held)\(loss.sameNames == nil ? ", which saving would replace" : ""); nothing was written: "
                    + remedies.compactMap { $0 }.joined(separator: ", "))
            }
            let replaced = held.map { (try? $0.get())?.names ?? [] }
            do {
                try SafeTensors.write(tensors, to: resolved, dtype: dtype, metadata: metadata)
            } catch {
                throw LabError("save: \(path): \(error)")
            }
            session.addFacets(["save:\(model.name)"])
            let format: String
            if fromSource == nil {
                format = dtype.rawValue
            } else if model.sourceDTypes.count > 1 {
                let mixed = model.sourceDTypes.map(\.rawValue)
                format = "\(dtype.rawValue): the file it was loaded from mixes \(mixed.dropLast().joined(separator: ", ")) and \(mixed.last ?? ""), "
                    + "and \(dtype.rawValue) holds each of its values exactly (`--dtype` chooses another)"
            } else {
                format = dtype.rawValue + ", the dtype of the file it was loaded from"
            }
            let modelCount = NumberFormat.count(ParameterCount(network).total)
            let count: String
            if let head {
                let headCount = head.head.weight.values.count + head.head.bias.count
                count = "\(NumberFormat.count(ParameterCount(network).total + headCount)) parameters (\(modelCount) in the \(network.kind.rawValue.uppercased()), "
                    + "\(NumberFormat.count(headCount)) in the output head)"
            } else if let tokenModel {
                let parts = [(tokenModel.embeddingCount, "the embedding"), (ParameterCount(network).total, "the \(network.kind.rawValue.uppercased())"),
                             (tokenModel.headCount, "the output head")].filter { $0.0 > 0 }
                count = "\(NumberFormat.count(parts.map(\.0).reduce(0, +))) parameters ("
                    + parts.map { "\(NumberFormat.count($0.0)) in \($0.1)" }.joined(separator: ", ") + ")"
            } else {
                count = "\(modelCount) parameters"
            }
            var blocks: [Block] = [.prose("Saved **\(model.name)** to \(path): \(counted(tensors.count, "tensor")), \(count) as \(format).")]
            blocks += formatNotes(network: network, tensors: tensors, dtype: dtype)
            if let replaced {
                blocks.append(replacementNote(path: path, resolved: resolved, held: replaced, written: tensors.names, model: model, dtype: dtype))
            }
            if let tokenModel {
                // what the file it came from held besides, which strict loading would miss
                let source = model.sourcePath.flatMap { try? SafeTensorsReader(path: $0).header.names } ?? []
                let written = Set(tensors.names), unwritten = source.filter { !written.contains($0) }
                let (note, code) = tokenModel.note(network: network, dropout: model.dropout, keys: keys, path: path, unwritten: unwritten)
                // the Python line on its own, under the note's text, so that it copies whole
                blocks.append(unwritten.isEmpty ? .note(note) : .warning(note))
                blocks.append(.preformatted(String(repeating: " ", count: (unwritten.isEmpty ? "note: " : "warning: ").count) + code))
            } else {
                blocks += keyNotes(model: model, network: network, keys: keys, head: head?.head, vocabulary: model.vocabulary).map { .note($0) }
            }
            return blocks
        }
    )
}

/// The tensors of a whole token model that `save` writes beside its recurrent module, under
/// the names of the file it was loaded from: the `nn.Embedding`'s weight (`encoder.embed.weight`)
/// and the `nn.Linear` head's weight and, when the file had one, bias (`decoder.weight`,
/// `decoder.bias`), so that the model the file came from loads it whole.
private struct TokenModelTensors {
    /// The embedding's key and V × E table.
    var embedding: [(String, Tensor)]
    /// The head's keys and tensors; none when the file had no head.
    var head: [(String, Tensor)]
    /// The embedding as PyTorch makes it: `nn.Embedding(10, 3)`.
    var embeddingModule: String
    /// The head as PyTorch makes it: `nn.Linear(4, 10)`, `nn.Linear(4, 10, bias=False)`.
    var headModule: String?
    /// Whether the embedding is the head's weight (``LabModel/embeddingIsTiedHead``), written
    /// once under the head's name, as `safetensors.torch.save_model` writes a tied model.
    var isTied = false
    /// What `__metadata__` records of a tied model, as `save_model` records it: the embedding's
    /// own name, left out, with the head's weight name it is kept under
    /// (`"encoder.weight": "decoder.weight"`), by which `load` knows a head without a bias is
    /// the embedding too; empty when the model is not tied or its file did not record the name.
    var tieRecord: [String: String] = [:]

    /// The tensors of `model`'s embedding and token head, or nil when it was loaded with no embedding.
    init?(_ model: LabModel) {
        guard let table = model.embedding, let described = model.sourceEmbedding else { return nil }
        embeddingModule = "nn.Embedding(\(table.vocabularySize), \(table.width))"
        isTied = model.embeddingIsTiedHead && model.tokenHeadName != nil && model.head?.weight == table.weight
        embedding = isTied ? [] : [(String(described.prefix { $0 != "," }), Tensor(table.weight))]
        if let name = model.tokenHeadName, let linear = model.head {
            head = [(name + ".weight", Tensor(linear.weight))]
                + (model.tokenHeadHasBias ? [(name + ".bias", Tensor(shape: [linear.bias.count], values: linear.bias) ?? Tensor(zeros: [linear.bias.count]))] : [])
            headModule = "nn.Linear(\(linear.inputSize), \(linear.outputSize)\(model.tokenHeadHasBias ? "" : ", bias=False"))"
            if isTied, let embeddingName = model.tiedEmbeddingName { tieRecord = [embeddingName: name + ".weight"] }
        } else {
            head = []
        }
    }

    /// How many numbers the embedding holds.
    var embeddingCount: Int { embedding.reduce(0) { $0 + $1.1.count } }
    /// How many numbers the head holds.
    var headCount: Int { head.reduce(0) { $0 + $1.1.count } }

    /// What `save` says of the whole model's file at `path`: which key holds which PyTorch
    /// module, and how the model it was loaded from reads it back: `load_state_dict` strictly,
    /// or with `strict=False` when its file held tensors the lab did not read (`unwritten`);
    /// and that call, as a line of Python (`code`) to show apart from the note's text.
    func note(network: RecurrentNetwork, dropout: DropoutRates, keys: KeyNaming, path: String, unwritten: [String]) -> (text: String, code: String) {
        let recurrent = pytorchModule(network: network, dropout: dropout, cell: keys.cell)
        var parts = embedding.map { "the embedding \($0.0) (\(embeddingModule))" } + ["the \(network.kind.rawValue) as \(keys.first), … (\(recurrent))"]
        if let headModule { parts.append("the output head \(head.map(\.0).joined(separator: ", ")) (\(headModule))") }
        let list = parts.dropLast().joined(separator: ", ") + " and " + (parts.last ?? "")
        let whole = "the file holds the whole model under the names of the file it was loaded from: \(list)"
        if isTied, let weight = head.first?.0 {
            // one tensor under one name, as save_model writes a tied model; load_state_dict
            // strictly would miss the embedding's own name, which the file never had
            return (whole + ", whose weight \(weight) is the embedding's too (\(embeddingModule)), tied as in the file: "
                + "in PyTorch, that model loads it with safetensors' load_model, which knows the two names share one tensor "
                + "(load_state_dict(..., strict=False) loads it too, its missing_keys naming the embedding's own weight):",
                    "safetensors.torch.load_model(model, \"\(path)\"\(unwritten.isEmpty ? "" : ", strict=False"))")
        }
        let load = "model.load_state_dict(safetensors.torch.load_file(\"\(path)\")"
        guard !unwritten.isEmpty else {
            return (whole + (head.isEmpty ? " (that file had no head)" : "") + "; in PyTorch, that model loads it with:", load + ")")
        }
        let named = unwritten.prefix(4).joined(separator: ", ") + (unwritten.count > 4 ? ", …" : "")
        return (whole + "; that file also held \(counted(unwritten.count, "tensor")) the lab did not read (\(named)), which this one lacks: "
            + "in PyTorch, that model loads it with strict=False, whose missing_keys name \(unwritten.count == 1 ? "it" : "them"):",
                load + ", strict=False)")
    }
}

/// A `--prefix` as `save` puts it before every key: `rnn.` for `rnn.` or `rnn`, `""` for
/// `""`, or an error when a part between its dots is no module name that PyTorch reads back:
/// `load_state_dict` finds a key's module by splitting it at the dots, each part an
/// attribute (`encoder`, `rnn_1`) or, in an nn.Sequential or nn.ModuleList, an index (`0`).
private func validPrefix(_ given: String) throws(LabError) -> String {
    guard !given.isEmpty else { return "" }
    let prefix = given.hasSuffix(".") ? given : given + "."
    for (index, part) in prefix.dropLast().split(separator: ".", omittingEmptySubsequences: false).enumerated() {
        let problem: String?
        if part.isEmpty {
            problem = index == 0 ? "it starts with a dot, before any module's name" : "it has two dots in a row, with no module's name between them"
        } else if let stray = part.first(where: { !($0.isLetter || $0.isASCII && $0.isNumber || $0 == "_") }) {
            problem = "the module name '\(part)' holds \(characterLabel(stray)), and a module's name is letters, digits and underscores"
        } else {
            problem = nil
        }
        if let problem {
            throw LabError("save: --prefix '\(LabError.shortened(given))' names no module a PyTorch state dict can hold: \(problem); "
                + "give module names separated by dots, e.g. --prefix rnn. or --prefix encoder.layers.0.")
        }
    }
    return prefix
}

/// Whether `save` writes `model`'s tensors under a cell's names (`weight_ih`, ...) rather than
/// its module's (`weight_ih_l0`, ...): as `asked` (`--names cell` or `module`), else as the file
/// it was loaded from named them. Only a network a cell can hold (one layer, one direction,
/// no layer norm) has a cell's names.
private func savesCellNames(model: LabModel, network: RecurrentNetwork, asked: String?) throws(LabError) -> Bool {
    let fits = network.numLayers == 1 && !network.bidirectional && !network.layerNorm
    guard asked == "cell" else { return asked == nil && model.sourceIsCell && fits }
    guard fits else {
        let what = [network.numLayers > 1 ? "\(network.numLayers) layers" : nil, network.bidirectional ? "two directions" : nil,
                    network.layerNorm ? "layer norm" : nil].compactMap { $0 }.joined(separator: " and ")
        throw LabError("save: --names cell writes an nn.\(network.kind.rawValue.uppercased())Cell's names, and a cell has one layer, one direction "
            + "and no layer norm, but '\(model.name)' has \(what); leave out --names cell")
    }
    return true
}

/// A recurrent module's tensor name as `save` writes it: `weight_ih_l0` itself, or a cell's
/// `weight_ih` when `cell` is true.
private func ownName(_ name: String, cell: Bool) -> String {
    cell && name.hasSuffix("_l0") ? String(name.dropLast("_l0".count)) : name
}

/// How `save` named the module's keys: the `prefix` before them (given with `--prefix` or
/// chosen), and whether they are a cell's.
private struct KeyNaming {
    /// What comes before each key: `""`, `rnn.`.
    var prefix: String
    /// Whether the keys are a cell's (`weight_ih`) rather than a module's (`weight_ih_l0`).
    var cell: Bool
    /// Whether `--prefix` chose the prefix.
    var given: Bool

    /// The first key, as the notes name the keys: `rnn.weight_ih_l0`.
    var first: String { prefix + (cell ? "weight_ih" : "weight_ih_l0") }
}

/// What `save` says about what PyTorch makes of the file's numbers and tensors: values too
/// large for `dtype`, and a layer-normalized network's tensors, which are the lab's own.
private func formatNotes(network: RecurrentNetwork, tensors: ParameterSet, dtype: TensorDType) -> [Block] {
    var blocks: [Block] = []
    let overflowing = SafeTensors.overflowCount(tensors, as: dtype)
    if overflowing > 0 {
        let range = dtype == .f16 ? "±65504" : "±" + NumberFormat.single(dtype.largestFinite, significantDigits: 3)
        let wider = dtype == .f16 ? "--dtype f32 or f64" : "--dtype f64"
        blocks.append(.warning("\(overflowing) value\(overflowing == 1 ? " is" : "s are") beyond \(dtype.rawValue)'s range (\(range)) and "
            + "\(overflowing == 1 ? "was" : "were") written as ±infinity; \(wider) keeps \(overflowing == 1 ? "it" : "them")"))
    }
    if network.layerNorm {
        let module = "nn." + network.kind.rawValue.uppercased()
        blocks.append(.note("the file holds layer_norm_ih_l0.weight and the other layer-norm gains and biases, the lab's own extension: "
            + "PyTorch's \(module) has no layer norm, and its load_state_dict(strict=True) refuses them; the lab's `load` reads the file"))
    }
    return blocks
}

/// What `save` says about the keys it wrote for `model`, when PyTorch needs telling how to
/// load them: a trained model's whole file (module and `head`, ``headNote(network:keys:head:)``)
/// or that its head is left out; with a prefix, into a whole model that has other tensors
/// too; without one, for a module read from a whole model, into that module; and for a
/// cell's names, which cell reads them.
private func keyNotes(model: LabModel, network: RecurrentNetwork, keys: KeyNaming, head: OutputHead?, vocabulary: Vocabulary?) -> [String] {
    let module = "nn." + network.kind.rawValue.uppercased() + (keys.cell ? "Cell" : "")
    var notes: [String] = []
    if keys.cell {
        let other = model.sourceIsCell ? "the names of the file it was loaded from; `--names module` writes nn.\(network.kind.rawValue.uppercased())'s (weight_ih_l0, …)" : "as --names cell asks"
        notes.append("the keys are an \(module)'s (\(keys.prefix)weight_ih, \(keys.prefix)weight_hh, …), \(other)")
    }
    if let head {
        notes.append(headNote(network: network, dropout: model.dropout, keys: keys, head: head, hasVocabulary: vocabulary != nil))
        notes.append("not in the file: the optimizer's state and the loss history (`train` after `load` starts a new optimizer)")
    } else if model.head != nil, model.training != nil {
        notes.append("the output head and the task it was trained for are not in the file, as `--prefix \"\"` writes the module alone; "
            + "leave out --prefix to save them too (under rnn. and head.)")
    } else if !keys.prefix.isEmpty {
        notes.append("the keys are \(keys.first) and so on, but the file holds only this module's tensors: "
            + "a whole model loads it with `model.load_state_dict(state_dict, strict=False)`, whose unexpected_keys should come back empty "
            + "(any there name keys the model has not, and were not loaded)")
    } else if !model.sourcePrefix.isEmpty {
        let owner = String(model.sourcePrefix.dropLast())
        let whole = model.embedding != nil ? "leave out --prefix to write the whole model, its embedding and head too, under its file's names"
            : "`--prefix \(model.sourcePrefix)` writes the whole model's key names"
        notes.append("the file holds the \(owner) module's tensors under its own names (\(keys.first), …), not the whole model's: "
            + "in PyTorch, `model.\(owner).load_state_dict(state_dict)`; \(whole)")
    }
    return notes
}

/// What `save` says of a trained model's whole file: the module under `keys.prefix` and the
/// head under `head.`, the PyTorch modules that load them (``pytorchModule(network:dropout:cell:)``),
/// and what its metadata holds.
private func headNote(network: RecurrentNetwork, dropout: DropoutRates, keys: KeyNaming, head: OutputHead, hasVocabulary: Bool) -> String {
    let recurrent = pytorchModule(network: network, dropout: dropout, cell: keys.cell)
    let linear = "nn.Linear(\(head.inputSize), \(head.outputSize))"
    let attribute = String(keys.prefix.dropLast())
    // `self.rnn = ...` for one attribute; `encoder.layers.0` is a path through submodules
    let isAttribute = !attribute.contains(".") && attribute.first?.isNumber == false
    let modules = isAttribute ? "a module with `self.\(attribute) = \(recurrent)` and `self.head = \(linear)`"
        : "a module whose submodule `\(attribute)` is `\(recurrent)` and whose `head` is `\(linear)`"
    return "the file holds a whole model: the \(network.kind.rawValue) as `\(attribute)` (\(keys.first), …) and the output head as `head` (head.weight, head.bias), "
        + "with the task\(hasVocabulary ? " and the vocabulary" : "") in its metadata, which `load` reads back; in PyTorch, \(modules) loads it with `load_state_dict(state_dict)`"
}

/// The PyTorch line that makes the module `network`'s file loads into: `nn.GRU(1, 6,
/// num_layers=2, bidirectional=True, bias=False)`, or an `nn.GRUCell(...)` for a `cell`'s names.
/// Every option whose default would not load the file or compute the same numbers is
/// written: the layers, the directions, `bias=False` (a module with biases finds them missing
/// in the file), a plain RNN's relu, and the dropout between stacked layers (`dropout`'s
/// `between`, which PyTorch applies in `train()` mode; one layer has nothing between).
func pytorchModule(network: RecurrentNetwork, dropout: DropoutRates, cell: Bool) -> String {
    var arguments = ["\(network.inputSize)", "\(network.hiddenSize)"]
    if network.numLayers > 1 { arguments.append("num_layers=\(network.numLayers)") }
    if network.bidirectional { arguments.append("bidirectional=True") }
    if !network.hasBiases { arguments.append("bias=False") }
    if network.kind == .rnn, network.nonlinearity == .relu { arguments.append("nonlinearity=\"relu\"") }
    if !cell, network.numLayers > 1, dropout.between > 0 { arguments.append("dropout=\(NumberFormat.shortest(dropout.between))") }
    return "nn.\(network.kind.rawValue.uppercased())\(cell ? "Cell" : "")(\(arguments.joined(separator: ", ")))"
}

/// What saving over a file would lose, in words, and what else than `--force` the user can do.
private struct OverwriteLoss {
    /// What the file holds that saving would replace: `an lstm's weights (weight_ih_l0 is
    /// 16 × 3 there, 6 × 3 here; …)`, or the model's own tensors under other names.
    var held: String
    /// The options that write the file's own names instead, when it differs only in them:
    /// `--names cell`, `--prefix rnn.`.
    var sameNames: String?
}

/// What saving `written` over a file whose header is `held` would lose (``OverwriteLoss``),
/// or nil when the file holds the same tensors with the same shapes, as an earlier save of
/// the model does. `keys` says how `written` names the module's `own` tensors (the network's
/// state-dict names, `weight_ih_l0`, ...); a tensor of the file that is one of them under
/// another prefix or a cell's name (`weight_ih`) is named with what this save calls it, and
/// a file that differs only so says which names it has and which options write them.
private func overwriteLoss(
    _ held: Result<SafeTensorsHeader, any Error>, written: ParameterSet, own: [String], keys: KeyNaming, kind: CellKind, cellFits: Bool
) -> OverwriteLoss? {
    guard case .success(let header) = held else { return OverwriteLoss(held: "something that is not a state dict") }
    let shapes = Dictionary(written.pairs.map { ($0.name, $0.tensor.shape) }, uniquingKeysWith: { first, _ in first })
    let writtenName = { (name: String) in keys.prefix + ownName(name, cell: keys.cell) }
    let namings = KeyNaming.candidates(in: header.names, own: own)
    if let naming = namings.first(where: { naming in
        naming.prefix != keys.prefix || naming.cell != keys.cell
    }), naming.cell == keys.cell || cellFits {
        let renamed = Dictionary(own.map { (naming.prefix + ownName($0, cell: naming.cell), writtenName($0)) }, uniquingKeysWith: { first, _ in first })
        let sameTensors = header.entries.count == shapes.count && header.entries.allSatisfy { entry in
            shapes[renamed[entry.name] ?? entry.name] == entry.shape
        }
        if sameTensors {
            let module = "nn." + kind.rawValue.uppercased()
            func described(_ keyNaming: KeyNaming) -> String {
                let names = own.prefix(2).map { keyNaming.prefix + ownName($0, cell: keyNaming.cell) }.joined(separator: ", ") + ", …"
                return naming.cell == keys.cell ? names : "\(module)\(keyNaming.cell ? "Cell" : "")'s (\(names))"
            }
            var options: [String] = []
            if naming.cell != keys.cell { options.append("--names " + (naming.cell ? "cell" : "module")) }
            if naming.prefix != keys.prefix { options.append("--prefix " + (naming.prefix.isEmpty ? "\"\"" : naming.prefix)) }
            return OverwriteLoss(held: "this model's tensors, of the same shapes, under other names: \(described(naming)), where this save writes \(described(keys))",
                                 sameNames: "`" + options.joined(separator: " ") + "`")
        }
    }
    // each of the file's tensors that is one of the module's under other names, by what this save calls it
    var counterparts: [String: String] = [:]
    for naming in namings where naming.prefix != keys.prefix || naming.cell != keys.cell {
        for name in own where counterparts[naming.prefix + ownName(name, cell: naming.cell)] == nil {
            counterparts[naming.prefix + ownName(name, cell: naming.cell)] = writtenName(name)
        }
    }
    let differences = header.entries.compactMap { entry -> String? in
        let here = shapes[entry.name] == nil ? counterparts[entry.name] : nil
        let label = here.map { "\(entry.name) (\($0) here)" } ?? entry.name
        guard let shape = shapes[here ?? entry.name] else { return "\(entry.name), which this model has not" }
        guard shape == entry.shape else {
            // a vector's size alone would read as a count of something else: `has 16 values`
            if shape.count == 1, entry.shape.count == 1 { return "\(label) has \(entry.shape[0]) values there, \(shape[0]) here" }
            return "\(label) is \(shapeText(entry.shape)) there, \(shapeText(shape)) here"
        }
        return here.map { "\(entry.name), which this save names \($0)" }
    }
    guard !differences.isEmpty else { return nil }
    // a file the lab saved says which kind of cell it holds
    let whose = header.metadata["kind"].flatMap(CellKind.init(rawValue:)).map { "\($0.withArticle)'s weights" } ?? "other weights"
    return OverwriteLoss(held: whose + " (" + differences.prefix(2).joined(separator: "; ") + (differences.count > 2 ? "; …" : "") + ")")
}

extension KeyNaming {
    /// The namings of a recurrent module's `own` tensors (`weight_ih_l0`, ...) that `names`,
    /// a file's keys, use: each prefix before its first tensor's name, as a module's
    /// (`rnn.weight_ih_l0`) or a cell's (`rnn.weight_ih`).
    static func candidates(in names: [String], own: [String]) -> [KeyNaming] {
        guard let first = own.first else { return [] }
        var found: [KeyNaming] = []
        for name in names {
            for cell in [false, true] {
                let key = ownName(first, cell: cell)
                guard name.hasSuffix(key) else { continue }
                let prefix = String(name.dropLast(key.count))
                guard prefix.isEmpty || prefix.hasSuffix("."), !found.contains(where: { $0.prefix == prefix && $0.cell == cell }) else { continue }
                found.append(KeyNaming(prefix: prefix, cell: cell, given: false))
            }
        }
        return found
    }
}

/// A shape as the lab writes it: `12 × 3`, `4 values`, `a scalar`.
private func shapeText(_ shape: [Int]) -> String {
    if shape.count == 1 { return "\(shape[0]) values" }
    return shape.isEmpty ? "a scalar" : shape.map(String.init).joined(separator: " × ")
}

/// What `save` says when it wrote over the file at `path` (`resolved`), which held the
/// tensors `held`: that it replaced it, that it was the model's source and in which dtype,
/// and, as a warning, the tensors it held that the new file does not.
private func replacementNote(path: String, resolved: String, held: [String], written: [String], model: LabModel, dtype: TensorDType) -> Block {
    var text = "replaced \(path)"
    if resolved == model.sourcePath {
        text += ", the file \(model.name) was loaded from"
        if let source = model.sourceDType, source != dtype { text += " (\(source.rawValue), now \(dtype.rawValue))" }
    }
    let kept = Set(written)
    let lost = held.filter { !kept.contains($0) }
    guard !lost.isEmpty else { return .note(text) }
    let named = lost.prefix(4).joined(separator: ", ") + (lost.count > 4 ? ", …" : "")
    return .warning(text + "; the \(counted(lost.count, "tensor")) it held besides these (\(named)) \(lost.count == 1 ? "is" : "are") not in the new file")
}
