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
            was loaded from, so saving a loaded checkpoint keeps its format (give --dtype f64 to keep \
            what training here added), and f64 for a model made here. A layer-normalized model \
            (`model ... --layer-norm`) also writes its layer_norm_... gains and biases, which are the \
            lab's own: only the lab's `load` reads that file, as PyTorch's modules have no such \
            tensors. The keys are the module's own (weight_ih_l0), also for a module loaded from a \
            whole model's state dict (rnn.weight_ih_l0): load such a file into that module, \
            `model.rnn.load_state_dict(...)`, or give --prefix rnn. to write the whole model's \
            names. A file already there that holds the same tensors (an earlier save of this model, or \
            the file it was loaded from) is replaced, and save says so. One that holds other weights (other \
            tensors, other shapes, or not a state dict at all) is left as it is unless --force is given, \
            and save says what it holds that would be lost.
            """,
        example: "save my-lstm.safetensors",
        positionals: [PositionalSpec("file", kind: .file, summary: "a .safetensors file to write")],
        options: [
            .value("dtype", kind: .choice(["f64", "f32", "f16", "bf16"]), summary: "the number format (default: the loaded file's, else f64)"),
            .value("prefix", kind: .text, summary: "put before every key, e.g. rnn. for the key names of a whole model's rnn module"),
            .flag("force", summary: "replace a file that holds other weights"),
        ],
        run: { invocation in
            let session = invocation.session
            let path = invocation.arguments.string("file") ?? ""
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
            let metadata = ["format": "pt", "kind": network.kind.rawValue, "nonlinearity": network.nonlinearity.rawValue]
            // `--prefix rnn` and `--prefix rnn.` both name the module `rnn`.
            let prefix = invocation.arguments.string("prefix").map { $0.isEmpty || $0.hasSuffix(".") ? $0 : $0 + "." } ?? ""
            let tensors = ParameterSet(network.stateDict.pairs.map { (prefix + $0.name, $0.tensor) })
            // What a file there held: another model's weights, or a whole model's other tensors,
            // are lost by saving over it, so that takes --force, asked before anything is written.
            let held = FileAccess.size(of: resolved) == nil ? nil : Result { try SafeTensorsReader(path: resolved).header }
            if let held, !invocation.arguments.flag("force"), let loss = overwriteLoss(held, written: tensors) {
                throw LabError("save: \(path) holds \(loss), which saving would replace; nothing was written: "
                    + "`--force` replaces the file, or give another file name")
            }
            let replaced = held.map { (try? $0.get())?.names ?? [] }
            do {
                try SafeTensors.write(tensors, to: resolved, dtype: dtype, metadata: metadata)
            } catch {
                throw LabError("save: \(path): \(error)")
            }
            session.addFacets(["save:\(model.name)"])
            let format = dtype.rawValue + (fromSource != nil ? ", the dtype of the file it was loaded from" : "")
            var blocks: [Block] = [.prose("Saved **\(model.name)** to \(path): \(network.stateDict.count) tensors, \(NumberFormat.count(ParameterCount(network).total)) parameters as \(format).")]
            blocks += formatNotes(network: network, tensors: tensors, dtype: dtype)
            if let replaced {
                blocks.append(replacementNote(path: path, resolved: resolved, held: replaced, written: tensors.names, model: model, dtype: dtype))
            }
            if let note = keyNote(model: model, prefix: prefix) { blocks.append(.note(note)) }
            return blocks
        }
    )
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

/// What `save` says about the keys it wrote for `model` under `prefix`, when PyTorch needs
/// telling how to load them: with a prefix, into a whole model that has other tensors too;
/// without one, for a module read from a whole model, into that module.
private func keyNote(model: LabModel, prefix: String) -> String? {
    if !prefix.isEmpty {
        return "the keys are \(prefix)weight_ih_l0 and so on, but the file holds only this module's tensors: "
            + "a whole model loads it with `model.load_state_dict(state_dict, strict=False)`"
    }
    guard !model.sourcePrefix.isEmpty else { return nil }
    let module = String(model.sourcePrefix.dropLast())
    return "the file holds the \(module) module's tensors under its own names (weight_ih_l0, …), not the whole model's: "
        + "in PyTorch, `model.\(module).load_state_dict(state_dict)`; `--prefix \(model.sourcePrefix)` writes the whole model's key names"
}

/// What saving `written` over a file whose header is `held` would lose, in words (`an lstm's
/// weights (weight_ih_l0 is 16 × 3 there, 6 × 3 here; …)`), or nil when the file holds the
/// same tensors with the same shapes, as an earlier save of the model does.
private func overwriteLoss(_ held: Result<SafeTensorsHeader, any Error>, written: ParameterSet) -> String? {
    guard case .success(let header) = held else { return "something that is not a state dict" }
    let shapes = Dictionary(written.pairs.map { ($0.name, $0.tensor.shape) }, uniquingKeysWith: { first, _ in first })
    let differences = header.entries.compactMap { entry -> String? in
        guard let shape = shapes[entry.name] else { return "\(entry.name), which this model has not" }
        guard shape == entry.shape else { return "\(entry.name) is \(shapeText(entry.shape)) there, \(shapeText(shape)) here" }
        return nil
    }
    guard !differences.isEmpty else { return nil }
    // a file the lab saved says which kind of cell it holds
    let whose = header.metadata["kind"].flatMap(CellKind.init(rawValue:)).map { "\($0.withArticle)'s weights" } ?? "other weights"
    return whose + " (" + differences.prefix(2).joined(separator: "; ") + (differences.count > 2 ? "; …" : "") + ")"
}

/// A shape as the lab writes it: `12 × 3`, `4`, `a scalar`.
private func shapeText(_ shape: [Int]) -> String {
    shape.isEmpty ? "a scalar" : shape.map(String.init).joined(separator: " × ")
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
