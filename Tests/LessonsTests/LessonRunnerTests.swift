import Testing
@testable import Lessons

@Suite("Lesson runner")
struct LessonRunnerTests {
    static let text = frontMatter + """
    # Sample

    Intro text.

    ## One

    First prose.

    ```rnnlab
    model lstm --hidden 3 --seed 7
    feed "hello"
    ```

    ```quiz
    Which gate forgets?
    - input
    * forget
    hint: first hint
    hint: second hint
    explain: because f multiplies c.
    ```

    After the question.

    ```check
    params == 108
    ```

    ## Two

    ```rnnlab
    show f
    ```

    ```quiz
    id: f3
    What is f at t=3, unit 0?
    answer: f[t=3, unit=0] ± 0.005
    ```

    ## Three

    ```quiz
    id: do
    Show the cell state of unit 2.
    expect: show c --unit 2
    hint: use show
    ```

    Done.
    """

    static let values: [String: [Double]] = ["params": [108], "f[t=3, unit=0]": [0.602]]

    func makeRunner(progress: LessonProgress? = nil) throws -> LessonRunner {
        LessonRunner(lesson: try parseLesson(Self.text), progress: progress)
    }

    @Test("starting shows the title, the introduction, runs commands and stops at the question")
    func start() throws {
        var runner = try makeRunner()
        let host = FakeHost(values: Self.values)
        runner.start(host: host)
        #expect(host.outputs.first == .lessonTitle("Sample", minutes: 5))
        #expect(host.texts == ["Intro text.", "First prose."])
        #expect(host.ran.map(\.command) == ["model lstm --hidden 3 --seed 7", "feed \"hello\""])
        #expect(host.ran.allSatisfy { !$0.quietly })
        #expect(host.questionsShown == ["q1"])
        #expect(runner.pendingQuestion?.id == "q1")
        #expect(runner.promptLabel == "sample 1/3")
        #expect(!host.texts.contains("After the question."))
    }

    @Test("a wrong answer shows the next hint; hint stages; a right one explains and carries on")
    func hintsAndAnswers() throws {
        var runner = try makeRunner()
        let host = FakeHost(values: Self.values)
        runner.start(host: host)
        runner.answer("a", host: host)
        #expect(host.outputs.contains(.wrong(questionID: "q1", detail: nil)))
        #expect(host.hints == ["first hint"])
        #expect(runner.progress.answers["q1"] == AnswerRecord(answer: "a", correct: false))
        runner.hint(host: host)
        #expect(host.hints == ["first hint", "second hint"])
        runner.hint(host: host)
        #expect(host.notices.last?.contains("no more hints") == true)
        runner.answer("what", host: host)
        #expect(host.notices.last?.contains("answer with a letter") == true)
        #expect(runner.pendingQuestion?.id == "q1")
        runner.answer("B", host: host)
        #expect(host.outputs.contains(.correct(questionID: "q1", explanation: "because f multiplies c.")))
        #expect(runner.progress.answers["q1"] == AnswerRecord(answer: "B", correct: true, retried: true), "right after a wrong answer")
        #expect(host.texts.last == "After the question.")
        #expect(runner.pendingQuestion == nil)
        #expect(!host.outputs.contains { if case .claimNotHeld = $0 { true } else { false } })
    }

    @Test("next passes an unanswered question, then enters the next step; where lists it")
    func nextLeavesUnanswered() throws {
        var runner = try makeRunner()
        let host = FakeHost(values: Self.values)
        runner.start(host: host)
        runner.next(host: host)
        #expect(host.notices.last == "q1 left unanswered; `goto 1` comes back to it")
        #expect(host.texts.last == "After the question.")
        #expect(runner.stepNumber == 1)
        runner.next(host: host)
        #expect(runner.stepNumber == 2)
        #expect(runner.progress.step == 2)
        #expect(host.ran.last?.command == "show f")
        runner.showWhere(host: host)
        let whereText = try #require(host.notices.last)
        #expect(whereText.contains("step 2 of 3"))
        #expect(whereText.contains("q1 unanswered"))
        #expect(whereText.contains("waiting for an answer to f3"))
        runner.goto(1, host: host)
        #expect(runner.pendingQuestion?.id == "q1", "goto 1 comes back to it, as the notice said")
    }

    @Test("numeric answers read the expected value from the session; skip shows the answer")
    func numberAndSkip() throws {
        var runner = try makeRunner()
        let host = FakeHost(values: Self.values)
        runner.start(at: 2, host: host)
        runner.answer("0.61", host: host)
        #expect(host.outputs.contains(.wrong(questionID: "f3", detail: nil)))
        runner.answer(".60", host: host)
        #expect(runner.progress.answers["f3"]?.correct == true)
        runner.next(host: host)
        #expect(runner.pendingQuestion?.id == "do")
        runner.skip(host: host)
        #expect(host.outputs.contains(.skipped(questionID: "do", answer: .success("`show c --unit 2`"), explanation: nil)))
        #expect(runner.progress.answers["do"]?.skipped == true)
        #expect(host.texts.last == "Done.")
        runner.skip(host: host)
        #expect(host.notices.last?.contains("no question is waiting") == true)
    }

    @Test("do-it tasks are judged by the result, not the spelling")
    func tasks() throws {
        var runner = try makeRunner()
        let host = FakeHost(values: Self.values)
        runner.start(at: 3, host: host)
        runner.answer("b", host: host)
        #expect(host.notices.last?.contains("running a lab command") == true)
        // every unit, unit 2 among them: close, so no attempt is counted
        runner.commandRan("show c", outcome: host.run("show c", quietly: false), host: host)
        #expect(host.notices.last == "do still waits: that showed what it asks for among more; narrow it down to just that (`hint` helps)")
        #expect(runner.progress.answers["do"] == nil)
        runner.commandRan("show h --unit 2", outcome: host.run("show h --unit 2", quietly: false), host: host)
        #expect(host.outputs.last == .hint(questionID: "do", number: 1, count: 1, text: "use show"))
        #expect(runner.progress.answers["do"]?.correct == false)
        runner.commandRan("bogus", outcome: .failed("unknown command"), host: host)
        #expect(runner.pendingQuestion?.id == "do")
        // another command is looking around: no attempt, no hint
        let outputs = host.outputs.count
        runner.commandRan("params", outcome: host.run("params", quietly: false), host: host)
        #expect(host.outputs.count == outputs + 1)
        #expect(host.notices.last == "do still waits: it asks for something other than what that showed (`hint` helps)")
        #expect(runner.progress.answers["do"]?.answer == "show h --unit 2", "the wrong attempt recorded is still the earlier one")
        let spelled = "show c --step 1..5 --unit 2"
        runner.commandRan(spelled, outcome: host.run(spelled, quietly: false), host: host)
        #expect(runner.progress.answers["do"] == AnswerRecord(answer: spelled, correct: true, retried: true))
        #expect(host.texts.last == "Done.")
    }

    @Test("the task's command with an option set otherwise than the task's, typed or by default, is trying things out; numbers compare as numbers")
    func anOptionSetOtherwiseIsNoAttempt() throws {
        let host = FakeHost()
        let expected = "show c --unit 2"
        host.commandOptions = [
            expected: CommandOptions(typed: ["unit": "2"], defaulted: ["layer": "0"]),
            "show c --unit 1": CommandOptions(typed: ["unit": "1"]),
            "show c --unit 2.0 --layer 1": CommandOptions(typed: ["unit": "2.0", "layer": "1"]),
            "show c --unit 2.0 --step 3": CommandOptions(typed: ["unit": "2.0", "step": "3"]),
        ]
        #expect(LessonRunner.optionSetOtherwise(in: "show c --unit 1", than: expected, host: host) == "unit")
        #expect(LessonRunner.optionSetOtherwise(in: "show c --unit 2.0 --layer 1", than: expected, host: host) == "layer", "2.0 is the unit 2; layer 0 by default")
        #expect(LessonRunner.optionSetOtherwise(in: "show c --unit 2.0 --step 3", than: expected, host: host) == nil,
                "a setting the task gives no value may be part of an attempt")
        #expect(LessonRunner.optionSetOtherwise(in: "show h --unit 2", than: expected, host: host) == nil, "options unknown")

        var runner = try makeRunner()
        runner.start(at: 3, host: host)
        runner.commandRan("show c --unit 1", outcome: host.run("show c --unit 1", quietly: false), host: host)
        #expect(host.notices.last == "do still waits: that set --unit otherwise than it asks for, which counts as trying things out, not as an answer (`hint` helps)")
        #expect(runner.progress.answers["do"] == nil)
    }

    static let taskFirst = frontMatter + """
    # Tasks

    ## Train

    ```quiz
    id: fit
    Train the model.
    expect: train adding 4 --steps 2
    ```

    ## Score

    ```rnnlab
    evaluate
    ```
    """

    @Test("the steps after a task find the lab as the task leaves it: resumed, skipped or passed over")
    func tasksAreReplayed() throws {
        let lesson = try parseLesson(Self.taskFirst)
        let train = "train adding 4 --steps 2"
        // resuming past it replays its expected command quietly, as the steps' own commands
        var resumed = LessonRunner(lesson: lesson)
        let host = FakeHost()
        resumed.start(at: 2, host: host)
        #expect(host.ran.map(\.command) == [train, "evaluate"])
        #expect(host.ran.map(\.quietly) == [true, false])
        // back into step 1 replays nothing; goto past the waiting task runs it first
        host.ran = []
        resumed.back(host: host)
        resumed.goto(2, host: host)
        #expect(host.ran.map(\.command) == [train, "evaluate"])
        // skipped: the answer shows, and the command runs where the learner sees it
        var skipping = LessonRunner(lesson: lesson)
        host.ran = []
        skipping.start(host: host)
        skipping.skip(host: host)
        #expect(host.ran.map(\.command) == [train] && host.ran.map(\.quietly) == [false])
        // passed over with next: it runs too, with a note that says why
        var passing = LessonRunner(lesson: lesson)
        host.ran = []
        passing.start(host: host)
        passing.next(host: host)
        #expect(host.notices.contains { $0.hasPrefix("fit left undone; its command runs now") }, "\(host.notices)")
        #expect(host.ran.map(\.command) == [train, "evaluate"])
        #expect(passing.progress.answers["fit"] == nil, "it stays unanswered")
    }

    @Test("a step entered again replays the command of a task done or skipped there before, as the steps after it build on it")
    func settledTasksAreReplayedWhenTheirStepIsEnteredAgain() throws {
        let lesson = try parseLesson(Self.taskFirst)
        let train = "train adding 4 --steps 2"
        let host = FakeHost()
        var skipped = LessonRunner(lesson: lesson)
        skipped.start(host: host)
        skipped.skip(host: host)
        skipped.next(host: host)
        host.ran = []
        skipped.back(host: host)
        #expect(host.ran.map(\.command) == [train] && host.ran.map(\.quietly) == [true], "\(host.ran)")
        skipped.next(host: host)
        #expect(host.ran.map(\.command) == [train, "evaluate"])
        var done = LessonRunner(lesson: lesson)
        done.start(host: host)
        done.commandRan(train, outcome: host.signature(of: train), host: host)
        #expect(done.progress.answers["fit"]?.correct == true)
        host.ran = []
        done.goto(1, host: host)
        #expect(host.ran.map(\.command) == [train] && host.ran.map(\.quietly) == [true], "\(host.ran)")
    }

    @Test("skip says a numeric answer that is no finite number in the session cannot be shown, as --auto refuses it")
    func skipOfAnAnswerNoOneCanType() throws {
        let text = frontMatter + """
        ## One

        ```quiz
        id: tiny
        What is log10 of the first gradient norm?
        answer: log10(grad-norm[1]) ± 1
        ```
        """
        var runner = LessonRunner(lesson: try parseLesson(text))
        // a gradient that vanished to exactly 0: its logarithm is −inf
        let host = FakeHost(values: ["grad-norm[t=1]": [0]])
        runner.start(host: host)
        let refusal = "it is −inf (from grad-norm[t=1] = 0), not a finite number, which no typed number matches"
        #expect(runner.pendingQuestion?.judge("-300", resolver: host) == .unreadable("the expected value cannot be read from the session: " + refusal))
        runner.skip(host: host)
        #expect(host.outputs.contains(.skipped(questionID: "tiny", answer: .failure(CheckEvaluationError(refusal)), explanation: nil)),
                "\(host.outputs)")
        // a finite one is shown rounded to its tolerance
        var shown = LessonRunner(lesson: try parseLesson(text))
        let finite = FakeHost(values: ["grad-norm[t=1]": [0.002]])
        shown.start(host: finite)
        shown.skip(host: finite)
        #expect(finite.outputs.contains(.skipped(questionID: "tiny", answer: .success("-3 (± 1)"), explanation: nil)), "\(finite.outputs)")
    }

    @Test("the completion summary tells a question right at the first try from one right after a retry")
    func summaryCountsRetries() throws {
        var runner = try makeRunner()
        let host = FakeHost(values: Self.values)
        runner.start(host: host)
        runner.answer("a", host: host)
        runner.answer("b", host: host)
        runner.goto(3, host: host)
        runner.next(host: host)
        #expect(runner.isFinished)
        #expect(host.notices.last == "lesson complete: Sample (0 of 3 questions right at the first try, 1 after a retry)")

        // a question whose answer was shown is counted as skipped
        var skipping = try makeRunner()
        let other = FakeHost(values: Self.values)
        skipping.start(host: other)
        skipping.answer("b", host: other)
        skipping.next(host: other)
        skipping.skip(host: other)
        skipping.goto(3, host: other)
        skipping.next(host: other)
        #expect(skipping.isFinished)
        #expect(other.notices.last == "lesson complete: Sample (1 of 3 questions right at the first try, 1 skipped)", "\(other.notices)")
    }

    @Test("back, goto, the last step completes, restart clears answers")
    func navigation() throws {
        var runner = try makeRunner()
        let host = FakeHost(values: Self.values)
        runner.start(host: host)
        runner.back(host: host)
        #expect(host.notices.last == "this is the first step")
        runner.answer("b", host: host)
        host.ran = []
        runner.goto(3, host: host)
        #expect(runner.stepNumber == 3)
        // Going forward replays the skipped step's commands quietly.
        #expect(host.ran.map(\.command) == ["show f"])
        #expect(host.ran.allSatisfy { $0.quietly })
        #expect(host.resets == 0, "going forward carries on from the lab as it is")
        runner.goto(9, host: host)
        #expect(host.notices.last?.contains("steps 1 to 3") == true)
        // Going back empties the lab and replays the steps before the one entered, quietly,
        // then runs that step's own commands as shown.
        host.ran = []
        runner.back(host: host)
        #expect(runner.stepNumber == 2)
        #expect(host.resets == 1)
        #expect(host.notices.last == "step 2 begins in the lab as step 1 leaves it: replaying its commands quietly")
        #expect(host.ran.map(\.command) == ["model lstm --hidden 3 --seed 7", "feed \"hello\"", "show f"])
        #expect(host.ran.map(\.quietly) == [true, true, false])
        host.ran = []
        runner.back(host: host)
        #expect(runner.stepNumber == 1)
        #expect(host.resets == 2)
        #expect(host.ran.map(\.quietly) == [false, false], "step 1 begins in an empty lab: nothing to replay")
        host.ran = []
        runner.goto(2, host: host)
        runner.goto(2, host: host)
        #expect(host.resets == 3, "the same step again is rebuilt too")
        #expect(host.ran.map(\.command) == ["show f", "model lstm --hidden 3 --seed 7", "feed \"hello\"", "show f"])
        runner.goto(1, host: host)
        // An answered question is shown as answered and does not stop the flow.
        let answered = host.outputs.last { if case .question = $0 { true } else { false } }
        guard case .question(let view) = answered else {
            Issue.record("the question was not shown again")
            return
        }
        #expect(view.answered?.correct == true)
        #expect(runner.pendingQuestion == nil)
        runner.goto(3, host: host)
        runner.next(host: host)
        #expect(runner.isFinished, "the last step shown to its end completes the lesson")
        #expect(runner.progress.completed)
        #expect(host.notices.last == "lesson complete: Sample (1 of 3 questions right at the first try)")
        runner.next(host: host)
        #expect(host.notices.last?.hasPrefix("the lesson is complete") == true)
        runner.restart(host: host)
        #expect(runner.stepNumber == 1 && !runner.isFinished)
        // the answers go; that the learner finished the lesson stays, with the new run under way
        #expect(runner.progress.answers.isEmpty && runner.progress.completed && runner.progress.again == true)
        #expect(host.notices.contains("sample stays marked completed while you take it again"), "\(host.notices)")
    }

    @Test("a completed lesson taken again after restart resumes where the new run was left, and finishing it ends the new run")
    func restartedCompletedLessonResumes() throws {
        let lesson = try parseLesson(Self.text)
        let host = FakeHost(values: Self.values)
        var runner = LessonRunner(lesson: lesson, progress: LessonProgress(step: 3, completed: true))
        #expect(runner.resumableStep == nil, "a completed lesson begins again at step 1")
        runner.restart(host: host)
        runner.goto(2, host: host)
        let saved = runner.progress
        #expect(saved.completed && saved.again == true && saved.step == 2)
        var resumed = LessonRunner(lesson: lesson, progress: saved)
        #expect(resumed.resumableStep == 2)
        resumed.start(at: 2, host: host)
        resumed.goto(3, host: host)
        resumed.next(host: host)
        #expect(resumed.isFinished && resumed.progress.completed && resumed.progress.again == nil)
        #expect(LessonRunner(lesson: lesson, progress: resumed.progress).resumableStep == nil)
    }

    @Test("resume starts at the saved step after replaying earlier commands quietly")
    func resume() throws {
        let saved = LessonProgress(step: 3, answers: ["q1": AnswerRecord(answer: "b", correct: true)])
        var runner = try makeRunner(progress: saved)
        #expect(runner.resumableStep == 3)
        let host = FakeHost(values: Self.values)
        runner.start(at: runner.resumableStep ?? 1, host: host)
        #expect(runner.stepNumber == 3)
        #expect(host.ran.map(\.command) == ["model lstm --hidden 3 --seed 7", "feed \"hello\"", "show f"])
        #expect(host.ran.allSatisfy { $0.quietly })
        #expect(!host.texts.contains("Intro text."))
        #expect(runner.pendingQuestion?.id == "do")
        let completed = try makeRunner(progress: LessonProgress(step: 3, completed: true))
        #expect(completed.resumableStep == nil)
        let fresh = try makeRunner(progress: LessonProgress(step: 1))
        #expect(fresh.resumableStep == nil)
    }

    static let racing = frontMatter + """
    ## Build

    ```rnnlab
    model rnn
    ```

    ## Race

    ```rnnlab
    race rnn lstm adding 30
    ```

    ```check
    loss < 0.1
    ```

    ## After

    ```check
    loss < 0.1
    ```
    """

    @Test("a lesson's command stopped by Ctrl-C is said with the goto that runs it again, and no check runs until the lab is rebuilt")
    func stoppedCommands() throws {
        let lesson = try parseLesson(Self.racing)
        let race = "race rnn lstm adding 30"
        let host = FakeHost(values: ["loss": [0.7, 0.69, 0.68]])
        func checksRun() -> Bool { host.outputs.contains { if case .claimNotHeld = $0 { true } else { false } } }
        host.stoppedCommands = [race]
        var runner = LessonRunner(lesson: lesson)
        runner.start(host: host)
        runner.next(host: host)
        #expect(host.notices.last == "the lesson's `race` was stopped by Ctrl-C part way, so the numbers from here on may differ from the lesson's; `goto 2` runs the step again")
        runner.next(host: host)
        #expect(runner.stepNumber == 3)
        #expect(!checksRun(), "neither this step's checks nor a later step's: the lab holds a part of the race")
        #expect(!host.notices.contains { $0.contains("your own commands") })
        // goto 2 rebuilds the lab and runs the race again, whole this time: the checks run
        host.stoppedCommands = []
        runner.goto(2, host: host)
        #expect(checksRun())

        // resuming at step 3, Ctrl-C stops the quiet replay of the race: `goto 3` runs it in full
        host.outputs = []
        host.stoppedCommands = [race]
        var resumed = LessonRunner(lesson: lesson, progress: LessonProgress(step: 3))
        resumed.start(at: 3, host: host)
        #expect(host.notices.contains("replaying `race rnn lstm adding 30` was stopped by Ctrl-C part way, so the numbers from here on may differ from the lesson's; `goto 3` replays it in full"),
                "\(host.notices)")
        #expect(!checksRun())

        // an auto run stops at it
        let report = AutoRunner.run(lesson, host: host)
        guard case .commandFailed(let command, let message) = report.failure else {
            Issue.record("the auto run went on: \(String(describing: report.failure))")
            return
        }
        #expect(command.line == race && message == "stopped by Ctrl-C part way")
    }

    @Test("SIGTERM or SIGHUP that stops a lesson's command ends an auto run there, and the run says which signal")
    func signalStopsACommand() throws {
        let lesson = try parseLesson(Self.racing)
        let race = "race rnn lstm adding 30"
        let host = FakeHost(values: ["loss": [0.05]])
        host.stoppedCommands = [race]
        host.signalsDuring = [race: "SIGHUP"]
        let report = AutoRunner.run(lesson, host: host)
        let command = try #require(lesson.steps[1].items.compactMap { if case .command(let command) = $0 { command } else { nil } }.first)
        #expect(report.failure == .ended(command, signal: "SIGHUP", partWay: true))
        #expect(report.checksRun == 0)
        #expect(host.notices.contains { $0.hasPrefix("the lesson's `race` was stopped by SIGHUP part way") }, "\(host.notices)")
        #expect(report.summary == "the run stopped at step 2 of 3: its command `\(race)` was stopped by SIGHUP part way, so the steps after it are not run")
        #expect(report.failures.map(\.description) == ["test.md:16: command failed: \(race)\n  stopped by SIGHUP part way"])
    }

    static let twoCommandSteps = frontMatter + """
    ## Build

    ```rnnlab
    model rnn
    feed "hello"
    ```

    ```check
    loss < 0.1
    ```

    ## Train

    ```rnnlab
    train adding 4 --steps 100000
    ```
    """

    @Test("SIGTERM between two commands, after the Ctrl-C flag is cleared, stops an auto run before the second")
    func signalBetweenCommands() throws {
        let lesson = try parseLesson(Self.twoCommandSteps)
        let train = "train adding 4 --steps 100000"
        // it comes while `feed` runs, too late to stop it: the check after it still runs,
        // and the run stops before the next command, in the next step
        let host = FakeHost(values: ["loss": [0.05]])
        host.signalsDuring = ["feed \"hello\"": "SIGTERM"]
        let report = AutoRunner.run(lesson, host: host)
        #expect(host.ran.map(\.command) == ["model rnn", "feed \"hello\""])
        guard case .ended(let command, let signal, let partWay) = report.failure else {
            Issue.record("the auto run went on: \(String(describing: report.failure))")
            return
        }
        #expect(command.line == train && signal == "SIGTERM" && !partWay)
        #expect(report.checksRun == 1 && report.stepsRun == 2)
        #expect(report.summary == "the run stopped at step 2 of 2: SIGTERM came before its command `\(train)` began, so neither it nor the steps after it are run")
        #expect(report.failures.map(\.description) == ["test.md:21: command not run: \(train)\n  SIGTERM came before it began"])

        // the same before a do-it task's command, named at its `expect:` line
        let tasks = try parseLesson(Self.taskFirst)
        let early = FakeHost()
        early.terminationSignal = "SIGTERM"
        let stopped = AutoRunner.run(tasks, host: early)
        #expect(early.ran.isEmpty)
        #expect(stopped.failures.map(\.description) == ["test.md:14: command not run: train adding 4 --steps 2\n  SIGTERM came before it began"])
    }

    @Test("a failing check is shown in interactive mode in a learner's words, with what to do, and the lesson goes on")
    func interactiveCheckFailure() throws {
        var runner = try makeRunner()
        let host = FakeHost(values: ["params": [99], "f[t=3, unit=0]": [0.602]])
        runner.start(host: host)
        runner.answer("b", host: host)
        #expect(!host.outputs.contains { if case .checkFailed = $0 { true } else { false } }, "the author's report is for --auto")
        let shown = host.outputs.compactMap { if case .claimNotHeld(let failure, let advice) = $0 { (failure, advice) } else { nil } }
        #expect(shown.first?.0.readings == [CheckFailure.Reading(name: "params", values: [99])])
        #expect(shown.first?.1?.contains("none of your own commands changed the lab since the lesson built it") == true, "\(shown)")
        runner.next(host: host)
        #expect(runner.stepNumber == 2)

        // a command of the learner's changed the lab: it is named, and goto rebuilds the lab
        var changed = try makeRunner()
        let other = FakeHost(values: ["params": [99], "f[t=3, unit=0]": [0.602]])
        changed.start(host: other)
        changed.learnerChangedLab(with: "set radius 2")
        changed.answer("b", host: other)
        let advice = other.outputs.compactMap { if case .claimNotHeld(_, let advice) = $0 { advice } else { nil } }
        #expect(advice.last == "your `set radius 2` in this step changed the lab the lesson built; if that is why, `goto 1` rebuilds it as the lesson left it and shows this step again",
                "\(other.outputs)")
    }

    @Test("several checks of a step failing for one change of the learner's: the first whole with what to do, the rest a line each")
    func oneNoticeForSeveralFailedChecks() throws {
        let text = frontMatter + """
            # Two claims

            ## One

            ```rnnlab
            model lstm --hidden 3 --seed 7
            ```

            ```quiz
            Which gate forgets?
            - input
            * forget
            ```

            ```check
            params == 108
            ```

            More text.

            ```check
            params > 100
            ```
            """
        var runner = LessonRunner(lesson: try parseLesson(text))
        let host = FakeHost(values: ["params": [99]])
        runner.start(host: host)
        runner.learnerChangedLab(with: "set radius 2")
        runner.answer("b", host: host)
        let failures = host.outputs.compactMap { if case .claimNotHeld(let failure, let advice) = $0 { (failure, advice) } else { nil } }
        #expect(failures.count == 1, "the first failure whole")
        #expect(failures.first?.0.expectation == "`params` equals 108")
        #expect(failures.first?.1?.contains("your `set radius 2`") == true, "\(failures)")
        #expect(host.notices.contains("nor does what it expected next: `params` is greater than 100"), "the next in a line: \(host.notices)")
        #expect(!host.notices.contains { $0.contains("x.md") || $0.contains("params > 100") }, "no file or formula: \(host.notices)")
    }

    @Test("auto mode runs everything, answers with the lesson's own answers and passes")
    func autoPass() throws {
        let host = FakeHost(values: Self.values)
        let report = AutoRunner.run(try parseLesson(Self.text), host: host)
        #expect(report.passed, "\(String(describing: report.failure))")
        #expect(report.questionsAnswered == 3)
        #expect(report.stepsRun == 3)
        #expect(host.ran.map(\.command) == ["model lstm --hidden 3 --seed 7", "feed \"hello\"", "show f", "show c --unit 2"])
    }

    @Test("auto mode reports a failing check with file:line and values, and goes on to the end")
    func autoCheckFailure() throws {
        let host = FakeHost(values: ["params": [160], "f[t=3, unit=0]": [0.602]])
        let report = AutoRunner.run(try parseLesson(Self.text, file: "lessons/sample.md"), host: host)
        #expect(report.failure?.description == "lessons/sample.md:32: check failed: params == 108\n  params = 160")
        #expect(host.ran.map(\.command) == ["model lstm --hidden 3 --seed 7", "feed \"hello\"", "show f", "show c --unit 2"])
        #expect(report.failures.count == 1 && !report.stoppedEarly && report.stepsRun == 3)
        #expect(report.summary == "1 of 1 check failed")
    }

    static let twoFailingSteps = frontMatter + """
    ## One

    ```rnnlab
    model lstm --hidden 3
    ```

    ```check
    params == 108
    params > 1000
    message: far too few
    params < 200
    ```

    ```quiz
    id: gone
    What is h at the last step?
    answer: h[t=-1, unit=0]
    ```

    ## Two

    ```check
    steps == 5
    ```

    ```rnnlab
    feed "hello"
    ```

    ```check
    steps == 4
    ```

    ## Three

    ```check
    params == 1
    ```
    """

    @Test("auto mode reports every failing check and question of every step, then how many failed")
    func autoEveryFailure() throws {
        let host = FakeHost(values: ["params": [160], "steps": [5]])
        let report = AutoRunner.run(try parseLesson(Self.twoFailingSteps, file: "s.md"), host: host)
        #expect(report.failures.map(\.description) == [
            "s.md:14: check failed: params == 108\n  params = 160",
            "s.md:15: check failed: params > 1000\n  params = 160\n  far too few",
            "s.md:23: gone: its `answer:` cannot be read from the session: h[t=-1, unit=0]: unknown value `h[t=-1, unit=0]`",
            "s.md:37: check failed: steps == 4\n  steps = 5",
            "s.md:43: check failed: params == 1\n  params = 160",
        ])
        #expect(report.stepsRun == 3 && !report.stoppedEarly && !report.passed)
        #expect(report.summary == "4 of 6 checks failed; 1 of 1 question failed")
        #expect(host.ran.map(\.command) == ["model lstm --hidden 3", "feed \"hello\""])
    }

    @Test("auto mode stops at a failing command and says where in its summary")
    func autoStopsAtCommand() throws {
        let host = FakeHost(values: ["params": [160], "steps": [5]])
        host.failingCommands = ["feed \"hello\""]
        let report = AutoRunner.run(try parseLesson(Self.twoFailingSteps, file: "s.md"), host: host)
        #expect(report.failures.count == 4)
        #expect(report.failures.last?.description == "s.md:33: command failed: feed \"hello\"\n  unknown command `feed \"hello\"`")
        #expect(report.stoppedEarly)
        #expect(report.summary == "2 of the 4 checks run failed; 1 of 1 question failed; the run stopped at step 2 of 3: its command `feed \"hello\"` failed; the steps after it build on what it makes, so they are not run")
    }

    static let failingTasks = frontMatter + """
    ## One

    ```rnnlab
    model lstm --hidden 3
    ```

    ```quiz
    id: show-c
    Show c.
    expect: show c --unit 7
    ```

    ```check
    params == 1
    ```

    ## Two

    ```quiz
    id: show-h
    Show h.
    expect: show h
    ```

    ```quiz
    id: train-it
    Train it.
    expect: train adding 5
    ```

    ```check
    params == 160
    ```
    """

    @Test("auto mode reports a do-it task whose command fails or shows nothing at its expect: line, and goes on to the end")
    func autoGoesOnPastFailingTasks() throws {
        let host = FakeHost(values: ["params": [160]])
        host.failingCommands = ["show c --unit 7"]
        host.silentCommands = ["train adding 5"]
        let report = AutoRunner.run(try parseLesson(Self.failingTasks, file: "s.md"), host: host)
        #expect(report.failures.map(\.description) == [
            "s.md:16: show-c: its own answer `show c --unit 7` was not accepted: the command failed: unknown command `show c --unit 7`",
            "s.md:20: check failed: params == 1\n  params = 160",
            "s.md:34: train-it: its own answer `train adding 5` was not accepted: \(AutoRunner.nothingToCompare)",
        ])
        #expect(!report.stoppedEarly && report.stepsRun == 2 && report.checksRun == 2 && report.questionsAnswered == 1)
        #expect(report.summary == "1 of 2 checks failed; 2 of 3 questions failed")
        // each task's command ran once: the run does not run a failed one again on its way past it
        #expect(host.ran.map(\.command) == ["model lstm --hidden 3", "show c --unit 7", "show h", "train adding 5"])
    }

    @Test("a run that failed only at a command does not count checks it never ran; a lesson without questions completes without a count")
    func summariesSayOnlyWhatHappened() throws {
        let lesson = frontMatter + "## One\n\n```rnnlab\nfeed \"hello\"\n```\n\n```check\nsteps == 5\n```\n"
        let host = FakeHost(values: ["steps": [5]])
        host.failingCommands = ["feed \"hello\""]
        let report = AutoRunner.run(try parseLesson(lesson, file: "s.md"), host: host)
        #expect(report.summary == "the run stopped at step 1 of 1: its command `feed \"hello\"` failed; the steps after it build on what it makes, so they are not run")
        let passing = FakeHost(values: ["steps": [5]])
        #expect(AutoRunner.run(try parseLesson(lesson, file: "s.md"), host: passing).passed)
        #expect(passing.notices.last?.hasPrefix("lesson complete: ") == true && passing.notices.last?.contains("0 of 0") == false,
                "\(passing.notices)")
    }

    @Test("a do-it task is not said to be unjudgeable after another command, only after its own")
    func doItJudgedOnlyByItsOwnCommand() throws {
        let lesson = frontMatter + "## One\n\n```quiz\nShow h.\nexpect: show h\n```\n"
        var runner = LessonRunner(lesson: try parseLesson(lesson), progress: nil)
        let host = FakeHost(values: [:])
        host.failingCommands = ["show h"]
        runner.start(host: host)
        runner.commandRan("feed random 5", outcome: .succeeded(ResultSignature(["fed"])), host: host)
        #expect(!host.notices.contains { $0.contains("cannot be judged now") }, "\(host.notices)")
        runner.commandRan("show h --unit 0", outcome: .succeeded(ResultSignature(["h"])), host: host)
        #expect(host.notices.contains { $0.contains("cannot be judged now") }, "\(host.notices)")
    }

    @Test("auto mode stops at a failing command or an unanswerable question")
    func autoOtherFailures() throws {
        let host = FakeHost(values: Self.values)
        host.failingCommands = ["feed \"hello\""]
        let report = AutoRunner.run(try parseLesson(Self.text, file: "s.md"), host: host)
        #expect(report.failure?.description == "s.md:17: command failed: feed \"hello\"\n  unknown command `feed \"hello\"`")
        let missing = FakeHost(values: ["params": [108]])
        let second = AutoRunner.run(try parseLesson(Self.text, file: "s.md"), host: missing)
        guard case .answerUnreadable(let question, let reason) = second.failure else {
            Issue.record("expected the numeric question to fail without its session value: \(String(describing: second.failure))")
            return
        }
        #expect(question.id == "f3")
        #expect(reason.contains("f[t=3, unit=0]"))
        // pointed at the `answer:` line, not the quiz block's first
        let answerLine = Self.text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("answer: f[t=3") }.map { $0 + 1 }
        #expect(second.failure?.description.hasPrefix("s.md:\(answerLine ?? 0): f3: its `answer:` cannot be read from the session: ") == true,
                "\(String(describing: second.failure))")
    }

    @Test("auto mode says why a do-it task whose command records no result can never be done")
    func autoSilentTask() throws {
        let host = FakeHost(values: Self.values)
        host.silentCommands = ["show c --unit 2"]
        let report = AutoRunner.run(try parseLesson(Self.text, file: "s.md"), host: host)
        guard case .answerRejected(_, let answer, let reason) = report.failure else {
            Issue.record("expected the task to be rejected: \(String(describing: report.failure))")
            return
        }
        #expect(answer == "show c --unit 2")
        #expect(reason.hasPrefix("it shows nothing a do-it task can compare"))
    }

    @Test("the shipped sample lesson runs to the end in auto mode with a fake session")
    func sampleAuto() throws {
        let lesson = try parseLesson(try LessonFolder.readLesson(lessonsFolder + "/tour.md", limit: 1 << 20), file: "tour.md")
        let host = FakeHost(values: [
            "params": [108], "lstm.params": [108],
            "f": [0.4, 0.6], "i": [0.5], "o": [0.7], "g": [-0.2, 0.9],
            "f[t=3, unit=0]": [0.602],
            "rnn.norm": [0.8], "rnn.jacobian": [0.5, 0.6],
            "rnn.grad-norm[t=1]": [1e-12], "rnn.grad-norm[t=27]": [0.05], "rnn.grad-norm[t=30]": [0.3],
            "rnn.grad-norm[t=-1]": [0.3],
            "lstm.grad-norm[t=1]": [0.005], "lstm.grad-norm[t=27]": [0.01], "lstm.grad-norm[t=30]": [2],
            "lstm.grad-norm[t=-1]": [2], "lstm.grad-norm": [0.005, 0.01, 2],
            "lstm.c[t=30]": [4.7, -3.5, -2.3],
            "lstm.cell-grad-norm[t=1]": [0.006], "lstm.cell-grad-norm[t=30]": [0.024], "lstm.cell-grad-norm[t=-1]": [0.024],
        ])
        let report = AutoRunner.run(lesson, host: host)
        #expect(report.passed, "\(String(describing: report.failure))")
        #expect(report.questionsAnswered == 4)
        #expect(report.stepsRun == 6)
    }
}

@Suite("Lesson actions")
struct LessonActionTests {
    @Test("lesson commands are recognized; lab commands and answers are not", arguments: [
        ("", LessonAction.next), ("next", .next), ("  n ", .next), ("back", .back), ("goto 3", .goto(3)),
        ("restart", .restart), ("where", .whereAmI), ("hint", .hint),
        ("skip", .skip), ("answer b, d", .answer("b, d")), ("a 0.6", .answer("0.6")),
    ])
    func recognized(line: String, action: LessonAction) {
        #expect(LessonAction(line: line) == action)
    }

    @Test("other lines are left to the lab (`goto` without a whole number to its parser)", arguments: [
        "show gates", "b", "0.6", "next 2", "model lstm", "step 3", "goto x", "goto", "goto 2.5",
    ])
    func notLessonCommands(line: String) {
        #expect(LessonAction(line: line) == nil)
    }

    @Test("at a terminal the introduction waits for next before step 1; elsewhere step 1 follows at once")
    func theIntroductionWaitsForNextWhenAsked() throws {
        let lesson = try parseLesson(LessonRunnerTests.text)
        func headings(_ host: FakeHost) -> [Int] {
            host.outputs.compactMap { if case .stepHeading(let number, _, _) = $0 { number } else { nil } }
        }
        var waiting = LessonRunner(lesson: lesson)
        waiting.pausesAfterIntroduction = true
        let host = FakeHost(values: LessonRunnerTests.values)
        waiting.start(host: host)
        #expect(host.outputs.contains(.text("Intro text.")))
        #expect(headings(host).isEmpty && host.ran.isEmpty, "\(host.outputs)")
        #expect(host.notices.last == "press Enter to begin step 1 of 3: One")
        #expect(waiting.waitsToBegin && waiting.pendingQuestion == nil && waiting.promptLabel == "sample 1/3")
        waiting.next(host: host)
        #expect(headings(host) == [1] && !waiting.waitsToBegin)
        #expect(host.ran.map(\.command) == ["model lstm --hidden 3 --seed 7", "feed \"hello\""])

        var straight = LessonRunner(lesson: lesson)
        let other = FakeHost(values: LessonRunnerTests.values)
        straight.start(host: other)
        #expect(headings(other) == [1] && !straight.waitsToBegin)
    }

    @Test("perform drives the runner; typed answers only while a choice or number waits")
    func perform() throws {
        var runner = LessonRunner(lesson: try parseLesson(LessonRunnerTests.text))
        let host = FakeHost(values: LessonRunnerTests.values)
        runner.start(host: host)
        #expect(runner.takesTypedAnswers)
        runner.perform(.answer("forget"), host: host)
        #expect(runner.progress.answers["q1"]?.correct == true)
        #expect(!runner.takesTypedAnswers)
        runner.perform(.goto(3), host: host)
        #expect(runner.stepNumber == 3 && !runner.takesTypedAnswers && runner.pendingQuestion?.id == "do")
        runner.perform(.goto(0), host: host)
        #expect(host.notices.last == "there is no step 0: this lesson has steps 1 to 3")
    }
}
