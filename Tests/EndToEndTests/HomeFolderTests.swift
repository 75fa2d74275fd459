import Foundation
import Testing
import TestSupport
import RNNEngine

/// A path the lab reads or writes may start with `~` or `$HOME`, as in a shell.
@Suite("paths in the home folder")
struct HomeFolderTests {
    @Test func tildeAndHomeAtTheStartOfAPathNameTheHomeFolder() throws {
        let home = try TemporaryFolder()
        let elsewhere = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: home.path + "/x", withIntermediateDirectories: true)
        try SafeTensors.write(try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, seed: 1).parameters,
                              to: home.path + "/x/lstm.safetensors")
        try "1,2,3\n0,0,1\n".write(toFile: home.path + "/steps.csv", atomically: true, encoding: .utf8)
        try "hello hello hello".write(toFile: home.path + "/text.txt", atomically: true, encoding: .utf8)
        let script = """
            load ~/x/lstm.safetensors
            feed --file ~/steps.csv
            save ~/x/copy.safetensors
            save $HOME/x/copy2.safetensors
            save ${HOME}/copy3.safetensors
            export ~/trace.csv
            export $HOME/trace.json
            model lstm --hidden 4 --name text
            train charlm --file ~/text.txt --steps 1
            load ~/x/missing.safetensors

            """
        let result = try Run.rnnlab(input: script, environment: ["HOME": home.path], directory: elsewhere.path)
        for file in ["x/copy.safetensors", "x/copy2.safetensors", "copy3.safetensors", "trace.csv", "trace.json"] {
            #expect(FileManager.default.fileExists(atPath: home.path + "/" + file), "\(file) was not written: \(result.errorOutput)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path).isEmpty, "nothing is written where the lab runs")
        #expect(result.errorOutput == "line 10: load: ~/x/missing.safetensors: no such file\n", "\(result.errorOutput)")
    }

    @Test("rnnlab's own options expand ~ and $HOME too, also after = where a shell does not")
    func theCommandLinesPathsNameTheHomeFolder() throws {
        let home = try TemporaryFolder()
        let elsewhere = try TemporaryFolder()
        let environment = ["HOME": home.path, "RNNLAB_LESSONS": ""]
        let network = try RecurrentNetwork(kind: .gru, inputSize: 2, hiddenSize: 3, seed: 1)
        try SafeTensors.write(network.parameters, to: home.path + "/gru.safetensors")
        try #"{"x": [[1, 0], [0, 1]]}"#.write(toFile: home.path + "/case.json", atomically: true, encoding: .utf8)
        let eval = try Run.rnnlab(["eval", "--weights=~/gru.safetensors", "--case=$HOME/case.json"],
                                  environment: environment, directory: elsewhere.path)
        #expect(eval.status == 0 && eval.output.hasPrefix("gru"), "\(eval.output)\(eval.errorOutput)")

        try "model rnn --hidden 2 --name fromscript\nmodels\n".write(toFile: home.path + "/demo.rnnlab", atomically: true, encoding: .utf8)
        let script = try Run.rnnlab(["--script=~/demo.rnnlab"], environment: environment, directory: elsewhere.path)
        #expect(script.status == 0 && script.output.contains("fromscript"), "\(script.output)\(script.errorOutput)")

        try FileManager.default.createDirectory(atPath: home.path + "/mine", withIntermediateDirectories: true)
        try LessonFiles.mini.write(toFile: home.path + "/mine/mini.md", atomically: true, encoding: .utf8)
        let listed = try Run.rnnlab(["--lessons=~/mine"], input: "lessons\n", environment: environment, directory: elsewhere.path)
        #expect(listed.output.contains("A small lesson"), "\(listed.output)\(listed.errorOutput)")
        let linted = try Run.rnnlab(["lint", "--lessons=$HOME/mine", "~/mine/mini.md"], environment: environment, directory: elsewhere.path)
        #expect(linted.status == 0 && linted.output.contains("checked 1 lesson file: no problems"), "\(linted.output)\(linted.errorOutput)")
        let ran = try Run.rnnlab(["lesson", "run", "~/mine/mini.md", "--auto"], environment: environment, directory: elsewhere.path)
        #expect(ran.status == 0, "\(ran.output)\(ran.errorOutput)")
    }
}
