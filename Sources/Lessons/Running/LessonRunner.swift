/// The state machine that walks a learner through one lesson.
///
/// Pure logic: it shows output and runs commands only through a `LessonHost`. After any
/// call, compare `progress` with what was saved and save it when it changed.
///
/// Within a step, items appear in file order; a question stops the flow until it is
/// answered right, skipped, or passed over with `next` (then it stays unanswered and
/// `where` lists it). `next` on a fully shown step enters the following one; `next` on
/// the last step completes the lesson.
public struct LessonRunner: Sendable {
    /// The lesson being run.
    public let lesson: Lesson
    /// The learner's progress in this lesson, updated by every call.
    public private(set) var progress: LessonProgress
    /// The current step, 1-based.
    public private(set) var stepNumber: Int
    /// How many items of the current step have been shown.
    private(set) var revealed = 0
    /// Hints shown so far, by question id.
    private var hintsShown: [String: Int] = [:]
    /// Whether the learner went past the last step.
    public private(set) var isFinished = false
    /// In auto mode: the failure that stopped the flow (a failed command, after which the
    /// steps would not find the lab the lesson expects).
    public private(set) var failure: LessonFailure?
    /// In auto mode: every failure so far, in the order met; failed checks do not stop the
    /// flow, as a check changes nothing in the lab.
    public private(set) var failures: [LessonFailure] = []
    /// In auto mode: how many checks were evaluated.
    public private(set) var checksRun = 0
    /// Set by `AutoRunner`: run headless, stopping at the first failing command and
    /// recording every failing check.
    var runsHeadless = false
    /// Whether starting at step 1 shows the introduction and waits for `next` (Enter at a
    /// terminal) before step 1, so that a long first step does not scroll it away. Only a
    /// learner at a terminal is asked: piped input, scripts and `--auto` run straight on.
    public var pausesAfterIntroduction = false
    /// Whether the introduction was shown and step 1 waits for `next`.
    public private(set) var waitsToBegin = false
    /// The last of the lesson's own commands that Ctrl-C stopped part way, while the lab
    /// holds what it reached: until the lab is rebuilt (`goto` back or to the same step,
    /// `back`, `restart`), the lesson's checks, which are about whole runs, are not run.
    private(set) var stoppedCommand: StoppedCommand?
    /// The first of the learner's own commands that changed the lab since the lesson last
    /// built it (at `start`, or rebuilt for `goto` back, `back` or `restart`), and how many
    /// did: a check that fails then says whose doing the difference may be.
    private(set) var learnerChange: LearnerChange?
    /// The lab as the lesson's own commands left it, fact by fact: what a learner's command
    /// changes stays out of it, so the lab can be compared with it before more of the
    /// lesson is shown (see ``noteLearnerChanges(host:)``).
    private(set) var lessonLab = LabDescription()
    /// The differences from ``lessonLab`` last named to the learner, so that one change is
    /// named once, not before every step; emptied when the lab holds the lesson's again.
    private var notedDifferences: Set<LabDescription.Difference> = []
    /// The notices after a failed check already shown, each with its step's number: one
    /// per step is enough when several of its checks fail for one reason.
    private var shownCheckNotices: Set<String> = []

    /// The learner's own commands that changed the lab the lesson built.
    struct LearnerChange: Sendable, Equatable {
        /// The first such command line.
        var line: String
        /// The step it was typed at.
        var step: Int
        /// How many commands changed the lab, the first included.
        var count = 1
    }

    /// One of the lesson's own commands that Ctrl-C stopped part way.
    struct StoppedCommand: Sendable, Equatable {
        /// The command line.
        var line: String
        /// The step whose `goto` runs it in full again.
        var step: Int
    }

    /// Creates a runner; `progress` is what the store holds for this lesson, if anything.
    public init(lesson: Lesson, progress: LessonProgress? = nil) {
        self.lesson = lesson
        self.progress = progress ?? LessonProgress()
        self.stepNumber = 1
    }

    /// The step a resumed lesson would start at, when there is one worth offering (> 1, in
    /// a run not yet finished: a completed lesson resumes only when taken again since a `restart`).
    public var resumableStep: Int? {
        let step = min(max(progress.step, 1), lesson.steps.count)
        return progress.isUnfinishedRun && step > 1 ? step : nil
    }

    /// The prompt's label: `lesson-id 3/9`.
    public var promptLabel: String { Self.promptLabel(lesson: lesson.id, step: stepNumber, of: lesson.steps.count) }

    /// The prompt's label at step `step` of `count` of lesson `id`: `lesson-id 3/9`.
    public static func promptLabel(lesson id: String, step: Int, of count: Int) -> String { "\(id) \(step)/\(count)" }

    /// The question waiting for an answer, if the flow stopped at one.
    public var pendingQuestion: Question? {
        guard !isFinished, revealed > 0, let step = currentStep, revealed <= step.items.count,
              case .question(let question) = step.items[revealed - 1],
              progress.answers[question.id]?.isSettled != true else { return nil }
        return question
    }

    var currentStep: Step? {
        lesson.steps.indices.contains(stepNumber - 1) ? lesson.steps[stepNumber - 1] : nil
    }

    // MARK: Navigation

    /// Starts the lesson at `step` (1 by default; `resumableStep` to resume).
    ///
    /// Starting past step 1 first replays the commands of the earlier steps quietly, so the
    /// session holds the models and inputs those steps made.
    public mutating func start(at step: Int = 1, host: any LessonHost) {
        let target = min(max(step, 1), max(lesson.steps.count, 1))
        isFinished = false
        lessonLab = host.describeLab()
        notedDifferences = []
        host.show(.lessonTitle(lesson.title, minutes: lesson.minutes))
        if target == 1 {
            for block in lesson.introduction {
                host.show(block.isCode ? .code(block.text) : .text(block.text))
            }
            if pausesAfterIntroduction, !lesson.introduction.isEmpty, let first = lesson.steps.first {
                stepNumber = 1
                revealed = 0
                progress.step = 1
                waitsToBegin = true
                host.show(.notice("press Enter to begin step 1 of \(lesson.steps.count): \(first.title)"))
                return
            }
        } else {
            host.show(.notice("resuming at step \(target) of \(lesson.steps.count), after replaying the earlier steps' commands quietly; `restart` begins again from step 1"))
            replay(steps: 0..<(target - 1), for: target, host: host)
        }
        enter(target, host: host)
    }

    /// Carries on: past a waiting question (left unanswered), through the rest of the step,
    /// then into the next step; the last step, shown to its end, completes the lesson.
    public mutating func next(host: any LessonHost) {
        if waitsToBegin {
            enter(1, host: host)
            return
        }
        guard !isFinished, let step = currentStep else {
            host.show(.notice("the lesson is complete: `lessons` lists the others, `restart` begins this one again"))
            return
        }
        if let question = pendingQuestion {
            if let expected = question.taskCommand {
                host.show(.notice("\(question.id) left undone; its command runs now, as the steps after it build on what it does; `goto \(stepNumber)` comes back to it"))
                _ = runLessonCommand(expected, quietly: false, for: stepNumber, host: host)
            } else {
                host.show(.notice("\(question.id) left unanswered; `goto \(stepNumber)` comes back to it"))
            }
        }
        carryOn(step, host: host)
    }

    /// In auto mode: goes on past the waiting question, left unanswered, without running a
    /// task's command again: the run has run it, and reported how it failed.
    mutating func passOver(host: any LessonHost) {
        guard !isFinished, let step = currentStep else { return }
        carryOn(step, host: host)
    }

    /// Shows the rest of `step`, the current one, or enters the next step; past the last
    /// step, completes the lesson.
    private mutating func carryOn(_ step: Step, host: any LessonHost) {
        if revealed < step.items.count {
            reveal(host: host)
            return
        }
        if stepNumber < lesson.steps.count {
            enter(stepNumber + 1, host: host)
        } else if !isFinished {
            isFinished = true
            progress.completed = true
            progress.again = nil
            host.show(.notice(completionSummary()))
        }
    }

    /// Goes back one step and shows it again from its top, in the lab it found the first
    /// time (see ``rebuildLab(before:host:)``).
    public mutating func back(host: any LessonHost) {
        guard stepNumber > 1 else {
            host.show(.notice("this is the first step"))
            return
        }
        isFinished = false
        rebuildLab(before: stepNumber - 1, host: host)
        enter(stepNumber - 1, host: host)
    }

    /// Goes to step `number` (1-based). Going forward replays the skipped steps' commands
    /// quietly; going back (or to this step again) rebuilds the lab as that step finds it.
    public mutating func goto(_ number: Int, host: any LessonHost) {
        guard number >= 1, number <= lesson.steps.count else {
            host.show(.notice("there is no step \(number): this lesson has steps 1 to \(lesson.steps.count)"))
            return
        }
        if number > stepNumber {
            if let expected = pendingQuestion?.taskCommand { _ = runLessonCommand(expected, quietly: true, for: number, host: host) }
            if let step = currentStep, revealed < step.items.count {
                replay(items: step.items[revealed...], for: number, host: host)
            }
            replay(steps: stepNumber..<(number - 1), for: number, host: host)
        } else {
            rebuildLab(before: number, host: host)
        }
        isFinished = false
        enter(number, host: host)
    }

    /// Starts the lesson over from step 1, in an empty lab, with no answers kept. A lesson
    /// completed before stays completed (the learner did finish it), taken again.
    public mutating func restart(host: any LessonHost) {
        let completed = progress.completed
        progress = LessonProgress(completed: completed)
        if completed { progress.again = true }
        hintsShown = [:]
        host.resetLab()
        stoppedCommand = nil
        learnerChange = nil
        lessonLab = host.describeLab()
        notedDifferences = []
        shownCheckNotices = []
        if completed { host.show(.notice("\(lesson.id) stays marked completed while you take it again")) }
        start(at: 1, host: host)
    }

    /// Empties the lab and replays the commands of the steps before step `number` quietly,
    /// so that the step finds the lab it found the first time, whatever ran since (a `mode
    /// train` of its own, a model trained further, fresh dropout masks): its checks and
    /// figures then hold as they did. It is what resuming a lesson does.
    mutating func rebuildLab(before number: Int, host: any LessonHost) {
        host.resetLab()
        stoppedCommand = nil
        learnerChange = nil
        lessonLab = host.describeLab()
        notedDifferences = []
        shownCheckNotices = []
        guard number > 1 else { return }
        let steps = number == 2 ? "step 1 leaves it: replaying its" : "steps 1\u{2013}\(number - 1) leave it: replaying their"
        host.show(.notice("step \(number) begins in the lab as \(steps) commands quietly"))
        replay(steps: 0..<(number - 1), for: number, host: host)
    }

    /// Shows where the learner is and the state of this step's questions.
    public func showWhere(host: any LessonHost) {
        let title = currentStep?.title ?? ""
        var lines = [waitsToBegin
            ? "\(lesson.title): the introduction; Enter begins step 1 of \(lesson.steps.count): \(title)"
            : "\(lesson.title): step \(stepNumber) of \(lesson.steps.count), \(title)"]
        let marks = lesson.questions.map { question in "\(question.id) \(mark(for: question))" }
        if !marks.isEmpty { lines.append("questions: " + marks.joined(separator: ", ")) }
        if let pending = pendingQuestion { lines.append("waiting for an answer to \(pending.id)") }
        host.show(.notice(lines.joined(separator: "\n")))
    }

    func mark(for question: Question) -> String {
        guard let record = progress.answers[question.id] else { return "unanswered" }
        if record.skipped { return "skipped" }
        return record.correct ? "✓" : "not yet right"
    }

    // MARK: Questions

    /// Shows the next hint of the waiting question.
    public mutating func hint(host: any LessonHost) {
        guard let question = pendingQuestion else {
            host.show(.notice("no question is waiting for an answer"))
            return
        }
        showNextHint(question, host: host, explicitly: true)
    }

    mutating func showNextHint(_ question: Question, host: any LessonHost, explicitly: Bool) {
        let shown = hintsShown[question.id, default: 0]
        guard shown < question.hints.count else {
            if explicitly {
                host.show(.notice(question.hints.isEmpty
                    ? "\(question.id) has no hints; `skip` shows the answer"
                    : "no more hints for \(question.id); `skip` shows the answer"))
            }
            return
        }
        hintsShown[question.id] = shown + 1
        host.show(.hint(questionID: question.id, number: shown + 1, count: question.hints.count, text: question.hints[shown]))
    }

    /// Shows the waiting question's answer, records it as skipped and carries on.
    public mutating func skip(host: any LessonHost) {
        guard let question = pendingQuestion else {
            host.show(.notice("no question is waiting: `next` carries on"))
            return
        }
        progress.answers[question.id] = AnswerRecord(answer: "", correct: false, skipped: true)
        host.show(.skipped(questionID: question.id, answer: question.shownAnswer(resolver: host), explanation: question.explanation))
        // a skipped task is done for the learner: the steps after it build on what it does
        if let expected = question.taskCommand { _ = runLessonCommand(expected, quietly: false, for: stepNumber, host: host) }
        reveal(host: host)
    }

    /// Judges a typed answer to the waiting multiple-choice or numeric question.
    ///
    /// Right: the explanation shows and the step carries on. Wrong: the next hint shows.
    /// Unreadable: says what form of answer is expected; nothing is recorded.
    public mutating func answer(_ text: String, host: any LessonHost) {
        guard let question = pendingQuestion else {
            host.show(.notice("no question is waiting for an answer"))
            return
        }
        // a numeric answer is judged by the lab's values: say first if they are no longer the lesson's
        if case .number = question.kind { noteLearnerChanges(host: host) }
        switch question.judge(text, resolver: host) {
        case .correct:
            settle(question, answer: text, host: host)
        case .wrong(let detail):
            progress.answers[question.id] = AnswerRecord(answer: text, correct: false)
            host.show(.wrong(questionID: question.id, detail: detail))
            showNextHint(question, host: host, explicitly: false)
        case .unreadable(let message):
            host.show(.notice("\(question.id): \(message)"))
        }
    }

    /// Tells the runner the learner ran `command` with `outcome`; judges a waiting task.
    ///
    /// Call it after every command the learner types while a lesson runs. A failed command
    /// is ignored (the lab already showed its error). A result that differs from the
    /// task's expected result counts as a wrong answer when it comes from the task's own
    /// command with no option set to a value other than the task's (typed or by default):
    /// an option set otherwise (`sample … --temperature 100`, `--seed 2` after "try a few
    /// seeds") is the learner trying something else on purpose, which costs no attempt.
    public mutating func commandRan(_ command: String, outcome: CommandOutcome, host: any LessonHost) {
        guard let question = pendingQuestion, case .task(let expected, let match) = question.kind,
              case .succeeded(let signature) = outcome else { return }
        guard case .succeeded(let wanted) = host.signature(of: expected) else {
            // another command (a `feed` that makes the expected one possible) is no attempt
            if Self.commandName(command) == Self.commandName(expected) {
                host.show(.notice("\(question.id) cannot be judged now: its expected command `\(expected)` does not run in this session"))
            }
            return
        }
        if signature.satisfies(wanted, match: match) {
            settle(question, answer: command, host: host)
        } else if signature.covers(wanted) {
            // every value asked for, among others: close, and no mistake to count
            host.show(.notice("\(question.id) still waits: that showed what it asks for among more; narrow it down to just that (`hint` helps)"))
        } else if wanted.covers(signature) {
            // part of what is asked for (fewer steps or units): on the way, no mistake either
            host.show(.notice("\(question.id) still waits: that showed part of what it asks for; show all of it (`hint` helps)"))
        } else if Self.commandName(command) != Self.commandName(expected) {
            // another command: the learner is looking around, which costs no attempt and no
            // hint; one that showed no values (`save`) needs no word at all
            guard signature.showsValues else { return }
            host.show(.notice("\(question.id) still waits: it asks for something other than what that showed (`hint` helps)"))
        } else if let option = Self.optionSetOtherwise(in: command, than: expected, host: host) {
            host.show(.notice("\(question.id) still waits: that set --\(option) otherwise than it asks for, "
                + "which counts as trying things out, not as an answer (`hint` helps)"))
        } else {
            progress.answers[question.id] = AnswerRecord(answer: command, correct: false)
            host.show(.wrong(questionID: question.id, detail: "that shows something other than what \(question.id) asks for"))
            showNextHint(question, host: host, explicitly: false)
        }
    }

    /// Tells the runner that `command`, typed by the learner, changed the lab the lesson
    /// built (a model made or set, another input, `mode train`, ...). A check that fails
    /// afterwards says so, until the lab is rebuilt.
    ///
    /// A task's command that the runner accepted as its answer is not such a change: the
    /// lesson's own replay runs the task's command in its place.
    public mutating func learnerChangedLab(with command: String) {
        if learnerChange == nil {
            learnerChange = LearnerChange(line: command, step: stepNumber)
        } else {
            learnerChange?.count += 1
        }
    }

    /// Tells the runner that a command the learner typed did the waiting task, taking the
    /// lab from `before` to `after` and setting up `scope` afresh: the lesson counts it as
    /// its own (its replay runs the task's command in its place), so what it changed is
    /// the lesson's, not the learner's.
    public mutating func learnerDidTask(from before: LabDescription, to after: LabDescription, settingUp scope: LabDescription.Scope) {
        lessonLab = lessonLab.updated(from: before, to: after, settingUp: scope)
    }

    /// Names, once, how the lab differs from the lab the lesson's own commands built, when
    /// a learner's commands changed it (`set activation relu`): the prose, the numbers it
    /// quotes and the checks that follow are about the lesson's model. Says nothing when
    /// the learner changed nothing the lesson looks at, or undid the change, or when the
    /// commands of this step about to run set up afresh what was changed (a `model` that
    /// makes the changed model again); and nothing again until something else changes.
    mutating func noteLearnerChanges(host: any LessonHost) {
        guard learnerChange != nil, !runsHeadless, let step = currentStep else { return }
        // what this step's next commands set up, before anything reads the lab, needs no word
        var scope = LabDescription.Scope()
        for item in step.items[revealed...] {
            if case .command(let command) = item {
                scope = scope.union(host.setUp(by: command.line))
            } else if case .prose = item {
                continue
            } else {
                break
            }
        }
        let differences = lessonLab.differences(in: host.describeLab(), ignoring: scope)
        let found = Set(differences)
        defer { notedDifferences = found }
        guard !found.isEmpty, !found.isSubset(of: notedDifferences) else { return }
        let what = differences.contains { $0.key.model != nil } ? "the model" : "the lab"
        let changes = LabDescription.words(for: differences, modelCount: lessonLab.models.count)
        host.show(.notice("you changed \(what) since this lesson set it up (\(changes)); the lesson's text and numbers "
            + "describe its own: `goto \(stepNumber)` sets that up again and shows this step anew"))
    }

    /// What a learner can do about a check that failed: when the learner's own commands
    /// changed the lab since the lesson built it, which did and that `goto` this step
    /// rebuilds it; when none did, that the lesson itself may be at fault and `next` carries on.
    func failedCheckAdvice() -> String {
        guard let change = learnerChange else {
            return "none of your own commands changed the lab since the lesson built it, though: the lesson itself may be at fault here; `next` carries on"
        }
        let when = change.step == stepNumber ? "in this step" : "at step \(change.step)"
        let who = change.count == 1
            ? "your `\(change.line)` \(when) changed the lab the lesson built"
            : "your own commands changed the lab the lesson built (the first, `\(change.line)`, \(when))"
        return who + "; if that is why, `goto \(stepNumber)` rebuilds it as the lesson left it and shows this step again"
    }

    /// The first option, by name, that `command` types with a value other than the one
    /// `expected` gives it (typed or by default); nil when there is none or the host cannot
    /// tell. Numbers are compared as numbers (`1` is `1.0`).
    static func optionSetOtherwise(in command: String, than expected: String, host: any LessonHost) -> String? {
        guard let tried = host.options(of: command), let wanted = host.options(of: expected) else { return nil }
        return tried.typed.keys.sorted().first { name in
            guard let typed = tried.typed[name], let value = wanted.value(name), typed != value else { return false }
            guard let typedNumber = Double(typed), let number = Double(value) else { return true }
            return typedNumber != number
        }
    }

    /// The first word of a command line: its command.
    static func commandName(_ line: String) -> Substring {
        line.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? ""
    }

    mutating func settle(_ question: Question, answer: String, host: any LessonHost) {
        // a wrong answer recorded before this right one makes it right after a retry
        let retried = progress.answers[question.id].map { !$0.correct && !$0.skipped } ?? false
        progress.answers[question.id] = AnswerRecord(answer: answer, correct: true, retried: retried)
        host.show(.correct(questionID: question.id, explanation: question.explanation))
        reveal(host: host)
    }

    // MARK: Flow

    mutating func enter(_ number: Int, host: any LessonHost) {
        waitsToBegin = false
        stepNumber = number
        revealed = 0
        progress.step = number
        guard let step = currentStep else { return }
        host.show(.stepHeading(number: number, count: lesson.steps.count, title: step.title))
        reveal(host: host)
    }

    /// Shows the current step's items until a question waits or the step ends.
    mutating func reveal(host: any LessonHost) {
        guard let step = currentStep else { return }
        while revealed < step.items.count {
            if failure != nil { return }
            noteLearnerChanges(host: host)
            let item = step.items[revealed]
            revealed += 1
            switch item {
            case .prose(let block):
                host.show(block.isCode ? .code(block.text) : .text(block.text))
            case .command(let command):
                // a request to end that came after the last command ends the run before this one
                if runsHeadless, let signal = host.terminationSignal {
                    stop(at: .ended(command, signal: signal, partWay: false))
                    return
                }
                let outcome = runLessonCommand(command.line, quietly: false, for: stepNumber, host: host)
                if runsHeadless, case .failed(let message) = outcome {
                    stop(at: .commandFailed(command, message: message))
                    return
                }
                if runsHeadless, case .stopped = outcome {
                    stop(at: host.terminationSignal.map { .ended(command, signal: $0, partWay: true) }
                        ?? .commandFailed(command, message: LessonFailure.stoppedByInterrupt))
                    return
                }
            case .check(let check):
                // after a stopped command the lab is not as the lesson leaves it: the note
                // said so, and a claim about the whole run would only fail
                guard stoppedCommand == nil else { break }
                if runsHeadless { checksRun += 1 }
                if let problem = check.failure(using: host) {
                    if runsHeadless {
                        // the lab is as the lesson left it: the checks after this one still tell
                        host.show(.checkFailed(problem))
                        failures.append(.checkFailed(problem))
                        break
                    }
                    // most often the learner's own commands changed what the step looks at:
                    // then the first failure in a step is shown whole, with what to do about
                    // it, and those after it in a line each; in the learner's words, as the
                    // lesson's file and the check's formula are for its authors
                    let advice = failedCheckAdvice()
                    let first = shownCheckNotices.insert("\(stepNumber) \(advice)").inserted
                    if first || learnerChange == nil {
                        host.show(.claimNotHeld(problem, advice: first ? advice : nil))
                    } else {
                        host.show(.notice("nor does what it expected next: \(problem.expectation)"))
                    }
                }
            case .question(let question):
                let record = progress.answers[question.id]
                host.show(.question(question.view(answered: record?.isSettled == true ? record : nil)))
                if record?.isSettled != true { return }
                // done or skipped on an earlier visit: the lab needs what it does, as a replay has it
                if let expected = question.taskCommand { _ = runLessonCommand(expected, quietly: true, for: stepNumber, host: host) }
            }
        }
        // The last step shown to its end completes the lesson: no `next` into nothing.
        if stepNumber == lesson.steps.count, !isFinished {
            isFinished = true
            progress.completed = true
            progress.again = nil
            host.show(.notice(completionSummary()))
        }
    }

    /// In auto mode: records a failure that does not stop the flow (a question whose own
    /// answer was not accepted).
    mutating func record(_ failure: LessonFailure) {
        failures.append(failure)
    }

    /// In auto mode: records the failure after which the lesson cannot go on, and stops.
    mutating func stop(at failure: LessonFailure) {
        failures.append(failure)
        self.failure = failure
    }

    /// Replays the commands of `steps` (0-based) quietly on the way to step `target`.
    mutating func replay(steps: Range<Int>, for target: Int, host: any LessonHost) {
        for index in steps where lesson.steps.indices.contains(index) {
            replay(items: lesson.steps[index].items[...], for: target, host: host)
        }
    }

    /// Runs the commands of `items` quietly on the way to step `target`, and the expected
    /// command of every task among them: the steps after a task build on what it does,
    /// whoever did it and however.
    mutating func replay(items: ArraySlice<StepItem>, for target: Int, host: any LessonHost) {
        for item in items {
            switch item {
            case .command(let command): _ = runLessonCommand(command.line, quietly: true, for: target, host: host)
            case .question(let question):
                if let expected = question.taskCommand { _ = runLessonCommand(expected, quietly: true, for: target, host: host) }
            case .prose, .check: break
            }
        }
    }

    /// Runs one of the lesson's own commands, shown or `quietly` replayed, for step `step`:
    /// when Ctrl-C (or a signal to end, in a headless run) stops it part way, says so and
    /// which `goto` runs it in full, and remembers it (``stoppedCommand``), as the lab now
    /// holds only what it reached.
    mutating func runLessonCommand(_ line: String, quietly: Bool, for step: Int, host: any LessonHost) -> CommandOutcome {
        let before = host.describeLab(), scope = host.setUp(by: line)
        let outcome = host.run(line, quietly: quietly)
        lessonLab = lessonLab.updated(from: before, to: host.describeLab(), settingUp: scope)
        guard case .stopped = outcome else { return outcome }
        stoppedCommand = StoppedCommand(line: line, step: step)
        let stopper = host.terminationSignal ?? "Ctrl-C"
        let differ = "so the numbers from here on may differ from the lesson's"
        if quietly {
            host.show(.notice("replaying `\(line)` was stopped by \(stopper) part way, \(differ); `goto \(step)` replays it in full"))
        } else {
            host.show(.notice("the lesson's `\(Self.commandName(line))` was stopped by \(stopper) part way, \(differ); `goto \(step)` runs the step again"))
        }
        return outcome
    }

    /// `lesson complete: TITLE (3 of 5 questions right at the first try, 1 after a retry,
    /// 1 skipped)`: a question answered right only after a wrong answer is not counted as
    /// right at once, and one whose answer was shown is counted as skipped, not left out.
    func completionSummary() -> String {
        let questions = lesson.questions
        guard !questions.isEmpty else { return "lesson complete: \(lesson.title)" }
        let records = questions.compactMap { progress.answers[$0.id] }
        let right = records.filter(\.correct)
        let retried = right.count { $0.retried == true }
        let skipped = records.count { $0.skipped && !$0.correct }
        let after = (retried == 0 ? "" : ", \(retried) after a retry") + (skipped == 0 ? "" : ", \(skipped) skipped")
        let counted = "\(right.count - retried) of \(questions.count) question\(questions.count == 1 ? "" : "s")"
        return "lesson complete: \(lesson.title) (\(counted) right at the first try\(after))"
    }
}

/// Why an auto run stopped.
public enum LessonFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// A lesson command failed.
    case commandFailed(LessonCommand, message: String)
    /// A check did not hold.
    case checkFailed(CheckFailure)
    /// A question's own right answer was not accepted.
    case answerRejected(Question, answer: String, reason: String)
    /// A numeric question's `answer:` names values the session cannot give.
    case answerUnreadable(Question, reason: String)
    /// A signal that asks the program to end (`SIGTERM`, `SIGHUP`) stopped `command` part
    /// way, or came before it began (`partWay` false); a do-it task's expected command is
    /// given at its `expect:` line.
    case ended(LessonCommand, signal: String, partWay: Bool)

    /// The message of a command that Ctrl-C stopped part way.
    static let stoppedByInterrupt = "stopped by Ctrl-C part way"

    /// `file:line: ...` with what failed; a do-it task's at its `expect:` line.
    public var description: String {
        switch self {
        case .commandFailed(let command, let message):
            "\(command.location.file):\(command.location.line): command failed: \(command.line)\n  \(message)"
        case .checkFailed(let failure):
            failure.description
        case .answerRejected(let question, let answer, let reason):
            "\((question.expectLocation ?? question.location).file):\((question.expectLocation ?? question.location).line): \(question.id): its own answer `\(answer)` was not accepted: \(reason)"
        case .answerUnreadable(let question, let reason):
            "\((question.answerLocation ?? question.location).file):\((question.answerLocation ?? question.location).line): \(question.id): its `answer:` cannot be read from the session: \(reason)"
        case .ended(let command, let signal, partWay: true):
            "\(command.location.file):\(command.location.line): command failed: \(command.line)\n  stopped by \(signal) part way"
        case .ended(let command, let signal, partWay: false):
            "\(command.location.file):\(command.location.line): command not run: \(command.line)\n  \(signal) came before it began"
        }
    }
}
