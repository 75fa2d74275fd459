import Testing
@testable import Lab
import Rendering

@Suite("Parsing against command specs")
struct ParsingTests {
    private func parse(_ line: String, _ command: CommandSpec = probeCommand) throws(LabError) -> ParsedArguments {
        try command.parse(Tokenizer.tokenize(line))
    }

    private func message(_ line: String, _ command: CommandSpec = probeCommand) -> String? {
        do {
            _ = try parse(line, command)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func bindsPositionalsAndOptionsBothSpellings() throws {
        let spaced = try parse("h 3 --as spark --all")
        #expect(spaced.string("quantity") == "h")
        #expect(spaced.int("count") == 3)
        #expect(spaced.string("as") == "spark")
        #expect(spaced.flag("all"))
        #expect(!spaced.flag("reverse"))
        let joined = try parse("--as=heat c")
        #expect(joined.string("as") == "heat")
        #expect(joined.string("quantity") == "c")
    }

    @Test func appliesDefaultsOnlyWhenAbsent() throws {
        #expect(try parse("h").string("as") == "table")
        #expect(try parse("h").string("scale") == nil)
    }

    @Test func negativeNumbersAreValues() throws {
        let parsed = try parse("h -1 --scale -0.5")
        #expect(parsed.int("count") == -1)
        #expect(parsed.double("scale") == -0.5)
        #expect(try parse("h --scale=-1").double("scale") == -1)
    }

    @Test func doubleDashEndsOptions() throws {
        #expect(try parse("-- --all").string("quantity") == "--all")
    }

    @Test func quotedOptionLookingWordIsAValue() throws {
        #expect(try parse(#""--all""#).string("quantity") == "--all")
    }

    @Test func repeatingPositionalTakesTheRest() throws {
        #expect(try parse("a -2 'b c'", echoCommand).strings("words") == ["a", "-2", "b c"])
    }

    @Test func reportsMissingAndExtraArguments() {
        #expect(message("") == "probe: missing QUANTITY (usage: probe QUANTITY [COUNT] [--as table|spark|heat] [--scale X] [--model TEXT] [--all] [--reverse])")
        #expect(message("h 3 4")?.hasPrefix("probe: unexpected argument '4'") == true)
    }

    @Test func reportsBadNumbersAndRanges() {
        #expect(message("h x") == "probe: COUNT must be a whole number, got 'x'")
        #expect(message("h 1.5") == "probe: COUNT must be a whole number, got '1.5'")
        #expect(message("h 101") == "probe: COUNT must be between -5 and 100, got 101")
        #expect(message("h --scale 2") == "probe: --scale must be between -1 and 1, got 2")
        #expect(message("h --scale nan") == "probe: --scale must be a number, got 'nan'")
    }

    @Test("a range's bounds are written in one format: both in powers of ten when one is too large or small to write out")
    func rangeBoundsShareAFormat() {
        #expect(ValueKind.number(1e-12...1e12).fault(in: "1e20") == "must be between 1e-12 and 1e+12, got 1e20")
        #expect(ValueKind.number(1e-9...1e-2).fault(in: "1") == "must be between 1e-09 and 1e-02, got 1")
        #expect(ValueKind.number(2.5e-7...3).fault(in: "4") == "must be between 2.5e-07 and 3.0e+00, got 4")
        #expect(ValueKind.number(-0.5...100).fault(in: "101") == "must be between -0.5 and 100, got 101")
        #expect(ValueKind.positiveNumber(atMost: 1e12).fault(in: "2e12") == "must be greater than 0 and at most 1e+12, got 2e12")
    }

    @Test func reportsBadChoicesWithASuggestion() {
        #expect(message("h --as sprak") == "probe: --as must be one of table, spark, heat, got 'sprak' — did you mean 'spark'?")
    }

    @Test func reportsUnknownOptionsWithASuggestion() {
        #expect(message("h --revers") == "unknown option '--revers' for 'probe' — did you mean '--reverse'?")
        #expect(message("h --zzzzzz")?.hasPrefix("unknown option '--zzzzzz' for 'probe' — its options are --as,") == true)
        #expect(message("h -x")?.hasPrefix("unknown option '-x'") == true)
    }

    @Test func reportsFlagMisuseAndMissingValues() {
        #expect(message("h --all=yes") == "probe: --all is a flag and takes no value")
        #expect(message("h --as") == "probe: --as needs a value (table|spark|heat)")
        #expect(message("h --as heat --as spark") == "probe: --as is given twice; give it once")
    }

    @Test func usageIsDerivedFromTheSpec() {
        #expect(CommandSpec.sleep.usage == "sleep SECONDS")
        #expect(echoCommand.usage == "echo WORDS...")
        #expect(CommandSpec.help.usage == "help [COMMAND]")
    }
}
