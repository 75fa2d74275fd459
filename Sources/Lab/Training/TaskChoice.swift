import RNNEngine

/// A task as the learner named it on a command line (`adding 50`, `charlm "hello"`),
/// with everything needed to draw its sequences again later (for `evaluate`).
public struct TaskChoice: Sendable, Equatable {
    /// Which task, with its parameters.
    public enum Kind: Sendable, Equatable {
        /// Next-character prediction on `text`; `origin` says where the text came from.
        case characters(text: String, origin: String)
        /// The adding problem over `length` steps.
        case adding(length: Int)
        /// Remember the first symbol over `length` steps.
        case first(length: Int)
        /// One-step-ahead prediction of a noisy sine wave over `length` steps.
        case sine(length: Int)
        /// Quote tracking on sentences of about `length` characters.
        case quotes(length: Int)
    }

    /// The task.
    public var kind: Kind
    /// Characters per training window (character models).
    public var window: Int

    /// The task names `train` and `race` accept.
    public static let names = ["charlm", "adding", "first", "copy", "sine", "quotes"]
    /// The largest text file `charlm --file` reads.
    public static let maximumFileBytes = 1_000_000

    /// Creates a choice.
    public init(kind: Kind, window: Int = 25) {
        self.kind = kind
        self.window = window
    }

    /// The engine's generator for this task.
    public func makeTask() throws -> any SequenceTask {
        do {
            switch kind {
            case .characters(let text, _): return try CharacterModelTask(text: text, window: window)
            case .adding(let length): return try AddingTask(length: length)
            case .first(let length): return try FirstSymbolTask(length: length)
            case .sine(let length): return try SineTask(length: length)
            case .quotes(let length): return try QuoteTask(length: length)
            }
        } catch {
            throw LabError(error.message)
        }
    }

    /// The engine's name of the task (`charlm`, `adding`, `first`, `sine`, `quotes`).
    public var name: String {
        switch kind {
        case .characters: "charlm"
        case .adding: "adding"
        case .first: "first"
        case .sine: "sine"
        case .quotes: "quotes"
        }
    }

    /// The task as it would be typed: `adding 50`, `charlm "hello"`, `charlm --corpus sonnets`.
    public var description: String {
        switch kind {
        case .characters(_, let origin): "charlm \(origin)"
        case .adding(let length): "adding \(length)"
        case .first(let length): "first \(length)"
        case .sine(let length): "sine \(length)"
        case .quotes(let length): "quotes \(length)"
        }
    }

    /// Whether the task's targets are classes (cross-entropy) rather than values (MSE).
    public var isClassification: Bool {
        switch kind {
        case .characters, .first, .quotes: true
        case .adding, .sine: false
        }
    }

    /// Whether the target at each step is the next step's input (the next character of
    /// charlm, the next value of sine), which a bidirectional model has already read.
    public var predictsNextStep: Bool {
        switch kind {
        case .characters, .sine: true
        case .adding, .first, .quotes: false
        }
    }

    /// Why `model`'s scores on this task are no prediction when it is bidirectional and the
    /// task predicts the next step (``predictsNextStep``); nil otherwise. Its backward
    /// direction runs from the end, so at step t it has read x_{t+1}, …, x_T, and x_{t+1} is
    /// the target y_t (the next character itself; for sine, the next value with its noise):
    /// the head learns to copy it, and the loss measures that copying. `brief` says it in one
    /// sentence, for a learner who has been told why already.
    func futureReadingWarning(for model: LabModel, brief: Bool = false) -> String? {
        guard predictsNextStep, let network = model.network, network.bidirectional else { return nil }
        if brief {
            let (what, score) = text != nil ? ("character", "its loss and perplexity measure") : ("value", "its loss measures")
            return "'\(model.name)' is bidirectional and has read each next \(what) it is asked for: \(score) copying, not prediction"
        }
        // only a character model can be sampled, so only its warning names sample
        let (what, scores) = text != nil
            ? ("character", "its loss and perplexity then measure the copying, not prediction (`sample` refuses such a model for the same reason)")
            : ("value", "its loss then measures the copying, not prediction")
        return "'\(model.name)' is bidirectional, and \(name) asks for the next \(what) at each step: its backward direction reads the "
            + "sequence from the end, so at step t it has already read step t+1, the very \(what) it is asked for. It can learn to copy "
            + "that \(what) instead of predicting it, and \(scores). A one-directional model has only the past to go on: "
            + "`\(ModelFactory.command(for: network, input: false, bidirectional: false))`"
    }

    /// The training text of a character model.
    public var text: String? {
        if case .characters(let text, _) = kind { return text }
        return nil
    }

    /// Reads a task from a command's words: `name` and the words after it, plus the
    /// `--file` and `--corpus` options for character models.
    ///
    /// - Parameters:
    ///   - command: the command's name, for messages.
    ///   - allowedFileRoots: folders `--file` may read under (nil: anywhere).
    ///   - readingFile: false to check the words alone, as `lint` does: the text of
    ///     `--file` is then left empty, unread.
    public static func parse(
        name: String, arguments: [String], file: String?, corpus: String?, window: Int?,
        command: String, allowedFileRoots: [String]?, readingFile: Bool = true
    ) throws -> TaskChoice {
        func length(default value: Int?, label: String) throws -> Int {
            guard arguments.count <= 1 else {
                throw LabError("\(command): \(label) takes one length, got '\(arguments.joined(separator: " ").prefix(40))'")
            }
            guard let word = arguments.first else {
                if let value { return value }
                throw LabError("\(command): \(label) needs a length, e.g. `\(command) \(label) 50`")
            }
            guard let number = Int(word), number >= 2, number <= maximumTaskLength else {
                throw LabError("\(command): the length of \(label) must be a whole number between 2 and \(maximumTaskLength), got '\(word.prefix(40))'")
            }
            return number
        }
        if name != "charlm", file != nil || corpus != nil {
            throw LabError("\(command): --file and --corpus are for charlm, not \(name)")
        }
        if name != "charlm", window != nil {
            throw LabError("\(command): --window is for charlm, not \(name)")
        }
        switch name {
        case "charlm":
            let sources = [arguments.isEmpty ? nil : "text", file == nil ? nil : "--file", corpus == nil ? nil : "--corpus"].compactMap { $0 }
            guard sources.count == 1 else {
                throw LabError("\(command): charlm needs exactly one text: charlm \"TEXT\", charlm --file PATH or charlm --corpus sonnets")
            }
            guard arguments.count <= 1 else {
                throw LabError("\(command): charlm takes one text; put it in quotes: charlm \"\(arguments.joined(separator: " ").prefix(40))\"")
            }
            let text: String, origin: String
            if let word = arguments.first {
                text = word
                origin = quoted(word)
            } else if let file {
                text = readingFile ? try readText(file, command: command, allowedFileRoots: allowedFileRoots) : ""
                origin = "--file \(file)"
            } else {
                text = BundledCorpus.sonnets
                origin = "--corpus \(BundledCorpus.name)"
            }
            return TaskChoice(kind: .characters(text: text, origin: origin), window: window ?? 25)
        case "adding": return TaskChoice(kind: .adding(length: try length(default: nil, label: "adding")))
        case "copy", "first": return TaskChoice(kind: .first(length: try length(default: nil, label: name)))
        case "sine": return TaskChoice(kind: .sine(length: try length(default: 50, label: "sine")))
        case "quotes": return TaskChoice(kind: .quotes(length: try length(default: 60, label: "quotes")))
        default:
            throw LabError("\(command): unknown task '\(name.prefix(40))'; the tasks are \(names.joined(separator: ", "))")
        }
    }

    private static func quoted(_ text: String) -> String {
        let shown = text.count > 30 ? String(text.prefix(29)) + "…" : text
        return "\"" + shown.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

extension String {
    /// This string with every `target` replaced by `replacement`.
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
