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
