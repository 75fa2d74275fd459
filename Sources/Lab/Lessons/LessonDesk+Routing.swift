import Lessons
import Rendering

extension LessonDesk {
    /// What leaving the lab during a lesson says, by `quit` or Ctrl-D.
    public var progressSavedNote: Block {
        .note("your progress is saved: `start \(runner?.lesson.id ?? "")` resumes here")
    }

    /// Whether `text` is a list of single letters, as a multiple-choice answer is typed
    /// (`a, b`, `b d`, `a and c`).
    static func isLetterList(_ text: String) -> Bool {
        let pieces = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).filter { $0.lowercased() != "and" }
        return !pieces.isEmpty && pieces.allSatisfy { $0.count == 1 && $0.first!.isASCII && $0.first!.isLetter }
    }

    /// Runs one line typed while a lesson runs.
    ///
    /// In this order:
    /// 1. a `# comment` does nothing, and a command with `--help` or `-h` shows its help
    ///    (`answer -h` too), which is no answer and no attempt at a task;
    /// 2. a list of the waiting multiple-choice question's letters (`a c`, `a and b`), or an
    ///    option's text, or its start ("a value in (0, 1)"), is its answer, though it starts
    ///    like the `a TEXT` short form of `answer TEXT`;
    /// 3. a blank line (Enter at the prompt) or a lesson command (`next`, `back`, `goto N`,
    ///    `restart`, `where`, `hint`, `skip`, `answer X`, see ``LessonAction``) moves the lesson,
    ///    except that a blank line while a question waits only says how to go on, and one
    ///    right after a `restart` that asked to be typed again says the answers are kept;
    /// 4. a line whose first word is no lab command, while a multiple-choice or numeric
    ///    question waits, is an answer (`b`, `0.61`, `forget`), unless it cannot be read as
    ///    one and starts with a near miss of a command (`shwo gates`), which is said so;
    /// 5. anything else runs as a lab command. When it succeeded and showed values (its
    ///    `record.facets`), the lesson is told, so a waiting "do it" task is judged by what
    ///    it showed, compared with what the task's expected command would have shown in
    ///    its place (tried on a copy of the lab as it was before); commands that show no
    ///    values (`help`) are never judged. A command that changed the lab the lesson built
    ///    (and did not do the waiting task) is told to the lesson too, so that a check that
    ///    fails later says so and the lesson names what changed before it shows more; what a
    ///    command that did the task changed counts as the lesson's own.
    public func route(_ line: String, in session: Session) -> CommandOutcome {
        let request = restartRequest
        restartRequest = .none
        let text = String(line.drop { $0 == " " || $0 == "\t" })
        if text.hasPrefix("#") { return CommandOutcome() }
        if let words = try? Tokenizer.tokenize(text), let command = words.first.flatMap({ session.table.command(named: $0.text) }),
           command.asksForHelp(Array(words.dropFirst())) {
            // `train --help`, `answer -h`: the command's help, which runs nothing, answers nothing
            // and is no attempt at a task
            return session.executeCommand(line)
        }
        if request == .asked, text.isEmpty {
            // Enter is no answer to "type `restart` again": it neither clears the answers
            // nor moves the lesson on behind the learner's back
            restartRequest = .keptByEnter
            let then = runner?.pendingQuestion == nil ? ", and Enter again carries on" : ""
            return CommandOutcome(blocks: [.note("Enter does not restart: your answers are kept; `restart` begins \(runner?.lesson.id ?? "") again from step 1\(then)")])
        }
        if let question = runner?.pendingQuestion, question.readsAsChoiceList(text) || question.readsAsOptionText(text) {
            // `a c`: options a and c; "a value in (0, 1): …": the option of that text
            return CommandOutcome(blocks: perform(.answer(text), session: session))
        }
        if let question = runner?.pendingQuestion, text.allSatisfy({ $0 == " " || $0 == "\t" }) {
            // a stray Enter does not cost the question; `next` leaves it unanswered on purpose
            let ways = question.taskCommand == nil ? "answer it" : "do it"
            return CommandOutcome(blocks: [.note("\(question.id) waits: \(ways), or `hint`, `skip`, or `next` to leave it for later")])
        }
        if case .goto(let step)? = LessonAction(line: text) {
            // a step the lesson does not have is an error, as `goto abc` is
            do { _ = try gotoStep(String(step)) } catch { return CommandOutcome(error: error) }
        }
        if let action = LessonAction(line: text) {
            // answers are not cleared by one word typed by mistake; a completed mark is never cleared
            if action == .restart, request == .none, let progress = runner?.progress, !progress.answers.isEmpty {
                restartRequest = .asked
                let answers = progress.answers.count == 1 ? "its answer" : "its \(progress.answers.count) answers"
                let kept = progress.completed ? " (it stays marked completed)" : ""
                return CommandOutcome(blocks: [.note("`restart` begins \(runner?.lesson.id ?? "") again from step 1 and clears \(answers)\(kept); type `restart` again to go ahead")])
            }
            return CommandOutcome(blocks: perform(action, session: session))
        }
        let firstWord = (try? Tokenizer.tokenize(text))?.first?.text
        let command = firstWord.flatMap { session.table.command(named: $0) }
        if command == nil, let question = runner?.pendingQuestion, runner?.takesTypedAnswers == true {
            // `shwo gates` is a mistyped command, not an answer, when it cannot be read as one
            if let firstWord, text.contains(" "), !question.readsAsAnswer(text),
               let meant = Suggestion.question(offering: Suggestion.nearestWords(to: firstWord.lowercased(), among: session.table.allNames)) {
                return CommandOutcome(blocks: [.note("unknown command '\(LabError.shortened(firstWord))' — \(meant) (\(question.id) still waits for an answer)")])
            }
            return CommandOutcome(blocks: perform(.answer(text), session: session))
        }
        if command == nil, let runner, runner.pendingQuestion == nil, !Question.readNumbers(text).isEmpty || Self.isLetterList(text) {
            // a number or letters (`a, b`) typed as an answer after the question was answered or skipped
            return CommandOutcome(blocks: [.note("no question is waiting for an answer now; `back` returns to the step before, `where` says where you are")])
        }
        let before = LabSnapshot(of: session)
        var outcome = session.executeCommand(line)
        guard let command, command.topic != .lessons, isActive else { return outcome }
        let waiting = runner?.pendingQuestion
        defer {
            // the learner's own change to the lab the lesson built, unless it did the waiting
            // task: the lesson's replay runs the task's command in its place
            let didTask = waiting.map { $0.taskCommand != nil && runner?.progress.answers[$0.id]?.correct == true } ?? false
            if didTask {
                learnerDidTask(line, before: before.state, after: session.state, table: session.table)
            } else if !before.state.holdsTheSame(as: session.state) {
                learnerChangedLab(with: line)
            }
        }
        if outcome.shouldQuit {
            outcome.blocks.append(progressSavedNote)
            return outcome
        }
        if outcome.error == nil, session.record.facets.isEmpty, let question = waiting,
           let expected = question.taskCommand, firstWord == (try? Tokenizer.tokenize(expected))?.first?.text {
            // the task's own command showed nothing to judge: a training stopped part way
            outcome.blocks.append(.note("\(question.id) still waits: that run did not go to its end, and only a whole run counts"))
            if let undone = undoTry(of: question, line: line, before: before, session: session) { outcome.blocks.append(undone) }
            return outcome
        }
        if outcome.error == nil, !session.record.facets.isEmpty {
            if let show = session.blockOutput {
                // the lesson prints its verdict at once, so what it judged goes first
                show(outcome.blocks)
                outcome.blocks = []
            }
            outcome.blocks += commandRan(line, outcome: outcome, before: before, session: session)
            if let question = waiting, let undone = undoTry(of: question, line: line, before: before, session: session) {
                outcome.blocks.append(undone)
            }
        }
        return outcome
    }

    /// Puts the lab back as it was before `line` when it was a try at the task `question`
    /// (its command, `train` for a training task) that left the task waiting but changed
    /// the lab: the task's run is judged from the lab as its step left it, so a `train` with
    /// another `--clip` must not leave its steps in the model the right run then trains on.
    /// Returns what it says, or nil when it did nothing.
    func undoTry(of question: Question, line: String, before: LabSnapshot, session: Session) -> Block? {
        func commandName(_ line: String) -> String? {
            (try? Tokenizer.tokenize(line))?.first.flatMap { session.table.command(named: $0.text)?.name }
        }
        guard let expected = question.taskCommand, runner?.pendingQuestion?.id == question.id,
              let name = commandName(line), name == commandName(expected),
              !before.state.holdsTheSame(as: session.state) else { return nil }
        before.restore(into: session)
        return .note("that try is undone (the lab is as it was before it), so that \(question.id)'s run starts from what this step made")
    }
}
