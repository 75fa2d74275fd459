import Foundation
import Testing
@testable import RNNEngine

@Suite("PyTorch fixtures")
struct FixtureTests {
    /// Reproduces a fixture through `evaluateCase` and returns the largest error of each key.
    func errors(_ name: String, weights: String) throws -> [String: (maxError: Double, mismatch: String?)] {
        let fixture = try Fixtures.json(name)
        let text = try evaluateCase(
            weightsPath: try Fixtures.path(weights, "safetensors"), casePath: try Fixtures.path(name, "json"),
            nonlinearity: Fixtures.nonlinearity(fixture))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        var keys = ["output", "h_n", "loss", "grads", "trace"]
        if fixture["c_n"] != nil { keys.append("c_n") }
        var errors: [String: (maxError: Double, mismatch: String?)] = [:]
        for key in keys {
            var report: (maxError: Double, mismatch: String?) = (0, nil)
            if key == "grads" {
                for (name, value) in try #require(fixture[key] as? [String: Any]) {
                    var single: (maxError: Double, mismatch: String?) = (0, nil)
                    let expected = Fixtures.isParameter(name) ? Fixtures.halved(value) : value
                    Fixtures.compare(expected, (result[key] as? [String: Any])?[name], path: "grads.\(name)", into: &single)
                    errors["grads." + name] = single
                }
                continue
            }
            Fixtures.compare(try #require(fixture[key]), result[key], path: key, into: &report)
            errors[key] = report
        }
        return errors
    }

    @Test("float64 weights reproduce every value within 1e-10", arguments: Fixtures.names)
    func float64(name: String) throws {
        for (key, report) in try errors(name, weights: name) {
            #expect(report.mismatch == nil, "\(name) \(key): \(report.mismatch ?? "")")
            #expect(report.maxError <= 1e-10, "\(name) \(key): max error \(report.maxError)")
        }
    }

    @Test("float32 weights reproduce every value within 1e-5", arguments: Fixtures.names)
    func float32(name: String) throws {
        for (key, report) in try errors(name, weights: name + ".f32") {
            #expect(report.mismatch == nil, "\(name) \(key): \(report.mismatch ?? "")")
            #expect(report.maxError <= 1e-5, "\(name) \(key): max error \(report.maxError)")
        }
    }

    @Test("the loaded network has the fixture's configuration", arguments: Fixtures.names)
    func configuration(name: String) throws {
        let fixture = try Fixtures.json(name)
        let network = try RecurrentNetwork(
            safetensorsPath: try Fixtures.path(name, "safetensors"),
            nonlinearity: Fixtures.nonlinearity(fixture) == "relu" ? .relu : nil)
        let kind = try #require(fixture["kind"] as? String)
        #expect(network.kind.rawValue == (kind.hasPrefix("rnn") ? "rnn" : kind))
        #expect(network.inputSize == fixture["input_size"] as? Int)
        #expect(network.hiddenSize == fixture["hidden_size"] as? Int)
        #expect(network.numLayers == fixture["num_layers"] as? Int)
        #expect(network.bidirectional == fixture["bidirectional"] as? Bool)
        let params = try #require(fixture["params"] as? [String: Any])
        #expect(Set(network.parameters.names) == Set(params.keys))
    }
}
