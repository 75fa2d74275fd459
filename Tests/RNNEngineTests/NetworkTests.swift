import Foundation
import Testing
@testable import RNNEngine

@Suite("Networks, initialization and traces")
struct NetworkTests {
    @Test("default initialization is U(−1/√H, 1/√H), reproducible by seed")
    func defaultInitialization() throws {
        let a = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 16, seed: 5)
        let b = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 16, seed: 5)
        let c = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 16, seed: 6)
        #expect(a == b)
        #expect(a != c)
        let values = a.parameters.tensors.flatMap(\.values)
        #expect(values.allSatisfy { abs($0) <= 0.25 })
        #expect(values.max()! > 0.2 && values.min()! < -0.2)
        #expect(a.parameters.names == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
    }

    @Test("forget-gate bias sets b_ih's f slice and zeroes b_hh's")
    func forgetBias() throws {
        var network = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true, seed: 1)
        let before = network.parameters
        try network.setForgetGateBias(1)
        for name in network.parameters.names where name.hasPrefix("bias_") {
            let values = network.parameters[name]!.values, old = before[name]!.values
            #expect(Array(values[3..<6]) == (name.hasPrefix("bias_ih") ? [1, 1, 1] : [0, 0, 0]))
            #expect(Array(values[0..<3]) == Array(old[0..<3]))
            #expect(Array(values[6..<12]) == Array(old[6..<12]))
        }
        var rnn = try RecurrentNetwork(kind: .rnn, inputSize: 2, hiddenSize: 3)
        #expect(throws: NetworkError.self) { try rnn.setForgetGateBias(1) }
    }

    @Test("a network made with bias=False refuses a forget-gate bias, and keeps having no biases through a new nonlinearity or layer norm")
    func noBiasesStayNone() throws {
        for kind in [CellKind.lstm, .rnn] {
            let network = try RecurrentNetwork(kind: kind, inputSize: 2, hiddenSize: 3, numLayers: 2, seed: 1)
            let weightsOnly = ParameterSet(network.parameters.pairs.filter { !RecurrentNetwork.isBias($0.name) }.map { ($0.name, $0.tensor) })
            var biasless = try RecurrentNetwork(stateDict: weightsOnly)
            #expect(!biasless.hasBiases)
            if kind == .lstm {
                let error = #expect(throws: NetworkError.self) { try biasless.setForgetGateBias(3) }
                #expect(error?.message.contains("no biases") == true, "\(String(describing: error))")
                #expect(biasless.stateDict == weightsOnly && biasless.parameters.pairs.allSatisfy { !RecurrentNetwork.isBias($0.name) || $0.tensor.values.allSatisfy { $0 == 0 } },
                        "nothing was set")
            } else {
                let relu = try biasless.withNonlinearity(.relu)
                #expect(relu.nonlinearity == .relu && !relu.hasBiases && relu.stateDict == weightsOnly)
            }
            let normed = try biasless.withLayerNorm(true)
            #expect(!normed.hasBiases && normed.stateDict.names.allSatisfy { !RecurrentNetwork.isBias($0) })
            #expect(try !normed.withLayerNorm(false).hasBiases)
        }
    }

    @Test("recurrent weights scale to a chosen spectral norm or radius, per gate block")
    func spectralScaling() throws {
        var network = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 8, seed: 2)
        try network.scaleRecurrentWeights(toSpectralNorm: 0.9)
        for gate in 0..<3 { #expect(abs(network.recurrentBlock(gate: gate)!.spectralNorm - 0.9) < 1e-10) }
        try network.scaleRecurrentWeights(toSpectralRadius: 1.1)
        for gate in 0..<3 { #expect(abs(network.recurrentBlock(gate: gate)!.spectralRadius - 1.1) < 1e-8) }
    }

    @Test("identity recurrence (IRNN) keeps a positive state constant under zero input")
    func identityRecurrence() throws {
        var network = try RecurrentNetwork(kind: .rnn, inputSize: 2, hiddenSize: 3, nonlinearity: .relu, seed: 2)
        network.setIdentityRecurrence()
        #expect(network.recurrentBlock()! == Matrix.identity(3))
        let h0 = Matrix(rows: 1, columns: 3, values: [0.5, 1, 2])!
        let pass = try network.forward(Matrix(rows: 20, columns: 2), initialHidden: h0)
        #expect(pass.finalHidden == h0)
    }

    @Test("single weights are set by name and index, with errors for bad names and indices")
    func setWeight() throws {
        var network = try RecurrentNetwork(kind: .rnn, inputSize: 2, hiddenSize: 3)
        try network.setParameterElement("weight_hh_l0", index: [1, 2], to: 7)
        #expect(network.parameters["weight_hh_l0"]!.values[5] == 7)
        #expect(throws: NetworkError.self) { try network.setParameterElement("weight_hh_l0", index: [3, 0], to: 1) }
        #expect(throws: NetworkError.self) { try network.setParameterElement("weight_xx_l0", index: [0, 0], to: 1) }
        #expect(throws: NetworkError.self) { try network.setParameter("bias_hh_l0", to: Tensor(zeros: [4])) }
    }

    @Test("bad inputs are errors, not crashes")
    func badInputs() throws {
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3)
        #expect(throws: NetworkError.self) { try network.forward(Matrix(rows: 4, columns: 3)) }
        #expect(throws: NetworkError.self) { try network.forward(Matrix(rows: 4, columns: 2), initialHidden: Matrix(rows: 2, columns: 3)) }
        #expect(throws: NetworkError.self) { try network.forward(.oneHot(indices: [0, 2], size: 2)) }
        #expect(throws: NetworkError.self) { try network.forward(Matrix(rows: 4, columns: 2), mask: [true]) }
        #expect(throws: NetworkError.self) { try RecurrentNetwork(kind: .rnn, inputSize: 0, hiddenSize: 3) }
        var pass = try network.forward(Matrix(rows: 4, columns: 2))
        #expect(throws: NetworkError.self) { try network.backward(&pass, outputGradient: Matrix(rows: 3, columns: 3)) }
        #expect(throws: NetworkError.self) { try network.backward(&pass, outputGradient: Matrix(rows: 4, columns: 3), options: BackwardOptions(truncation: 0)) }
    }

    @Test("trace values are readable by quantity and by symbol, and list per kind")
    func traceAccess() throws {
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true, seed: 4)
        let x = GradientCheckTests.randomMatrix(5, 2, seed: 1)
        var pass = try network.forward(x)
        let trace = pass.trace
        #expect(trace.directions.count == 4)
        let f = try #require(trace.value(.forgetGate, layer: 1, direction: .reverse, step: 2))
        #expect(f == trace.value("f", layer: 1, direction: .reverse, step: 2))
        #expect(f.count == 3 && f.allSatisfy { $0 > 0 && $0 < 1 })
        // h = o ⊙ tanh(c) at every step.
        let o = trace.value(.outputGate, step: 4)!, c = trace.value(.cellState, step: 4)!, h = trace.value(.hiddenState, step: 4)!
        for j in 0..<3 { #expect(abs(h[j] - o[j] * tanh(c[j])) < 1e-15) }
        #expect(trace.value(.resetGate, step: 0) == nil)
        #expect(trace.value(.hiddenGradient, step: 0) == nil)
        #expect(trace.value(.hiddenState, step: 5) == nil)
        #expect(CellKind.lstm.valueQuantities.map(\.symbol) == ["i", "f", "g", "o", "c", "h"])
        #expect(CellKind.gru.valueQuantities.map(\.symbol) == ["r", "z", "n", "h"])
        _ = try network.backward(&pass, outputGradient: Matrix(rows: 5, columns: 6, repeating: 1))
        #expect(pass.trace.value(.hiddenGradient, layer: 0, step: 0)?.count == 3)
        #expect(pass.trace.direction(layer: 1, direction: .forward)?.series(.cellGradient)?.rows == 5)
    }

    @Test("a trace's JSON has no gates at a padding step, and h and c carried through it")
    func traceJSONAtPadding() throws {
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 3, seed: 4)
        let pass = try network.forward(GradientCheckTests.randomMatrix(4, 2, seed: 1), mask: [true, true, false, false])
        let steps = try #require(pass.trace.json.array?.first?["steps"]?.array)
        for symbol in ["i", "f", "g", "o"] {
            #expect(steps[1][symbol]?.array?.count == 3, "a real step has \(symbol)")
            #expect(steps[3][symbol] == .null, "no \(symbol) is computed at padding")
        }
        #expect(steps[3]["h"] == steps[1]["h"] && steps[3]["c"] == steps[1]["c"])
        #expect(steps[3]["h"]?.array?.count == 3)
    }

    @Test("step Jacobian norms equal the norm of the finite-difference Jacobian ∂h_t/∂h_{t−1}, exact and by Lanczos above 16 units",
          arguments: CellKind.allCases, [4, 24])
    func stepJacobianNorms(kind: CellKind, hidden: Int) throws {
        var network = try RecurrentNetwork(kind: kind, inputSize: 2, hiddenSize: hidden, bidirectional: true, seed: 8)
        try network.scaleRecurrentWeights(toSpectralNorm: 1.5)
        let x = GradientCheckTests.randomMatrix(6, 2, seed: 3)
        var pass = try network.forward(x)
        _ = try network.backward(&pass, outputGradient: Matrix(rows: 6, columns: 2 * hidden), options: BackwardOptions(stepJacobianNorms: true))
        for direction in Direction.allCases {
            let trace = try #require(pass.trace.direction(layer: 0, direction: direction))
            let norms = try #require(trace.stepJacobianNorms)
            for t in [2, 3] {
                let previous = direction == .forward ? t - 1 : t + 1
                // One step from h_{t−1} (and c_{t−1} held fixed) with the same input.
                func step(_ h: [Double]) throws -> [Double] {
                    var h0 = Matrix(rows: 2, columns: hidden), c0 = Matrix(rows: 2, columns: hidden)
                    h0.setRow(direction.rawValue, to: h)
                    if kind == .lstm { c0.setRow(direction.rawValue, to: trace.cellState.row(previous)) }
                    let single = try network.forward(Matrix(rows: 1, columns: 2, values: x.row(t))!, initialHidden: h0,
                                                     initialCell: kind == .lstm ? c0 : nil)
                    return single.finalHidden.row(direction.rawValue)
                }
                var jacobian = Matrix(rows: hidden, columns: hidden)
                let base = trace.hiddenState.row(previous)
                for k in 0..<hidden {
                    var plus = base, minus = base
                    plus[k] += 1e-6; minus[k] -= 1e-6
                    let column = zip(try step(plus), try step(minus)).map { ($0 - $1) / 2e-6 }
                    for j in 0..<hidden { jacobian[j, k] = column[j] }
                }
                #expect(abs(norms[t] - jacobian.spectralNorm) < 1e-7, "\(direction.name) t=\(t)")
            }
        }
    }
}
