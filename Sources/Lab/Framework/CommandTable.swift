/// The lab's commands, looked up by name or alias.
public struct CommandTable: Sendable {
    /// Every command, in the order given.
    public let commands: [CommandSpec]
    private let byName: [String: Int]

    /// Indexes the commands; when two share a name, the first one wins.
    public init(_ commands: [CommandSpec]) {
        self.commands = commands
        var byName: [String: Int] = [:]
        for (index, command) in commands.enumerated() {
            for name in [command.name] + command.aliases where byName[name] == nil {
                byName[name] = index
            }
        }
        self.byName = byName
    }

    /// The command with this name or alias.
    public func command(named name: String) -> CommandSpec? {
        byName[name].map { commands[$0] }
    }

    /// Every name a learner can type: names and aliases, sorted.
    public var allNames: [String] {
        byName.keys.sorted()
    }

    /// The main names, sorted (what Tab offers for the first word).
    public var names: [String] {
        commands.map(\.name).sorted()
    }
}
