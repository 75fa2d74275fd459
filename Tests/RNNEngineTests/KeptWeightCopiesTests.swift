import Dispatch
import Synchronization
import Testing
@testable import RNNEngine

/// A network keeps `W_hhᵀ` of a small `W_hh`, and `W_ihᵀ` for a narrow input, between forward
/// passes; a pass must never read a transpose of weights the network no longer has.
@Suite("The kept transposes of W_hh")
struct TransposedWeightCacheTests {
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
}
