import Foundation
import Testing
@testable import Lab
import Rendering
import RNNEngine
import TestSupport

/// `load` reads what a checkpoint says about itself and says what it had to assume.
@Suite("load")
struct LoadCommandTests {
    /// A scratch folder, removed afterwards.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-load-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test("a relu RNN saved by the lab loads as relu; a PyTorch file's RNN is tanh with a note saying so")
    func nonlinearityFromTheFile() throws {
        let folder = Folder()
        let session = Session()
        _ = session.execute("model rnn --name r --hidden 3 --activation relu")
        _ = session.execute("feed random 4")
        let before = session.execute("show h --step 2 --format csv").text
        let saved = session.execute("save \(folder.path)/r.safetensors")
        #expect(!saved.failed, "\(saved.text)")
        let loaded = session.execute("load \(folder.path)/r.safetensors --name back")
        #expect(loaded.text.contains("nonlinearity relu, as the file records"), "\(loaded.text)")
        #expect(session.state.currentModel?.network?.nonlinearity == .relu)
        #expect(session.execute("show h --step 2 --format csv").text == before, "the same states as before saving")

        let overridden = session.execute("load \(folder.path)/r.safetensors --name other --nonlinearity tanh")
        #expect(overridden.blocks.contains { if case .warning(let text) = $0 { text.contains("records nonlinearity relu") } else { false } })

        let plain = try RecurrentNetwork(kind: .rnn, inputSize: 1, hiddenSize: 3, seed: 2)
        try SafeTensors.write(plain.parameters, to: folder.path + "/torch.safetensors", metadata: ["format": "pt"])
        let assumed = session.execute("load \(folder.path)/torch.safetensors")
        #expect(assumed.text.contains("the file does not say tanh or relu: tanh is assumed"), "\(assumed.text)")
    }

    @Test("bias=False loads as zero biases with a note; NaN weights load with a warning; --nonlinearity on an LSTM is refused")
    func biasesAndBrokenWeights() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, seed: 2)
        var weightsOnly = lstm.parameters
        for name in lstm.parameters.names where name.hasPrefix("bias_") { weightsOnly[name] = nil }
        try SafeTensors.write(weightsOnly, to: folder.path + "/nobias.safetensors")
        let session = Session()
        let loaded = session.execute("load \(folder.path)/nobias.safetensors")
        #expect(!loaded.failed, "\(loaded.text)")
        #expect(loaded.text.contains("the file has no biases (a module made with bias=False), and neither has the model"), "\(loaded.text)")
        #expect(session.state.currentModel?.network?.parameters["bias_hh_l0"]?.values.allSatisfy { $0 == 0 } == true)
        #expect(loaded.text.contains("\(weightsOnly.elementCount) parameters"), "counted as PyTorch counts them")
        let params = session.execute("params").text
        #expect(params.contains("layer 0: 4·3·(2 + 3) = \(weightsOnly.elementCount)") && params.contains("bias=False"), "\(params)")
        // show weights says there are none rather than drawing zeros
        for line in ["show weights", "show weights --as table"] {
            let weights = session.execute(line).text
            #expect(weights.contains("has no biases (a module made with bias=False)") && !weights.contains("biases · layer 0"), "\(weights)")
        }
        // training leaves the biases it does not have at zero, and save writes none (the module alone, without the head training added)
        #expect(!session.execute("train adding 6 --steps 3").failed)
        let trained = try #require(session.state.currentModel?.network)
        #expect(trained.parameters.pairs.filter { $0.name.hasPrefix("bias_") }.allSatisfy { $0.tensor.values.allSatisfy { $0 == 0 } })
        #expect(trained.parameters["weight_hh_l0"] != lstm.parameters["weight_hh_l0"], "the weights did train")
        let saved = session.execute("save \(folder.path)/trained.safetensors --prefix \"\"")
        #expect(saved.text.contains(": \(weightsOnly.count) tensors, \(weightsOnly.elementCount) parameters"), "\(saved.text)")
        #expect(try SafeTensors.read(path: folder.path + "/trained.safetensors").names.allSatisfy { !$0.hasPrefix("bias_") })
        #expect(session.execute("set bias_ih_l0[0] 1").error?.message.contains("no biases") == true)

        let refused = session.execute("load \(folder.path)/nobias.safetensors --nonlinearity relu")
        #expect(refused.error?.message.contains("--nonlinearity is for a plain RNN") == true, "\(refused.text)")

        var broken = lstm.parameters
        broken[index: 0].values[1] = .infinity
        try SafeTensors.write(broken, to: folder.path + "/inf.safetensors")
        let warned = session.execute("load \(folder.path)/inf.safetensors")
        #expect(warned.blocks.contains { if case .warning(let text) = $0 { text.contains("1 weight is NaN or infinite (in weight_ih_l0)") } else { false } },
                "\(warned.text)")
    }

    /// Writes `network`'s weights without its biases, as PyTorch saves a module made with bias=False.
    private func writeWithoutBiases(_ network: RecurrentNetwork, to path: String) throws {
        try SafeTensors.write(ParameterSet(network.parameters.pairs.filter { !RecurrentNetwork.isBias($0.name) }.map { ($0.name, $0.tensor) }), to: path)
    }

    @Test("a module made with bias=False refuses a forget bias, also in compare, saying why and which model has one; relu and layer norm add no biases")
    func noBiasIsAdded() throws {
        let folder = Folder()
        try writeWithoutBiases(try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, numLayers: 2, seed: 2), to: folder.path + "/nb.safetensors")
        let session = try labSession(["load \(folder.path)/nb.safetensors", "feed --numbers \"0.5 -1 2; 1 0 0; 0 1 0\""])
        let before = try #require(session.state.currentModel?.network)
        for line in ["set forget-bias 3", "compare --forget-bias 0 3 h"] {
            let refused = session.execute(line)
            let message = refused.error?.message ?? ""
            #expect(message.contains("has no biases (its module was made with bias=False, and save writes none)"), "\(line): \(refused.text)")
            #expect(message.contains("`model lstm --input 3 --hidden 4 --layers 2 --forget-bias \(line.hasPrefix("set") ? "3" : "0")`"), "\(line): \(message)")
            #expect(session.state.currentModel?.network == before, "\(line) changed nothing")
        }
        // what the lab holds is what save writes: reloading gives the same states
        let states = session.execute("show h --format csv").text
        #expect(!session.execute("save \(folder.path)/again.safetensors").failed)
        #expect(!session.execute("load \(folder.path)/again.safetensors --name back").failed)
        #expect(session.execute("show h --format csv").text == states)

        try writeWithoutBiases(try RecurrentNetwork(kind: .rnn, inputSize: 3, hiddenSize: 4, seed: 2), to: folder.path + "/rnb.safetensors")
        let rnn = try labSession(["load \(folder.path)/rnb.safetensors", "set activation relu", "set layer-norm on",
                                  "save \(folder.path)/relu.safetensors"])
        #expect(rnn.state.currentModel?.network?.hasBiases == false)
        let names = try SafeTensors.read(path: folder.path + "/relu.safetensors").names
        #expect(!names.contains { RecurrentNetwork.isBias($0) } && names.contains("weight_hh_l0"), "\(names)")
    }

    @Test("text fed to a module whose embedding was left out is warned to be one-hot, not the whole model's numbers; numbers are not")
    func textBypassesALeftOutEmbedding() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 2)
        let rnn = lstm.parameters.pairs.map { ("encoder.rnn." + $0.name, $0.tensor) }
        let head = [("encoder.head.weight", Tensor(zeros: [10, 4])), ("encoder.head.bias", Tensor(zeros: [10]))]
        try SafeTensors.write(ParameterSet([("encoder.embed.weight", Tensor(zeros: [10, 3]))] + rnn + head), to: folder.path + "/whole.safetensors")
        try SafeTensors.write(ParameterSet(rnn + head), to: folder.path + "/plain.safetensors")
        func warnings(_ outcome: CommandOutcome) -> [String] {
            outcome.blocks.compactMap { if case .warning(let text) = $0 { text } else { nil } }
        }
        let session = try labSession(["load \(folder.path)/whole.safetensors"])
        let fed = session.execute("feed \"abc\"")
        #expect(!fed.failed, "\(fed.text)")
        let warning = warnings(fed).first { $0.contains("embedding") } ?? ""
        #expect(warning.contains("(encoder.embed.weight, 10 × 3)") && warning.contains("one-hot over the 3 symbols of \"abc\"")
                && warning.contains("not what the whole model computes"), "\(fed.text)")
        #expect(warnings(session.execute("feed --numbers \"1 0 0; 0 1 0\"")).isEmpty)

        let plain = try labSession(["load \(folder.path)/plain.safetensors"])
        #expect(warnings(plain.execute("feed \"abc\"")).isEmpty, "no embedding, nothing to warn of")
    }

    @Test("a whole model's tensors of other types (a batch norm's counter) are left out with the rest; the module's own must be floats")
    func otherTypesAreLeftOut() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 2, seed: 3)
        func bytes() -> [UInt8] {
            var tensors = [(name: "bn.weight", dtype: "F64", data: [UInt8](repeating: 0, count: 24), shape: [3])]
            tensors.append((name: "bn.num_batches_tracked", dtype: "I64", data: [UInt8](repeating: 0, count: 8), shape: []))
            for (name, tensor) in lstm.parameters.pairs {
                tensors.append((name: "lstm." + name, dtype: "F64", data: tensor.values.flatMap { value in
                    (0..<8).map { UInt8((value.bitPattern >> (8 * UInt64($0))) & 0xFF) }
                }, shape: tensor.shape))
            }
            var offset = 0
            let header = "{" + tensors.map { tensor in
                defer { offset += tensor.data.count }
                return "\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(offset + tensor.data.count)]}"
            }.joined(separator: ",") + "}"
            let length = UInt64(header.utf8.count)
            return (0..<8).map { UInt8((length >> (8 * UInt64($0))) & 0xFF) } + Array(header.utf8) + tensors.flatMap(\.data)
        }
        try Data(bytes()).write(to: URL(fileURLWithPath: folder.path + "/bn.safetensors"))
        let session = Session()
        let loaded = session.execute("load \(folder.path)/bn.safetensors")
        #expect(!loaded.failed, "\(loaded.text)")
        #expect(session.state.currentModel?.network == lstm)
        #expect(loaded.text.contains("the file's other 2 tensors, bn.weight and bn.num_batches_tracked, are left out"), "\(loaded.text)")
    }

    @Test("tensors left out are named, up to four; more are counted by the modules they belong to")
    func leftOutTensorsByName() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, seed: 5)
        // A subclass of nn.LSTM with a learned initial state `h0`, saved from a model.
        var whole = ParameterSet(lstm.parameters.pairs.map { ("lstm." + $0.name, $0.tensor) })
        whole["lstm.h0"] = Tensor(zeros: [1, 3])
        try SafeTensors.write(whole, to: folder.path + "/h0.safetensors")
        let session = Session()
        let one = session.execute("load \(folder.path)/h0.safetensors")
        #expect(!one.failed, "\(one.text)")
        #expect(one.blocks.contains(.note("read the 4 tensors under lstm.; the file's other tensor, lstm.h0, is left out")), "\(one.blocks)")
        whole["lstm.c0"] = Tensor(zeros: [1, 3])
        whole["head.weight"] = Tensor(zeros: [1, 3])
        try SafeTensors.write(whole, to: folder.path + "/h0c0.safetensors")
        let three = session.execute("load \(folder.path)/h0c0.safetensors")
        #expect(three.text.contains("the file's other 3 tensors, lstm.h0, lstm.c0 and head.weight, are left out"), "\(three.text)")
        for index in 0..<3 { whole["head.layer\(index)"] = Tensor(zeros: [1]) }
        try SafeTensors.write(whole, to: folder.path + "/more.safetensors")
        let six = session.execute("load \(folder.path)/more.safetensors")
        #expect(six.text.contains("the file's other 6 belong to lstm.h0, lstm.c0, head and are left out"), "\(six.text)")
    }

    @Test("an nn.LSTMCell's state dict loads as a 1-layer LSTM with a note saying so")
    func cellLoadsAsOneLayer() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, seed: 6)
        let cell = ParameterSet(lstm.parameters.pairs.map { ("cell." + $0.name.dropLast("_l0".count), $0.tensor) })
        try SafeTensors.write(cell, to: folder.path + "/cell.safetensors")
        let session = Session()
        let loaded = session.execute("load \(folder.path)/cell.safetensors")
        #expect(!loaded.failed, "\(loaded.text)")
        #expect(session.state.model(named: "cell")?.network == lstm)
        #expect(loaded.blocks.contains(.note("cell is an nn.LSTMCell (weight_ih, weight_hh, bias_ih, bias_hh): read as a 1-layer nn.LSTM, "
            + "whose parameters are the same, named weight_ih_l0, …; save writes the cell's names again (`save ... --names module` writes the nn.LSTM's)")),
                "\(loaded.blocks)")
        #expect(!loaded.text.contains("left out"), "\(loaded.text)")
    }

    @Test("a module whose biases were pruned is refused as pruned, never read as one made with bias=False")
    func prunedBiasesAreNotBiasFalse() throws {
        let folder = Folder()
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 4, seed: 2)
        var pruned = ParameterSet()
        for (name, tensor) in gru.parameters.pairs {
            if name.hasPrefix("bias_") {
                pruned["rnn.\(name)_orig"] = tensor
                pruned["rnn.\(name)_mask"] = Tensor(shape: tensor.shape, values: tensor.values.map { _ in 1 })!
            } else {
                pruned["rnn.\(name)"] = tensor
            }
        }
        try SafeTensors.write(pruned, to: folder.path + "/pruned.safetensors")
        let session = Session()
        let refused = session.execute("load \(folder.path)/pruned.safetensors")
        #expect(refused.failed)
        #expect(!refused.text.contains("bias=False"), "\(refused.text)")
        #expect(refused.error?.message.contains("are the tensors of a pruned module (torch.nn.utils.prune)") == true, "\(refused.text)")
        #expect(session.state.models.isEmpty)
    }

    @Test("a torch.save file is refused with the Python that converts that very file")
    func torchSaveFile() throws {
        let folder = Folder()
        let path = folder.path + "/model.pt"
        try Data([0x80, 0x02, 0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8]).write(to: URL(fileURLWithPath: path))
        let refused = Session().execute("load \(path)")
        let message = try #require(refused.error?.message)
        #expect(message.hasPrefix("load: \(path): this is a torch.save file (a pickle)"), "\(message)")
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        #expect(message.contains(#"`save_file(torch.load(""# + real + #""), "model.safetensors")`"#), "\(message)")
    }

    @Test("a file of 20,000 tensors loads, naming the rest of the model once, and Ctrl-C stops the reading")
    func manyTensors() throws {
        let folder = Folder()
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 3, seed: 4)
        var whole = ParameterSet((0..<20_000).map { ("layer\($0).weight", Tensor(zeros: [1])) })
        for (name, tensor) in gru.parameters.pairs { whole["rnn." + name] = tensor }
        let path = folder.path + "/many.safetensors"
        try SafeTensors.write(whole, to: path)

        let session = Session()
        let outcome = session.execute("load \(path)")
        #expect(!outcome.failed, "\(outcome.text)")
        #expect(outcome.text.contains("the file's other 20000 belong to layer0, layer1, layer2, layer3, layer4, layer5, … and are left out"),
                "\(outcome.text)")

        var asked = 0
        session.interruptionCheck = { asked += 1; return asked > 3 }
        let stopped = session.execute("load \(path) --name other")
        session.interruptionCheck = { false }
        #expect(stopped.error == .interrupted, "\(stopped.text)")
        #expect(asked == 4, "the reading went on after Ctrl-C")
        #expect(session.state.models.map(\.name) == ["many"], "a GRU under rnn. is named after its file")
    }

    @Test("load never replaces a model of the name it picks: it adds a number and says so; a --name in use is replaced with a note, as by model")
    func takenNames() throws {
        let folder = Folder()
        let session = Session()
        _ = session.execute("model lstm --hidden 3 --input 2 --seed 9")
        let trained = try #require(session.state.model(named: "lstm")?.network)
        let other = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 5, seed: 1)
        try SafeTensors.write(other.parameters, to: folder.path + "/lstm.safetensors")

        let loaded = session.execute("load \(folder.path)/lstm.safetensors")
        #expect(!loaded.failed, "\(loaded.text)")
        #expect(session.state.currentModel?.name == "lstm2")
        // a name that ends in a number gets its own after a _: ckpt_10_2, not ckpt_102
        try SafeTensors.write(other.parameters, to: folder.path + "/ckpt_10.safetensors")
        _ = session.execute("load \(folder.path)/ckpt_10.safetensors")
        _ = session.execute("load \(folder.path)/ckpt_10.safetensors")
        #expect(session.state.currentModel?.name == "ckpt_10_2")
        #expect(session.state.model(named: "lstm")?.network == trained, "the earlier lstm is kept")
        #expect(session.state.model(named: "lstm2")?.network == other)
        #expect(loaded.blocks.contains(.note("a model called lstm exists already, so this one is called lstm2 (`--name` chooses another)")), "\(loaded.blocks)")
        #expect(loaded.text.contains("Loaded **lstm2** from"), "\(loaded.text)")

        let again = session.execute("load \(folder.path)/lstm.safetensors")
        #expect(session.state.currentModel?.name == "lstm3", "\(again.text)")

        let replaced = session.execute("load \(folder.path)/lstm.safetensors --name lstm")
        #expect(replaced.blocks.contains(.note("the earlier model called lstm was replaced")), "\(replaced.blocks)")
        #expect(session.state.model(named: "lstm")?.network == other)
        #expect(session.state.models.map(\.name).sorted() == ["ckpt_10", "ckpt_10_2", "lstm", "lstm2", "lstm3"])
    }

    @Test("a small LSTM beside an embedding larger than the limit loads: the limit counts the header and the module's tensors, which are all it reads")
    func aSmallModuleOfALargeFile() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 5)
        let path = folder.path + "/bigemb.safetensors"
        // nn.Embedding(70000, 1024) in F32 is 286,720,000 bytes, more than the 256 MiB limit
        try writeSparseCheckpoint(path, large: [("emb.weight", "F32", [70000, 1024])], module: lstm.parameters, prefix: "rnn.")
        #expect(try #require(FileAccess.size(of: path)) > FileAccess.maximumLoadSize)
        let session = Session()
        let loaded = session.execute("load \(path)")
        #expect(!loaded.failed, "\(loaded.text)")
        #expect(session.state.currentModel?.network == lstm)
        #expect(loaded.text.contains("the file's other tensor, emb.weight, is left out"), "\(loaded.text)")

        // A module that is itself larger is refused in MiB before its data is read.
        let huge = folder.path + "/huge.safetensors"
        let wide = ParameterSet([("weight_ih_l0", Tensor(zeros: [16384, 1])), ("weight_hh_l0", Tensor(zeros: [16384, 4096])),
                                 ("bias_ih_l0", Tensor(zeros: [16384])), ("bias_hh_l0", Tensor(zeros: [16384]))])
        try writeSparseCheckpoint(huge, large: wide.pairs.map { ("rnn." + $0.name, "F32", $0.tensor.shape) }, module: ParameterSet(), prefix: "")
        let refused = session.execute("load \(huge)")
        let message = try #require(refused.error?.message)
        #expect(message.hasPrefix("load: \(huge): the header and the rnn module's tensors are 256.2 MiB; at most 256 MiB"), "\(message)")

        // Every offset is still checked against the file's length: one byte short is refused.
        #expect(truncate(path, off_t(try #require(FileAccess.size(of: path))) - 1) == 0)
        let short = session.execute("load \(path) --name short")
        let dataLength = 70000 * 1024 * 4 + lstm.parameters.elementCount * 8 - 1
        #expect(short.error?.message.contains("outside the \(dataLength)-byte data buffer (truncated file?)") == true, "\(short.text)")
        #expect(session.state.model(named: "short") == nil)
    }

    @Test("the README's PyTorch section states the size of checkpoint load and eval read")
    func readmeStatesTheSizeLimit() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## A PyTorch checkpoint").dropFirst().first?.components(separatedBy: "\n## ").first)
        #expect(FileAccess.maximumLoadSize == CaseEvaluation.maximumWeightsSize)
        let words = section.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("`load` and `rnnlab eval` read up to \(FileAccess.maximumLoadSize >> 20) MiB of a checkpoint: its header and the recurrent module's tensors"),
                "\(section.prefix(400))")
    }
}
