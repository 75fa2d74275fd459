import Rendering

extension CommandSpec {
    /// `progress [reset [ID]]`: shows or clears the learner's progress.
    public static let progress = CommandSpec(
        name: "progress",
        topic: .lessons,
        summary: "show your progress, or clear it (progress reset [ID])",
        help: "Shows, per lesson you began, the step reached, the questions answered right and your last visit. `progress reset ID` clears one lesson's progress; `progress reset` clears all of it. Progress is saved after every step in $XDG_STATE_HOME/rnnlab/progress.json (~/.local/state/rnnlab by default).",
        example: "progress reset tour",
        positionals: [
            PositionalSpec("action", kind: .choice(["reset"]), summary: "`reset` clears progress", isOptional: true),
            PositionalSpec("lesson", summary: "the lesson to clear (default: every lesson)", isOptional: true,
                           completion: .lessons),
        ],
        run: { invocation in
            let session = invocation.session
            let desk = session.lessonDesk
            guard invocation.arguments.string("action") == "reset" else {
                if let lesson = invocation.arguments.string("lesson") {
                    throw LabError("progress: unexpected argument '\(LabError.shortened(lesson))'; to clear it, type `progress reset \(LabError.shortened(lesson))`")
                }
                return desk.progressBlocks(session: session)
            }
            let id = invocation.arguments.string("lesson")
            if let id, desk.progress.lessons[id] == nil {
                let known = desk.progress.lessons.keys.sorted()
                throw LabError("progress: no progress for `\(LabError.shortened(id))`" + (known.isEmpty ? "" : "; there is progress for \(known.joined(separator: ", "))"))
            }
            let stopped = desk.runner.map { id == nil || $0.lesson.id == id } ?? false
            try desk.resetProgress(id, session: session)
            var blocks: [Block] = [.note(id.map { "progress in `\($0)` cleared" } ?? "all progress cleared")]
            if stopped { blocks.append(.note("the running lesson stopped; `start ID` begins it again")) }
            return blocks
        }
    )
}
