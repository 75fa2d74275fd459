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

    @Test("forget-mean answered with fb0's mean forget gate, a half, is told that is fb0's; fb1's is right")
    func forgetMeanNamesFb0() {
        let workspace = LessonWorkspace(lessons: [:])
        let session = session(workspace)
        #expect(!session.execute("start lstm").failed)
        #expect(!session.execute("goto 5").failed)
        let said = notes(session.execute("0.5"))
        #expect(said.contains { $0.contains("not right yet") && $0.contains("that is fb0's") }, "\(said)")
        let right = notes(session.execute("0.73"))
        #expect(right.contains { $0.hasPrefix("[forget-mean] right") }, "\(right)")
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

    /// Answers `answers` in turn at step `step` of the shipped lesson `lesson`, after the
    /// commands `before` (a task or question of the step that waits first), and returns
    /// the notes each answer was told.
    private func told(_ lesson: String, step: Int, before: [String] = [], answers: [String]) -> [[String]] {
        let workspace = LessonWorkspace(lessons: [:])
        let session = session(workspace)
        #expect(!session.execute("start \(lesson)").failed)
        #expect(!session.execute("goto \(step)").failed)
        for line in before { #expect(!session.execute(line).failed, "\(line)") }
        return answers.map { notes(session.execute($0)) }
    }

    @Test("stuck.1 takes the whole orders of magnitude or the value rounded (13 or 14 for 13.7), not 12 or 15")
    func stuckOrdersWhole() {
        for whole in ["13", "14"] {
            let said = told("long-range", step: 5, answers: ["12", "15", whole])
            #expect(said[0].contains { $0.contains("[stuck.1] not right yet") }, "12: \(said[0])")
            #expect(said[1].contains { $0.contains("[stuck.1] not right yet") }, "15: \(said[1])")
            #expect(said[2].contains { $0.hasPrefix("[stuck.1] right") }, "\(whole): \(said[2])")
        }
    }

    @Test("baseline.2 answered with the mean-predictor's score, and inside.3 with the fraction lost, are told what they are")
    func longRangeMistakes() {
        let baseline = told("long-range", step: 2, answers: ["2/3", "2/3"])
        #expect(baseline[0].contains { $0.hasPrefix("[baseline.1] right") }, "\(baseline[0])")
        #expect(baseline[1].contains { $0.contains("not right yet") && $0.contains("always outputting the mean") }, "\(baseline[1])")
        let inside = told("long-range", step: 7, before: ["show c --unit 3"], answers: ["0.21"])
        #expect(inside[0].contains { $0.contains("not right yet") && $0.contains("the fraction lost") }, "\(inside[0])")
    }

    @Test("pascanu with option d, clip-norm with the value-clipped -5 and clip-cosine without √8 are each told why")
    func vanishingGradientMistakes() {
        let pascanu = told("vanishing-gradients", step: 6, answers: ["a,d"])
        #expect(pascanu[0].contains { $0.contains("not right yet") && $0.contains("radius 0.9") }, "\(pascanu[0])")
        let clipping = told("vanishing-gradients", step: 9, answers: ["-5", "-3.58", "2.19"])
        #expect(clipping[0].contains { $0.contains("not right yet") && $0.contains("value clipping") }, "\(clipping[0])")
        #expect(clipping[1].contains { $0.hasPrefix("[clip-norm] right") }, "\(clipping[1])")
        #expect(clipping[2].contains { $0.contains("not right yet") && $0.contains("above 1 is impossible") }, "\(clipping[2])")
    }

    @Test("growth answered with 1.5^10, the rough estimate, is told that is not the factor the lab shows")
    func growthEstimateForTheMeasuredFactor() {
        let growth = told("relu-vs-tanh", step: 2, answers: ["58"])
        #expect(growth[0].contains { $0.contains("not right yet") && $0.contains("ten steps of the ×1.5 stretch exactly") }, "\(growth[0])")
    }
}
