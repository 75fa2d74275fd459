import Foundation
import Testing
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
}
