import Testing
@testable import Lab

@Suite("file access")
struct FileAccessTests {
    @Test("a leading ~, $HOME or ${HOME} is the home folder, alone or before a /; anything else is left as it is")
    func homeFolderExpansion() {
        let cases: [(String, String)] = [
            ("~", "/home/ada"), ("~/x/lstm.safetensors", "/home/ada/x/lstm.safetensors"),
            ("$HOME/x.csv", "/home/ada/x.csv"), ("${HOME}/x.csv", "/home/ada/x.csv"), ("$HOME", "/home/ada"),
            ("~alice/x", "~alice/x"), ("x/~/y", "x/~/y"), ("$HOMEWORK/x", "$HOMEWORK/x"), ("a~", "a~"), ("/abs/~", "/abs/~"),
        ]
        for (path, expanded) in cases {
            #expect(FileAccess.expandingHome(path, home: "/home/ada") == expanded, "\(path)")
        }
        #expect(FileAccess.expandingHome("~/x", home: "/") == "/x")
        #expect(FileAccess.expandingHome("~/x", home: nil) == "~/x", "no home folder: left as typed")
    }
}
