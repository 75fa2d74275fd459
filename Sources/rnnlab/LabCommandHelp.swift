import Lab
import Lessons
import LineEditing
import Rendering

/// `rnnlab help COMMAND` for a command of the lab (`rnnlab help race`), which the argument
/// parser's own help does not know: it knows the subcommands only, and answers any other
/// name with the overview. The lab's help for the command is shown under a line saying
/// where it runs; a name that is neither a subcommand nor a lab command is an error.
enum LabCommandHelp {
    /// The subcommands the argument parser explains itself (and its own `help`).
    static let subcommandNames: Set<String> = Set(subcommands + ["help"])

    /// The subcommands' names: `eval`, `lint`, `lesson`, `bench`.
    static var subcommands: [String] { RNNLab.configuration.subcommands.compactMap { $0.configuration.commandName } }

    /// What `arguments` (without the program name) ask, when they are `help NAME` for a name
    /// the argument parser does not explain; nil for everything else.
    static func answer(_ arguments: [String]) -> Answer? {
        guard arguments.count == 2, arguments[0] == "help", !subcommandNames.contains(arguments[1]) else { return nil }
        let name = arguments[1]
        guard let command = CommandTable(LabCommands.all).command(named: name) else { return .unknown(name) }
        return .labCommand(command)
    }

    /// What `rnnlab help NAME` shows.
    enum Answer {
        /// A command of the lab.
        case labCommand(CommandSpec)
        /// A name that is neither a subcommand nor a command of the lab.
        case unknown(String)
    }

    /// Prints the answer to `help NAME` and returns the exit status: the lab's help for its
    /// command (0), or an error naming what exists (64, as the argument parser's usage errors).
    static func show(_ answer: Answer, environment: Environment) -> Int32 {
        let session = Session()
        let caps = TerminalSettings.detect(colorMode: .auto, asciiOnly: false, environment: environment).caps
        let renderer = Renderer(caps: caps)
        switch answer {
        case .labCommand(let command):
            let place = Block.note("\(command.name) is a command of the lab, not of the shell: start the lab with `rnnlab` and type it there (`help \(command.name)` in the lab shows this too).")
            StandardStreams.writeOutput(renderer.render([place] + session.help(for: command)))
            StandardStreams.flush()
            return 0
        case .unknown(let name):
            let hint = Suggestion.nearest(to: name, among: session.table.allNames + subcommands).map { " — did you mean '\($0)'?" } ?? ""
            StandardStreams.writeError("rnnlab: help: no subcommand or command of the lab is called '\(name)'\(hint)\n"
                + "The subcommands are \(subcommands.joined(separator: ", ")); in the lab (`rnnlab`), `help` lists its commands.\n")
            StandardStreams.flush()
            return 64
        }
    }
}
