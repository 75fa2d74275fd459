import Foundation
import Testing
@testable import Lab
import Rendering
import RNNEngine

/// `save` writes a state dict and says what PyTorch needs to load it back.
@Suite("save")
struct SaveCommandTests {
    /// A scratch folder, removed afterwards.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-save-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The notes and warnings of an outcome.
    private func remarks(_ outcome: CommandOutcome) -> [String] {
        outcome.blocks.compactMap { block in
            switch block {
            case .note(let text), .warning(let text): text
            default: nil
            }
        }
    }

    @Test("a layer-norm model's file says that its layer_norm tensors are the lab's own, which nn.LSTM refuses and load reads")
    func layerNormIsTheLabsOwn() throws {
        let folder = Folder()
        let session = try labSession(["model lstm --input 3 --hidden 4 --layer-norm"])
        let saved = session.execute("save \(folder.path)/ln.safetensors")
        #expect(!saved.failed, "\(saved.text)")
        let note = try #require(remarks(saved).first { $0.contains("layer_norm") }, "\(saved.text)")
        #expect(note.contains("the lab's own"), "\(note)")
        #expect(note.contains("nn.LSTM") && note.contains("strict=True"), "\(note)")
        #expect(note.contains("the lab's `load` reads"), "\(note)")
        let plain = try labSession(["model lstm --input 3 --hidden 4"]).execute("save \(folder.path)/plain.safetensors")
        #expect(remarks(plain).isEmpty, "\(plain.text)")
    }

    @Test("a module read from a whole model is saved under its own names with --prefix \"\", with the PyTorch that loads it; --prefix writes the model's names")
    func moduleOfAWholeModel() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 2)
        let whole = ParameterSet([("emb.weight", Tensor(zeros: [10, 3]))] + lstm.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }
            + [("head.weight", Tensor(zeros: [2, 4]))])
        try SafeTensors.write(whole, to: folder.path + "/net.safetensors")
        let session = try labSession(["load \(folder.path)/net.safetensors"])

        let bare = session.execute("save \(folder.path)/rnn.safetensors --prefix \"\"")
        #expect(try SafeTensors.read(path: folder.path + "/rnn.safetensors").names == lstm.parameters.names)
        let note = try #require(remarks(bare).first { $0.contains("load_state_dict") }, "\(bare.text)")
        #expect(note.contains("the rnn module's tensors"), "\(note)")
        #expect(note.contains("`model.rnn.load_state_dict("), "\(note)")
        #expect(note.contains("leave out --prefix to write the whole model, its embedding and head too"), "\(note)")

        // with the embedding it was loaded with, and without the head.weight that fits no token head
        let saved = session.execute("save \(folder.path)/whole.safetensors")
        #expect(try SafeTensors.read(path: folder.path + "/whole.safetensors").names == ["emb.weight"] + lstm.parameters.names.map { "rnn." + $0 })
        #expect(remarks(saved).contains { $0.contains("also held 1 tensor the lab did not read (head.weight), which this one lacks")
                    && $0.contains("loads it with strict=False") }, "\(saved.text)")
        #expect(saved.blocks.contains { if case .preformatted(let code) = $0 { code.hasSuffix("/whole.safetensors\"), strict=False)") } else { false } },
                "\(saved.blocks)")

        let prefixed = session.execute("save \(folder.path)/prefixed.safetensors --prefix rnn.")
        #expect(!prefixed.failed, "\(prefixed.text)")
        let file = try SafeTensors.read(path: folder.path + "/prefixed.safetensors")
        #expect(file.names == lstm.parameters.names.map { "rnn." + $0 })
        #expect(remarks(prefixed).contains { $0.contains("strict=False") }, "the file holds only the module: \(prefixed.text)")
        #expect(!session.execute("load \(folder.path)/prefixed.safetensors --name back").failed)
        #expect(session.state.model(named: "back")?.network == lstm)
        // `--prefix rnn` is the same as `--prefix rnn.`
        _ = session.execute("save \(folder.path)/dotless.safetensors --prefix rnn")
        #expect(try SafeTensors.read(path: folder.path + "/dotless.safetensors").names.first == "rnn.weight_ih_l0")
    }

    @Test("the PyTorch modules a trained model's file names carry bias=False, relu and dropout, whatever makes the file or the numbers differ")
    func pytorchLinesCarryEveryOption() throws {
        let folder = Folder()
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 1, hiddenSize: 6, numLayers: 2, bidirectional: true, seed: 4)
        try SafeTensors.write(ParameterSet(gru.parameters.pairs.filter { !RecurrentNetwork.isBias($0.name) }.map { ($0.name, $0.tensor) }),
                              to: folder.path + "/g.safetensors", dtype: .f16)
        let cases = [
            (["load \(folder.path)/g.safetensors", "train sine 20 --steps 2"], "`self.rnn = nn.GRU(1, 6, num_layers=2, bidirectional=True, bias=False)`"),
            (["model lstm --hidden 3 --layers 2 --dropout 0.25", "train adding 5 --steps 1"], "`self.rnn = nn.LSTM(2, 3, num_layers=2, dropout=0.25)`"),
            (["model rnn --hidden 3 --activation relu", "train adding 5 --steps 1"], "`self.rnn = nn.RNN(2, 3, nonlinearity=\"relu\")`"),
            (["model lstm --hidden 3 --layers 2 --bidirectional --no-bias", "train adding 5 --steps 1"],
             "`self.rnn = nn.LSTM(2, 3, num_layers=2, bidirectional=True, bias=False)`"),
        ]
        for (index, (lines, module)) in cases.enumerated() {
            let session = try labSession(lines)
            let saved = session.execute("save \(folder.path)/t\(index).safetensors")
            #expect(remarks(saved).contains { $0.contains(module) }, "\(lines): \(saved.text)")
        }
    }

    @Test("saving over a file says that it replaced it, and when that file is the model's source, says so with the change of dtype")
    func replacingAFile() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 3)
        try SafeTensors.write(lstm.parameters, to: folder.path + "/lstm.safetensors", dtype: .f32)
        let session = try labSession(["load \(folder.path)/lstm.safetensors"])
        let first = session.execute("save \(folder.path)/copy.safetensors")
        #expect(!remarks(first).contains { $0.contains("replaced") }, "\(first.text)")
        let second = session.execute("save \(folder.path)/copy.safetensors")
        #expect(remarks(second).contains("replaced \(folder.path)/copy.safetensors"), "\(second.text)")
        let source = session.execute("save \(folder.path)/lstm.safetensors --dtype f64")
        #expect(remarks(source).contains { $0.hasPrefix("replaced \(folder.path)/lstm.safetensors, the file lstm was loaded from (F32, now F64)") },
                "\(source.text)")

        // Saving a whole model's module over that model's file: the tensors lost are named.
        let whole = ParameterSet([("emb.weight", Tensor(zeros: [10, 3]))] + lstm.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) })
        try SafeTensors.write(whole, to: folder.path + "/net.safetensors")
        _ = session.execute("load \(folder.path)/net.safetensors")
        let refused = session.execute("save \(folder.path)/net.safetensors --prefix rnn.")
        #expect(refused.error?.message.contains("holds other weights (emb.weight, which this model has not)") == true, "\(refused.text)")
        #expect(try SafeTensors.read(path: folder.path + "/net.safetensors").names.contains("emb.weight"), "nothing was written")
        let overModel = session.execute("save \(folder.path)/net.safetensors --prefix rnn. --force")
        #expect(overModel.blocks.contains { block in
            guard case .warning(let text) = block else { return false }
            return text.hasPrefix("replaced \(folder.path)/net.safetensors, the file net was loaded from; the 1 tensor it held besides these (emb.weight) is not in the new file")
        }, "\(overModel.text)")
    }

    @Test("saving over another model's weights is refused before anything is written, saying what the file holds; --force replaces it")
    func savingOverAnotherModelNeedsForce() throws {
        let folder = Folder()
        let file = folder.path + "/model.safetensors"
        let session = try labSession(["model lstm --input 3 --hidden 4 --name big", "model gru --input 3 --hidden 2 --name small"])
        _ = session.execute("use big")
        #expect(!session.execute("save \(file)").failed)
        let before = try SafeTensors.read(path: file)
        #expect(!session.execute("save \(file)").failed, "the same model's tensors again: replaced, as before")
        _ = session.execute("use small")
        let refused = session.execute("save \(file)")
        let message = try #require(refused.error?.message, "\(refused.text)")
        #expect(message.hasPrefix("save: \(file) holds an lstm's weights (weight_ih_l0 is 16 × 3 there, 6 × 3 here; weight_hh_l0 is 16 × 4 there, 6 × 2 here; …)"),
                "\(message)")
        #expect(message.contains("nothing was written") && message.contains("--force"), "\(message)")
        #expect(try SafeTensors.read(path: file) == before, "the file is as it was")
        let forced = session.execute("save \(file) --force")
        #expect(!forced.failed && remarks(forced).contains("replaced \(file)"), "\(forced.text)")
        #expect(try SafeTensors.read(path: file).names == before.names && SafeTensors.read(path: file).tensors["weight_ih_l0"]?.shape == [6, 3])

        // a file that is no state dict at all
        try "notes".write(toFile: folder.path + "/notes.safetensors", atomically: true, encoding: .utf8)
        let text = session.execute("save \(folder.path)/notes.safetensors")
        #expect(text.error?.message.contains("holds something that is not a state dict") == true, "\(text.text)")
        #expect(try String(contentsOfFile: folder.path + "/notes.safetensors", encoding: .utf8) == "notes")
    }

    @Test("--dtype f16 and bf16 round to nearest even as PyTorch's .to() from float64 does, with a warning for what overflows; a loaded model keeps its file's dtype")
    func dtypes() throws {
        let folder = Folder()
        var parameters = try RecurrentNetwork(kind: .rnn, inputSize: 1, hiddenSize: 4, seed: 4).parameters
        // ties, a value just past a tie (PyTorch rounds through float32 first), F16's largest, and past it
        parameters["weight_hh_l0"] = Tensor(shape: [4, 4], values: [
            1 + 0x1p-11, 1 + 3 * 0x1p-11, 1 + 0x1p-11 + 0x1p-40, 65519, 65520, 0x1p-25, 3 * 0x1p-25, 0x1p-25 + 0x1p-60,
            1 + 0x1p-8, 1 + 3 * 0x1p-8, 1 + 0x1p-8 + 0x1p-40, -65520, .nan, .infinity, -0.0, 1e-30,
        ])!
        try SafeTensors.write(parameters, to: folder.path + "/rnn.safetensors")
        let session = try labSession(["load \(folder.path)/rnn.safetensors --name rnn"])
        let held = parameters["weight_hh_l0"]!.values

        try SafeTensors.write(parameters, to: folder.path + "/rnn32.safetensors", dtype: .f32)
        let loaded32 = try labSession(["load \(folder.path)/rnn32.safetensors"])
        let kept = loaded32.execute("save \(folder.path)/kept.safetensors")
        #expect(!kept.failed, "\(kept.text)")
        #expect(kept.text.contains("as F32, the dtype of the file it was loaded from"), "\(kept.text)")
        #expect(try SafeTensors.read(path: folder.path + "/kept.safetensors").dtypes.values.allSatisfy { $0 == .f32 })

        let half = session.execute("save \(folder.path)/half.safetensors --dtype f16")
        #expect(!half.failed, "\(half.text)")
        let halfFile = try SafeTensors.read(path: folder.path + "/half.safetensors")
        #expect(halfFile.dtypes["weight_hh_l0"] == .f16)
        let expectedHalf = held.map { value -> Double in
            switch value {
            case 1 + 0x1p-11, 1 + 0x1p-11 + 0x1p-40: return 1
            case 1 + 3 * 0x1p-11: return 1 + 0x1p-9
            case 1 + 0x1p-8 + 0x1p-40: return 1 + 0x1p-8
            case 65519: return 65504
            case 65520: return .infinity
            case -65520: return -.infinity
            case 0x1p-25, 0x1p-25 + 0x1p-60, 1e-30: return 0
            case 3 * 0x1p-25: return 0x1p-23
            default: return value
            }
        }
        let halfValues = try #require(halfFile.tensors["weight_hh_l0"]?.values)
        for (index, (got, expected)) in zip(halfValues, expectedHalf).enumerated() {
            #expect(got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "element \(index): \(held[index]) became \(got), expected \(expected)")
        }
        #expect(remarks(half).contains { $0.contains("2 values are beyond F16's range (±65504) and were written as ±infinity") }, "\(half.text)")

        let brain = session.execute("save \(folder.path)/brain.safetensors --dtype bf16")
        let brainValues = try #require(try SafeTensors.read(path: folder.path + "/brain.safetensors").tensors["weight_hh_l0"]?.values)
        #expect(brainValues[8] == 1 && brainValues[9] == 1 + 0x1p-6 && brainValues[10] == 1, "\(brainValues)")
        #expect(brainValues[3] == 65536 && brainValues[4] == 65536, "\(brainValues)")
        #expect(!remarks(brain).contains { $0.contains("beyond") }, "\(brain.text)")

        // A model made in the lab has no source file: F64, every bit.
        let made = try labSession(["model gru --input 2 --hidden 3"]).execute("save \(folder.path)/made.safetensors")
        #expect(made.text.contains("as F64"), "\(made.text)")
        #expect(try SafeTensors.read(path: folder.path + "/made.safetensors").dtypes.values.allSatisfy { $0 == .f64 })
    }

    @Test("a model loaded from an nn.LSTMCell saves under the cell's names, also under a prefix; --names chooses module or cell names")
    func cellNamesRoundTrip() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, seed: 6)
        let cellNames = ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]
        try SafeTensors.write(ParameterSet(lstm.parameters.pairs.map { ("cell." + $0.name.dropLast("_l0".count), $0.tensor) }),
                              to: folder.path + "/nested.safetensors")
        let session = try labSession(["load \(folder.path)/nested.safetensors"])

        let prefixed = session.execute("save \(folder.path)/prefixed.safetensors --prefix cell.")
        #expect(!prefixed.failed, "\(prefixed.text)")
        #expect(try SafeTensors.read(path: folder.path + "/prefixed.safetensors").names == cellNames.map { "cell." + $0 })
        #expect(remarks(prefixed).contains { $0.contains("the keys are cell.weight_ih and so on") && $0.contains("unexpected_keys") }, "\(prefixed.text)")
        let bare = session.execute("save \(folder.path)/bare.safetensors")
        #expect(try SafeTensors.read(path: folder.path + "/bare.safetensors").names == cellNames)
        #expect(remarks(bare).contains { $0.hasPrefix("the keys are an nn.LSTMCell's (weight_ih, weight_hh, …), the names of the file it was loaded from") }, "\(bare.text)")
        #expect(remarks(bare).contains { $0.contains("`model.cell.load_state_dict(state_dict)`") }, "\(bare.text)")
        // what was saved loads back as the same cell
        #expect(!session.execute("load \(folder.path)/bare.safetensors --name back").failed)
        #expect(session.state.model(named: "back")?.network == lstm)

        let module = session.execute("save \(folder.path)/module.safetensors --names module")
        #expect(!module.failed, "\(module.text)")
        #expect(try SafeTensors.read(path: folder.path + "/module.safetensors").names == lstm.parameters.names)
        // a model made here writes a cell's names when asked, if a cell can hold it
        let made = try labSession(["model gru --input 2 --hidden 3 --name g"])
        _ = made.execute("save \(folder.path)/gru.safetensors --names cell")
        #expect(try SafeTensors.read(path: folder.path + "/gru.safetensors").names == cellNames)
        let deep = try labSession(["model gru --input 2 --hidden 3 --layers 2 --name deep"]).execute("save \(folder.path)/deep.safetensors --names cell")
        #expect(deep.error?.message.contains("a cell has one layer, one direction and no layer norm, but 'deep' has 2 layers") == true, "\(deep.text)")
    }

    @Test("a model trained on text saves its head, task and vocabulary; load restores them, so sample and evaluate give what they gave")
    func trainedCharacterModelRoundTrip() throws {
        let folder = Folder()
        let session = try labSession(["model lstm --hidden 8 --name m", "train charlm \"hello world\" --steps 5"])
        let sampled = session.execute("sample --length 10 --temperature 0").text
        let evaluated = session.execute("evaluate --samples 4").text
        let saved = session.execute("save \(folder.path)/m.safetensors")
        #expect(!saved.failed, "\(saved.text)")
        let file = try SafeTensors.read(path: folder.path + "/m.safetensors")
        #expect(file.names == ["rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "head.weight", "head.bias"])
        #expect(file.tensors["head.weight"]?.shape == [8, 8], "8 characters from 8 hidden units")
        #expect(file.metadata["task"] == "charlm" && file.metadata["text"] == "hello world" && file.metadata["window"] == "25")
        #expect(file.metadata["vocabulary"] == #"[" ", "d", "e", "h", "l", "o", "r", "w"]"#)
        #expect(file.metadata["nonlinearity"] == nil, "an LSTM has no nonlinearity to record")
        #expect(remarks(saved).contains { $0.contains("`self.rnn = nn.LSTM(8, 8)` and `self.head = nn.Linear(8, 8)`") }, "\(saved.text)")
        #expect(remarks(saved).contains { $0.contains("the optimizer's state and the loss history") }, "\(saved.text)")

        let loaded = session.execute("load \(folder.path)/m.safetensors --name back")
        #expect(!loaded.failed, "\(loaded.text)")
        #expect(remarks(loaded).contains { $0.hasPrefix("with its output head, trained on charlm \"hello world\" over 8 characters: `sample` and `evaluate` work on it") },
                "\(loaded.text)")
        #expect(!loaded.text.contains("left out"), "\(loaded.text)")
        #expect(session.execute("sample --length 10 --temperature 0").text == sampled.replacingOccurrences(of: "'m'", with: "'back'"))
        #expect(session.execute("evaluate --samples 4").text == evaluated.replacingOccurrences(of: "'m'", with: "'back'"))

        // `--prefix ""` writes the module alone, and says what it leaves out
        let alone = session.execute("save \(folder.path)/alone.safetensors --prefix \"\"")
        #expect(try SafeTensors.read(path: folder.path + "/alone.safetensors").names == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        #expect(remarks(alone).contains { $0.hasPrefix("the output head and the task it was trained for are not in the file") }, "\(alone.text)")
    }

    @Test("a task entry of a known task with a length after it says what is wrong with the length, not that the task is unknown")
    func taskEntryWithALength() throws {
        let folder = Folder()
        let session = try labSession(["model gru --hidden 4 --name s", "train sine 20 --steps 1"])
        #expect(!session.execute("save \(folder.path)/s.safetensors --dtype f64").failed)
        let file = try SafeTensors.read(path: folder.path + "/s.safetensors")
        let cases = [
            ("sine 99999999999", "the task 'sine 99999999999' gives sine a length out of range: a task length is a whole number between 2 and \(maximumTaskLength)"),
            ("sine 99999999999999999999999", "the task 'sine 99999999999999999999999' gives sine a length out of range"),
            ("sine 20", "the task 'sine 20' gives sine its length; the file should record the task as 'sine' and the length as task_length '20'"),
            ("sine long", "the task 'sine long' is sine with 'long' after it; the file should record the task as 'sine' and its length as task_length"),
            ("waves 20", "the task 'waves 20' is none the lab trains (charlm, adding"),
        ]
        for (index, (task, says)) in cases.enumerated() {
            var metadata = file.metadata
            metadata["task"] = task
            try SafeTensors.write(file.tensors, to: "\(folder.path)/t\(index).safetensors", metadata: metadata)
            let loaded = session.execute("load \(folder.path)/t\(index).safetensors")
            #expect(!loaded.failed, "\(loaded.text)")
            #expect(remarks(loaded).contains { $0.hasPrefix("the output head is left out: " + says) }, "\(task): \(loaded.text)")
        }
    }

    @Test("a model trained on the sine task keeps its head and task through save and load")
    func trainedSineModelRoundTrip() throws {
        let folder = Folder()
        let session = try labSession(["model gru --hidden 4 --name s", "train sine 20 --steps 3"])
        let evaluated = session.execute("evaluate --samples 3").text
        #expect(!session.execute("save \(folder.path)/s.safetensors --dtype f64").failed)
        let file = try SafeTensors.read(path: folder.path + "/s.safetensors")
        #expect(file.metadata["task"] == "sine" && file.metadata["task_length"] == "20" && file.metadata["vocabulary"] == nil)
        #expect(!session.execute("load \(folder.path)/s.safetensors --name back").failed)
        #expect(session.execute("evaluate --samples 3").text == evaluated.replacingOccurrences(of: "'s'", with: "'back'"))
        #expect(session.execute("sample").error?.message.contains("not a character model") == true)
    }

    @Test("a checkpoint of F32 and one F16 tensor saves as F32 and says why; a size conflict of vectors is told in values")
    func mixedDTypeAndVectorConflict() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 1, hiddenSize: 2, seed: 1)
        // each tensor's data as `encode` writes it (the file's last bytes), under a header naming its own dtype
        var header: [String] = []
        var data: [UInt8] = []
        for (name, tensor) in lstm.parameters.pairs {
            let dtype: TensorDType = name == "bias_hh_l0" ? .f16 : .f32
            let bytes = try SafeTensors.encode(ParameterSet([(name, tensor)]), dtype: dtype).suffix(tensor.count * dtype.byteCount)
            header.append(#""\#(name)":{"dtype":"\#(dtype.rawValue)","shape":\#(tensor.shape),"data_offsets":[\#(data.count),\#(data.count + bytes.count)]}"#)
            data += bytes
        }
        let text = Array(("{" + header.joined(separator: ",") + "}").utf8)
        let file = (0..<8).map { UInt8((text.count >> (8 * $0)) & 0xFF) } + text + data
        try Data(file).write(to: URL(fileURLWithPath: folder.path + "/mixed.safetensors"))
        let session = try labSession(["load \(folder.path)/mixed.safetensors"])
        let saved = session.execute("save \(folder.path)/out.safetensors")
        #expect(saved.text.contains("as F32: the file it was loaded from mixes F32 and F16, and F32 holds each of its values exactly"), "\(saved.text)")
        #expect(try SafeTensors.read(path: folder.path + "/out.safetensors").dtypes.values.allSatisfy { $0 == .f32 })

        try SafeTensors.write(ParameterSet([("bias_ih_l0", Tensor(zeros: [16]))]), to: folder.path + "/bias.safetensors")
        let other = session.execute("save \(folder.path)/bias.safetensors")
        #expect(other.error?.message.contains("(bias_ih_l0 has 16 values there, 8 here)") == true, "\(other.text)")
    }

    @Test("a model trained and saved here loads under its file's name, not the rnn its module is saved under; no LSTM or GRU is called rnn")
    func loadedModelsAreNotCalledRNN() throws {
        let folder = Folder()
        let session = try labSession(["model lstm --hidden 4 --name m", "train sine 20 --steps 1"])
        #expect(!session.execute("save \(folder.path)/waves.safetensors").failed)
        let loaded = session.execute("load \(folder.path)/waves.safetensors")
        #expect(loaded.text.hasPrefix("Loaded **waves** from"), "\(loaded.text)")
        #expect(session.state.model(named: "waves")?.head != nil, "the trained model, with its head")
        #expect(session.state.model(named: "rnn") == nil)
        // a PyTorch model's `self.rnn = nn.GRU(...)`: named after the file; an nn.RNN keeps `rnn`
        for (kind, file, expected) in [(CellKind.gru, "model", "model"), (.lstm, "rnn", "lstm"), (.rnn, "model", "rnn")] {
            let network = try RecurrentNetwork(kind: kind, inputSize: 2, hiddenSize: 3, seed: 1)
            try SafeTensors.write(ParameterSet(network.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }), to: "\(folder.path)/\(file).safetensors")
            let fresh = try labSession(["load \(folder.path)/\(file).safetensors"])
            #expect(fresh.state.currentModelName == expected, "\(kind) in \(file).safetensors")
            #expect(fresh.state.currentModel?.network?.kind == kind)
        }
    }

    @Test("an empty file name is said to be empty, by save and by export, not quoted as an empty name before a colon")
    func emptyFileNames() throws {
        let session = try labSession(["model lstm --input 2 --hidden 3 --name m", "feed random 3"])
        for name in ["\"\"", "\" \""] {
            #expect(session.execute("save \(name)").error?.message
                        == "save: the file name is empty; give one ending in .safetensors, e.g. `save model.safetensors`", "\(name)")
            #expect(session.execute("export \(name)").error?.message
                        == "export: the file name is empty; give one ending in .csv or .json, e.g. `export trace.csv`", "\(name)")
        }
        #expect(session.execute("save m.txt").error?.message == "save: m.txt: the file name must end in .safetensors, e.g. `save model.safetensors`")
    }

    @Test("--prefix is module names separated by dots, each of letters, digits and underscores; anything else is refused before writing, saying which")
    func prefixesAreModuleNames() throws {
        let folder = Folder()
        let session = try labSession(["model lstm --input 2 --hidden 3 --name m"])
        let refusals = [("\"a b.\"", "the module name 'a b' holds ' '"), ("rnn..", "two dots in a row"), (".rnn", "starts with a dot"),
                        ("\"rnn-1\"", "the module name 'rnn-1' holds '-'")]
        for (prefix, reason) in refusals {
            let refused = session.execute("save \(folder.path)/p.safetensors --prefix \(prefix)")
            let message = refused.error?.message ?? ""
            #expect(message.contains(reason) && message.contains("e.g. --prefix rnn. or --prefix encoder.layers.0."), "\(prefix): \(refused.text)")
            #expect(FileAccess.size(of: folder.path + "/p.safetensors") == nil, "nothing was written for \(prefix)")
        }
        for (prefix, first) in [("encoder.layers.0.", "encoder.layers.0.weight_ih_l0"), ("rnn_2", "rnn_2.weight_ih_l0"), ("0", "0.weight_ih_l0")] {
            let saved = session.execute("save \(folder.path)/\(prefix).safetensors --prefix \(prefix)")
            #expect(!saved.failed, "\(saved.text)")
            #expect(try SafeTensors.read(path: "\(folder.path)/\(prefix).safetensors").names.first == first)
        }
    }

    @Test("saving over a file of the model's tensors under other names says which names, and which --names or --prefix writes them")
    func overwritingOtherNames() throws {
        let folder = Folder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 1)
        let cellNames = ParameterSet(lstm.parameters.pairs.map { (String($0.name.dropLast("_l0".count)), $0.tensor) })
        try SafeTensors.write(cellNames, to: folder.path + "/cell.safetensors")
        let session = try labSession(["model lstm --input 3 --hidden 4 --name m"])
        let cell = session.execute("save \(folder.path)/cell.safetensors").error?.message ?? ""
        #expect(cell.contains("holds this model's tensors, of the same shapes, under other names: nn.LSTMCell's (weight_ih, weight_hh, …), "
            + "where this save writes nn.LSTM's (weight_ih_l0, weight_hh_l0, …); nothing was written: `--names cell` writes the file's names and replaces it"), "\(cell)")
        #expect(!cell.contains("has not"), "\(cell)")
        let named = session.execute("save \(folder.path)/cell.safetensors --names cell")
        #expect(remarks(named).contains("replaced \(folder.path)/cell.safetensors"), "\(named.text)")
        // a whole model's names
        try SafeTensors.write(ParameterSet(lstm.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }), to: folder.path + "/whole.safetensors")
        let whole = session.execute("save \(folder.path)/whole.safetensors").error?.message ?? ""
        #expect(whole.contains("under other names: rnn.weight_ih_l0, rnn.weight_hh_l0, …, where this save writes weight_ih_l0, weight_hh_l0, …"), "\(whole)")
        #expect(whole.contains("`--prefix rnn.` writes the file's names and replaces it"), "\(whole)")
        // both differ: one option line that writes them
        _ = session.execute("save \(folder.path)/both.safetensors --names cell")
        let both = session.execute("save \(folder.path)/both.safetensors --prefix enc.").error?.message ?? ""
        #expect(both.contains("`--names cell --prefix \"\"` writes the file's names and replaces it"), "\(both)")
        // other shapes under a cell's names: each named with what this save calls it
        let wider = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 5, seed: 1)
        try SafeTensors.write(ParameterSet(wider.parameters.pairs.map { (String($0.name.dropLast("_l0".count)), $0.tensor) }),
                              to: folder.path + "/wider.safetensors")
        let other = session.execute("save \(folder.path)/wider.safetensors").error?.message ?? ""
        #expect(other.contains("(weight_ih (weight_ih_l0 here) is 20 × 3 there, 16 × 3 here; weight_hh (weight_hh_l0 here) is 20 × 5 there, 16 × 4 here; …)"), "\(other)")
        #expect(other.contains("`--force` replaces the file, or give another file name") && !other.contains("--names"), "\(other)")
    }

    @Test("a vocabulary in the metadata that is not a JSON list of distinct characters is named as the __metadata__ entry, with what is wrong and where")
    func brokenVocabulary() throws {
        let folder = Folder()
        let session = try labSession(["model lstm --hidden 4 --name m", "train charlm \"hello\" --steps 1"])
        #expect(!session.execute("save \(folder.path)/m.safetensors").failed)
        let file = try SafeTensors.read(path: folder.path + "/m.safetensors")
        #expect(file.metadata["vocabulary"] == #"["e", "h", "l", "o"]"#)
        let cases = [
            (#"["e", h]"#, #"the __metadata__ entry "vocabulary" is not valid JSON (expected a value at byte 6 of '["e", h]')"#),
            (#"{"e": 1}"#, #"the __metadata__ entry "vocabulary" is JSON but not a list"#),
            (#"["e", "hl"]"#, #"the __metadata__ entry "vocabulary" holds 'hl' at index 1, where a single character belongs"#),
            (#"["e", 2]"#, #"the __metadata__ entry "vocabulary" holds 2 (not a string) at index 1, where a single character belongs"#),
            (#"["e", "e"]"#, #"the __metadata__ entry "vocabulary" is no list of distinct characters: the character 'e' appears twice"#),
            (#"["e", "h", "l", "x"]"#, #"the __metadata__ entry "vocabulary" lists 'x' at index 3, where the characters of the training text have 'o'"#),
        ]
        for (index, (vocabulary, says)) in cases.enumerated() {
            var metadata = file.metadata
            metadata["vocabulary"] = vocabulary
            try SafeTensors.write(file.tensors, to: "\(folder.path)/v\(index).safetensors", metadata: metadata)
            let loaded = session.execute("load \(folder.path)/v\(index).safetensors")
            #expect(remarks(loaded).contains { $0.hasPrefix("the output head is left out: " + says) }, "\(vocabulary): \(loaded.text)")
        }
    }

    @Test("a training text edited to more or fewer characters than the head has rows is named with the head's rows, and the lab goes on")
    func editedTextAgainstHead() throws {
        let folder = Folder()
        let session = try labSession(["model lstm --hidden 4 --name m", "train charlm \"hello\" --steps 1"])
        #expect(!session.execute("save \(folder.path)/m.safetensors").failed)
        let file = try SafeTensors.read(path: folder.path + "/m.safetensors")
        let cases = [
            // the text alone edited: the recorded vocabulary still agrees with the head
            (["text": "hello!"], #"the __metadata__ entry "text" has 5 distinct characters, so the vocabulary it makes has 5 (the entry "vocabulary" still lists 4), "#
                + "but the tensor head.weight has 4 rows, one per character the model was trained to write: "
                + #"the metadata no longer describes these weights. Put "text" back as `save` wrote it (a text of 4 distinct characters)"#),
            // both edited alike
            (["text": "hel", "vocabulary": #"["e", "h", "l"]"#], #"the __metadata__ entry "text" has 3 distinct characters, so the vocabulary it makes has 3 (the entry "vocabulary" lists 3 too), "#
                + "but the tensor head.weight has 4 rows"),
            // a file without a vocabulary entry
            (["text": "hello!", "vocabulary": nil], #"the __metadata__ entry "text" has 5 distinct characters, so the vocabulary it makes has 5, but the tensor head.weight has 4 rows"#),
        ]
        for (index, (edits, says)) in cases.enumerated() {
            var metadata = file.metadata
            for (key, value) in edits { metadata[key] = value }
            try SafeTensors.write(file.tensors, to: "\(folder.path)/t\(index).safetensors", metadata: metadata)
            let loaded = session.execute("load \(folder.path)/t\(index).safetensors")
            #expect(!loaded.failed, "\(loaded.text)")
            #expect(remarks(loaded).contains { $0.hasPrefix("the output head is left out: " + says) }, "\(edits): \(loaded.text)")
            #expect(!loaded.text.contains("reads 5 and writes 5"), "\(loaded.text)")
        }
        #expect(!session.execute("models").failed, "the lab goes on")
    }
}
