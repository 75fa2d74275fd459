import Foundation
import Testing
import TestSupport

@Suite("rnnlab lint and lesson run")
struct LessonToolTests {
    @Test func lintOnACleanFolderExitsWithZero() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini, "README.md": "# not a lesson\n```rnnlab\nnosuch\n```\n"], into: folder.path)
        let result = try Run.rnnlab(["lint", folder.path])
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output == "checked 1 lesson file: no problems\n")
    }

    @Test func lintOnABrokenLessonPrintsFileLineColumnAndExitsWithOne() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini, "broken.md": LessonFiles.broken], into: folder.path)
        let result = try Run.rnnlab(["lint", folder.path])
        #expect(result.status == 1)
        let file = folder.path + "/broken.md"
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(file):10:1: unknown command 'vershun'") }, "\(result.output)")
        #expect(lines.contains { $0.hasPrefix("\(file):11:9: 'sleep' takes no options") }, "\(result.output)")
        #expect(lines.contains { $0.hasPrefix("\(file):4:") && $0.contains("nowhere") })
        #expect(lines.contains { $0.hasPrefix("\(file):14:") && $0.contains("right") }, "quiz without a right answer: \(result.output)")
        #expect(lines.last?.hasPrefix("checked 2 lesson files: ") == true)
        #expect(!result.output.contains("mini.md:"))
    }

    @Test func lintNeverCrashesOnGarbage() throws {
        let folder = try TemporaryFolder()
        var generator = SystemRandomNumberGenerator()
        for index in 0..<30 {
            let bytes = (0..<Int.random(in: 0..<3000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let prefix = index % 2 == 0 ? Array("---\nid: g\(index)\ntitle: G\n---\n## S\n```quiz\n".utf8) : []
            _ = FileManager.default.createFile(atPath: folder.path + "/garbage\(index).md", contents: Data(prefix + bytes))
        }
        let result = try Run.rnnlab(["lint", folder.path])
        #expect(result.status == 1)
        #expect(result.output.hasSuffix("\n"))
        #expect(result.output.contains("checked 30 lesson files: "))
    }

    @Test func lintOfAFolderAndAFileInItReadsTheFileOnce() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: folder.path)
        let result = try Run.rnnlab(["lint", ".", "mini.md", "./mini.md"], directory: folder.path)
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output == "checked 1 lesson file: no problems\n")
    }

    @Test func lintWithoutPathsChecksTheLessonsFolderFromTheEnvironment() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["broken.md": LessonFiles.broken], into: folder.path)
        let result = try Run.rnnlab(["lint"], environment: ["RNNLAB_LESSONS": folder.path])
        #expect(result.status == 1)
        #expect(result.output.contains(folder.path + "/broken.md:10:1: "))
    }

    @Test func lintOfADraftKnowsTheLessonsOfTheLessonsFolder() throws {
        let lessons = try TemporaryFolder(), drafts = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: lessons.path)
        try LessonFiles.write(["draft.md": "---\nid: draft\ntitle: Draft\nrequires: [mini]\n---\n## S\ntext\n"], into: drafts.path)
        let draft = drafts.path + "/draft.md"
        let alone = try Run.rnnlab(["lint", draft], environment: ["RNNLAB_LESSONS": ""], directory: drafts.path)
        #expect(alone.status == 1)
        #expect(alone.output.contains("`requires` names `mini`, which is no lesson here"), "\(alone.output)")
        for (arguments, environment) in [
            (["--lessons", lessons.path, "lint", draft], [:]),
            (["lint", "--lessons", lessons.path, draft], [:]),
            (["lint", draft], ["RNNLAB_LESSONS": lessons.path]),
        ] {
            let result = try Run.rnnlab(arguments, environment: environment, directory: drafts.path)
            #expect(result.status == 0, "\(arguments) \(environment): \(result.output)\(result.errorOutput)")
            #expect(result.output == "checked 1 lesson file: no problems\n")
        }
    }

    @Test func aCheckFenceIndentedFourSpacesIsReportedAndTheLessonDoesNotPass() throws {
        let folder = try TemporaryFolder()
        let text = "---\nid: set-in\ntitle: Set in\n---\n## S\nA claim:\n\n    ```check\n    2 + 2 == 5\n    ```\n"
        try LessonFiles.write(["set-in.md": text], into: folder.path)
        let file = folder.path + "/set-in.md"
        let lint = try Run.rnnlab(["lint", file])
        #expect(lint.status == 1)
        #expect(lint.output.hasPrefix("\(file):8:5: this ```check fence is indented by 4 spaces, so it opens no block"), "\(lint.output)")
        let run = try Run.rnnlab(["lesson", "run", file, "--auto"])
        #expect(run.status == 1, "the claim would never run: \(run.errorOutput)")
        #expect(run.errorOutput.contains("\(file):8:5: this ```check fence"), "\(run.errorOutput)")
    }

    @Test func lessonRunOfALessonThatCannotRunReportsEveryProblemLintFinds() throws {
        let folder = try TemporaryFolder()
        let text = "---\nid: quiz\ntitle: Quiz\n---\n## S\n```quiz\nShow c.\nexpect: show c --unt 2\nmatch: sometimes\n```\n"
        try LessonFiles.write(["quiz.md": text], into: folder.path)
        let file = folder.path + "/quiz.md"
        for arguments in [[file], ["quiz", "--lessons", folder.path]] {
            let run = try Run.rnnlab(["lesson", "run"] + arguments + ["--auto"])
            #expect(run.status == 1)
            // the lab's own check of the `expect:` command too, not only the format's
            #expect(run.errorOutput == "\(file):8:16: `expect: show c --unt 2`: unknown option '--unt' for 'show' — did you mean '--unit'?\n"
                + "\(file):9:8: `match:` is `same` or `includes`, not `sometimes`\n", "\(run.errorOutput)")
        }
    }

    @Test func lintOfADraftReportsAnIDTheLessonsFolderUsesInAnotherFile() throws {
        let lessons = try TemporaryFolder(), drafts = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: lessons.path)
        try LessonFiles.write(["draft.md": "---\nid: mini\ntitle: Draft\n---\n## S\ntext\n"], into: drafts.path)
        try LessonFiles.write(["mini.md": "---\nid: mini\ntitle: Mini, rewritten\n---\n## S\ntext\n"], into: drafts.path)
        let clash = try Run.rnnlab(["lint", "--lessons", lessons.path, drafts.path + "/draft.md"])
        #expect(clash.status == 1)
        #expect(clash.output.hasPrefix("\(drafts.path)/draft.md:2:1: duplicate lesson id `mini`: \(lessons.path)/mini.md has it too"), "\(clash.output)")
        let replacement = try Run.rnnlab(["lint", "--lessons", lessons.path, drafts.path + "/mini.md"])
        #expect(replacement.status == 0, "\(replacement.output)")
    }

    @Test func aMissingLessonsFolderIsSaidOnceAndPlainly() throws {
        let missing = "/nonexistent-rnnlab-lessons"
        let lint = try Run.rnnlab(["lint", missing])
        #expect(lint.status == 1)
        #expect(lint.output.contains("\(missing):1:1: no such file or folder"), "\(lint.output)")
        let lab = try Run.rnnlab(["--lessons", missing], input: "lessons\n")
        #expect(lab.output.contains("no lessons found in \(missing)"), "\(lab.output)")
        #expect(!(lab.output + lab.errorOutput).contains("has problems"), "no warning about files that do not exist")
        let run = try Run.rnnlab(["lesson", "run", "tour", "--auto", "--lessons", missing])
        #expect(run.status == 1)
        #expect(run.errorOutput.contains("no lessons folder \(missing)"), "\(run.errorOutput)")
        let withoutAuto = try Run.rnnlab(["lesson", "run", "tour"])
        #expect(withoutAuto.status == 64)
        #expect(withoutAuto.errorOutput.contains("add --auto"))
        #expect(!withoutAuto.errorOutput.contains("Usage: rnnlab [--script"), "not the whole program's usage")
    }

    @Test func lessonRunAutoPassesAGoodLesson() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: folder.path)
        let byFile = try Run.rnnlab(["lesson", "run", folder.path + "/mini.md", "--auto"])
        #expect(byFile.status == 0, "\(byFile.errorOutput)")
        #expect(byFile.output.contains("Step 3/3 · Third step"))
        #expect(byFile.output.contains("rnnlab> version\nrnnlab 0.1.0\n"))
        #expect(byFile.output.contains("lesson complete: A small lesson (2 of 2 questions right at the first try)"))
        #expect(!byFile.output.contains("\u{1B}["), "no color")
        let byID = try Run.rnnlab(["lesson", "run", "mini", "--auto", "--lessons", folder.path])
        #expect(byID.status == 0, "\(byID.errorOutput)")
        #expect(byID.output == byFile.output)
    }

    @Test func lessonRunAutoCountsStepsAndQuestionsInWordsThatAgree() throws {
        let folder = try TemporaryFolder()
        let one = "---\nid: one\ntitle: One\n---\n## S\n```quiz\nWhich?\n* a\n- b\n```\n"
        try LessonFiles.write(["mini.md": LessonFiles.mini, "one.md": one], into: folder.path)
        let single = try Run.rnnlab(["lesson", "run", folder.path + "/one.md", "--auto"])
        #expect(single.status == 0, "\(single.errorOutput)")
        #expect(single.errorOutput == "\(folder.path)/one.md: passed (1 step, 1 question)\n")
        #expect(single.output.contains("lesson complete: One (1 of 1 question right at the first try)"), "\(single.output)")
        let several = try Run.rnnlab(["lesson", "run", folder.path + "/mini.md", "--auto"])
        #expect(several.errorOutput == "\(folder.path)/mini.md: passed (3 steps, 2 questions)\n")
    }

    @Test func lessonRunAutoFailsOnAFalseCheckWithFileAndLine() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["false.md": LessonFiles.falseClaim], into: folder.path)
        let file = folder.path + "/false.md"
        let result = try Run.rnnlab(["lesson", "run", file, "--auto"])
        #expect(result.status == 1)
        #expect(result.errorOutput.hasPrefix("\(file):15: check failed: 2 + 2 == 5\n"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("arithmetic is broken"))
        #expect(result.output.contains("rnnlab 0.1.0"), "the steps before the failure ran")
    }

    @Test func lessonRunAutoReportsEveryFailingCheckThenHowManyFailed() throws {
        let folder = try TemporaryFolder()
        let text = """
            ---
            id: wrong
            title: Wrong twice
            ---
            ## Make

            ```rnnlab
            model lstm --hidden 3
            feed "hello"
            ```

            ```check
            params == 1
            steps == 5
            ```

            ## Look

            ```check
            steps == 9
            message: hello has five characters
            ```
            """
        try LessonFiles.write(["wrong.md": text], into: folder.path)
        let file = folder.path + "/wrong.md"
        let result = try Run.rnnlab(["lesson", "run", file, "--auto"])
        #expect(result.status == 1)
        #expect(result.errorOutput == """
            \(file):13: check failed: params == 1
              params = 108
            \(file):20: check failed: steps == 9
              steps = 5
              hello has five characters
            \(file): 2 of 3 checks failed

            """, "\(result.errorOutput)")
        #expect(result.output.contains("Step 2/2 · Look"), "the run went on to the last step")
    }

    @Test func lessonRunNamesAnUnknownLesson() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: folder.path)
        let result = try Run.rnnlab(["lesson", "run", "nosuch", "--auto", "--lessons", folder.path])
        #expect(result.status == 1)
        #expect(result.errorOutput.contains("no lesson file or lesson id `nosuch`"))
        #expect(result.errorOutput.contains("its lessons are mini"))
        #expect(!result.errorOutput.contains("did you mean"), "nothing is like `nosuch`")
        let typo = try Run.rnnlab(["lesson", "run", "mnii", "--auto", "--lessons", folder.path])
        #expect(typo.status == 1)
        #expect(typo.errorOutput == "rnnlab: no lesson file or lesson id `mnii` in \(folder.path) — did you mean `mini`? (its lessons are mini)\n")
    }

    @Test func lessonRunSaysWhichLessonFilesWereLeftOutForProblems() throws {
        let folder = try TemporaryFolder()
        let broken = "---\nid: other-id\ntitle: Broken\n---\n## S\n```quiz\nWhich?\n- a\n- b\n```\n"
        try LessonFiles.write(["mini.md": LessonFiles.mini, "broken.md": broken], into: folder.path)
        let result = try Run.rnnlab(["lesson", "run", "other-id", "--auto", "--lessons", folder.path])
        #expect(result.status == 1)
        #expect(result.errorOutput == "rnnlab: no lesson file or lesson id `other-id` in \(folder.path); its lessons are mini; "
                + "the file broken.md is left out for problems that `rnnlab lint \(folder.path)` names\n", "\(result.errorOutput)")
    }

    @Test func theLabListsTheLessonsOfTheFolderItWasGiven() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: folder.path)
        let byOption = try Run.rnnlab(["--lessons", folder.path], input: "lessons\n")
        #expect(byOption.output.contains("mini"), "\(byOption.output)")
        #expect(byOption.output.contains("A small lesson"))
        let byVariable = try Run.rnnlab(input: "lessons\n", environment: ["RNNLAB_LESSONS": folder.path])
        #expect(byVariable.output == byOption.output)
    }

    @Test func pipedInputSkipsBlankLinesEvenWhileALessonRuns() throws {
        let folder = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: folder.path)
        let result = try Run.rnnlab(["--lessons", folder.path], input: "start mini\n\n\nwhere\nb\nnext\nwhere\n")
        #expect(result.output.contains("A small lesson: step 1 of 3, First step"), "\(result.output)")
        #expect(result.output.contains("A small lesson: step 2 of 3, Second step"))
        #expect(result.status == 0, "\(result.errorOutput)")
    }

    @Test func aCorruptProgressFileIsKeptAsideWithANoticeAtStartup() throws {
        let state = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: state.path + "/rnnlab", withIntermediateDirectories: true)
        try "{ broken".write(toFile: state.path + "/rnnlab/progress.json", atomically: true, encoding: .utf8)
        let result = try Run.rnnlab(input: "version\n", environment: ["XDG_STATE_HOME": state.path])
        #expect(result.errorOutput.contains("your progress file could not be read"), "\(result.errorOutput)")
        let names = try FileManager.default.contentsOfDirectory(atPath: state.path + "/rnnlab")
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
        let again = try Run.rnnlab(input: "version\n", environment: ["XDG_STATE_HOME": state.path])
        #expect(again.errorOutput == "", "the notice is shown once")
    }

    @Test func anUnreadableLessonEntryIsLeftOutAtStartupAndNamedWithItsControlCharactersEscaped() throws {
        let state = try TemporaryFolder()
        let lessons = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: lessons.path)
        try FileManager.default.createDirectory(atPath: state.path + "/rnnlab", withIntermediateDirectories: true)
        let content = """
            {"version": 1, "lessons": {
              "mini": {"step": 2, "completed": false, "answers": {}, "lastVisited": 1700000000},
              "x\\u001b[31m": {"step": 1, "completed": false, "answers": {}, "lastVisited": 1e300}
            }}
            """
        try content.write(toFile: state.path + "/rnnlab/progress.json", atomically: true, encoding: .utf8)
        let result = try Run.rnnlab(["--lessons", lessons.path], input: "lessons\n", environment: ["XDG_STATE_HOME": state.path])
        #expect(result.errorOutput.contains("x\\x1b[31m (lastVisited is 1e+300"), "\(result.errorOutput)")
        #expect(!result.errorOutput.contains("\u{1B}"))
        #expect(result.output.contains("2/3"), "the readable lesson keeps its step: \(result.output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: state.path + "/rnnlab")
        #expect(names.contains { $0.hasPrefix("progress.json.corrupt-") })
        let again = try Run.rnnlab(["--lessons", lessons.path], input: "lessons\n", environment: ["XDG_STATE_HOME": state.path])
        #expect(again.errorOutput == "", "the notice is shown once")
        #expect(again.output.contains("2/3"))
    }

    @Test func killingTheLabWhileItSavesNeverLeavesABrokenProgressFile() throws {
        let binary = try BuiltBinary.require()
        let lessons = try TemporaryFolder()
        try LessonFiles.write(["mini.md": LessonFiles.mini], into: lessons.path)
        let navigation = "start mini\n" + String(repeating: "goto 2\ngoto 3\nback\nrestart\n", count: 400)
        var filesSeen = 0
        // Each round kills later than the last, until eight rounds have killed it mid-work
        // after a save; a busy machine that starts the lab slowly only takes more rounds.
        for round in 0..<30 where filesSeen < 8 {
            let state = try TemporaryFolder()
            let input = state.path + "/input"
            try navigation.write(toFile: input, atomically: true, encoding: .utf8)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["--lessons", lessons.path]
            process.environment = ["XDG_STATE_HOME": state.path, "HOME": state.path, "TERM": "dumb"]
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: input))
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(30_000 + round * 25_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let file = state.path + "/rnnlab/progress.json"
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            filesSeen += 1
            #expect(!data.isEmpty, "round \(round): an empty progress file")
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            #expect((object?["lessons"] as? [String: Any])?["mini"] != nil, "round \(round): \(String(decoding: data, as: UTF8.self))")
        }
        #expect(filesSeen > 0, "the lab was killed before it saved anything, every time")
    }

    @Test(.timeLimit(.minutes(1)))
    func ctrlCStopsALessonRunAndItSaysWhereAndExitsWithOne() throws {
        // as `timeout -s INT` stops a lesson that runs too long in CI
        let stopped = try Self.napRun(stoppedBy: [SIGINT])
        #expect(stopped.reason == .exit && stopped.status == 1, "\(stopped.reason) \(stopped.status)")
        #expect(stopped.said.contains("\(stopped.file):10: command failed: sleep 30\n"), "\(stopped.said)")
        #expect(stopped.said.contains("the run stopped at step 1 of 2: its command `sleep 30` was stopped by Ctrl-C part way"), "\(stopped.said)")
    }

    @Test(.timeLimit(.minutes(1)), arguments: [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP")])
    func terminationStopsALessonRunAndItSaysWhereAndExitsWithOne(signal: Int32, name: String) throws {
        // as plain `timeout` (SIGTERM) stops a lesson that runs too long in CI, or a CI job
        // that goes away (SIGHUP)
        let stopped = try Self.napRun(stoppedBy: [signal])
        #expect(stopped.reason == .exit && stopped.status == 1, "\(stopped.reason) \(stopped.status)")
        #expect(stopped.said.contains("\(stopped.file):10: command failed: sleep 30\n  stopped by \(name) part way\n"), "\(stopped.said)")
        #expect(stopped.said.hasSuffix("\(stopped.file): the run stopped at step 1 of 2: its command `sleep 30` was stopped by \(name) part way, "
            + "so the steps after it are not run\n"), "\(stopped.said)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aHangupIgnoredUnderNohupStaysIgnored() throws {
        let stopped = try Self.napRun(stoppedBy: [SIGHUP, SIGTERM], through: "/usr/bin/nohup")
        #expect(stopped.reason == .exit && stopped.status == 1, "\(stopped.reason) \(stopped.status)")
        #expect(stopped.said.contains("was stopped by SIGTERM part way"), "\(stopped.said)")
    }

    @Test("Ctrl-C in a lesson of quick commands ends the run, though it most often comes between two of them or in one that does not look",
          .timeLimit(.minutes(1)))
    func ctrlCStopsALessonOfQuickCommands() throws {
        let binary = try BuiltBinary.require()
        let folder = try TemporaryFolder()
        let steps = (1...150).map { "## Step \($0)\n\n```rnnlab\nmodel rnn --name m\($0) --hidden 4 --input 1\nfeed random 5\nshow h\nparams\n```\n" }
        try LessonFiles.write(["quick.md": "---\nid: quick\ntitle: Quick\n---\n\n" + steps.joined(separator: "\n")], into: folder.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["lesson", "run", folder.path + "/quick.md", "--auto"]
        process.environment = ["XDG_STATE_HOME": folder.path, "HOME": folder.path, "TERM": "dumb"]
        let output = Pipe(), errors = Pipe()
        (process.standardOutput, process.standardError) = (output, errors)
        try process.run()
        var shown = Data()
        while String(decoding: shown, as: UTF8.self).components(separatedBy: "rnnlab> params").count < 4 {
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { break }
            shown += more
        }
        kill(process.processIdentifier, SIGINT)
        _ = output.fileHandleForReading.readDataToEndOfFile()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 1, "\(process.terminationStatus): \(said)")
        #expect(said.contains(": the run stopped at step "), "\(said)")
        #expect(said.contains("Ctrl-C"), "\(said)")
        #expect(!said.contains("passed"), "\(said)")
    }

    /// Runs a lesson whose first step sleeps 30 seconds with `lesson run --auto` (started
    /// by `launcher`, such as `nohup`, when given), sends `signals` once the sleep has
    /// begun, and returns how the run ended, what it wrote on standard error and the lesson
    /// file's path.
    static func napRun(stoppedBy signals: [Int32], through launcher: String? = nil) throws
        -> (reason: Process.TerminationReason, status: Int32, said: String, file: String) {
        let binary = try BuiltBinary.require()
        let folder = try TemporaryFolder()
        let nap = "---\nid: nap\ntitle: A long wait\n---\n\n## Wait\n\n```rnnlab\nmodel rnn --hidden 2 --seed 1\nsleep 30\n```\n\n"
            + "## After\n\n```check\nparams > 0\n```\n"
        try LessonFiles.write(["nap.md": nap], into: folder.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher ?? binary)
        process.arguments = (launcher == nil ? [] : [binary]) + ["lesson", "run", folder.path + "/nap.md", "--auto"]
        process.environment = ["XDG_STATE_HOME": folder.path, "HOME": folder.path, "TERM": "dumb"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // wait for the sleep to start, then send the signals
        var shown = Data()
        while !String(decoding: shown, as: UTF8.self).contains("rnnlab> sleep 30") {
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { break }
            shown += more
        }
        usleep(200_000)
        for signal in signals { kill(process.processIdentifier, signal) }
        _ = output.fileHandleForReading.readDataToEndOfFile()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationReason, process.terminationStatus, said, folder.path + "/nap.md")
    }
}
