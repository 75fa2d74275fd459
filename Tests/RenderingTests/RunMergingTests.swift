@testable import Rendering
import Testing

@Suite struct RunMergingTests {
    @Test func neighboursPaintedAlikeShareOneEscape() {
        let renderer = Renderer(caps: TerminalCaps(width: 80, color: true, unicode: true))
        let cyan = "\u{1B}[36m", red = "\u{1B}[1m\u{1B}[31m", reset = "\u{1B}[0m"
        let merged = renderer.mergingRuns([cyan + "a" + reset, cyan + "b" + reset, " ", red + "c" + reset,
                                           cyan + "d" + reset])
        #expect(merged == cyan + "ab" + reset + " " + red + "c" + reset + cyan + "d" + reset)
    }
}
