import Rendering
import Testing

@Suite struct TerminalCapsTests {
    let utf8 = ["LANG": "en_US.UTF-8"]

    @Test func widthComesFromColumnsWhenValid() {
        let caps = TerminalCaps.detect(colorMode: .auto, asciiOnly: false,
                                       environment: ["COLUMNS": "60"], stdoutIsTerminal: false)
        #expect(caps.width == 60)
        for bad in ["", "abc", "-5", "0"] {
            let fallback = TerminalCaps.detect(colorMode: .auto, asciiOnly: false,
                                               environment: ["COLUMNS": bad], stdoutIsTerminal: false)
            #expect(fallback.width == 80, "COLUMNS=\(bad)")
        }
        #expect(TerminalCaps.detect(colorMode: .auto, asciiOnly: false, environment: ["COLUMNS": "5"],
                                    stdoutIsTerminal: false).width == 20)
        #expect(TerminalCaps.detect(colorMode: .auto, asciiOnly: false, environment: ["COLUMNS": "99999"],
                                    stdoutIsTerminal: false).width == 1000)
    }

    @Test func colorOnlyOnATerminalAndNotWhenRefused() {
        func color(_ mode: ColorMode, _ environment: [String: String], terminal: Bool) -> Bool {
            TerminalCaps.detect(colorMode: mode, asciiOnly: false, environment: environment,
                                stdoutIsTerminal: terminal).color
        }
        #expect(color(.auto, [:], terminal: true))
        #expect(!color(.auto, [:], terminal: false))
        #expect(!color(.auto, ["NO_COLOR": "1"], terminal: true))
        #expect(color(.auto, ["NO_COLOR": ""], terminal: true))
        #expect(!color(.auto, ["TERM": "dumb"], terminal: true))
        #expect(!color(.never, [:], terminal: true))
        #expect(color(.always, ["NO_COLOR": "1"], terminal: false))
    }

    @Test func unicodeFollowsTheLocaleAndTheAsciiFlag() {
        func unicode(_ environment: [String: String], ascii: Bool = false) -> Bool {
            TerminalCaps.detect(colorMode: .never, asciiOnly: ascii, environment: environment,
                                stdoutIsTerminal: false).unicode
        }
        #expect(unicode(utf8))
        #expect(!unicode(utf8, ascii: true))
        #expect(!unicode(["LANG": "C"]))
        #expect(unicode(["LANG": "C", "LC_CTYPE": "C.utf8"]))
        #expect(!unicode(["LC_ALL": "POSIX", "LANG": "en_US.UTF-8"]))
        #expect(unicode([:]), "no locale at all is taken as UTF-8")
    }
}
