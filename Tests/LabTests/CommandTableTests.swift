import Testing
@testable import Lab

@Suite("The command table")
struct CommandTableTests {
    @Test func everyNameAndAliasBelongsToOneCommand() {
        var owners: [String: String] = [:]
        for command in LabCommands.all {
            for name in [command.name] + command.aliases {
                #expect(owners[name] == nil, "'\(name)' names both \(owners[name] ?? "") and \(command.name)")
                owners[name] = command.name
            }
        }
    }

    @Test func everyCommandHasHelpAndAnExample() {
        for command in LabCommands.all {
            #expect(!command.summary.isEmpty, "\(command.name) has no summary")
            #expect(!command.help.isEmpty, "\(command.name) has no help")
            #expect(command.example.hasPrefix(command.name), "\(command.name)'s example does not start with its name")
        }
    }
}
