import Foundation
import Testing
import TestSupport

/// Real sessions of the lab's commands, piped into the built binary at 80 columns, compared
/// with the stored transcripts (`NAME.rnnlab` in, `NAME.stdout` and `NAME.stderr` out).
///
/// Each runs in a fresh folder holding a copy of the `lstm_small` fixture, so file
/// commands can use short relative paths. To accept a deliberate change of output, run
/// the script by hand the same way and replace the stored files.
@Suite("Command transcripts")
struct CommandTranscriptTests {
    /// Runs a stored script in a folder with the fixture and returns the result.
    static func run(_ name: String, columns: Int = 80) throws -> RunResult {
        let folder = try TemporaryFolder()
        for fixture in ["lstm_small.safetensors", "lstm_small.json"] {
            let source = try #require(Bundle.module.url(forResource: fixture, withExtension: nil, subdirectory: "Transcripts"))
            try FileManager.default.copyItem(atPath: source.path, toPath: folder.path + "/" + fixture)
        }
        let script = try Transcript.load(name + ".rnnlab")
        return try withExtendedLifetime(folder) {
            try Run.rnnlab(input: script, environment: ["COLUMNS": "\(columns)", "LANG": "C.UTF-8"], directory: folder.path)
        }
    }

    @Test(arguments: ["hello", "models", "inputs", "inspect", "gradients", "files", "errors", "regularization"])
    func transcriptMatches(name: String) throws {
        let result = try Self.run(name)
        #expect(result.output == (try Transcript.load(name + ".stdout")))
        #expect(result.errorOutput == (try Transcript.load(name + ".stderr")))
    }

    @Test func helloShowsGatesForFiveStepsSparklinesGradientNormsAndParameters() throws {
        let output = try Self.run("hello").output
        #expect(output.contains("\nstep  input "), "no header over the steps and what they read")
        for label in ["t=1   'h'", "t=2   'e'", "t=3   'l'", "t=4   'l'", "t=5   'o'"] {
            #expect(output.contains(label), "no row \(label)")
        }
        for unit in 0..<4 {
            #expect(output.contains("f[\(unit)]  "), "no sparkline for f[\(unit)]")
        }
        #expect(output.contains("‖dL/dh_t‖  ‖dL/dc_t‖"))
        #expect(output.contains("total                    160"))
    }

    @Test func aLoadedFixtureReproducesPyTorchsHiddenStates() throws {
        let url = try #require(Bundle.module.url(forResource: "lstm_small", withExtension: "json", subdirectory: "Transcripts"))
        let fixture = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let trace = try #require(fixture["trace"] as? [[String: Any]])
        let steps = try #require(trace.first?["steps"] as? [[String: Any]])
        let expected = try steps.map { try #require($0["h"] as? [Double]) }
        // Wide enough that the CSV lines are not cut.
        let folder = try TemporaryFolder()
        let source = try #require(Bundle.module.url(forResource: "lstm_small.safetensors", withExtension: nil, subdirectory: "Transcripts"))
        try FileManager.default.copyItem(atPath: source.path, toPath: folder.path + "/lstm_small.safetensors")
        let script = try Transcript.load("files.rnnlab").split(separator: "\n").prefix(5).joined(separator: "\n")
            + "\nshow h --format csv\n"
        let result = try Run.rnnlab(input: script, environment: ["COLUMNS": "1000"], directory: folder.path)
        // after the header `step,input,h[0],…` every row starts with its step number
        let rows = result.output.split(separator: "\n").filter { $0.first?.isNumber == true && $0.contains(",") }
        try #require(rows.count == expected.count, "\(result.output)\n\(result.errorOutput)")
        for (row, values) in zip(rows, expected) {
            let numbers = row.split(separator: ",").suffix(values.count).compactMap { Double($0) }
            #expect(numbers.count == values.count)
            for (got, want) in zip(numbers, values) {
                #expect(abs(got - want) <= 1e-12, "\(row)")
            }
        }
    }
}
