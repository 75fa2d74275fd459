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
///
/// A control character is written as Python's `repr` writes it: `'\n'`, `'\r\n'` (a
/// Windows line end, one character in Swift), `'\x1b'`. Printed raw, it would end the line
/// or move the cursor in the middle of a table or a message.
public func characterLabel(_ character: Character) -> String {
    switch character {
    case " ": "' '"
    case "'": "\"'\""
    default: "'" + character.unicodeScalars.map(visibleScalar).joined() + "'"
    }
}

/// A scalar as ``characterLabel(_:)`` writes it: a control character (C0, DEL or C1) as
/// its escape, any other as itself.
private func visibleScalar(_ scalar: Unicode.Scalar) -> String {
    switch scalar.value {
    case 0x0A: "\\n"
    case 0x0D: "\\r"
    case 0x09: "\\t"
    case 0x00...0x1F, 0x7F...0x9F: "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
    default: String(scalar)
    }
}
