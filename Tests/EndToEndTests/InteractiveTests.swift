import Foundation
import Testing
import TestSupport

/// The lab at a real (pseudo-)terminal: completion, history, Ctrl-C and Ctrl-D.
///
/// Keys are typed only once the prompt is shown, as a person would.
@Suite("rnnlab at a terminal", .serialized, .timeLimit(.minutes(1)))
struct InteractiveTests {
    @Test func tabCompletesACommandName() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt(), "no prompt; saw: \(terminal.transcript.debugDescription)")
        let mark = terminal.mark
        terminal.type("hel\t")
        // libedit echoes `hel`, then writes the completed `p ` after it.
        #expect(terminal.waitFor("p ", after: mark), "Tab did not complete; saw: \(terminal.transcript.debugDescription)")
        terminal.type("\r")
        #expect(terminal.waitFor("list the commands, or explain one", after: mark))
        #expect(!terminal.transcript[mark...].contains("unknown command"))
        #expect(terminal.waitForPrompt(after: mark))
        terminal.type("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func tabCompletesAFileInTheHomeFolderAndKeepsTheTilde() throws {
        let state = try TemporaryFolder()  // also the lab's HOME
        _ = FileManager.default.createFile(atPath: state.path + "/my-checkpoint.safetensors", contents: Data())
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt(), "no prompt; saw: \(terminal.transcript.debugDescription)")
        let mark = terminal.mark
        terminal.type("load ~/my-ch\t")
        #expect(terminal.waitFor("eckpoint.safetensors", after: mark), "Tab did not complete; saw: \(terminal.transcript.debugDescription)")
        terminal.type("\r")
        // the empty file is read from the home folder, not looked for under a folder called ~
        #expect(terminal.waitFor("load: ~/my-checkpoint.safetensors: truncated", after: mark), "saw: \(terminal.transcript.debugDescription)")
        #expect(terminal.waitForPrompt(after: mark))
        terminal.type("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func aLongErrorIsWrappedUnderItsLabelNotCutMidWord() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt())
        let mark = terminal.mark
        terminal.type("model\r")
        #expect(terminal.waitFor("error: model: missing KIND", after: mark))
        #expect(terminal.waitFor("\n       [--", after: mark), "continued under the label; saw: \(terminal.transcript[mark...].debugDescription)")
        #expect(terminal.waitForPrompt(after: mark))
        terminal.type("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func tabListsCandidatesWhenAmbiguousAndRedrawsTheLine() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt())
        let mark = terminal.mark
        terminal.type("help \t")
        #expect(terminal.waitFor("quit", after: mark), "no list; saw: \(terminal.transcript.debugDescription)")
        #expect(terminal.waitFor("sleep", after: mark))
        #expect(terminal.waitFor("rnnlab> help ", after: mark), "the line was not redrawn")
        terminal.type("\u{15}")  // Ctrl-U clears the line
        usleep(100_000)
        terminal.type("\u{4}")   // Ctrl-D on the empty line
        #expect(terminal.waitForExit() == 0)
    }

    @Test func aCommandFromOneRunIsRecalledWithUpInTheNext() throws {
        let state = try TemporaryFolder()
        do {
            let first = try PseudoTerminal(stateFolder: state.path)
            #expect(first.waitForPrompt())
            let mark = first.mark
            first.type("version\r")
            #expect(first.waitFor("rnnlab 0.1.0", after: mark))
            #expect(first.waitForPrompt(after: mark))
            first.type("quit\r")
            #expect(first.waitForExit() == 0)
        }
        let history = try String(contentsOfFile: state.path + "/rnnlab/history", encoding: .utf8)
        #expect(history.contains("version"))

        let second = try PseudoTerminal(stateFolder: state.path)
        #expect(second.waitForPrompt())
        let mark = second.mark
        second.type("\u{1B}[A")  // Up: `quit`
        #expect(second.waitFor("quit", after: mark))
        second.type("\u{1B}[A")  // Up again: `version`
        #expect(second.waitFor("version", after: mark))
        second.type("\r")
        #expect(second.waitFor("rnnlab 0.1.0", after: mark), "saw: \(second.transcript.debugDescription)")
        #expect(second.waitForPrompt(after: mark))
        second.type("\u{4}")
        #expect(second.waitForExit() == 0)
    }

    @Test func twoLabsOpenAtOnceBothKeepTheirHistory() throws {
        let state = try TemporaryFolder()
        let first = try PseudoTerminal(stateFolder: state.path)
        let second = try PseudoTerminal(stateFolder: state.path)
        #expect(first.waitForPrompt())
        #expect(second.waitForPrompt())
        // Each lab loaded the empty history before the other wrote a line.
        for (terminal, command, reply) in [(first, "version", "rnnlab 0.1.0"), (second, "help", "rnnlab commands"), (first, "models", "no models")] {
            let mark = terminal.mark
            terminal.type(command + "\r")
            #expect(terminal.waitFor(reply, after: mark), "\(command): \(terminal.transcript.debugDescription)")
            #expect(terminal.waitForPrompt(after: mark))
        }
        for terminal in [second, first] {
            terminal.type("\u{4}")
            #expect(terminal.waitForExit() == 0)
        }
        let history = try String(contentsOfFile: state.path + "/rnnlab/history", encoding: .utf8)
        for command in ["version", "help", "models"] {
            #expect(history.contains(command), "\(command) is missing from \(history.debugDescription)")
        }
    }

    @Test func ctrlCStopsASleepAndTheLabGoesOn() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt())
        terminal.type("sleep 30\r")
        usleep(300_000)
        let mark = terminal.mark
        let start = Date()
        terminal.type("\u{3}")
        #expect(terminal.waitFor("interrupted", after: mark, timeout: 10), "saw: \(terminal.transcript.debugDescription)")
        #expect(terminal.waitFor("rnnlab> ", after: mark, timeout: 10))
        // The sleep would last 30 s; ending far sooner shows Ctrl-C stopped it. (How fast
        // is a matter for measurement by hand, not for a timed test on a loaded machine.)
        #expect(Date().timeIntervalSince(start) < 10)
        usleep(100_000)
        let afterwards = terminal.mark
        terminal.type("version\r")
        #expect(terminal.waitFor("rnnlab 0.1.0", after: afterwards))
        #expect(terminal.waitForPrompt(after: afterwards))
        terminal.type("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func ctrlCStopsAGradientCheckAndTheModelIsKept() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt())
        var mark = terminal.mark
        terminal.type("model lstm --hidden 64\r")
        #expect(terminal.waitForPrompt(after: mark))
        mark = terminal.mark
        terminal.type("feed random 200\r")
        #expect(terminal.waitFor("Fed 200 steps", after: mark))
        #expect(terminal.waitForPrompt(after: mark))
        // 300 elements, two passes over 200 steps each: about a minute in a debug build
        terminal.type("gradcheck\r")
        usleep(300_000)
        mark = terminal.mark
        let start = Date()
        terminal.type("\u{3}")
        #expect(terminal.waitFor("interrupted", after: mark, timeout: 10), "saw: \(terminal.transcript.suffix(400).debugDescription)")
        #expect(terminal.waitForPrompt(after: mark))
        #expect(Date().timeIntervalSince(start) < 10)
        let afterwards = terminal.mark
        terminal.type("show h --step 200 --unit 0\r")
        #expect(terminal.waitFor("t=200", after: afterwards), "saw: \(terminal.transcript.suffix(400).debugDescription)")
        #expect(terminal.waitForPrompt(after: afterwards))
        terminal.type("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func ctrlCAtThePromptDiscardsTheLine() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt())
        let mark = terminal.mark
        terminal.type("nosuch")
        #expect(terminal.waitFor("nosuch", after: mark))
        terminal.type("\u{3}")
        #expect(terminal.waitFor("^C", after: mark))
        #expect(terminal.waitForPrompt(after: mark))
        let afterwards = terminal.mark
        terminal.type("version\r")
        #expect(terminal.waitFor("rnnlab 0.1.0", after: afterwards), "saw: \(terminal.transcript.debugDescription)")
        #expect(!terminal.transcript[afterwards...].contains("unknown command"))
        #expect(terminal.waitForPrompt(after: afterwards))
        terminal.type("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }

    @Test func ctrlDInALessonSaysTheProgressIsSavedAsQuitDoes() throws {
        let state = try TemporaryFolder()
        let lessons = state.path + "/lessons"
        try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
        try "---\nid: tiny\ntitle: Tiny\n---\n\n## One\n\nFirst.\n\n## Two\n\nSecond.\n"
            .write(toFile: lessons + "/tiny.md", atomically: true, encoding: .utf8)
        let terminal = try PseudoTerminal(stateFolder: state.path, arguments: ["--lessons", lessons])
        #expect(terminal.waitForPrompt())
        let mark = terminal.mark
        terminal.type("start tiny\r")
        #expect(terminal.waitFor("Step 1/2", after: mark))
        #expect(terminal.waitForPrompt("rnnlab[tiny 1/2]> ", after: mark))
        terminal.type("\u{4}")
        #expect(terminal.waitFor("your progress is saved: start tiny resumes here", after: mark),
                "saw: \(terminal.transcript[mark...].debugDescription)")
        #expect(terminal.waitForExit() == 0)
    }

    @Test("SIGTERM at the prompt ends the lab with a word and the terminal as the shell had it; killed there, libedit's raw mode would stay")
    func aSigtermAtThePromptEndsTheLabAndRestoresTheTerminal() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt())
        terminal.type("model rnn --hid")
        #expect(terminal.waitFor("--hid"))
        #expect(!terminal.isInCookedMode, "the line editor reads keys one by one")
        terminal.send(SIGTERM)
        #expect(terminal.waitForExit() == 143)
        #expect(terminal.transcript.contains("rnnlab: SIGTERM: leaving the lab"), "\(terminal.transcript)")
        #expect(!terminal.transcript.contains("--hid^C"), "no key was pressed: \(terminal.transcript)")
        #expect(terminal.isInCookedMode, "the terminal is left without line reading or echo")
    }

    @Test func ctrlDOnAnEmptyLineExitsWithZeroEvenAfterAnError() throws {
        let state = try TemporaryFolder()
        let terminal = try PseudoTerminal(stateFolder: state.path)
        #expect(terminal.waitForPrompt())
        let mark = terminal.mark
        terminal.type("nosuchcommand\r")
        #expect(terminal.waitFor("unknown command 'nosuchcommand'", after: mark))
        #expect(terminal.waitForPrompt(after: mark))
        terminal.type("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }
}
