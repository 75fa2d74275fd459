import Testing
import Rendering

@Suite("Data blocks")
struct DataBlockTests {
    @Test func dataLinesAreNeverCutOrWrapped() {
        let line = "t=1,-0.019502382912441118,0.007869558013728932,-0.0538317642189341,-0.043671358950901906"
        let renderer = Renderer(caps: TerminalCaps(width: 30, color: false, unicode: true))
        #expect(renderer.render(.data(line + "\n" + line)) == line + "\n" + line + "\n")
        // The same text as preformatted is broken to the width, nothing lost.
        let broken = renderer.render(.preformatted(line)).split(separator: "\n")
        #expect(broken.count > 1 && broken.allSatisfy { $0.count <= 30 })
        #expect(broken.map { $0.drop { $0 == " " } }.joined() == line)
    }

    @Test func controlCharactersAreRemovedAndDataExportsNothing() {
        let renderer = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))
        #expect(renderer.render(.data("a\u{1B}[31mb")) == "a[31mb\n")
        #expect(exportCSV(.data("x,y")) == nil)
    }
}
