import Lessons

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lab stand-in: records what the runner shows and runs, answers values from a table
/// and describes `show` results by what they show, not how they were typed.
final class FakeHost: LessonHost {
    var outputs: [LessonOutput] = []
    var ran: [(command: String, quietly: Bool)] = []
    var values: [String: [Double]] = [:]
    var failingCommands: Set<String> = []
    /// Commands that succeed without recording what they showed (as `train` does).
    var silentCommands: Set<String> = []
    /// Commands that Ctrl-C stops part way when the runner runs them.
    var stoppedCommands: Set<String> = []
    /// Commands while which a signal to end (`SIGTERM`) arrives: the signal each brings.
    /// The command runs to its end unless it is also among ``stoppedCommands``.
    var signalsDuring: [String: String] = [:]
    /// The signal that asked the program to end, once one did.
    var terminationSignal: String?
    let units = 3

    init(values: [String: [Double]] = [:]) {
        self.values = values
    }

    func show(_ output: LessonOutput) { outputs.append(output) }

    /// How many times the lab was emptied.
    var resets = 0

    func resetLab() {
        resets += 1
        lab = [:]
    }

    /// The lab's facts as `describeLab` tells them, by model and name.
    var lab: [LabDescription.Key: String] = [:]
    /// What commands do to ``lab`` when the runner runs them or a test types them: the
    /// facts they set (nil removes one).
    var effects: [String: [LabDescription.Key: String?]] = [:]
    /// What commands set up afresh, as `setUp(by:)` tells it.
    var setUps: [String: LabDescription.Scope] = [:]

    func describeLab() -> LabDescription {
        LabDescription(facts: lab.sorted { ($0.key.model ?? "", $0.key.name) < ($1.key.model ?? "", $1.key.name) }
            .map { LabDescription.Fact(model: $0.key.model, name: $0.key.name, value: $0.value, isFingerprint: $0.key.name == "weights",
                                       tellsWeightsOrigin: ["seed", "radius", "file"].contains($0.key.name)) })
    }

    func setUp(by command: String) -> LabDescription.Scope { setUps[command] ?? LabDescription.Scope() }

    /// The options of command lines, as `options(of:)` tells them; a line not here has none known.
    var commandOptions: [String: CommandOptions] = [:]

    func options(of command: String) -> CommandOptions? { commandOptions[command] }

    /// Does to ``lab`` what `command` does (see ``effects``).
    func apply(_ command: String) {
        for (key, value) in effects[command] ?? [:] { lab[key] = value }
    }

    func run(_ command: String, quietly: Bool) -> CommandOutcome {
        ran.append((command, quietly))
        apply(command)
        if let signal = signalsDuring[command], terminationSignal == nil { terminationSignal = signal }
        if stoppedCommands.contains(command) { return .stopped }
        return signature(of: command)
    }

    func signature(of command: String) -> CommandOutcome {
        if failingCommands.contains(command) { return .failed("unknown command `\(command)`") }
        if silentCommands.contains(command) { return .succeeded(ResultSignature([])) }
        let words = command.split(separator: " ").map(String.init)
        guard words.first == "show", words.count >= 2 else { return .succeeded(ResultSignature(["ran:" + command])) }
        var unitsShown = Array(0..<units)
        if let index = words.firstIndex(of: "--unit"), index + 1 < words.count, let unit = Int(words[index + 1]) {
            unitsShown = [unit]
        }
        return .succeeded(ResultSignature(Set(unitsShown.map { "\(words[1])/unit\($0)" })))
    }

    func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        guard let found = values[reference.description] else {
            throw ValueResolutionError("unknown value `\(reference)`")
        }
        return found
    }

    var texts: [String] {
        outputs.compactMap { if case .text(let text) = $0 { text } else { nil } }
    }

    var notices: [String] {
        outputs.compactMap { if case .notice(let text) = $0 { text } else { nil } }
    }

    var questionsShown: [String] {
        outputs.compactMap { if case .question(let view) = $0 { view.id } else { nil } }
    }

    var hints: [String] {
        outputs.compactMap { if case .hint(_, _, _, let text) = $0 { text } else { nil } }
    }
}

/// A resolver over a fixed table keyed by the reference's canonical spelling.
struct TableResolver: ValueResolver {
    var table: [String: [Double]]

    func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        guard let found = table[reference.description] else {
            throw ValueResolutionError("unknown value `\(reference)`")
        }
        return found
    }
}

/// A validator that knows a small slice of the lab's vocabulary.
struct StubValidator: CommandValidator {
    static let commands: [String: Set<String>] = [
        "model": ["--name", "--input", "--hidden", "--layers", "--bidirectional", "--activation", "--seed", "--radius", "--forget-bias", "--init"],
        "feed": ["--numbers", "--mask"],
        "show": ["--step", "--unit", "--layer", "--reverse", "--as", "--format"],
        "grad": ["--loss"], "params": [], "explain": ["--step", "--unit"], "compare": ["--activation"],
        "use": [], "step": [], "run": [], "gradcheck": [],
    ]
    static let quantities: Set<String> = ["params", "f", "i", "g", "o", "c", "h", "grad-norm", "loss"]

    func problem(in line: String) -> CommandProblem? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first else { return CommandProblem(message: "empty command", column: 1) }
        guard let options = Self.commands[String(first)] else {
            return CommandProblem(message: "unknown command `\(first)`", column: 1)
        }
        var column = 1
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if word.hasPrefix("--"), !options.contains(String(word)) {
                return CommandProblem(message: "`\(first)` has no option `\(word)`", column: column)
            }
            column += word.count + 1
        }
        return nil
    }

    func problem(in reference: ValueReference) -> String? {
        Self.quantities.contains(reference.name) ? nil : "unknown quantity `\(reference.name)`"
    }

    /// The sigmoid gates' [0, 1] and the tanh candidate's [−1, 1], as the lab's.
    func valueBounds(of reference: ValueReference) -> ClosedRange<Double>? {
        switch reference.name {
        case "f", "i", "o": 0...1
        case "g": -1...1
        default: nil
        }
    }
}

/// A fresh empty folder under /tmp, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() {
        var template = Array("/tmp/lessons-tests-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> UnsafeMutablePointer<CChar>? in
            guard let base = buffer.baseAddress else { return nil }
            return mkdtemp(base)
        }
        path = made.map { String(cString: $0) } ?? "/tmp/lessons-tests-fallback-\(getpid())"
        if made == nil { mkdir(path, 0o700) }
    }

    func write(_ name: String, bytes: [UInt8]) {
        guard let file = fopen(path + "/" + name, "w") else { return }
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        fclose(file)
    }

    func write(_ name: String, _ text: String) {
        let file = fopen(path + "/" + name, "w")
        if let file {
            fputs(text, file)
            fclose(file)
        }
    }

    func read(_ name: String) -> String? {
        guard let file = fopen(path + "/" + name, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        while true {
            let c = fgetc(file)
            if c == EOF { break }
            bytes.append(UInt8(truncatingIfNeeded: c))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func names() -> [String] {
        guard let directory = opendir(path) else { return [] }
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

    func remove() {
        Self.removeTree(path)
    }

    static func removeTree(_ path: String) {
        if LessonFolder.isDirectory(path) {
            for name in TemporaryFolder(existing: path).names() { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    init(existing path: String) {
        self.path = path
    }
}

/// The repository's `lessons/` folder, found from this file's path.
let lessonsFolder: String = {
    var parts = #filePath.split(separator: "/").map(String.init)
    parts.removeLast(3)  // Tests/LessonsTests/TestSupport.swift
    return "/" + parts.joined(separator: "/") + "/lessons"
}()

/// Parses `text` and requires success.
func parseLesson(_ text: String, file: String = "test.md") throws -> Lesson {
    try LessonParser().lesson(from: text, file: file)
}

/// A minimal valid front matter.
let frontMatter = """
---
id: sample
title: Sample
requires: []
minutes: 5
---

"""
