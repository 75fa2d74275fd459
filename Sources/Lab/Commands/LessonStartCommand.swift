import Lessons

extension CommandSpec {
    /// `start [ID]`: begins a lesson, or resumes it at the step reached before.
    public static let start = CommandSpec(
        name: "start",
        topic: .lessons,
        summary: "begin a lesson, or resume it where you left it",
        help: "Begins the lesson ID (its id, or its file name). If you reached a later step before, the lesson resumes there, after quietly replaying the earlier steps' commands so the lab holds the models they made; `restart` begins again from step 1. Without ID, resumes the lesson you visited last, or begins the first one you have not completed. While a lesson runs, Enter or `next` carries on, and every lab command still works. At a terminal, a lesson begun at step 1 shows its introduction and waits for Enter before the first step, which would otherwise scroll it away.",
        example: "start tour",
        positionals: [
            PositionalSpec("lesson", summary: "the lesson's id or file name", isOptional: true, completion: .lessons),
        ],
        run: { invocation in
            let session = invocation.session
            let desk = session.lessonDesk
            let (lessons, diagnostics) = desk.loadLessons(for: session)
            let lesson = try chooseLesson(invocation.arguments.string("lesson"), among: lessons,
                                          diagnostics: diagnostics, desk: desk, folder: session.lessonsDirectory)
            // lessons it builds on that are here and not completed (a missing one is lint's to report)
            let missing = lesson.requires.filter { id in desk.progress.lessons[id]?.completed != true && lessons.contains { $0.id == id } }
            return desk.start(lesson, session: session, missingRequirements: missing)
        }
    )
}

/// The lesson `start` means: the one named, else the last one visited and not finished
/// (never completed, or taken again since a `restart`), else the first not completed in
/// learning order.
private func chooseLesson(
    _ name: String?, among lessons: [Lesson], diagnostics: [Diagnostic], desk: LessonDesk, folder: String
) throws(LabError) -> Lesson {
    guard !lessons.isEmpty || name != nil else {
        throw LabError("no lessons found in \(folder): point the lab at a folder of lessons with `--lessons DIR` or RNNLAB_LESSONS")
    }
    if let name {
        if let lesson = LessonCatalog.find(name, in: lessons) { return lesson }
        if diagnostics.contains(where: { $0.location.file.hasSuffix("/" + name) || $0.location.file.hasSuffix("/" + name + ".md") }) {
            throw LabError("the lesson `\(name)` has problems and cannot start; `rnnlab lint \(folder)` lists them")
        }
        let ids = lessons.map(\.id)
        if let suggestion = Suggestion.nearest(to: name, among: ids) {
            throw LabError("no lesson `\(LabError.shortened(name))` — did you mean `\(suggestion)`? (`lessons` lists them)")
        }
        throw LabError("no lesson `\(LabError.shortened(name))` in \(folder); `lessons` lists them")
    }
    let progress = desk.progress.lessons
    let unfinished = lessons.filter { progress[$0.id]?.isUnfinishedRun ?? false }
    if let recent = unfinished.max(by: { (progress[$0.id]?.lastVisited ?? 0) < (progress[$1.id]?.lastVisited ?? 0) }) {
        return recent
    }
    if let next = LessonCatalog.learningOrder(lessons).first(where: { progress[$0.id]?.completed != true }) {
        return next
    }
    throw LabError("you completed every lesson; `start ID` takes one again")
}
