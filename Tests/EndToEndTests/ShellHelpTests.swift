import Testing

/// `rnnlab help NAME` at the shell, for the subcommands and for the commands of the lab.
@Suite("rnnlab help at the shell")
struct ShellHelpTests {
    @Test("rnnlab help race shows the lab's help for race and says it is a command of the lab")
    func aLabCommandsHelp() throws {
        let result = try Run.rnnlab(["help", "race"], environment: ["COLUMNS": "80"])
        #expect(result.status == 0)
        let words = result.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.hasPrefix("note: race is a command of the lab, not of the shell: start the lab with rnnlab and type it there"),
                "\(words)")
        #expect(result.output.contains("race — train rnn, lstm and gru side by side"), "\(result.output)")
        #expect(result.output.contains("usage: race KINDS..."), "\(result.output)")
        #expect(result.output.contains("example: race rnn lstm gru adding 50"), "\(result.output)")
        #expect(!result.output.contains("OVERVIEW"), "not the overview of the subcommands: \(result.output)")
        // an alias finds its command, as in the lab
        let alias = try Run.rnnlab(["help", "?"])
        #expect(alias.status == 0 && alias.output.contains("help — list the commands, or explain one"), "\(alias.output)")
    }

    @Test("rnnlab help of an unknown name is an error that names the subcommands and suggests a near name")
    func anUnknownName() throws {
        let result = try Run.rnnlab(["help", "racee"])
        #expect(result.status == 64)
        #expect(result.output == "")
        #expect(result.errorOutput.contains("no subcommand or command of the lab is called 'racee' — did you mean 'race'?"), "\(result.errorOutput)")
        #expect(result.errorOutput.contains("The subcommands are eval, lint, lesson, bench"), "\(result.errorOutput)")
    }

    @Test("rnnlab help and --help say where the lab's commands are explained; a subcommand's help is the parser's")
    func overviewAndSubcommands() throws {
        for arguments in [["help"], ["--help"]] {
            let result = try Run.rnnlab(arguments, environment: ["COLUMNS": "80"])
            #expect(result.status == 0)
            #expect(result.output.contains("`rnnlab help COMMAND` shows the same here"), "\(arguments): \(result.output)")
            #expect(result.output.contains("SUBCOMMANDS:"), "\(arguments): \(result.output)")
        }
        let eval = try Run.rnnlab(["help", "eval"])
        #expect(eval.status == 0 && eval.output.hasPrefix("OVERVIEW: Run a PyTorch RNN/LSTM/GRU state dict"), "\(eval.output)")
    }
}
