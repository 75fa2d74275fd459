import Dispatch
import Synchronization
import Testing
@testable import RNNEngine

/// A network keeps copies of weights between passes (`W_hhᵀ` of a small `W_hh`, a large
/// `W_hh` on a cache line, `W_ihᵀ` for a narrow input); a pass must never read a copy of
/// weights the network no longer has.
@Suite("The kept copies of a network's weights")
struct KeptWeightCopiesTests {
    static func input(steps: Int, features: Int) -> Matrix {
        var generator = SeededGenerator(seed: 7)
        var x = Matrix(rows: steps, columns: features)
        for i in x.values.indices { x.values[i] = generator.uniform(in: -1...1) }
        return x
    }

    /// The same weights in a network made afresh, which has kept nothing.
    static func fresh(_ network: RecurrentNetwork) throws -> RecurrentNetwork {
        try RecurrentNetwork(stateDict: network.parameters, nonlinearity: network.nonlinearity)
    }

    @Test("a pass after the weights change reads the new weights", arguments: CellKind.allCases)
    func changedWeights(kind: CellKind) throws {
        var network = try RecurrentNetwork(kind: kind, inputSize: 3, hiddenSize: 8, numLayers: 2, bidirectional: true, seed: 1)
        let x = Self.input(steps: 6, features: 3)
        let before = try network.forward(x)
        #expect(try network.forward(x) == before, "a second pass over the same weights")

        // each way the weights can change: an optimizer's update, a whole tensor, one element
        try network.updateParameters { parameters in
            for name in ["weight_hh_l0", "weight_hh_l1_reverse", "weight_ih_l0", "weight_ih_l1"] {
                parameters[name]!.values = parameters[name]!.values.map { -0.5 * $0 }
            }
        }
        let updated = try network.forward(x)
        #expect(updated.output != before.output)
        #expect(updated == (try Self.fresh(network).forward(x)), "after updateParameters")

        let hh = network.parameters["weight_hh_l1"]!
        try network.setParameter("weight_hh_l1", to: Tensor(shape: hh.shape, values: hh.values.map { $0 * 1.5 })!)
        #expect(try network.forward(x) == (try Self.fresh(network).forward(x)), "after setParameter")

        try network.setParameterElement("weight_hh_l0_reverse", index: [0, 1], to: 2)
        #expect(try network.forward(x) == (try Self.fresh(network).forward(x)), "after setParameterElement")
        try network.setParameterElement("weight_ih_l0", index: [1, 2], to: -2)
        #expect(try network.forward(x) == (try Self.fresh(network).forward(x)), "after setParameterElement on W_ih")
    }

    @Test("a copy that changes its weights leaves the original's passes as they were")
    func copies() throws {
        let original = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 16, seed: 2)
        let x = Self.input(steps: 5, features: 2)
        let before = try original.forward(x)  // the copy below starts with this transpose kept
        var copy = original
        try copy.updateParameters { $0["weight_hh_l0"]!.values = $0["weight_hh_l0"]!.values.map { $0 + 0.25 } }
        #expect(try copy.forward(x) == (try Self.fresh(copy).forward(x)))
        #expect(try original.forward(x) == before)
        #expect(copy != original, "the copy's weights differ")
    }

    @Test("passes over one network on several threads at once agree")
    func concurrentPasses() throws {
        let network = try RecurrentNetwork(kind: .gru, inputSize: 4, hiddenSize: 24, seed: 3)
        let x = Self.input(steps: 30, features: 4)
        let expected = try Self.fresh(network).forward(x)
        let outcomes = Mutex<[Bool]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let agrees = (try? network.forward(x)) == expected
            outcomes.withLock { $0.append(agrees) }
        }
        #expect(outcomes.withLock { $0 } == [Bool](repeating: true, count: 8))
    }

    /// A copy of `values` in an array that starts off a cache line. Arrays this large come
    /// from the system's pages, 48 bytes past a line, or from the heap one after another,
    /// each 48 bytes further round a line than the last, so one of a few kept alive is off one.
    static func offCacheLine(_ values: [Double]) throws -> [Double] {
        var copies: [[Double]] = []
        for _ in 0..<8 { copies.append(values.map { $0 }) }
        return try #require(copies.first { $0.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) % 64 != 0 } })
    }

    /// Passes forward and backward through time with `dL/dy = 1`, every gradient.
    static func passes(_ network: RecurrentNetwork, _ x: Matrix) throws -> (ForwardPass, Gradients) {
        var pass = try network.forward(x)
        let gradients = try network.backward(
            &pass, outputGradient: Matrix(rows: pass.output.rows, columns: pass.output.columns, values: [Double](repeating: 1, count: pass.output.values.count))!)
        return (pass, gradients)
    }

    @Test("a large W_hh whose array is off a cache line is kept on one, and renewed when it changes", arguments: CellKind.allCases)
    func largeRecurrentWeight(kind: CellKind) throws {
        let hiddenSize = [CellKind.rnn: 136, .gru: 80, .lstm: 72][kind]!  // W_hh above 16,384 entries, not transposed
        #expect(!isSmallRecurrentWeight(entries: kind.gateCount * hiddenSize * hiddenSize))
        let drawn = try RecurrentNetwork(kind: kind, inputSize: 3, hiddenSize: hiddenSize, seed: 4)
        let offLine = try Self.offCacheLine(drawn.parameters["weight_hh_l0"]!.values)
        var stateDict = drawn.parameters
        stateDict["weight_hh_l0"] = Tensor(shape: drawn.parameters["weight_hh_l0"]!.shape, values: offLine)
        var network = try RecurrentNetwork(stateDict: stateDict)
        #expect(network.parameters["weight_hh_l0"]!.values.withUnsafeBufferPointer { Int(bitPattern: $0.baseAddress) % 64 != 0 })
        let kept = try #require(network.keptRecurrentOperand(at: 1))
        #expect(Array(kept.values) == network.parameters[index: 1].values)
        #expect(Int(bitPattern: kept.values.baseAddress!) % 64 == 0)
        #expect(network.keptRecurrentOperand(at: 1) === kept, "kept, not made again")

        let x = Self.input(steps: 4, features: 3)
        let (pass, gradients) = try Self.passes(network, x)
        let (freshPass, freshGradients) = try Self.passes(try Self.fresh(network), x)
        #expect(pass.output == freshPass.output && gradients == freshGradients)

        // new values, off a cache line too, so that a kept copy of the old ones would be read
        let halved = try Self.offCacheLine(network.parameters["weight_hh_l0"]!.values.map { $0 * 0.5 })
        try network.updateParameters { $0["weight_hh_l0"]!.values = halved }
        let (changedPass, changedGradients) = try Self.passes(network, x)
        let (changedFresh, changedFreshGradients) = try Self.passes(try Self.fresh(network), x)
        #expect(changedPass.output == changedFresh.output, "forward after the change")
        #expect(changedGradients == changedFreshGradients, "backward after the change")
        #expect(changedPass.output != pass.output)
        #expect(network.keptRecurrentOperand(at: 1).map { Array($0.values) } == halved, "a copy of the new values kept")
    }

    @Test("a W_hh of more than 2^20 entries is not kept twice, however it lies")
    func largestKeptCopy() throws {
        let drawn = try RecurrentNetwork(kind: .rnn, inputSize: 1, hiddenSize: 1025, seed: 5)
        #expect(drawn.parameters["weight_hh_l0"]!.count > RecurrentNetwork.largestKeptCopy)
        var stateDict = drawn.parameters
        stateDict["weight_hh_l0"] = Tensor(shape: [1025, 1025], values: try Self.offCacheLine(drawn.parameters["weight_hh_l0"]!.values))
        let network = try RecurrentNetwork(stateDict: stateDict)
        #expect(network.keptRecurrentOperand(at: 1) == nil)
        let x = Self.input(steps: 2, features: 1)
        #expect(try network.forward(x) == (try drawn.forward(x)), "the pass copies it for itself")
    }
}


