import Rendering

// # How a command plugs into the lab
//
// Every command is one `CommandSpec` value, usually in its own file under Commands/, and
// one line in `LabCommands.all` (Commands/LabCommands.swift). The spec is the single
// source for parsing, `help`, `help NAME` and Tab completion:
//
//     extension CommandSpec {
//         /// `feed TEXT`: runs the current model on a sequence.
//         static let feed = CommandSpec(
//             name: "feed",
//             topic: .models,
//             summary: "run the current model on a sequence",
//             help: "Encodes TEXT one token per timestep and runs a forward pass ...",
//             example: "feed \"hello\" --model small",
//             positionals: [
//                 PositionalSpec("text", kind: .text, summary: "the input sequence"),
//             ],
//             options: [
//                 .value("model", kind: .text, summary: "which model", completion: .models),
//                 .value("steps", kind: .integer(1...10_000), summary: "how many", defaultValue: "10"),
//                 .value("color", kind: .choice(["auto", "always", "never"]), summary: "..."),
//                 .flag("all", summary: "show every timestep"),
//             ],
//             run: { invocation in
//                 let session = invocation.session           // the lab's state (a class)
//                 let text = invocation.arguments.string("text") ?? ""
//                 let steps = invocation.arguments.int("steps") ?? 10   // already validated
//                 for step in 0..<steps {
//                     try session.checkInterruption()         // throws `interrupted`
//                     ...
//                 }
//                 if text.isEmpty { throw LabError("feed: TEXT is empty; give a word such as \"hello\"") }
//                 return [.heading("Forward pass"), .prose("...")]
//             }
//         )
//     }
//
// - Parsing: arguments are tokenized (quotes, escapes, `--name value`, `--name=value`,
//   negative numbers are values), matched against `positionals` and `options`, and
//   validated by their `ValueKind` before `run` is called. `run` never sees bad numbers.
// - Results: `run` returns `[Block]` (see Rendering) or throws. A `LabError` is shown as
//   one line; any other error is shown through its `description`.
// - Interruption: long loops call `try invocation.session.checkInterruption()` (or test
//   `session.isInterrupted()` and return partial blocks with a note) at least every
//   ~50 ms; engine passes take `shouldStop: session.isInterrupted`, and their
//   `NetworkError.stopped` becomes `LabError.interrupted`. The session keeps its state
//   either way.
// - Completion: each positional and option names a `CompletionSource`; dynamic sources
//   (models, quantities, lessons) are read from the session at the time Tab is pressed.
// - Quitting: a command calls `session.requestQuit()`.

/// One command of the lab: its name, help texts, argument grammar and implementation.
///
/// The same value drives parsing, the `help` screens and Tab completion, so a command
/// is added by writing one `CommandSpec` and listing it in ``LabCommands/all``.
public struct CommandSpec: Sendable {
    /// What a command does when run: returns blocks to show, or throws an error to report.
    public typealias Run = @Sendable (Invocation) throws -> [Block]
    /// The facets a complete run records (see ``Session/addFacets(_:)``), worked out from
    /// the arguments and the lab as it is, without running.
    public typealias ResultFacets = @Sendable (Invocation) throws -> [String]

    /// The name typed at the prompt, lowercase.
    public var name: String
    /// Other names for the same command (`exit` for `quit`).
    public var aliases: [String]
    /// The group it is listed under in `help`.
    public var topic: CommandTopic
    /// One line, lowercase, no final period: shown in the `help` list.
    public var summary: String
    /// A few sentences for `help NAME`.
    public var help: String
    /// One full example line, as typed.
    public var example: String
    /// Positional arguments, in order.
    public var positionals: [PositionalSpec]
    /// Options (`--name value`, `--name=value`) and boolean flags (`--name`).
    public var options: [OptionSpec]
    /// The implementation.
    public var run: Run
    /// For a long command (`train`, `race`): what a complete run records, without running it,
    /// so that a lesson judges a do-it task on it without training a second time. Nil: the
    /// command is run to find out.
    public var resultFacets: ResultFacets?

    /// Creates a command.
    public init(
        name: String,
        aliases: [String] = [],
        topic: CommandTopic,
        summary: String,
        help: String,
        example: String,
        positionals: [PositionalSpec] = [],
        options: [OptionSpec] = [],
        resultFacets: ResultFacets? = nil,
        run: @escaping Run
    ) {
        self.name = name
        self.aliases = aliases
        self.topic = topic
        self.summary = summary
        self.help = help
        self.example = example
        self.positionals = positionals
        self.options = options
        self.run = run
        self.resultFacets = resultFacets
    }

    /// The usage line derived from the argument spec, e.g. `sleep SECONDS`.
    public var usage: String {
        var parts = [name]
        for positional in positionals {
            var word = positional.name.uppercased()
            if positional.isRepeating { word += "..." }
            parts.append(positional.isOptional ? "[\(word)]" : word)
        }
        for option in options {
            parts.append("[\(option.usage)]")
        }
        return parts.joined(separator: " ")
    }

    /// Finds an option by name (without the leading dashes).
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }
}
