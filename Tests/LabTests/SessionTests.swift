import Testing
@testable import Lab
import Rendering

@Suite("Session")
struct SessionTests {
    @Test func runsACommandAndReturnsItsBlocks() {
        let outcome = makeSession().execute("probe h 2 --all")
        #expect(outcome.blocks == [.prose("h table count=2 all")])
        #expect(!outcome.failed)
        #expect(!outcome.shouldQuit)
    }

    @Test func aliasesRunTheSameCommand() {
        #expect(makeSession().execute("pr c").blocks == [.prose("c table")])
    }

    @Test func blankLinesAndCommentsDoNothing() {
        let session = makeSession()
        #expect(session.execute("   ") == CommandOutcome())
        #expect(session.execute("# a note") == CommandOutcome())
    }

    @Test func quitAndExitEndTheLab() {
        let session = makeSession()
        #expect(session.execute("quit").shouldQuit)
        #expect(session.execute("exit").shouldQuit)
        #expect(!session.execute("version").shouldQuit)
    }

    @Test func versionNamesTheVersion() {
        #expect(makeSession().execute("version").blocks == [.prose("rnnlab \(LabVersion.current)")])
    }

    @Test func errorsFromCommandsBecomeOutcomes() {
        let outcome = makeSession().execute("sleep 4000")
        #expect(outcome.failed)
        #expect(outcome.error?.message == "sleep: SECONDS must be between 0 and 3600, got 4000")
        #expect(outcome.blocksIncludingError == [.error("sleep: SECONDS must be between 0 and 3600, got 4000")])
    }

    @Test func sleepStopsPromptlyWhenInterrupted() {
        let session = makeSession()
        var polls = 0
        session.interruptionCheck = {
            polls += 1
            return polls > 3
        }
        let start = ContinuousClock.now
        let outcome = session.execute("sleep 30")
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(outcome.error == .interrupted)
        #expect(outcome.blocksIncludingError == [.note("interrupted")])
    }

    @Test func sleepWaitsAboutAsLongAsAsked() {
        let start = ContinuousClock.now
        let outcome = makeSession().execute("sleep 0.1")
        let elapsed = ContinuousClock.now - start
        #expect(!outcome.failed)
        #expect(elapsed >= .milliseconds(95))
        #expect(elapsed < .seconds(2))
    }

    @Test func promptShowsTheContext() {
        let session = makeSession()
        #expect(session.prompt == "rnnlab> ")
        session.promptContext = "lstm-gates 3/9"
        #expect(session.prompt == "rnnlab[lstm-gates 3/9]> ")
    }

    @Test func everyCommandNameAndAliasIsUnique() {
        let names = LabCommands.all.flatMap { [$0.name] + $0.aliases }
        #expect(Set(names).count == names.count)
    }

    @Test func everyCommandHasItsHelpTexts() {
        for command in LabCommands.all {
            #expect(!command.summary.isEmpty, "\(command.name) has no summary")
            #expect(!command.help.isEmpty, "\(command.name) has no help")
            #expect(command.example.hasPrefix(command.name), "\(command.name)'s example does not use it")
        }
    }
}
