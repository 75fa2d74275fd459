/// Runs a lesson headless: every command, every question answered with its own right
/// answer (a task runs its expected command), every check; stops at the first failure.
public enum AutoRunner {
    /// What an auto run did.
    public struct Report: Sendable, Equatable {
        /// The lesson's id.
        public var lessonID: String
        /// Steps entered.
        public var stepsRun: Int
        /// Questions answered.
        public var questionsAnswered: Int
        /// The first failure, or nil when the lesson passed.
        public var failure: LessonFailure?

        /// Whether the lesson passed.
        public var passed: Bool { failure == nil }
    }

    /// Why a do-it task whose command recorded no result can never be done.
    static let nothingToCompare = "it shows nothing a do-it task can compare (the command changes the lab without "
        + "recording what it showed); run it in an rnnlab block and ask about its effect with a check or a question instead"

    /// Runs `lesson` through `host` from start to end.
    public static func run(_ lesson: Lesson, host: any LessonHost) -> Report {
        var runner = LessonRunner(lesson: lesson)
        runner.stopsOnFailure = true
        var answered = 0
        var entered: Set<Int> = []
        runner.start(at: 1, host: host)
        // Each pass either settles a question, reveals more of a step or enters the next
        // one, so the loop ends; the bound guards against a runner bug all the same.
        let bound = 4 * (lesson.steps.reduce(0) { $0 + $1.items.count } + lesson.steps.count) + 8
        for _ in 0..<bound {
            entered.insert(runner.stepNumber)
            if let failure = runner.failure {
                return Report(lessonID: lesson.id, stepsRun: entered.count, questionsAnswered: answered, failure: failure)
            }
            if runner.isFinished { break }
            if let question = runner.pendingQuestion {
                let answer: String
                switch question.kind {
                case .choice, .number:
                    if case .number(let expected, _) = question.kind {
                        do {
                            let value = try question.expectedNumber(expected, resolver: host)
                            if !value.isFinite {
                                return Report(lessonID: lesson.id, stepsRun: entered.count, questionsAnswered: answered,
                                              failure: .answerUnreadable(question, reason: "it is \(value), not a finite number"))
                            }
                        } catch {
                            return Report(lessonID: lesson.id, stepsRun: entered.count, questionsAnswered: answered,
                                          failure: .answerUnreadable(question, reason: error.message))
                        }
                    }
                    answer = question.rightAnswer(resolver: host)
                    runner.answer(answer, host: host)
                case .task(let expected, _):
                    answer = expected
                    let outcome = host.run(expected, quietly: false)
                    if case .failed(let message) = outcome {
                        return Report(lessonID: lesson.id, stepsRun: entered.count, questionsAnswered: answered,
                                      failure: .answerRejected(question, answer: answer, reason: "the command failed: \(message)"))
                    }
                    if case .stopped = outcome {
                        return Report(lessonID: lesson.id, stepsRun: entered.count, questionsAnswered: answered,
                                      failure: .answerRejected(question, answer: answer, reason: "the command was stopped by Ctrl-C part way"))
                    }
                    if case .succeeded(let signature) = outcome, signature.facets.isEmpty {
                        return Report(lessonID: lesson.id, stepsRun: entered.count, questionsAnswered: answered,
                                      failure: .answerRejected(question, answer: answer, reason: Self.nothingToCompare))
                    }
                    runner.commandRan(expected, outcome: outcome, host: host)
                }
                if runner.progress.answers[question.id]?.correct != true {
                    return Report(lessonID: lesson.id, stepsRun: entered.count, questionsAnswered: answered,
                                  failure: .answerRejected(question, answer: answer, reason: "the question judged it wrong"))
                }
                answered += 1
            } else {
                runner.next(host: host)
            }
        }
        return Report(lessonID: lesson.id, stepsRun: entered.count, questionsAnswered: answered, failure: runner.failure)
    }
}
