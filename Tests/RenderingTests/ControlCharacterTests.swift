import Testing
@testable import Rendering

@Suite("Control characters escaped in text printed outside a block")
struct ControlCharacterTests {
    @Test func escapesEveryControlCharacterButNewlineAndTab() {
        #expect("a\u{1B}[2Jb".escapingControlCharacters == #"a\x1b[2Jb"#)
        #expect("bell\u{07} del\u{7F} c1\u{9B}".escapingControlCharacters == #"bell\x07 del\x7f c1\x9b"#)
        #expect("over\rwrite".escapingControlCharacters == #"over\rwrite"#)
        #expect("two\nlines\tand a tab".escapingControlCharacters == "two\nlines\tand a tab")
        #expect("héllo · 日本".escapingControlCharacters == "héllo · 日本")
    }
}
