#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One-step-ahead prediction of a noisy sine wave.
///
/// The input at step t is x_t = sin(ω·t + φ) + noise; the target is the clean next
/// value sin(ω·(t+1) + φ). Phase φ and frequency ω are drawn per example, so the
/// network must infer them from what it has read: a memoryless model cannot.
public struct SineTask: SequenceTask {
    /// The number of timesteps T.
    public let length: Int
    /// Standard deviation of the Gaussian noise added to the inputs.
    public let noise: Double

    /// Creates the task for `length` steps with the given noise level (0 to 1).
    public init(length: Int = 50, noise: Double = 0.05) throws(TaskError) {
        try validateLength(length, task: "sine", minimum: 2)
        guard noise >= 0, noise <= 1 else {
            throw TaskError("sine: noise must be between 0 and 1, got \(noise)")
        }
        self.length = length
        self.noise = noise
    }

    public var name: String { "sine" }
    public var longestSequence: Int { length }
    public var inputSize: Int { 1 }
    public var outputSize: Int { 1 }
    public var summary: String { "predict the next value of a noisy sine wave, \(length) steps (MSE)" }

    public func sample(using generator: inout some RandomNumberGenerator) -> TaskExample {
        let frequency = Double.random(in: 0.15...0.45, using: &generator)
        let phase = Double.random(in: 0..<(2 * Double.pi), using: &generator)
        var inputs: [[Double]] = []
        var targets: [[Double]] = []
        for step in 0..<length {
            let value = sin(frequency * Double(step) + phase) + noise * gaussian(using: &generator)
            inputs.append([value])
            targets.append([sin(frequency * Double(step + 1) + phase)])
        }
        return TaskExample(inputs: inputs, symbols: nil, labelling: .values(markedBy: nil), target: .valuePerStep(targets))
    }
}

/// A standard normal sample by the Box–Muller transform.
func gaussian(using generator: inout some RandomNumberGenerator) -> Double {
    let u1 = Double.random(in: Double.ulpOfOne..<1, using: &generator)
    let u2 = Double.random(in: 0..<1, using: &generator)
    return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
}
