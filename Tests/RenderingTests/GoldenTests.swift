import Foundation
import Rendering
import Testing

/// Renders every sample at several widths and terminal kinds and compares with the files in
/// `Golden/`. Run with `RNNLAB_UPDATE_GOLDEN=1` to rewrite them (then review them by eye).
@Suite struct GoldenTests {
    /// One terminal kind: color and Unicode on or off.
    struct Mode: Sendable, CustomStringConvertible {
        var color: Bool
        var unicode: Bool
        var description: String { (unicode ? "unicode" : "ascii") + (color ? "-color" : "") }
    }

    static let modes = [Mode(color: false, unicode: true), Mode(color: false, unicode: false),
                        Mode(color: true, unicode: true), Mode(color: true, unicode: false)]
    static let widths = [40, 80, 120]
    static let names = Samples.all.map(\.name)

    @Test(arguments: names, widths)
    func matchesGolden(name: String, width: Int) throws {
        let blocks = try #require(Samples.all.first { $0.name == name }).blocks
        for mode in Self.modes {
            let caps = TerminalCaps(width: width, color: mode.color, unicode: mode.unicode)
            let rendered = Renderer(caps: caps).render(blocks.flatMap { [$0, .prose("")] })
            let file = "\(name)-\(width)-\(mode).txt"
            if ProcessInfo.processInfo.environment["RNNLAB_UPDATE_GOLDEN"] == "1" {
                let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .appendingPathComponent("Golden").appendingPathComponent(file)
                try rendered.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let url = try #require(Bundle.module.url(forResource: file, withExtension: nil, subdirectory: "Golden"),
                                   "missing golden file \(file); run with RNNLAB_UPDATE_GOLDEN=1")
            let expected = try String(contentsOf: url, encoding: .utf8)
            #expect(rendered == expected, "\(file) differs from its golden file")
        }
    }
}
