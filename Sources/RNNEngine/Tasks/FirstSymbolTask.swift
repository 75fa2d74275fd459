#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Remember the first symbol: read a symbol, then T − 1 distractors, then name the first.
///
/// The input is one-hot over `symbolCount` symbols plus one "recall" marker on the last
/// step. A network that forgets guesses, with cross-entropy ln(symbolCount).
public struct FirstSymbolTask: SequenceTask {
    /// The number of timesteps T.
    public let length: Int
    /// How many different symbols there are to remember.
    public let symbolCount: Int

    /// Creates the task; `symbolCount` between 2 and 26.
    public init(length: Int, symbolCount: Int = 4) throws(TaskError) {
        try validateLength(length, task: "first", minimum: 2)
        guard (2...26).contains(symbolCount) else {
            throw TaskError("first: the number of symbols must be between 2 and 26, got \(symbolCount)")
        }
        self.length = length
        self.symbolCount = symbolCount
    }

    public var name: String { "first" }
    public var longestSequence: Int { length }
    public var inputSize: Int { symbolCount + 1 }
    public var outputSize: Int { symbolCount }
    public var summary: String {
        "name the first of \(length) symbols at the last step (guessing scores ln \(symbolCount) = "
            + formatValue(log(Double(symbolCount))) + ")"
    }

    /// The letter shown for symbol `index`.
    public func letter(_ index: Int) -> Character {
        Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(index)))
    }

    public func sample(using generator: inout some RandomNumberGenerator) -> TaskExample {
        let first = Int.random(in: 0..<symbolCount, using: &generator)
        var symbols = [first]
        for _ in 1..<length {
            symbols.append(Int.random(in: 0..<symbolCount, using: &generator))
        }
        var inputs = symbols.map { oneHot($0, size: inputSize) }
        inputs[length - 1][symbolCount] = 1
        var labels = symbols.map { characterLabel(letter($0)) }
        labels[length - 1] += "?"
        return TaskExample(inputs: inputs, symbols: nil, labels: labels, target: .classAtEnd(first))
    }
}
