/// A generator of training sequences for one learning problem.
///
/// Every task draws from a caller's random number generator, so the same seed gives the
/// same data on every run and machine, and `feed` and `train` share one definition.
public protocol SequenceTask: Sendable {
    /// The name a learner types (`adding`, `charlm`, ...).
    var name: String { get }
    /// Width of one input step.
    var inputSize: Int { get }
    /// Width of the output head: number of classes, or of the predicted vector.
    var outputSize: Int { get }
    /// One sentence on what the network must learn.
    var summary: String { get }
    /// Draws one example.
    func sample(using generator: inout some RandomNumberGenerator) -> TaskExample
    /// The most steps one sequence has (what a batch's size is measured in).
    var longestSequence: Int { get }
}

extension SequenceTask {
    /// Draws `count` examples.
    public func batch(_ count: Int, using generator: inout some RandomNumberGenerator) -> [TaskExample] {
        (0..<count).map { _ in sample(using: &generator) }
    }
}

/// A task's parameters were out of range.
public struct TaskError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What was wrong and what would work.
    public var message: String

    /// Creates an error with a message a learner can act on.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The largest sequence length a task generates: long enough for any lesson, small
/// enough that a typo cannot ask for gigabytes.
public let maximumTaskLength = 10_000

func validateLength(_ length: Int, task: String, minimum: Int) throws(TaskError) {
    guard length >= minimum, length <= maximumTaskLength else {
        throw TaskError("\(task): length must be between \(minimum) and \(maximumTaskLength), got \(length)")
    }
}

/// A one-hot vector of `size` with a 1 at `index`.
func oneHot(_ index: Int, size: Int) -> [Double] {
    var vector = [Double](repeating: 0, count: size)
    vector[index] = 1
    return vector
}

/// A character as a table label: quoted, with blanks and control characters made visible;
/// the apostrophe in double quotes, as Python writes it: `"'"`, not `'''`.
public func characterLabel(_ character: Character) -> String {
    switch character {
    case " ": "' '"
    case "'": "\"'\""
    case "\n": "'\\n'"
    case "\t": "'\\t'"
    default: "'\(character)'"
    }
}
