import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Lab
import LineEditing

@Suite("Completion candidates")
struct CompletionTests {
    private func complete(_ line: String, session: Session = makeSession()) -> [String] {
        session.complete(line: line, cursor: line.count)
    }

    @Test func firstWordCompletesCommandNames() {
        #expect(complete("hel") == ["help"])
        #expect(complete("") == makeSession().table.names)
        #expect(complete("sl") == ["sleep"])
        #expect(complete("zz") == [])
    }

    @Test func explainCompletesWhatItCanWriteOut() throws {
        let session = try labSession(["model lstm --hidden 2", "feed random 2"])
        #expect(session.complete(line: "explain ", cursor: 8) == ["i", "f", "g", "o", "c", "h"])
        _ = session.execute("model gru --name g --hidden 2")
        #expect(session.complete(line: "explain ", cursor: 8) == ["r", "z", "n", "h"])
    }

    @Test("show completes the quantities spelled in words that it accepts, the current model's only")
    func showCompletesQuantitiesInWords() throws {
        let session = try labSession(["model lstm --hidden 2", "feed random 2", "grad"])
        #expect(session.complete(line: "show inp", cursor: 8) == ["input", "input-gate"])
        #expect(session.complete(line: "show forg", cursor: 9) == ["forget-gate"])
        let all = session.complete(line: "show ", cursor: 5)
        #expect(Set(all).isSuperset(of: ["x", "input", "f", "forget-gate", "input-gate", "output-gate", "cell", "candidate"]), "\(all)")
        #expect(!all.contains("z") && !all.contains("update-gate") && !all.contains("forget"), "one spelling each, of the LSTM's own: \(all)")
        for word in all { #expect(session.execute("show \(word)").error == nil, "show \(word): completed but refused") }
        _ = session.execute("model gru --name g --hidden 2")
        let gru = session.complete(line: "show ", cursor: 5)
        #expect(gru.contains("update-gate") && gru.contains("hidden") && !gru.contains("cell") && !gru.contains("forget-gate"), "\(gru)")
    }

    @Test func dashCompletesOptionsNotYetGiven() {
        #expect(complete("probe h --") == ["--as", "--scale", "--model", "--all", "--reverse"])
        #expect(complete("probe h --all --") == ["--as", "--scale", "--model", "--reverse"])
        #expect(complete("probe h --r") == ["--reverse"])
    }

    @Test func optionValuesCompleteFromChoices() {
        #expect(complete("probe h --as ") == ["table", "spark", "heat"])
        #expect(complete("probe h --as s") == ["spark"])
        #expect(complete("probe h --as=h") == ["--as=heat"])
    }

    @Test func dynamicSourcesAreReadFromTheSession() {
        let session = makeSession()
        session.quantityNames = ["h", "c", "forget"]
        session.modelNames = ["small", "big"]
        #expect(complete("probe f", session: session) == ["forget"])
        #expect(complete("probe h --model s", session: session) == ["small"])
        #expect(complete("pr ", session: session) == ["h", "c", "forget"])
    }

    @Test func aNewLabCompletesEveryQuantityBeforeThereIsAModel() {
        let session = Session()
        #expect(session.state.models.isEmpty)
        #expect(Set(session.quantityNames).isSuperset(of: ["h", "c", "f", "z", "grad-norm"]), "\(session.quantityNames)")
    }

    @Test func afterThePositionalsOnlyOptionsAreOffered() {
        #expect(complete("probe h 3 ") == ["--as", "--scale", "--model", "--all", "--reverse"])
    }

    @Test func optionValuesDoNotCountAsPositionals() {
        let session = makeSession()
        session.quantityNames = ["h", "c"]
        #expect(complete("probe --as heat ", session: session) == ["h", "c"])
    }

    @Test func helpCompletesCommandNames() {
        #expect(complete("help sl") == ["sleep"])
        #expect(complete("help q") == ["quit"])
    }

    @Test func unknownCommandsCompleteNothing() {
        #expect(complete("nosuch --") == [])
    }

    @Test func cursorInTheMiddleCompletesTheWordBeforeIt() {
        let session = makeSession()
        #expect(session.complete(line: "hel sleep", cursor: 3) == ["help"])
    }
}

@Suite("File completion")
struct FileCompletionTests {
    /// A session whose only command, `load FILE`, completes file names.
    private static func loaderSession() -> Session {
        let loader = CommandSpec(
            name: "load", topic: .models, summary: "load weights", help: "Loads weights.",
            example: "load model.safetensors",
            positionals: [PositionalSpec("file", kind: .file, summary: "the weights")],
            run: { _ in [] }
        )
        return Session(commands: [loader])
    }

    /// Makes a folder holding an empty `file` and a `subfolder`, runs `body` on its path,
    /// and removes it all.
    private static func withFolder(_ name: String, file: String, subfolder: String, _ body: (String) -> Void) {
        let folder = "/tmp/rnnlab-\(name)-\(getpid())"
        #expect(mkdir(folder, 0o700) == 0)
        #expect(mkdir(folder + "/" + subfolder, 0o700) == 0)
        let handle = fopen(folder + "/" + file, "w")
        #expect(handle != nil)
        if let handle { fclose(handle) }
        defer {
            unlink(folder + "/" + file)
            rmdir(folder + "/" + subfolder)
            rmdir(folder)
        }
        body(folder)
    }

    private func complete(_ line: String) -> [String] {
        Self.loaderSession().complete(line: line, cursor: line.count)
    }

    @Test func filesAndFoldersUnderTheTypedFolder() {
        Self.withFolder("completion", file: "model.safetensors", subfolder: "models") { folder in
            #expect(complete("load \(folder)/mod") == [folder + "/model.safetensors", folder + "/models/"])
            #expect(complete("load \(folder)/zzz") == [])
        }
    }

    @Test("inside an open quote, names with spaces complete quoted, a file closing the quote")
    func namesWithSpacesInsideQuotes() {
        Self.withFolder("quoted", file: "my \"best\" model.safetensors", subfolder: "my models") { folder in
            #expect(complete("load \"\(folder)/my ")
                == ["\"\(folder)/my \\\"best\\\" model.safetensors\"", "\"\(folder)/my models/"])
            #expect(complete("load '\(folder)/my m") == ["'\(folder)/my models/"])
            // Without a quote the space ends the word, as before.
            #expect(complete("load \(folder)/my m") == [])
            // Unquoted, a name with a space completes quoted, so that Enter reads it whole.
            #expect(complete("load \(folder)/my")
                == ["\"\(folder)/my \\\"best\\\" model.safetensors\"", "\"\(folder)/my models/"])
            let line = "load " + complete("load \(folder)/my")[0]
            #expect((try? Tokenizer.tokenize(line))?.map(\.text) == ["load", "\(folder)/my \"best\" model.safetensors"])
        }
    }
}

@Suite("The line editor's word and the lab's tokenizer")
struct CompletionWordTests {
    @Test("on any mix of quotes, escapes and spaces, the word Tab replaces reads as the word the lab completes")
    func wordsAgree() {
        let alphabet: [Character] = ["a", "b", " ", "\t", "\"", "'", "\\", "-", "é"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<5000 {
            var text = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<Int(state >> 59) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let word = CompletionStep.currentWord(text)
            #expect(text.hasSuffix(word))
            #expect(Tokenizer.scan(word).partial?.text == Tokenizer.scan(text).partial?.text,
                    "\(text.debugDescription): the editor's word \(word.debugDescription)")
        }
    }
}
