#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import Lab
import Lessons
import Rendering

/// `facet WORD...`: shows nothing but records its words as the facets of what it showed,
/// as the lab's value commands do, so "do it" tasks can be judged by result.
let facetCommand = CommandSpec(
    name: "facet",
    topic: .inspecting,
    summary: "record facets",
    help: "Records its words as facets.",
    example: "facet c/unit2",
    positionals: [PositionalSpec("words", summary: "facets", isRepeating: true)],
    run: { invocation in
        invocation.session.record.facets = Set(invocation.arguments.strings("words"))
        return [.prose("facets " + invocation.arguments.strings("words").sorted().joined(separator: " "))]
    }
)

/// `roots`: shows the folders file commands may reach right now.
let rootsCommand = CommandSpec(
    name: "roots",
    topic: .lab,
    summary: "show the file roots",
    help: "Shows session.record.allowedFileRoots.",
    example: "roots",
    run: { invocation in
        let roots = invocation.session.record.allowedFileRoots
        return [.prose("roots: " + (roots.map { $0.joined(separator: " | ") } ?? "anywhere"))]
    }
)

/// `grow`: changes the session's state (adds a model name to the input source), to show
/// that judging a task does not keep what the expected command did.
let growCommand = CommandSpec(
    name: "grow",
    topic: .models,
    summary: "change the state",
    help: "Appends to the cursor.",
    example: "grow",
    run: { invocation in
        invocation.session.state.cursor += 1
        invocation.session.record.facets = ["cursor=\(invocation.session.state.cursor)"]
        return []
    }
)

/// Values a check or a numeric answer may name, without a model.
struct FixedValues: ValueResolver {
    var table: [String: [Double]] = ["loss": [0.25], "f": [0.2, 0.5, 0.9]]

    func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        guard let found = table[reference.description] else { throw ValueResolutionError("no value `\(reference)`") }
        return found
    }
}

/// A lesson that uses only commands this test target has.
let miniLesson = """
---
id: mini
title: A small lesson
requires: []
minutes: 3
---

# A small lesson

The introduction, with h_t.

## Choose

Prose of the first step, with **bold** and W_hh.

```rnnlab
version
sleep 0
```

```quiz
id: pick
Which fruit comes first in the dictionary?
- banana
* apple
- cherry
hint: it starts the alphabet
hint: it is apple
explain: apple comes before banana.
```

After the question.

## Numbers

```check
loss < 1
message: the loss is small
```

```quiz
id: loss.value
What is the loss?
answer: loss ± 0.01
hint: it is a quarter
```

## Do it

```quiz
id: task
Show the cell state of unit 2.
expect: facet c/unit2
hint: try `facet c/unit2`
```

## Files

```rnnlab
roots
```

That's all.
"""

/// A session in a scratch workspace with the mini lesson started; the workspace (and its
/// files) lasts as long as this does.
final class StartedMiniLesson {
    let workspace = LessonWorkspace()
    let session: Session

    init() {
        (session, _) = workspace.session()
        _ = session.execute("start mini")
    }
}

/// A scratch folder holding `lessons/` and `state/`, removed when released.
final class LessonWorkspace {
    let path: String
    var lessonsFolder: String { path + "/lessons" }
    var stateFolder: String { path + "/state" }
    var state: StateDirectory { StateDirectory(path: stateFolder + "/rnnlab") }

    init(lessons: [String: String] = ["mini.md": miniLesson]) {
        var template = Array("/tmp/rnnlab-labtests-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        path = made.map { String(cString: $0) } ?? "/tmp/rnnlab-labtests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        if made == nil { mkdir(path, 0o700) }
        mkdir(lessonsFolder, 0o700)
        mkdir(stateFolder, 0o700)
        for (name, text) in lessons { write(lessonsFolder + "/" + name, text) }
    }

    deinit { Self.removeTree(path) }

    func write(_ file: String, _ text: String) {
        write(file, bytes: Array(text.utf8))
    }

    func write(_ file: String, bytes: [UInt8]) {
        guard let handle = fopen(file, "w") else { return }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        fclose(handle)
    }

    func read(_ file: String) -> String? {
        guard let handle = fopen(file, "r") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = []
        while case let c = fgetc(handle), c != EOF { bytes.append(UInt8(truncatingIfNeeded: c)) }
        return String(decoding: bytes, as: UTF8.self)
    }

    func names(in folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var result: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { result.append(name) }
        }
        return result.sorted()
    }

    static func removeTree(_ path: String) {
        if LessonFolder.isDirectory(path) {
            let names = LessonWorkspace.namesOf(path)
            for name in names { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    private static func namesOf(_ folder: String) -> [String] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var result: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { result.append(name) }
        }
        return result
    }

    /// A session over this workspace's lessons and state, with the test commands and fixed values.
    func session() -> (Session, notice: String?) {
        let session = Session(commands: LabCommands.all + [facetCommand, rootsCommand, growCommand],
                              lessonsDirectory: lessonsFolder)
        session.lessonDesk.valueSource = FixedValues()
        let notice = session.lessonDesk.useStateDirectory(state)
        return (session, notice)
    }
}

/// The text of every block, one string per block, for searching.
func texts(_ blocks: [Block]) -> [String] {
    blocks.map { block in
        switch block {
        case .heading(let text), .prose(let text), .note(let text), .warning(let text), .error(let text),
             .preformatted(let text):
            text
        case .table(let table):
            ([table.title ?? ""] + table.rows.map { row in
                ([row.label] + row.cells.map { cell in
                    switch cell {
                    case .text(let text): text
                    case .number(let number): "\(number)"
                    case .integer(let number): "\(number)"
                    case .empty: ""
                    case .absent: "—"
                    }
                }).joined(separator: " ")
            }).joined(separator: "\n")
        default:
            ""
        }
    }
}

extension Lab.CommandOutcome {
    /// Every block's text joined, for `contains` checks.
    var text: String { texts(blocksIncludingError).joined(separator: "\n") }
}
