/// What a quiz block with problems names for the lab to check: the question as far as it
/// could be read, its `expect:` command and its `answer:` value.
///
/// The block is left out of the lesson, but lint still checks what it could read, so one
/// run reports every problem of the block (`match: sometimes` and `--unt` together, an
/// empty `hint:` and an option that is a bare number).
struct UnusableQuiz: Sendable, Equatable {
    /// The question as far as it could be read, when its one kind of answer was: options,
    /// an `answer:` with its tolerance, or an `expect:` command. Lint checks it as it checks
    /// the lesson's questions; nil when the kind is unclear (none given, or several).
    var draft: Question?
    /// The `expect:` command, located where it starts on its line.
    var expected: LessonCommand?
    /// The `answer:` value, when it could be read.
    var answer: CheckExpression?
    /// Where the answer's value starts.
    var answerLocation: SourceLocation?
}
