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
            sizes, layers and directions follow from the shapes. A plain RNN cannot say whether it \
            used tanh or relu: give --nonlinearity relu when it did. The model is named after the \
            file unless --name says otherwise, becomes the current model and reads the current input.
            """,
        example: "load lstm_small.safetensors --name small",
        positionals: [PositionalSpec("file", kind: .file, summary: "a .safetensors file")],
        options: [
            .value("nonlinearity", kind: .choice(["tanh", "relu"]), summary: "an RNN's nonlinearity", defaultValue: "tanh"),
            .value("name", kind: .text, summary: "what to call the model (default: the file's name)"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            let path = arguments.string("file") ?? ""
            let resolved = try FileAccess.resolve(path, roots: session.record.allowedFileRoots, command: "load", forWriting: false)
            guard let size = FileAccess.size(of: resolved) else { throw LabError("load: \(path): cannot read the file") }
            guard size <= FileAccess.maximumLoadSize else {
                throw LabError("load: \(path) is \(size) bytes; the lab loads checkpoints up to \(FileAccess.maximumLoadSize) bytes")
            }
            let network: RecurrentNetwork
            do {
                let file = try SafeTensors.read(path: resolved)
                let nonlinearity = Activation(rawValue: arguments.string("nonlinearity") ?? "tanh") ?? .tanh
                network = try RecurrentNetwork(stateDict: file.tensors, nonlinearity: nonlinearity)
            } catch {
                let message = String(describing: error).replacing(resolved + ": ", with: "")
                throw LabError("load: \(path): \(message)")
            }
            var state = session.state
            let stem = baseName(path)
            let name: String
            if let given = arguments.string("name") {
                name = try validModelName(given)
            } else if let fromFile = try? validModelName(stem) {
                name = fromFile
            } else {
                name = state.freshModelName(network.kind.rawValue)
            }
            var model = LabModel(name: name, settings: nil, network: network)
            model.sourceFile = path
            state.models.removeAll { $0.name == name }
            state.models.append(model)
            state.currentModelName = name
            let notes = try state.refreshPass(named: name, shouldStop: session.isInterrupted)
            session.commit(state)
            session.addFacets(["load:\(name) kind=\(network.kind.rawValue) hidden=\(network.hiddenSize) layers=\(network.numLayers)"])
            var blocks: [Block] = [.prose("Loaded **\(name)** from \(path): \(ModelFactory.describe(network)) — \(ParameterCount(network).total) parameters.")]
            blocks += notes.map { .note($0) }
            return blocks
        }
    )
}

/// `dir/lstm_small.safetensors` → `lstm_small`.
func baseName(_ path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
    return String(file[..<dot])
}
