import Testing
@testable import RNNEngine

@Suite("Finite-difference gradient checks")
struct GradientCheckTests {
    static func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64, scale: Double = 1) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        var matrix = Matrix(rows: rows, columns: columns)
        for i in matrix.values.indices { matrix.values[i] = scale * generator.normal() }
        return matrix
    }

    struct Configuration: CustomTestStringConvertible, Sendable {
        let kind: CellKind
        let layers: Int
        let bidirectional: Bool
        let nonlinearity: Activation
        var testDescription: String { "\(kind.rawValue)\(kind == .rnn ? "-\(nonlinearity.rawValue)" : "") layers \(layers)\(bidirectional ? " bidirectional" : "")" }
    }

    static let configurations: [Configuration] = CellKind.allCases.flatMap { kind in
        [Configuration(kind: kind, layers: 1, bidirectional: false, nonlinearity: .tanh),
         Configuration(kind: kind, layers: 2, bidirectional: true, nonlinearity: .tanh),
         Configuration(kind: kind, layers: 2, bidirectional: false, nonlinearity: .tanh)]
    } + [Configuration(kind: .rnn, layers: 1, bidirectional: true, nonlinearity: .relu)]

    func setUp(_ configuration: Configuration, steps: Int = 6) throws -> (RecurrentNetwork, Matrix, Matrix, Matrix?) {
        let network = try RecurrentNetwork(
            kind: configuration.kind, inputSize: 3, hiddenSize: 4, numLayers: configuration.layers,
            bidirectional: configuration.bidirectional, nonlinearity: configuration.nonlinearity, seed: 7)
        let rows = configuration.layers * (configuration.bidirectional ? 2 : 1)
        let c0 = configuration.kind == .lstm ? Self.randomMatrix(rows, 4, seed: 3, scale: 0.5) : nil
        return (network, Self.randomMatrix(steps, 3, seed: 1), Self.randomMatrix(rows, 4, seed: 2, scale: 0.5), c0)
    }

    @Test("sum(output ⊙ dy) gradients match central differences", arguments: configurations)
    func dotProduct(configuration: Configuration) throws {
        let (network, x, h0, c0) = try setUp(configuration)
        let dy = Self.randomMatrix(x.rows, network.outputSize, seed: 4)
        let report = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                           objective: .dotProduct(weights: dy))
        #expect(report.checkedCount == network.parameters.elementCount + x.values.count + h0.values.count + (c0?.values.count ?? 0))
        #expect(report.maxRelativeError < 1e-6, "\(String(describing: report.worst))")
    }

    @Test("mean squared error (every step and last step) matches central differences", arguments: CellKind.allCases)
    func meanSquaredError(kind: CellKind) throws {
        let (network, x, h0, c0) = try setUp(Configuration(kind: kind, layers: 2, bidirectional: true, nonlinearity: .tanh))
        for target in [Self.randomMatrix(x.rows, network.outputSize, seed: 5), Self.randomMatrix(1, network.outputSize, seed: 6)] {
            let report = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                               objective: .meanSquaredError(target: target))
            #expect(report.maxRelativeError < 1e-6, "\(String(describing: report.worst))")
        }
    }

    @Test("cross-entropy through a linear head matches central differences, head included", arguments: CellKind.allCases)
    func crossEntropy(kind: CellKind) throws {
        let network = try RecurrentNetwork(kind: kind, inputSize: 5, hiddenSize: 4, seed: 11)
        let head = try OutputHead(inputSize: 4, outputSize: 5, seed: 12)
        let report = try GradientCheck.run(network: network, input: .oneHot(indices: [0, 3, 1, 4, 2], size: 5),
                                           objective: .crossEntropy(head: head, targets: [3, 1, 4, -1, 0]))
        #expect(report.checkedCount == network.parameters.elementCount + (kind == .lstm ? 8 : 4) + 20 + 5)  // h0 (and c0), head weight 5 × 4, head bias
        #expect(report.maxRelativeError < 1e-6, "\(String(describing: report.worst))")
    }

    @Test("truncated BPTT equals the gradient of the truncated objective", arguments: CellKind.allCases)
    func truncated(kind: CellKind) throws {
        let (network, x, h0, c0) = try setUp(Configuration(kind: kind, layers: 2, bidirectional: false, nonlinearity: .tanh), steps: 7)
        let dy = Self.randomMatrix(x.rows, network.outputSize, seed: 4)
        let report = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                           objective: .dotProduct(weights: dy), truncation: 3)
        #expect(report.maxRelativeError < 1e-6, "\(String(describing: report.worst))")
        // And it really differs from full BPTT.
        var pass = try network.forward(x, initialHidden: h0, initialCell: c0)
        let full = try network.backward(&pass, outputGradient: dy)
        let cut = try network.backward(&pass, outputGradient: dy, options: BackwardOptions(truncation: 3))
        #expect(abs(full.parameters["weight_hh_l0"]!.values[0] - cut.parameters["weight_hh_l0"]!.values[0]) > 1e-9)
        #expect(full.input.row(0) != cut.input.row(0))
    }

    @Test("without parameter gradients the trace gets the same dh, dc and gate gradients, and the parameters none",
          arguments: CellKind.allCases)
    func traceOnlyBackward(kind: CellKind) throws {
        let (network, x, h0, c0) = try setUp(Configuration(kind: kind, layers: 2, bidirectional: true, nonlinearity: .tanh), steps: 7)
        let dy = Self.randomMatrix(x.rows, network.outputSize, seed: 4)
        var full = try network.forward(x, initialHidden: h0, initialCell: c0)
        var traced = full
        let all = try network.backward(&full, outputGradient: dy)
        let none = try network.backward(&traced, outputGradient: dy, options: BackwardOptions(parameterGradients: false))
        #expect(traced.trace == full.trace)
        #expect(none.initialHidden == all.initialHidden && none.input == all.input)
        #expect(none.parameters.tensors.allSatisfy { $0.values.allSatisfy { $0 == 0 } })
        #expect(all.parameters.tensors.contains { $0.values.contains { $0 != 0 } })
    }

    @Test("a window of k ≥ T is full BPTT, and the truncated gradient is the sum of per-window gradients")
    func truncatedAsWindowSum() throws {
        let network = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 5)
        let x = Self.randomMatrix(6, 3, seed: 8), dy = Self.randomMatrix(6, 4, seed: 9)
        var pass = try network.forward(x)
        let full = try network.backward(&pass, outputGradient: dy)
        let long = try network.backward(&pass, outputGradient: dy, options: BackwardOptions(truncation: 6))
        #expect(full.parameters == long.parameters)
        let cut = try network.backward(&pass, outputGradient: dy, options: BackwardOptions(truncation: 3))
        // Windows [0,3) and [3,6) run separately, the second from the first's final state.
        var first = try network.forward(Matrix(rows: 3, columns: 3, values: Array(x.values[0..<9]))!)
        let firstGradient = try network.backward(&first, outputGradient: Matrix(rows: 3, columns: 4, values: Array(dy.values[0..<12]))!)
        var second = try network.forward(Matrix(rows: 3, columns: 3, values: Array(x.values[9..<18]))!,
                                         initialHidden: first.finalHidden, initialCell: first.finalCell)
        let secondGradient = try network.backward(&second, outputGradient: Matrix(rows: 3, columns: 4, values: Array(dy.values[12..<24]))!)
        for name in network.parameters.names {
            let sum = zip(firstGradient.parameters[name]!.values, secondGradient.parameters[name]!.values).map { $0 + $1 }
            for (a, b) in zip(sum, cut.parameters[name]!.values) { #expect(abs(a - b) < 1e-12, "\(name)") }
        }
    }

    @Test("masked steps pass the state through and match central differences", arguments: CellKind.allCases)
    func masked(kind: CellKind) throws {
        let (network, x, h0, c0) = try setUp(Configuration(kind: kind, layers: 1, bidirectional: true, nonlinearity: .tanh))
        let mask = [true, true, true, true, false, false]
        let pass = try network.forward(x, initialHidden: h0, initialCell: c0, mask: mask)
        #expect(pass.output.row(5) == [Double](repeating: 0, count: network.outputSize))
        #expect(pass.finalHidden.row(0) == pass.trace.value(.hiddenState, step: 3))
        // The time loops leave their trace unset until they write it, so masked rows must be
        // zeroed explicitly. Blocks of every trace size, filled with ones and freed, are
        // what the allocator hands the next pass.
        withExtendedLifetime([1, 3, 4].flatMap { gates in (0..<64).map { _ in [Double](repeating: 1, count: 6 * 4 * gates) } }) {}
        let again = try network.forward(x, initialHidden: h0, initialCell: c0, mask: mask)
        for direction in [Direction.forward, .reverse] {
            let written: [TraceQuantity] = [.preactivations, .recurrentNewGate, .inputGate, .forgetGate, .cellCandidate, .outputGate,
                                            .resetGate, .updateGate, .newGate]
            for quantity in written {
                for step in 4..<6 {
                    guard let values = again.trace.value(quantity, direction: direction, step: step) else { continue }
                    #expect(values.allSatisfy { $0 == 0 }, "\(quantity) at masked step \(step), \(direction)")
                }
            }
        }
        let report = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0, mask: mask,
                                           objective: .dotProduct(weights: Self.randomMatrix(6, network.outputSize, seed: 4)))
        #expect(report.maxRelativeError < 1e-6, "\(String(describing: report.worst))")
    }

    @Test("one-hot input gives the same results as the dense one-hot matrix")
    func oneHot() throws {
        let network = try RecurrentNetwork(kind: .gru, inputSize: 6, hiddenSize: 5, numLayers: 2, seed: 3)
        let input = InputSequence.oneHot(indices: [5, 0, 2, 2], size: 6)
        var sparse = try network.forward(input)
        var dense = try network.forward(input.denseMatrix)
        #expect(sparse.output == dense.output)
        let dy = Self.randomMatrix(4, 5, seed: 2)
        let a = try network.backward(&sparse, outputGradient: dy), b = try network.backward(&dense, outputGradient: dy)
        for name in network.parameters.names {
            for (u, v) in zip(a.parameters[name]!.values, b.parameters[name]!.values) { #expect(abs(u - v) < 1e-14) }
        }
        for (u, v) in zip(a.input.values, b.input.values) { #expect(abs(u - v) < 1e-14) }
    }

    /// An LSTM whose W_hh[0,0] is 1e6: its gates saturate, and where the state that weight
    /// multiplies passes near 0, a change of 1e-5 carries a gate from 0 to 1.
    static func saturatingNetwork() throws -> (RecurrentNetwork, Matrix) {
        var network = try RecurrentNetwork(kind: .lstm, inputSize: 1, hiddenSize: 4, seed: 1)
        try network.setParameterElement("weight_hh_l0", index: [0, 0], to: 1e6)
        return (network, Self.randomMatrix(5, 1, seed: 5))
    }

    @Test("where a huge weight bends the loss within ε, the worst element's differences do not settle as ε halves")
    func saturationLeavesDifferencesUnsettled() throws {
        let (network, x) = try Self.saturatingNetwork()
        let report = try GradientCheck.run(network: network, input: .dense(x), objective: .dotProduct(weights: Self.randomMatrix(5, 4, seed: 4)))
        try #require(report.maxRelativeError > 1e-3, "the finite difference disagrees: \(String(describing: report.worst))")
        let differences = try #require(report.worstDifferences)
        #expect(differences.count == 4)
        #expect(report.differencesSettled == false, "D(ε), D(ε/2), D(ε/4), D(ε/8) = \(differences)")
    }

    @Test("a wrong backward value beside differences that settle is a real failure; a check that passes measures none")
    func wrongBackwardSettles() throws {
        let (network, x, h0, c0) = try setUp(Self.configurations[0])
        let dy = Self.randomMatrix(x.rows, network.outputSize, seed: 4)
        let passing = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                            objective: .dotProduct(weights: dy))
        #expect(passing.worstDifferences == nil && passing.differencesSettled == nil)
        // the same smooth loss, its worst element's differences measured, against a backward value 1% off
        let measured = try GradientCheck.run(network: network, input: .dense(x), initialHidden: h0, initialCell: c0,
                                             objective: .dotProduct(weights: dy), settleAbove: 0)
        let worst = try #require(measured.worst)
        let wrong = GradientCheckReport.Comparison(name: worst.name, index: worst.index, analytic: worst.numeric * 1.01,
                                                   numeric: worst.numeric, relativeError: 0.01, refined: false)
        var failing = GradientCheckReport(maxAbsoluteError: abs(worst.numeric) * 0.01, worst: wrong, checkedCount: 1, refinedCount: 0)
        failing.worstDifferences = measured.worstDifferences
        #expect(failing.differencesSettled == true, "\(String(describing: measured.worstDifferences)) against \(wrong.analytic)")
    }

    /// A report on one element whose backward value is `analytic` and whose differences at
    /// ε, ε/2, ε/4, ε/8 are `differences`.
    static func report(analytic: Double, differences: [Double]) -> GradientCheckReport {
        let worst = GradientCheckReport.Comparison(name: "w", index: 0, analytic: analytic, numeric: differences[0],
                                                   relativeError: abs(analytic - differences[0]) / max(abs(analytic), 1e-4), refined: false)
        var report = GradientCheckReport(maxAbsoluteError: abs(analytic - differences[0]), worst: worst, checkedCount: 1, refinedCount: 0)
        report.worstDifferences = differences
        return report
    }

    @Test("differences closing in on backward as ε² are truncation error, scattered ones at the noise level are noise, others unsettled")
    func trends() throws {
        // error 1e-3·(ε/ε₀)²: 4× smaller each halving
        let converging = Self.report(analytic: 1, differences: [1.001, 1.00025, 1.0000625, 1.000015625])
        #expect(converging.trend(roundingNoise: 1e-12) == .converges)
        // the GRU at radius 3: four differences scattered by 2e-9 around backward
        let noisy = Self.report(analytic: -7.78683e-05, differences: [-7.78676e-05, -7.78690e-05, -7.78697e-05, -7.78690e-05])
        #expect(noisy.trend(roundingNoise: 1.3e-8) == .noisy)
        #expect(noisy.trend(roundingNoise: 1e-13) == .unsettled)
        // the LSTM with W_hh[0,0] = 1e6: moving by thousands, closing in too slowly for ε²
        let bending = Self.report(analytic: -20401, differences: [-3770.89, -7457.68, -13090.1, -17681.4])
        #expect(bending.trend(roundingNoise: 1e-9) == .unsettled)
        let wrong = Self.report(analytic: 1.01, differences: [1.0000001, 1.0, 1.0, 1.0])
        #expect(wrong.trend(roundingNoise: 1e-9) == .disagrees)
    }
}
