import Testing
@testable import Lab
import Rendering

@Suite("Help")
struct HelpTests {
    private func text(_ blocks: [Block]) -> String {
        Renderer(caps: TerminalCaps()).render(blocks)
    }

    @Test func overviewListsEveryCommandWithItsSummaryUnderItsTopic() {
        let session = makeSession()
        let overview = text(session.execute("help").blocks)
        for command in session.table.commands {
            #expect(overview.contains("\(command.name)  "), "\(command.name) missing")
            #expect(overview.contains(command.summary))
        }
        #expect(overview.contains(CommandTopic.lab.rawValue))
        #expect(overview.contains(CommandTopic.inspecting.rawValue))
        for topic in CommandTopic.allCases where !session.table.commands.contains(where: { $0.topic == topic }) {
            #expect(!overview.contains(topic.rawValue), "empty topics are not listed")
        }
        let labIndex = overview.firstRange(of: CommandTopic.lab.rawValue)!.lowerBound
        let inspectingIndex = overview.firstRange(of: CommandTopic.inspecting.rawValue)!.lowerBound
        #expect(labIndex < inspectingIndex)
    }

    @Test func commandHelpShowsUsageOptionsDefaultsAliasesAndExample() {
        let help = text(makeSession().execute("help probe").blocks)
        #expect(help.contains("usage: probe QUANTITY [COUNT]"))
        #expect(help.contains("--as table|spark|heat"))
        #expect(help.contains("how to draw it (default: table)"))
        #expect(help.contains("also: pr"))
        #expect(help.contains("example: probe h 3 --as spark"))
    }

    @Test func helpByAliasExplainsTheCommand() {
        #expect(text(makeSession().execute("help exit").blocks).contains("usage: quit"))
    }

    @Test func helpForAnUnknownCommandSuggests() {
        #expect(makeSession().execute("help slep").error?.message == "unknown command 'slep' — did you mean 'sleep'?")
    }
}
