@testable import Lab
import Rendering

/// A command with every kind of argument, for parser and completion tests.
let probeCommand = CommandSpec(
    name: "probe",
    aliases: ["pr"],
    topic: .inspecting,
    summary: "exercise the argument grammar",
    help: "A command used by the tests.",
    example: "probe h 3 --as spark",
    positionals: [
        PositionalSpec("quantity", summary: "what to show", completion: .quantities),
        PositionalSpec("count", kind: .integer(-5...100), summary: "how many", isOptional: true),
    ],
    options: [
        .value("as", kind: .choice(["table", "spark", "heat"]), summary: "how to draw it", defaultValue: "table"),
        .value("scale", kind: .number(-1...1), summary: "a factor"),
        .value("model", kind: .text, summary: "which model", completion: .models),
        .flag("all", summary: "every step"),
        .flag("reverse", summary: "backwards"),
    ],
    run: { invocation in
        let arguments = invocation.arguments
        var parts = [arguments.string("quantity") ?? "-", arguments.string("as") ?? "-"]
        if let count = arguments.int("count") { parts.append("count=\(count)") }
        if let scale = arguments.double("scale") { parts.append("scale=\(scale)") }
        if arguments.flag("all") { parts.append("all") }
        return [.prose(parts.joined(separator: " "))]
    }
)

/// A command that takes any number of words.
let echoCommand = CommandSpec(
    name: "echo",
    topic: .lab,
    summary: "repeat words",
    help: "Repeats its words.",
    example: "echo a b",
    positionals: [PositionalSpec("words", summary: "the words", isRepeating: true)],
    run: { invocation in [.prose(invocation.arguments.strings("words").joined(separator: "|"))] }
)

/// A session with the lab's commands and the test commands.
func makeSession() -> Session {
    Session(commands: LabCommands.all + [probeCommand, echoCommand])
}
