import ArgumentParser
import RNNEngine

/// `rnnlab eval`: runs a PyTorch state dict on the inputs of a case file and prints JSON.
///
/// This is the public door for checking the engine against another framework: the JSON
/// has the reference fixtures' keys (`output`, `h_n`, `c_n`, `loss`, `grads`, `trace`).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Run a PyTorch RNN/LSTM/GRU state dict on a case file and print the results.",
        discussion: """
            The case file is JSON with `x` (T × input_size) and optionally `h0`, `c0` \
            ((layers·directions) × hidden) and `dy` (T × directions·hidden); missing ones are zeros. \
            The loss is L = sum(output ⊙ dy). With --json, prints output, h_n, c_n, loss, grads \
            (state-dict names plus x, h0, c0) and the per-step trace, with full precision. \
            A whole model's state dict works too: its one recurrent module is read (or the one \
            --module names), with the module's own tensor names.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The state dict (.safetensors).", valueName: "file"))
    var weights: String

    @Option(name: .customLong("case"), help: ArgumentHelp("The inputs (JSON with x, h0, c0, dy).", valueName: "file"))
    var caseFile: String

    @Option(name: .long, help: ArgumentHelp("The nonlinearity of a vanilla RNN: tanh or relu.", valueName: "name"))
    var nonlinearity: String = "tanh"

    @Option(name: .long, help: ArgumentHelp("The recurrent module of a whole model's state dict (its key prefix, e.g. encoder).", valueName: "name"))
    var module: String?

    @Flag(name: .long, help: "Print JSON (output, h_n, c_n, loss, grads, trace).")
    var json = false

    func run() throws {
        do {
            if json {
                print(try evaluateCase(weightsPath: weights, casePath: caseFile, nonlinearity: nonlinearity, module: module))
            } else {
                print(try summary())
            }
        } catch {
            var standardError = StandardErrorStream()
            print("error: \(error)", to: &standardError)
            throw ExitCode(1)
        }
    }

    /// A few lines for a person: what the checkpoint is, the loss and the gradient norms.
    private func summary() throws -> String {
        let network = try RecurrentNetwork(
            safetensorsPath: weights, nonlinearity: nonlinearity == "relu" ? .relu : .tanh, module: module)
        let text = try evaluateCase(weightsPath: weights, casePath: caseFile, nonlinearity: nonlinearity, module: module)
        let result = try JSONParser.parse(Array(text.utf8), maximumDepth: 16)
        var lines = [
            "\(network.kind) · input \(network.inputSize) · hidden \(network.hiddenSize) · "
                + "\(network.numLayers) layer\(network.numLayers == 1 ? "" : "s") · "
                + (network.bidirectional ? "bidirectional" : "one direction"),
            "steps: \(result["output"]?.array?.count ?? 0)",
            "loss L = sum(output ⊙ dy) = \(result["loss"]?.number ?? .nan)",
        ]
        for (name, gradient) in result["grads"]?.members ?? [] {
            lines.append("‖dL/d\(name)‖ = \(euclideanNorm(of: gradient))")
        }
        lines.append("(add --json for every value)")
        return lines.joined(separator: "\n")
    }
}

/// The Euclidean norm of every number in a nested JSON array.
private func euclideanNorm(of value: JSONValue) -> Double {
    func sumOfSquares(_ value: JSONValue) -> Double {
        if let number = value.number { return number * number }
        return (value.array ?? []).reduce(0) { $0 + sumOfSquares($1) }
    }
    return sumOfSquares(value).squareRoot()
}
