/// The lessons a learner can take, in learning order, with their progress marks.
public enum LessonCatalog {
    /// One line of the `lessons` list.
    public struct Entry: Sendable, Equatable {
        /// The lesson's id.
        public var id: String
        /// The lesson's title.
        public var title: String
        /// Estimated minutes, when given.
        public var minutes: Int?
        /// The lessons it requires.
        public var requires: [String]
        /// Required lessons not completed yet (the lab may suggest them first).
        public var missingRequirements: [String]
        /// Where the learner is.
        public var status: Status
        /// Questions answered right, and the lesson's number of questions.
        public var answeredRight: Int
        /// The lesson's number of questions.
        public var questionCount: Int

        /// The learner's standing in a lesson.
        public enum Status: Sendable, Equatable {
            /// Never started.
            case notStarted
            /// Started; `step` of `of` steps reached.
            case inProgress(step: Int, of: Int)
            /// Went past the last step.
            case completed
        }
    }

    /// Orders lessons so each comes after the lessons it requires; otherwise file order.
    /// Lessons that stand alone (requiring none and required by none, such as a tour of the
    /// lab) come after the others, and lessons caught in a cycle of `requires` come last,
    /// in file order.
    public static func learningOrder(_ lessons: [Lesson]) -> [Lesson] {
        var placed: Set<String> = []
        var ordered: [Lesson] = []
        let ids = Set(lessons.map(\.id))
        let required = Set(lessons.flatMap(\.requires))
        let standsAlone = { (lesson: Lesson) in !required.contains(lesson.id) && !lesson.requires.contains(where: ids.contains) }
        var remaining = lessons.count > 1 ? lessons.filter { !standsAlone($0) } + lessons.filter(standsAlone) : lessons
        while !remaining.isEmpty {
            guard let next = remaining.firstIndex(where: { lesson in
                lesson.requires.allSatisfy { placed.contains($0) || !ids.contains($0) }
            }) else { break }
            placed.insert(remaining[next].id)
            ordered.append(remaining.remove(at: next))
        }
        return ordered + remaining
    }

    /// The `lessons` list: every lesson in learning order with the learner's progress.
    public static func entries(_ lessons: [Lesson], progress: Progress) -> [Entry] {
        learningOrder(lessons).map { lesson in
            let record = progress.lessons[lesson.id]
            let status: Entry.Status
            if let record {
                status = record.completed ? .completed : .inProgress(step: min(max(record.step, 1), lesson.steps.count), of: lesson.steps.count)
            } else {
                status = .notStarted
            }
            let questions = lesson.questions
            let right = questions.filter { record?.answers[$0.id]?.correct == true }.count
            let missing = lesson.requires.filter { progress.lessons[$0]?.completed != true }
            return Entry(id: lesson.id, title: lesson.title, minutes: lesson.minutes, requires: lesson.requires,
                         missingRequirements: missing, status: status, answeredRight: right,
                         questionCount: questions.count)
        }
    }

    /// Finds a lesson by id, or by file path (as given, or its last path component).
    public static func find(_ idOrFile: String, in lessons: [Lesson]) -> Lesson? {
        if let byID = lessons.first(where: { $0.id == idOrFile }) { return byID }
        return lessons.first { lesson in
            lesson.file == idOrFile || lesson.file.split(separator: "/").last.map(String.init) == idOrFile
                || lesson.file.hasSuffix("/" + idOrFile)
        }
    }
}
