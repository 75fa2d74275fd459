import Lessons
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

    @Test func feedBeforeModelSaysHowToMakeOne() {
        let session = Session()
        let outcome = session.execute("feed \"hello\"")
        #expect(outcome.error?.message == "no model yet — make one with `model lstm --hidden 4`")
        #expect(session.state.input == nil)
    }

    @Test func unknownQuantitySuggestsAndLists() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        expectFailure(session, "show x", mentions: ["unknown quantity 'x'", "grad-norm", "h, c, i, f"])
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

    @Test func otherMistakesKeepTheState() throws {
        let session = try labSession(["model lstm --hidden 4", "feed \"hello\""])
        expectFailure(session, "use nosuch", mentions: ["no model named 'nosuch'", "lstm"])
        expectFailure(session, "set W_hh[16,0] 1", mentions: ["0..15"])
        expectFailure(session, "set forget-bias x", mentions: ["number"])
        expectFailure(session, "dh", mentions: ["unknown command"])
        expectFailure(session, "show dh", mentions: ["run `grad` first"])
        expectFailure(session, "feed sine 0", mentions: ["from 1"])
        expectFailure(session, "feed --numbers \"1 2; 3\"", mentions: ["step 2"])
        expectFailure(session, "compare lstm", mentions: ["two models"])
        expectFailure(session, "model lstm --name 9lives", mentions: ["not valid"])
    }
}
