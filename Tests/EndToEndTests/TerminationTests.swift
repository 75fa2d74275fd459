import Foundation
import Testing
import TestSupport

/// SIGTERM and SIGHUP (`kill`, `timeout`, a terminal or CI job that goes away) end the lab
/// between commands, saying where, with 128 plus the signal's number as a shell reports a
/// program the signal ended; the running command stops as at Ctrl-C.
@Suite("rnnlab ended by SIGTERM or SIGHUP")
struct TerminationTests {
    @Test(.timeLimit(.minutes(1)))
    func aSignalWhileAPipeIsQuietEndsTheLabAtOnce() throws {
        // the pipe stays open and says nothing more: the read waiting on it must hear the signal
        let ended = try Self.lab(arguments: [], firstLines: "model rnn --hidden 2 --seed 1\n", waitingFor: "Made rnn", signal: SIGTERM)
        #expect(ended.status == 143, "\(ended.said)")
        #expect(ended.said == "rnnlab: SIGTERM: the lab ends after line 1; the lines after it were not run\n")
    }

    @Test(.timeLimit(.minutes(1)), arguments: [(SIGTERM, "SIGTERM", Int32(143)), (SIGHUP, "SIGHUP", Int32(129))])
    func aSignalStopsAScriptsCommandAndSaysAtWhichLine(signal: Int32, name: String, status: Int32) throws {
        let folder = try TemporaryFolder()
        let script = folder.path + "/nap.rnnlab"
        try "model rnn --hidden 2 --seed 1\nsleep 30\nfeed random 3\n".write(toFile: script, atomically: true, encoding: .utf8)
        let ended = try Self.lab(arguments: ["--script", script], waitingFor: "Made rnn", signal: signal)
        #expect(ended.status == status, "\(ended.said)")
        #expect(ended.said.hasSuffix("line 2: interrupted\nrnnlab: \(name): `sleep 30` (line 2) was stopped part way, and the lab ends; "
            + "the lines after it were not run\n"), "\(ended.said)")
        #expect(!ended.shown.contains("Fed 3 steps"), "the line after the stopped one ran: \(ended.shown)")
    }

    /// Starts `rnnlab` with `arguments` on a pipe it is given `firstLines` through and that
    /// stays open, sends `signal` once standard output shows `text` (and a fifth of a second
    /// more, for a command after it to begin), and returns the exit status, what standard
    /// error said, and what standard output showed.
    static func lab(arguments: [String], firstLines: String = "", waitingFor text: String, signal: Int32) throws
        -> (status: Int32, said: String, shown: String) {
        let binary = try BuiltBinary.require()
        let folder = try TemporaryFolder()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.environment = ["XDG_STATE_HOME": folder.path, "HOME": folder.path, "TERM": "dumb"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
        try process.run()
        input.fileHandleForWriting.write(Data(firstLines.utf8))
        var shown = Data()
        while !String(decoding: shown, as: UTF8.self).contains(text) {
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { break }
            shown += more
        }
        usleep(200_000)
        kill(process.processIdentifier, signal)
        // a lab that does not end fails the test rather than hang it
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        shown += output.fileHandleForReading.readDataToEndOfFile()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        // killed by the signal, it would have said nothing: an exit of its own is asked for
        #expect(process.terminationReason == .exit, "ended by the signal itself, not by the lab")
        return (process.terminationStatus, said, String(decoding: shown, as: UTF8.self))
    }
}
