import Foundation
import Testing
@testable import RNNEngine

/// Networks made without biases (`biases: false`, the lab's `model --no-bias`) against
/// PyTorch modules made with `bias=False`.
///
/// Each fixture (`nobias_*.json`) holds the weights a seed makes here, and what PyTorch's
/// `nn.RNN`/`nn.LSTM`/`nn.GRU(..., bias=False)` with those weights computes from its `x`,
/// `h0`, `c0` and `dy`: the output, the final states, L = Σ output · dy and one backward
/// pass's gradients (not doubled, unlike the older fixtures'). Two layers, both directions.
@Suite("Networks without biases against PyTorch's bias=False")
struct NoBiasFixtureTests {
    static let names = ["nobias_rnn_tanh", "nobias_lstm", "nobias_gru"]

    @Test("a network made without biases has the fixture's weights and no biases, and computes what PyTorch's bias=False does",
          arguments: names)
    func matchesPyTorch(name: String) throws {
        let fixture = try Fixtures.json(name)
        let kindName = try #require(fixture["kind"] as? String)
        let kind = try #require(CellKind(rawValue: kindName.hasPrefix("rnn") ? "rnn" : kindName))
        let network = try RecurrentNetwork(
            kind: kind, inputSize: try #require(fixture["input_size"] as? Int), hiddenSize: try #require(fixture["hidden_size"] as? Int),
            numLayers: try #require(fixture["num_layers"] as? Int), bidirectional: try #require(fixture["bidirectional"] as? Bool),
            biases: false, seed: UInt64(try #require(fixture["seed"] as? Int)))
        #expect(!network.hasBiases)
        #expect(network.parameters.pairs.allSatisfy { !RecurrentNetwork.isBias($0.name) || $0.tensor.values.allSatisfy { $0 == 0 } })
        // the weights are the fixture's, bit for bit (read by the engine's parser, which reads
        // every digit), and the state dict has nothing else
        let text = try String(contentsOfFile: try Fixtures.path(name, "json"), encoding: .utf8)
        let params = try #require(try JSONParser.parse(text).members?.first { $0.0 == "params" }?.1.members)
        #expect(network.stateDict.names == params.map(\.0))
        for (tensorName, value) in params {
            let rows = try #require(value.array).map { $0.array?.compactMap(\.number) ?? [] }
            #expect(network.parameter(tensorName)?.values == rows.flatMap { $0 }, "\(name) \(tensorName)")
        }
        // the same seed with biases draws the same weights: the two differ by the biases alone
        let withBiases = try RecurrentNetwork(kind: kind, inputSize: network.inputSize, hiddenSize: network.hiddenSize,
                                              numLayers: network.numLayers, bidirectional: network.bidirectional,
                                              seed: UInt64(try #require(fixture["seed"] as? Int)))
        #expect(withBiases.parameters.pairs.filter { !RecurrentNetwork.isBias($0.name) }.map(\.tensor) == network.stateDict.tensors)

        let caseText = String(decoding: try JSONSerialization.data(withJSONObject: fixture.filter { CaseEvaluation.inputKeys.contains($0.key) }), as: UTF8.self)
        let evaluation = try CaseEvaluation(network: network, caseValue: try JSONParser.parse(caseText))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(JSONWriter.text(evaluation.json).utf8)) as? [String: Any])
        var keys = ["output", "h_n", "loss", "grads"]
        if fixture["c_n"] != nil { keys.append("c_n") }
        for key in keys {
            var report: (maxError: Double, mismatch: String?) = (0, nil)
            Fixtures.compare(try #require(fixture[key]), result[key], path: key, into: &report)
            #expect(report.mismatch == nil, "\(name) \(key): \(report.mismatch ?? "")")
            #expect(report.maxError <= 1e-10, "\(name) \(key): max error \(report.maxError)")
        }
        // no gradient for a bias the module does not have
        let grads = try #require(result["grads"] as? [String: Any])
        #expect(!grads.keys.contains { RecurrentNetwork.isBias($0) }, "\(grads.keys.sorted())")
    }
}
