/// What a quiz block with problems names for the lab to check: its `expect:` command and
/// its `answer:` value.
///
/// The block is left out of the lesson, but lint still checks these against the lab, so
/// one run reports every problem of the block (`match: sometimes` and `--unt` together).
struct UnusableQuiz: Sendable, Equatable {
    /// The `expect:` command, located where it starts on its line.
    var expected: LessonCommand?
    /// The `answer:` value, when it could be read.
    var answer: CheckExpression?
    /// Where the answer's value starts.
    var answerLocation: SourceLocation?
}
