import Foundation
import Testing

/// The expected inputs and outputs kept under Transcripts/.
enum Transcript {
    static func load(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Transcripts"),
                               "transcript \(name) is missing")
        return try String(contentsOf: url, encoding: .utf8)
    }
}
