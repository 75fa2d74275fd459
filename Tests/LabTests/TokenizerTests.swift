import Testing
@testable import Lab

@Suite("Tokenizer")
struct TokenizerTests {
    private func words(_ line: String) throws -> [String] {
        try Tokenizer.tokenize(line).map(\.text)
    }

    @Test("a control character other than a tab is refused with its code and column")
    func controlCharacters() throws {
        #expect(throws: LabError("the line holds a control character (U+0007) at column 6; type it again without it")) {
            try Tokenizer.tokenize("show \u{7}h")
        }
        #expect(throws: LabError("the line holds a control character (U+001B) at column 7; type it again without it")) {
            try Tokenizer.tokenize("show h\u{1B}[A")
        }
        #expect(try Tokenizer.tokenize("show\th\r").map(\.text) == ["show", "h"])
        #expect(try Tokenizer.tokenize("feed \"a\\nb\"").map(\.text) == ["feed", "a\nb"])
    }

    @Test func splitsOnSpacesAndTabs() throws {
        #expect(try words("  show  gates\t--all ") == ["show", "gates", "--all"])
        #expect(try words("") == [])
    }

    @Test func doubleQuotesKeepSpacesAndResolveEscapes() throws {
        #expect(try words(#"feed "hello world""#) == ["feed", "hello world"])
        #expect(try words(#"feed "say \"hi\"\n\t\\""#) == ["feed", "say \"hi\"\n\t\\"])
    }

    @Test func singleQuotesOnlyEscapeQuoteAndBackslash() throws {
        #expect(try words(#"feed 'it\'s \n'"#) == ["feed", "it's \\n"])
    }

    @Test func quotedPartsJoinTheWordAroundThem() throws {
        #expect(try words(#"model --name="my model" x"#) == ["model", "--name=my model", "x"])
        #expect(try words(#"a\ b"#) == ["a b"])
    }

    @Test func quotedWordsAreMarkedAsQuoted() throws {
        let tokens = try Tokenizer.tokenize(#"feed "--all" --all"#)
        #expect(tokens.map(\.startsQuoted) == [false, true, false])
    }

    @Test func emptyQuotesAreAnEmptyWord() throws {
        #expect(try words(#"feed """#) == ["feed", ""])
    }

    @Test func unterminatedQuoteIsAnError() {
        #expect(throws: LabError.self) { try Tokenizer.tokenize(#"feed "hello"#) }
        do {
            _ = try Tokenizer.tokenize("feed 'oops")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("unterminated ' quote"))
        }
    }

    @Test func hashStartsACommentOnlyAtAWordStart() throws {
        #expect(try words("sleep 1 # wait") == ["sleep", "1"])
        #expect(try words("# only a comment") == [])
        #expect(try words("feed a#b") == ["feed", "a#b"])
        #expect(try words(##"feed "#x""##) == ["feed", "#x"])
    }

    @Test func negativeNumbersAreNumbersNotOptions() {
        #expect(Tokenizer.isNumber("-1"))
        #expect(Tokenizer.isNumber("-0.5"))
        #expect(Tokenizer.isNumber("1e-3"))
        #expect(!Tokenizer.isNumber("--all"))
        #expect(!isOptionLike("-1"))
        #expect(!isOptionLike("-.5"))
        #expect(isOptionLike("--steps"))
        #expect(isOptionLike("-x"))
        #expect(!isOptionLike("-"))
    }

    @Test func scanReportsThePartialWordAndOpenQuote() {
        let scan = Tokenizer.scan(#"feed "hel"#)
        #expect(scan.tokens.map(\.text) == ["feed"])
        #expect(scan.partial == Token("hel", startsQuoted: true))
        #expect(scan.openQuote == "\"")
        let trailing = Tokenizer.scan("help ")
        #expect(trailing.partial == nil)
        #expect(trailing.tokens.map(\.text) == ["help"])
    }
}
