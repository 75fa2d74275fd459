import Testing
@testable import RNNEngine

@Suite("Stopping a long pass part way")
struct StopTests {
    /// A 40-step random input of width 3.
    static let input: Matrix = {
        var generator = SeededGenerator(seed: 9)
        var matrix = Matrix(rows: 40, columns: 3)
        for i in matrix.values.indices { matrix.values[i] = generator.uniform(in: -1...1) }
        return matrix
    }()

    /// Every path through the engine: the three cells plain, and layer norm (its own loops),
    /// each with two layers in both directions.
    static let networks: [(String, RecurrentNetwork)] = {
        var networks: [(String, RecurrentNetwork)] = []
        for kind in CellKind.allCases {
            for layerNorm in [false, true] {
                let network = try! RecurrentNetwork(kind: kind, inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true,
                                                    layerNorm: layerNorm, seed: 4)
                networks.append(("\(kind.rawValue)\(layerNorm ? " with layer norm" : "")", network))
            }
        }
        return networks
    }()

    @Test("a forward pass asks every 8 steps, stops when told, and is unchanged by a check that never stops")
    func forwardStops() throws {
        for (name, network) in Self.networks {
            var asked = 0
            let unstopped = try network.forward(Self.input, shouldStop: { asked += 1; return false })
            // 4 layer-directions of 40 steps, asked before steps 8, 16, 24, 32 of each
            #expect(asked == 16, "\(name): asked \(asked) times")
            #expect(unstopped == (try network.forward(Self.input)), "\(name): the check changed the pass")
            var calls = 0
            #expect(throws: NetworkError.stopped, "\(name)") {
                try network.forward(Self.input, shouldStop: { calls += 1; return calls == 3 })
            }
            #expect(calls == 3, "\(name): went on after the stop")
        }
    }

    @Test("backward through time stops when told and gives the same gradients when it is not")
    func backwardStops() throws {
        for (name, network) in Self.networks {
            let pass = try network.forward(Self.input)
            let dy = Matrix(rows: 40, columns: network.outputSize, repeating: 0.5)
            var plain = pass, checked = pass
            let expected = try network.backward(&plain, outputGradient: dy)
            var asked = 0
            let gradients = try network.backward(&checked, outputGradient: dy, shouldStop: { asked += 1; return false })
            #expect(asked == 16, "\(name): asked \(asked) times")
            #expect(gradients == expected && checked == plain, "\(name): the check changed the gradients")
            var stopped = pass
            #expect(throws: NetworkError.stopped, "\(name)") {
                try network.backward(&stopped, outputGradient: dy, shouldStop: { true })
            }
        }
    }

    @Test("a pass shorter than 8 steps is never asked")
    func shortPassesAreNotAsked() throws {
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 1, hiddenSize: 3, seed: 1)
        let pass = try network.forward(Matrix(rows: 7, columns: 1, repeating: 0.3), shouldStop: { Issue.record("asked"); return true })
        #expect(pass.output.rows == 7)
    }

    @Test("a gradient check asks before every element, so it stops even on a short sequence")
    func gradientCheckStops() throws {
        let network = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 3, seed: 2)
        let x = Matrix(rows: 4, columns: 2, repeating: 0.25)
        let weights = Matrix(rows: 4, columns: 3, repeating: 1)
        var asked = 0
        #expect(throws: NetworkError.stopped) {
            try GradientCheck.run(network: network, input: .dense(x), objective: .dotProduct(weights: weights), sampleSize: 50,
                                  shouldStop: { asked += 1; return asked == 5 })
        }
        #expect(asked == 5)
        let report = try GradientCheck.run(network: network, input: .dense(x), objective: .dotProduct(weights: weights), sampleSize: 50,
                                           shouldStop: { false })
        #expect(report.checkedCount == 50)
    }
}
