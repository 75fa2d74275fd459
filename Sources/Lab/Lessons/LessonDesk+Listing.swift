#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lessons
import Rendering

extension LessonDesk {
    /// The `lessons` screen: every lesson in learning order with its progress mark,
    /// estimated minutes and the lessons it requires.
    public func catalogBlocks(session: Session) -> [Block] {
        let (lessons, diagnostics) = loadLessons(for: session)
        var blocks: [Block] = []
        if lessons.isEmpty {
            blocks.append(.note("no lessons found in \(session.lessonsDirectory): point the lab at a folder of lessons with `--lessons DIR` or RNNLAB_LESSONS"))
        } else {
            let entries = LessonCatalog.entries(lessons, progress: progress)
            let rows = entries.map { entry in
                Table.Row(entry.id, cells: [
                    .text(Self.mark(entry.status)),
                    .text(entry.title),
                    entry.minutes.map { .number(Double($0)) } ?? .empty,
                    .text(entry.requires.map { entry.missingRequirements.contains($0) ? $0 + "*" : $0 }
                        .joined(separator: ", ")),
                ])
            }
            let table = Table(
                title: "Lessons in \(session.lessonsDirectory)", rowHeader: "lesson",
                // on a narrow screen the titles are cut and the requirements left out (`start`
                // names those not completed), rather than split into pages of columns
                columns: [Table.Column("done"), Table.Column("title", fit: .shrink(minimum: 24)), Table.Column("min"),
                          Table.Column("requires (* to do)", fit: .omit)],
                rows: rows, showAll: true, rowNoun: "lessons")
            blocks.append(.table(table))
            let legend = "✓ completed, 3/9 the step reached; `start ID` begins or resumes a lesson and names any it builds on that is not completed"
            blocks.append(.note(legend))
        }
        if !diagnostics.isEmpty {
            let files = Set(diagnostics.map(\.location.file)).count
            blocks.append(.warning("\(files) lesson file\(files == 1 ? " has" : "s have") problems and \(files == 1 ? "is" : "are") left out; `rnnlab lint \(session.lessonsDirectory)` lists them"))
        }
        return blocks
    }

    /// The `progress` screen: per lesson the step reached, answers and last visit.
    public func progressBlocks(session: Session) -> [Block] {
        let lessons = loadLessons(for: session).lessons
        let entries = LessonCatalog.entries(lessons, progress: progress)
        var rows = entries.filter { $0.status != .notStarted }.map { entry in
            // a completed lesson taken again since a `restart` stays completed; where the new run is
            let record = progress.lessons[entry.id]
            let again = record?.again == true && entry.status == .completed
                ? ", again at step \(record?.step ?? 1)" : ""
            return Table.Row(entry.id, cells: [
                .text(Self.status(entry.status) + again),
                .text("\(entry.answeredRight)/\(entry.questionCount)"),
                .text(Self.date(progress.lessons[entry.id]?.lastVisited ?? 0)),
            ])
        }
        let known = Set(lessons.map(\.id))
        for (id, record) in progress.lessons.sorted(by: { $0.key < $1.key }) where !known.contains(id) {
            rows.append(Table.Row(id, cells: [
                .text(record.completed ? "completed" : "step \(record.step) (lesson not found)"),
                .text("\(record.answers.values.filter(\.correct).count) right"),
                .text(Self.date(record.lastVisited)),
            ]))
        }
        guard !rows.isEmpty else {
            return [.note("no progress yet: `lessons` lists the lessons, `start ID` begins one")]
        }
        let table = Table(
            title: "Your progress", rowHeader: "lesson",
            columns: [Table.Column("status"), Table.Column("right"), Table.Column("last visit")],
            rows: rows, showAll: true, rowNoun: "lessons")
        var blocks: [Block] = [.table(table)]
        if let store {
            blocks.append(.note("saved in \(store.directory.progressFile); `progress reset [ID]` clears it"))
        } else {
            blocks.append(.note("kept in memory only: it is not saved in this session; `progress reset [ID]` clears it"))
        }
        return blocks
    }

    static func mark(_ status: LessonCatalog.Entry.Status) -> String {
        switch status {
        case .notStarted: ""
        case .inProgress(let step, let count): "\(step)/\(count)"
        case .completed: "✓"
        }
    }

    static func status(_ status: LessonCatalog.Entry.Status) -> String {
        switch status {
        case .notStarted: "not started"
        case .inProgress(let step, let count): "step \(step) of \(count)"
        case .completed: "completed"
        }
    }

    /// `2026-11-23 19:40 UTC`, or `-` for no time.
    static func date(_ seconds: Int) -> String {
        guard seconds > 0 else { return "-" }
        var value = time_t(seconds)
        var parts = tm()
        gmtime_r(&value, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)) UTC"
    }
}
