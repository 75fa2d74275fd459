import Foundation
import Testing
import TestSupport

@Suite("rnnlab with piped input and scripts")
struct PipedTests {
    @Test func helpListsCommandsAndAnUnknownOneIsNamedWithASuggestion() throws {
        let result = try Run.rnnlab(input: "help\nnosuchcommand\nslep 1\nquit\n")
        for command in ["help", "version", "sleep", "quit"] {
            #expect(result.output.contains("\n  \(command) "), "help does not list \(command)")
        }
        #expect(result.errorOutput.contains("line 2: unknown command 'nosuchcommand'"))
        #expect(result.errorOutput.contains("line 3: unknown command 'slep' — did you mean 'sleep'?"))
        #expect(result.status != 0)
    }

    @Test func aCleanRunExitsWithZeroAndNoPrompt() throws {
        let result = try Run.rnnlab(input: "version\nquit\n")
        #expect(result.output == "rnnlab 0.1.0\n")
        #expect(result.errorOutput == "")
        #expect(result.status == 0)
    }

    @Test func quitStopsReadingTheRest() throws {
        let result = try Run.rnnlab(input: "quit\nversion\n")
        #expect(result.output == "")
        #expect(result.status == 0)
    }

    @Test func endOfInputWithoutQuitEndsCleanly() throws {
        let result = try Run.rnnlab(input: "version")
        #expect(result.output == "rnnlab 0.1.0\n")
        #expect(result.status == 0)
    }

    @Test func scriptErrorsAreNumberedOnStandardErrorAndTheRestRuns() throws {
        let folder = try TemporaryFolder()
        let script = folder.path + "/demo.rnnlab"
        try Transcript.load("script-errors.rnnlab").write(toFile: script, atomically: true, encoding: .utf8)
        let result = try Run.rnnlab(["--script", script])
        #expect(try result.errorOutput == Transcript.load("script-errors.stderr"))
        #expect(try result.output == Transcript.load("script-errors.stdout"))
        #expect(result.status == 1)
    }

    @Test func anOverlongLineIsCutAndTheNextLineStillRuns() throws {
        let input = String(repeating: "a", count: 3 << 20) + "\nversion\n"
        let result = try Run.rnnlab(input: input)
        #expect(result.errorOutput.hasPrefix("line 1: unknown command 'aaaa"))
        #expect(result.errorOutput.count < 200)
        #expect(result.output == "rnnlab 0.1.0\n")
    }

    @Test func missingScriptIsReported() throws {
        let result = try Run.rnnlab(["--script", "/nonexistent/demo.rnnlab"])
        #expect(result.errorOutput.contains("cannot read /nonexistent/demo.rnnlab"))
        #expect(result.status == 1)
    }

    @Test func aFolderOrADeviceIsNoScript() throws {
        let folder = try Run.rnnlab(["--script", "/tmp"])
        #expect(folder.status == 1)
        #expect(folder.errorOutput.contains("cannot read /tmp: it is a folder"), "\(folder.errorOutput)")
        let device = try Run.rnnlab(["--script", "/dev/zero"])
        #expect(device.status == 1, "/dev/zero would never end")
        #expect(device.errorOutput.contains("it is a device or socket"), "\(device.errorOutput)")
    }

    @Test func noEscapeSequencesWhenPiped() throws {
        let result = try Run.rnnlab(input: "help\nhelp sleep\nnosuch\n")
        #expect(!result.output.contains("\u{1B}"))
        #expect(!result.errorOutput.contains("\u{1B}"))
    }

    @Test func colorAlwaysColorsEvenWhenPiped() throws {
        let result = try Run.rnnlab(["--color", "always"], input: "nosuch\n")
        #expect(result.errorOutput.contains("\u{1B}[1;31mline 1:\u{1B}[0m"))
        let forcedOff = try Run.rnnlab(["--color", "always", "--no-color"], input: "nosuch\n")
        #expect(!forcedOff.errorOutput.contains("\u{1B}"))
    }

    @Test func versionFlagPrintsTheVersion() throws {
        let result = try Run.rnnlab(["--version"])
        #expect(result.output == "rnnlab 0.1.0\n")
        #expect(result.status == 0)
    }

    @Test func badColorValueIsAUsageError() throws {
        let result = try Run.rnnlab(["--color", "sometimes"])
        #expect(result.status != 0)
        #expect(result.errorOutput.contains("sometimes"))
    }
}

@Suite("control characters a file holds, in messages")
struct ControlCharacterMessageTests {
    /// A safetensors file whose one tensor is named with an escape sequence and a bell.
    static func checkpointWithEscapesInAKey(in folder: TemporaryFolder) throws -> String {
        let header = Array(#"{"\u001b[31mEVIL\u001b[0m\u0007":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#.utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian, Array.init)
        bytes += header + [0, 0, 0, 0]
        let path = folder.path + "/evil.safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func holdsControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
    }

    @Test func aScriptErrorQuotingATensorNameShowsItsEscapesAndPrintsNone() throws {
        let folder = try TemporaryFolder()
        let path = try Self.checkpointWithEscapesInAKey(in: folder)
        let result = try Run.rnnlab(input: "load \(path)\nquit\n", environment: ["XDG_STATE_HOME": folder.path])
        #expect(result.errorOutput.contains(#"\x1b[31mEVIL\x1b[0m\x07"#))
        #expect(!Self.holdsControlCharacter(result.errorOutput))
    }

    @Test func evalErrorQuotingATensorNameShowsItsEscapesAndPrintsNone() throws {
        let folder = try TemporaryFolder()
        let path = try Self.checkpointWithEscapesInAKey(in: folder)
        let casePath = folder.path + "/case.json"
        try #"{"x": [[1]]}"#.write(toFile: casePath, atomically: true, encoding: .utf8)
        let result = try Run.rnnlab(["eval", "--weights", path, "--case", casePath])
        #expect(result.errorOutput.contains(#"\x1b[31mEVIL\x1b[0m\x07"#))
        #expect(!Self.holdsControlCharacter(result.errorOutput))
        #expect(result.status == 1)
    }
}
