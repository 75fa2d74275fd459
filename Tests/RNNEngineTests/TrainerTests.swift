#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Testing
@testable import RNNEngine

/// Runs the second half of each batch on a Dispatch thread.
private struct DispatchBackground: BackgroundWork {
    func start(_ work: @escaping @Sendable () -> Void) -> () -> Void {
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group, execute: work)
        return { group.wait() }
    }
}

/// A trainer for `task` on a fresh network of `kind` with `hidden` units.
private func makeTrainer(
    _ kind: CellKind, hidden: Int, task: any SequenceTask, configuration: TrainingConfiguration, seed: UInt64 = 1
) throws -> Trainer {
    let network = try RecurrentNetwork(kind: kind, inputSize: task.inputSize, hiddenSize: hidden, seed: seed)
    let head = try OutputHead(for: task, on: network, seed: seed)
    return try Trainer(network: network, head: head, task: task, configuration: configuration)
}

/// Every parameter of the network and the head, flattened in order.
private func flatParameters(_ trainer: Trainer) -> [Double] {
    (trainer.network.parameters.tensors + trainer.head.parameters.tensors).flatMap(\.values)
}

private func mean(_ values: ArraySlice<Double>) -> Double { values.reduce(0, +) / Double(values.count) }

@Suite("Trainer")
struct TrainerTests {
    @Test("the same seed gives identical losses and weights; another seed does not")
    func determinism() throws {
        let task = try AddingTask(length: 8)
        let configuration = TrainingConfiguration(steps: 12, batchSize: 4, seed: 7)
        var first = try makeTrainer(.gru, hidden: 6, task: task, configuration: configuration)
        var second = try makeTrainer(.gru, hidden: 6, task: task, configuration: configuration)
        let a = first.run(), b = second.run()
        #expect(a.losses == b.losses)
        #expect(a.gradientNorms == b.gradientNorms)
        #expect(flatParameters(first) == flatParameters(second))
        var other = try makeTrainer(.gru, hidden: 6, task: task, configuration: TrainingConfiguration(steps: 12, batchSize: 4, seed: 8))
        #expect(other.run().losses != a.losses)
    }

    @Test("the second half of a batch on another thread gives exactly the same run")
    func backgroundHalf() throws {
        let task = try FirstSymbolTask(length: 6)
        let configuration = TrainingConfiguration(steps: 8, batchSize: 5)
        var alone = try makeTrainer(.lstm, hidden: 5, task: task, configuration: configuration)
        var shared = try makeTrainer(.lstm, hidden: 5, task: task, configuration: configuration)
        shared.background = DispatchBackground()
        #expect(alone.run().losses == shared.run().losses)
        #expect(flatParameters(alone) == flatParameters(shared))
        var asked = 0
        var stopped = try makeTrainer(.lstm, hidden: 5, task: task, configuration: configuration)
        stopped.background = DispatchBackground()
        let outcome = stopped.run(shouldStop: { asked += 1; return asked > 5 })
        #expect(outcome.ending == .stopped)
        #expect(outcome.completedSteps == 2)  // the calling thread checks its 2 of 5 sequences per step
    }

    @Test("each task's loss goes down on a small run", arguments: [
        "charlm", "adding", "first", "sine", "quotes",
    ])
    func lossDecreases(taskName: String) throws {
        let task: any SequenceTask
        var configuration = TrainingConfiguration(steps: 80, batchSize: 4, learningRate: 0.02)
        switch taskName {
        case "charlm": task = try CharacterModelTask(text: "hello world"); configuration.batchSize = 1
        case "adding": task = try AddingTask(length: 6)
        case "first": task = try FirstSymbolTask(length: 4, symbolCount: 3)
        case "sine": task = try SineTask(length: 12)
        default: task = try QuoteTask(length: 16); configuration.steps = 300  // the quote bit takes longer to find
        }
        var trainer = try makeTrainer(.lstm, hidden: 8, task: task, configuration: configuration)
        let outcome = trainer.run()
        #expect(outcome.ending == .finished)
        #expect(outcome.completedSteps == configuration.steps)
        #expect(mean(outcome.losses.suffix(15)) < 0.8 * mean(outcome.losses.prefix(15)), "\(taskName): \(outcome.losses)")
    }

    @Test("norm clipping caps the update of plain SGD at lr × threshold; no clipping moves by lr × ‖g‖")
    func normClippingAndSGD() throws {
        let task = try AddingTask(length: 6)
        for (clipping, limit) in [(ClippingRule.norm(1e-3), 1e-3), (.none, Double.infinity)] {
            var trainer = try makeTrainer(.rnn, hidden: 5, task: task,
                                          configuration: TrainingConfiguration(steps: 1, batchSize: 3, optimizer: .sgd, learningRate: 0.5, clipping: clipping))
            let before = flatParameters(trainer)
            let outcome = trainer.run()
            let change = zip(flatParameters(trainer), before).map { $0 - $1 }
            let norm = change.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let gradientNorm = try #require(outcome.gradientNorms.first)
            #expect(gradientNorm > 1e-3)
            let expected = 0.5 * min(gradientNorm, limit)
            #expect(abs(norm - expected) < 1e-6 * max(1, expected), "\(clipping): moved \(norm), expected \(expected)")
        }
    }

    @Test("value clipping clamps each gradient element to ±limit")
    func valueClipping() throws {
        let task = try AddingTask(length: 6)
        var trainer = try makeTrainer(.lstm, hidden: 4, task: task,
                                      configuration: TrainingConfiguration(steps: 1, batchSize: 3, optimizer: .sgd, learningRate: 1, clipping: .value(1e-4)))
        let before = flatParameters(trainer)
        _ = trainer.run()
        let changes = zip(flatParameters(trainer), before).map { abs($0 - $1) }
        #expect(changes.allSatisfy { $0 <= 1e-4 + 1e-15 })
        #expect(changes.contains { abs($0 - 1e-4) < 1e-12 })
    }

    @Test("Adam's first step moves every parameter with a gradient by the learning rate")
    func adamFirstStep() throws {
        let task = try CharacterModelTask(text: "hello")
        var trainer = try makeTrainer(.gru, hidden: 4, task: task,
                                      configuration: TrainingConfiguration(steps: 1, batchSize: 1, optimizer: .adam, learningRate: 0.01, clipping: .none))
        let before = flatParameters(trainer)
        _ = trainer.run()
        let changes = zip(flatParameters(trainer), before).map { abs($0 - $1) }.filter { $0 > 0 }
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { abs($0 - 0.01) < 1e-5 })
    }

    @Test("Adagrad and SGD give different runs from the same start")
    func optimizersDiffer() throws {
        let task = try SineTask(length: 8)
        var sgd = try makeTrainer(.rnn, hidden: 4, task: task, configuration: TrainingConfiguration(steps: 3, batchSize: 2, optimizer: .sgd))
        var adagrad = try makeTrainer(.rnn, hidden: 4, task: task, configuration: TrainingConfiguration(steps: 3, batchSize: 2, optimizer: .adagrad))
        let a = sgd.run().losses, b = adagrad.run().losses
        #expect(a[0] == b[0])
        #expect(a[2] != b[2])
    }

    @Test("truncated BPTT changes the gradient of a long sequence")
    func truncation() throws {
        let task = try AddingTask(length: 12)
        var full = try makeTrainer(.rnn, hidden: 4, task: task, configuration: TrainingConfiguration(steps: 1, batchSize: 2))
        var truncated = try makeTrainer(.rnn, hidden: 4, task: task, configuration: TrainingConfiguration(steps: 1, batchSize: 2, truncation: 2))
        let a = full.run(), b = truncated.run()
        #expect(a.losses == b.losses)
        #expect(a.gradientNorms != b.gradientNorms)
        #expect(throws: TrainingError.self) {
            try makeTrainer(.rnn, hidden: 4, task: task, configuration: TrainingConfiguration(truncation: 0))
        }
    }

    @Test("a loss that overflows stops training, and the update that led there is undone")
    func divergence() throws {
        let task = try AddingTask(length: 6)
        let configuration = TrainingConfiguration(steps: 200, batchSize: 4, optimizer: .sgd, learningRate: 1e9, clipping: .none)
        var trainer = try makeTrainer(.rnn, hidden: 4, task: task, configuration: configuration)
        let outcome = trainer.run()
        guard case .diverged(let step, let loss, let norm) = outcome.ending else {
            Issue.record("expected divergence, got \(outcome.ending)")
            return
        }
        #expect(!loss.isFinite || !norm.isFinite)
        #expect(step > 1 && step < 200)
        #expect(outcome.undoneUpdate == step - 1, "the update of the step before made the loss infinite")
        #expect(step == outcome.completedSteps + 2)
        #expect(outcome.losses.allSatisfy { $0.isFinite })
        #expect(trainer.completedSteps == outcome.completedSteps)
        // The weights are those after the completed steps: the same run cut short there.
        var shorter = try makeTrainer(.rnn, hidden: 4, task: task,
                                      configuration: TrainingConfiguration(steps: max(outcome.completedSteps, 1), batchSize: 4, optimizer: .sgd,
                                                                           learningRate: 1e9, clipping: .none))
        if outcome.completedSteps > 0 { _ = shorter.run() }
        #expect(flatParameters(trainer) == flatParameters(shorter))
        #expect(flatParameters(trainer).allSatisfy { $0.isFinite })
    }

    @Test("stopping abandons the current step and keeps the weights of the last full step")
    func stopping() throws {
        let task = try AddingTask(length: 6)
        let configuration = TrainingConfiguration(steps: 50, batchSize: 4)
        var stopped = try makeTrainer(.lstm, hidden: 4, task: task, configuration: configuration)
        var asked = 0
        let outcome = stopped.run(shouldStop: { asked += 1; return asked > 10 })
        #expect(outcome.ending == .stopped)
        #expect(outcome.completedSteps == 2)  // 4 sequences per step: asked 1...8 finish two steps
        var reference = try makeTrainer(.lstm, hidden: 4, task: task, configuration: TrainingConfiguration(steps: 2, batchSize: 4))
        _ = reference.run()
        #expect(flatParameters(stopped) == flatParameters(reference))
    }

    @Test("a long sequence is stopped inside its passes, not only between sequences")
    func stoppingInsideASequence() throws {
        let task = try AddingTask(length: 400)
        var trainer = try makeTrainer(.lstm, hidden: 4, task: task, configuration: TrainingConfiguration(steps: 3, batchSize: 1))
        var asked = 0
        let outcome = trainer.run(shouldStop: { asked += 1; return asked >= 2 })
        #expect(outcome.ending == .stopped)
        #expect(outcome.completedSteps == 0, "the first step's forward pass is asked every few timesteps")
        #expect(asked == 2)
    }

    @Test("a batch may hold at most a million timesteps")
    func batchLimit() throws {
        let task = try AddingTask(length: 10_000)
        let error = #expect(throws: TrainingError.self) {
            try makeTrainer(.rnn, hidden: 2, task: task, configuration: TrainingConfiguration(steps: 1, batchSize: 101))
        }
        #expect(error?.message.contains("1010000 steps, more than 1000000 per batch") == true)
        _ = try makeTrainer(.rnn, hidden: 2, task: task, configuration: TrainingConfiguration(steps: 1, batchSize: 100))
    }

    @Test("a trainer continues where another stopped, with the optimizer's state and the data position")
    func continuing() throws {
        let task = try AddingTask(length: 6)
        var whole = try makeTrainer(.gru, hidden: 4, task: task, configuration: TrainingConfiguration(steps: 6, batchSize: 2))
        let all = whole.run().losses
        var first = try makeTrainer(.gru, hidden: 4, task: task, configuration: TrainingConfiguration(steps: 3, batchSize: 2))
        let head = first.run().losses
        var second = try Trainer(network: first.network, head: first.head, task: task,
                                 configuration: TrainingConfiguration(steps: 3, batchSize: 2), continuing: first.state)
        let tail = second.run().losses
        #expect(head + tail == all)
    }

    @Test("the norm of gradients whose squares overflow is still finite, while an infinite element's is not")
    func normBeyondTheSquares() throws {
        func gradients(_ values: [Double]) throws -> ParameterSet {
            ParameterSet([("g", try #require(Tensor(shape: [3], values: values)))])
        }
        let large = try gradients([1e200, -1e200, 3])
        #expect(abs(GradientClipping.totalNorm([large]) / (2.0.squareRoot() * 1e200) - 1) < 1e-15)
        #expect(abs(GradientClipping.totalNorm([large, large]) / 2e200 - 1) < 1e-15)
        #expect(GradientClipping.totalNorm([try gradients([1e200, .infinity, 3])]) == .infinity)
        #expect(GradientClipping.totalNorm([try gradients([1e200, .nan, 3])]).isNaN)
        #expect(GradientClipping.totalNorm([try gradients([3, 4, 0])]) == 5)
    }

    @Test("the times leave out what onStep takes, so the last step's rate is the run's")
    func timesLeaveOutTheCallersDrawing() throws {
        let task = try AddingTask(length: 4)
        var trainer = try makeTrainer(.rnn, hidden: 3, task: task, configuration: TrainingConfiguration(steps: 5, batchSize: 2))
        var last: TrainingProgress?
        let pause = 0.02
        let outcome = trainer.run(onStep: { progress in
            last = progress
            usleep(useconds_t(pause * 1e6))  // a slow screen
        })
        let progress = try #require(last)
        #expect(progress.step == 5)
        // five pauses of 0.02 s are not training: the steps of a tiny model take far less
        #expect(outcome.elapsedSeconds < 5 * pause, "\(outcome.elapsedSeconds)")
        #expect(progress.elapsedSeconds < 4 * pause, "\(progress.elapsedSeconds)")
        #expect(outcome.secondsToLastStep == progress.elapsedSeconds)
        #expect(outcome.stepsPerSecond == Double(progress.step) / progress.elapsedSeconds)
    }

    @Test("sizes that do not fit the task are refused")
    func sizeChecks() throws {
        let task = try AddingTask(length: 6)
        let network = try RecurrentNetwork(kind: .rnn, inputSize: 3, hiddenSize: 4)
        let head = try OutputHead(inputSize: 4, outputSize: 1)
        #expect(throws: TrainingError.self) { try Trainer(network: network, head: head, task: task, configuration: TrainingConfiguration()) }
        #expect(throws: TrainingError.self) { try ClippingRule(parsing: "norm:-1") }
        #expect(try ClippingRule(parsing: "value:5") == .value(5))
        #expect(try ClippingRule(parsing: "none") == ClippingRule.none)
    }
}

@Suite("Sampling and evaluation")
struct SamplingTests {
    @Test("temperature 0 takes the most likely character at every step")
    func temperatureZeroIsArgmax() throws {
        let vocabulary = try Vocabulary(of: "abcdef")
        let network = try RecurrentNetwork(kind: .lstm, inputSize: vocabulary.count, hiddenSize: 5, seed: 3)
        let head = try OutputHead(inputSize: 5, outputSize: vocabulary.count, seed: 4)
        let sampler = try CharacterSampler(network: network, head: head, vocabulary: vocabulary)
        let steps = try sampler.generate(prime: "ab", length: 6, temperature: 0, top: 3)
        var text = "ab"
        for step in steps {
            let pass = try network.forward(.oneHot(indices: try vocabulary.encode(text), size: vocabulary.count))
            let logits = try head.logits(for: pass.output.row(pass.output.rows - 1))
            let best = logits.indices.max { logits[$0] < logits[$1] }!
            #expect(step.character == vocabulary.characters[best])
            #expect(step.candidates.first?.character == step.character)
            #expect(step.candidates.count == 3)
            #expect(step.candidates[0].probability >= step.candidates[1].probability)
            text.append(step.character)
        }
        let again = try sampler.generate(prime: "ab", length: 6, temperature: 1, seed: 9)
        #expect(again == (try sampler.generate(prime: "ab", length: 6, temperature: 1, seed: 9)))
        #expect(throws: TrainingError.self) { try sampler.generate(prime: "xyz", length: 2, temperature: 0) }
    }

    @Test("evaluation reports accuracy and perplexity = exp(mean cross-entropy) for a character model")
    func evaluation() throws {
        let task = try CharacterModelTask(text: "hello")
        var trainer = try makeTrainer(.lstm, hidden: 8, task: task, configuration: TrainingConfiguration(steps: 150, batchSize: 1))
        _ = trainer.run()
        let evaluation = try Evaluation(network: trainer.network, head: trainer.head, task: task, samples: 3, seed: 5)
        #expect(evaluation.accuracy == 1)
        #expect(evaluation.scoredSteps == 12)
        let perplexity = try #require(evaluation.perplexity)
        #expect(abs(perplexity - exp(evaluation.loss)) < 1e-12)
        let adding = try AddingTask(length: 5)
        var regression = try makeTrainer(.rnn, hidden: 4, task: adding, configuration: TrainingConfiguration(steps: 1, batchSize: 1))
        let scored = try Evaluation(network: regression.network, head: regression.head, task: adding, samples: 4, seed: 1)
        #expect(scored.accuracy == nil && scored.perplexity == nil)
        _ = regression.run()
    }
}
