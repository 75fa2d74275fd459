import Testing
@testable import RNNEngine

/// With eight lanes an LSTM with a small `W_hh` runs its time loop in one kernel
/// (`WideKernels.lstmSteps`); it must give the step by step loop's trace, bit for bit.
@Suite("The LSTM's time loop in one kernel", .enabled(if: LaneWidth.eightIsSupported, "this processor does not run AVX-512"))
struct LSTMTimeLoopTests {
    static func random(_ count: Int, seed: UInt64, in range: ClosedRange<Double> = -1...1) -> [Double] {
        LaneWidthTests.random(count, seed: seed, in: range)
    }

    /// One direction's forward pass with eight lanes, in one kernel or step by step.
    static func trace(
        hiddenCount: Int, steps: Int, direction: Direction, fused: Bool, shouldStop: ShouldStop? = nil
    ) throws -> DirectionTrace {
        let width = 4 * hiddenCount
        var input = CellForwardInput(
            layer: 0, direction: direction, hiddenSize: hiddenCount, inputProjection: random(steps * width, seed: 40, in: -3...3),
            recurrentWeight: random(width * hiddenCount, seed: 41), recurrentBias: [],
            initialHidden: random(hiddenCount, seed: 42), initialCell: random(hiddenCount, seed: 43, in: -2...2),
            mask: [Bool](repeating: true, count: steps), shouldStop: shouldStop)
        input.lanes = .eight
        input.fusesSteps = fused
        return try LSTMCell.forward(input)
    }

    @Test("the same trace as step by step", arguments: [(8, 1), (8, 9), (16, 8), (16, 17), (32, 100), (24, 3), (64, 16)])
    func sameTrace(hiddenCount: Int, steps: Int) throws {
        for direction in [Direction.forward, .reverse] {
            let fused = try Self.trace(hiddenCount: hiddenCount, steps: steps, direction: direction, fused: true)
            let stepwise = try Self.trace(hiddenCount: hiddenCount, steps: steps, direction: direction, fused: false)
            let context = "H \(hiddenCount), \(steps) steps, \(direction)"
            for (name, a, b) in [
                ("pre-activations", fused.preactivations, stepwise.preactivations), ("gates", fused.gates, stepwise.gates),
                ("cell states", fused.cellState, stepwise.cellState), ("hidden states", fused.hiddenState, stepwise.hiddenState),
            ] {
                #expect(a.values.count == b.values.count, "\(name), \(context)")
                if let i = a.values.indices.first(where: { a.values[$0].bitPattern != b.values[$0].bitPattern }) {
                    Issue.record("\(name), \(context): value \(i) is \(a.values[i]) in one kernel, \(b.values[i]) step by step")
                }
            }
            #expect(fused.hiddenState.values.contains { $0 != 0 } && fused.hiddenState.values.allSatisfy(\.isFinite))
        }
    }

    @Test("a stop asked for between steps ends it as it ends the step by step loop")
    func stopped() {
        for fused in [true, false] {
            var asked = 0
            #expect(throws: NetworkError.stopped, "fused \(fused)") {
                try Self.trace(hiddenCount: 16, steps: 40, direction: .forward, fused: fused, shouldStop: { asked += 1; return asked >= 2 })
            }
            #expect(asked == 2, "fused \(fused): asked before steps 8 and 16")
        }
    }
}
