/// The characters a character-level model reads and writes, each with an index.
public struct Vocabulary: Sendable, Equatable {
    /// The characters in index order.
    public let characters: [Character]
    private let indices: [Character: Int]

    /// The largest vocabulary the lab accepts.
    public static let maximumSize = 512

    /// Creates a vocabulary of the distinct characters of `text`, sorted.
    public init(of text: String) throws(TaskError) {
        let distinct = Set(text)
        guard distinct.count <= Vocabulary.maximumSize else {
            throw TaskError("the text has \(distinct.count) distinct characters; at most \(Vocabulary.maximumSize) are supported")
        }
        try self.init(characters: distinct.sorted())
    }

    /// Creates a vocabulary of exactly these characters, in this order.
    public init(characters: [Character]) throws(TaskError) {
        guard !characters.isEmpty else { throw TaskError("a vocabulary needs at least one character") }
        var indices: [Character: Int] = [:]
        for (index, character) in characters.enumerated() {
            guard indices[character] == nil else {
                throw TaskError("the character \(characterLabel(character)) appears twice in the vocabulary")
            }
            indices[character] = index
        }
        self.characters = characters
        self.indices = indices
    }

    /// Printable ASCII, space to tilde: a fixed vocabulary any English text fits.
    public static let printableASCII: Vocabulary = {
        let characters = (0x20...0x7E).map { Character(Unicode.Scalar(UInt8($0))) }
        // The characters are distinct by construction.
        return try! Vocabulary(characters: characters)
    }()

    /// The number of characters.
    public var count: Int { characters.count }

    /// The index of `character`, or `nil` when it is not in the vocabulary.
    public func index(of character: Character) -> Int? { indices[character] }

    /// The indices of every character of `text`, or an error naming the first unknown one.
    public func encode(_ text: String) throws(TaskError) -> [Int] {
        var result: [Int] = []
        for (offset, character) in text.enumerated() {
            guard let index = indices[character] else {
                throw TaskError("the character \(characterLabel(character)) at position \(offset + 1) is not in the vocabulary (\(summary))")
            }
            result.append(index)
        }
        return result
    }

    /// The vocabulary as a learner reads it: `h e l o` (at most 40 shown).
    public var summary: String {
        let shown = characters.prefix(40).map { characterLabel($0) }.joined(separator: " ")
        return count > 40 ? "\(shown) … \(count) characters" : shown
    }
}
