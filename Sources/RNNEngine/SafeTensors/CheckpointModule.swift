/// A recurrent module read from a safetensors checkpoint: the network, the module's own
/// tensors, and what the file says of itself.
///
/// The file may be a bare `nn.RNN`/`nn.LSTM`/`nn.GRU`'s state dict or a whole model's,
/// whose recurrent module is found by its keys (``RecurrentNetwork/modulePrefix(among:named:)``).
/// Only the header and the module's tensors are read, so a large embedding beside a small
/// LSTM costs nothing; a byte limit counts those bytes, not the file's. A file the lab saved
/// from a trained model also holds its output head (`head.weight`, `head.bias`, an
/// `nn.Linear`'s) and records its task in `__metadata__` (`task`); the head is read then.
/// A whole model's `nn.Embedding` in front of the module (``embeddingTable``) and its
/// `nn.Linear` from the module's outputs to one score per token (``tokenHead``) are read
/// too, when they fit within the byte limit, so that the model runs as PyTorch runs it.
public struct CheckpointModule: Sendable {
    /// What the messages call the file.
    public var name: String
    /// The header's names, types and metadata, with the module's tensors read.
    public var file: SafeTensorsFile
    /// The module's key prefix: `""` for a bare module's state dict, `rnn.` in a whole model's.
    public var prefix: String
    /// The module's own tensors, named as its own state dict names them.
    public var stateDict: ParameterSet
    /// The network the tensors make.
    public var network: RecurrentNetwork
    /// The plain RNN's nonlinearity the caller asked for, if any.
    public var askedNonlinearity: Activation?
    /// How many bytes of the file were read: the length, the header and the module's data.
    public var bytesRead: Int

    /// The output head beside the module in a file the lab saved (``headNames``), when the
    /// file records its task and the head reads the module's outputs; nil otherwise.
    public var head: OutputHead?
    /// Why the head of a file the lab saved was not read, when it was not.
    public var headProblem: String?
    /// The file's embedding table left out beside the module, as a note names it
    /// (`encoder.embed.weight, 10 × 3`): a tensor of a whole model whose rows are as wide as
    /// the module's input (an `nn.Embedding(V, I)`'s weight, ``embeddingEntry(in:besides:width:)``),
    /// which turns each symbol into the module's input; nil when the file has none.
    public var embedding: String?
    /// The embedding table itself (``embedding`` names it), read when it fits within the
    /// byte limit; nil when the file has none, or when it was left out (``embeddingProblem``).
    public var embeddingTable: Embedding?
    /// Why the file's embedding was not read, when it was not.
    public var embeddingProblem: String?
    /// A whole model's own output head beside its embedding: an `nn.Linear(D·H, V)` under
    /// `name` (`decoder` for `decoder.weight`, `decoder.bias`) that reads the module's
    /// outputs and writes one score per token of the embedding; its bias is zeros when the
    /// Linear had none (`bias=False`). Nil when the file has no such Linear, or several.
    public var tokenHead: (name: String, head: OutputHead)?
    /// Why no Linear was taken as the token head: the file has several that fit, or one
    /// that reads the module's outputs but has a score for more or fewer tokens than the
    /// embedding has rows (`the file's decoder has 6 outputs for an embedding of 10 tokens`).
    public var tokenHeadProblem: String?
    /// Whether the embedding is the token head's own weight: a model with tied weights
    /// (`decoder.weight = encoder.weight`, PyTorch's word-language-model `--tied`) shares one
    /// tensor between its `nn.Embedding` and its `nn.Linear`, and `safetensors.torch.save_model`
    /// keeps one name of the two (`decoder.weight`, the first in sorted order), so the file has
    /// a head of the embedding's shape, V × the module's input size, and no embedding of its own.
    public var embeddingIsTiedHead = false
    /// The embedding's own name in a tied model (`encoder.weight`), when the file records it:
    /// `save_model` writes each name it leaves out into `__metadata__`, with the name it kept
    /// as its value (`"encoder.weight": "decoder.weight"`). Nil when the file says nothing.
    public var tiedEmbeddingName: String?
    /// Modules of the file's other tensors that look like a normalization of the module's
    /// outputs (``outputNormalizations(in:besides:width:)``), when a token head was read: a
    /// model may apply one between the module and the head (embed → LSTM → LayerNorm →
    /// Linear), which the lab, applying the head to the outputs themselves, does not.
    public var outputNormalizations: [String] = []

    /// The key names of the output head the lab saves beside a trained model's recurrent
    /// module: PyTorch's `nn.Linear` under `head.`.
    public static let headNames = ["head.weight", "head.bias"]

    /// Whether the module is an `nn.RNNCell`, `nn.LSTMCell` or `nn.GRUCell`, whose
    /// `weight_ih`, ... were read as a 1-layer module's `weight_ih_l0`, ...
    public var isCell: Bool { RecurrentNetwork.isCellModule(among: file.names, prefix: prefix) }

    /// The file's names of the tensors that were read: the module's, then the head's.
    public var readNames: [String] {
        let cell = isCell
        let own = file.names.filter { name in
            name.hasPrefix(prefix)
                && RecurrentNetwork.parameterName(String(name.dropFirst(prefix.count)), cell: cell).flatMap(stateDict.index(of:)) != nil
        }
        return own + (head == nil ? [] : Self.headNames)
    }

    /// The file's names of the embedding and the token head that were read beside the module
    /// (``embeddingTable``, ``tokenHead``); their types are not the module's, which `save` keeps.
    public var tokenModelNames: [String] {
        let embedded = embeddingTable == nil || embeddingIsTiedHead ? [] : embedding.map { [String($0.prefix { $0 != "," })] } ?? []
        return embedded + (tokenHead.map { head in ["weight", "bias"].map { head.name + "." + $0 }.filter(file.names.contains) } ?? [])
    }

    /// The element types of the tensors read in the file, widest first (F32 before F16).
    public var dtypes: [TensorDType] {
        Set(readNames.compactMap { file.dtypes[$0] }).sorted { ($0.byteCount, $0.rawValue) > ($1.byteCount, $1.rawValue) }
    }

    /// The element type of the tensors read in the file, when they all have one.
    public var dtype: TensorDType? { dtypes.count == 1 ? dtypes.first : nil }

    /// The narrowest element type that holds every value read exactly: the one they share,
    /// else the widest of theirs, F32 for F16 beside BF16 (both are F32's values with fewer
    /// bits, F16's 5-bit exponent and BF16's 8 within F32's 8); nil when there are none.
    public var exactDType: TensorDType? {
        guard let widest = dtypes.first else { return nil }
        return widest.byteCount == 2 && dtypes.count > 1 ? .f32 : widest
    }

    /// Reads the module `module` (its key prefix, e.g. `encoder`; nil for the only one) of
    /// the safetensors file at `path`.
    ///
    /// - Parameters:
    ///   - name: what the messages call the file (default: `path`).
    ///   - nonlinearity: a plain RNN's φ; nil takes the one the file records, else tanh.
    ///   - byteLimit: the most bytes to read (the header and the module's tensors); the
    ///     file itself may be larger.
    ///   - readingHead: whether to read the output head of a file the lab saved; without
    ///     it (for a command that runs the module alone) the head is left out like any other
    ///     tensor, and the notes say so.
    ///   - shouldStop: asked every so often; when it says so, this throws ``NetworkError/stopped``.
    public init(
        path: String, name: String? = nil, module: String? = nil, nonlinearity: Activation? = nil,
        byteLimit: Int? = nil, readingHead: Bool = true, shouldStop: ShouldStop? = nil
    ) throws {
        let name = name ?? path
        let reader: SafeTensorsReader
        do {
            reader = try SafeTensorsReader(path: path, source: name, shouldStop: shouldStop)
        } catch let error as SafeTensorsError {
            throw CheckpointError(.file, name: name, message: String(error.message.trimmingPrefix(name + ": ")))
        }
        let names = reader.header.names
        let prefix: String
        do { prefix = try RecurrentNetwork.modulePrefix(among: names, named: module) } catch let error as NetworkError {
            throw CheckpointError(.module, name: name, message: error.message)
        }
        let wanted: [String]
        do { wanted = try RecurrentNetwork.moduleTensorNames(among: names, dtypes: reader.header.dtypes, prefix: prefix) } catch let error as NetworkError {
            throw CheckpointError(.tensors, name: name, prefix: prefix, message: error.message)
        }
        // A file the lab saved from a trained model records its task: its head is read too.
        let headNames = readingHead && reader.header.metadata["task"] != nil && Self.headNames.allSatisfy(names.contains)
            && Self.headNames.allSatisfy { reader.header.dtypes[$0]?.isReadable == true } ? Self.headNames : []
        let bytesRead = reader.header.bytesRead(reading: wanted + headNames)
        if let byteLimit, bytesRead > byteLimit {
            let module = prefix.isEmpty ? "the module's tensors" : "the \(prefix.dropLast()) module's tensors"
            throw CheckpointError(.size, name: name, prefix: prefix, message: "the header and \(module) are \(Self.mebibytes(bytesRead)); "
                + "at most \(Self.mebibytes(byteLimit)) of a checkpoint is read (the file's other tensors do not count)")
        }
        let file: SafeTensorsFile
        do { file = try reader.read(wanted + headNames, shouldStop: shouldStop) } catch let error as SafeTensorsError {
            throw CheckpointError(.file, name: name, message: String(error.message.trimmingPrefix(name + ": ")))
        }
        let stateDict = RecurrentNetwork.moduleStateDict(file.tensors, prefix: prefix)
        let network: RecurrentNetwork
        do {
            network = try RecurrentNetwork(stateDict: stateDict, nonlinearity: nonlinearity ?? file.recordedNonlinearity ?? .tanh)
        } catch let error as NetworkError {
            throw CheckpointError(.tensors, name: name, prefix: prefix, message: error.message)
        }
        if nonlinearity != nil, network.kind != .rnn {
            throw CheckpointError(.nonlinearity, name: name, message: "--nonlinearity is for a plain RNN, and \(name) holds \(network.kind.withArticle)")
        }
        self.name = name
        self.file = file
        self.prefix = prefix
        self.stateDict = stateDict
        self.network = network
        self.askedNonlinearity = nonlinearity
        self.bytesRead = bytesRead
        if !headNames.isEmpty {
            do { head = try Self.head(in: file.tensors, reading: network.outputSize) } catch { headProblem = error.message }
        }
        // another recurrent module's embedding and head are its own: a seq2seq model's decoder's, when its encoder is read
        let elsewhere = Self.otherModulesTensors(among: names, module: prefix)
        let read = Set(wanted + headNames).union(elsewhere)
        var embeddingEntry = Self.embeddingEntry(in: reader.header, besides: read, width: network.inputSize)
        // a bias-free tied head is also the one table without a bias, which reads as an embedding alone
        if readingHead, headNames.isEmpty,
           let tied = Self.tiedHeadEntry(in: reader.header, besides: read, width: network.inputSize, outputs: network.outputSize),
           embeddingEntry == nil || embeddingEntry?.name == tied.name {
            embeddingEntry = tied
            embeddingIsTiedHead = true
            tiedEmbeddingName = Self.sharedNames(of: tied.name, in: reader.header).first
        }
        embedding = embeddingEntry.map { "\($0.name), \($0.shape[0]) × \($0.shape[1])" }
        // a file the lab saved from a trained model reads what its task gives, not an embedding's rows
        if readingHead, headNames.isEmpty, let embeddingEntry {
            try readTokenModel(embeddingEntry, reader: reader, readSoFar: wanted + headNames, elsewhere: elsewhere,
                               byteLimit: byteLimit, shouldStop: shouldStop)
        }
        if tokenHead != nil {
            outputNormalizations = Self.outputNormalizations(in: reader.header, besides: read.union(tokenModelNames), width: network.outputSize)
        }
    }

    /// The modules among the file's other tensors that look like a normalization of the
    /// recurrent module's `width` outputs (an `nn.LayerNorm(width)`'s `weight` and `bias`,
    /// an `nn.BatchNorm1d`'s with its running statistics): `ln` for `ln.weight` and `ln.bias`.
    static func outputNormalizations(in header: SafeTensorsHeader, besides read: Set<String>, width: Int) -> [String] {
        header.entries.compactMap { entry in
            guard entry.name.hasSuffix(".weight"), !read.contains(entry.name), entry.shape == [width] else { return nil }
            let module = String(entry.name.dropLast(".weight".count))
            return header.entries.contains { $0.name == module + ".bias" && $0.shape == [width] } ? module : nil
        }
    }

    /// The tensors among a whole model's `names` that belong to another of its recurrent
    /// modules than the one at `prefix`: those whose names share more leading module names
    /// with that module's prefix than with this one's. In a seq2seq model, `encoder.rnn.`'s
    /// are `decoder.rnn.weight_ih_l0`, …, `decoder.embedding.weight` and `decoder.fc_out.weight`;
    /// a table at the top level (`embedding.weight`) is as near to both, and belongs to neither.
    static func otherModulesTensors(among names: [String], module prefix: String) -> Set<String> {
        let others = RecurrentNetwork.recurrentModules(among: names).filter { $0 != prefix }
        guard !others.isEmpty else { return [] }
        // how many module names `name` begins with of the module's `encoder.rnn.`
        func sharedDepth(_ name: String, _ module: String) -> Int {
            zip(name.split(separator: "."), module.split(separator: ".")).prefix { $0 == $1 }.count
        }
        return Set(names.filter { name in others.contains { sharedDepth(name, $0) > sharedDepth(name, prefix) } })
    }

    /// The entry of `header` that is a whole model's embedding: a table of rows `width` wide
    /// (an `nn.Embedding(V, width)`'s weight) outside the tensors `read`, either the first
    /// whose name says so (`embed`, `embedding`) or else the one `NAME.weight` of that shape
    /// without a `NAME.bias`, as PyTorch's word-language-model example names its embedding
    /// `encoder.weight` beside the `decoder` Linear; nil when there is none, or several such.
    static func embeddingEntry(in header: SafeTensorsHeader, besides read: Set<String>, width: Int) -> SafeTensorsHeader.Entry? {
        let tables = header.entries.filter { !read.contains($0.name) && $0.shape.count == 2 && $0.shape[1] == width }
        if let named = tables.first(where: { $0.name.lowercased().contains("emb") }) { return named }
        let biasFree = tables.filter { $0.name.hasSuffix(".weight") && !header.names.contains($0.name.dropLast("weight".count) + "bias") }
        return biasFree.count == 1 ? biasFree[0] : nil
    }

    /// The entry of `header` that is both a whole model's head and, tied to it, its embedding
    /// (``embeddingIsTiedHead``): the one `NAME.weight` outside the tensors `read` of shape
    /// (V, `width`), when the module's `outputs` are as many as its input's `width`, as tying
    /// asks, and either beside a `NAME.bias` of shape (V,) or, for a Linear made with
    /// `bias=False`, recorded by `save_model` as the tensor it kept for another weight
    /// (``sharedNames(of:in:)``); nil when there is none, or several.
    static func tiedHeadEntry(in header: SafeTensorsHeader, besides read: Set<String>, width: Int, outputs: Int) -> SafeTensorsHeader.Entry? {
        guard width == outputs else { return nil }
        let heads = header.entries.filter { entry in
            guard entry.name.hasSuffix(".weight"), !read.contains(entry.name), entry.shape.count == 2, entry.shape[1] == width,
                  entry.dtype.isReadable else { return false }
            guard let bias = header.entries.first(where: { $0.name == entry.name.dropLast("weight".count) + "bias" }) else {
                return !sharedNames(of: entry.name, in: header).isEmpty
            }
            return bias.shape == [entry.shape[0]]
        }
        return heads.count == 1 ? heads[0] : nil
    }

    /// The embedding weights that `safetensors.torch.save_model` left out of the file because
    /// they were the tensor `kept` under another name, as its `__metadata__` records them
    /// (`"encoder.weight": "decoder.weight"`), in sorted order; empty when it records none.
    /// A left-out weight whose module's bias is in the file (`fc.weight` beside `fc.bias`) is a
    /// Linear's, not an embedding's: then `kept` is the embedding, and the head is the one left out.
    static func sharedNames(of kept: String, in header: SafeTensorsHeader) -> [String] {
        header.metadata.filter { name, keptName in
            keptName == kept && name.hasSuffix(".weight") && !header.names.contains(name)
                && !header.names.contains(name.dropLast("weight".count) + "bias")
        }.map(\.key).sorted()
    }

    /// Reads the embedding `entry` and, when the file has one, the `nn.Linear` that maps the
    /// module's outputs to one score per token of it: the `P.weight` of shape (V, D·H), with
    /// `P.bias` of shape (V,) if there is one, outside the tensors of the file's other recurrent
    /// modules (`elsewhere`); several that fit are all left out. When the
    /// bytes already read (`readSoFar`) and these are more than `byteLimit`, or a tensor is
    /// of a type the lab does not read, they are left out and ``embeddingProblem`` says why.
    private mutating func readTokenModel(
        _ entry: SafeTensorsHeader.Entry, reader: SafeTensorsReader, readSoFar: [String], elsewhere: Set<String>,
        byteLimit: Int?, shouldStop: ShouldStop?
    ) throws {
        guard entry.dtype.isReadable else {
            embeddingProblem = "it is \(entry.dtype.rawValue), which the lab does not read"
            return
        }
        let tokens = entry.shape[0]
        var names = [entry.name]
        var linear: String?
        let taken = Set(readSoFar + [entry.name]).union(elsewhere)
        let fits = reader.header.entries.filter { candidate in
            candidate.name.hasSuffix(".weight") && !taken.contains(candidate.name) && candidate.dtype.isReadable
                && candidate.shape == [tokens, network.outputSize]
        }.map { String($0.name.dropLast(".weight".count)) }.filter { prefix in
            // a bias, when there is one, has one value per token
            reader.header.entries.first { $0.name == prefix + ".bias" }.map { $0.shape == [tokens] && $0.dtype.isReadable } ?? true
        }
        if embeddingIsTiedHead {
            // the one tensor is the embedding and the head's weight: the head's bias is all that is left
            let tied = String(entry.name.dropLast(".weight".count))
            linear = tied
            names.append(tied + ".bias")
        } else if fits.count == 1 {
            linear = fits[0]
            names += [fits[0] + ".weight", fits[0] + ".bias"].filter(reader.header.names.contains)
        } else if fits.count > 1 {
            tokenHeadProblem = "\(fits.joined(separator: ", ")) each map the module's \(network.outputSize) outputs to \(tokens) scores, "
                + "and which is the model's head cannot be told"
        } else if let misfit = Self.onlyLinear(readingOutputs: network.outputSize, notScoring: tokens, among: reader.header.entries, taken: taken) {
            // one Linear reads the module's outputs but scores another number of tokens: a head
            // for another vocabulary, or the embedding's rows were cut
            tokenHeadProblem = "the file's \(misfit.name), whose weight is \(misfit.shape[0]) × \(misfit.shape[1]), "
                + "has \(misfit.shape[0]) outputs for an embedding of \(tokens) tokens"
        }
        let bytes = reader.header.bytesRead(reading: readSoFar + names)
        if let byteLimit, bytes > byteLimit {
            embeddingProblem = "with it the header and the tensors read would be \(Self.mebibytes(bytes)), "
                + "and at most \(Self.mebibytes(byteLimit)) of a checkpoint is read"
            tokenHeadProblem = nil
            return
        }
        let extra: SafeTensorsFile
        do { extra = try reader.read(names, shouldStop: shouldStop) } catch let error as SafeTensorsError {
            throw CheckpointError(.file, name: name, message: String(error.message.trimmingPrefix(name + ": ")))
        }
        guard let table = extra.tensors[entry.name], let weight = Matrix(rows: tokens, columns: entry.shape[1], values: table.values) else { return }
        embeddingTable = Embedding(weight: weight)
        if let linear, let weight = extra.tensors[linear + ".weight"],
           let matrix = Matrix(rows: tokens, columns: network.outputSize, values: weight.values),
           let head = try? OutputHead(weight: matrix, bias: extra.tensors[linear + ".bias"]?.values ?? [Double](repeating: 0, count: tokens)) {
            tokenHead = (linear, head)
        }
    }

    /// Leaves the head out, for `reason` (what is wrong with it or with the task the file
    /// records), which the notes then give.
    public mutating func dropHead(because reason: String) {
        head = nil
        headProblem = reason
    }

    /// The one `nn.Linear` weight among `entries`, other than those `taken`, that reads `width`
    /// outputs but writes other than `tokens` scores (shape (n, `width`), n ≠ `tokens`): its
    /// module's name (`decoder`) and the weight's shape; nil when there is none or several.
    private static func onlyLinear(
        readingOutputs width: Int, notScoring tokens: Int, among entries: [SafeTensorsHeader.Entry], taken: Set<String>
    ) -> (name: String, shape: [Int])? {
        let linears = entries.filter { entry in
            entry.name.hasSuffix(".weight") && !taken.contains(entry.name) && entry.shape.count == 2 && entry.shape[1] == width
                && entry.shape[0] != tokens
        }
        guard linears.count == 1, let weight = linears.first else { return nil }
        return (String(weight.name.dropLast(".weight".count)), weight.shape)
    }

    /// The output head among `tensors` (`head.weight` V × `width`, `head.bias` V), or an
    /// error saying what is wrong with their shapes.
    static func head(in tensors: ParameterSet, reading width: Int) throws(NetworkError) -> OutputHead {
        guard let weight = tensors["head.weight"], let bias = tensors["head.bias"] else {
            throw NetworkError("the file has no head.weight and head.bias")
        }
        guard weight.shape.count == 2, weight.shape[1] == width, bias.shape == [weight.shape[0]],
              let matrix = Matrix(rows: weight.shape[0], columns: width, values: weight.values),
              let head = try? OutputHead(weight: matrix, bias: bias.values) else {
            throw NetworkError("head.weight is \(weight.shapeDescription) and head.bias \(bias.shapeDescription), "
                + "but a head reading this module's \(width) outputs has a weight of (V, \(width)) and a bias of (V,)")
        }
        return head
    }

    /// What reading the checkpoint assumed or found, for the command that read it: that a
    /// cell's tensors were read as a 1-layer module's (``cellNote(for:)``), then
    /// ``CheckpointNote/notes(network:stateDict:recorded:asked:reader:)``.
    public func notes(for reader: CheckpointNote.Reader) -> [CheckpointNote] {
        [leftOutNote(), headProblem.map { CheckpointNote("the output head is left out: \($0)", isWarning: true) },
         embeddingProblem.map { CheckpointNote("the embedding (\(embedding ?? "")) is left out: \($0)") },
         tokenHeadProblem.map { CheckpointNote("no output head is read: \($0)") },
         outputNormalizationNote(),
         cellNote(for: reader)].compactMap { $0 }
            + CheckpointNote.notes(network: network, stateDict: stateDict, recorded: file.recordedNonlinearity, asked: askedNonlinearity, reader: reader)
    }

    /// A warning when the file has what may be a normalization between the module and its
    /// token head (``outputNormalizations``), which the lab does not apply.
    func outputNormalizationNote() -> CheckpointNote? {
        guard let head = tokenHead?.name, let first = outputNormalizations.first else { return nil }
        let modules = outputNormalizations.count == 1 ? first : outputNormalizations.joined(separator: ", ")
        return CheckpointNote("\(modules) (\(outputNormalizations.count == 1 ? "a weight and a bias" : "each a weight and a bias") of "
            + "\(network.outputSize), the module's output size) may be a normalization, such as nn.LayerNorm, between the module and "
            + "\(head); the lab applies \(head) to the module's outputs as they are, so if the model normalizes them first, "
            + "the next-token probabilities are not the model's", isWarning: true)
    }

    /// For a whole model's state dict, what was left out besides the tensors read
    /// (``readNames``): up to four tensors by name, more by the modules they belong to; nil
    /// when the file holds nothing else.
    func leftOutNote() -> CheckpointNote? {
        let read = Set(readNames + tokenModelNames)
        let others = file.names.filter { !read.contains($0) }
        guard !others.isEmpty else { return nil }
        let place = prefix.isEmpty ? "at the top level" : "under \(prefix)"
        let rest: String
        if others.count <= 4 {
            rest = others.count == 1 ? "the file's other tensor, \(others[0]), is left out"
                : "the file's other \(others.count) tensors, \(others.dropLast().joined(separator: ", ")) and \(others.last ?? ""), are left out"
        } else {
            rest = "the file's other \(others.count) belong to \(owners(of: others)) and are left out"
        }
        let headRead = head == nil ? "" : " and the output head's 2"
        let tokenModel = tokenModelNames.isEmpty ? "" : " and \(tokenModelNames.joined(separator: ", "))"
        return CheckpointNote("read the \(stateDict.count) tensor\(stateDict.count == 1 ? "" : "s") \(place)\(headRead)\(tokenModel); \(rest)")
    }

    /// The modules `names` belong to, or the names themselves where they are not in a module
    /// or are the module's own (`lstm.h0`), in file order: `embed, decoder, head`, the first
    /// six and `…`.
    private func owners(of names: [String]) -> String {
        let shown = 6
        var owners: [String] = []
        var seen = Set<String>()
        for name in names {
            let own = name.hasPrefix(prefix) && !name.dropFirst(prefix.count).contains(".")
            let owner = own ? name : name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
            if seen.insert(owner).inserted { owners.append(owner) }
            if owners.count > shown { break }
        }
        return owners.prefix(shown).joined(separator: ", ") + (owners.count > shown ? ", …" : "")
    }

    /// When the module is an `nn.LSTMCell` (or RNN or GRU cell), whose `weight_ih`, ... are
    /// read as a 1-layer module's `weight_ih_l0`, ... (``RecurrentNetwork/isCellModule(among:prefix:)``),
    /// a note saying so and under which names the reader writes them; nil for a module.
    func cellNote(for reader: CheckpointNote.Reader) -> CheckpointNote? {
        guard RecurrentNetwork.isCellModule(among: file.names, prefix: prefix) else { return nil }
        let module = "nn." + network.kind.rawValue.uppercased()
        let tensors = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"].filter { file.names.contains(prefix + $0) }
        let names = reader == .load ? "save writes the cell's names again (`save ... --names module` writes the \(module)'s)" : "grads names them so"
        return CheckpointNote("\(prefix.isEmpty ? "the file's module" : String(prefix.dropLast())) is an \(module)Cell (\(tensors.joined(separator: ", "))): "
            + "read as a 1-layer \(module), whose parameters are the same, named weight_ih_l0, …; \(names)")
    }

    /// `bytes` in MiB for a message: `256 MiB` when whole, else rounded up to a tenth
    /// (`273.5 MiB`), so that a size over a whole-MiB limit never reads as the limit.
    public static func mebibytes(_ bytes: Int) -> String {
        let mebibyte = 1 << 20
        if bytes % mebibyte == 0 { return "\(bytes / mebibyte) MiB" }
        let tenths = (bytes * 10 + mebibyte - 1) / mebibyte
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}

/// Why a checkpoint could not be read, and at which stage, so that each command can put
/// the message in its own words.
public struct CheckpointError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was being read when it failed.
    public enum Stage: Sendable, Equatable {
        /// The file or its header (``SafeTensorsError``).
        case file
        /// Choosing the recurrent module (none, several, or not the one named).
        case module
        /// The module's tensors: their names, types or shapes.
        case tensors
        /// The header and the module's tensors are more bytes than the limit.
        case size
        /// `--nonlinearity` given for a module that is not a plain RNN.
        case nonlinearity
    }

    /// What was being read.
    public var stage: Stage
    /// What the messages call the file.
    public var name: String
    /// The module's key prefix, once known.
    public var prefix: String?
    /// What was wrong and what to do, without the file's name.
    public var message: String

    /// Creates an error.
    public init(_ stage: Stage, name: String, prefix: String? = nil, message: String) {
        self.stage = stage
        self.name = name
        self.prefix = prefix
        self.message = message
    }

    /// The message after the file's name (`FILE: ...`), or alone when it names the file itself.
    public var description: String { stage == .nonlinearity ? message : "\(name): \(message)" }

    /// The error as the engine's other readers throw it: a ``SafeTensorsError`` for the file
    /// and its header, a ``NetworkError`` for the rest.
    public var plainError: any Error {
        stage == .file ? SafeTensorsError(description) : NetworkError(description)
    }
}
