/// A recurrent module read from a safetensors checkpoint: the network, the module's own
/// tensors, and what the file says of itself.
///
/// The file may be a bare `nn.RNN`/`nn.LSTM`/`nn.GRU`'s state dict or a whole model's,
/// whose recurrent module is found by its keys (``RecurrentNetwork/modulePrefix(among:named:)``).
/// Only the header and the module's tensors are read, so a large embedding beside a small
/// LSTM costs nothing; a byte limit counts those bytes, not the file's.
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

    /// The element type of the module's tensors in the file, when they all have one.
    public var dtype: TensorDType? {
        let cell = RecurrentNetwork.isCellModule(among: file.names, prefix: prefix)
        let own = file.names.filter { name in
            name.hasPrefix(prefix)
                && RecurrentNetwork.parameterName(String(name.dropFirst(prefix.count)), cell: cell).flatMap(stateDict.index(of:)) != nil
        }
        let types = Set(own.compactMap { file.dtypes[$0] })
        return types.count == 1 ? types.first : nil
    }

    /// Reads the module `module` (its key prefix, e.g. `encoder`; nil for the only one) of
    /// the safetensors file at `path`.
    ///
    /// - Parameters:
    ///   - name: what the messages call the file (default: `path`).
    ///   - nonlinearity: a plain RNN's φ; nil takes the one the file records, else tanh.
    ///   - byteLimit: the most bytes to read (the header and the module's tensors); the
    ///     file itself may be larger.
    ///   - shouldStop: asked every so often; when it says so, this throws ``NetworkError/stopped``.
    public init(
        path: String, name: String? = nil, module: String? = nil, nonlinearity: Activation? = nil,
        byteLimit: Int? = nil, shouldStop: ShouldStop? = nil
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
        let bytesRead = reader.header.bytesRead(reading: wanted)
        if let byteLimit, bytesRead > byteLimit {
            let module = prefix.isEmpty ? "the module's tensors" : "the \(prefix.dropLast()) module's tensors"
            throw CheckpointError(.size, name: name, prefix: prefix, message: "the header and \(module) are \(Self.mebibytes(bytesRead)); "
                + "at most \(Self.mebibytes(byteLimit)) of a checkpoint is read (the file's other tensors do not count)")
        }
        let file: SafeTensorsFile
        do { file = try reader.read(wanted, shouldStop: shouldStop) } catch let error as SafeTensorsError {
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
    }

    /// What reading the checkpoint assumed or found, for the command that read it: that a
    /// cell's tensors were read as a 1-layer module's (``cellNote(for:)``), then
    /// ``CheckpointNote/notes(network:stateDict:recorded:asked:reader:)``.
    public func notes(for reader: CheckpointNote.Reader) -> [CheckpointNote] {
        (cellNote(for: reader).map { [$0] } ?? [])
            + CheckpointNote.notes(network: network, stateDict: stateDict, recorded: file.recordedNonlinearity, asked: askedNonlinearity, reader: reader)
    }

    /// When the module is an `nn.LSTMCell` (or RNN or GRU cell), whose `weight_ih`, ... are
    /// read as a 1-layer module's `weight_ih_l0`, ... (``RecurrentNetwork/isCellModule(among:prefix:)``),
    /// a note saying so and under which names the reader writes them; nil for a module.
    func cellNote(for reader: CheckpointNote.Reader) -> CheckpointNote? {
        guard RecurrentNetwork.isCellModule(among: file.names, prefix: prefix) else { return nil }
        let module = "nn." + network.kind.rawValue.uppercased()
        let tensors = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"].filter { file.names.contains(prefix + $0) }
        let names = reader == .load ? "save writes them under those names" : "grads names them so"
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
