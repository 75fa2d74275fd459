#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How well a trained network does on sequences of its task: fresh samples, or given ones.
public struct Evaluation: Sendable, Equatable {
    /// The mean loss per sequence (cross-entropy or MSE, as in training).
    public let loss: Double
    /// The fraction of target steps whose most likely class is right (classification only).
    public let accuracy: Double?
    /// `exp` of the mean cross-entropy per character (character models only).
    public let perplexity: Double?
    /// How many sequences were drawn.
    public let samples: Int
    /// How many target steps were scored.
    public let scoredSteps: Int

    /// The largest number of sequences one evaluation draws.
    public static let maximumSamples = 100_000

    /// Runs the network on `samples` fresh sequences drawn with `seed`; `shouldStop` is asked
    /// before each sequence and every few steps (``NetworkError/stopped``).
    public init(
        network: RecurrentNetwork, head: OutputHead, task: any SequenceTask, samples: Int, seed: UInt64,
        shouldStop: ShouldStop? = nil
    ) throws {
        guard (1...Self.maximumSamples).contains(samples) else {
            throw TrainingError("the number of samples must be between 1 and \(Self.maximumSamples), got \(samples)")
        }
        var generator = SeededGenerator(seed: seed)
        try self.init(network: network, head: head, count: samples, isCharacterModel: task is CharacterModelTask,
                      shouldStop: shouldStop, example: { _ in task.sample(using: &generator) })
    }

    /// Runs the network on the given sequences, each once: all the sequences a task has when
    /// it has only a few, such as the windows of a short text (drawing from them at random
    /// would score the same ones again and again).
    public init(
        network: RecurrentNetwork, head: OutputHead, examples: [TaskExample], isCharacterModel: Bool,
        shouldStop: ShouldStop? = nil
    ) throws {
        guard (1...Self.maximumSamples).contains(examples.count) else {
            throw TrainingError("the number of sequences must be between 1 and \(Self.maximumSamples), got \(examples.count)")
        }
        try self.init(network: network, head: head, count: examples.count, isCharacterModel: isCharacterModel,
                      shouldStop: shouldStop, example: { examples[$0] })
    }

    private init(
        network: RecurrentNetwork, head: OutputHead, count: Int, isCharacterModel: Bool, shouldStop: ShouldStop?,
        example next: (Int) -> TaskExample
    ) throws {
        var total = 0.0, weightedCrossEntropy = 0.0, correct = 0, counted = 0
        var classification = false
        for index in 0..<count {
            if let shouldStop, shouldStop() { throw NetworkError.stopped }
            let example = next(index)
            let pass = try network.forward(example.inputSequence, shouldStop: shouldStop)
            let loss = try ExampleLoss(output: pass.output, head: head, target: example.target)
            total += loss.value
            weightedCrossEntropy += loss.value * Double(loss.counted)
            correct += loss.correct
            counted += loss.counted
            classification = example.target.isClassification
        }
        self.loss = total / Double(count)
        self.accuracy = classification && counted > 0 ? Double(correct) / Double(counted) : nil
        self.perplexity = isCharacterModel && counted > 0 ? exp(weightedCrossEntropy / Double(counted)) : nil
        self.samples = count
        self.scoredSteps = counted
    }
}
