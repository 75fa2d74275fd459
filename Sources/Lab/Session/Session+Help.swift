import Rendering

extension Session {
    /// The `help` screen: every command grouped by topic, with its summary.
    public func helpOverview() -> [Block] {
        let width = table.commands.map(\.name.count).max() ?? 0
        var blocks: [Block] = [.heading("rnnlab commands")]
        for topic in CommandTopic.allCases {
            let commands = table.commands.filter { $0.topic == topic }
            guard !commands.isEmpty else { continue }
            let lines = commands.map { command in
                "  " + command.name + String(repeating: " ", count: width - command.name.count + 2)
                    + command.summary
            }
            blocks.append(.preformatted(topic.rawValue + "\n" + lines.joined(separator: "\n")))
        }
        blocks.append(.note("Type 'help COMMAND' (or COMMAND --help) for its usage, options and an example. Tab completes names and options."))
        return blocks
    }

    /// The `help NAME` screen: usage, description, arguments, options, aliases, example.
    public func help(for command: CommandSpec) -> [Block] {
        var blocks: [Block] = [
            .heading("\(command.name) — \(command.summary)"),
            .preformatted("usage: \(command.usage)"),
            .prose(command.help),
        ]
        var rows: [(String, String)] = command.positionals.map { positional in
            (positional.name.uppercased(), positional.summary)
        }
        rows += command.options.map { option in
            var summary = option.summary
            if let defaultValue = option.defaultValue { summary += " (default: \(defaultValue))" }
            return (option.usage, summary)
        }
        if !rows.isEmpty {
            let items = rows.map { DefinitionList.Item(term: $0.0, text: $0.1) }
            blocks.append(.definitions(DefinitionList(title: "arguments and options:", items: items)))
        }
        if !command.aliases.isEmpty {
            blocks.append(.note("also: " + command.aliases.joined(separator: ", ")))
        }
        blocks.append(.preformatted("example: \(command.example)"))
        return blocks
    }
}
