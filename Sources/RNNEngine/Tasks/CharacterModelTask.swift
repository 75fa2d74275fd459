/// Next-character prediction on a text: the character-level language model.
///
/// An example is a window of the text: the input is each character (one-hot), the target
/// at each step the character that follows. Texts no longer than the window are used
/// whole, so `charlm "hello"` learns h→e, e→l, l→l, l→o: the two `l`s must be told apart
/// by the hidden state alone.
public struct CharacterModelTask: SequenceTask {
    /// The training text.
    public let text: [Character]
    /// The characters the model reads and writes.
    public let vocabulary: Vocabulary
    /// Steps per example (min-char-rnn's `seq_length`).
    public let window: Int

    /// The largest text accepted.
    public static let maximumTextLength = 2_000_000

    /// Creates the task for `text` (at least 2 characters) with windows of `window` steps.
    public init(text: String, window: Int = 25) throws(TaskError) {
        let characters = Array(text)
        guard characters.count >= 2 else {
            throw TaskError("charlm: the text needs at least 2 characters to predict a next one")
        }
        guard characters.count <= CharacterModelTask.maximumTextLength else {
            throw TaskError("charlm: the text has \(characters.count) characters; at most \(CharacterModelTask.maximumTextLength) are supported")
        }
        guard (1...maximumTaskLength).contains(window) else {
            throw TaskError("charlm: the window must be between 1 and \(maximumTaskLength), got \(window)")
        }
        self.text = characters
        self.vocabulary = try Vocabulary(of: text)
        self.window = window
    }

    public var name: String { "charlm" }
    public var longestSequence: Int { window }
    public var inputSize: Int { vocabulary.count }
    public var outputSize: Int { vocabulary.count }
    public var summary: String {
        "predict the next character of a \(text.count)-character text over \(vocabulary.count) symbols (cross-entropy; perplexity)"
    }

    /// How many different windows the text has: 1 when it is no longer than a window and
    /// one more for each character beyond.
    public var windowCount: Int { text.count - min(window, text.count - 1) }

    /// The example for the window starting at `start` (clamped to the text).
    public func example(startingAt start: Int) -> TaskExample {
        let steps = min(window, text.count - 1)
        let begin = max(0, min(start, text.count - 1 - steps))
        let inputCharacters = text[begin..<(begin + steps)]
        let targetCharacters = text[(begin + 1)...(begin + steps)]
        let symbols = inputCharacters.map { vocabulary.index(of: $0)! }
        let targets = targetCharacters.map { vocabulary.index(of: $0)! }
        return TaskExample(
            inputs: symbols.map { oneHot($0, size: vocabulary.count) },
            symbols: symbols,
            labels: inputCharacters.map(characterLabel),
            target: .classPerStep(targets)
        )
    }

    public func sample(using generator: inout some RandomNumberGenerator) -> TaskExample {
        let steps = min(window, text.count - 1)
        let start = text.count - 1 - steps > 0 ? Int.random(in: 0...(text.count - 1 - steps), using: &generator) : 0
        return example(startingAt: start)
    }
}
