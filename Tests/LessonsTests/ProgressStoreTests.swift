import Testing
@testable import Lessons

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Progress store")
struct ProgressStoreTests {
    static let sample = Progress(lessons: [
        "lstm": LessonProgress(step: 3, completed: false,
                               answers: ["q1": AnswerRecord(answer: "b", correct: true),
                                         "q2": AnswerRecord(answer: "", correct: false, skipped: true),
                                         "q3": AnswerRecord(answer: "0.5", correct: true, retried: true)],
                               lastVisited: 1_700_000_000),
        "gru": LessonProgress(step: 9, completed: true, answers: [:], lastVisited: 1_700_000_100),
    ])

    func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    @Test("a missing file is empty progress; save then load gives the same progress")
    func roundTrip() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = ProgressStore(directory: StateDirectory(path: folder.path + "/state/rnnlab"))
        let empty = try store.load()
        #expect(empty.progress == Progress() && empty.notice == nil)
        try store.save(Self.sample)
        let loaded = try store.load()
        #expect(loaded.progress == Self.sample)
        #expect(loaded.notice == nil)
    }

    @Test("a save replaces the file by rename: a new file, no temporary left, old content never truncated")
    func atomicReplace() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = ProgressStore(directory: StateDirectory(path: folder.path))
        try store.save(Self.sample)
        let before = try #require(inode(store.directory.progressFile))
        var changed = Self.sample
        changed.lessons["lstm"]?.step = 4
        try store.save(changed)
        let after = try #require(inode(store.directory.progressFile))
        #expect(before != after, "the file must be replaced by rename, not rewritten in place")
        #expect(folder.names() == ["progress.json"])
        #expect(try store.load().progress.lessons["lstm"]?.step == 4)
        let text = try #require(folder.read("progress.json"))
        #expect(text.hasSuffix("}\n") && text.contains("\"step\" : 4"))
    }

    @Test("a corrupt file is moved aside with a message and never overwritten", arguments: [
        "{ not json", "", "{\"version\": 7, \"lessons\": {}}", "\u{1}\u{2}garbage", "[1, 2]",
    ])
    func corruptKeptAside(content: String) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("progress.json", content)
        let store = ProgressStore(directory: StateDirectory(path: folder.path))
        let loaded = try store.load(now: 1_763_923_500)
        #expect(loaded.progress == Progress())
        let notice = try #require(loaded.notice)
        #expect(notice.contains("progress.json.corrupt-20251123T184500Z"))
        #expect(folder.names() == ["progress.json.corrupt-20251123T184500Z"])
        #expect(folder.read("progress.json.corrupt-20251123T184500Z") == content)
        try store.save(Self.sample)
        #expect(folder.names() == ["progress.json", "progress.json.corrupt-20251123T184500Z"])
        #expect(folder.read("progress.json.corrupt-20251123T184500Z") == content)
        // A second corrupt file at the same second does not replace the first one kept aside.
        folder.write("progress.json", "again broken")
        let again = try store.load(now: 1_763_923_500)
        #expect(again.notice?.contains("corrupt-20251123T184500Z-2") == true)
        #expect(folder.read("progress.json.corrupt-20251123T184500Z") == content)
    }

    @Test("lesson entries that cannot be read are left out, each named with its field; the others are kept and the file is kept aside")
    func unreadableEntriesLeftOut() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let content = """
            {"version": 1, "lessons": {
              "lstm": {"step": 3, "completed": false, "answers": {"q1": {"answer": "b", "correct": true, "skipped": false}}, "lastVisited": 1700000000},
              "rnn": {"step": 2, "completed": false, "answers": {}, "lastVisited": 1e300},
              "gru": {"step": 9, "completed": true, "answers": {}, "lastVisited": 1700000100},
              "bptt": {"step": "4", "completed": false, "answers": {}, "lastVisited": 1}
            }}
            """
        folder.write("progress.json", content)
        let store = ProgressStore(directory: StateDirectory(path: folder.path))
        let loaded = try store.load(now: 1_763_923_500)
        #expect(loaded.progress.lessons.keys.sorted() == ["gru", "lstm"])
        #expect(loaded.progress.lessons["lstm"] == LessonProgress(step: 3, answers: ["q1": AnswerRecord(answer: "b", correct: true)],
                                                                  lastVisited: 1_700_000_000))
        #expect(loaded.progress.lessons["gru"] == Self.sample.lessons["gru"])
        let notice = try #require(loaded.notice)
        #expect(notice.contains("bptt (step is not a whole number)"), "\(notice)")
        #expect(notice.contains("rnn (lastVisited is 1e+300, not a whole number from"), "\(notice)")
        #expect(notice.contains("every other lesson's is kept"), "\(notice)")
        #expect(notice.contains("progress.json.corrupt-20251123T184500Z"), "\(notice)")
        // The file as it was is kept aside; the one in its place holds the lessons that read,
        // so the next load has nothing to report.
        #expect(folder.names() == ["progress.json", "progress.json.corrupt-20251123T184500Z"])
        #expect(folder.read("progress.json.corrupt-20251123T184500Z") == content)
        let again = try store.load(now: 1_763_923_600)
        #expect(again.notice == nil)
        #expect(again.progress == loaded.progress)
    }

    @Test("why an entry is left out names the field inside it", arguments: [
        ("{\"step\": 1.5, \"completed\": false, \"answers\": {}, \"lastVisited\": 0}", "step is 1.5, not a whole number"),
        ("{\"step\": 1, \"completed\": false, \"answers\": {}}", "lastVisited is missing"),
        ("{\"step\": 1, \"completed\": null, \"answers\": {}, \"lastVisited\": 0}", "completed is not true or false"),
        ("{\"step\": 1, \"completed\": false, \"answers\": {\"q\": {\"answer\": \"a\", \"correct\": 1, \"skipped\": false}}, \"lastVisited\": 0}",
         "answers.q.correct is not true or false"),
        ("[1]", "the entry is not an object"),
    ])
    func droppedEntryReason(entry: String, reason: String) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("progress.json", "{\"version\": 1, \"lessons\": {\"lstm\": \(entry)}}")
        let loaded = try ProgressStore(directory: StateDirectory(path: folder.path)).load()
        #expect(loaded.progress == Progress())
        let notice = try #require(loaded.notice)
        #expect(notice.contains("lstm (\(reason)"), "\(notice)")
    }

    @Test("an unreadable progress path is an error, not a silent reset")
    func unreadable() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        mkdir(folder.path + "/progress.json", 0o700)
        defer { rmdir(folder.path + "/progress.json") }
        let store = ProgressStore(directory: StateDirectory(path: folder.path))
        let error = #expect(throws: ProgressStoreError.self) { try store.load() }
        #expect(error?.description.contains("it is a folder, not a file") == true, "\(String(describing: error))")
    }

    @Test("a progress path that is a named pipe is named as one, and reading it does not wait for a writer")
    func namedPipe() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        #expect(mkfifo(folder.path + "/progress.json", 0o600) == 0)
        let store = ProgressStore(directory: StateDirectory(path: folder.path))
        let error = #expect(throws: ProgressStoreError.self) { try store.load() }
        #expect(error?.description.contains("it is a named pipe, not a file") == true, "\(String(describing: error))")
    }

    @Test("update stamps the visit time; reset clears one lesson or all")
    func updateAndReset() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = ProgressStore(directory: StateDirectory(path: folder.path))
        try store.save(Self.sample)
        _ = try store.update(lesson: "rnn", to: LessonProgress(step: 2), now: 1_800_000_000)
        #expect(try store.load().progress.lessons["rnn"] == LessonProgress(step: 2, lastVisited: 1_800_000_000))
        _ = try store.reset("lstm")
        let afterOne = try store.load().progress
        #expect(afterOne.lessons["lstm"] == nil)
        #expect(afterOne.lessons["gru"] == Self.sample.lessons["gru"])
        _ = try store.reset()
        #expect(try store.load().progress == Progress())
    }

    @Test("the state folder follows XDG_STATE_HOME, else ~/.local/state")
    func stateFolder() {
        #expect(StateDirectory.fromEnvironment(["XDG_STATE_HOME": "/x/state", "HOME": "/h"]).progressFile == "/x/state/rnnlab/progress.json")
        #expect(StateDirectory.fromEnvironment(["XDG_STATE_HOME": "relative", "HOME": "/h"]).progressFile == "/h/.local/state/rnnlab/progress.json")
    }
}

@Suite("Progress store under kill -9")
struct ProgressStoreCrashTests {
    @Test("killing a process in the middle of saving leaves the previous or the next file, never a broken one")
    func killDuringSave() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = ProgressStore(directory: StateDirectory(path: folder.path))
        // A large answer list makes each write long enough to be interrupted part-way.
        var answers: [String: AnswerRecord] = [:]
        for index in 0..<2_000 { answers["q\(index)"] = AnswerRecord(answer: String(repeating: "b", count: 40), correct: true) }
        try store.save(Progress(lessons: ["x": LessonProgress(step: 1, answers: answers)]))
        var highest = 1
        // Eight rounds, each killing later than the last; more while no save has landed, as
        // a busy machine may start the writer late.
        for round in 0..<30 where round < 8 || highest == 1 {
            let child = fork()
            if child == 0 {
                var progress = Progress(lessons: ["x": LessonProgress(step: 1, answers: answers)])
                for step in 2..<1_000_000 {
                    progress.lessons["x"]?.step = step
                    try? store.save(progress)
                }
                _exit(0)
            }
            try #require(child > 0)
            usleep(useconds_t(30_000 + 15_000 * round))
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
            let loaded = try store.load()
            #expect(loaded.notice == nil, "round \(round): \(loaded.notice ?? "")")
            let step = try #require(loaded.progress.lessons["x"]?.step)
            #expect(loaded.progress.lessons["x"]?.answers.count == 2_000)
            highest = max(highest, step)
        }
        #expect(highest > 1, "the killed writers should have saved at least once")
        #expect(folder.names() == ["progress.json"], "no file kept aside, no abandoned temporary file left")
    }
}
