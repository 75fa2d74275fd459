import Foundation
import Testing
import RNNEngine
import TestSupport

/// `rnnlab eval`, the public door for checking the engine against another framework.
@Suite("rnnlab eval")
struct EvalTests {
    private func fixturePath(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Transcripts/eval"))
        return url.path
    }

    private func numbers(_ value: Any?) -> [Double] {
        if let number = value as? NSNumber { return [number.doubleValue] }
        return (value as? [Any] ?? []).flatMap(numbers)
    }

    private func expectClose(_ ours: Any?, _ reference: Any?, scale: Double = 1, _ what: String) {
        let a = numbers(ours), b = numbers(reference).map { $0 * scale }
        #expect(a.count == b.count && !a.isEmpty, "\(what): \(a.count) values, expected \(b.count)")
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= 1e-10, "\(what) differs by \(worst)")
    }

    @Test func reproducesTheFixtureFromItsSafetensors() throws {
        let casePath = try fixturePath("gru_bidirectional.json")
        let result = try Run.rnnlab([
            "eval", "--weights", try fixturePath("gru_bidirectional.safetensors"), "--case", casePath, "--json",
        ])
        #expect(result.status == 0, "stderr: \(result.errorOutput)")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let reference = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: casePath))) as? [String: Any])
        for key in ["output", "h_n", "loss"] {
            expectClose(ours[key], reference[key], key)
        }
        let ourGradients = try #require(ours["grads"] as? [String: Any])
        let referenceGradients = try #require(reference["grads"] as? [String: Any])
        #expect(Set(ourGradients.keys) == Set(referenceGradients.keys))
        for (name, value) in referenceGradients {
            // The fixture's parameter gradients were accumulated twice by the script that
            // made them (two backward passes into the same .grad); x and h0 are exact.
            let scale = ["x", "h0", "c0"].contains(name) ? 1.0 : 0.5
            expectClose(ourGradients[name], value, scale: scale, "grads.\(name)")
        }
        let ourTrace = try #require(ours["trace"] as? [[String: Any]])
        let referenceTrace = try #require(reference["trace"] as? [[String: Any]])
        #expect(ourTrace.count == referenceTrace.count)
        for (our, their) in zip(ourTrace, referenceTrace) {
            #expect(our["direction"] as? String == their["direction"] as? String)
            let ourSteps = try #require(our["steps"] as? [[String: Any]])
            let theirSteps = try #require(their["steps"] as? [[String: Any]])
            for (t, (ourStep, theirStep)) in zip(ourSteps, theirSteps).enumerated() {
                for key in ["r", "z", "n", "h", "dh"] {
                    expectClose(ourStep[key], theirStep[key], "trace step \(t) \(key)")
                }
            }
        }
    }

    /// The fixture's safetensors with every key under `prefix`, as a whole model's state
    /// dict names its recurrent module's tensors (`model.rnn.weight_ih_l0`, ...).
    private func prefixedCopy(_ prefix: String, in folder: TemporaryFolder) throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try fixturePath("gru_bidirectional.safetensors")))
        let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try #require(try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + length))) as? [String: Any])
        var renamed: [String: Any] = [:]
        for (key, value) in header { renamed[key == "__metadata__" ? key : prefix + key] = value }
        let newHeader = try JSONSerialization.data(withJSONObject: renamed)
        var file = Data((0..<8).map { UInt8((newHeader.count >> (8 * $0)) & 0xFF) })
        file += newHeader + bytes.subdata(in: (8 + length)..<bytes.count)
        let path = folder.path + "/whole.safetensors"
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aWholeModelsStateDictIsReadThroughItsRecurrentModule() throws {
        let folder = try TemporaryFolder()
        let whole = try prefixedCopy("model.rnn.", in: folder)
        let casePath = try fixturePath("gru_bidirectional.json")
        let reference = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: casePath))) as? [String: Any])
        for module in [[], ["--module", "model.rnn"]] {
            let result = try Run.rnnlab(["eval", "--weights", whole, "--case", casePath, "--json"] + module)
            #expect(result.status == 0, "stderr: \(result.errorOutput)")
            let ours = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
            expectClose(ours["output"], reference["output"], "output with \(module)")
            let gradients = try #require(ours["grads"] as? [String: Any])
            #expect(gradients["weight_hh_l0"] != nil, "the gradients keep the module's own names")
        }
        let wrong = try Run.rnnlab(["eval", "--weights", whole, "--case", casePath, "--module", "encoder"])
        #expect(wrong.status == 1)
        #expect(wrong.errorOutput.contains("no recurrent module encoder (the recurrent modules are model.rnn)"), "\(wrong.errorOutput)")
    }

    @Test func withoutJSONItSummarizesTheCheckpoint() throws {
        let result = try Run.rnnlab([
            "eval", "--weights", try fixturePath("gru_bidirectional.safetensors"),
            "--case", try fixturePath("gru_bidirectional.json"),
        ])
        #expect(result.status == 0)
        #expect(result.output.contains("gru · input 3 · hidden 4 · 1 layer · bidirectional"))
        #expect(result.output.contains("loss L = sum(output ⊙ dy) = "))
    }

    @Test func theSummaryShowsNaNGradientsAsNaNAndWarnsOfBrokenWeights() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/nan.safetensors"
        var parameters = try RecurrentNetwork(kind: .rnn, inputSize: 3, hiddenSize: 4, seed: 1).parameters
        parameters[index: 1].values[0] = .nan
        try SafeTensors.write(parameters, to: path)
        let casePath = folder.path + "/case.json"
        try Data(#"{"x": [[1, 0, 0], [0, 1, 0]], "dy": [[1, 1, 1, 1], [1, 1, 1, 1]]}"#.utf8).write(to: URL(fileURLWithPath: casePath))
        let result = try Run.rnnlab(["eval", "--weights", path, "--case", casePath])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.contains("loss L = sum(output ⊙ dy) = nan"), "\(result.output)")
        #expect(result.output.contains("‖dL/dweight_hh_l0‖ = nan"), "\(result.output)")
        #expect(result.output.contains("warning: 1 weight is NaN or infinite (in weight_hh_l0)"), "\(result.output)")

        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 4, seed: 1)
        try SafeTensors.write(gru.parameters, to: path)
        try Data(#"{"x": [[1, 0, 0]], "c0": [[0, 0, 0, 0]]}"#.utf8).write(to: URL(fileURLWithPath: casePath))
        let cell = try Run.rnnlab(["eval", "--weights", path, "--case", casePath])
        #expect(cell.status == 1 && cell.errorOutput.contains("`c0` is given, but a gru has no cell state"), "\(cell.errorOutput)")
        try Data(#"{"x": []}"#.utf8).write(to: URL(fileURLWithPath: casePath))
        let empty = try Run.rnnlab(["eval", "--weights", path, "--case", casePath])
        #expect(empty.status == 1 && empty.errorOutput.contains("`x` has no steps"), "\(empty.errorOutput)")
        let relu = try Run.rnnlab(["eval", "--weights", path, "--case", casePath, "--nonlinearity", "relu"])
        #expect(relu.status == 1 && relu.errorOutput.contains("--nonlinearity is for a plain RNN"), "\(relu.errorOutput)")
    }

    @Test func aSmallLSTMBesideAnEmbeddingLargerThanTheLimitIsEvaluated() throws {
        let folder = try TemporaryFolder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 5)
        let path = folder.path + "/bigemb.safetensors"
        try writeSparseCheckpoint(path, large: [("emb.weight", "F32", [70000, 1024])], module: lstm.parameters, prefix: "rnn.")
        let casePath = folder.path + "/case.json"
        try Data(#"{"x":[[1,2,3],[0,0,1]]}"#.utf8).write(to: URL(fileURLWithPath: casePath))
        let result = try Run.rnnlab(["eval", "--weights", path, "--case", casePath, "--json"])
        #expect(result.status == 0, "\(result.errorOutput)")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let reference = try lstm.forward(Matrix(rowArrays: [[1, 2, 3], [0, 0, 1]])!)
        expectClose(ours["output"], [reference.output.values], "output")
    }

    /// Runs eval on `caseText` with the weights at `weights`.
    private func evaluate(_ weights: String, _ caseText: String, in folder: TemporaryFolder, json: Bool) throws -> RunResult {
        let casePath = folder.path + "/case.json"
        try Data(caseText.utf8).write(to: URL(fileURLWithPath: casePath))
        return try Run.rnnlab(["eval", "--weights", weights, "--case", casePath] + (json ? ["--json"] : []))
    }

    @Test func aBatchOfOneIsReadAsOneSequenceAndSaysSoAndALargerBatchIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/lstm.safetensors"
        try SafeTensors.write(try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 1).parameters, to: path)
        let plain = try evaluate(path, #"{"x":[[1,2,3],[0,0,1]]}"#, in: folder, json: true)
        #expect(plain.status == 0, "\(plain.errorOutput)")
        // x as nn.LSTM takes it, (T, 1, I), and h0, c0 as (layers, 1, H)
        let batched = try evaluate(path, #"{"x":[[[1,2,3]],[[0,0,1]]], "h0":[[[0,0,0,0]]], "dy":[[[0,0,0,0]],[[0,0,0,0]]]}"#, in: folder, json: true)
        #expect(batched.status == 0, "\(batched.errorOutput)")
        #expect(batched.output == plain.output)
        #expect(batched.errorOutput.contains("note: the case has a batch dimension of 1 (x is 2 × 1 × 3, as nn.LSTM takes it); read as one sequence, x 2 × 3"),
                "\(batched.errorOutput)")
        let summary = try evaluate(path, #"{"x":[[[1,2,3]],[[0,0,1]]]}"#, in: folder, json: false)
        #expect(summary.status == 0 && summary.output.contains("note: the case has a batch dimension of 1"), "\(summary.output)\(summary.errorOutput)")
        let two = try evaluate(path, #"{"x":[[[1,2,3],[1,1,1]],[[0,0,1],[0,0,0]]]}"#, in: folder, json: true)
        #expect(two.status == 1)
        #expect(two.errorOutput.contains("`x` is a batch of 2 sequences (2 × 2 × 3); eval runs one: give x as T × 3"), "\(two.errorOutput)")
    }

    @Test func theSummaryShowsTheOutputAndFinalStatesAndSaysWhenThereIsNoDy() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/lstm.safetensors"
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 1)
        try SafeTensors.write(lstm.parameters, to: path)
        let result = try evaluate(path, #"{"x":[[1,2,3],[0,0,1]]}"#, in: folder, json: false)
        #expect(result.status == 0, "\(result.errorOutput)")
        let pass = try lstm.forward(Matrix(rowArrays: [[1, 2, 3], [0, 0, 1]])!)
        #expect(result.output.contains("output (2 × 4), the last step: "), "\(result.output)")
        #expect(result.output.contains("h_n (1 × 4): "), "\(result.output)")
        #expect(result.output.contains("c_n (1 × 4): "), "\(result.output)")
        let last = pass.output.values.suffix(4).map { String(format: "%.4f", $0) }.joined(separator: " ")
        #expect(result.output.contains(last), "\(result.output) lacks \(last)")
        #expect(result.output.contains("no `dy` in the case: L = 0 and every gradient is 0 (give dy, 2 × 4, for gradients)"), "\(result.output)")
        #expect(!result.output.contains("‖dL/d"), "\(result.output)")
    }

    @Test func evalSaysWhatItAssumesAndWarnsOfBrokenWeightsAsLoadDoes() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/rnn.safetensors"
        var parameters = try RecurrentNetwork(kind: .rnn, inputSize: 3, hiddenSize: 4, seed: 1).parameters
        try SafeTensors.write(parameters, to: path)
        let summary = try evaluate(path, #"{"x":[[1,2,3]]}"#, in: folder, json: false)
        #expect(summary.output.contains("note: the file does not say tanh or relu: tanh is assumed (`eval ... --nonlinearity relu` if it was relu)"),
                "\(summary.output)")
        let json = try evaluate(path, #"{"x":[[1,2,3]]}"#, in: folder, json: true)
        #expect(json.status == 0)
        #expect(json.errorOutput.contains("note: the file does not say tanh or relu: tanh is assumed"), "\(json.errorOutput)")
        #expect(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) is [String: Any], "stdout stays JSON")
        let relu = try Run.rnnlab(["eval", "--weights", path, "--case", folder.path + "/case.json", "--nonlinearity", "relu", "--json"])
        #expect(!relu.errorOutput.contains("tanh is assumed"), "\(relu.errorOutput)")

        parameters[index: 1].values[0] = .nan
        try SafeTensors.write(parameters, to: path)
        let broken = try evaluate(path, #"{"x":[[1,2,3]]}"#, in: folder, json: true)
        #expect(broken.errorOutput.contains("warning: 1 weight is NaN or infinite (in weight_hh_l0)"), "\(broken.errorOutput)")
    }

    @Test func anUnknownKeyInTheCaseIsAnErrorWithTheKeyMeant() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/rnn.safetensors"
        try SafeTensors.write(try RecurrentNetwork(kind: .rnn, inputSize: 3, hiddenSize: 4, seed: 1).parameters, to: path)
        let casePath = folder.path + "/case.json"
        try Data(#"{"x":[[1,2,3]],"h_0":[[5,5,5,5]],"dY":[[1,1,1,1]]}"#.utf8).write(to: URL(fileURLWithPath: casePath))
        let result = try Run.rnnlab(["eval", "--weights", path, "--case", casePath, "--json"])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.contains("unknown keys `h_0` (did you mean `h0`?), `dY` (did you mean `dy`?)"), "\(result.errorOutput)")
    }

    @Test func aTorchSaveFileIsRefusedWithThePythonThatConvertsThatFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/model.pt"
        try Data([0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 100)).write(to: URL(fileURLWithPath: path))
        let casePath = folder.path + "/case.json"
        try Data(#"{"x":[[1,2,3]]}"#.utf8).write(to: URL(fileURLWithPath: casePath))
        let result = try Run.rnnlab(["eval", "--weights", path, "--case", casePath])
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("this is a torch.save file (a zip archive)"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains(#"save_file(torch.load(""# + path + #""), "model.safetensors")"#), "\(result.errorOutput)")
    }

    /// Ways a checkpoint file can be broken.
    enum Corruption: String, CaseIterable, Sendable {
        case truncated, headerLengthBeyondTheFile, empty

        func apply(to bytes: [UInt8]) -> [UInt8] {
            switch self {
            case .truncated: Array(bytes.prefix(bytes.count - 3))
            case .headerLengthBeyondTheFile: [0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0] + bytes.dropFirst(8)
            case .empty: []
            }
        }
    }

    @Test(arguments: Corruption.allCases)
    func aBrokenCheckpointIsAnErrorNotACrash(corruption: Corruption) throws {
        let name = corruption.rawValue
        let folder = try TemporaryFolder()
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try fixturePath("gru_bidirectional.safetensors"))))
        let broken = folder.path + "/broken.safetensors"
        try Data(corruption.apply(to: bytes)).write(to: URL(fileURLWithPath: broken))
        let result = try Run.rnnlab(["eval", "--weights", broken, "--case", try fixturePath("gru_bidirectional.json"), "--json"])
        #expect(result.status == 1, "\(name): exit \(result.status)")
        #expect(result.output.isEmpty)
        #expect(result.errorOutput.hasPrefix("error: "), "\(name): \(result.errorOutput)")
        #expect(result.errorOutput.contains("broken.safetensors"), "\(name): the message should name the file: \(result.errorOutput)")
    }

    @Test("an nn.LSTMCell's state dict is run as a 1-layer LSTM with the note load gives, on standard error with --json")
    func aCellSaysItIsReadAsAOneLayerModule() throws {
        let folder = try TemporaryFolder()
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, seed: 6)
        let cell = ParameterSet(lstm.parameters.pairs.map { ("cell." + $0.name.dropLast("_l0".count), $0.tensor) })
        try SafeTensors.write(cell, to: folder.path + "/cell.safetensors")
        try #"{"x": [[1, 0], [0, 1]], "dy": [[1, 1, 1], [1, 1, 1]]}"#.write(toFile: folder.path + "/case.json", atomically: true, encoding: .utf8)
        let note = "note: cell is an nn.LSTMCell (weight_ih, weight_hh, bias_ih, bias_hh): read as a 1-layer nn.LSTM, "
            + "whose parameters are the same, named weight_ih_l0, …; grads names them so"
        let summary = try Run.rnnlab(["eval", "--weights", folder.path + "/cell.safetensors", "--case", folder.path + "/case.json"])
        #expect(summary.status == 0 && summary.output.contains(note), "\(summary.output)\(summary.errorOutput)")
        let json = try Run.rnnlab(["eval", "--weights", folder.path + "/cell.safetensors", "--case", folder.path + "/case.json", "--json"])
        #expect(json.status == 0 && json.errorOutput.contains(note), "\(json.errorOutput)")
        #expect(json.output.contains("\"weight_ih_l0\""), "grads names the cell's tensors as the module's")
    }
}
