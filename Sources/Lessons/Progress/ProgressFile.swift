/// `progress.json` read lesson by lesson: the progress of every lesson whose entry reads,
/// and why each other entry does not.
///
/// One unreadable entry (a field of the wrong type, a number out of range) costs only
/// that lesson's progress, not every lesson's.
struct ProgressFile: Decodable {
    /// A lesson entry that could not be read.
    struct DroppedEntry: Equatable {
        /// The lesson's id (the entry's key).
        var lesson: String
        /// Which field was wrong and how: `lastVisited is 1e+300, not a whole number ...`.
        var reason: String
    }

    /// The file format's version.
    var version: Int
    /// The progress of every lesson whose entry reads.
    var progress: Progress
    /// The entries left out, by lesson id.
    var dropped: [DroppedEntry]

    private enum CodingKeys: String, CodingKey {
        case version, lessons
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        let entries = try container.decode([String: Entry].self, forKey: .lessons)
        progress = Progress()
        dropped = []
        for (lesson, entry) in entries.sorted(by: { $0.key < $1.key }) {
            switch entry.result {
            case .success(let lessonProgress): progress.lessons[lesson] = lessonProgress
            case .failure(let reason): dropped.append(DroppedEntry(lesson: lesson, reason: reason.text))
            }
        }
    }

    /// One lesson's entry, read or not.
    private struct Entry: Decodable {
        var result: Result<LessonProgress, Unreadable>

        init(from decoder: any Decoder) {
            do {
                result = .success(try LessonProgress(from: decoder))
            } catch {
                result = .failure(Unreadable(error, under: decoder.codingPath.count))
            }
        }
    }

    /// Why an entry did not read, in the learner's words.
    private struct Unreadable: Error {
        var text: String

        /// Describes `error`, naming the field by its path inside the entry (the first
        /// `depth` components of the coding path lead to the entry itself).
        init(_ error: any Error, under depth: Int) {
            guard let error = error as? DecodingError else {
                text = "it is not valid progress JSON"
                return
            }
            func field(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
                let path = (context.codingPath.dropFirst(depth) + (last.map { [$0] } ?? [])).map(\.stringValue)
                return path.isEmpty ? "the entry" : path.joined(separator: ".")
            }
            switch error {
            case .typeMismatch(let type, let context):
                text = "\(field(context)) is not \(Self.noun(type))"
            case .valueNotFound(_, let context):
                text = "\(field(context)) is null"
            case .keyNotFound(let key, let context):
                text = "\(field(context, key)) is missing"
            case .dataCorrupted(let context):
                text = "\(field(context)) \(context.debugDescription)"
            @unknown default:
                text = "it is not valid progress JSON"
            }
        }

        /// `a whole number` for `Int`, `true or false` for `Bool`, ...
        static func noun(_ type: Any.Type) -> String {
            switch type {
            case is Int.Type: "a whole number"
            case is Bool.Type: "true or false"
            case is String.Type: "text"
            default: "\(type)".hasPrefix("Dictionary") ? "an object" : "of the right type"
            }
        }
    }
}
