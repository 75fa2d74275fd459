/// Building a network from a PyTorch state dict.
extension RecurrentNetwork {
    /// Creates a network from a PyTorch `nn.RNN`/`nn.LSTM`/`nn.GRU` state dict, inferring the
    /// kind (from G = rows / H), sizes, number of layers and directions from the shapes; any
    /// `layer_norm_...` tensor makes it a layer-normalized network (all of them must be there).
    ///
    /// - Parameter nonlinearity: φ for a plain RNN (the state dict cannot say tanh or relu).
    /// A state dict saved with `bias=False` has no `bias_…` tensors: they are read as zeros,
    /// which computes the same, and ``hasBiases`` is false (``hasNoBiases(_:)`` tells a caller
    /// to say so).
    public init(stateDict: ParameterSet, nonlinearity: Activation = .tanh) throws {
        if let projection = stateDict.names.first(where: { $0.hasPrefix("weight_hr_l") }) {
            throw NetworkError("the state dict has `\(projection)`: an LSTM with proj_size > 0, whose h is projected to a smaller size; rnnlab's LSTM has no projection (proj_size=0) to read it into; load an LSTM made without proj_size")
        }
        guard let recurrent = stateDict["weight_hh_l0"] else {
            throw NetworkError("missing tensor `weight_hh_l0`; a PyTorch RNN/LSTM/GRU state dict has weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, ... (got \(stateDict.names.prefix(8).joined(separator: ", ")))")
        }
        guard recurrent.shape.count == 2, recurrent.shape[1] > 0, recurrent.shape[0] % recurrent.shape[1] == 0 else {
            throw NetworkError("tensor `weight_hh_l0` has shape \(recurrent.shapeDescription), expected (G·H, H) with G = 1, 3 or 4")
        }
        let hidden = recurrent.shape[1]
        let kind: CellKind
        switch recurrent.shape[0] / hidden {
        case 1: kind = .rnn
        case 3: kind = .gru
        case 4: kind = .lstm
        default:
            throw NetworkError("tensor `weight_hh_l0` has shape \(recurrent.shapeDescription): \(recurrent.shape[0] / hidden)·H rows is no known cell (RNN 1·H, GRU 3·H, LSTM 4·H)")
        }
        guard let inputWeight = stateDict["weight_ih_l0"] else { throw NetworkError("missing tensor `weight_ih_l0`") }
        guard inputWeight.shape.count == 2, inputWeight.shape[0] == recurrent.shape[0] else {
            let transposed = inputWeight.shape.count == 2 && inputWeight.shape[1] == recurrent.shape[0] ? " (transposed?)" : ""
            throw NetworkError("tensor `weight_ih_l0` has shape \(inputWeight.shapeDescription), expected (\(recurrent.shape[0]), input_size): as many rows as weight_hh_l0\(transposed)")
        }
        var layers = 1
        while layers < Self.maximumDimension, stateDict["weight_hh_l\(layers)"] != nil || stateDict["weight_ih_l\(layers)"] != nil { layers += 1 }
        // weights of a layer above one that is missing (l0 and l2, no l1) would read as extra tensors
        let fileLayers = Set(stateDict.names.compactMap(Self.layerIndex))
        if let highest = fileLayers.max(), highest >= layers {
            let missing = (layers...highest).filter { !fileLayers.contains($0) }
            if !missing.isEmpty {
                let numbers = { (list: [Int]) in list.map(String.init).joined(separator: ", ") }
                throw NetworkError("layer\(missing.count == 1 ? "" : "s") \(numbers(missing)) \(missing.count == 1 ? "is" : "are") missing: the state dict has "
                    + "tensors of layers \(numbers(fileLayers.sorted())) but none named _l\(missing[0]) (weight_ih_l\(missing[0]), weight_hh_l\(missing[0]), …); "
                    + "a module with num_layers=\(highest + 1) has every layer from 0 to \(highest): save its whole state dict")
            }
        }
        let bidirectional = stateDict["weight_hh_l0_reverse"] != nil || stateDict["weight_ih_l0_reverse"] != nil
        // Layer-norm gains and biases (`layer_norm_ih_l0.weight`, ...) switch layer norm on.
        let layerNorm = stateDict.names.contains { $0.hasPrefix("layer_norm_") }
        var parameters = stateDict
        if Self.hasNoBiases(stateDict) {
            for (name, shape) in Self.parameterShapes(kind: kind, inputSize: inputWeight.shape[1], hiddenSize: hidden, numLayers: layers,
                                                      bidirectional: bidirectional) where name.hasPrefix("bias_") {
                parameters[name] = Tensor(zeros: shape)
            }
        }
        try self.init(kind: kind, inputSize: inputWeight.shape[1], hiddenSize: hidden, numLayers: layers,
                      bidirectional: bidirectional, nonlinearity: nonlinearity, layerNorm: layerNorm, parameters: parameters)
        hasBiases = !Self.hasNoBiases(stateDict)
    }

    /// Whether a recurrent module's state dict has weights but no biases at all, as PyTorch
    /// saves a module made with `bias=False`.
    public static func hasNoBiases(_ stateDict: ParameterSet) -> Bool {
        stateDict["weight_hh_l0"] != nil && !stateDict.names.contains { $0.hasPrefix("bias_") }
    }

    /// The recurrent modules of a whole model's state dict: the prefixes under which a
    /// `weight_hh_l0` appears (`""` for a bare `nn.LSTM`'s own state dict, `"encoder."`,
    /// `"model.rnn."`), or a cell's `weight_hh` (``isCellModule(among:prefix:)``), in the
    /// file's order.
    public static func recurrentModules(in stateDict: ParameterSet) -> [String] {
        recurrentModules(among: stateDict.names)
    }

    /// The recurrent modules among tensor names (``recurrentModules(in:)``).
    public static func recurrentModules(among names: [String]) -> [String] {
        let present = Set(names)
        return names.compactMap { name in
            if name.hasSuffix("weight_hh_l0") { return String(name.dropLast("weight_hh_l0".count)) }
            let prefix = String(name.dropLast("weight_hh".count))
            return name.hasSuffix("weight_hh") && !present.contains(prefix + "weight_hh_l0") ? prefix : nil
        }.filter { $0.isEmpty || $0.hasSuffix(".") }
    }

    /// Whether the module at `prefix` is an `nn.RNNCell`, `nn.LSTMCell` or `nn.GRUCell`: it
    /// has a `weight_hh` and no `weight_hh_l0`. A cell's `weight_ih`, `weight_hh`, `bias_ih`
    /// and `bias_hh` are exactly a 1-layer module's `weight_ih_l0`, ..., and are read as them.
    public static func isCellModule(among names: [String], prefix: String) -> Bool {
        names.contains(prefix + "weight_hh") && !names.contains(prefix + "weight_hh_l0")
    }

    /// The name a tensor of a recurrent module's own state dict has in the state dict rnnlab
    /// reads: itself (``isParameterName(_:)``), or for a cell's (`cell` true) `weight_ih`,
    /// ..., a 1-layer module's `weight_ih_l0`, ...; nil for a tensor that is not one of them.
    public static func parameterName(_ own: String, cell: Bool) -> String? {
        if cell, ["weight_ih", "weight_hh", "bias_ih", "bias_hh"].contains(own) { return own + "_l0" }
        return isParameterName(own) ? own : nil
    }

    /// The key prefix of the recurrent module to read: the one `module` names (`encoder` or
    /// `encoder.`; `""` for the top level, and only when there is one there), or, when
    /// `module` is nil, the only one there is.
    /// The error lists the modules when there are several or `module` is not one of them.
    public static func modulePrefix(in stateDict: ParameterSet, named module: String?) throws -> String {
        try modulePrefix(among: stateDict.names, named: module)
    }

    /// The key prefix of the recurrent module to read among tensor names
    /// (``modulePrefix(in:named:)``).
    public static func modulePrefix(among names: [String], named module: String?) throws -> String {
        let modules = recurrentModules(among: names)
        let listing = modules.map { $0.isEmpty ? "(the top level)" : String($0.dropLast()) }.joined(separator: ", ")
        // How to name the first module on the command line: `--module ""` for the top level.
        let firstOption = modules.first.map { "--module " + ($0.isEmpty ? "\"\"" : String($0.dropLast())) } ?? ""
        guard !names.isEmpty else {
            throw NetworkError("no tensors: the file's header lists none; save the state dict of a model that holds an RNN, LSTM or GRU "
                + "(`safetensors.torch.save_file(model.state_dict(), \"model.safetensors\")`)")
        }
        if let module {
            let wanted = module.isEmpty || module.hasSuffix(".") ? module : module + "."
            if module.isEmpty, !modules.isEmpty, !modules.contains("") {
                throw NetworkError("no recurrent module at the top level, which an empty --module names; give a module's name "
                    + "(the recurrent modules are \(listing): \(firstOption))")
            }
            guard modules.contains(wanted) else {
                if modules == [""] {
                    throw NetworkError("no recurrent module \(module): the file's recurrent module is at the top level (its keys are weight_ih_l0, "
                        + "weight_hh_l0, … with no module's name before them); leave out --module")
                }
                throw NetworkError(modules.isEmpty
                    ? "no recurrent module: no key ends in weight_hh_l0"
                    : "no recurrent module \(module) (the recurrent modules are \(listing))")
            }
            return wanted
        }
        guard let only = modules.first else {
            // spectral norm's weight_hh_l0_orig comes with _u and _v, where pruning's comes with _mask
            if let normed = spectralNormMessage(names, among: names) {
                throw NetworkError("no recurrent module with its weight_hh_l0: \(normed)")
            }
            if let dropped = weightDropMessage(names, among: names) {
                throw NetworkError("no recurrent module with its weight_hh_l0: \(dropped)")
            }
            if let pruned = names.first(where: { $0.hasSuffix("weight_hh_l0_orig") }) {
                throw NetworkError("no recurrent module with its weight_hh_l0: `\(pruned)` is the tensor of a pruned module (torch.nn.utils.prune); "
                    + "call torch.nn.utils.prune.remove(module, \"weight_hh_l0\") for each pruned tensor before saving the state dict")
            }
            if names.contains(where: { $0.hasSuffix("weight_hh_l0_g") || $0.hasSuffix("parametrizations.weight_hh_l0.original0") }),
               let normed = weightNormMessage(names, among: names) {
                throw NetworkError("no recurrent module with its weight_hh_l0: \(normed)")
            }
            let keys = names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")
            throw NetworkError("no recurrent module: no key is weight_hh_l0 or ends in .weight_hh_l0 (the keys are \(keys))")
        }
        guard modules.count == 1 else {
            // every module's option, so the one wanted can be copied whichever it is
            let options = modules.prefix(4).map { "--module " + ($0.isEmpty ? "\"\"" : String($0.dropLast())) }
            throw NetworkError("\(modules.count) recurrent modules, \(listing); choose one with \(options.joined(separator: " or "))"
                + (modules.count > 4 ? " (or another's name)" : ""))
        }
        return only
    }

    /// The tensors of the module at `prefix` (see ``recurrentModules(in:)``), named as the
    /// module's own state dict names them: `encoder.weight_ih_l1` becomes `weight_ih_l1`;
    /// tensors of other modules, and of modules nested inside this one, are left out.
    public static func moduleStateDict(_ stateDict: ParameterSet, prefix: String) -> ParameterSet {
        let cell = isCellModule(among: stateDict.names, prefix: prefix)
        return ParameterSet(zip(stateDict.names, stateDict.tensors).compactMap { name, tensor in
            guard name.hasPrefix(prefix) else { return nil }
            return parameterName(String(name.dropFirst(prefix.count)), cell: cell).map { ($0, tensor) }
        })
    }

    /// The tensors of the file's module at `prefix` (``moduleStateDict(_:prefix:)``), after
    /// checking them (``moduleTensorNames(among:dtypes:prefix:)``).
    public static func moduleStateDict(of file: SafeTensorsFile, prefix: String) throws -> ParameterSet {
        _ = try moduleTensorNames(among: file.names, dtypes: file.dtypes, prefix: prefix)
        return moduleStateDict(file.tensors, prefix: prefix)
    }

    /// The names of the tensors of the module at `prefix` among a file's `names` (those
    /// ``moduleStateDict(_:prefix:)`` keeps), after checking that each is of a type rnnlab
    /// reads; the file's other tensors may be of any type (a batch norm's integer
    /// `num_batches_tracked`), as they are left out.
    ///
    /// A key of the module that looks like a recurrent tensor but is not one PyTorch's
    /// modules name (``unreadParameterNames(_:prefix:)``) is an error: left out, it would
    /// turn into a missing bias read as zero, or a layer fewer.
    public static func moduleTensorNames(among names: [String], dtypes: [String: TensorDType], prefix: String) throws -> [String] {
        let unread = unreadParameterNames(names, prefix: prefix)
        if !unread.isEmpty { throw NetworkError(unreadParameterMessage(unread, among: names)) }
        let cell = isCellModule(among: names, prefix: prefix)
        let own = names.filter { $0.hasPrefix(prefix) && parameterName(String($0.dropFirst(prefix.count)), cell: cell) != nil }
        for name in own {
            if let dtype = dtypes[name], !dtype.isReadable {
                throw NetworkError("tensor `\(name)`: unsupported dtype \(dtype.rawValue); rnnlab reads F64, F32, F16 and BF16 (convert it with .float() before saving)")
            }
        }
        return own
    }

    /// The keys of the module at `prefix` that look like a recurrent module's tensors but
    /// are not ones it uses (``isParameterName(_:)``): `bias_ih_l0_orig` and
    /// `bias_ih_l0_mask` of a pruned module, `weight_ih_layer1`, `b_ih_l0`. Keys of modules
    /// nested in it (with a further `.`) are not its own, but for the `parametrizations.`
    /// of its tensors (`parametrizations.weight_hh_l0.original0`, weight norm's).
    public static func unreadParameterNames(_ names: [String], prefix: String) -> [String] {
        let cell = isCellModule(among: names, prefix: prefix)
        return names.filter { name in
            guard name.hasPrefix(prefix) else { return false }
            let own = String(name.dropFirst(prefix.count))
            if own.wholeMatch(of: /parametrizations\.[^.]+\.original[0-9]*/) != nil { return true }
            return !own.contains(".") && parameterName(own, cell: cell) == nil && looksLikeParameterName(own)
        }
    }

    /// Whether `name` reads as a recurrent tensor's: it begins `weight_` or `bias_`, or is
    /// `w`/`b` followed by `ih`, `hh` or `hr` (`b_ih_l0`, `Whh`).
    static func looksLikeParameterName(_ name: String) -> Bool {
        name.hasPrefix("weight_") || name.hasPrefix("bias_")
            || name.lowercased().wholeMatch(of: /[wb]_?(ih|hh|hr)([_0-9].*)?/) != nil
    }

    /// What is wrong with `unread` keys (``unreadParameterNames(_:prefix:)``) and what to do.
    static func unreadParameterMessage(_ unread: [String], among names: [String]) -> String {
        if let normed = weightNormMessage(unread, among: names) { return normed }
        if let normed = spectralNormMessage(unread, among: names) { return normed }
        if let dropped = weightDropMessage(unread, among: names) { return dropped }
        let present = Set(names)
        let pruned = unread.filter { $0.hasSuffix("_orig") && present.contains(String($0.dropLast("_orig".count)) + "_mask") }
        let listing = quotedListing
        if let first = pruned.first {
            let stem = String(first.dropLast("_orig".count))
            let parameter = stem.split(separator: ".").last.map(String.init) ?? stem
            return "\(listing(pruned.flatMap { [$0, String($0.dropLast("_orig".count)) + "_mask"] })) are the tensors of a pruned module "
                + "(torch.nn.utils.prune), not its \(listing(pruned.map { String($0.dropLast("_orig".count)) })); call "
                + "torch.nn.utils.prune.remove(module, \"\(parameter)\") for each pruned tensor before saving the state dict"
        }
        // a cell's keys beside a module's at one level: two modules, where one is read at a time
        let cellKeys = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
        let both = unread.filter { name in
            cellKeys.contains { key in name.hasSuffix(key) && present.contains(String(name.dropLast(key.count)) + "weight_hh_l0") }
        }
        if let first = both.first(where: { $0.hasSuffix("weight_hh") }) ?? both.first {
            let key = cellKeys.first { first.hasSuffix($0) } ?? ""
            let prefix = String(first.dropLast(key.count))
            let place = prefix.isEmpty ? "at its top level" : "under \(prefix)"
            return "the file holds two recurrent modules \(place): a cell's (nn.RNNCell, nn.LSTMCell or nn.GRUCell: \(listing(both))) "
                + "and a module's (\(prefix)weight_ih_l0, \(prefix)weight_hh_l0, …), and rnnlab reads one module at a time; a whole model's "
                + "state dict keeps each module's keys under its own name (cell.weight_ih, rnn.weight_ih_l0): save the two so, and choose "
                + "one with --module (`--module cell`), or save each module's state dict to a file of its own"
        }
        return "\(listing(unread)) \(unread.count == 1 ? "looks like a recurrent tensor but is not one" : "look like recurrent tensors but are not ones") "
            + "rnnlab reads; PyTorch names them weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k} (k = 0, 1, … for the layer; "
            + "_reverse for the second direction): rename them before saving"
    }

    /// What is wrong with the keys among `candidates` that are the two tensors of a weight with
    /// weight norm, and what to do; nil when there are none. `torch.nn.utils.weight_norm`
    /// saves `weight_hh_l0_g` and `weight_hh_l0_v` in place of `weight_hh_l0`;
    /// `torch.nn.utils.parametrizations.weight_norm` saves `parametrizations.weight_hh_l0.original0`
    /// and `original1`.
    static func weightNormMessage(_ candidates: [String], among names: [String]) -> String? {
        reparametrizationMessage(
            candidates, among: names, module: "weight norm",
            old: ("torch.nn.utils.weight_norm", "torch.nn.utils.remove_weight_norm", { key in
                guard key.hasSuffix("_g") || key.hasSuffix("_v") else { return nil }
                let weight = String(key.dropLast(2))
                return (weight, [weight + "_g", weight + "_v"])
            }),
            new: ("torch.nn.utils.parametrizations.weight_norm", "torch.nn.utils.parametrize.remove_parametrizations", { key in
                guard let match = key.wholeMatch(of: /(.*)parametrizations\.([^.]+)\.original[01]/) else { return nil }
                let stem = String(match.1) + "parametrizations." + match.2
                return (String(match.1) + match.2, [stem + ".original0", stem + ".original1"])
            }))
    }

    /// A weight that a reparametrization saves as other tensors: its full name
    /// (`lstm.weight_hh_l0`) and the tensors saved in its place.
    typealias Reparametrized = (weight: String, tensors: [String])

    /// What is wrong with the keys among `candidates` that are the tensors of weights a
    /// reparametrization (`module`: `weight norm`) saved in their place, and what to do; nil
    /// when there are none. `old` and `new` are torch.nn.utils' function and the one in its
    /// `parametrizations`, each with the call that removes it and how to tell a key of it
    /// (the weight it stands for and the tensors saved for that weight, all of which must
    /// be in the file); `detail` says what the module computes with.
    static func reparametrizationMessage(
        _ candidates: [String], among names: [String], module: String, detail: String = "",
        old: (function: String, remove: String, split: (String) -> Reparametrized?),
        new: (function: String, remove: String, split: (String) -> Reparametrized?)
    ) -> String? {
        let present = Set(names)
        func weights(_ split: (String) -> Reparametrized?) -> [Reparametrized] {
            var seen = Set<String>()
            return candidates.compactMap(split).filter { found in
                let own = found.weight.split(separator: ".").last.map(String.init) ?? found.weight
                return isParameterName(own) && found.tensors.allSatisfy(present.contains) && seen.insert(found.weight).inserted
            }
        }
        let oldWeights = weights(old.split)
        let (found, function, remove) = oldWeights.isEmpty ? (weights(new.split), new.function, new.remove) : (oldWeights, old.function, old.remove)
        guard let first = found.first else { return nil }
        let parameter = first.weight.split(separator: ".").last.map(String.init) ?? first.weight
        return "\(quotedListing(found.flatMap(\.tensors))) are the tensors of a module with \(module) (\(function)), not its "
            + "\(quotedListing(found.map(\.weight)))\(detail); "
            + "call \(remove)(module, \"\(parameter)\")\(found.count > 1 ? " for each such weight" : "") before saving the state dict"
    }

    /// Up to four keys in backquotes, and how many more: `` `a`, `b` and 3 more ``.
    static func quotedListing(_ keys: [String]) -> String {
        keys.prefix(4).map { "`\($0)`" }.joined(separator: ", ") + (keys.count > 4 ? " and \(keys.count - 4) more" : "")
    }

    /// What is wrong with the keys among `candidates` that are the weights of a module with
    /// weight drop, and what to do; nil when there are none. AWD-LSTM's `WeightDrop` and
    /// fastai's `WeightDropout` keep `weight_hh_l0_raw`, the weight before dropout, beside
    /// the wrapped module (`rnn.weight_hh_l0_raw` for `rnn.module.weight_hh_l0`), and give the
    /// module a copy with dropout at each training step; in eval mode the module computes
    /// with the raw weight itself, so that is the one to read, under the module's own name.
    static func weightDropMessage(_ candidates: [String], among names: [String]) -> String? {
        let found = candidates.filter { key in
            guard key.hasSuffix("_raw") else { return false }
            let weight = key.dropLast("_raw".count)
            return isParameterName(weight.split(separator: ".").last.map(String.init) ?? String(weight))
        }
        guard let first = found.first else { return nil }
        // the module's name for it: beside the raw weight, or inside the wrapped `module.`
        func target(_ raw: String) -> String {
            let weight = String(raw.dropLast("_raw".count))
            let parameter = weight.split(separator: ".").last.map(String.init) ?? weight
            let parent = String(weight.dropLast(parameter.count))
            let wrapped = parent.hasSuffix("module.") ? parent : parent + "module."
            return names.contains { $0.hasPrefix(wrapped) } ? wrapped + parameter : parent + parameter
        }
        return "\(quotedListing(found)) \(found.count == 1 ? "is the weight" : "are the weights") before dropout of a module with weight drop "
            + "(AWD-LSTM's WeightDrop, fastai's WeightDropout), which the module computes with in eval mode; save "
            + "\(found.count == 1 ? "it" : "each") under the module's own name in place of any copy with dropout, "
            + "`\(first)` as `\(target(first))`"
    }

    /// What is wrong with the keys among `candidates` that are the tensors of a weight with
    /// spectral norm, and what to do; nil when there are none. `torch.nn.utils.spectral_norm`
    /// saves `weight_hh_l0_orig`, `weight_hh_l0_u` and `weight_hh_l0_v` in place of
    /// `weight_hh_l0`; `torch.nn.utils.parametrizations.spectral_norm` saves
    /// `parametrizations.weight_hh_l0.original` with its `parametrizations.weight_hh_l0.0._u`
    /// and `0._v`. The weight the module computes with is the original divided by its largest
    /// singular value, which removing the spectral norm writes into the weight itself.
    static func spectralNormMessage(_ candidates: [String], among names: [String]) -> String? {
        reparametrizationMessage(
            candidates, among: names, module: "spectral norm", detail: ", the original weight divided by its largest singular value",
            old: ("torch.nn.utils.spectral_norm", "torch.nn.utils.remove_spectral_norm", { key in
                guard key.hasSuffix("_orig") else { return nil }
                let weight = String(key.dropLast("_orig".count))
                return (weight, [key, weight + "_u", weight + "_v"])
            }),
            new: ("torch.nn.utils.parametrizations.spectral_norm", "torch.nn.utils.parametrize.remove_parametrizations", { key in
                guard let match = key.wholeMatch(of: /(.*)parametrizations\.([^.]+)\.original/) else { return nil }
                let stem = String(match.1) + "parametrizations." + match.2
                return (String(match.1) + match.2, [key, stem + ".0._u", stem + ".0._v"])
            }))
    }

    /// Whether `name` is one a recurrent module's state dict uses: `weight_ih_l0`,
    /// `bias_hh_l2_reverse`, an LSTM's projection `weight_hr_l0` (kept so that it can be
    /// refused by name), or this engine's `layer_norm_ih_l0.weight`.
    /// The layer `k` of a recurrent tensor's name (`weight_ih_l2` → 2, `bias_hh_l1_reverse` → 1);
    /// nil for any other name.
    static func layerIndex(_ name: String) -> Int? {
        guard let match = name.wholeMatch(of: /(?:weight|bias)_(?:ih|hh|hr)_l([0-9]+)(?:_reverse)?/) else { return nil }
        return Int(match.1)
    }

    static func isParameterName(_ name: String) -> Bool {
        name.wholeMatch(of: /(weight|bias)_(ih|hh)_l[0-9]+(_reverse)?/) != nil
            || name.wholeMatch(of: /weight_hr_l[0-9]+(_reverse)?/) != nil
            || name.wholeMatch(of: /layer_norm_(ih|hh|c)_l[0-9]+(_reverse)?\.(weight|bias)/) != nil
    }

    /// Loads a network from a safetensors file holding a PyTorch state dict
    /// (``CheckpointModule/init(path:module:nonlinearity:byteLimit:shouldStop:)``).
    public init(safetensorsPath path: String, nonlinearity: Activation? = nil, module: String? = nil) throws {
        do {
            self = try CheckpointModule(path: path, module: module, nonlinearity: nonlinearity).network
        } catch let error as CheckpointError {
            throw error.plainError
        }
    }

    /// How many parameters are NaN or infinite, and the first few tensors that hold them.
    public var nonFiniteParameters: (count: Int, tensors: [String]) {
        var count = 0
        var tensors: [String] = []
        for (name, tensor) in parameters.pairs {
            let bad = tensor.values.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
            if bad > 0 { count += bad; tensors.append(name) }
        }
        return (count, tensors)
    }
}
