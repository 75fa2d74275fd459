/// The adding problem (Hochreiter & Schmidhuber 1997): remember two marked numbers.
///
/// Each step reads a pair (value, marker): values are uniform in [−1, 1]; exactly two
/// steps carry marker 1, one in the first half of the sequence and one in the second.
/// The target, read at the last step, is the sum of the two marked values. Predicting
/// the mean (0) gives an MSE equal to the target's variance, 2/3: that is what a
/// network that cannot carry the first number across the sequence achieves.
public struct AddingTask: SequenceTask {
    /// The number of timesteps T.
    public let length: Int

    /// Creates the task for sequences of `length` steps (at least 2).
    public init(length: Int) throws(TaskError) {
        try validateLength(length, task: "adding", minimum: 2)
        self.length = length
    }

    public var name: String { "adding" }
    public var longestSequence: Int { length }
    public var inputSize: Int { 2 }
    public var outputSize: Int { 1 }
    public var summary: String {
        "the sum of the two marked values among \(length) (MSE; predicting the mean scores about 0.667)"
    }

    public func sample(using generator: inout some RandomNumberGenerator) -> TaskExample {
        let half = length / 2
        let first = Int.random(in: 0..<half, using: &generator)
        let second = Int.random(in: half..<length, using: &generator)
        var inputs: [[Double]] = []
        inputs.reserveCapacity(length)
        var sum = 0.0
        for step in 0..<length {
            let value = Double.random(in: -1...1, using: &generator)
            let marked = step == first || step == second
            if marked { sum += value }
            inputs.append([value, marked ? 1 : 0])
        }
        // Labels: the value, `*` on the two marked steps (`0.31*`).
        return TaskExample(inputs: inputs, symbols: nil, labelling: .values(markedBy: 1), target: .valueAtEnd([sum]))
    }
}

/// A number as a short table label, always with two decimals, so that a column of them
/// reads alike: `0.10`, `0.00`, `-0.22`, `1.00`.
public func formatValue(_ value: Double) -> String {
    guard value.isFinite, abs(value) < 1e15 else { return String(value) }
    let hundredths = Int((abs(value) * 100).rounded())
    let fraction = hundredths % 100
    let sign = value < 0 && hundredths != 0 ? "-" : ""
    return "\(sign)\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
