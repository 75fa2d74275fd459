/// Quote tracking: for each character, is a quotation open?
///
/// Sentences are assembled from a small word list with quoted spans in single or double
/// quotes; the target per character is 1 from an opening quote up to its closing quote,
/// else 0. To get it right a unit must switch on at a quote and stay on until the next,
/// however long the span: the cell state as a one-bit memory.
public struct QuoteTask: SequenceTask {
    /// Approximate characters per example.
    public let length: Int
    /// Every input character is printable ASCII, so any English sentence can be fed.
    public var vocabulary: Vocabulary { .printableASCII }

    /// Creates the task with examples of about `length` characters (at least 10).
    public init(length: Int = 60) throws(TaskError) {
        try validateLength(length, task: "quotes", minimum: 10)
        self.length = length
    }

    public var name: String { "quotes" }
    public var longestSequence: Int { length }
    public var inputSize: Int { Vocabulary.printableASCII.count }
    public var outputSize: Int { 2 }
    public var summary: String { "say, for every character, whether a quotation is open (2 classes)" }

    private static let words = [
        "he", "she", "said", "i", "love", "you", "the", "cell", "state", "keeps", "a", "secret",
        "gates", "open", "and", "close", "we", "never", "forget", "what", "matters", "time",
        "flows", "on", "it", "was", "late", "they", "asked", "why", "not", "now", "remember", "me",
    ]

    /// The example for a given sentence: inputs and in-quote targets.
    ///
    /// A quote opens at `'` or `"` and closes at the next of the same kind; the quote
    /// characters themselves count as inside. An apostrophe between letters (`don't`)
    /// does not open a quote.
    public static func example(for sentence: String) throws(TaskError) -> TaskExample {
        let characters = Array(sentence)
        guard !characters.isEmpty else { throw TaskError("quotes: the sentence is empty") }
        guard characters.count <= maximumTaskLength else {
            throw TaskError("quotes: the sentence has \(characters.count) characters; at most \(maximumTaskLength) are supported")
        }
        let symbols = try Vocabulary.printableASCII.encode(sentence)
        var targets: [Int] = []
        var open: Character? = nil
        for (offset, character) in characters.enumerated() {
            let isQuote = character == "'" || character == "\""
            let betweenLetters = offset > 0 && offset + 1 < characters.count
                && characters[offset - 1].isLetter && characters[offset + 1].isLetter
            if let quote = open {
                targets.append(1)
                if character == quote && !betweenLetters { open = nil }
            } else if isQuote && !betweenLetters {
                open = character
                targets.append(1)
            } else {
                targets.append(0)
            }
        }
        let size = Vocabulary.printableASCII.count
        return TaskExample(
            inputs: symbols.map { oneHot($0, size: size) },
            symbols: symbols,
            labels: characters.map(characterLabel),
            target: .classPerStep(targets)
        )
    }

    public func sample(using generator: inout some RandomNumberGenerator) -> TaskExample {
        var sentence = ""
        while sentence.count < length {
            let quoted = Int.random(in: 0..<3, using: &generator) == 0
            let count = Int.random(in: 1...5, using: &generator)
            var phrase = (0..<count).map { _ in QuoteTask.words.randomElement(using: &generator)! }
                .joined(separator: " ")
            if quoted {
                let mark = Bool.random(using: &generator) ? "'" : "\""
                phrase = mark + phrase + mark
            }
            sentence += (sentence.isEmpty ? "" : Bool.random(using: &generator) ? ", " : " ") + phrase
        }
        // Sentences are built from the word list, so every character is printable ASCII.
        return try! QuoteTask.example(for: String(sentence.prefix(length + 20)))
    }
}
