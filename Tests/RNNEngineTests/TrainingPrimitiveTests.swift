import Testing
@testable import RNNEngine

@Suite("Parameter counts, clipping and optimizers")
struct TrainingPrimitiveTests {
    @Test("parameter counts match reference-math examples, by tensors and by formula")
    func parameterCounts() throws {
        let cases: [(CellKind, Int, Bool, Int)] = [(.rnn, 1, false, 640), (.gru, 1, false, 1920), (.lstm, 1, false, 2560), (.lstm, 2, true, 15040)]
        for (kind, layers, bidirectional, expected) in cases {
            let network = try RecurrentNetwork(kind: kind, inputSize: 10, hiddenSize: 20, numLayers: layers, bidirectional: bidirectional)
            let count = ParameterCount(network)
            #expect(count.total == expected)
            #expect(ParameterCount.formula(kind: kind, inputSize: 10, hiddenSize: 20, numLayers: layers, bidirectional: bidirectional) == expected)
            #expect(count.entries.first?.name == "weight_ih_l0")
            #expect(count.entries.first?.shape == [kind.gateCount * 20, 10])
        }
        #expect(ParameterCount.perLayerDirection(kind: .lstm, layerInputSize: 40, hiddenSize: 20) == 4 * 20 * 60 + 2 * 4 * 20)
    }

    @Test("norm clipping scales by min(1, θ/(‖g‖+1e-6)) and reports the norms")
    func normClipping() throws {
        var gradients = ParameterSet([("a", Tensor(shape: [2], values: [3, 0])!), ("b", Tensor(shape: [1], values: [4])!)])
        let report = try GradientClipping.clipNorm(&gradients, maxNorm: 1)
        #expect(report.normBefore == 5)
        #expect(report.scale == 1 / (5 + 1e-6))
        #expect(gradients["a"]!.values == [3 * report.scale, 0])
        #expect(gradients["b"]!.values == [4 * report.scale])
        #expect(abs(report.normAfter - 5 / (5 + 1e-6)) < 1e-15)
        var small = ParameterSet([("a", Tensor(shape: [2], values: [0.3, 0.4])!)])
        let untouched = try GradientClipping.clipNorm(&small, maxNorm: 5)
        #expect(untouched.scale == 1)
        #expect(small["a"]!.values == [0.3, 0.4])
        var sets = [ParameterSet([("a", Tensor(shape: [1], values: [6])!)]), ParameterSet([("w", Tensor(shape: [1], values: [8])!)])]
        let joint = try GradientClipping.clipNorm(&sets, maxNorm: 5)
        #expect(joint.normBefore == 10)
        #expect(abs(sets[0]["a"]!.values[0] / sets[1]["w"]!.values[0] - 0.75) < 1e-15)
        // a norm the caller took already is used as it is, not taken again
        var known = [ParameterSet([("a", Tensor(shape: [1], values: [6])!)])]
        let given = try GradientClipping.clipNorm(&known, maxNorm: 5, norm: 20)
        #expect(given.normBefore == 20 && given.scale == 5 / (20 + 1e-6) && known[0]["a"]!.values == [6 * given.scale])
        #expect(throws: NetworkError.self) { try GradientClipping.clipNorm(&small, maxNorm: -1) }
    }

    @Test("value clipping clamps each element and counts them")
    func valueClipping() throws {
        var gradients = ParameterSet([("a", Tensor(shape: [3], values: [-7, 2, 6])!)])
        #expect(try GradientClipping.clipValues(&gradients, limit: 5) == 2)
        #expect(gradients["a"]!.values == [-5, 2, 5])
    }

    static let start = ParameterSet([("w", Tensor(shape: [2], values: [1.0, -2.0])!)])
    static let gradient = ParameterSet([("w", Tensor(shape: [2], values: [0.5, 0.1])!)])

    @Test("SGD with momentum follows PyTorch's rule over two steps")
    func sgd() throws {
        var parameters = Self.start
        var optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        try optimizer.step(&parameters, gradients: Self.gradient)
        // Step 1: b = g; θ = θ − 0.1 g.
        #expect(parameters["w"]!.values == [1.0 - 0.1 * 0.5, -2.0 - 0.1 * 0.1])
        try optimizer.step(&parameters, gradients: Self.gradient)
        // Step 2: b = 0.9 g + g = 1.9 g; θ −= 0.1 · 1.9 g.
        #expect(parameters["w"]!.values == [1.0 - 0.1 * 0.5 - 0.1 * (0.9 * 0.5 + 0.5), -2.0 - 0.1 * 0.1 - 0.1 * (0.9 * 0.1 + 0.1)])
    }

    @Test("Adagrad follows PyTorch's rule over two steps")
    func adagrad() throws {
        var parameters = Self.start
        var optimizer = Adagrad(learningRate: 0.1)
        try optimizer.step(&parameters, gradients: Self.gradient)
        try optimizer.step(&parameters, gradients: Self.gradient)
        // s₁ = g², s₂ = 2g²; θ₂ = θ₀ − 0.1 g/(|g| + 1e-10) − 0.1 g/(√2 |g| + 1e-10).
        let expected = [
            1.0 - 0.1 * 0.5 / (0.5 + 1e-10) - 0.1 * 0.5 / ((2 * 0.25).squareRoot() + 1e-10),
            -2.0 - 0.1 * 0.1 / (0.1 + 1e-10) - 0.1 * 0.1 / ((2 * 0.01).squareRoot() + 1e-10),
        ]
        for (a, b) in zip(parameters["w"]!.values, expected) { #expect(abs(a - b) < 1e-15) }
        #expect(abs(parameters["w"]!.values[0] - (1.0 - 0.1 - 0.1 / 2.squareRoot())) < 1e-9)
    }

    @Test("Adam follows PyTorch's rule over two steps")
    func adam() throws {
        var parameters = Self.start
        var optimizer = Adam(learningRate: 0.1)
        try optimizer.step(&parameters, gradients: Self.gradient)
        // Step 1: m = 0.1 g, v = 0.001 g²; θ −= (0.1/0.1) · m / (√v/√0.001 + 1e-8) ≈ 0.1 · sign(g).
        #expect(abs(parameters["w"]!.values[0] - (1.0 - 0.05 / (0.5 + 1e-8))) < 1e-15)
        #expect(abs(parameters["w"]!.values[1] - (-2.0 - 0.01 / (0.1 + 1e-8))) < 1e-15)
        try optimizer.step(&parameters, gradients: Self.gradient)
        // Step 2 with the same g: m = 0.19 g, v = 0.001999 g², corrections 0.19 and 0.001999.
        let g = 0.5
        let m = 0.9 * 0.1 * g + 0.1 * g, v = 0.999 * 0.001 * g * g + 0.001 * g * g
        let stepSize = 0.1 / (1 - 0.9 * 0.9)
        let denominator = v.squareRoot() / (1 - 0.999 * 0.999).squareRoot() + 1e-8
        let expected = 1.0 - 0.05 / (0.5 + 1e-8) - stepSize * m / denominator
        #expect(abs(parameters["w"]!.values[0] - expected) < 1e-14)
    }

    @Test("optimizers reject gradients of another shape")
    func mismatchedGradient() throws {
        var parameters = Self.start
        var optimizer = Adam()
        let wrong = ParameterSet([("w", Tensor(shape: [3], values: [0, 0, 0])!)])
        #expect(throws: NetworkError.self) { try optimizer.step(&parameters, gradients: wrong) }
        #expect(throws: NetworkError.self) { try optimizer.step(&parameters, gradients: ParameterSet()) }
    }

    @Test("a network trains: Adam lowers the cross-entropy of a tiny language model")
    func training() throws {
        var network = try RecurrentNetwork(kind: .lstm, inputSize: 4, hiddenSize: 8, seed: 1)
        var head = try OutputHead(inputSize: 8, outputSize: 4, seed: 2)
        let input = InputSequence.oneHot(indices: [0, 1, 2, 2], size: 4)  // "hell" → "ello"
        let targets = [1, 2, 2, 3]
        var optimizer = Adam(learningRate: 0.05), headOptimizer = Adam(learningRate: 0.05)
        var losses: [Double] = []
        for _ in 0..<60 {
            var pass = try network.forward(input)
            let loss = try Loss.crossEntropy(output: pass.output, head: head, targets: targets)
            losses.append(loss.value)
            var gradients = [try network.backward(&pass, outputGradient: loss.outputGradient).parameters, loss.headGradients!]
            _ = try GradientClipping.clipNorm(&gradients, maxNorm: 5)
            try network.updateParameters { try optimizer.step(&$0, gradients: gradients[0]) }
            var headParameters = head.parameters
            try headOptimizer.step(&headParameters, gradients: gradients[1])
            head.parameters = headParameters
        }
        #expect(losses[0] > 1.2)
        #expect(losses.last! < 0.05)
    }
}
