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

    @Test("a help title too long for the screen wraps, its words whole, instead of being cut")
    func aLongHelpTitleWraps() throws {
        let session = Session()
        let blocks = session.execute("help compare").blocks
        let help = Renderer(caps: TerminalCaps(width: 60, color: false, unicode: true)).render(blocks)
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "compare — show two models (or two settings) side by side per", "\(help)")
        #expect(lines[1] == "          step", "the rest hangs under the summary")
        #expect(lines[2].allSatisfy { $0 == "─" } && lines[2].count == lines[0].count, "the rule is as wide as the title")
        #expect(lines.allSatisfy { $0.count <= 60 })
    }

    @Test func helpByAliasExplainsTheCommand() {
        #expect(text(makeSession().execute("help exit").blocks).contains("usage: quit"))
    }

    @Test func helpForAnUnknownCommandSuggests() {
        #expect(makeSession().execute("help slep").error?.message == "unknown command 'slep' — did you mean 'sleep'?")
    }
}
