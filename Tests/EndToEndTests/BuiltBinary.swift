import Foundation
import Testing

/// Finds the `rnnlab` executable that `swift build` placed next to the test bundle.
enum BuiltBinary {
    /// The path of the built `rnnlab`, or nil when it cannot be found.
    static let path: String? = {
        var folders: [String] = []
        if let override = ProcessInfo.processInfo.environment["RNNLAB_BINARY"] {
            return FileManager.default.isExecutableFile(atPath: override) ? override : nil
        }
        let argumentZero = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        folders.append(argumentZero.deletingLastPathComponent().path)
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append(URL(fileURLWithPath: executable).deletingLastPathComponent().path)
        }
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        for folder in folders {
            // The test bundle may be a folder (`rnnlabPackageTests.xctest/...`); look up a level too.
            for candidate in [folder + "/rnnlab", folder + "/../rnnlab"]
            where FileManager.default.isExecutableFile(atPath: candidate) {
                return URL(fileURLWithPath: candidate).standardizedFileURL.path
            }
        }
        return nil
    }()

    /// The path, or a test failure that says where it was looked for.
    static func require() throws -> String {
        try #require(path, "the built rnnlab was not found next to the test bundle (\(CommandLine.arguments[0])); run `swift build` first or set RNNLAB_BINARY")
    }
}

/// What one run of `rnnlab` produced.
struct RunResult {
    var output: String
    var errorOutput: String
    var status: Int32
}

/// Runs the built `rnnlab` with arguments and standard input, without a terminal.
enum Run {
    /// Runs and waits at most `timeout` seconds (then kills it and fails).
    static func rnnlab(
        _ arguments: [String] = [],
        input: String = "",
        environment extra: [String: String] = [:],
        timeout: Double = 20
    ) throws -> RunResult {
        let binary = try BuiltBinary.require()
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment["COLUMNS"] = nil
        environment["XDG_STATE_HOME"] = folder.path
        environment["TERM"] = "xterm"
        for (name, value) in extra { environment[name] = value }
        process.environment = environment
        let inputFile = folder.path + "/stdin", outputFile = folder.path + "/stdout", errorFile = folder.path + "/stderr"
        try input.write(toFile: inputFile, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: outputFile, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputFile))
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputFile))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("rnnlab \(arguments) did not finish within \(timeout) s")
        }
        process.waitUntilExit()
        return RunResult(
            output: try String(contentsOfFile: outputFile, encoding: .utf8),
            errorOutput: try String(contentsOfFile: errorFile, encoding: .utf8),
            status: process.terminationStatus
        )
    }
}

/// A folder under the system's temporary folder, removed when released.
final class TemporaryFolder {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "rnnlab-test-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let created = try #require(made, "cannot create a temporary folder")
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
