import Foundation
import Testing
import TestSupport

/// Runs the built `rnnlab` with arguments and standard input, without a terminal.
enum Run {
    /// Runs and waits at most `timeout` seconds (then kills it and fails).
    static func rnnlab(
        _ arguments: [String] = [],
        input: String = "",
        environment extra: [String: String] = [:],
        directory: String? = nil,
        timeout: Double = 20
    ) throws -> RunResult {
        let binary = try BuiltBinary.require()
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
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
