import Foundation
import Testing
import TestSupport

@Suite("Training in the built rnnlab")
struct TrainingEndToEndTests {
    @Test func onAPipeProgressIsPlainLinesEveryNSteps() throws {
        let result = try Run.rnnlab(input: "race lstm charlm \"hello\" --hidden 8 --steps 20 --every 10\nsample --prime h --length 4 --temperature 0\n")
        #expect(result.status == 0, "\(result.errorOutput)")
        // the heading and the LSTM's forget bias are said first, then the progress lines
        #expect(result.output.hasPrefix("Race on charlm \"hello\": lstm, 8 hidden units\n"), "\(result.output)")
        let bias = result.output.range(of: "note: the LSTM starts with forget-gate bias 1\nstep 10/20  median loss  race-lstm ")
        #expect(bias != nil, "\(result.output)")
        #expect(result.output.contains("\nstep 20/20  median loss  race-lstm "))
        #expect(!result.output.contains("\r"))
        #expect(!result.output.contains("\u{1B}"))
    }

    @Test func ctrlCStopsTrainingKeepsTheWeightsAndTheNextTrainContinues() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt())
        var mark = terminal.mark
        terminal.type("race gru charlm \"hello\" --hidden 8 --steps 2\r")
        #expect(terminal.waitFor("current model is now race-gru", after: mark))
        #expect(terminal.waitForPrompt(after: mark))
        mark = terminal.mark
        terminal.type("train charlm --corpus sonnets --steps 1000000\r")
        #expect(terminal.waitFor("steps/s", after: mark), "no progress line; saw: \(terminal.transcript.suffix(400).debugDescription)")
        #expect(terminal.waitFor("\r\u{1B}[2Krace-gru  step ", after: mark), "the line is not redrawn in place")
        mark = terminal.mark
        terminal.type("\u{03}")
        #expect(terminal.waitFor("stopped by Ctrl-C after ", after: mark), "saw: \(terminal.transcript.suffix(400).debugDescription)")
        #expect(terminal.waitForPrompt(after: mark))
        mark = terminal.mark
        terminal.type("train charlm --corpus sonnets --steps 3\r")
        #expect(terminal.waitForPrompt(after: mark))
        let text = String(terminal.transcript[mark...])
        let counts = text.firstMatch(of: /steps, this run \/ all\s+3 \/ (\d+)/)
        let total = try #require(counts.flatMap { Int($0.1) }, "saw: \(text.suffix(600).debugDescription)")
        #expect(total > 3, "the second run did not continue the first")
        terminal.type("quit\r")
        #expect(terminal.waitForExit() == 0)
    }
}
