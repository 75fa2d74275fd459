import Foundation
import Testing
@testable import RNNEngine

@Suite("safetensors")
struct SafeTensorsTests {
    /// A file from header text and data bytes.
    static func file(_ header: String, _ data: [UInt8]) -> [UInt8] {
        let headerBytes = Array(header.utf8)
        var bytes = (0..<8).map { UInt8((UInt64(headerBytes.count) >> (8 * UInt64($0))) & 0xFF) }
        bytes += headerBytes
        return bytes + data
    }

    /// A file of named tensors, each with its dtype, shape and little-endian data.
    static func file(_ tensors: [(name: String, dtype: String, shape: [Int], data: [UInt8])]) -> [UInt8] {
        var offset = 0
        let entries = tensors.map { tensor in
            defer { offset += tensor.data.count }
            return "\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(offset + tensor.data.count)]}"
        }
        return file("{" + entries.joined(separator: ",") + "}", tensors.flatMap(\.data))
    }

    /// A tensor's values as F64 data.
    static func float64Bytes(_ tensor: Tensor) -> [UInt8] {
        tensor.values.flatMap { value in (0..<8).map { UInt8((value.bitPattern >> (8 * UInt64($0))) & 0xFF) } }
    }

    static func message(_ bytes: [UInt8]) -> String? {
        do { _ = try SafeTensors.decode(bytes); return nil } catch { return "\(error)" }
    }

    @Test("F64 round-trips exactly and F32 rounds to float")
    func roundTrip() throws {
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, seed: 3)
        let f64 = try SafeTensors.decode(try SafeTensors.encode(network.parameters, metadata: ["format": "pt"]))
        #expect(try RecurrentNetwork(stateDict: f64.tensors) == network)
        #expect(f64.metadata["format"] == "pt")
        let f32 = try SafeTensors.decode(try SafeTensors.encode(network.parameters, dtype: .f32))
        #expect(f32.dtypes["weight_hh_l1_reverse"] == .f32)
        #expect(f32.tensors["bias_ih_l0"]!.values == network.parameters["bias_ih_l0"]!.values.map { Double(Float($0)) })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-roundtrip-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors.write(network.parameters, to: path)
        #expect(try RecurrentNetwork(safetensorsPath: path) == network)
    }

    @Test("a plain RNN's recorded nonlinearity is read back; an argument overrides it")
    func recordedNonlinearity() throws {
        let network = try RecurrentNetwork(kind: .rnn, inputSize: 2, hiddenSize: 3, nonlinearity: .relu, seed: 4)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-relu-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors.write(network.parameters, to: path, metadata: ["format": "pt", "nonlinearity": "relu"])
        #expect(try RecurrentNetwork(safetensorsPath: path).nonlinearity == .relu)
        #expect(try RecurrentNetwork(safetensorsPath: path, nonlinearity: .tanh).nonlinearity == .tanh)
        try SafeTensors.write(network.parameters, to: path, metadata: ["format": "pt", "nonlinearity": "gelu"])
        #expect(try RecurrentNetwork(safetensorsPath: path).nonlinearity == .tanh, "an unknown record is ignored")
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, seed: 4)
        try SafeTensors.write(lstm.parameters, to: path)
        #expect(throws: NetworkError.self) { try RecurrentNetwork(safetensorsPath: path, nonlinearity: .relu) }
    }

    @Test("a bias=False state dict reads as zero biases and computes the same; proj_size is refused by name")
    func withoutBiases() throws {
        var network = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true, seed: 5)
        var withoutBiases = network.parameters
        for name in network.parameters.names where name.hasPrefix("bias_") {
            withoutBiases[name] = nil
            network.parameters[name] = Tensor(zeros: network.parameters[name]!.shape)
        }
        #expect(RecurrentNetwork.hasNoBiases(withoutBiases))
        #expect(!RecurrentNetwork.hasNoBiases(network.parameters))
        var loaded = try RecurrentNetwork(stateDict: withoutBiases)
        #expect(loaded.parameters == network.parameters)
        // it has no biases as PyTorch's module has none: not counted, not written back, not settable
        #expect(!loaded.hasBiases && network.hasBiases)
        #expect(loaded.stateDict == withoutBiases)
        #expect(ParameterCount(loaded).total == withoutBiases.elementCount)
        #expect(throws: NetworkError.self) { try loaded.setParameterElement("bias_ih_l0", index: [0], to: 1) }
        try loaded.setParameterElement("weight_ih_l0", index: [0, 0], to: 1)
        var partial = withoutBiases
        partial["bias_ih_l0"] = network.parameters["bias_ih_l0"]
        #expect(throws: NetworkError.self) { try RecurrentNetwork(stateDict: partial) }  // some biases: not bias=False

        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 4, seed: 5)
        var projected = lstm.parameters
        projected["weight_hr_l0"] = Tensor(zeros: [2, 4])
        let error = #expect(throws: NetworkError.self) { try RecurrentNetwork(stateDict: projected) }
        #expect(error?.message.contains("proj_size") == true)
        #expect(error?.message.hasSuffix("; load an LSTM made without proj_size") == true, "\(String(describing: error))")
    }

    @Test("an LSTM with proj_size read from a file is refused as such, at the top level and inside a model")
    func projectionFromAFile() throws {
        // nn.LSTM(3, 8, proj_size=2): W_hh is (4·8, 2), so its rows are no multiple of H = 2 that names a cell.
        let projected = ParameterSet([
            ("weight_ih_l0", Tensor(zeros: [32, 3])), ("weight_hh_l0", Tensor(zeros: [32, 2])),
            ("bias_ih_l0", Tensor(zeros: [32])), ("bias_hh_l0", Tensor(zeros: [32])), ("weight_hr_l0", Tensor(zeros: [2, 8])),
        ])
        let nested = ParameterSet(projected.pairs.map { ("encoder.\($0.name)", $0.tensor) } + [("head.weight", Tensor(zeros: [1, 2]))])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-projection-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for stateDict in [projected, nested] {
            try SafeTensors.write(stateDict, to: path)
            let error = #expect(throws: NetworkError.self) { try RecurrentNetwork(safetensorsPath: path) }
            #expect(error?.message.contains("`weight_hr_l0`: an LSTM with proj_size > 0") == true, "\(String(describing: error))")
        }
    }

    @Test("tensors of a type rnnlab does not read are named, not read; only the recurrent module's own must be floating point")
    func otherTypesOutsideTheModule() throws {
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 3, seed: 6)
        let counter = (name: "bn.num_batches_tracked", dtype: "I64", shape: [Int](), data: [UInt8](repeating: 0, count: 8))
        let mask = (name: "attention.mask", dtype: "BOOL", shape: [4], data: [UInt8]([1, 0, 1, 1]))
        var tensors = [counter, mask] + gru.parameters.pairs.map { (name: "rnn." + $0.name, dtype: "F64", shape: $0.tensor.shape, data: Self.float64Bytes($0.tensor)) }
        let decoded = try SafeTensors.decode(Self.file(tensors))
        #expect(decoded.dtypes["bn.num_batches_tracked"] == .i64)
        #expect(decoded.tensors["bn.num_batches_tracked"] == nil && decoded.tensors["attention.mask"] == nil)
        #expect(decoded.tensors.count == 4)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-integers-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Self.file(tensors)).write(to: URL(fileURLWithPath: path))
        #expect(try RecurrentNetwork(safetensorsPath: path) == gru)

        // The module's own W_hh as 64-bit integers: refused by name.
        let recurrent = try #require(tensors.firstIndex { $0.name == "rnn.weight_hh_l0" })
        tensors[recurrent].dtype = "I64"
        try Data(Self.file(tensors)).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: NetworkError.self) { try RecurrentNetwork(safetensorsPath: path) }
        #expect(error?.message.contains("tensor `rnn.weight_hh_l0`: unsupported dtype I64; rnnlab reads F64, F32, F16 and BF16") == true,
                "\(String(describing: error))")
    }

    @Test("keys of the module that look like recurrent tensors but are not PyTorch's names are refused by name, a pruned module's as such")
    func misnamedAndPrunedTensors() throws {
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 4, seed: 7)
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, numLayers: 2, seed: 7)
        func renamed(_ network: RecurrentNetwork, _ rename: (String) -> [String]) -> ParameterSet {
            ParameterSet([("embed.weight", Tensor(zeros: [5, 3]))] + network.parameters.pairs.flatMap { pair in
                rename(pair.name).map { ("rnn." + $0, pair.tensor) }
            })
        }
        // torch.nn.utils.prune saves `name_orig` and `name_mask` in place of `name`.
        func pruned(_ names: Set<String>) -> (String) -> [String] { { names.contains($0) ? [$0 + "_orig", $0 + "_mask"] : [$0] } }
        let cases: [(String, ParameterSet, [String])] = [
            ("one pruned bias", renamed(gru, pruned(["bias_ih_l0"])),
             ["`rnn.bias_ih_l0_orig`, `rnn.bias_ih_l0_mask` are the tensors of a pruned module", #"torch.nn.utils.prune.remove(module, "bias_ih_l0")"#]),
            ("every bias pruned", renamed(gru, pruned(["bias_ih_l0", "bias_hh_l0"])),
             ["`rnn.bias_hh_l0_mask` are the tensors of a pruned module", "not its `rnn.bias_ih_l0`, `rnn.bias_hh_l0`"]),
            ("a pruned recurrent weight", renamed(gru, pruned(["weight_hh_l0"])),
             ["`rnn.weight_hh_l0_orig` is the tensor of a pruned module", #"torch.nn.utils.prune.remove(module, "weight_hh_l0")"#]),
            ("b_ for bias_", renamed(gru) { [$0.replacing("bias_", with: "b_")] },
             ["`rnn.b_ih_l0`, `rnn.b_hh_l0` look like recurrent tensors but are not ones rnnlab reads", "bias_ih_l{k}"]),
            ("_layer1 for _l1", renamed(lstm) { [$0.replacing("_l1", with: "_layer1")] },
             ["`rnn.weight_ih_layer1`, `rnn.weight_hh_layer1`, `rnn.bias_ih_layer1`, `rnn.bias_hh_layer1` look like", "weight_ih_l{k}"]),
        ]
        try expectRefusals(cases, file: "misnamed")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-nested-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A module nested inside, and tensors elsewhere in the model, are not the module's own.
        var whole = renamed(gru) { [$0] }
        whole["rnn.attention.weight_orig"] = Tensor(zeros: [1])
        whole["head.bias_extra"] = Tensor(zeros: [1])
        try SafeTensors.write(whole, to: path)
        #expect(try RecurrentNetwork(safetensorsPath: path) == gru)
    }

    @Test("a cell's keys beside a module's at one level are two modules, and a missing middle layer is named as missing")
    func twoModulesAndMissingLayers() throws {
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 4, numLayers: 3, bidirectional: true, seed: 7)
        let cell = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 7)
        let cellKeys = cell.parameters.pairs.map { (String($0.name.dropLast("_l0".count)), $0.tensor) }
        let cases: [(String, ParameterSet, [String])] = [
            ("a cell beside a module", ParameterSet(cellKeys + cell.parameters.pairs.map { ($0.name, $0.tensor) }),
             ["two recurrent modules at its top level", "`weight_hh`", "weight_ih_l0", "--module"]),
            ("under a prefix", ParameterSet((cellKeys + cell.parameters.pairs.map { ($0.name, $0.tensor) }).map { ("enc." + $0.0, $0.1) }),
             ["two recurrent modules under enc.", "enc.weight_ih_l0"]),
            ("layers 0 and 2", ParameterSet(gru.parameters.pairs.filter { !$0.name.contains("_l1") }.map { ($0.name, $0.tensor) }),
             ["layer 1 is missing", "layers 0, 2", "weight_ih_l1", "num_layers=3"]),
        ]
        try expectRefusals(cases, file: "gaps")
    }

    @Test("an nn.RNNCell's, nn.LSTMCell's or nn.GRUCell's state dict reads as a 1-layer module of that kind, alone or inside a model")
    func cellStateDicts() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-cell-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        for kind in CellKind.allCases {
            let network = try RecurrentNetwork(kind: kind, inputSize: 3, hiddenSize: 4, seed: 8)
            let cell = ParameterSet(network.parameters.pairs.map { (String($0.name.dropLast("_l0".count)), $0.tensor) })
            #expect(cell.names == ["weight_ih", "weight_hh", "bias_ih", "bias_hh"])
            try SafeTensors.write(cell, to: path)
            #expect(try RecurrentNetwork(safetensorsPath: path) == network, "\(kind)")
            let whole = ParameterSet([("embed.weight", Tensor(zeros: [5, 3]))] + cell.pairs.map { ("cell." + $0.name, $0.tensor) })
            #expect(RecurrentNetwork.recurrentModules(in: whole) == ["cell."])
            try SafeTensors.write(whole, to: path)
            #expect(try RecurrentNetwork(safetensorsPath: path) == network, "\(kind) inside a model")
        }
        // A cell made with bias=False has no biases here either.
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 3, seed: 8)
        try SafeTensors.write(ParameterSet([("weight_ih", gru.parameters["weight_ih_l0"]!), ("weight_hh", gru.parameters["weight_hh_l0"]!)]), to: path)
        #expect(try !RecurrentNetwork(safetensorsPath: path).hasBiases)
    }

    @Test("a module with weight norm, torch.nn.utils' or its parametrizations', is refused as such with the call that removes it")
    func weightNorm() throws {
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 9)
        func normed(_ parameter: String, _ split: @escaping (String) -> [String]) -> ParameterSet {
            ParameterSet([("head.weight", Tensor(zeros: [1, 4]))] + lstm.parameters.pairs.flatMap { pair in
                (pair.name == parameter ? split(pair.name) : [pair.name]).map { ("lstm." + $0, pair.tensor) }
            })
        }
        let old: (String) -> [String] = { [$0 + "_g", $0 + "_v"] }
        let new: (String) -> [String] = { ["parametrizations.\($0).original0", "parametrizations.\($0).original1"] }
        let cases: [(String, ParameterSet, [String])] = [
            ("weight_norm of W_hh", normed("weight_hh_l0", old),
             ["`lstm.weight_hh_l0_g`, `lstm.weight_hh_l0_v` are the tensors of a module with weight norm (torch.nn.utils.weight_norm)",
              #"call torch.nn.utils.remove_weight_norm(module, "weight_hh_l0") before saving"#]),
            ("weight_norm of W_ih", normed("weight_ih_l0", old),
             ["`lstm.weight_ih_l0_g`, `lstm.weight_ih_l0_v` are the tensors", #"torch.nn.utils.remove_weight_norm(module, "weight_ih_l0")"#]),
            ("parametrizations.weight_norm of W_hh", normed("weight_hh_l0", new),
             ["`lstm.parametrizations.weight_hh_l0.original0`, `lstm.parametrizations.weight_hh_l0.original1` are the tensors of a module "
                + "with weight norm (torch.nn.utils.parametrizations.weight_norm)",
              #"call torch.nn.utils.parametrize.remove_parametrizations(module, "weight_hh_l0") before saving"#]),
            ("parametrizations.weight_norm of W_ih", normed("weight_ih_l0", new),
             ["`lstm.parametrizations.weight_ih_l0.original0`", #"remove_parametrizations(module, "weight_ih_l0")"#]),
        ]
        try expectRefusals(cases, file: "weightnorm")
    }

    @Test("a module with spectral norm, torch.nn.utils' or its parametrizations', is refused as such, not as pruned or misnamed")
    func spectralNorm() throws {
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 4, seed: 9)
        func normed(_ parameter: String, _ split: @escaping (String) -> [String]) -> ParameterSet {
            ParameterSet([("head.weight", Tensor(zeros: [1, 4]))] + gru.parameters.pairs.flatMap { pair in
                (pair.name == parameter ? split(pair.name) : [pair.name]).map { ("rnn." + $0, pair.tensor) }
            })
        }
        // the vectors u and v of the power iteration are saved beside the original weight
        let old: (String) -> [String] = { [$0 + "_orig", $0 + "_u", $0 + "_v"] }
        let new: (String) -> [String] = { ["parametrizations.\($0).original", "parametrizations.\($0).0._u", "parametrizations.\($0).0._v"] }
        let cases: [(String, ParameterSet, [String])] = [
            ("spectral_norm of W_hh", normed("weight_hh_l0", old),
             ["no recurrent module with its weight_hh_l0: `rnn.weight_hh_l0_orig`, `rnn.weight_hh_l0_u`, `rnn.weight_hh_l0_v` are the tensors "
                + "of a module with spectral norm (torch.nn.utils.spectral_norm), not its `rnn.weight_hh_l0`",
              #"call torch.nn.utils.remove_spectral_norm(module, "weight_hh_l0") before saving"#]),
            ("spectral_norm of W_ih", normed("weight_ih_l0", old),
             ["`rnn.weight_ih_l0_orig`, `rnn.weight_ih_l0_u`, `rnn.weight_ih_l0_v` are the tensors of a module with spectral norm",
              #"torch.nn.utils.remove_spectral_norm(module, "weight_ih_l0")"#]),
            ("parametrizations.spectral_norm of W_hh", normed("weight_hh_l0", new),
             ["`rnn.parametrizations.weight_hh_l0.original`, `rnn.parametrizations.weight_hh_l0.0._u`, `rnn.parametrizations.weight_hh_l0.0._v` "
                + "are the tensors of a module with spectral norm (torch.nn.utils.parametrizations.spectral_norm)",
              #"call torch.nn.utils.parametrize.remove_parametrizations(module, "weight_hh_l0") before saving"#]),
            ("parametrizations.spectral_norm of W_ih", normed("weight_ih_l0", new),
             ["`rnn.parametrizations.weight_ih_l0.original`", #"remove_parametrizations(module, "weight_ih_l0")"#]),
        ]
        try expectRefusals(cases, file: "spectralnorm")
    }

    @Test("a module with weight drop (AWD-LSTM, fastai) is told to save its raw weight under the module's own name")
    func weightDrop() throws {
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 9)
        // fastai's WeightDropout: `rnns.0.weight_hh_l0_raw` beside the wrapped `rnns.0.module.`, which lacks its weight_hh_l0
        let wrapped = ParameterSet(lstm.parameters.pairs.map { pair in
            pair.name == "weight_hh_l0" ? ("rnns.0.weight_hh_l0_raw", pair.tensor) : ("rnns.0.module." + pair.name, pair.tensor)
        })
        // the raw weight inside the module, beside the weight it was copied to
        let beside = ParameterSet(lstm.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }
            + [("rnn.weight_hh_l0_raw", try #require(lstm.parameter("weight_hh_l0")))])
        let cases: [(String, ParameterSet, [String])] = [
            ("weight_hh_l0 only as the wrapper's raw weight", wrapped,
             ["no recurrent module with its weight_hh_l0: `rnns.0.weight_hh_l0_raw` is the weight before dropout of a module with weight drop",
              "save it under the module's own name in place of any copy with dropout, `rnns.0.weight_hh_l0_raw` as `rnns.0.module.weight_hh_l0`"]),
            ("the raw weight beside the module's", beside,
             ["`rnn.weight_hh_l0_raw` is the weight before dropout", "`rnn.weight_hh_l0_raw` as `rnn.weight_hh_l0`"]),
        ]
        try expectRefusals(cases, file: "weightdrop")
    }

    @Test("a file of no tensors says so, and --module on a file whose module is at the top level says to leave it out")
    func noTensorsAndTopLevelModule() throws {
        for header in ["{}", #"{"__metadata__":{"format":"pt"}}"#] {
            let file = try SafeTensors.decode(Self.file(header, []))
            let error = #expect(throws: NetworkError.self) { try RecurrentNetwork.modulePrefix(among: file.names, named: nil) }
            #expect(error?.message.hasPrefix("no tensors: the file's header lists none") == true, "\(String(describing: error))")
        }
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, seed: 1)
        let error = #expect(throws: NetworkError.self) { try RecurrentNetwork.modulePrefix(in: lstm.parameters, named: "rnn") }
        #expect(error?.message == "no recurrent module rnn: the file's recurrent module is at the top level (its keys are weight_ih_l0, "
                + "weight_hh_l0, … with no module's name before them); leave out --module", "\(String(describing: error))")
    }

    @Test("weights that are NaN or infinite are counted by tensor")
    func nonFiniteWeights() throws {
        var network = try RecurrentNetwork(kind: .rnn, inputSize: 1, hiddenSize: 2, seed: 1)
        #expect(network.nonFiniteParameters.count == 0)
        network.parameters[index: 1].values[0] = .nan
        network.parameters[index: 3].values[1] = -.infinity
        #expect(network.nonFiniteParameters.count == 2)
        #expect(network.nonFiniteParameters.tensors == ["weight_hh_l0", "bias_hh_l0"])
    }

    @Test("a folder, a device and a named pipe are refused without reading or waiting")
    func notRegularFiles() throws {
        let pipe = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-pipe-\(getpid())").path
        unlink(pipe)
        #expect(mkfifo(pipe, 0o600) == 0)
        defer { unlink(pipe) }
        // A pipe with no writer would block a plain open forever.
        for path in [pipe, "/dev/zero", FileManager.default.temporaryDirectory.path] {
            #expect {
                _ = try SafeTensors.read(path: path)
            } throws: { error in
                "\(error)".contains("\(path): not a regular file")
            }
        }
    }

    @Test("F16 and BF16 are widened exactly")
    func halfPrecision() throws {
        // F16: 1.0, −2.0, 0.5, smallest subnormal 2^−24; BF16: 1.0, −3.0.
        let data: [UInt8] = [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38, 0x01, 0x00, 0x80, 0x3F, 0x40, 0xC0]
        let header = #"{"h":{"dtype":"F16","shape":[2,2],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[8,12]}}"#
        let decoded = try SafeTensors.decode(Self.file(header, data))
        #expect(decoded.tensors["h"]!.values == [1, -2, 0.5, 0x1.0p-24])
        #expect(decoded.tensors["h"]!.shape == [2, 2])
        #expect(decoded.tensors["b"]!.values == [1, -3])
    }

    @Test("F16 and BF16 are written rounded to nearest, ties to even, from the F32 value; they read back as written")
    func halfPrecisionWriting() throws {
        var generator = SeededGenerator(seed: 16)
        var floats: [Float] = [0, -0, 1, -1, 65504, 65519, 65520, -65520, 0x1p-24, 0x1p-25, 0x1.8p-24, 0x1p-14, 0x1.ff8p-15, .infinity, -.infinity,
                               .greatestFiniteMagnitude, .leastNonzeroMagnitude, 0x1.fffep127, 0x1.ff8p127]
        for _ in 0..<200_000 { floats.append(Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))) }
        for value in floats where !value.isNaN {
            #if !(os(macOS) && arch(x86_64))
            #expect(TensorDType.halfBits(value) == Float16(value).bitPattern, "F16 of \(value)")
            #endif
            // bfloat16: the nearer of the two neighbours that keep 8 significant bits, the even one on a tie
            let bits = value.bitPattern
            let below = Float(bitPattern: bits & 0xFFFF_0000), above = Float(bitPattern: (bits & 0xFFFF_0000) &+ 0x1_0000)
            let distanceBelow = abs(Double(value) - Double(below)), distanceAbove = abs(Double(value) - Double(above))
            let expected = distanceBelow < distanceAbove || (distanceBelow == distanceAbove && (bits >> 16) & 1 == 0) ? below : above
            let got = Float(bitPattern: UInt32(TensorDType.bfloat16Bits(value)) << 16)
            #expect(got.bitPattern == expected.bitPattern || (value.magnitude > 0x1.fep127 && got.isInfinite), "BF16 of \(value)")
        }
        #expect(TensorDType.halfBits(.nan) & 0x7E00 == 0x7E00, "NaN stays a quiet NaN")
        #expect(Float(bitPattern: UInt32(TensorDType.bfloat16Bits(-.nan)) << 16).isNaN)

        let tensors = ParameterSet([("w", Tensor(shape: [5], values: [1 + 0x1p-11, 70000, -1e6, .infinity, 0.1])!)])
        let decoded = try SafeTensors.decode(try SafeTensors.encode(tensors, dtype: .f16))
        #expect(decoded.dtypes["w"] == .f16)
        #expect(decoded.tensors["w"]?.values == [1, .infinity, -.infinity, .infinity, TensorDType.f16.rounded(0.1)])
        #expect(SafeTensors.overflowCount(tensors, as: .f16) == 2, "an infinity already there is no overflow")
        #expect(SafeTensors.overflowCount(tensors, as: .bf16) == 0)
        #expect(try SafeTensors.decode(try SafeTensors.encode(tensors, dtype: .bf16)).tensors["w"]?.values[0] == 1)
        #expect(throws: SafeTensorsError.self) { try SafeTensors.encode(tensors, dtype: .i32) }
    }

    @Test("a transposed input weight is named as such, not reported against a size taken from it")
    func transposedInputWeight() throws {
        var parameters = try RecurrentNetwork(kind: .rnn, inputSize: 3, hiddenSize: 5, seed: 1).parameters
        parameters["weight_ih_l0"] = Tensor(zeros: [3, 5])
        let error = #expect(throws: NetworkError.self) { try RecurrentNetwork(stateDict: parameters) }
        #expect(error?.message.contains("has shape (3, 5), expected (5, input_size): as many rows as weight_hh_l0 (transposed?)") == true,
                "\(String(describing: error))")
    }

    @Test("a whole model's state dict: its recurrent modules by prefix, each read as its own state dict")
    func modulesOfAWholeModel() throws {
        let encoder = try RecurrentNetwork(kind: .lstm, inputSize: 4, hiddenSize: 3, numLayers: 2, bidirectional: true, layerNorm: true, seed: 1)
        let decoder = try RecurrentNetwork(kind: .gru, inputSize: 6, hiddenSize: 2, seed: 2)
        var whole = ParameterSet([("embed.weight", Tensor(zeros: [10, 4]))])
        for (name, tensor) in zip(encoder.parameters.names, encoder.parameters.tensors) { whole["model.encoder.\(name)"] = tensor }
        for (name, tensor) in zip(decoder.parameters.names, decoder.parameters.tensors) { whole["decoder.\(name)"] = tensor }
        // a module nested inside the decoder's prefix is not part of the decoder
        whole["decoder.attention.weight_hh_l0"] = Tensor(zeros: [3, 3])
        whole["head.weight"] = Tensor(zeros: [10, 2])
        #expect(RecurrentNetwork.recurrentModules(in: whole) == ["model.encoder.", "decoder.", "decoder.attention."])
        #expect(RecurrentNetwork.moduleStateDict(whole, prefix: "model.encoder.") == encoder.parameters)
        #expect(RecurrentNetwork.moduleStateDict(whole, prefix: "decoder.") == decoder.parameters)
        #expect(try RecurrentNetwork(stateDict: RecurrentNetwork.moduleStateDict(whole, prefix: "decoder.")) == decoder)
        // An empty name is the top level: refused when the model has no module there, read when it has.
        let empty = #expect(throws: NetworkError.self) { try RecurrentNetwork.modulePrefix(in: whole, named: "") }
        #expect(empty?.message == "no recurrent module at the top level, which an empty --module names; give a module's name "
                + "(the recurrent modules are model.encoder, decoder, decoder.attention: --module model.encoder)")
        var topAndNested = encoder.parameters
        for (name, tensor) in decoder.parameters.pairs { topAndNested["decoder." + name] = tensor }
        #expect(try RecurrentNetwork.modulePrefix(in: topAndNested, named: "") == "")
        let several = #expect(throws: NetworkError.self) { try RecurrentNetwork.modulePrefix(in: topAndNested, named: nil) }
        #expect(several?.message == #"2 recurrent modules, (the top level), decoder; choose one with --module "" or --module decoder"#)
        #expect(RecurrentNetwork.recurrentModules(in: encoder.parameters) == [""])
        #expect(RecurrentNetwork.moduleStateDict(encoder.parameters, prefix: "") == encoder.parameters)
        // a name that only ends like one is not a module
        #expect(RecurrentNetwork.recurrentModules(in: ParameterSet([("myweight_hh_l0", Tensor(zeros: [1, 1]))])).isEmpty)
    }

    @Test("a reader reads only the tensors asked for, counts the bytes it reads, and reads a whole file as decode does")
    func readerReadsWhatItIsAskedFor() throws {
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 3, seed: 8)
        let whole = ParameterSet([("embed.weight", Tensor(zeros: [50, 2]))] + gru.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-reader-\(getpid()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors.write(whole, to: path)
        let reader = try SafeTensorsReader(path: path)
        let wanted = reader.header.names.filter { $0.hasPrefix("rnn.") }
        let file = try reader.read(wanted)
        #expect(file.names == whole.names)
        #expect(file.tensors.names == wanted)
        #expect(RecurrentNetwork.moduleStateDict(file.tensors, prefix: "rnn.") == gru.parameters)
        #expect(reader.header.bytesRead(reading: wanted) == reader.header.dataStart + gru.parameters.elementCount * 8)
        #expect(reader.fileLength == reader.header.dataStart + whole.elementCount * 8)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(try SafeTensors.read(path: path) == SafeTensors.decode(bytes, source: path))

        #expect(CheckpointModule.mebibytes(256 << 20) == "256 MiB")
        #expect(CheckpointModule.mebibytes((256 << 20) + 1) == "256.1 MiB", "a size over the limit never reads as the limit")
        #expect(CheckpointModule.mebibytes(286_721_008) == "273.5 MiB")
    }

    @Test("malformed files give errors that name the problem")
    func malformed() {
        let eight: [UInt8] = Array(repeating: 0, count: 8)
        let one = #"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#
        let cases: [(String, [UInt8], String)] = [
            ("short file", [1, 2, 3], "truncated"),
            ("huge header length", [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0] + eight, "out of range"),
            ("header past the end", Array(Self.file(one, eight).prefix(30)), "truncated"),
            ("data truncated", Array(Self.file(one, eight).dropLast(1)), "outside"),
            ("reversed offsets", Self.file(#"{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,0]}}"#, eight),
             "tensor `a`: data_offsets [8, 0] are reversed, the end before the start"),
            ("trailing bytes", Self.file(one, eight + [0]), "does not match"),
            ("not JSON", Self.file("{oops", []), "not valid JSON"),
            ("duplicate names", Self.file(#"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}"#, eight + eight), "duplicate"),
            ("overlap", Self.file(#"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, eight), "overlap"),
            ("gap", Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, eight), "gap"),
            ("size mismatch", Self.file(#"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}"#, eight), "needs 16"),
            ("huge shape", Self.file(#"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#, eight), "more elements"),
            ("a dimension past Int", Self.file(#"{"a":{"dtype":"F64","shape":[100000000000,1e19],"data_offsets":[0,8]}}"#, eight),
             "shape [100000000000, 1e+19] has more elements"),
            ("a name of 2,000 bytes", Self.file("{\"" + String(repeating: "w", count: 2_000) + #"":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, eight),
             "a tensor name of 2000 bytes"),
            ("negative shape", Self.file(#"{"a":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}"#, eight), "non-negative integers"),
            ("a shape entry of 2^63", Self.file(#"{"a":{"dtype":"F64","shape":[9223372036854775808,0],"data_offsets":[0,0]}}"#, []),
             "tensor `a`: shape entry 9223372036854775808 is too large (at most 9007199254740992)"),
            ("a data offset of 2^63", Self.file(#"{"a":{"dtype":"F64","shape":[0],"data_offsets":[0,9223372036854775808]}}"#, []),
             "tensor `a`: data_offsets entry 9223372036854775808 is too large (at most 9007199254740992)"),
            ("unknown dtype", Self.file(#"{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,8]}}"#, eight), "unknown dtype `Q7`"),
            ("missing offsets", Self.file(#"{"a":{"dtype":"F64","shape":[1]}}"#, eight), "data_offsets"),
            ("header not an object", Self.file("[1,2]", []), "not a JSON object"),
            // torch.save's zip (PyTorch 1.6 on) and pickle (earlier) formats, by their first bytes
            ("a torch.save zip", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00] + Array(repeating: 0, count: 100),
             "this is a torch.save file (a zip archive), not safetensors; convert it in Python with `safetensors.torch.save_file(model.state_dict(), "),
            ("a torch.save zip, short", [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00] + Array(repeating: 0, count: 100), "torch.save file (a zip archive)"),
            ("a torch.save pickle", [0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8], "this is a torch.save file (a pickle)"),
            ("a tiny pickle", [0x80, 0x04, 0x4E, 0x2E], "torch.save file (a pickle)"),
        ]
        for (label, bytes, expected) in cases {
            let message = Self.message(bytes)
            #expect(message?.contains(expected) == true, "\(label): \(message ?? "loaded without error")")
            #expect((message?.count ?? 0) < 400, "\(label): a message of \(message?.count ?? 0) characters")
        }
    }

    @Test("the advice for a torch.save file names that file in the Python that converts it, quoted for Python")
    func torchSaveAdviceNamesTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-torch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + #"/my "best" \ `run`.pt"#
        try Data([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 100)).write(to: URL(fileURLWithPath: path))
        var message = ""
        do { _ = try SafeTensors.read(path: path) } catch { message = "\(error)" }
        #expect(message.contains(#"`save_file(torch.load(""# + folder + #"/my \"best\" \\ \u0060run\u0060.pt"), "model.safetensors")`"#), "\(message)")
        #expect(!message.contains("FILE"))
        // A whole saved model needs weights_only=False since PyTorch 2.6, which runs the file's code.
        #expect(message.contains(#"`save_file(torch.load(""# + folder + #"/my \"best\" \\ \u0060run\u0060.pt", weights_only=False).state_dict(), "model.safetensors")`"#),
                "\(message)")
        #expect(message.contains("only for a file you trust"), "\(message)")
        #expect(Self.message([0x80, 0x04, 0x4E, 0x2E])?.contains("`save_file(torch.load(path), ") == true, "bytes of no file")
    }

    @Test("a NumPy .npz is told apart from a torch.save zip by its .npy entries, with the Python that converts it")
    func numPyArchive() throws {
        // a zip's local file header: signature, version, flags, method, time, date, CRC, sizes, name length, extra length, name
        func zip(firstEntry name: String) -> [UInt8] {
            let bytes = Array(name.utf8)
            return [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 22) + [UInt8(bytes.count), 0, 0, 0] + bytes + Array(repeating: 0, count: 40)
        }
        let numpy = try #require(Self.message(zip(firstEntry: "weight_ih_l0.npy")))
        #expect(numpy.contains("this is a NumPy .npz file (a zip of .npy arrays, from numpy.savez), not safetensors"), "\(numpy)")
        #expect(numpy.contains("from safetensors.numpy import save_file; save_file(dict(np.load(path)), \"model.safetensors\")"), "\(numpy)")
        #expect(!numpy.contains("torch.save"), "\(numpy)")
        let torch = try #require(Self.message(zip(firstEntry: "lstm/data.pkl")))
        #expect(torch.contains("this is a torch.save file (a zip archive)"), "\(torch)")
    }

    @Test("a checkpoint of mixed dtypes is saved by default in the narrowest that holds every value exactly")
    func mixedDTypes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-mixed-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 1, hiddenSize: 1, seed: 3)
        func write(_ dtypes: [String: String]) throws -> CheckpointModule {
            let tensors = lstm.parameters.pairs.map { pair -> (name: String, dtype: String, shape: [Int], data: [UInt8]) in
                let dtype = dtypes[pair.name] ?? "F32"
                let bytes = (try? SafeTensors.encode(ParameterSet([(pair.name, pair.tensor)]), dtype: TensorDType(rawValue: dtype)!)) ?? []
                return (pair.name, dtype, pair.tensor.shape, Array(bytes.suffix(pair.tensor.count * TensorDType(rawValue: dtype)!.byteCount)))
            }
            let path = folder + "/\(dtypes.values.sorted().joined()).safetensors"
            try Data(Self.file(tensors)).write(to: URL(fileURLWithPath: path))
            return try CheckpointModule(path: path)
        }
        let halfBeside = try write(["bias_hh_l0": "F16"])
        #expect(halfBeside.dtypes == [.f32, .f16] && halfBeside.dtype == nil && halfBeside.exactDType == .f32)
        let bothHalves = try write(["weight_ih_l0": "F16", "weight_hh_l0": "BF16", "bias_ih_l0": "F16", "bias_hh_l0": "BF16"])
        #expect(bothHalves.dtypes == [.f16, .bf16] && bothHalves.exactDType == .f32, "F16 and BF16 both fit in F32, neither in the other")
        let one = try write([:])
        #expect(one.dtype == .f32 && one.exactDType == .f32)
    }

    @Test("eval's notes name what a whole model's file holds besides the module it read, as load's do")
    func leftOutTensorsAreNoted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-whole-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 2)
        let whole = ParameterSet([("emb.weight", Tensor(zeros: [10, 3]))] + lstm.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }
            + [("head.weight", Tensor(zeros: [10, 4])), ("head.bias", Tensor(zeros: [10]))])
        try SafeTensors.write(whole, to: folder + "/charlm.safetensors", dtype: .f32)
        // eval runs the module alone, and reads neither head nor embedding
        let notes = try CheckpointModule(path: folder + "/charlm.safetensors", readingHead: false).notes(for: .eval).map(\.text)
        #expect(notes.contains("read the 4 tensors under rnn.; the file's other 3 tensors, emb.weight, head.weight and head.bias, are left out"), "\(notes)")
        // a file the lab saved from a trained model, which records its task: its head is read
        try SafeTensors.write(whole, to: folder + "/trained.safetensors", dtype: .f32, metadata: ["task": "charlm"])
        let trained = try CheckpointModule(path: folder + "/trained.safetensors")
        #expect(trained.head?.outputSize == 10 && trained.head?.inputSize == 4)
        #expect(trained.notes(for: .eval).map(\.text).contains("read the 4 tensors under rnn. and the output head's 2; the file's other tensor, emb.weight, is left out"))
    }

    @Test("a token model with a weight and bias of the module's output size beside it warns that a normalization before its head is not applied")
    func normalizationBeforeTheHeadIsWarnedOf() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-norm-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 4, seed: 2)
        func model(_ extra: [(String, Tensor)]) throws -> CheckpointModule {
            let path = folder + "/model\(extra.count).safetensors"
            try SafeTensors.write(ParameterSet([("embed.weight", Tensor(zeros: [10, 3]))] + gru.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }
                + extra + [("fc.weight", Tensor(zeros: [10, 4])), ("fc.bias", Tensor(zeros: [10]))]), to: path, dtype: .f32)
            return try CheckpointModule(path: path)
        }
        let normed = try model([("ln.weight", Tensor(zeros: [4])), ("ln.bias", Tensor(zeros: [4]))])
        #expect(normed.tokenHead?.name == "fc" && normed.outputNormalizations == ["ln"])
        let warning = normed.notes(for: .load).first { $0.isWarning }
        #expect(warning?.text.hasPrefix("ln (a weight and a bias of 4, the module's output size) may be a normalization, such as nn.LayerNorm, between the module and fc") == true,
                "\(String(describing: warning))")
        // a bias alone, or a weight of another width, is no normalization of the outputs
        let other = try model([("proj.weight", Tensor(zeros: [3])), ("proj.bias", Tensor(zeros: [3])), ("scale.bias", Tensor(zeros: [4]))])
        #expect(other.tokenHead?.name == "fc" && other.outputNormalizations.isEmpty && !other.notes(for: .load).contains { $0.isWarning })
    }

    @Test("eval runs a lab-saved model's recurrent module alone, and its notes say the output head was left out")
    func evalLeavesTheSavedHeadOut() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-saved-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 2)
        let saved = ParameterSet(lstm.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }
            + [("head.weight", Tensor(zeros: [10, 4])), ("head.bias", Tensor(zeros: [10]))])
        try SafeTensors.write(saved, to: folder + "/trained.safetensors", dtype: .f32, metadata: ["task": "charlm"])
        try Data(#"{"x": [[1, 0, 0], [0, 1, 0]]}"#.utf8).write(to: URL(fileURLWithPath: folder + "/case.json"))
        let evaluation = try CaseEvaluation(weightsPath: folder + "/trained.safetensors", casePath: folder + "/case.json", nonlinearity: nil)
        let notes = evaluation.checkpointNotes.map(\.text)
        #expect(notes.contains("read the 4 tensors under rnn.; the file's other 2 tensors, head.weight and head.bias, are left out"), "\(notes)")
        #expect(!evaluation.checkpointNotes.contains { $0.isWarning }, "leaving the head out is what eval does, not a problem: \(notes)")
    }

    @Test("a Python string literal escapes quotes, backslashes, control characters and backticks, and keeps other text")
    func pythonStringLiterals() {
        #expect(SafeTensors.pythonString("model.pt") == #""model.pt""#)
        #expect(SafeTensors.pythonString(#"C:\runs\"a".pt"#) == #""C:\\runs\\\"a\".pt""#)
        #expect(SafeTensors.pythonString("a\tb\nc\rd\u{01}e\u{7F}f`g") == #""a\tb\nc\rd\u0001e\u007ff\u0060g""#)
        #expect(SafeTensors.pythonString("Modèle 'ü' 模型.pt") == #""Modèle 'ü' 模型.pt""#)
    }

    @Test("a header of 640 bytes, whose length begins 0x80 0x02 as a pickle does, is read as safetensors")
    func headerLengthLikeAPickle() throws {
        let entry = #"{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#
        let header = entry + String(repeating: " ", count: 0x280 - entry.utf8.count)
        let bytes = Self.file(header, Self.float64Bytes(Tensor(shape: [1], values: [2.5])!))
        #expect(Array(bytes.prefix(2)) == [0x80, 0x02])
        #expect(try SafeTensors.decode(bytes).tensors["a"]?.values == [2.5])
    }

    @Test("the tensor count limit is the number of tensors, __metadata__ aside")
    func tensorCountLimit() {
        func header(tensors: Int) -> String {
            let entries = (0..<tensors).map { #""t\#($0)":{"dtype":"F64","shape":[0],"data_offsets":[0,0]}"# }
            return "{" + (entries + [#""__metadata__":{"format":"pt"}"#]).joined(separator: ",") + "}"
        }
        #expect(Self.message(Self.file(header(tensors: SafeTensors.maximumTensorCount), [])) == nil)
        let over = Self.message(Self.file(header(tensors: SafeTensors.maximumTensorCount + 1), []))
        #expect(over?.contains("100001 tensors, more than 100000") == true, "\(over ?? "loaded")")
    }

    @Test("state dicts with missing or misshapen tensors are rejected by name")
    func stateDictErrors() throws {
        let network = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 4, numLayers: 2)
        var missing = network.parameters
        missing["weight_hh_l1"] = nil
        #expect(throws: NetworkError.self) { try RecurrentNetwork(stateDict: missing) }
        do { _ = try RecurrentNetwork(stateDict: missing) } catch { #expect("\(error)".contains("missing tensor `weight_hh_l1`")) }
        var misshapen = network.parameters
        misshapen["bias_ih_l1"] = Tensor(zeros: [11])
        do { _ = try RecurrentNetwork(stateDict: misshapen); Issue.record("accepted a wrong shape") } catch {
            #expect("\(error)".contains("`bias_ih_l1` has shape (11,), expected (12,)"))
        }
        var extra = network.parameters
        extra["weight_ih_l0_reverse"] = Tensor(zeros: [12, 3])
        #expect(throws: NetworkError.self) { try RecurrentNetwork(stateDict: extra) }
        var odd = ParameterSet()
        odd["weight_hh_l0"] = Tensor(zeros: [8, 4])
        do { _ = try RecurrentNetwork(stateDict: odd); Issue.record("accepted G = 2") } catch { #expect("\(error)".contains("no known cell")) }
    }

    @Test("mutated files only ever throw or load (truncation at every length, seeded byte flips)")
    func fuzz() throws {
        let path = try Fixtures.path("lstm_small", "safetensors")
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        _ = try SafeTensors.decode(original)
        for length in 0..<original.count {
            #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(Array(original.prefix(length))) }
        }
        var generator = SeededGenerator(seed: 2026)
        var loaded = 0, rejected = 0
        for _ in 0..<3000 {
            var bytes = original
            for _ in 0..<(1 + generator.integer(below: 4)) {
                // Bias flips toward the header, where the structure lives.
                let index = generator.integer(below: generator.integer(below: 2) == 0 ? min(bytes.count, 300) : bytes.count)
                bytes[index] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                let file = try SafeTensors.decode(bytes)
                loaded += 1
                do {
                    let network = try RecurrentNetwork(stateDict: file.tensors)
                    _ = try network.forward(Matrix(rows: 2, columns: network.inputSize))
                } catch is NetworkError {}
            } catch is SafeTensorsError {
                rejected += 1
            }
        }
        #expect(loaded > 0)
        #expect(rejected > 0)
    }
}

/// Writes each case's state dict to a file and expects loading it to fail with a message
/// containing every one of the case's parts.
func expectRefusals(_ cases: [(String, ParameterSet, [String])], file: String) throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-\(file)-\(getpid()).safetensors").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    for (label, stateDict, parts) in cases {
        try SafeTensors.write(stateDict, to: path)
        let error = #expect(throws: NetworkError.self, "\(label)") { try RecurrentNetwork(safetensorsPath: path) }
        for part in parts {
            #expect(error?.message.contains(part) == true, "\(label): \(String(describing: error)) lacks \(part)")
        }
    }
}
