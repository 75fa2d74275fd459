/// Everything the learner has done, per lesson id: what `progress.json` holds.
public struct Progress: Codable, Sendable, Equatable {
    /// The file format's version (1).
    public var version: Int
    /// Progress per lesson id.
    public var lessons: [String: LessonProgress]

    /// Empty progress.
    public init(lessons: [String: LessonProgress] = [:]) {
        self.version = 1
        self.lessons = lessons
    }
}

/// One lesson's progress.
public struct LessonProgress: Codable, Sendable, Equatable {
    /// The step reached (1-based); a resumed lesson starts here.
    public var step: Int
    /// Whether the learner went past the last step, then or on an earlier run: a
    /// `restart` to practise keeps it, as the learner did finish the lesson.
    public var completed: Bool
    /// Whether a completed lesson is being taken again since a `restart`, not yet to its
    /// end: it resumes at `step` as an unfinished one does, and stays `completed`. Nil
    /// (left out of the file) otherwise, so files written before it read the same.
    public var again: Bool?
    /// Answers given, by question id (the last answer given to each).
    public var answers: [String: AnswerRecord]
    /// When the lesson was last visited, in seconds since 1970 (UTC).
    public var lastVisited: Int

    /// Progress at the first step, nothing answered.
    public init(step: Int = 1, completed: Bool = false, answers: [String: AnswerRecord] = [:], lastVisited: Int = 0) {
        self.step = step
        self.completed = completed
        self.answers = answers
        self.lastVisited = lastVisited
    }

    /// Whether the run under way is unfinished: a lesson never completed, or one taken
    /// again since a `restart`.
    public var isUnfinishedRun: Bool { !completed || again == true }
}

extension LessonProgress {
    enum CodingKeys: String, CodingKey {
        case step, completed, again, answers, lastVisited
    }

    /// Reads one lesson's progress; a number that is not a whole number an `Int` holds
    /// (`1e300`, `1.5`) is an error naming its field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        step = try container.decodeWholeNumber(forKey: .step)
        completed = try container.decode(Bool.self, forKey: .completed)
        again = try container.decodeIfPresent(Bool.self, forKey: .again)
        answers = try container.decode([String: AnswerRecord].self, forKey: .answers)
        lastVisited = try container.decodeWholeNumber(forKey: .lastVisited)
    }
}

extension KeyedDecodingContainer {
    /// Decodes an `Int`, turning the error JSONDecoder gives for a number out of range or
    /// with a fraction, which names no field, into one that names `key` and the number.
    func decodeWholeNumber(forKey key: Key) throws -> Int {
        do {
            return try decode(Int.self, forKey: key)
        } catch let error as DecodingError {
            throw error
        } catch {
            let number = (try? decode(Double.self, forKey: key)).map { "\($0)" } ?? "the number"
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "is \(number), not a whole number from \(Int.min) to \(Int.max)")
        }
    }
}

/// One answer the learner gave.
public struct AnswerRecord: Codable, Sendable, Equatable {
    /// What they typed (for a task: the command they ran; for a skip: empty).
    public var answer: String
    /// Whether it was right.
    public var correct: Bool
    /// Whether they skipped the question (the answer was shown to them).
    public var skipped: Bool
    /// Whether a right answer came after a wrong one: true then, nil (left out of the
    /// file) for one right at the first try, so files written before it read the same.
    public var retried: Bool?

    /// Creates a record.
    public init(answer: String, correct: Bool, skipped: Bool = false, retried: Bool = false) {
        self.answer = answer
        self.correct = correct
        self.skipped = skipped
        self.retried = retried ? true : nil
    }

    /// Answered right or skipped: the question no longer waits.
    public var isSettled: Bool { correct || skipped }
}
