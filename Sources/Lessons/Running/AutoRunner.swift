/// Runs a lesson headless: every command, every question answered with its own right
/// answer (a task runs its expected command), every check.
///
/// It reports every failing check, and every question its own answer does not satisfy
/// (a do-it task whose command fails among them), so that an author sees all of a
/// lesson's broken claims in one run. It stops at a failing command of an `rnnlab` block:
/// such a command most often makes what the rest of the lesson works on (a model, an
/// input), so the steps after it would fail only for want of it, burying the one failure
/// that matters under theirs. A task is a question, asked of the learner, and the run
/// goes on past it as past any question; its failures are told as those of the steps after it.
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
        /// The failure that ended the run before the lesson's end, if one did.
        public var stoppedBy: LessonFailure?

        /// Whether a failure ended the run before the lesson's end.
        public var stoppedEarly: Bool { stoppedBy != nil }

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
                case .commandFailed, .checkFailed, .ended: false
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
            if let stoppedBy {
                parts.append("the run stopped at step \(stepsRun) of \(stepCount): \(Self.whyStopped(stoppedBy))")
            }
            return parts.joined(separator: "; ")
        }

        /// Why `failure` ended the run: what failed, and why the steps after it were not run.
        static func whyStopped(_ failure: LessonFailure) -> String {
            let line: String
            let failed: String
            switch failure {
            case .commandFailed(let command, let message):
                line = command.line
                failed = message == LessonFailure.stoppedByInterrupt ? "was stopped by Ctrl-C part way" : "failed"
            case .answerRejected(_, let answer, _):
                line = answer
                failed = "was stopped by Ctrl-C part way"
            case .ended(let command, let signal, partWay: true):
                return "its command `\(command.line)` was stopped by \(signal) part way, so the steps after it are not run"
            case .ended(let command, let signal, partWay: false):
                return "\(signal) came before its command `\(command.line)` began, so neither it nor the steps after it are run"
            case .checkFailed, .answerUnreadable:
                return "a failure stopped it"
            }
            return "its command `\(line)` \(failed); the steps after it build on what it makes, so they are not run"
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
                   stoppedBy: runner.failure)
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
                        _ = try question.expectedNumber(expected, resolver: host)
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
                // reported like a check, and the run goes on: what the steps after it miss
                // for it is reported there (Ctrl-C or a signal to end alone ends the run, as
                // the author asked)
                answer = expected
                let command = LessonCommand(line: expected, location: question.expectLocation ?? question.location)
                if let signal = host.terminationSignal {
                    runner.stop(at: .ended(command, signal: signal, partWay: false))
                    break
                }
                let outcome = host.run(expected, quietly: false)
                let problem: String?
                switch outcome {
                case .failed(let message):
                    problem = "the command failed: \(message)"
                case .succeeded(let signature) where signature.facets.isEmpty:
                    problem = Self.nothingToCompare
                case .succeeded:
                    problem = nil
                    runner.commandRan(expected, outcome: outcome, host: host)
                case .stopped:
                    problem = nil
                    runner.stop(at: host.terminationSignal.map { .ended(command, signal: $0, partWay: true) }
                        ?? .answerRejected(question, answer: answer, reason: "the command was stopped by Ctrl-C part way"))
                }
                if let problem {
                    runner.record(.answerRejected(question, answer: answer, reason: problem))
                    runner.passOver(host: host)
                    continue
                }
            }
            if runner.failure != nil { break }
            if runner.progress.answers[question.id]?.correct != true {
                runner.record(.answerRejected(question, answer: answer, reason: "the question judged it wrong"))
                runner.passOver(host: host)
                continue
            }
            answered += 1
        }
        return report()
    }
}
