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

    @Test("--help or -h after a command shows its help and runs nothing, as `help COMMAND` does")
    func helpOptionShowsTheCommandsHelp() {
        let session = makeSession()
        #expect(session.execute("model rnn --hidden 3").error == nil)
        let expected = text(session.execute("help train").blocks)
        for line in ["train --help", "train -h", "train adding --steps 5 --help", "train --bogus -h"] {
            let outcome = session.execute(line)
            #expect(outcome.error == nil, "\(line): \(outcome.error?.message ?? "")")
            #expect(text(outcome.blocks) == expected, "\(line)")
        }
        #expect(session.state.currentModel?.lossHistory.isEmpty == true, "nothing was trained")
        #expect(text(session.execute("exit --help").blocks).contains("usage: quit"), "by an alias too")
        #expect(!session.execute("exit --help").shouldQuit)
    }

    @Test("a quoted --help, or one after --, is a value, not a request for help")
    func quotedHelpIsAValue() {
        let session = makeSession()
        #expect(session.execute("model rnn --hidden 3").error == nil)
        for line in [#"feed "--help""#, "feed -- --help"] {
            let outcome = session.execute(line)
            #expect(outcome.error == nil, "\(line): \(outcome.error?.message ?? "")")
            #expect(!text(outcome.blocks).contains("usage: feed"), "\(line): --help is the text fed")
            #expect(session.state.input?.source.contains("--help") == true, "\(line)")
        }
    }

    @Test func helpByAliasExplainsTheCommand() {
        #expect(text(makeSession().execute("help exit").blocks).contains("usage: quit"))
    }

    @Test func helpForAnUnknownCommandSuggests() {
        #expect(makeSession().execute("help slep").error?.message == "unknown command 'slep' — did you mean 'sleep'?")
    }
}
