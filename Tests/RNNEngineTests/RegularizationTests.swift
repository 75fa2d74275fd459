import Testing
@testable import RNNEngine

@Suite("Layer normalization and dropout")
struct RegularizationTests {
    typealias Configuration = GradientCheckTests.Configuration

    static let configurations = GradientCheckTests.configurations

    /// Layer norm divides by the spread of each projection, which dropout (a dropped input
    /// leaves `W_ih x_t` a multiple of one column) or a zero state can make small; the loss
    /// then curves sharply and both the O(ε²) error of central differences and their rounding
    /// noise grow (a wrong gradient term would give errors of order 1). These checks allow
    /// 1e-5 relative error and compare gradients below 0.01 absolutely.
    static let tolerance = 1e-5
    static let floor = 1e-2

    /// A layer-normalized network whose gains and biases are no longer 1 and 0, so every
    /// gradient term is exercised.
    static func layerNormNetwork(_ configuration: Configuration, seed: UInt64 = 7) throws -> RecurrentNetwork {
        var network = try RecurrentNetwork(
            kind: configuration.kind, inputSize: 3, hiddenSize: 4, numLayers: configuration.layers,
            bidirectional: configuration.bidirectional, nonlinearity: configuration.nonlinearity, layerNorm: true, seed: seed)
        var generator = SeededGenerator(seed: seed + 100)
        for name in network.parameters.names where name.hasPrefix("layer_norm_") {
            var tensor = network.parameter(name)!
            for k in tensor.values.indices { tensor.values[k] += generator.uniform(in: -0.3...0.3) }
            try network.setParameter(name, to: tensor)
        }
        return network
    }

    static func inputs(_ network: RecurrentNetwork, steps: Int = 5) -> (Matrix, Matrix, Matrix?) {
        let rows = network.numLayers * network.directionCount
        return (GradientCheckTests.randomMatrix(steps, network.inputSize, seed: 1),
                GradientCheckTests.randomMatrix(rows, network.hiddenSize, seed: 2, scale: 0.5),
                network.kind == .lstm ? GradientCheckTests.randomMatrix(rows, network.hiddenSize, seed: 3, scale: 0.5) : nil)
    }

    @Test("layer norm: the hand-written gradients match central differences", arguments: configurations)
    func layerNormGradients(configuration: Configuration) throws {
        let network = try Self.layerNormNetwork(configuration)
        let (x, h0, c0) = Self.inputs(network)
        let dy = GradientCheckTests.randomMatrix(x.rows, network.outputSize, seed: 4)
        let report = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                           objective: .dotProduct(weights: dy))
        #expect(report.checkedCount == network.parameters.elementCount + x.values.count + h0.values.count + (c0?.values.count ?? 0))
        #expect(report.maxRelativeError < 1e-6, "\(String(describing: report.worst))")
    }

    @Test("from a zero state under layer norm, central differences miss the lab's 1e-5 and the refined ones agree")
    func zeroStateNeedsRefinedDifferences() throws {
        // h0 = 0 makes W_hh h0 a block of equal values, where layer norm curves sharply.
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 1, hiddenSize: 8, layerNorm: true, seed: 1)
        let x = GradientCheckTests.randomMatrix(20, 1, seed: 5)
        let dy = GradientCheckTests.randomMatrix(20, network.outputSize, seed: 6)
        func check(refineAbove: Double) throws -> GradientCheckReport {
            try GradientCheck.run(network: network, input: .dense(x), objective: .dotProduct(weights: dy), sampleSize: 200, seed: 7,
                                  refineAbove: refineAbove)
        }
        let plain = try check(refineAbove: .infinity)
        #expect(plain.refinedCount == 0)
        #expect(plain.maxRelativeError > 1e-5, "\(String(describing: plain.worst))")
        let refined = try check(refineAbove: 1e-6)
        #expect(refined.refinedCount > 0)
        #expect(refined.maxRelativeError < 1e-6, "\(String(describing: refined.worst))")
    }

    @Test("dropout with fixed masks (input, between layers, recurrent), with and without layer norm: gradients match central differences",
          arguments: configurations)
    func dropoutGradients(configuration: Configuration) throws {
        for layerNorm in [false, true] {
            let network = layerNorm
                ? try Self.layerNormNetwork(configuration)
                : try RecurrentNetwork(kind: configuration.kind, inputSize: 3, hiddenSize: 4, numLayers: configuration.layers,
                                       bidirectional: configuration.bidirectional, nonlinearity: configuration.nonlinearity, seed: 7)
            let (x, h0, c0) = Self.inputs(network)
            let masks = try DropoutMasks(network: network, steps: x.rows, rates: DropoutRates(between: 0.3, input: 0.2, recurrent: 0.25), seed: 9)
            let dy = GradientCheckTests.randomMatrix(x.rows, network.outputSize, seed: 4)
            let report = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                               dropout: masks, objective: .dotProduct(weights: dy), relativeFloor: Self.floor)
            #expect(report.maxRelativeError < Self.tolerance, "layer norm \(layerNorm): \(String(describing: report.worst)) \(report.maxAbsoluteError)")
        }
    }

    @Test("layer norm with truncated BPTT, a padding mask and cross-entropy matches central differences", arguments: CellKind.allCases)
    func layerNormTruncatedAndMasked(kind: CellKind) throws {
        let network = try Self.layerNormNetwork(Configuration(kind: kind, layers: 1, bidirectional: false, nonlinearity: .tanh))
        let (x, h0, c0) = Self.inputs(network, steps: 7)
        let dy = GradientCheckTests.randomMatrix(x.rows, network.outputSize, seed: 4)
        let truncated = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                              objective: .dotProduct(weights: dy), truncation: 3, relativeFloor: Self.floor)
        #expect(truncated.maxRelativeError < Self.tolerance, "\(String(describing: truncated.worst))")
        let masked = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                           mask: [true, true, true, true, true, false, false], objective: .dotProduct(weights: dy),
                                           relativeFloor: Self.floor)
        #expect(masked.maxRelativeError < Self.tolerance, "\(String(describing: masked.worst))")
        let oneHot = try RecurrentNetwork(kind: kind, inputSize: 5, hiddenSize: 4, layerNorm: true, seed: 11)
        let head = try OutputHead(inputSize: 4, outputSize: 5, seed: 12)
        let entropy = try GradientCheck.run(network: oneHot, input: .oneHot(indices: [0, 3, 1, 4, 2], size: 5),
                                            initialHidden: GradientCheckTests.randomMatrix(1, 4, seed: 2, scale: 0.5),
                                            objective: .crossEntropy(head: head, targets: [3, 1, 4, 2, 0]), relativeFloor: Self.floor)
        #expect(entropy.maxRelativeError < Self.tolerance, "\(String(describing: entropy.worst)) \(entropy.maxAbsoluteError)")
    }

    @Test("layer norm keeps the pre-activations of a strongly amplifying ReLU RNN bounded, per gate block mean 0 without biases")
    func layerNormStatistics() throws {
        var plain = try RecurrentNetwork(kind: .rnn, inputSize: 2, hiddenSize: 8, nonlinearity: .relu, seed: 3)
        try plain.scaleRecurrentWeights(toSpectralRadius: 3)
        var withNorm = plain.parameters
        for (name, tensor) in LayerNormTestSupport.identityLayerNorm(plain).pairs { withNorm[name] = tensor }
        var normalized = try RecurrentNetwork(kind: .rnn, inputSize: 2, hiddenSize: 8, nonlinearity: .relu, layerNorm: true,
                                              parameters: withNorm)
        for name in ["bias_ih_l0", "bias_hh_l0"] { try normalized.setParameter(name, to: Tensor(zeros: [8])) }
        let x = GradientCheckTests.randomMatrix(40, 2, seed: 5)
        let plainPre = try plain.forward(x).trace.directions[0].preactivations
        let normalizedPre = try normalized.forward(x).trace.directions[0].preactivations
        #expect(plainPre.row(39).map(abs).max()! > 1e4)  // grows with t
        #expect(normalizedPre.values.map(abs).max()! < 2 * 8.0.squareRoot())  // two normalized blocks of 8 units
        for t in 0..<40 {
            let row = normalizedPre.row(t)
            let mean = row.reduce(0, +) / 8
            let std = (row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8).squareRoot()
            #expect(abs(mean) < 1e-12)
            #expect(std <= 2 + 1e-9)  // the sum of two normalized projections
        }
    }

    @Test("LayerNorm.normalize gives mean 0 and variance 1 per block")
    func normalizeBlocks() {
        let values: [Double] = [1, 2, 3, 4, 100, -50, 7, 0.5]
        var normalized = [Double](repeating: 0, count: 8)
        let deviations = LayerNorm.normalize(values[...], blockSize: 4, into: &normalized, at: 0)
        #expect(deviations.count == 2)
        for block in 0..<2 {
            let part = normalized[(block * 4)..<(block * 4 + 4)]
            let mean = part.reduce(0, +) / 4
            let variance = part.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 4
            #expect(abs(mean) < 1e-12)
            #expect(abs(variance - 1) < 1e-4)  // ε = 1e-5 makes it slightly below 1
        }
        #expect(abs(deviations[0] - (1.25 + 1e-5).squareRoot()) < 1e-15)
    }

    @Test("dropout masks: only 0 or 1/(1−p), about p dropped, the same for the same seed, different for another")
    func masks() throws {
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 10, hiddenSize: 50, numLayers: 2, bidirectional: true, seed: 1)
        let rates = DropoutRates(between: 0.5, input: 0.2, recurrent: 0.25)
        let a = try DropoutMasks(network: network, steps: 40, rates: rates, seed: 5)
        let b = try DropoutMasks(network: network, steps: 40, rates: rates, seed: 5)
        let c = try DropoutMasks(network: network, steps: 40, rates: rates, seed: 6)
        #expect(a == b)
        #expect(a != c)
        #expect(a.between.count == 1 && a.recurrent.count == 4)
        let between = a.between[0].values
        #expect(between.allSatisfy { $0 == 0 || $0 == 2 })
        let dropped = Double(between.filter { $0 == 0 }.count) / Double(between.count)
        #expect(abs(dropped - 0.5) < 0.05)
        #expect(a.input!.values.allSatisfy { $0 == 0 || abs($0 - 1.25) < 1e-15 })
        #expect(a.recurrent.joined().allSatisfy { $0 == 0 || abs($0 - 4.0 / 3) < 1e-15 })
        #expect(throws: NetworkError.self) { try DropoutMasks(network: network, steps: 4, rates: DropoutRates(between: 1), seed: 1) }
    }

    @Test("no masks and no layer norm is the plain pass, bit for bit; masks change it and repeat with the seed", arguments: CellKind.allCases)
    func evalIsPlain(kind: CellKind) throws {
        let network = try RecurrentNetwork(kind: kind, inputSize: 3, hiddenSize: 5, numLayers: 2, seed: 2)
        let x = GradientCheckTests.randomMatrix(6, 3, seed: 1)
        let plain = try network.forward(x)
        #expect(try network.forward(.dense(x), dropout: nil) == plain)
        let rates = DropoutRates(between: 0.5, recurrent: 0.5)
        let first = try network.forward(.dense(x), dropout: DropoutMasks(network: network, steps: 6, rates: rates, seed: 1))
        let again = try network.forward(.dense(x), dropout: DropoutMasks(network: network, steps: 6, rates: rates, seed: 1))
        let other = try network.forward(.dense(x), dropout: DropoutMasks(network: network, steps: 6, rates: rates, seed: 2))
        #expect(first.output == again.output)
        #expect(first.output != plain.output)
        #expect(first.output != other.output)
        // Zero rates draw no masks: the same numbers as the plain pass.
        let none = try network.forward(.dense(x), dropout: DropoutMasks(network: network, steps: 6, rates: DropoutRates(), seed: 1))
        #expect(none.output == plain.output)
        #expect(none.finalHidden == plain.finalHidden)
    }

    @Test("the separate path with masks of ones is the plain network: same outputs, gradients and step Jacobian norms",
          arguments: configurations)
    func onesMasksMatchThePlainPath(configuration: Configuration) throws {
        let network = try RecurrentNetwork(kind: configuration.kind, inputSize: 3, hiddenSize: 4, numLayers: configuration.layers,
                                           bidirectional: configuration.bidirectional, nonlinearity: configuration.nonlinearity, seed: 7)
        let (x, h0, c0) = Self.inputs(network)
        let ones = DropoutMasks(recurrent: [[Double]](repeating: [1, 1, 1, 1], count: network.numLayers * network.directionCount))
        let dy = GradientCheckTests.randomMatrix(x.rows, network.outputSize, seed: 4)
        let options = BackwardOptions(stepJacobianNorms: true)
        var plain = try network.forward(.dense(x), initialHidden: h0, initialCell: c0)
        var separate = try network.forward(.dense(x), initialHidden: h0, initialCell: c0, dropout: ones)
        #expect(separate.dropoutMasks != nil)
        let plainGradients = try network.backward(&plain, outputGradient: dy, options: options)
        let separateGradients = try network.backward(&separate, outputGradient: dy, options: options)
        func close(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-10 } }
        #expect(close(plain.output.values, separate.output.values))
        #expect(close(plainGradients.parameters.tensors.flatMap(\.values), separateGradients.parameters.tensors.flatMap(\.values)))
        #expect(close(plainGradients.input.values, separateGradients.input.values))
        for (a, b) in zip(plain.trace.directions, separate.trace.directions) {
            #expect(close(a.stepJacobianNorms ?? [], b.stepJacobianNorms ?? [1]))
            #expect(close(a.hiddenGradient?.values ?? [], b.hiddenGradient?.values ?? [1]))
        }
    }

    @Test("layer norm's step Jacobian norms match central differences of h_t in h_{t−1}", arguments: CellKind.allCases)
    func layerNormJacobian(kind: CellKind) throws {
        let network = try Self.layerNormNetwork(Configuration(kind: kind, layers: 1, bidirectional: false, nonlinearity: .tanh))
        let (x, h0, c0) = Self.inputs(network, steps: 1)
        var pass = try network.forward(.dense(x), initialHidden: h0, initialCell: c0)
        _ = try network.backward(&pass, outputGradient: Matrix(rows: 1, columns: 4), options: BackwardOptions(stepJacobianNorms: true))
        // One step from h0: ∂h_1/∂h_0 by central differences (c_0 held fixed).
        var jacobian = [Double](repeating: 0, count: 16)
        for k in 0..<4 {
            var up = h0, down = h0
            up.values[k] += 1e-6
            down.values[k] -= 1e-6
            let plus = try network.forward(.dense(x), initialHidden: up, initialCell: c0).output.row(0)
            let minus = try network.forward(.dense(x), initialHidden: down, initialCell: c0).output.row(0)
            for j in 0..<4 { jacobian[j * 4 + k] = (plus[j] - minus[j]) / 2e-6 }
        }
        let numeric = Matrix(rows: 4, columns: 4, values: jacobian)!.spectralNorm
        let norms = try #require(pass.trace.directions[0].stepJacobianNorms)
        #expect(abs(norms[0] - numeric) < 1e-6 * max(1, numeric), "\(norms[0]) vs \(numeric)")
    }

    @Test("layer-norm parameters: named, counted, initialized to 1 and 0, same other weights as without")
    func parameters() throws {
        let plain = try RecurrentNetwork(kind: .lstm, inputSize: 4, hiddenSize: 4, bidirectional: true, seed: 1)
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 4, hiddenSize: 4, bidirectional: true, layerNorm: true, seed: 1)
        #expect(ParameterCount(plain).total == 2 * 160)
        #expect(ParameterCount(network).total == 2 * (160 + 4 * 16 + 2 * 4))
        #expect(ParameterCount.formula(kind: .lstm, inputSize: 4, hiddenSize: 4, bidirectional: true, layerNorm: true) == ParameterCount(network).total)
        #expect(network.parameter("layer_norm_ih_l0.weight")!.values == [Double](repeating: 1, count: 16))
        #expect(network.parameter("layer_norm_c_l0_reverse.bias")!.values == [Double](repeating: 0, count: 4))
        #expect(network.parameter("weight_hh_l0_reverse") == plain.parameter("weight_hh_l0_reverse"))
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 3, layerNorm: true)
        #expect(gru.parameter("layer_norm_c_l0.weight") == nil)
        #expect(gru.parameters.names.filter { $0.hasPrefix("layer_norm_") }.count == 4)
    }

    @Test("a layer-normalized network saves to safetensors and loads back with layer norm on, same outputs")
    func saveAndLoad() throws {
        let network = try Self.layerNormNetwork(Configuration(kind: .lstm, layers: 2, bidirectional: true, nonlinearity: .tanh))
        let bytes = try SafeTensors.encode(network.parameters)
        let file = try SafeTensors.decode(bytes)
        let loaded = try RecurrentNetwork(stateDict: file.tensors)
        #expect(loaded.layerNorm)
        #expect(loaded == network)
        let x = GradientCheckTests.randomMatrix(4, 3, seed: 1)
        #expect(try loaded.forward(x).output == network.forward(x).output)
        var incomplete = network.parameters
        incomplete["layer_norm_hh_l1.bias"] = nil
        #expect(throws: NetworkError.self) { try RecurrentNetwork(stateDict: incomplete) }
    }

    @Test("an optimizer step moves the layer-norm gains and biases too")
    func optimizerUpdatesLayerNorm() throws {
        var network = try RecurrentNetwork(kind: .rnn, inputSize: 3, hiddenSize: 4, layerNorm: true, seed: 1)
        let x = GradientCheckTests.randomMatrix(5, 3, seed: 1)
        var pass = try network.forward(x)
        let gradients = try network.backward(&pass, outputGradient: GradientCheckTests.randomMatrix(5, 4, seed: 2))
        var optimizer = SGD(learningRate: 0.1)
        let before = network.parameter("layer_norm_ih_l0.weight")!
        try network.updateParameters { try optimizer.step(&$0, gradients: gradients.parameters) }
        #expect(network.parameter("layer_norm_ih_l0.weight") != before)
    }
}

/// Helpers shared by the layer-norm tests.
enum LayerNormTestSupport {
    /// Gains 1 and biases 0 for every layer-norm tensor `network` would have with layer norm on.
    static func identityLayerNorm(_ network: RecurrentNetwork) -> ParameterSet {
        var result = ParameterSet()
        for (name, shape) in LayerNorm.parameterShapes(kind: network.kind, hiddenSize: network.hiddenSize,
                                                       numLayers: network.numLayers, bidirectional: network.bidirectional) {
            var tensor = Tensor(zeros: shape)
            if name.hasSuffix(".weight") { tensor.values = tensor.values.map { _ in 1 } }
            result[name] = tensor
        }
        return result
    }
}
