#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Generates text from a character model one character at a time.
///
/// The prime is read first; then at each step the head's softmax over the vocabulary is
/// sharpened or flattened by the temperature (`p ∝ exp(logit / T)`), a character is drawn
/// from it (the most likely one when T = 0) and fed back as the next input, carrying the
/// hidden (and cell) state, as in min-char-rnn's `sample`.
public struct CharacterSampler: Sendable {
    /// The trained network (its input is one-hot over `vocabulary`).
    public let network: RecurrentNetwork
    /// The head mapping hidden states to next-character logits.
    public let head: OutputHead
    /// The characters of the input and the output.
    public let vocabulary: Vocabulary

    /// The longest text one call generates.
    public static let maximumLength = 100_000

    /// Creates a sampler; the network, head and vocabulary must agree in size.
    public init(network: RecurrentNetwork, head: OutputHead, vocabulary: Vocabulary) throws {
        guard network.inputSize == vocabulary.count, head.outputSize == vocabulary.count, head.inputSize == network.outputSize else {
            throw TrainingError("this model does not read and write the \(vocabulary.count) characters of its vocabulary; train it with charlm first")
        }
        guard !network.bidirectional else {
            throw TrainingError("a bidirectional model reads the future too, so it cannot generate text one character at a time")
        }
        self.network = network
        self.head = head
        self.vocabulary = vocabulary
    }

    /// One generated character with the most likely candidates it was drawn from.
    public struct Step: Sendable, Equatable {
        /// The character chosen.
        public let character: Character
        /// The `top` most likely next characters with their probabilities, most likely first.
        public let candidates: [Candidate]
    }

    /// A possible next character and its probability.
    public struct Candidate: Sendable, Equatable {
        /// The character.
        public let character: Character
        /// Its probability at the sampling temperature (at T = 0: at T = 1).
        public let probability: Double
    }

    /// Reads `prime`, then generates `length` characters.
    ///
    /// - Parameters:
    ///   - temperature: 0 picks the most likely character (ties: the earliest in the
    ///     vocabulary); above 0 draws from `softmax(logits / T)` with a generator seeded by `seed`.
    ///   - top: how many candidates each step reports.
    public func generate(
        prime: String, length: Int, temperature: Double, top: Int = 0, seed: UInt64 = 1
    ) throws -> [Step] {
        guard !prime.isEmpty else { throw TrainingError("the prime must have at least one character") }
        guard (0...Self.maximumLength).contains(length) else {
            throw TrainingError("the length must be between 0 and \(Self.maximumLength), got \(length)")
        }
        guard temperature.isFinite, temperature >= 0 else {
            throw TrainingError("the temperature must be a finite number ≥ 0, got \(temperature)")
        }
        let primeSymbols: [Int]
        do { primeSymbols = try vocabulary.encode(prime) } catch { throw TrainingError("the prime: \(error.message)") }
        var generator = SeededGenerator(seed: seed)
        var pass = try network.forward(.oneHot(indices: primeSymbols, size: vocabulary.count))
        var steps: [Step] = []
        for _ in 0..<length {
            let logits = try head.logits(for: pass.output.row(pass.output.rows - 1))
            let probabilities = VectorMath.softmax(temperature > 0 ? logits.map { $0 / temperature } : logits)
            let chosen = temperature > 0 ? Self.draw(from: probabilities, using: &generator) : Self.argmax(logits)
            let ranked = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
            let candidates = ranked.prefix(max(0, top)).map { Candidate(character: vocabulary.characters[$0], probability: probabilities[$0]) }
            steps.append(Step(character: vocabulary.characters[chosen], candidates: candidates))
            pass = try network.forward(.oneHot(indices: [chosen], size: vocabulary.count),
                                       initialHidden: pass.finalHidden, initialCell: pass.finalCell)
        }
        return steps
    }

    /// The index of the largest value; the first one on ties.
    static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for index in values.indices where values[index] > values[best] { best = index }
        return best
    }

    /// An index drawn with the given probabilities (which sum to 1).
    static func draw(from probabilities: [Double], using generator: inout SeededGenerator) -> Int {
        let u = generator.nextUnit()
        var cumulative = 0.0
        for (index, probability) in probabilities.enumerated() {
            cumulative += probability
            if u < cumulative { return index }
        }
        return probabilities.lastIndex { $0 > 0 } ?? 0
    }
}
