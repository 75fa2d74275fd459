extension CommandSpec {
    /// `lessons`: the lessons, in learning order, with progress marks.
    public static let lessons = CommandSpec(
        name: "lessons",
        topic: .lessons,
        summary: "list the lessons with your progress",
        help: "Lists the lessons of the lessons folder in learning order (each after the lessons it requires): a mark for your progress (✓ completed, 3/9 the step reached), the title, the estimated minutes and the lessons it requires. `start ID` begins or resumes one. The folder is ./lessons unless `rnnlab --lessons DIR` or RNNLAB_LESSONS names another.",
        example: "lessons",
        run: { invocation in
            invocation.session.lessonDesk.catalogBlocks(session: invocation.session)
        }
    )
}
