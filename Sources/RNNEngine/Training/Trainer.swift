/// Trains a network and its output head on a task, one mini-batch per step.
///
/// Each step draws `batchSize` sequences from the task (with the trainer's own seeded
/// generator), runs forward and backward on each (the engine is sequence-at-a-time),
/// averages the gradients, clips them, and lets the optimizer update the network and
/// the head. A loss or gradient that is not finite stops training; the update before it,
/// which made the weights give that loss, is undone too, so the weights are the last ones
/// whose loss was finite. An update that would leave a weight not finite is undone.
///
/// ```swift
/// var trainer = try Trainer(network: network, head: head, task: try AddingTask(length: 50),
///                           configuration: TrainingConfiguration(steps: 1500))
/// let outcome = trainer.run { progress in print(progress.step, progress.loss) }
/// ```
public struct Trainer: Sendable {
    /// The network being trained.
    public private(set) var network: RecurrentNetwork
    /// The output head being trained with it.
    public private(set) var head: OutputHead
    /// The task the sequences come from.
    public let task: any SequenceTask
    /// The settings; `steps` is what ``run(shouldStop:onStep:)`` takes.
    public let configuration: TrainingConfiguration
    /// Steps taken by this trainer so far.
    public private(set) var completedSteps = 0
    /// Steps taken by the trainers this one continues: a step's dropout masks are drawn from
    /// its number counted over all of them, so a continued run draws new masks, not the
    /// masks of the run before it again.
    private var stepsBefore = 0
    /// Where the second half of each batch runs; nil runs it on the calling thread. The
    /// result is the same either way: a batch is always summed as two halves in order.
    public var background: (any BackgroundWork)?

    private var networkOptimizer: any Optimizer
    private var headOptimizer: any Optimizer
    private var dataGenerator: SeededGenerator
    /// The weights and optimizers as they were before the last update of this run, to go
    /// back to when the loss those weights give is not finite.
    private var beforeLastUpdate: (network: RecurrentNetwork, head: OutputHead, networkOptimizer: any Optimizer, headOptimizer: any Optimizer)?

    /// The most timesteps one batch may hold (batch size × sequence length): a batch's
    /// sequences are made before the step and held while it runs.
    public static let maximumBatchSteps = 1_000_000

    /// Creates a trainer; the network's input and the head's sizes must fit the task.
    ///
    /// - Parameter state: optimizer and data state from an earlier trainer to continue
    ///   from (the optimizer's moments and the position in the data); nil starts fresh.
    public init(
        network: RecurrentNetwork, head: OutputHead, task: any SequenceTask,
        configuration: TrainingConfiguration, continuing state: TrainerState? = nil
    ) throws {
        try configuration.validate()
        guard network.inputSize == task.inputSize else {
            throw TrainingError("the network reads \(network.inputSize) inputs per step, the task \(task.name) gives \(task.inputSize)")
        }
        let batchSteps = configuration.batchSize * task.longestSequence
        guard batchSteps <= Self.maximumBatchSteps else {
            throw TrainingError("a batch of \(configuration.batchSize) sequences of \(task.longestSequence) steps is \(batchSteps) steps, more than \(Self.maximumBatchSteps) per batch; use a smaller --batch or a shorter task")
        }
        guard head.inputSize == network.outputSize, head.outputSize == task.outputSize else {
            throw TrainingError("the output head maps \(head.inputSize) → \(head.outputSize); the task \(task.name) on this network needs \(network.outputSize) → \(task.outputSize)")
        }
        self.network = network
        self.head = head
        self.task = task
        self.configuration = configuration
        if let state {
            networkOptimizer = state.networkOptimizer
            headOptimizer = state.headOptimizer
            dataGenerator = state.dataGenerator
            stepsBefore = state.steps
        } else {
            networkOptimizer = configuration.optimizer.make(learningRate: configuration.learningRate)
            headOptimizer = configuration.optimizer.make(learningRate: configuration.learningRate)
            dataGenerator = SeededGenerator(seed: configuration.seed)
        }
    }

    /// The optimizer and data state, to continue training later with another trainer.
    public var state: TrainerState {
        TrainerState(networkOptimizer: networkOptimizer, headOptimizer: headOptimizer, dataGenerator: dataGenerator,
                     steps: stepsBefore + completedSteps)
    }

    /// Runs up to `configuration.steps` steps.
    ///
    /// - Parameters:
    ///   - shouldStop: asked between sequences; when it returns true the current step is
    ///     abandoned (the weights stay as after the last full step) and the run ends.
    ///   - onStep: called after every step with its loss, gradient norm and time.
    ///
    /// The times, the progress's and the outcome's, leave out what `onStep` took: that is
    /// the caller drawing its progress, not training, and a line drawn after the last step
    /// would otherwise make the outcome's time longer than the last progress's, and the
    /// steps per second of the two disagree.
    public mutating func run(
        shouldStop: () -> Bool = { false }, onStep: (TrainingProgress) -> Void = { _ in }
    ) -> TrainingOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var inOnStep = Duration.zero
        func elapsed() -> Double { seconds(clock.now - start - inOnStep) }
        var lastStepEnded = 0.0, previousStepEnded = 0.0
        var losses: [Double] = [], norms: [Double] = []
        var ending = TrainingOutcome.Ending.finished
        var undoneUpdate: Int?
        for index in 1...configuration.steps {
            let result: StepResult
            do {
                guard let computed = try step(shouldStop: shouldStop) else { ending = .stopped; break }
                result = computed
            } catch {
                ending = .failed(String(describing: error), step: index)
                break
            }
            switch result {
            case .diverged(let loss, let norm, let undidPreviousUpdate):
                ending = .diverged(step: index, loss: loss, gradientNorm: norm)
                if undidPreviousUpdate {
                    // the previous step's update is undone: it no longer counts as taken
                    losses.removeLast()
                    norms.removeLast()
                    lastStepEnded = previousStepEnded
                    undoneUpdate = index - 1
                }
            case .updated(let loss, let norm):
                losses.append(loss)
                norms.append(norm)
                previousStepEnded = lastStepEnded
                lastStepEnded = elapsed()
                let called = clock.now
                onStep(TrainingProgress(step: index, totalSteps: configuration.steps, loss: loss, gradientNorm: norm,
                                        elapsedSeconds: lastStepEnded))
                inOnStep += clock.now - called
            }
            if case .diverged = ending { break }
        }
        return TrainingOutcome(losses: losses, gradientNorms: norms, ending: ending, elapsedSeconds: elapsed(),
                               secondsToLastStep: lastStepEnded, undoneUpdate: undoneUpdate)
    }

    /// What one step did.
    enum StepResult {
        /// The weights were updated; the batch's mean loss and the gradient norm before clipping.
        case updated(loss: Double, gradientNorm: Double)
        /// The loss, gradient or new weights were not finite; this step changed nothing, and
        /// when `undidPreviousUpdate` the previous step's update was undone as well.
        case diverged(loss: Double, gradientNorm: Double, undidPreviousUpdate: Bool)
    }

    /// One step on a fresh mini-batch; nil when `shouldStop` ended it early (nothing changed).
    mutating func step(shouldStop: () -> Bool = { false }) throws -> StepResult? {
        let batch = task.batch(configuration.batchSize, using: &dataGenerator)
        guard var sum = try BatchGradients.twoHalves(
            network: network, head: head, examples: batch, truncation: configuration.truncation,
            dropout: configuration.dropout.isNone ? nil
                : TrainingDropout(rates: configuration.dropout,
                                  seed: configuration.seed &* 1_000_003 &+ UInt64(stepsBefore + completedSteps) &* 65_537),
            background: background, shouldStop: shouldStop)
        else { return nil }
        if !network.hasBiases {
            // a bias=False module has no bias to train: its zeros stay zeros
            for name in sum.network.names where RecurrentNetwork.isBias(name) {
                sum.network[name] = sum.network[name].map { Tensor(zeros: $0.shape) }
            }
        }
        let scale = 1 / Double(batch.count)
        sum.network.scale(by: scale)
        sum.head.scale(by: scale)
        let loss = sum.loss * scale
        var sets = [sum.network, sum.head]
        let norm = GradientClipping.totalNorm(sets)
        guard loss.isFinite, norm.isFinite else {
            // The weights give a loss that is not finite: go back to those before the update
            // that made them, whose loss was finite.
            guard let before = beforeLastUpdate else { return .diverged(loss: loss, gradientNorm: norm, undidPreviousUpdate: false) }
            (network, head, networkOptimizer, headOptimizer) = before
            beforeLastUpdate = nil
            completedSteps -= 1
            return .diverged(loss: loss, gradientNorm: norm, undidPreviousUpdate: true)
        }
        switch configuration.clipping {
        case .none: break
        case .norm(let limit): _ = try GradientClipping.clipNorm(&sets, maxNorm: limit, norm: norm)
        case .value(let limit):
            for i in sets.indices { try GradientClipping.clipValues(&sets[i], limit: limit) }
        }
        let (previousNetwork, previousHead) = (network, head)
        let (previousNetworkOptimizer, previousHeadOptimizer) = (networkOptimizer, headOptimizer)
        var headParameters = head.parameters
        try headOptimizer.step(&headParameters, gradients: sets[1])
        head.parameters = headParameters
        var optimizer = networkOptimizer
        try network.updateParameters { parameters in try optimizer.step(&parameters, gradients: sets[0]) }
        networkOptimizer = optimizer
        guard network.parameters.isFinite, head.parameters.isFinite else {
            (network, head) = (previousNetwork, previousHead)
            (networkOptimizer, headOptimizer) = (previousNetworkOptimizer, previousHeadOptimizer)
            return .diverged(loss: loss, gradientNorm: norm, undidPreviousUpdate: false)
        }
        beforeLastUpdate = (previousNetwork, previousHead, previousNetworkOptimizer, previousHeadOptimizer)
        completedSteps += 1
        return .updated(loss: loss, gradientNorm: norm)
    }
}

/// An optimizer's moments and a trainer's place in its data, kept between runs.
public struct TrainerState: Sendable {
    let networkOptimizer: any Optimizer
    let headOptimizer: any Optimizer
    let dataGenerator: SeededGenerator
    /// How many steps the trainers so far took.
    let steps: Int

    /// This state with new optimizers made for `configuration` (another optimizer or
    /// learning rate): the place in the data and the count of steps carry on.
    public func withNewOptimizers(for configuration: TrainingConfiguration) -> TrainerState {
        TrainerState(networkOptimizer: configuration.optimizer.make(learningRate: configuration.learningRate),
                     headOptimizer: configuration.optimizer.make(learningRate: configuration.learningRate),
                     dataGenerator: dataGenerator, steps: steps)
    }

    /// This state drawing its data afresh from `seed`: the optimizers' moments carry on.
    public func drawingData(seed: UInt64) -> TrainerState {
        TrainerState(networkOptimizer: networkOptimizer, headOptimizer: headOptimizer,
                     dataGenerator: SeededGenerator(seed: seed), steps: steps)
    }
}

extension ParameterSet {
    /// Whether every element is finite.
    var isFinite: Bool {
        tensors.allSatisfy { tensor in tensor.values.allSatisfy(\.isFinite) }
    }
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}
