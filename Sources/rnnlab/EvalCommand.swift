import ArgumentParser

/// `rnnlab eval`: runs a PyTorch state dict on the inputs of a case file and prints JSON.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a PyTorch RNN/LSTM/GRU state dict on a case file and print the results as JSON."
    )

    @Option(name: .long, help: ArgumentHelp("The state dict (.safetensors).", valueName: "file"))
    var weights: String

    @Option(name: .customLong("case"), help: ArgumentHelp("The inputs (JSON with x, h0, c0, dy).", valueName: "file"))
    var caseFile: String

    @Option(name: .long, help: ArgumentHelp("The nonlinearity of a vanilla RNN: tanh or relu.", valueName: "name"))
    var nonlinearity: String = "tanh"

    @Flag(name: .long, help: "Print JSON (output, h_n, c_n, loss, grads, trace).")
    var json = false

    func run() throws {
        throw UnavailableInThisBuild.exit("rnnlab eval")
    }
}
