import Lessons

// The commands that move a running lesson. While a lesson runs, the session reads these
// words itself (see `LessonDesk.route`), so Enter, `n` and `a TEXT` work too; the specs
// give them help, completion, and a message when no lesson runs.

extension CommandSpec {
    /// `next`: carries on in the lesson.
    public static let next = lessonCommand(
        "next", aliases: ["n", "continue"], action: .next,
        summary: "carry on in the lesson (Enter too, if no question waits)",
        help: "Shows the rest of the step, then enters the next one. A question waiting for an answer is left unanswered (`where` lists it, `goto N` with its step comes back to it). After the last step the lesson is complete.")

    /// `restart`: the lesson from step 1, answers cleared.
    public static let restart = lessonCommand(
        "restart", action: .restart,
        summary: "begin the lesson again from step 1",
        help: "Begins the running lesson again from step 1 and clears its answers. When there are answers to lose, it says so first, and a second `restart` right after goes ahead; Enter then keeps them and moves nothing. A completed lesson stays marked completed in `lessons` while you take it again; leaving part way, `start` resumes the new run.")

    /// `leave`: ends the lesson and puts back the lab from before it.
    public static let leave = CommandSpec(
        name: "leave",
        topic: .lessons,
        summary: "end the lesson and get back the lab you had before it",
        help: "Ends the running lesson. Your progress stays saved, so `start ID` resumes at the same step. A lesson runs in a lab of its own, which starts empty. The models and input you had before `start` were set aside, and `leave` brings them back. The lesson's own models go, and resuming the lesson rebuilds them.",
        example: "leave",
        run: { invocation in invocation.session.lessonDesk.leave(session: invocation.session) }
    )

    /// `where`: the step and the state of the questions.
    public static let whereAmI = lessonCommand(
        "where", action: .whereAmI,
        summary: "say where you are in the lesson",
        help: "Shows the lesson, the step, every question with its state (✓, skipped, not yet right, unanswered) and which question waits for an answer.")

    /// `hint`: the next hint of the waiting question.
    public static let hint = lessonCommand(
        "hint", action: .hint,
        summary: "show the next hint for the waiting question",
        help: "Shows the next hint of the question waiting for an answer; `hint` again shows the one after. A wrong answer shows the next hint by itself.")

    /// `skip`: the answer, then on.
    public static let skip = lessonCommand(
        "skip", action: .skip,
        summary: "show the answer of the waiting question and carry on with the step",
        help: "Shows the answer of the question waiting for an answer, with its explanation, records it as skipped and carries on with the rest of the step; `next` then goes to the next step.")

    /// `goto N`: jumps to a step.
    public static let goto = CommandSpec(
        name: "goto",
        topic: .lessons,
        summary: "jump to step N of the lesson",
        help: "Jumps to step N of the running lesson. Jumping forward first replays the commands of the steps in between, quietly, so the lab holds the models they made. Jumping back empties the lab and replays the steps before N, so step N finds the lab it found the first time; `goto` to the step you are at thus sets up again a model you changed (a note names what you changed). A step the lesson does not have is an error that says which it has.",
        example: "goto 3",
        positionals: [PositionalSpec("step", summary: "the step number, from 1")],
        run: { invocation in
            let desk = invocation.session.lessonDesk
            guard desk.isActive else { return [.note(LessonDesk.noLessonRunning)] }
            let step = try desk.gotoStep(invocation.arguments.string("step") ?? "")
            return desk.perform(.goto(step), session: invocation.session)
        }
    )

    /// `answer TEXT`: answers the waiting question.
    public static let answer = CommandSpec(
        name: "answer",
        topic: .lessons,
        summary: "answer the waiting question",
        help: "Answers the question waiting for an answer: a letter (`b`), several letters (`a,c`), a number (`0.61`) or an option's text. While a multiple-choice or numeric question waits, typing the answer alone works too, unless it starts with the name of a lab command; `a TEXT` is short for `answer TEXT`, except that a list of letters such as `a c` or `a and d` answers with those options. A \"do it\" task is answered by running a lab command that does it.",
        example: "answer b",
        positionals: [PositionalSpec("text", summary: "the answer", isRepeating: true)],
        run: { invocation in
            let text = invocation.arguments.strings("text").joined(separator: " ")
            return invocation.session.lessonDesk.perform(.answer(text), session: invocation.session)
        }
    )

    /// A lesson command without arguments that performs `action`.
    private static func lessonCommand(
        _ name: String, aliases: [String] = [], action: LessonAction, summary: String, help: String
    ) -> CommandSpec {
        CommandSpec(
            name: name, aliases: aliases, topic: .lessons, summary: summary, help: help, example: name,
            run: { invocation in invocation.session.lessonDesk.perform(action, session: invocation.session) }
        )
    }
}
