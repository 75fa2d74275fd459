/// Runs a lesson headless: every command, every question answered with its own right
/// answer (a task runs its expected command), every check.
///
/// It reports every failing check, and every question its own answer does not satisfy,
/// so that an author sees all of a lesson's broken claims in one run. It stops at a
/// failing command or do-it task: the steps after it would not find the lab the lesson
/// expects, and their failures would only follow from that one.
public enum AutoRunner {
    /// What an auto run did.
    public struct Report: Sendable, Equatable {
        /// The lesson's id.
        public var lessonID: String
        /// Steps entered.
        public var stepsRun: Int
        /// The lesson's steps.
        public var stepCount: Int
        /// Questions answered.
        public var questionsAnswered: Int
        /// Questions met (answered or not).
        public var questionsAsked: Int
        /// Checks evaluated.
        public var checksRun: Int
        /// Every failure, in the order met; empty when the lesson passed.
        public var failures: [LessonFailure]
        /// Whether a failure ended the run before the lesson's end.
        public var stoppedEarly: Bool

        /// The first failure, or nil when the lesson passed.
        public var failure: LessonFailure? { failures.first }

        /// Whether the lesson passed.
        public var passed: Bool { failures.isEmpty }

        /// One line for the end of a failed run: `2 of 9 checks failed`, then the questions
        /// not satisfied by their own answers and, when the run stopped early, where.
        public var summary: String {
            let failedChecks = failures.filter { if case .checkFailed = $0 { true } else { false } }.count
            let failedQuestions = failures.filter {
                switch $0 {
                case .answerRejected, .answerUnreadable: true
                case .commandFailed, .checkFailed: false
                }
            }.count
            var parts: [String] = []
            if failedChecks > 0 || failedQuestions == 0 && !stoppedEarly {
                let checks = "\(checksRun) check\(checksRun == 1 ? "" : "s")"
                parts.append(stoppedEarly ? "\(failedChecks) of the \(checks) run failed" : "\(failedChecks) of \(checks) failed")
            }
            if failedQuestions > 0 {
                parts.append("\(failedQuestions) of \(questionsAsked) question\(questionsAsked == 1 ? "" : "s") failed")
            }
            if stoppedEarly {
                parts.append("the run stopped at step \(stepsRun) of \(stepCount), whose failure leaves the lab otherwise than the later steps expect")
            }
            return parts.joined(separator: "; ")
        }
    }

    /// Why a do-it task whose command recorded no result can never be done.
    static let nothingToCompare = "it shows nothing a do-it task can compare (the command changes the lab without "
        + "recording what it showed); run it in an rnnlab block and ask about its effect with a check or a question instead"

    /// Runs `lesson` through `host` from start to end.
    public static func run(_ lesson: Lesson, host: any LessonHost) -> Report {
        var runner = LessonRunner(lesson: lesson)
        runner.runsHeadless = true
        var answered = 0
        var asked: Set<String> = []
        var entered: Set<Int> = []
        func report() -> Report {
            Report(lessonID: lesson.id, stepsRun: entered.count, stepCount: lesson.steps.count, questionsAnswered: answered,
                   questionsAsked: asked.count, checksRun: runner.checksRun, failures: runner.failures,
                   stoppedEarly: runner.failure != nil)
        }
        runner.start(at: 1, host: host)
        // Each pass either settles a question, reveals more of a step or enters the next
        // one, so the loop ends; the bound guards against a runner bug all the same.
        let bound = 4 * (lesson.steps.reduce(0) { $0 + $1.items.count } + lesson.steps.count) + 8
        for _ in 0..<bound {
            entered.insert(runner.stepNumber)
            if runner.failure != nil || runner.isFinished { break }
            guard let question = runner.pendingQuestion else {
                runner.next(host: host)
                continue
            }
            asked.insert(question.id)
            let answer: String
            switch question.kind {
            case .choice, .number:
                if case .number(let expected, _) = question.kind {
                    var unreadable: String?
                    do {
                        let value = try question.expectedNumber(expected, resolver: host)
                        if !value.isFinite { unreadable = "it is \(value), not a finite number" }
                    } catch {
                        unreadable = error.message
                    }
                    if let unreadable {
                        // a question changes nothing in the lab: the lesson goes on past it
                        runner.record(.answerUnreadable(question, reason: unreadable))
                        runner.next(host: host)
                        continue
                    }
                }
                answer = question.rightAnswer(resolver: host)
                runner.answer(answer, host: host)
            case .task(let expected, _):
                // a task's command builds the lab the later steps use: a failure here stops the run
                answer = expected
                let outcome = host.run(expected, quietly: false)
                if case .failed(let message) = outcome {
                    runner.stop(at: .answerRejected(question, answer: answer, reason: "the command failed: \(message)"))
                    break
                }
                if case .stopped = outcome {
                    runner.stop(at: .answerRejected(question, answer: answer, reason: "the command was stopped by Ctrl-C part way"))
                    break
                }
                if case .succeeded(let signature) = outcome, signature.facets.isEmpty {
                    runner.stop(at: .answerRejected(question, answer: answer, reason: Self.nothingToCompare))
                    break
                }
                runner.commandRan(expected, outcome: outcome, host: host)
            }
            if runner.failure != nil { break }
            if runner.progress.answers[question.id]?.correct != true {
                let rejected = LessonFailure.answerRejected(question, answer: answer, reason: "the question judged it wrong")
                if question.taskCommand != nil {
                    runner.stop(at: rejected)
                    break
                }
                runner.record(rejected)
                runner.next(host: host)
                continue
            }
            answered += 1
        }
        return report()
    }
}
