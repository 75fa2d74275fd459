#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Lab
import Lessons
import Rendering

@Suite("Lessons in the lab")
struct LessonCommandsTests {
    @Test func lessonsListsTheLessonWithItsMinutesAndNoMarkBeforeStarting() {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        let outcome = session.execute("lessons")
        #expect(!outcome.failed)
        guard case .table(let table)? = outcome.blocks.first else {
            Issue.record("no table: \(outcome.blocks)")
            return
        }
        #expect(table.rows.map(\.label) == ["mini"])
        #expect(table.rows.first?.cells == [.text(""), .text("A small lesson"), .number(3), .text("")])
        #expect(session.lessonIds == ["mini"])
    }

    @Test func startShowsTheFirstStepAndSetsThePrompt() {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        #expect(session.prompt == "rnnlab> ")
        let outcome = session.execute("start mini")
        #expect(!outcome.failed, "\(outcome.text)")
        let shown = texts(outcome.blocks)
        #expect(shown.contains("A small lesson"))
        #expect(shown.contains("Step 1/4 · Choose"))
        #expect(shown.contains("rnnlab[mini 1/4]> version"), "under the prompt the learner types at in step 1")
        #expect(shown.contains("rnnlab \(LabVersion.current)"))
        #expect(shown.contains { $0.contains("[pick]") && $0.contains("Which fruit") })
        #expect(shown.contains("   b) apple"))
        #expect(shown.contains { $0.contains("Wₕₕ") }, "legible math in prose")
        #expect(!shown.contains("After the question."), "the question stops the flow")
        #expect(session.promptContext == "mini 1/4")
        #expect(session.prompt == "rnnlab[mini 1/4]> ")
    }

    @Test func aWrongAnswersDetailEndsInOneMark() {
        #expect(LessonOutput.wrong(questionID: "q", detail: "check the sign").blocks == [.note("[q] not right yet: check the sign.")])
        #expect(LessonOutput.wrong(questionID: "q", detail: "is something counted twice?").blocks
                == [.note("[q] not right yet: is something counted twice?")])
    }

    @Test func aWrongAnswerShowsAHintAndHintShowsTheNextOne() {
        let mini = StartedMiniLesson(), session = mini.session
        let wrong = session.execute("c")
        #expect(wrong.blocks.contains(.note("[pick] not right yet.")), "\(wrong.blocks)")
        #expect(wrong.blocks.contains(.note("hint 1/2: it starts the alphabet")))
        #expect(session.execute("hint").blocks == [.note("hint 2/2: it is apple")])
        let right = session.execute("b")
        #expect(right.blocks.contains(.note("[pick] right: apple comes before banana.")))
        #expect(texts(right.blocks).contains("After the question."))
        #expect(session.promptContext == "mini 1/4")
    }

    @Test func aListOfLettersStartingWithAIsAnAnswerNotTheShortFormOfAnswer() {
        let mini = StartedMiniLesson(), session = mini.session
        // `a and b` names two options; read as `answer and b` it would have passed as b
        let both = session.execute("a and b")
        #expect(both.text.contains("only one option is right"), "\(both.text)")
        #expect(session.lessonDesk.runner?.pendingQuestion?.id == "pick")
        let short = session.execute("a apple")
        #expect(short.blocks.contains(.note("[pick] right: apple comes before banana.")), "`a TEXT` still answers TEXT")
    }

    @Test func anOptionsTextStartingWithAIsThatOptionNotTheShortFormOfAnswer() {
        let lesson = """
            ---
            id: gates
            title: Gates
            requires: []
            minutes: 1
            ---

            # Gates

            ## Why σ

            ```quiz
            id: sigma
            What does a gate's sigmoid give?
            * a value in (0, 1): a fraction of something to let through
            - a signed value that can push the cell state down
            ```
            """
        let workspace = LessonWorkspace(lessons: ["gates.md": lesson])
        let (session, _) = workspace.session()
        _ = session.execute("start gates")
        // the whole text, and its start, name option a; read as `answer value in (0, 1): …` they named none
        let whole = session.execute("a value in (0, 1): a fraction of something to let through")
        #expect(whole.blocks.contains(.note("[sigma] right.")), "\(whole.blocks)")
        _ = session.execute("restart")
        _ = session.execute("restart")
        let start = session.execute("a value in (0, 1)")
        #expect(start.blocks.contains(.note("[sigma] right.")), "\(start.blocks)")
        _ = session.execute("restart")
        _ = session.execute("restart")
        let other = session.execute("a signed value")
        #expect(other.text.contains("[sigma] not right yet"), "\(other.text)")
    }

    @Test func labCommandsRunWhileAQuestionWaitsAndAnswerWorksToo() {
        let mini = StartedMiniLesson(), session = mini.session
        #expect(session.execute("version").blocks == [.prose("rnnlab \(LabVersion.current)")])
        #expect(session.lessonDesk.runner?.pendingQuestion?.id == "pick", "a lab command is no answer")
        let answered = session.execute("answer apple")
        #expect(answered.blocks.contains(.note("[pick] right: apple comes before banana.")))
        #expect(session.lessonDesk.runner?.pendingQuestion == nil)
    }

    @Test("a stray Enter or a mistyped command does not cost a waiting question")
    func enterAndTyposLeaveAWaitingQuestion() {
        let mini = StartedMiniLesson(), session = mini.session
        let enter = session.execute("")
        #expect(enter.text.contains("pick waits: answer it, or `hint`, `skip`, or `next` to leave it for later"), "\(enter.text)")
        #expect(session.lessonDesk.runner?.pendingQuestion?.id == "pick")
        let typo = session.execute("shwo gates")
        #expect(typo.text.contains("unknown command 'shwo' — did you mean 'show'? (pick still waits for an answer)"), "\(typo.text)")
        #expect(session.lessonDesk.runner?.progress.answers["pick"] == nil, "no attempt was used")
        _ = session.execute("next")
        #expect(session.lessonDesk.runner?.pendingQuestion == nil, "`next` leaves it on purpose")
    }

    /// A lesson whose one step makes a model, feeds it, and asks for a training of 200 steps.
    static let fitLesson = """
        ---
        id: fit
        title: Fit
        ---
        # Fit

        ## Train

        ```rnnlab
        model rnn --hidden 3 --seed 1
        feed adding 6
        ```

        ```quiz
        id: fit.task
        Train it.
        expect: train adding 6 --steps 200
        ```
        """

    @Test("a training task stopped by Ctrl-C says it still waits, and costs no attempt")
    func stoppedTrainingTaskStillWaits() {
        let workspace = LessonWorkspace(lessons: ["fit.md": Self.fitLesson])
        let (session, _) = workspace.session()
        _ = session.execute("start fit")
        var asked = 0
        session.interruptionCheck = { asked += 1; return asked > 3 }
        let stopped = session.execute("train adding 6 --steps 200")
        session.interruptionCheck = { false }
        #expect(stopped.text.contains("fit.task still waits: that run did not go to its end, and only a whole run counts"), "\(stopped.text)")
        #expect(session.lessonDesk.runner?.pendingQuestion?.id == "fit.task")
        #expect(session.lessonDesk.runner?.progress.answers["fit.task"] == nil)
        #expect(stopped.text.contains("that try is undone"), "\(stopped.text)")
        #expect(session.state.currentModel?.lossHistory.isEmpty == true, "the stopped run's steps are undone")
        let whole = session.execute("train adding 6 --steps 200")
        #expect(session.lessonDesk.runner?.pendingQuestion == nil, "\(whole.text)")
        #expect(session.state.currentModel?.lossHistory.count == 200, "the whole run starts from the step's model")
    }

    @Test("`train --help` while a training task waits shows train's help: no attempt, no note that a run stopped")
    func helpForTheTasksCommandIsNoAttempt() {
        let workspace = LessonWorkspace(lessons: ["fit.md": Self.fitLesson])
        let (session, _) = workspace.session()
        _ = session.execute("start fit")
        let help = session.execute("train --help")
        #expect(help.text.contains("usage: train"), "\(help.text)")
        #expect(!help.text.contains("still waits"), "\(help.text)")
        for line in ["answer -h", "hint --help", "skip -h"] {
            let lessonHelp = session.execute(line)
            #expect(lessonHelp.text.contains("usage: \(line.split(separator: " ")[0])"), "\(line): \(lessonHelp.text)")
        }
        #expect(session.lessonDesk.runner?.pendingQuestion?.id == "fit.task")
        #expect(session.lessonDesk.runner?.progress.answers["fit.task"] == nil)
        let whole = session.execute("train adding 6 --steps 200")
        #expect(session.lessonDesk.runner?.pendingQuestion == nil, "\(whole.text)")
    }

    @Test("a training task's own command with other settings is undone: the right run then trains the model the step made, not the try's")
    func aTryAtATrainingTaskIsUndone() throws {
        let workspace = LessonWorkspace(lessons: ["fit.md": Self.fitLesson])
        let (session, _) = workspace.session()
        _ = session.execute("start fit")
        let made = try #require(session.state.currentModel?.network)
        let tried = session.execute("train adding 6 --steps 200 --lr 0.5")
        #expect(tried.text.contains("that try is undone"), "\(tried.text)")
        #expect(session.lessonDesk.runner?.pendingQuestion?.id == "fit.task")
        #expect(session.state.currentModel?.network?.parameters == made.parameters, "the try's steps are gone")
        #expect(session.state.currentModel?.lossHistory.isEmpty == true)
        let right = session.execute("train adding 6 --steps 200")
        #expect(session.lessonDesk.runner?.pendingQuestion == nil, "\(right.text)")
        #expect(session.state.currentModel?.lossHistory.count == 200, "one run of 200 steps, from the model the step made")
        #expect(!right.text.contains("that try is undone"))
        #expect(!right.text.contains("you changed the model"), "\(right.text)")
    }

    @Test func enterNextBackAndGotoMoveBetweenSteps() {
        let mini = StartedMiniLesson(), session = mini.session
        _ = session.execute("b")
        let entered = session.execute("")
        #expect(texts(entered.blocks).contains("Step 2/4 · Numbers"))
        #expect(session.promptContext == "mini 2/4")
        _ = session.execute("back")
        #expect(session.promptContext == "mini 1/4")
        _ = session.execute("goto 3")
        #expect(session.promptContext == "mini 3/4")
        let nowhere = session.execute("goto 9")
        #expect(nowhere.text.contains("there is no step 9"))
        #expect(session.promptContext == "mini 3/4")
        let whereAmI = session.execute("where")
        #expect(whereAmI.text.contains("step 3 of 4, Do it"))
        #expect(whereAmI.text.contains("waiting for an answer to task"))
    }

    @Test("a lesson's commands come under the prompt of the step they run in: a task left undone under its own step's, the next step's under that one's")
    func aLessonsCommandsComeUnderTheStepsPrompt() {
        let mini = StartedMiniLesson(), session = mini.session
        _ = session.execute("goto 3")
        let next = session.execute("next")
        let shown = texts(next.blocks)
        let task = shown.firstIndex(of: "rnnlab[mini 3/4]> facet c/unit2")
        let files = shown.firstIndex(of: "rnnlab[mini 4/4]> roots")
        #expect(task != nil && files != nil, "\(shown)")
        if let task, let files { #expect(task < files) }
        #expect(!shown.contains { $0.hasPrefix("rnnlab> ") }, "\(shown)")
        #expect(session.prompt == "rnnlab[mini 4/4]> ")
    }

    @Test("goto to a step the lesson does not have is an error naming its steps, for a number out of range and for no number alike")
    func gotoNowhereIsAnErrorWithTheRange() {
        let mini = StartedMiniLesson(), session = mini.session
        _ = session.execute("goto 2")
        for step in ["99", "0", "-1"] {
            let outcome = session.execute("goto \(step)")
            #expect(outcome.error?.message == "goto: there is no step \(step): this lesson has steps 1 to 4", "\(outcome.text)")
            #expect(session.promptContext == "mini 2/4")
        }
        let word = session.execute("goto abc")
        #expect(word.error?.message == "goto: 'abc' is not a step number: this lesson has steps 1 to 4", "\(word.text)")
        #expect(session.promptContext == "mini 2/4")
        _ = session.execute("leave")
        #expect(session.execute("goto 2").blocks == [.note(LessonDesk.noLessonRunning)])
    }

    @Test("at a terminal start shows the introduction and Enter begins step 1; where says so meanwhile")
    func startWaitsAfterTheIntroductionAtATerminal() {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        session.lessonDesk.pausesAfterIntroduction = true
        let started = session.execute("start mini")
        #expect(started.text.contains("The introduction, with h"), "\(started.text)")
        #expect(started.text.contains("press Enter to begin step 1 of 4: Choose"), "\(started.text)")
        #expect(!started.text.contains("Step 1/4"), "\(started.text)")
        #expect(session.execute("where").text.contains("the introduction; Enter begins step 1 of 4: Choose"))
        let entered = session.execute("")
        #expect(texts(entered.blocks).contains("Step 1/4 · Choose"), "\(entered.text)")
        #expect(session.lessonDesk.runner?.pendingQuestion?.id == "pick")
    }

    @Test func skipShowsTheAnswerAndCarriesOn() {
        let mini = StartedMiniLesson(), session = mini.session
        let skipped = session.execute("skip")
        #expect(skipped.blocks.contains(.note("[pick] skipped. The answer: b) apple")), "\(skipped.blocks)")
        #expect(skipped.blocks.contains(.note("apple comes before banana.")))
        #expect(skipped.text.contains("After the question."))
        #expect(session.lessonDesk.runner?.progress.answers["pick"]?.skipped == true)
    }

    @Test func checksAndNumericAnswersReadTheSessionsValues() {
        let mini = StartedMiniLesson(), session = mini.session
        let step = session.execute("goto 2")
        #expect(!step.text.contains("this step expected"), "loss < 1 holds for 0.25: \(step.text)")
        let wrong = session.execute("0.5")
        #expect(wrong.text.contains("[loss.value] not right yet"))
        let right = session.execute("0.25")
        #expect(right.text.contains("[loss.value] right."))
    }

    @Test("a numeric answer may be arithmetic; a word before a number is never read as the number and costs nothing")
    func arithmeticAnswers() {
        let mini = StartedMiniLesson(), session = mini.session
        _ = session.execute("goto 2")
        let hedge = session.execute("about 0.25")
        #expect(hedge.text.contains("loss.value: answer with a number, e.g. 0.25, 2.5e-3, 3/4 or log 4"), "\(hedge.text)")
        #expect(session.lessonDesk.runner?.progress.answers["loss.value"] == nil, "no attempt used")
        #expect(!hedge.text.contains("hint 1/1"), "and no hint")
        let logarithm = session.execute("ln 0.25")
        #expect(logarithm.text.contains("[loss.value] not right yet"), "ln 0.25 is −1.386, not 0.25: \(logarithm.text)")
        #expect(logarithm.text.contains("hint 1/1: it is a quarter"))
        let right = session.execute("exp(-log 4)")
        #expect(right.text.contains("[loss.value] right."), "\(right.text)")
        #expect(session.lessonDesk.runner?.progress.answers["loss.value"]?.answer == "exp(-log 4)")
    }

    @Test("a failing check tells a learner what the step expected and what the lab has, not the lesson's file or the check's formula")
    func aFailingCheckSaysWhatTheStepExpected() {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        session.lessonDesk.valueSource = FixedValues(table: ["loss": [3]])
        _ = session.execute("start mini")
        let step = session.execute("goto 2")
        #expect(step.text.contains("this step expected: the loss is small\n      in the lab as it is now it does not hold: `loss` = 3"), "\(step.text)")
        #expect(!step.text.contains("mini.md") && !step.text.contains("loss < 1") && !step.text.contains("check failed"), "\(step.text)")
    }

    @Test func aTaskIsJudgedByWhatTheCommandShowedNotItsSpelling() {
        let mini = StartedMiniLesson(), session = mini.session
        _ = session.execute("goto 3")
        let help = session.execute("help")
        #expect(!help.text.contains("not right yet"), "a command that shows no values is not judged")
        let wrong = session.execute("facet h/unit0")
        #expect(wrong.text.contains("facets h/unit0"))
        #expect(wrong.text.contains("[task] not right yet"))
        #expect(wrong.text.contains("hint 1/1"))
        let right = session.execute("facet   c/unit2 c/unit2")
        #expect(right.text.contains("[task] right."), "\(right.text)")
        #expect(session.lessonDesk.runner?.progress.answers["task"] == AnswerRecord(answer: "facet   c/unit2 c/unit2", correct: true, retried: true))
    }

    /// Two RNNs of the same weights, one with relu and one with tanh, and one of other weights.
    static let activationLesson = """
        ---
        id: act
        title: Activations
        ---

        ## Side by side

        ```rnnlab
        model rnn --name relu --activation relu --hidden 8 --seed 1 --radius 1.5
        feed random 30
        model rnn --name other --activation relu --hidden 8 --seed 2 --radius 1.5
        model rnn --name tanh --activation tanh --hidden 8 --seed 1 --radius 1.5
        ```

        ```quiz
        id: side
        Run the current model once with tanh and once with relu, and compare their hidden states.
        expect: compare --activation tanh relu h
        ```
        """

    @Test("a compare task is done by two models that are the setting's two variants, in either order")
    func aCompareTaskIsDoneByTheModelsThatRunTheSameNetworks() {
        let workspace = LessonWorkspace(lessons: ["act.md": Self.activationLesson])
        let (session, _) = workspace.session()
        _ = session.execute("start act")
        #expect(session.execute("compare tanh other h").text.contains("[side] not right yet"))
        for part in ["compare --activation tanh relu h --unit 2", "compare tanh relu h --unit 2"] {
            // one unit of the two models' states is on the way to the task, no mistake
            let shown = session.execute(part).text
            #expect(shown.contains("side still waits: that showed part of what it asks for") && !shown.contains("not right yet"), "\(part): \(shown)")
        }
        let models = session.execute("compare relu tanh h")
        #expect(models.text.contains("[side] right."), "\(models.text)")
    }

    @Test("compare records one result for the same networks, however they are named, and another for one unit")
    func compareFacetsNameWhatRuns() {
        let session = Session()
        for line in ["model rnn --name relu --activation relu --hidden 4 --seed 1", "feed random 6",
                     "model rnn --name tanh --activation tanh --hidden 4 --seed 1"] {
            _ = session.execute(line)
        }
        func facets(_ line: String) -> Set<String> {
            _ = session.execute(line)
            return session.record.facets
        }
        let setting = facets("compare --activation tanh relu h")
        #expect(!setting.isEmpty)
        #expect(facets("compare --activation relu tanh h") == setting)
        #expect(facets("compare tanh relu h") == setting)
        #expect(facets("compare tanh relu h --unit 1") != setting)
        #expect(facets("compare tanh relu h --unit 1") == facets("compare --activation tanh relu h --unit -3"))
        #expect(facets("compare --radius 0.5 1.5 h") != facets("compare --radius 0.5 1.6 h"))
    }

    @Test func aTaskThatChangesTheLabIsJudgedAgainstTheExpectedCommandInItsPlace() {
        let workspace = LessonWorkspace(lessons: ["grow.md": """
            ---
            id: grow
            title: Grow
            ---

            ## Grow once

            ```quiz
            Grow the cursor.
            expect: grow
            ```
            """])
        let (session, _) = workspace.session()
        _ = session.execute("start grow")
        let outcome = session.execute("grow")
        // The learner's grow made cursor 1; the expected grow was tried from cursor 0 (as if
        // in its place), gave cursor 1 too, and its effect was thrown away.
        #expect(outcome.text.contains("[q1] right."), "\(outcome.text)")
        #expect(session.state.cursor == 1)
    }

    @Test func aFeedTaskIsDoneByTheSameInputNotByAnotherSeedOrMask() {
        let workspace = LessonWorkspace(lessons: ["masked.md": """
            ---
            id: masked
            title: Masked
            ---

            ## Pad

            ```rnnlab
            model gru --hidden 3 --seed 1
            ```

            ```quiz
            Feed six random steps of which the last two are padding.
            expect: feed random 6 --mask 4
            ```
            """])
        let (session, _) = workspace.session()
        _ = session.execute("start masked")
        for other in ["feed random 6", "feed random 7 --mask 4"] {
            #expect(session.execute(other).text.contains("[q1] not right yet"), "\(other)")
        }
        // a mask or a seed other than the task's (its seed by default 1) is trying things out
        for (other, option) in [("feed random 6 --mask 5", "mask"), ("feed random 6 --mask 4 --seed 3", "seed")] {
            let shown = session.execute(other).text
            #expect(shown.contains("q1 still waits: that set --\(option) otherwise than it asks for") && !shown.contains("not right yet"), "\(other): \(shown)")
        }
        let right = session.execute("feed random 6 --seed 1 --mask 4")
        #expect(right.text.contains("[q1] right."), "\(right.text)")
    }

    @Test func aCtrlCStopsOneOfALessonsCommandsAndTheNextOneRuns() {
        let workspace = LessonWorkspace(lessons: ["two.md": """
            ---
            id: two
            title: Two feeds
            ---

            ## Feed twice

            ```rnnlab
            model lstm --hidden 3 --seed 1
            feed random 64
            feed random 20
            ```
            """])
        let (session, _) = workspace.session()
        // Ctrl-C pressed during the first feed (at its second check), and forgotten when the
        // lesson starts its next command, as the lab's reset does.
        var pressed = false, checks = 0
        session.interruptionCheck = { checks += 1; if checks == 2 { pressed = true }; return pressed }
        session.interruptionReset = { pressed = false }
        let started = session.execute("start two")
        #expect(started.text.components(separatedBy: "interrupted").count == 2, "\(started.text)")
        #expect(session.state.input?.length == 20, "the second feed was stopped too")
    }

    @Test("Ctrl-C during a lesson's own race runs no check on what it reached and says which goto runs it again; so does a replay's")
    func aStoppedLessonCommandRunsNoChecks() {
        let lesson = """
            ---
            id: racing
            title: Racing
            ---

            ## Build

            ```rnnlab
            model rnn --hidden 3 --seed 1
            ```

            ## Race

            ```rnnlab
            race rnn lstm adding 6 --hidden 3 --steps 100000 --batch 2 --seed 1
            ```

            ```check
            last(race-lstm.loss) < 1e-9
            message: the LSTM should learn
            ```

            ## After

            ```check
            count(race-lstm.loss) == 100000
            ```

            ```quiz
            id: done
            Did both models train?
            * yes
            - no
            ```
            """
        let workspace = LessonWorkspace(lessons: ["racing.md": lesson])
        let (session, _) = workspace.session()
        session.lessonDesk.valueSource = nil
        _ = session.execute("start racing")
        session.interruptionCheck = { true }
        let stopped = session.execute("next")
        session.interruptionCheck = { false }
        #expect(stopped.text.contains("race-lstm stopped by Ctrl-C"), "\(stopped.text)")
        #expect(stopped.text.contains("the lesson's `race` was stopped by Ctrl-C part way, so the numbers from here on may differ from the lesson's; `goto 2` runs the step again"),
                "\(stopped.text)")
        #expect(!stopped.text.contains("this step expected") && !stopped.text.contains("your own commands"), "\(stopped.text)")
        #expect(!session.execute("next").text.contains("this step expected"), "the lab still holds the race Ctrl-C stopped")

        // resumed, Ctrl-C stops the quiet replay of the race: `goto 3` rebuilds the lab, answers kept
        let (resumed, _) = workspace.session()
        resumed.lessonDesk.valueSource = nil
        resumed.interruptionCheck = { true }
        let replayed = resumed.execute("start racing")
        resumed.interruptionCheck = { false }
        #expect(replayed.text.contains("resuming at step 3 of 3"), "\(replayed.text)")
        #expect(replayed.text.contains("replaying `race rnn lstm adding 6 --hidden 3 --steps 100000 --batch 2 --seed 1` was stopped by Ctrl-C part way, "
            + "so the numbers from here on may differ from the lesson's; `goto 3` replays it in full"), "\(replayed.text)")
        #expect(!replayed.text.contains("`restart` replays"), "\(replayed.text)")
        #expect(!replayed.text.contains("this step expected"), "\(replayed.text)")
    }

    /// A lesson that asks the learner to train the model it makes.
    static let trainingLesson = """
        ---
        id: trainit
        title: Train it
        ---

        ## Train

        ```rnnlab
        model lstm --hidden 4 --seed 2
        ```

        ```quiz
        Train the LSTM on the adding problem for 6 steps.
        expect: train adding 8 --steps 6 --batch 2
        ```

        ## Race

        ```quiz
        Race an RNN and a GRU on the same task.
        expect: race rnn gru adding 8 --hidden 3 --steps 4 --batch 2
        ```
        """

    @Test func aTrainingTaskIsDoneByTheSameRunHoweverItIsSpelledAndNotByAnotherOrAStoppedOne() {
        let workspace = LessonWorkspace(lessons: ["trainit.md": Self.trainingLesson])
        let (session, _) = workspace.session()
        _ = session.execute("start trainit")
        let fewer = session.execute("train adding 8 --steps 5 --batch 2")
        #expect(fewer.text.contains("q1 still waits: that set --steps otherwise than it asks for"), "\(fewer.text)")
        #expect(session.lessonDesk.runner?.progress.answers["q1"] == nil, "another number of steps is no attempt")
        let other = session.execute("train adding 9 --steps 6 --batch 2")
        #expect(other.text.contains("[q1] not right yet"), "\(other.text)")
        var checks = 0
        session.interruptionCheck = { checks += 1; return checks > 3 }
        let stopped = session.execute("train adding 8 --steps 6 --batch 2")
        session.interruptionCheck = { false }
        #expect(stopped.text.contains("stopped by Ctrl-C"), "\(stopped.text)")
        #expect(!stopped.text.contains("[q1] right"), "\(stopped.text)")
        let lossesBefore = session.state.currentModel?.lossHistory.count ?? 0
        var judgedChecks = 0
        session.interruptionCheck = { judgedChecks += 1; return false }
        let right = session.execute("train adding 8 --batch 2 --lr 0.01 --clip norm:1 --steps 6")
        session.interruptionCheck = { false }
        #expect(right.text.contains("[q1] right."), "\(right.text)")
        #expect(session.state.currentModel?.lossHistory.count == lossesBefore + 6)
        // judged without training a second time: as many checks for Ctrl-C as one run makes
        let plain = Session()
        _ = plain.execute("model lstm --hidden 4 --seed 2")
        var plainChecks = 0
        plain.interruptionCheck = { plainChecks += 1; return false }
        _ = plain.execute("train adding 8 --steps 6 --batch 2")
        #expect(plainChecks > 0 && judgedChecks == plainChecks, "\(judgedChecks) checks, one run makes \(plainChecks)")
        _ = session.execute("next")
        let race = session.execute("race gru rnn adding 8 --steps 4 --batch 2 --hidden 3")
        #expect(race.text.contains("[q2] right."), "\(race.text)")
    }

    @Test func anAutoRunDoesTrainingTasks() throws {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        let lesson = try LessonParser().lesson(from: Self.trainingLesson, file: "trainit.md")
        let report = AutoRunner.run(lesson, host: LabLessonHost(session: session, fileRoots: []))
        #expect(report.passed, "\(String(describing: report.failure))")
        #expect(report.questionsAnswered == 2)
    }

    @Test func anAutoRunPassesTheTestLessonsAndJudgesTasksFromTheStateBefore() throws {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        let lesson = try LessonParser().lesson(from: miniLesson, file: "mini.md")
        let host = LabLessonHost(session: session, fileRoots: [workspace.lessonsFolder], valueSource: FixedValues())
        let report = AutoRunner.run(lesson, host: host)
        #expect(report.passed, "\(String(describing: report.failure))")
        #expect(report.questionsAnswered == 3)
        let grow = try LessonParser().lesson(from: "---\nid: g\ntitle: G\n---\n\n## G\n\n```quiz\nGrow.\nexpect: grow\n```\n", file: "g.md")
        #expect(AutoRunner.run(grow, host: LabLessonHost(session: session, fileRoots: [])).passed)
    }

    @Test func fileCommandsInLessonBlocksAreConfinedAndTheRootsRestored() {
        let mini = StartedMiniLesson(), session = mini.session, workspace = mini.workspace
        let files = session.execute("goto 4")
        let lessons = LessonDesk.absolutePath(workspace.lessonsFolder)
        #expect(files.text.contains("roots: \(lessons) | \(workspace.state.path)"), "\(files.text)")
        #expect(session.record.allowedFileRoots == nil)
        #expect(session.execute("roots").blocks == [.prose("roots: anywhere")])
    }

    @Test func aLessonCannotMoveItselfOrEndTheLab() {
        let workspace = LessonWorkspace(lessons: ["sneaky.md": """
            ---
            id: sneaky
            title: Sneaky
            ---

            ## One

            ```rnnlab
            goto 2
            quit
            progress reset
            version
            ```

            ## Two

            Text.
            """])
        let (session, _) = workspace.session()
        let outcome = session.execute("start sneaky")
        #expect(!outcome.shouldQuit)
        #expect(outcome.text.contains("a lesson may only run lab commands, not `goto`"))
        #expect(outcome.text.contains("not `quit`"))
        #expect(outcome.text.contains("not `progress`"))
        #expect(outcome.text.contains("rnnlab \(LabVersion.current)"))
        #expect(session.promptContext == "sneaky 1/2")
    }

    @Test func progressIsSavedAfterEveryChangeAndResumedByANewSession() throws {
        let workspace = LessonWorkspace()
        do {
            let (session, _) = workspace.session()
            _ = session.execute("start mini")
            _ = session.execute("b")
            _ = session.execute("next")
            #expect(session.promptContext == "mini 2/4")
        }
        let saved = try #require(workspace.read(workspace.state.progressFile))
        #expect(saved.contains("\"step\" : 2"))
        let (session, notice) = workspace.session()
        #expect(notice == nil)
        let list = session.execute("lessons")
        guard case .table(let table)? = list.blocks.first else {
            Issue.record("no table")
            return
        }
        #expect(table.rows.first?.cells.first == .text("2/4"))
        let resumed = session.execute("start mini")
        #expect(resumed.text.contains("resuming at step 2 of 4, after replaying the earlier steps' commands quietly; `restart` begins again"))
        #expect(!resumed.text.contains("Resuming"), "said once")
        #expect(session.promptContext == "mini 2/4")
        #expect(session.lessonDesk.runner?.progress.answers["pick"]?.correct == true)
        // answers are not cleared by one `restart` typed by mistake
        let asked = session.execute("restart")
        #expect(asked.text.contains("`restart` begins mini again from step 1 and clears its answer; type `restart` again to go ahead"), "\(asked.text)")
        #expect(session.promptContext == "mini 2/4")
        _ = session.execute("where")
        _ = session.execute("restart")
        #expect(session.promptContext == "mini 2/4", "only a `restart` right after it goes ahead")
        _ = session.execute("restart")
        #expect(session.promptContext == "mini 1/4")
        #expect(session.lessonDesk.progress.lessons["mini"]?.answers.isEmpty == true)
    }

    @Test func enterAfterARestartThatAsksKeepsTheAnswersAndMovesNothing() throws {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        _ = session.execute("start mini")
        _ = session.execute("b")
        _ = session.execute("next")
        #expect(session.promptContext == "mini 2/4")
        _ = session.execute("restart")
        // Enter is taken for no yes: the lesson stays where it was, its answer kept
        let enter = session.execute("")
        #expect(enter.blocks == [.note("Enter does not restart: your answers are kept; `restart` begins mini again from step 1")],
                "a question waits, so Enter does not carry on: \(enter.blocks)")
        #expect(session.promptContext == "mini 2/4")
        #expect(session.lessonDesk.runner?.progress.answers["pick"]?.correct == true)
        // a `restart` still goes ahead, as the note says
        _ = session.execute("restart")
        #expect(session.promptContext == "mini 1/4")
        // and after an Enter that kept the answers, another Enter carries on as Enter does
        _ = session.execute("b")
        _ = session.execute("restart")
        let again = session.execute("")
        #expect(again.text.hasSuffix("again from step 1, and Enter again carries on"), "\(again.text)")
        #expect(session.promptContext == "mini 1/4")
        _ = session.execute("")
        #expect(session.promptContext == "mini 2/4")
        #expect(session.lessonDesk.runner?.progress.answers["pick"]?.correct == true)
    }

    /// A lesson that makes a model, feeds it random numbers and trains it, in two steps.
    static let ownLabLesson = """
        ---
        id: own
        title: Its own lab
        requires: []
        minutes: 1
        ---

        # Its own lab

        A lesson that makes a model.

        ## Make

        ```rnnlab
        model rnn --name small --hidden 2
        feed random 5
        ```

        Made.

        ## Train

        ```rnnlab
        train adding 4 --steps 2 --every 1
        ```

        Trained.
        """

    @Test func aLessonRunsInALabOfItsOwnAndLeaveBringsBackTheLabFromBefore() throws {
        let workspace = LessonWorkspace(lessons: ["own.md": Self.ownLabLesson])
        let (session, _) = workspace.session()
        _ = session.execute("model gru --hidden 3")
        _ = session.execute("feed \"gated units\"")
        let started = session.execute("start own")
        #expect(!started.failed, "\(started.text)")
        #expect(started.text.contains("what you had (`gru`, the input) is set aside"), "\(started.text)")
        // The lesson's model and input are what its author wrote for: one random feature,
        // not the ten symbols fed before.
        #expect(session.state.models.map(\.name) == ["small"])
        #expect(session.state.input?.example.inputs.first?.count == 1)
        #expect(session.state.input?.length == 5)
        #expect(session.modelNames == ["small"], "Tab completes the lesson's models")

        _ = session.execute("model lstm --name extra")
        _ = session.execute("restart")
        #expect(session.state.models.map(\.name) == ["small"], "restart begins again in an empty lab")

        let left = session.execute("leave")
        #expect(left.text.contains("left `own` at step 1 of 2; `start own` resumes there"), "\(left.text)")
        #expect(left.text.contains("back as it was before the lesson: `gru`"))
        #expect(!session.lessonDesk.isActive)
        #expect(session.promptContext == nil)
        #expect(session.state.models.map(\.name) == ["gru"])
        #expect(session.state.input?.source == "\"gated units\"")
        #expect(session.modelNames == ["gru"])
        #expect(session.execute("leave").blocks == [.note(LessonDesk.noLessonRunning)])

        // Starting again sets the lab aside again, and a second lesson started while the
        // first runs keeps what was set aside the first time.
        _ = session.execute("start own")
        _ = session.execute("start mini")
        _ = session.execute("leave")
        #expect(session.state.models.map(\.name) == ["gru"])
    }

    @Test func leavingACompletedLessonSaysThatStartBeginsItAgain() throws {
        let workspace = LessonWorkspace(lessons: ["own.md": Self.ownLabLesson])
        let (session, _) = workspace.session()
        _ = session.execute("start own")
        _ = session.execute("next")
        _ = session.execute("next")
        #expect(session.lessonDesk.progress.lessons["own"]?.completed == true)
        _ = session.execute("start own")
        _ = session.execute("goto 2")
        let left = session.execute("leave")
        #expect(left.text.contains("left `own` at step 2 of 2; you completed it before, so `start own` begins it again and `goto 2` comes back here"),
                "\(left.text)")
        let again = session.execute("start own")
        #expect(again.text.contains("Step 1/2"), "what the note said: \(again.text)")
    }

    @Test func restartingACompletedLessonKeepsItCompletedAndResumesTheNewRun() throws {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        _ = session.execute("start mini")
        _ = session.execute("b")
        for _ in 0..<6 { _ = session.execute("next") }
        #expect(session.lessonDesk.progress.lessons["mini"]?.completed == true)
        let asked = session.execute("restart")
        #expect(asked.text.contains("`restart` begins mini again from step 1 and clears its answer (it stays marked completed); type `restart` again to go ahead"),
                "\(asked.text)")
        let restarted = session.execute("restart")
        #expect(restarted.text.contains("mini stays marked completed while you take it again"), "\(restarted.text)")
        #expect(session.promptContext == "mini 1/4")
        _ = session.execute("next")
        _ = session.execute("next")
        func mark() -> Table.Cell? {
            guard case .table(let table)? = session.execute("lessons").blocks.first else { return nil }
            return table.rows.first { $0.label == "mini" }?.cells.first
        }
        #expect(mark() == .text("✓"), "still completed while the new run is under way")
        let step = try #require(session.lessonDesk.runner?.stepNumber)
        let left = session.execute("leave")
        #expect(left.text.contains("`start mini` resumes there"), "\(left.text)")
        #expect(mark() == .text("✓"))
        let progress = session.execute("progress")
        #expect(progress.text.contains("completed, again at step \(step)"), "\(progress.text)")
        let resumed = session.execute("start mini")
        #expect(resumed.text.contains("resuming at step \(step) of 4"), "\(resumed.text)")
        // a completed lesson with nothing to lose restarts at once
        _ = session.execute("leave")
        _ = session.execute("start mini")
        #expect(session.execute("restart").text.contains("mini stays marked completed while you take it again"))
    }

    @Test func aStepsTextIsPrintedBeforeTheLiveLinesOfATrainingItRuns() {
        let workspace = LessonWorkspace(lessons: ["own.md": Self.ownLabLesson])
        let (session, _) = workspace.session()
        final class Log: LiveOutput {
            var entries: [String] = []
            let redrawsInPlace = false, width = 80, unicode = true
            func update(_ lines: [String]) { entries += lines.map { "live: " + $0 } }
            func finish() {}
        }
        let log = Log()
        session.liveOutput = log
        session.blockOutput = { blocks in log.entries += texts(blocks) }
        _ = session.execute("start own")
        let next = session.execute("next")
        #expect(next.blocks.isEmpty, "printed as it came: \(next.blocks)")
        let heading = log.entries.firstIndex { $0.contains("Step 2/2") }
        // the step's command comes under the prompt of the step `next` went to, not the one it left
        let echo = log.entries.firstIndex { $0.contains("rnnlab[own 2/2]> train adding 4") }
        let live = log.entries.firstIndex { $0.hasPrefix("live: ") }
        let after = log.entries.firstIndex { $0.contains("Trained.") }
        #expect(heading != nil && echo != nil && live != nil && after != nil, "\(log.entries)")
        if let heading, let echo, let live, let after {
            #expect(heading < echo && echo < live && live < after, "\(log.entries)")
        }
    }

    /// A one-step lesson `doit` over an LSTM fed "hello" whose one question is the task
    /// `prompt`, done by `expected` (with a `match:` line when given).
    static func doItLesson(_ prompt: String, expect expected: String, match: String? = nil) -> String {
        """
        ---
        id: doit
        title: Do it
        ---

        ## Show

        ```rnnlab
        model lstm --hidden 3 --seed 7
        feed "hello"
        ```

        ```quiz
        \(prompt)
        expect: \(expected)
        \(match.map { "match: " + $0 } ?? "")
        ```
        """
    }

    /// Starts `lesson` (its id `doit`) and runs `lines` in turn: what each showed, the blocks
    /// printed as they came, then those returned.
    func shownByEach(_ lines: [String], in lesson: String) -> [[String]] {
        let workspace = LessonWorkspace(lessons: ["doit.md": lesson])
        let (session, _) = workspace.session()
        var printed: [String] = []
        session.blockOutput = { blocks in printed += texts(blocks) }
        _ = session.execute("start doit")
        return lines.map { line in
            printed = []
            let outcome = session.execute(line)
            return printed + texts(outcome.blocks)
        }
    }

    @Test func aDoItVerdictIsPrintedAfterWhatTheCommandShowed() throws {
        let lesson = Self.doItLesson("Show the cell state of unit 2.", expect: "show c --unit 2")
        let verdicts = [("show h --unit 2", "hidden state", "[q1] not right yet"), ("show c --unit 1", "cell state", "q1 still waits"),
                        ("show c", "cell state", "among more"), ("show c --unit 2", "cell state", "[q1] right")]
        for ((_, title, verdict), shown) in zip(verdicts, shownByEach(verdicts.map(\.0), in: lesson)) {
            let table = shown.firstIndex { $0.contains(title) }, judged = shown.firstIndex { $0.contains(verdict) }
            #expect(table != nil && judged != nil, "\(shown)")
            if let table, let judged { #expect(table < judged, "the verdict comes after the table it judged: \(shown)") }
        }
    }

    @Test("a do-it task over some steps: more steps are among more, and `match: includes` takes them")
    func aTaskOverSomeStepsCountsWiderRanges() {
        let otherSteps = "q1 still waits: that set --step otherwise than it asks for"
        for (match, verdicts) in [(nil, [("show c --step 2..4", otherSteps), ("show c", "among more"), ("show c --step 1..3", "[q1] right")]),
                                  ("includes", [("show c --step 2..5", otherSteps), ("show h", "[q1] not right yet"), ("show c --step 1..4", "[q1] right")])] {
            let lesson = Self.doItLesson("Show the cell state at steps 1 to 3.", expect: "show c --step 1..3", match: match)
            for ((line, verdict), shown) in zip(verdicts, shownByEach(verdicts.map(\.0), in: lesson)) {
                #expect(shown.contains { $0.contains(verdict) }, "\(match ?? "same") \(line): \(shown)")
            }
        }
    }

    @Test("the task's command with another setting is trying things out, no attempt; with the task's settings and another result it is a wrong try")
    func anotherSettingIsNoAttempt() {
        let lesson = Self.doItLesson("Show the cell state of unit 2 at steps 1 to 3.", expect: "show c --unit 2 --step 1..3")
        let workspace = LessonWorkspace(lessons: ["doit.md": lesson])
        let (session, _) = workspace.session()
        _ = session.execute("start doit")
        for (line, option) in [("show c --unit 0 --step 1..3", "unit"), ("show c --unit 2 --step 4..5", "step"), ("show c --unit 1 --step 2 --layer 0", "step")] {
            let shown = session.execute(line).text
            #expect(shown.contains("q1 still waits: that set --\(option) otherwise than it asks for"), "\(line): \(shown)")
            #expect(!shown.contains("not right yet") && !shown.contains("hint 1/"), "\(line): \(shown)")
            #expect(session.lessonDesk.runner?.progress.answers["q1"] == nil, "\(line)")
        }
        // the task's settings, another quantity: a wrong try, which shows the next hint
        let wrong = session.execute("show h --unit 2 --step 1..3")
        #expect(wrong.text.contains("[q1] not right yet"), "\(wrong.text)")
        #expect(session.lessonDesk.runner?.progress.answers["q1"]?.correct == false)
        let right = session.execute("show c --step 1..3 --unit 2")
        #expect(right.text.contains("[q1] right"), "\(right.text)")
        #expect(session.lessonDesk.runner?.progress.answers["q1"] == AnswerRecord(answer: "show c --step 1..3 --unit 2", correct: true, retried: true))
    }

    @Test("part of what a task asks for is on the way, not a mistake; a save while it waits is not judged")
    func partOfATaskAndASaveCostNothing() {
        let file = "/tmp/rnnlab-doit-\(getpid()).safetensors"
        defer { unlink(file) }
        let lesson = Self.doItLesson("Show the cell state of unit 2.", expect: "show c --unit 2")
        let lines = ["show c --unit 2 --step 1..2", "save \(file)", "show c --unit 2"]
        let shown = shownByEach(lines, in: lesson)
        #expect(shown[0].contains { $0.contains("q1 still waits: that showed part of what it asks for") }, "\(shown[0])")
        #expect(!shown[0].contains { $0.contains("not right yet") }, "\(shown[0])")
        #expect(!shown[1].contains { $0.contains("q1") }, "a save shows no values, so it is not judged: \(shown[1])")
        #expect(shown[2].contains { $0.contains("[q1] right") }, "\(shown[2])")
    }

    @Test("a lesson's relative file names start from its own folder, wherever the lab was started")
    func lessonFilesAreRelativeToTheLesson() throws {
        let lesson = """
            ---
            id: files
            title: Files
            ---

            ## Save and load

            ```rnnlab
            model gru --hidden 2 --input 1 --seed 3
            save small.safetensors
            load small.safetensors --name again
            feed --file steps.txt
            ```

            Done.
            """
        let workspace = LessonWorkspace(lessons: ["files.md": lesson])
        workspace.write(workspace.lessonsFolder + "/steps.txt", "0.5\n0.25\n1\n")
        let (session, _) = workspace.session()
        let started = session.execute("start files")
        #expect(started.error == nil && !started.text.contains("error"), "\(started.text)")
        #expect(workspace.names(in: workspace.lessonsFolder).contains("small.safetensors"))
        #expect(session.state.model(named: "again") != nil)
        #expect(session.state.input?.length == 3)
    }

    @Test("judging a task of saving or exporting writes no file of its own")
    func judgingASaveWritesNothing() throws {
        let lesson = """
            ---
            id: keep
            title: Keep
            ---

            ## Save

            ```rnnlab
            model gru --hidden 2 --input 1 --seed 3
            feed --numbers 1 2 3
            ```

            ```quiz
            Save the model.
            expect: save task.safetensors
            ```

            ```quiz
            Export its trace.
            expect: export task.csv
            ```
            """
        let workspace = LessonWorkspace(lessons: ["keep.md": lesson])
        let (session, _) = workspace.session()
        _ = session.execute("start keep")
        let saved = session.execute("save \(workspace.path)/mine.safetensors")
        #expect(saved.text.contains("[q1] right"), "\(saved.text)")
        let exported = session.execute("export \(workspace.path)/mine.csv")
        #expect(exported.text.contains("[q2] right"), "\(exported.text)")
        #expect(workspace.names(in: workspace.path).contains("mine.safetensors"))
        #expect(workspace.names(in: workspace.lessonsFolder) == ["keep.md"], "only the learner's own files were written")
    }

    @Test func startNamesTheLessonsItBuildsOnThatAreHereAndNotCompleted() {
        let first = "---\nid: first\ntitle: First\n---\n\n## One\n\nText.\n"
        let second = "---\nid: second\ntitle: Second\nrequires: [first, nowhere]\n---\n\n## One\n\nText.\n"
        let workspace = LessonWorkspace(lessons: ["first.md": first, "second.md": second])
        let (session, _) = workspace.session()
        let started = session.execute("start second")
        #expect(started.text.contains("this lesson builds on `first`, not completed yet"), "\(started.text)")
        #expect(!started.text.contains("nowhere"), "a lesson that is not here is lint's to report")
    }

    @Test func aQuietReplayDrawsNoProgressLines() {
        let lesson = """
            ---
            id: replay
            title: Replay
            ---

            ## Train

            ```rnnlab
            model rnn --hidden 2
            train adding 4 --steps 3 --batch 2 --every 1
            ```

            ## After

            Trained.

            ## Last

            Done.
            """
        final class Log: LiveOutput {
            var lines: [String] = []
            let redrawsInPlace = false, width = 80, unicode = true
            func update(_ lines: [String]) { self.lines += lines }
            func finish() {}
        }
        let workspace = LessonWorkspace(lessons: ["replay.md": lesson])
        do {
            let (session, _) = workspace.session()
            let log = Log()
            session.liveOutput = log
            _ = session.execute("start replay")
            #expect(!log.lines.isEmpty, "taken for the first time, the training shows its progress")
            _ = session.execute("next")
        }
        let (session, _) = workspace.session()
        let log = Log()
        session.liveOutput = log
        let resumed = session.execute("start replay")
        #expect(resumed.text.contains("resuming at step 2 of 3"), "\(resumed.text)")
        #expect(log.lines.isEmpty, "\(log.lines)")
        #expect(!session.replaysQuietly, "progress is drawn again after the replay")

        // On a terminal the replay says that a slow command still runs, and a Ctrl-C that
        // stops its training part way is said too.
        let (terminal, _) = workspace.session()
        let screen = RecordingLiveOutput(redrawsInPlace: true)
        terminal.liveOutput = screen
        terminal.slowCommandThreshold = .zero
        var checks = 0
        terminal.interruptionCheck = { checks += 1; return checks > 2 }
        let stopped = terminal.execute("start replay")
        terminal.interruptionCheck = { false }
        let lines = screen.updates.compactMap(\.first)
        #expect(lines.contains { $0.hasPrefix("train: running for") }, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("rnn  step") }, "no training lines: \(lines)")
        #expect(stopped.text.contains("replaying `train adding 4 --steps 3 --batch 2 --every 1` was stopped by Ctrl-C part way"), "\(stopped.text)")
        #expect(stopped.text.contains("`goto 2` replays it in full"), "the step resumed at rebuilds it, answers kept: \(stopped.text)")
        #expect(screen.clearCount >= 1, "the line that said the training runs is taken away when it ends")
    }

    @Test func aNumberOrLettersTypedWhenNoQuestionWaitsSaysSo() {
        let workspace = LessonWorkspace(lessons: ["own.md": Self.ownLabLesson])
        let (session, _) = workspace.session()
        #expect(session.execute("0.667").error?.message.contains("unknown command") == true, "outside a lesson it is no command")
        _ = session.execute("start own")
        let typed = session.execute("0.667")
        #expect(typed.error == nil)
        #expect(typed.text.contains("no question is waiting for an answer now"), "\(typed.text)")
        let letters = session.execute("a, b")
        #expect(letters.error == nil && letters.text.contains("no question is waiting for an answer now"), "\(letters.text)")
        #expect(session.execute("ab, c").error?.message.contains("unknown command") == true, "only single letters read as an answer")
    }

    @Test func startWithoutAnIdResumesTheLessonVisitedLast() {
        let workspace = LessonWorkspace()
        do {
            let (session, _) = workspace.session()
            _ = session.execute("start mini")
            _ = session.execute("goto 3")
        }
        let (session, _) = workspace.session()
        let outcome = session.execute("start")
        #expect(!outcome.failed)
        #expect(session.promptContext == "mini 3/4")
    }

    @Test func progressShowsAndResetClears() {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        #expect(session.execute("progress").text.contains("no progress yet"))
        _ = session.execute("start mini")
        _ = session.execute("b")
        let shown = session.execute("progress")
        #expect(shown.text.contains("mini step 1 of 4 1/3"), "\(shown.text)")
        #expect(session.execute("progress reset other").failed)
        let reset = session.execute("progress reset mini")
        #expect(reset.text.contains("progress in `mini` cleared"))
        #expect(!session.lessonDesk.isActive)
        #expect(session.promptContext == nil)
        #expect(session.lessonDesk.progress.lessons["mini"] == nil)
        #expect(workspace.read(workspace.state.progressFile)?.contains("mini") == false)
    }

    @Test func aCorruptProgressFileIsMovedAsideWithANotice() throws {
        let workspace = LessonWorkspace()
        mkdir(workspace.state.path, 0o700)
        workspace.write(workspace.state.progressFile, "{ not json")
        let (session, notice) = workspace.session()
        let message = try #require(notice)
        #expect(message.contains("could not be read"))
        let aside = workspace.names(in: workspace.state.path).filter { $0.hasPrefix("progress.json.corrupt-") }
        #expect(aside.count == 1)
        #expect(workspace.read(workspace.state.path + "/" + (aside.first ?? "")) == "{ not json")
        _ = session.execute("start mini")
        #expect(workspace.read(workspace.state.progressFile)?.contains("\"mini\"") == true)
        // A second session finds a good file: no notice again.
        #expect(workspace.session().notice == nil)
    }

    @Test func quitEndsTheLabAndSaysProgressIsSaved() {
        let mini = StartedMiniLesson(), session = mini.session
        let outcome = session.execute("quit")
        #expect(outcome.shouldQuit)
        #expect(outcome.text.contains("your progress is saved: `start mini` resumes here"))
    }

    @Test func withoutALessonBlankLinesDoNothingAndLessonCommandsSaySo() {
        let workspace = LessonWorkspace()
        let (session, _) = workspace.session()
        #expect(session.execute("") == Lab.CommandOutcome())
        #expect(session.execute("next").blocks == [.note(LessonDesk.noLessonRunning)])
        #expect(session.execute("hint").blocks == [.note(LessonDesk.noLessonRunning)])
        #expect(session.execute("start nosuch").error?.message.contains("no lesson `nosuch`") == true)
        #expect(session.execute("start mnii").error?.message.contains("did you mean `mini`?") == true)
    }

    @Test func brokenAndGarbageLessonFilesAreLeftOutWithAWarning() {
        var generator = SystemRandomNumberGenerator()
        var lessons: [String: String] = [
            "mini.md": miniLesson,
            "broken.md": "---\nid: broken\n---\n\n## Step\n\n```quiz\nno answer here\n```\n",
            "unclosed.md": "---\nid: unclosed\ntitle: U\n---\n\n## S\n\n```rnnlab\nversion\n",
        ]
        for index in 0..<20 {
            let count = Int.random(in: 0..<2000, using: &generator)
            let scalars = (0..<count).map { _ in Character(Unicode.Scalar(UInt8.random(in: 0...127, using: &generator))) }
            lessons["garbage\(index).md"] = "---\n" + String(scalars)
        }
        let workspace = LessonWorkspace(lessons: lessons)
        // Raw bytes that are not UTF-8 at all.
        workspace.write(workspace.lessonsFolder + "/bytes.md", bytes: (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let (session, _) = workspace.session()
        let list = session.execute("lessons")
        #expect(list.text.contains("mini"))
        #expect(list.blocks.contains { if case .warning(let text) = $0 { text.contains("have problems and are left out") } else { false } })
        #expect(session.execute("start broken").error?.message.contains("has problems") == true)
        #expect(!session.execute("start mini").failed)
    }

    /// A lesson whose last step checks what its first step built.
    static let biasLesson = """
        ---
        id: bias
        title: Bias
        ---

        ## Make

        ```rnnlab
        model lstm --hidden 2 --forget-bias 1 --name fb1
        feed "ab"
        ```

        ```quiz
        id: again
        Feed the same input again.
        expect: feed "ab"
        ```

        ## Look

        Nothing new here.

        ## Check

        ```check
        mean(fb1.f) > 0.6
        message: forget bias 1 opens the forget gate
        ```
        """

    @Test("a failed check says which of the learner's own commands changed the lab the lesson built, and at which step; or that none did")
    func aFailedCheckSaysWhoseCommandChangedTheLab() {
        let workspace = LessonWorkspace(lessons: ["bias.md": Self.biasLesson])
        let (session, _) = workspace.session()
        session.lessonDesk.valueSource = nil
        _ = session.execute("start bias")
        _ = session.execute("feed \"ab\"")  // the task's own command, done by the learner: no change of theirs
        _ = session.execute("show f")  // a view changes nothing
        _ = session.execute("set forget-bias -3")
        _ = session.execute("")
        let failed = session.execute("")
        #expect(failed.text.contains("this step expected: forget bias 1 opens the forget gate"), "\(failed.text)")
        #expect(failed.text.contains("your `set forget-bias -3` at step 1 changed the lab the lesson built; if that is why, `goto 3` rebuilds it as the lesson left it"),
                "\(failed.text)")
        let rebuilt = session.execute("goto 3")
        #expect(!rebuilt.text.contains("this step expected"), "\(rebuilt.text)")

        // two changes in the step of the check: the first is named
        _ = session.execute("set forget-bias -3")
        _ = session.execute("set forget-bias -4")
        let again = session.execute("goto 3")
        #expect(!again.text.contains("your"), "goto rebuilt the lab: \(again.text)")
        _ = session.execute("back")
        _ = session.execute("set forget-bias -3")
        _ = session.execute("mode train")
        let twice = session.execute("")
        #expect(twice.text.contains("your own commands changed the lab the lesson built (the first, `set forget-bias -3`, at step 2)"), "\(twice.text)")

        // no command of the learner's: the lesson's claim itself is at fault
        let wrong = Self.biasLesson.replacing("mean(fb1.f) > 0.6", with: "mean(fb1.f) > 0.99")
        let other = LessonWorkspace(lessons: ["bias.md": wrong])
        let (fresh, _) = other.session()
        fresh.lessonDesk.valueSource = nil
        _ = fresh.execute("start bias")
        _ = fresh.execute("feed \"ab\"")
        _ = fresh.execute("")
        let unchanged = fresh.execute("")
        #expect(unchanged.text.contains("this step expected: forget bias 1 opens the forget gate"), "\(unchanged.text)")
        #expect(unchanged.text.contains("none of your own commands changed the lab since the lesson built it, though"), "\(unchanged.text)")
        #expect(!unchanged.text.contains("goto"), "\(unchanged.text)")
    }

    /// A lesson that makes a tanh RNN of radius 1.5 and then talks about it.
    static let driftLesson = """
        ---
        id: drift
        title: Drift
        ---

        ## Make

        ```rnnlab
        model rnn --name net --hidden 3 --radius 1.5
        feed "ab"
        ```

        ```quiz
        id: again
        Feed the same input again.
        expect: feed "ab"
        ```

        ## Read

        h_t = tanh(W_ih x_t + W_hh h_{t-1}), stretched ×1.5.

        ## More

        More about the tanh model.

        ## Last

        The end.
        """

    @Test("a learner's change of the lesson's model is named once before the next step, and goto sets the model up again")
    func aChangedModelIsNamedOnce() throws {
        let workspace = LessonWorkspace(lessons: ["drift.md": Self.driftLesson])
        let (session, _) = workspace.session()
        session.lessonDesk.valueSource = nil
        _ = session.execute("start drift")
        _ = session.execute("feed \"ab\"")  // the task, done by the learner: the lesson's own
        _ = session.execute("set activation relu")
        let read = session.execute("")
        #expect(read.text.contains("you changed the model since this lesson set it up (activation: tanh → relu)"), "\(read.text)")
        #expect(read.text.contains("`goto 2` sets that up again"), "\(read.text)")
        let more = session.execute("")
        #expect(!more.text.contains("you changed"), "named once: \(more.text)")

        // goto sets the lesson's model up again; nothing more is said
        _ = session.execute("goto 2")
        #expect(session.state.model(named: "net")?.network?.nonlinearity == .tanh)
        #expect(!session.execute("").text.contains("you changed"))

        // a change undone (to rounding: the radius set away and back) is no change
        _ = session.execute("set radius 1.2")
        _ = session.execute("set radius 1.5")
        #expect(!session.execute("").text.contains("you changed"))
    }

    @Test("the lesson's model saved and loaded back under its name is no change; a weight set by hand undoes its radius")
    func whereTheLessonsWeightsCameFrom() throws {
        let workspace = LessonWorkspace(lessons: ["drift.md": Self.driftLesson])
        let (session, _) = workspace.session()
        session.lessonDesk.valueSource = nil
        _ = session.execute("start drift")
        _ = session.execute("feed \"ab\"")
        _ = session.execute("set W_hh[0,0] 5")
        let read = session.execute("")
        #expect(read.text.contains("(radius 1.5 no longer holds: the weights changed)"), "\(read.text)")
        _ = session.execute("goto 2")
        let file = workspace.path + "/net.safetensors"
        #expect(session.execute("save \(file)").error == nil)
        #expect(session.execute("load \(file) --name net").error == nil)
        let more = session.execute("")
        #expect(!more.text.contains("you changed"), "the same weights: \(more.text)")
        _ = session.execute("set W_hh[0,0] 5")
        #expect(session.execute("").text.contains("(weights differ)"))
    }
}
