import RNNEngine

/// A trained model's task as `save` records it in a safetensors file's `__metadata__`, and
/// as `load` reads it back, so that `sample` and `evaluate` work on the loaded model.
///
/// Every value is a string, as the format requires:
///
/// | key | holds |
/// |---|---|
/// | `task` | `charlm`, `adding`, `first`, `sine` or `quotes` |
/// | `task_length` | the sequence length of every task but `charlm` (`50`) |
/// | `text`, `text_origin`, `window` | a character model's training text, as it was given (`"hello"`, `--corpus sonnets`), and its window |
/// | `vocabulary` | a JSON array of the characters in one-hot index order (`["h","e","l","o"]`) |
///
/// From Python: `json.loads(safe_open(path, "pt").metadata()["vocabulary"])[i]` is the
/// character of logit `i`.
extension TaskChoice {
    /// The metadata keys of a task, in the order a reader finds them.
    static let metadataKeys = ["task", "task_length", "text", "text_origin", "window", "vocabulary"]

    /// The task as `__metadata__` strings, with the characters of `vocabulary` when the model
    /// has one.
    func metadata(vocabulary: Vocabulary?) -> [String: String] {
        var metadata = ["task": name]
        switch kind {
        case .characters(let text, let origin):
            metadata["text"] = text
            metadata["text_origin"] = origin
            metadata["window"] = String(window)
        case .adding(let length), .first(let length), .sine(let length), .quotes(let length):
            metadata["task_length"] = String(length)
        }
        if let vocabulary {
            metadata["vocabulary"] = JSONWriter.text(.array(vocabulary.characters.map { .string(String($0)) }))
        }
        return metadata
    }

    /// Reads a task from a file's `__metadata__` (``metadata(vocabulary:)``), or says which
    /// value is missing or wrong.
    init(metadata: [String: String]) throws(LabError) {
        guard let name = metadata["task"] else { throw LabError("the file records no task") }
        func length() throws(LabError) -> Int {
            guard let text = metadata["task_length"], let length = Int(text), Self.recordedLengths.contains(length) else {
                throw LabError("the task \(name) needs a task_length between \(Self.recordedLengths.lowerBound) and \(Self.recordedLengths.upperBound), and the file has \(metadata["task_length"].map { "'\($0.prefix(20))'" } ?? "none")")
            }
            return length
        }
        switch name {
        case "charlm":
            guard let text = metadata["text"], !text.isEmpty else { throw LabError("the task charlm needs its training text, and the file has none") }
            guard let window = Int(metadata["window"] ?? "25"), (1...maximumTaskLength).contains(window) else {
                throw LabError("the window '\((metadata["window"] ?? "").prefix(20))' is no whole number between 1 and \(maximumTaskLength)")
            }
            self.init(kind: .characters(text: text, origin: metadata["text_origin"] ?? "(the text in the file)"), window: window)
        case "adding": self.init(kind: .adding(length: try length()))
        case "first": self.init(kind: .first(length: try length()))
        case "sine": self.init(kind: .sine(length: try length()))
        case "quotes": self.init(kind: .quotes(length: try length()))
        default: throw Self.unknownTask(name)
        }
    }

    /// The task lengths a file may record (`task_length`).
    static let recordedLengths = 2...maximumTaskLength

    /// Why a recorded task is none ``init(metadata:)`` reads. A known task with a length
    /// after it, as it is typed (`adding 50`), is named as such: a length out of range
    /// gets the range, one in range where `task_length` should hold it.
    static func unknownTask(_ name: String) -> LabError {
        let words = name.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        guard words.count == 2, words[0] != "charlm", Self.names.contains(String(words[0])) else {
            return LabError("the task '\(LabError.shortened(name))' is none the lab trains (\(Self.names.joined(separator: ", ")))")
        }
        let task = words[0], length = words[1]
        guard !length.isEmpty, length.allSatisfy({ $0.isASCII && $0.isWholeNumber }) else {
            return LabError("the task '\(LabError.shortened(name))' is \(task) with '\(LabError.shortened(String(length)))' after it; "
                + "the file should record the task as '\(task)' and its length as task_length")
        }
        guard let number = Int(length), recordedLengths.contains(number) else {
            return LabError("the task '\(LabError.shortened(name))' gives \(task) a length out of range: "
                + "a task length is a whole number between \(recordedLengths.lowerBound) and \(recordedLengths.upperBound)")
        }
        return LabError("the task '\(LabError.shortened(name))' gives \(task) its length; "
            + "the file should record the task as '\(task)' and the length as task_length '\(number)'")
    }

    /// The characters a model trained on this task reads and writes: a character model's
    /// text's, printable ASCII for quotes, none for a task of numbers.
    func vocabulary(of task: any SequenceTask) -> Vocabulary? {
        switch kind {
        case .characters: (task as? CharacterModelTask)?.vocabulary
        case .quotes: .printableASCII
        default: nil
        }
    }

    /// The characters a file records under `vocabulary` (``metadata(vocabulary:)``), nil when
    /// it records none, or an error saying what is wrong with the entry and where: text that is
    /// not JSON, JSON that is not a list, an element that is not one character, or a character
    /// listed twice.
    static func vocabulary(in metadata: [String: String]) throws(LabError) -> Vocabulary? {
        guard let text = metadata["vocabulary"] else { return nil }
        let entry = "the __metadata__ entry \"vocabulary\""
        let shape = "a JSON list of single characters, such as [\"a\",\"b\"]"
        let value: JSONValue
        do {
            value = try JSONParser.parse(text, maximumDepth: 2)
        } catch let error as JSONParseError {
            throw LabError("\(entry) is not valid JSON (\(error.message) at byte \(error.offset) of '\(LabError.shortened(text))'); it should be \(shape)")
        } catch {
            throw LabError("\(entry) is not valid JSON (\(error)); it should be \(shape)")
        }
        guard let elements = value.array else {
            throw LabError("\(entry) is JSON but not a list ('\(LabError.shortened(text))'); it should be \(shape)")
        }
        var characters: [Character] = []
        for (index, element) in elements.enumerated() {
            guard let string = element.string, string.count == 1, let character = string.first else {
                let what = element.string.map { "'\(LabError.shortened($0))'" } ?? "\(LabError.shortened(JSONWriter.text(element))) (not a string)"
                throw LabError("\(entry) holds \(what) at index \(index), where a single character belongs; it should be \(shape)")
            }
            characters.append(character)
        }
        do {
            return try Vocabulary(characters: characters)
        } catch {
            throw LabError("\(entry) is no list of distinct characters: \(error.message)")
        }
    }
}
