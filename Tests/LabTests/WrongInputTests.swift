import Foundation
import Lessons
import RNNEngine
import Testing
@testable import Lab

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Wrong input: one line, a suggestion, and the session goes on")
struct WrongInputTests {
    /// Runs `line`, expects a one-line error containing `parts`, and the state unchanged.
    func expectFailure(_ session: Session, _ line: String, mentions parts: [String]) {
        let before = StateSnapshot(session)
        let outcome = session.execute(line)
        guard let error = outcome.error else {
            Issue.record("`\(line)` did not fail")
            return
        }
        #expect(!error.message.contains("\n"), "`\(line)`: \(error.message)")
        for part in parts {
            #expect(error.message.contains(part), "`\(line)`: '\(error.message)' lacks '\(part)'")
        }
        #expect(StateSnapshot(session) == before, "`\(line)` changed the state")
        #expect(session.execute("show h").error == nil || session.state.input == nil)
    }

    @Test("a mask names its wrong entry, or how many entries it has for how many steps")
    func maskErrorsSayWhatIsWrong() throws {
        let session = try labSession(["model lstm --hidden 2 --seed 1", "feed --numbers 1 2 3"])
        expectFailure(session, "feed --numbers 1 2 3 4 --mask 1 1 0 2", mentions: ["entry 4 is '2'", "1 (a real step) or 0 (padding)"])
        expectFailure(session, "feed --numbers 1 2 3 4 --mask 1,1,0", mentions: ["3 entries for 4 steps", "e.g. 1,1,0,0"])
    }

    @Test("a number beyond what a Float64 holds is out of range, not 'not a number'")
    func hugeNumbersAreOutOfRange() throws {
        let session = try labSession(["model lstm --hidden 2 --seed 1", "feed --numbers 1 2 3"])
        expectFailure(session, "feed --numbers 1 1e400", mentions: ["'1e400' is out of range", "1.8e308"])
        expectFailure(session, "feed --numbers 1 1e-400", mentions: ["'1e-400' is too close to 0"])
        expectFailure(session, "feed --numbers 1 abc", mentions: ["'abc' is not a number"])
        expectFailure(session, "set radius 1e400", mentions: ["is out of range, got '1e400'"])
        expectFailure(session, "train adding 5 --lr 1e400", mentions: ["--lr", "is out of range, got '1e400'"])
    }

    @Test("--nonlinearity to model suggests --activation, and --activation to load suggests --nonlinearity")
    func nonlinearityAndActivationPointToEachOther() throws {
        let session = Session()
        #expect(session.execute("model rnn --nonlinearity relu").error?.message.contains("did you mean '--activation'?") == true)
        #expect(session.execute("load x.safetensors --activation relu").error?.message.contains("did you mean '--nonlinearity'?") == true)
    }

    @Test("show state is h in a GRU or RNN; a GRU's cell points to h, the one state it has")
    func stateAndCellInCellsWithOneState() throws {
        for kind in ["gru", "rnn"] {
            let session = try labSession(["model \(kind) --hidden 2 --seed 1", "feed \"ab\""])
            #expect(try session.values(of: reference(nil, "state")) == session.values(of: reference(nil, "h")))
            #expect(session.execute("show state").error == nil, "\(kind)")
            expectFailure(session, "show cell", mentions: ["has no cell state c", "its only state is h", "try `show h`"])
            expectFailure(session, "show dc", mentions: ["has no cell state c", "try `show dh`"])
        }
        let lstm = try labSession(["model lstm --hidden 2 --seed 1", "feed \"ab\""])
        expectFailure(lstm, "show state", mentions: ["h (the hidden state) or c (the cell state)"])
    }

    @Test func feedBeforeModelSaysHowToMakeOne() {
        let session = Session()
        let outcome = session.execute("feed \"hello\"")
        #expect(outcome.error?.message == "no model yet — make one with `model lstm --hidden 4`, or load a PyTorch checkpoint with `load FILE.safetensors`")
        #expect(session.state.input == nil)
    }

    @Test func unknownQuantitySuggestsAndLists() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        expectFailure(session, "show q", mentions: ["unknown quantity 'q'", "grad-norm", "x, h, c, i, f"])
        expectFailure(session, "show fo", mentions: ["did you mean 'f'"])
    }

    @Test func aGateOfAnotherCellNamesTheGatesThisOneHas() throws {
        let session = try labSession(["model gru --hidden 3", "feed \"hello\""])
        expectFailure(session, "show f", mentions: ["GRU", "r z n", "show z"])
    }

    @Test func aStepPastTheEndSaysTheRange() throws {
        let session = try labSession(["model lstm --hidden 4", "feed \"hello\""])
        expectFailure(session, "show h --step 99", mentions: ["1..5"])
        expectFailure(session, "show h --step 2..x", mentions: ["2..4"])
        expectFailure(session, "show h --unit 9", mentions: ["0..3"])
        expectFailure(session, "explain f --step 0", mentions: ["1..5"])
        expectFailure(session, "show h --step 3..2", mentions: ["runs backwards", "2..3"])
    }

    @Test func tinyAndHugeNumbersAreLabelledAsThemselves() throws {
        let session = try labSession(["model rnn --hidden 2", "feed --numbers 1e308 1e-320 0.000012345 0.41 -0.5"])
        #expect(session.state.input?.example.labels == ["1.00e+308", "1.00e-320", "1.23e-05", "0.41", "-0.50"])
    }

    @Test func optionsThatWouldDoNothingAreRefused() throws {
        let session = try labSession(["model rnn --hidden 2", "feed random 3"])
        expectFailure(session, "set radius 2 --layer 1", mentions: ["set radius applies to every layer", "W_hh[0,1]"])
        expectFailure(session, "set radius 2 --reverse", mentions: ["--layer and --reverse"])
        expectFailure(session, "show weights --step 2", mentions: ["leave out --step"])
        expectFailure(session, "show weights --unit 1 --as spark", mentions: ["leave out --unit and --as spark"])
        #expect(!session.execute("set radius 2 --layer 0").failed)
    }

    @Test func settingWhatIsAlreadySoChangesNothingAndSaysSo() throws {
        let session = try labSession(["model rnn --hidden 2", "feed random 3", "set layer-norm on"])
        let gains = session.state.currentModel?.network?.parameters
        let again = session.execute("set layer-norm on")
        #expect(again.text.contains("rnn already uses layer norm; nothing changed."), "\(again.text)")
        #expect(session.state.currentModel?.network?.parameters == gains)
        let eval = session.execute("compare --dropout 0 0.5 h")
        #expect(eval.text.contains("dropout acts in train mode only"), "\(eval.text)")
    }

    @Test("model --radius, compare --radius and set radius refuse the same values in the same words")
    func aSpectralRadiusIsCheckedAlikeEverywhere() throws {
        let session = try labSession(["model rnn --hidden 3 --input 2"])
        for value in ["0", "-1", "101", "x"] {
            let set = try #require(session.execute("set radius \(value)").error?.message)
            let made = try #require(session.execute("model rnn --input 2 --radius \(value)").error?.message)
            let compared = try #require(session.execute("compare --radius \(value) 1 h").error?.message)
            #expect(set.hasPrefix("set radius: the value "), "\(set)")
            #expect(made.hasPrefix("model: --radius "), "\(made)")
            #expect(compared.hasPrefix("compare: --radius "), "\(compared)")
            let fault = String(set.dropFirst("set radius: the value ".count))
            #expect(made.hasSuffix(fault) && compared.hasSuffix(fault), "\(set) | \(made) | \(compared)")
        }
        expectFailure(session, "model rnn --radius 0", mentions: ["greater than 0 and at most 100, got 0"])
        #expect(!session.execute("model rnn --input 2 --radius 0.5").failed)
    }

    @Test func showAllRefusesATableNoScreenCouldHold() throws {
        let session = try labSession(["model rnn --hidden 20", "feed random 5001"])
        expectFailure(session, "show h --all", mentions: ["at most 100000 numbers", "this is 100020 (5001 steps × 20 units)", "--format csv"])
        #expect(!session.execute("show h --all --step 1..5000").failed)
        #expect(!session.execute("show h --all --unit 3").failed)
        #expect(!session.execute("show h --all --format csv").failed)
    }

    @Test func compareWithASettingNamesItselfAndItsTwoValues() throws {
        let session = try labSession(["model lstm --hidden 2", "feed random 3"])
        expectFailure(session, "compare --activation tanh relu h", mentions: ["compare --activation: only an rnn"])
        expectFailure(session, "compare --radius 0.5 h", mentions: ["compare --radius takes two values", "compare --radius 0.5 VALUE QUANTITY"])
        #expect(!session.execute("compare --radius 0.5 1.5").failed)
        #expect(session.execute("compare --forget-bias 1 1.0 h").blocks.contains(.note("both sides have --forget-bias 1, so they are the same; give two different values")))
        #expect(!session.execute("compare --forget-bias 1 2 h").text.contains("are the same"))
    }

    @Test func aBadFileIsNamedWithItsProblem() throws {
        let folder = "/tmp/rnnlab-lab-tests-\(getpid())"
        mkdir(folder, 0o755)
        defer { _ = system("rm -rf '\(folder)'") }
        let path = folder + "/broken.safetensors"
        let file = fopen(path, "wb")
        fputs("not a safetensors file at all", file)
        fclose(file)
        let session = try labSession(["model lstm --hidden 4", "feed \"hello\""])
        expectFailure(session, "load \(path)", mentions: [path])
        expectFailure(session, "load \(folder)/missing.safetensors", mentions: ["missing.safetensors", "no such file"])
        expectFailure(session, "load /no/such/folder/x.safetensors", mentions: ["does not exist"])
    }

    @Test func aPipeOrADeviceIsRefusedBeforeTheLabWaitsOnIt() throws {
        let folder = "/tmp/rnnlab-pipes-\(getpid())"
        mkdir(folder, 0o755)
        defer { _ = system("rm -rf '\(folder)'") }
        let pipe = folder + "/text"
        #expect(mkfifo(pipe, 0o600) == 0)
        let session = try labSession(["model lstm --hidden 4"])
        // Each would block the lab (no writer) or read forever.
        expectFailure(session, "train charlm --file \(pipe) --steps 1", mentions: [pipe, "not a regular file"])
        expectFailure(session, "train charlm --file /dev/zero --steps 1", mentions: ["/dev/zero", "not a regular file"])
        expectFailure(session, "load \(pipe)", mentions: [pipe, "not a regular file"])
        mkfifo(folder + "/lesson.md", 0o600)
        #expect {
            _ = try LessonFolder.readLesson(folder + "/lesson.md", limit: 1 << 20)
        } throws: { error in
            "\(error)".contains("not a regular file")
        }
    }

    @Test func aWholeModelsCheckpointLoadsItsRecurrentModuleByName() throws {
        let folder = "/tmp/rnnlab-modules-\(getpid())"
        mkdir(folder, 0o755)
        defer { _ = system("rm -rf '\(folder)'") }
        let encoder = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, numLayers: 2, seed: 1)
        let decoder = try RecurrentNetwork(kind: .gru, inputSize: 4, hiddenSize: 2, seed: 2)
        func prefixed(_ network: RecurrentNetwork, _ prefix: String) -> [(String, Tensor)] {
            zip(network.parameters.names, network.parameters.tensors).map { (prefix + $0, $1) }
        }
        let embed = ("embed.weight", Tensor(zeros: [5, 3]))
        try SafeTensors.write(ParameterSet([embed] + prefixed(encoder, "encoder.") + prefixed(decoder, "decoder.")), to: folder + "/two.safetensors")
        try SafeTensors.write(ParameterSet([embed] + prefixed(encoder, "model.rnn.")), to: folder + "/one.safetensors")
        let session = try labSession([])
        expectFailure(session, "load \(folder)/two.safetensors", mentions: ["2 recurrent modules, encoder, decoder", "--module encoder"])
        expectFailure(session, "load \(folder)/two.safetensors --module head", mentions: ["no recurrent module head", "encoder, decoder"])
        expectFailure(session, "load \(folder)/two.safetensors --module \"\"",
                      mentions: ["two.safetensors holds no recurrent module at the top level, which an empty --module names; give a module's name (the recurrent modules are encoder, decoder: --module encoder)"])
        let picked = session.execute("load \(folder)/two.safetensors --module decoder")
        #expect(!picked.failed, "\(picked.blocksIncludingError)")
        #expect(session.state.currentModel?.name == "decoder")
        #expect(session.state.currentModel?.network == decoder)
        let only = session.execute("load \(folder)/one.safetensors")
        #expect(session.state.currentModel?.name == "one", "an LSTM under model.rnn. is named after its file, not as an rnn")
        #expect(session.state.currentModel?.network == encoder)
        // the embedding in front of the module is read with it, for `feed --tokens`
        #expect(only.blocks.contains { if case .note(let text) = $0 { text.hasPrefix("with its embedding (embed.weight, 5 × 3)") } else { false } },
                "\(only.blocks)")
        #expect(session.state.currentModel?.embedding?.weight.rows == 5)
    }

    @Test("feed refuses an input the current model cannot read, naming both widths and inputs it can read; nothing is fed")
    func feedOfAnotherWidthThanTheCurrentModelReads() throws {
        let folder = "/tmp/rnnlab-width-\(getpid())"
        mkdir(folder, 0o755)
        defer { _ = system("rm -rf '\(folder)'") }
        try SafeTensors.write(try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 1).parameters, to: folder + "/lstm.safetensors")
        let session = try labSession(["load \(folder)/lstm.safetensors"])
        expectFailure(session, "feed \"hello\"", mentions: ["lstm reads 3 numbers per step", "4 per step", "nothing was fed",
                                                          "`feed random 20`", "--numbers", "a CSV file with 3 columns"])
        #expect(session.state.input == nil)
        expectFailure(session, "feed --numbers 1 2 3", mentions: ["lstm reads 3 numbers per step", "1 per step"])
        #expect(!session.execute("feed --numbers \"1 2 3; 0 0 1\"").failed)

        // A model whose trained weights the lab keeps rather than re-create for the input: the same.
        let trained = try labSession(["model lstm --hidden 3 --name t", "train adding 6 --steps 2"])
        expectFailure(trained, "feed \"hello\"", mentions: ["t reads 2 numbers per step", "4 per step", "nothing was fed"])
    }

    @Test func feedReadsACSVFileAndNamesTheLineOfABadValue() throws {
        let folder = "/tmp/rnnlab-csv-\(getpid())"
        mkdir(folder, 0o755)
        defer { _ = system("rm -rf '\(folder)'") }
        func write(_ name: String, _ text: String) -> String {
            let path = folder + "/" + name
            let file = fopen(path, "wb")
            fputs(text, file)
            fclose(file)
            return path
        }
        let good = write("good.csv", "time, a, b\n# a comment\n0.1, 0.2, 0.3\n\n0.4,0.5,0.6\r\n0.7\t0.8\t0.9\n")
        let session = try labSession(["model lstm --hidden 2"])
        let fed = session.execute("feed --file \(good)")
        #expect(!fed.failed, "\(fed.blocksIncludingError)")
        #expect(session.state.input?.example.inputs == [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]])
        #expect(session.state.currentModel?.network?.inputSize == 3)
        expectFailure(session, "feed --file \(write("word.csv", "1,2\n3,x\n"))", mentions: ["word.csv line 2", "'x' is not a number"])
        expectFailure(session, "feed --file \(write("ragged.csv", "1,2\n\n3\n"))", mentions: ["ragged.csv line 3 has 1 number but", "line 1 has 2"])
        expectFailure(session, "feed --file \(write("typo.csv", "1,2x\n3,4\n"))", mentions: ["typo.csv line 1", "'2x' is not a number"])
        expectFailure(session, "feed --file \(write("inf.csv", "1,inf\n"))", mentions: ["line 1", "'inf' is not a number"])
        expectFailure(session, "feed --file \(write("hex.csv", "0x10,1\n"))", mentions: ["line 1", "'0x10' is not a number"])
        expectFailure(session, "feed --file \(write("names.csv", "a,b\n"))", mentions: ["has no rows of numbers"])
        // numbers separated by spaces, as NumPy's savetxt writes them, with a header line
        let spaced = session.execute("feed --file \(write("spaced.txt", "# x y\n0.5 -1\n  2   3e-1\n"))")
        #expect(!spaced.failed, "\(spaced.blocksIncludingError)")
        #expect(session.state.input?.example.inputs == [[0.5, -1], [2, 0.3]])
        expectFailure(session, "feed --file \(write("spacedword.txt", "1 2\n3 y\n"))", mentions: ["spacedword.txt line 2", "'y' is not a number"])
        expectFailure(session, "feed --file \(good) sine 3", mentions: ["leave out the other input"])
        expectFailure(session, "feed", mentions: ["give the input", "--file"])
    }

    @Test func filesOutsideTheAllowedRootsAreRefused() throws {
        let folder = "/tmp/rnnlab-roots-\(getpid())"
        mkdir(folder, 0o755)
        mkdir(folder + "/inside", 0o755)
        defer { _ = system("rm -rf '\(folder)'") }
        let session = try labSession(["model rnn --hidden 2", "feed random 3"])
        session.record.allowedFileRoots = [folder + "/inside"]
        expectFailure(session, "save \(folder)/outside.safetensors", mentions: ["outside the folders allowed"])
        expectFailure(session, "export \(folder)/inside/../escape.csv", mentions: ["outside the folders allowed"])
        expectFailure(session, "load /etc/passwd", mentions: ["outside the folders allowed"])
        #expect(session.execute("save \(folder)/inside/ok.safetensors").error == nil)
        #expect(session.execute("load \(folder)/inside/ok.safetensors --name copy").error == nil)
        #expect(try session.values(of: reference("copy", "h")) == session.values(of: reference("rnn", "h")))
    }

    @Test("export and save never overwrite the progress or history file, also through another path")
    func labFilesAreNotOverwritten() throws {
        let folder = "/tmp/rnnlab-labfiles-\(getpid())"
        mkdir(folder, 0o755)
        defer { _ = system("rm -rf '\(folder)'") }
        let state = StateDirectory(path: folder)
        let progress = #"{"version": 1}"#
        #expect(FileManager.default.createFile(atPath: state.progressFile, contents: Data(progress.utf8)))
        let session = try labSession(["model rnn --hidden 2", "feed random 3"])
        session.record.labFiles = state.labFiles
        expectFailure(session, "export \(folder)/progress.json", mentions: ["lab's own progress file", "another name"])
        expectFailure(session, "export \(folder)/../\(folder.split(separator: "/").last!)/./progress.json", mentions: ["progress file"])
        #expect(try String(contentsOfFile: state.progressFile, encoding: .utf8) == progress)
        #expect(session.execute("export \(folder)/trace.json").error == nil, "other files in the folder can be written")
    }

    @Test func otherMistakesKeepTheState() throws {
        let session = try labSession(["model lstm --hidden 4", "feed \"hello\""])
        expectFailure(session, "use nosuch", mentions: ["no model named 'nosuch'", "lstm"])
        expectFailure(session, "set W_hh[16,0] 1", mentions: ["0..15"])
        expectFailure(session, "set forget-bias x", mentions: ["number"])
        expectFailure(session, "dh", mentions: ["unknown command"])
        expectFailure(session, "show dh", mentions: ["run `grad` first"])
        expectFailure(session, "feed sine 0", mentions: ["from 2"])
        expectFailure(session, "feed adding 1", mentions: ["from 2"])
        expectFailure(session, "feed random 0", mentions: ["from 1"])
        expectFailure(session, "SHOW h", mentions: ["did you mean 'show'"])
        expectFailure(session, "sleep 0x10", mentions: ["SECONDS must be a number, got '0x10'"])
        expectFailure(session, "feed --numbers 1e-400 2", mentions: ["'1e-400' is too close to 0 to hold (it would be 0"])
        expectFailure(session, "set radius inf", mentions: ["must be a number, got 'inf'"])
        // 0 is outside the bounds: the message says which side of 0 is allowed, not "between 0 and 100"
        for line in ["set radius 0", "set norm 0", "set radius -1", "set norm 101"] {
            expectFailure(session, line, mentions: ["must be greater than 0 and at most 100, got"])
        }
        expectFailure(session, "compare --radius 0 1 h", mentions: ["compare: --radius must be greater than 0 and at most 100, got 0"])
        expectFailure(session, "feed --numbers \"1 2; 3\"", mentions: ["step 2"])
        expectFailure(session, "compare lstm", mentions: ["two models"])
        expectFailure(session, "model lstm --name 9lives", mentions: ["not valid"])
    }
}
