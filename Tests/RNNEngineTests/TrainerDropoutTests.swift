import Dispatch
import Testing
@testable import RNNEngine

/// Runs the second half of each batch on a Dispatch thread.
private struct HalfOnDispatch: BackgroundWork {
    func start(_ work: @escaping @Sendable () -> Void) -> () -> Void {
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group, execute: work)
        return { group.wait() }
    }
}

@Suite("Trainer with dropout and layer norm")
struct TrainerDropoutTests {
    static func trainer(dropout: DropoutRates, layerNorm: Bool = false, background: Bool = false) throws -> Trainer {
        let task = try AddingTask(length: 8)
        let network = try RecurrentNetwork(kind: .lstm, inputSize: task.inputSize, hiddenSize: 5, numLayers: 2, layerNorm: layerNorm, seed: 1)
        let head = try OutputHead(for: task, on: network, seed: 1)
        var configuration = TrainingConfiguration(steps: 6, batchSize: 4, seed: 3)
        configuration.dropout = dropout
        var trainer = try Trainer(network: network, head: head, task: task, configuration: configuration)
        if background { trainer.background = HalfOnDispatch() }
        return trainer
    }

    @Test("a continued run draws new masks: two runs of 3 steps are one run of 6")
    func continuedRunsDrawNewMasks() throws {
        let rates = DropoutRates(between: 0.3, recurrent: 0.2)
        var whole = try Self.trainer(dropout: rates)
        let all = whole.run().losses
        let start = try Self.trainer(dropout: rates)
        var configuration = start.configuration
        configuration.steps = 3
        var first = try Trainer(network: start.network, head: start.head, task: start.task, configuration: configuration)
        let head = first.run().losses
        var second = try Trainer(network: first.network, head: first.head, task: start.task, configuration: configuration,
                                 continuing: first.state)
        let tail = second.run().losses
        #expect(head + tail == all)
        #expect(second.network.parameters == whole.network.parameters)
    }

    @Test("dropout changes the run, repeats with the seed, and does not depend on splitting the batch")
    func repeatable() throws {
        let rates = DropoutRates(between: 0.3, recurrent: 0.2)
        var plain = try Self.trainer(dropout: DropoutRates())
        var first = try Self.trainer(dropout: rates)
        var again = try Self.trainer(dropout: rates)
        var split = try Self.trainer(dropout: rates, background: true)
        let plainLosses = plain.run().losses, losses = first.run().losses
        #expect(losses != plainLosses)
        #expect(again.run().losses == losses)
        #expect(split.run().losses == losses)
        #expect(first.network.parameters == again.network.parameters)
    }

    @Test("a layer-normalized network trains: the layer-norm gains move and every loss is finite")
    func layerNormTrains() throws {
        var trainer = try Self.trainer(dropout: DropoutRates(), layerNorm: true)
        let before = trainer.network.parameter("layer_norm_hh_l1.weight")
        let losses = trainer.run().losses
        #expect(trainer.network.parameter("layer_norm_hh_l1.weight") != before)
        #expect(losses.count == 6 && losses.allSatisfy { $0.isFinite })
    }
}
