import Testing
@testable import Lab
import Lessons
import Rendering

/// The repository's `lessons/` folder, found from this file's path.
private let shippedLessons: String = {
    var parts = #filePath.split(separator: "/").map(String.init)
    parts.removeLast(3)  // Tests/LabTests/ShippedLessonAnswerTests.swift
    return "/" + parts.joined(separator: "/") + "/lessons"
}()

/// The shipped lessons' questions, answered in the real lab with the engine's own numbers:
/// a likely wrong number gets the lesson's own advice, not the lab's generic reply.
@Suite("Shipped lessons' answers")
struct ShippedLessonAnswerTests {
    /// A session over the shipped lessons, its progress kept in a scratch folder.
    private func session(_ workspace: LessonWorkspace) -> Session {
        let session = Session(commands: LabCommands.all, lessonsDirectory: shippedLessons)
        _ = session.lessonDesk.useStateDirectory(workspace.state)
        return session
    }

    /// The notes an answer was told.
    private func notes(_ outcome: Lab.CommandOutcome) -> [String] {
        outcome.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
    }

    @Test("lstm-vs-rnn refuses the LSTM's own orders of magnitude, the RNN's and the ratio, each with what it is")
    func lstmVersusRNN() {
        let workspace = LessonWorkspace(lessons: [:])
        let session = session(workspace)
        #expect(!session.execute("start lstm").failed)
        #expect(!session.execute("goto 6").failed)
        let told: [(String, String)] = [
            ("6.0", "the LSTM's own gradient loses"),
            ("12.2", "the RNN's own gradient loses"),
            ("1.3e6", "that is the ratio"),
            ("1e6", "that is a ratio"),
        ]
        for (answer, advice) in told {
            let said = notes(session.execute(answer))
            #expect(said.contains { $0.contains("not right yet") && $0.contains(advice) }, "\(answer): \(said)")
        }
        let right = notes(session.execute("6.1"))
        #expect(right.contains { $0.hasPrefix("[lstm-vs-rnn] right") }, "\(right)")
    }

    @Test("the candidate and h-value questions name the pre-activation when it is typed for the value")
    func preActivationForTheValue() {
        let workspace = LessonWorkspace(lessons: [:])
        let session = session(workspace)
        #expect(!session.execute("start lstm").failed)
        #expect(!session.execute("goto 2").failed)
        let candidate = notes(session.execute("0.5212"))
        #expect(candidate.contains { $0.contains("pre-activation") && $0.contains("apply tanh") }, "\(candidate)")
        #expect(!session.execute("leave").failed)
        #expect(!session.execute("start rnn-basics").failed)
        #expect(!session.execute("goto 3").failed)
        let value = notes(session.execute("1.179"))
        #expect(value.contains { $0.contains("pre-activation") && $0.contains("apply tanh") }, "\(value)")
    }
}
