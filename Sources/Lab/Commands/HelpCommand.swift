extension CommandSpec {
    /// `help [COMMAND]`: the list of commands, or one command's usage and example.
    public static let help = CommandSpec(
        name: "help",
        aliases: ["?"],
        topic: .lab,
        summary: "list the commands, or explain one",
        help: "Without a name, lists every command grouped by topic. With a name, shows its usage, its arguments and options, and an example.",
        example: "help sleep",
        positionals: [
            PositionalSpec("command", summary: "the command to explain", isOptional: true,
                           completion: .commands),
        ],
        run: { invocation in
            let session = invocation.session
            guard let name = invocation.arguments.string("command") else {
                return session.helpOverview()
            }
            guard let command = session.table.command(named: name) else {
                throw LabError.unknownCommand(name, known: session.table.allNames)
            }
            return session.help(for: command)
        }
    )
}
