import Lessons

/// A failure a lab command reports to the learner in one line.
///
/// The message says what was wrong, where (which argument) and what to do, e.g.
/// `unknown command 'shw' — did you mean 'show'?`.
public struct LabError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the command stopped.
    public enum Kind: Sendable, Equatable {
        /// The command line or the command itself failed.
        case failure
        /// Ctrl-C stopped the command; the session kept its state.
        case interrupted
    }

    /// The one-line message.
    public var message: String
    /// Whether this is a failure or an interruption.
    public var kind: Kind

    /// Creates an error with a message.
    public init(_ message: String, kind: Kind = .failure) {
        self.message = message
        self.kind = kind
    }

    /// A command stopped by Ctrl-C.
    public static let interrupted = LabError("interrupted", kind: .interrupted)

    public var description: String { message }
}

extension LabError {
    /// An unknown command name, with the nearest known names when some are close (all of
    /// them when they are equally likely).
    static func unknownCommand(_ typed: String, known: [String]) -> LabError {
        let name = shortened(typed)
        if let hint = shellWords[name.lowercased()] { return LabError("unknown command '\(name)' — \(hint)") }
        if let question = Suggestion.question(offering: Suggestion.nearestWords(to: name.lowercased(), among: known)) {  // `SHOW` is `show`
            return LabError("unknown command '\(name)' — \(question)")
        }
        return LabError("unknown command '\(name)' — type 'help' to see the commands")
    }

    /// What the lab does for words a shell has (at a terminal, the line editor clears the
    /// screen with Ctrl-L).
    static let shellWords = ["clear": "Ctrl-L clears the screen", "cls": "Ctrl-L clears the screen"]

    /// Options one command spells as another does: `model --activation` is PyTorch's
    /// `nonlinearity`, the word `load` and `rnnlab eval` take from the file's module.
    static let optionSynonyms = ["--nonlinearity": "--activation", "--activation": "--nonlinearity"]

    /// An unknown option of a command, with the nearest option when one is close or the
    /// option it spells differently (``optionSynonyms``).
    static func unknownOption(_ typed: String, command: CommandSpec) -> LabError {
        let option = shortened(typed)
        let known = command.options.map { "--" + $0.name }
        if let suggestion = optionSynonyms[option].flatMap({ known.contains($0) ? $0 : nil }) ?? Suggestion.nearest(to: option, among: known) {
            return LabError("unknown option '\(option)' for '\(command.name)' — did you mean '\(suggestion)'?")
        }
        if known.isEmpty {
            return LabError("'\(command.name)' takes no options (usage: \(command.usage))")
        }
        return LabError("unknown option '\(option)' for '\(command.name)' — its options are \(known.joined(separator: ", "))")
    }

    /// A word as it is quoted in a message: at most 40 characters.
    static func shortened(_ word: String) -> String {
        word.count <= 40 ? word : word.prefix(39) + "…"
    }
}
