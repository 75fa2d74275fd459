import Foundation
import Testing
@testable import RNNEngine

@Suite("evaluateCase")
struct EvaluateCaseTests {
    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-\(getpid())-\(name)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("absent h0, c0 and dy are zeros: zero loss and gradients, the fixture's forward values")
    func optionalKeys() throws {
        let fixture = try Fixtures.json("lstm_small")
        let x = try #require(fixture["x"] as? [[Double]])
        let casePath = try temporaryFile("case.json", "{\"x\": \(x)}")
        defer { try? FileManager.default.removeItem(atPath: casePath) }
        let text = try evaluateCase(weightsPath: try Fixtures.path("lstm_small", "safetensors"), casePath: casePath, nonlinearity: nil)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(result["loss"] as? Double == 0)
        let grads = try #require(result["grads"] as? [String: Any])
        #expect(Set(grads.keys) == ["x", "h0", "c0", "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        #expect((grads["weight_hh_l0"] as? [[Double]])?.joined().allSatisfy { $0 == 0 } == true)
        // With zero states the first step's gates are those of a fresh forward pass.
        let network = try RecurrentNetwork(safetensorsPath: try Fixtures.path("lstm_small", "safetensors"))
        let pass = try network.forward(Matrix(rowArrays: x)!)
        let trace = try #require(result["trace"] as? [[String: Any]])
        let firstStep = try #require((trace[0]["steps"] as? [[String: Any]])?.first)
        #expect(Set(firstStep.keys) == ["i", "f", "g", "o", "c", "h", "dh", "dc"])
        // The printed numbers read back bit for bit (with rnnlab's parser; Foundation's may round).
        let exact = try JSONParser.parse(text)
        let printedForget = exact["trace"]?.array?.first?["steps"]?.array?.first?["f"]?.array?.compactMap(\.number)
        #expect(printedForget == pass.trace.value(.forgetGate, step: 0))
    }

    @Test("a case of the wrong shape says the shape it needs; a NaN or infinity says JSON has none; a count of one is singular")
    func shapeAndNumberMessages() throws {
        let weights = try Fixtures.path("gru_small", "safetensors")
        let fixture = try Fixtures.json("gru_small")
        let inputSize = try #require(fixture["input_size"] as? Int), hidden = try #require(fixture["hidden_size"] as? Int)
        let layers = try #require(fixture["num_layers"] as? Int) * ((fixture["bidirectional"] as? Bool) == true ? 2 : 1)
        let row = "[" + Array(repeating: "1", count: inputSize).joined(separator: ", ") + "]"
        let flat = "[" + Array(repeating: "0.1", count: hidden).joined(separator: ", ") + "]"
        let cases: [(String, String)] = [
            ("{\"x\": [\(row)], \"h0\": \(flat)}",
             "`h0` must be (layers·directions) × H = \(layers) × \(hidden), a list of rows even when there is one row ([[…]]), not a flat list of \(hidden) numbers"),
            ("{\"x\": [[1]]}", "`x`[0] has 1 number, expected \(inputSize); `x` is T × input_size = T × \(inputSize)"),
            ("{\"x\": [[NaN]]}", "NaN is not a JSON number — JSON has no NaN or infinity"),
            ("{\"x\": [[-Infinity]]}", "-Infinity is not a JSON number"),
        ]
        try expectRefused(cases, weights: weights, file: "shape.json")
        let lstm = try Fixtures.path("lstm_small", "safetensors")
        do {
            _ = try evaluateCase(weightsPath: lstm, casePath: try Fixtures.path("lstm_small", "json"), nonlinearity: "relu")
            Issue.record("--nonlinearity accepted for an LSTM")
        } catch {
            #expect("\(error)".contains("holds an lstm"), "\(error)")
        }
    }

    @Test("bad cases and options give errors that name the problem")
    func errors() throws {
        let weights = try Fixtures.path("gru_small", "safetensors")
        let fixture = try Fixtures.json("gru_small")
        let inputSize = try #require(fixture["input_size"] as? Int)
        let row = "[" + Array(repeating: "1", count: inputSize).joined(separator: ", ") + "]"
        let cases: [(String, String)] = [
            ("{\"h0\": [[0]]}", "missing `x`"),
            ("{\"x\": [[1]]}", "expected \(inputSize)"),
            ("{\"x\": [\(row)], \"dy\": [[1]]}", "`dy`"),
            ("{\"x\": [\(row)], \"h0\": [\(row), \(row), \(row)]}", "`h0`"),
            ("[1, 2]", "JSON object"),
            ("{\"x\": ", "invalid JSON"),
            ("{\"x\": [\(row)], \"h_0\": [[5, 5, 5, 5]], \"dY\": [[1, 1, 1, 1]]}", "unknown keys `h_0` (did you mean `h0`?), `dY` (did you mean `dy`?)"),
            ("{\"x\": [\(row)], \"initial_state\": []}", "unknown key `initial_state`; a case gives x and optionally h0, c0, dy and length"),
            // a batch dimension: of one with rows missing or of another count, of several, or the first of batch_first=True
            ("{\"x\": [[\(row)], [\(row), \(row)]]}", "`x`[1] has 2 rows but `x`[0] has 1"),
            ("{\"x\": [[\(row)], \(row)]}", "`x`[1] is not a list of rows as `x`[0] is"),
            ("{\"x\": [[\(row), \(row)], [\(row), \(row)]]}", "`x` is a batch of 2 sequences (2 × 2 × \(inputSize)); eval runs one"),
            ("{\"x\": [[\(row), \(row), \(row)]]}", "or one sequence of 3 steps with batch_first=True"),
            ("{\"x\": [\(row)], \"h0\": [[[0, 0], [0, 0]]]}", "`h0` is a batch of 2 sequences (1 × 2 × 2); eval runs one: give h0 as 1 × "),
        ]
        try expectRefused(cases, weights: weights, file: "bad.json")
        #expect(throws: NetworkError.self) {
            try evaluateCase(weightsPath: weights, casePath: try Fixtures.path("gru_small", "json"), nonlinearity: "sigmoid")
        }
        #expect(throws: SafeTensorsError.self) {
            try evaluateCase(weightsPath: "/nonexistent/w.safetensors", casePath: try Fixtures.path("gru_small", "json"), nonlinearity: nil)
        }
    }

    /// Each case, written to `file` and evaluated with `weights`, is refused with an error
    /// containing its expected text.
    @Test("a case's length makes the rest of x padding: the real steps' results are those of x cut there, the output 0 after")
    func lengthPadsTheEnd() throws {
        let network = try RecurrentNetwork(safetensorsPath: try Fixtures.path("lstm_2layer_bidirectional", "safetensors"))
        let fixture = try Fixtures.json("lstm_2layer_bidirectional")
        let x = try #require(fixture["x"] as? [[Double]])
        let length = x.count - 2
        try #require(length >= 2, "the case this test is about")
        var generator = SeededGenerator(seed: 5)
        let dy = (0..<x.count).map { _ in (0..<network.outputSize).map { _ in generator.uniform(in: -1...1) } }
        func json(_ rows: [[Double]]) -> JSONValue { .array(rows.map { .array($0.map(JSONValue.number)) }) }
        let padded = try CaseEvaluation(network: network, caseValue: .object([("x", json(x)), ("dy", json(dy)), ("length", .number(Double(length)))]))
        let cut = try CaseEvaluation(network: network, caseValue: .object([("x", json(Array(x.prefix(length)))), ("dy", json(Array(dy.prefix(length))))]))
        let width = network.outputSize
        #expect(Array(padded.pass.output.values.prefix(length * width)) == cut.pass.output.values)
        #expect(padded.pass.output.values.suffix(2 * width).allSatisfy { $0 == 0 }, "pad_packed_sequence's zeros")
        #expect(padded.pass.finalHidden == cut.pass.finalHidden && padded.pass.finalCell == cut.pass.finalCell)
        #expect(abs(padded.loss - cut.loss) <= 1e-15 * max(1, abs(cut.loss)))
        for (name, tensor) in cut.gradients.parameters.pairs {
            let other = try #require(padded.gradients.parameters[name])
            #expect(zip(other.values, tensor.values).allSatisfy { abs($0 - $1) <= 1e-14 }, "\(name)")
        }
        #expect(padded.notes.contains { $0.hasPrefix("length \(length) of \(x.count): steps \(length + 1)–\(x.count) are padding") }, "\(padded.notes)")
        try expectRefused([("{\"x\": [[1, 2, 3]], \"length\": 2}", "`length` must be a whole number of real steps from 1 to x's 1"),
                           ("{\"x\": [[1, 2, 3]], \"length\": 0.5}", "`length` must be a whole number")],
                          weights: try Fixtures.path("gru_small", "safetensors"), file: "length.json")
    }

    func expectRefused(_ cases: [(String, String)], weights: String, file: String) throws {
        for (text, expected) in cases {
            let path = try temporaryFile(file, text)
            defer { try? FileManager.default.removeItem(atPath: path) }
            do {
                _ = try evaluateCase(weightsPath: weights, casePath: path, nonlinearity: nil)
                Issue.record("accepted \(text)")
            } catch {
                #expect("\(error)".contains(expected), "\(text): \(error)")
            }
        }
    }
}
