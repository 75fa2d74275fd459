import Foundation
import Testing
import TestSupport

/// A lesson taken at a (pseudo-)terminal, as a learner would, then resumed in a new lab.
@Suite("A lesson at a terminal", .serialized, .timeLimit(.minutes(1)))
struct LessonTerminalTests {
    @Test func answerWrongGetAHintAnswerRightCarryOnQuitAndResume() throws {
        let state = try TemporaryFolder()
        let lessons = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: lessons.path)
        let arguments = ["--lessons", lessons.path]
        do {
            let terminal = try PseudoTerminal(stateFolder: state.path, arguments: arguments)
            #expect(terminal.waitForPrompt(), "no prompt; saw: \(terminal.transcript.debugDescription)")
            var mark = terminal.mark
            terminal.type("start mini\r")
            // the introduction waits for Enter, so the first step does not scroll it away
            #expect(terminal.waitFor("press Enter to begin step 1 of 3: First step", after: mark),
                    "saw: \(terminal.transcript[mark...].debugDescription)")
            #expect(terminal.waitForPrompt("rnnlab[mini 1/3]> ", after: mark))
            #expect(!terminal.transcript[mark...].contains("Step 1/3"), "saw: \(terminal.transcript[mark...].debugDescription)")
            mark = terminal.mark
            terminal.type("\r")
            #expect(terminal.waitFor("Step 1/3 · First step", after: mark))
            #expect(terminal.waitFor("[pick] Which word comes first", after: mark))
            #expect(terminal.waitForPrompt("rnnlab[mini 1/3]> ", after: mark), "saw: \(terminal.transcript.debugDescription)")

            mark = terminal.mark
            terminal.type("c\r")
            #expect(terminal.waitFor("[pick] not right yet", after: mark))
            #expect(terminal.waitFor("hint 1/2: it starts the alphabet", after: mark))
            #expect(terminal.waitForPrompt("rnnlab[mini 1/3]> ", after: mark))

            mark = terminal.mark
            terminal.type("b\r")
            #expect(terminal.waitFor("[pick] right: apple comes before banana.", after: mark))
            #expect(terminal.waitForPrompt("rnnlab[mini 1/3]> ", after: mark))

            mark = terminal.mark
            terminal.type("version\r")
            #expect(terminal.waitFor("rnnlab 0.1.0", after: mark))
            #expect(terminal.waitForPrompt("rnnlab[mini 1/3]> ", after: mark))

            mark = terminal.mark
            terminal.type("next\r")
            #expect(terminal.waitFor("Step 2/3 · Second step", after: mark))
            #expect(terminal.waitForPrompt("rnnlab[mini 2/3]> ", after: mark))

            mark = terminal.mark
            terminal.type("\r")  // Enter while a question waits only says how to go on
            #expect(terminal.waitFor("q2 waits: answer it, or", after: mark), "saw: \(terminal.transcript[mark...].debugDescription)")
            #expect(terminal.waitForPrompt("rnnlab[mini 2/3]> ", after: mark))

            mark = terminal.mark
            terminal.type("12\r")
            #expect(terminal.waitFor("[q2] right", after: mark), "saw: \(terminal.transcript[mark...].debugDescription)")
            #expect(terminal.waitForPrompt("rnnlab[mini 2/3]> ", after: mark))

            mark = terminal.mark
            terminal.type("\r")  // Enter on an empty line carries on
            #expect(terminal.waitFor("Step 3/3 · Third step", after: mark), "saw: \(terminal.transcript[mark...].debugDescription)")
            #expect(terminal.waitFor("lesson complete: A small lesson", after: mark), "the last step, shown to its end, completes it")
            #expect(terminal.waitForPrompt("rnnlab[mini 3/3]> ", after: mark))

            mark = terminal.mark
            terminal.type("quit\r")
            #expect(terminal.waitFor("your progress is saved", after: mark))
            #expect(terminal.waitForExit() == 0)
        }

        let terminal = try PseudoTerminal(stateFolder: state.path, arguments: arguments)
        #expect(terminal.waitForPrompt())
        let mark = terminal.mark
        terminal.type("start mini\r")
        // Without color, `code` shows as plain text.
        #expect(terminal.waitFor("you completed this lesson before", after: mark),
                "saw: \(terminal.transcript[mark...].debugDescription)")
        #expect(terminal.waitForPrompt("rnnlab[mini 1/3]> ", after: mark))
        terminal.type("\u{4}")
        #expect(terminal.waitForExit() == 0)
    }
}
