import ArgumentParser
import Lab
import Rendering
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
            ((layers·directions) × hidden) and `dy` (T × directions·hidden); missing ones are zeros, \
            and `length`, the real steps when the rest of x is padding (as pack_padded_sequence(x, [length]): \
            the output is 0 at padding and h_n is the last real step's); another key is an error (the fixtures' own keys, such as output and grads, are not read). \
            Each may also have a batch dimension of one, as PyTorch's modules take them (x of \
            T × 1 × input_size): it is dropped, with a note; eval runs one sequence, not a batch. \
            The loss is L = sum(output ⊙ dy). Without --json, prints the output's and final \
            states' shapes and last values, then the loss and each gradient's norm (or, without \
            dy, that they are zero). With --json, prints output, h_n, c_n, loss, grads \
            (state-dict names plus x, h0, c0) and the per-step trace, with full precision. \
            A whole model's state dict works too: its one recurrent module is read (or the one \
            --module names), with the module's own tensor names, and a note names what was left out \
            (an embedding, a head); only the header and that module's tensors are read, at most 256 MiB of them. An nn.RNNCell's, nn.LSTMCell's or \
            nn.GRUCell's weight_ih, weight_hh, bias_ih and bias_hh read as a 1-layer module's, with a note \
            (grads names them weight_ih_l0, ...). A state dict saved with \
            bias=False reads as zero biases. JSON has no NaN or infinity: they are written as null.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The state dict (.safetensors).", valueName: "file"))
    var weights: String

    @Option(name: .customLong("case"), help: ArgumentHelp("The inputs (JSON with x, h0, c0, dy, length).", valueName: "file"))
    var caseFile: String

    @Option(name: .long, help: ArgumentHelp("The nonlinearity of a vanilla RNN: tanh or relu (default: what the file records, else tanh).", valueName: "name"))
    var nonlinearity: String?

    @Option(name: .long, help: ArgumentHelp("The recurrent module of a whole model's state dict (its key prefix, e.g. encoder).", valueName: "name"))
    var module: String?

    @Flag(name: .long, help: "Print JSON (output, h_n, c_n, loss, grads, trace); notes go to standard error.")
    var json = false

    func run() throws {
        do {
            if json {
                // JSON alone on standard output; what reading assumed goes to standard error.
                let evaluation = try evaluate()
                var standardError = StandardErrorStream()
                for line in remarks(evaluation) { print(line.escapingControlCharacters, to: &standardError) }
                print(JSONWriter.text(evaluation.json))
            } else {
                print(try summary().escapingControlCharacters)
            }
        } catch {
            var standardError = StandardErrorStream()
            print("error: \(error)".escapingControlCharacters, to: &standardError)
            throw ExitCode(1)
        }
    }

    /// The case evaluated with the weights, their paths expanded as the lab expands them
    /// (`--weights=~/x`: a shell leaves a `~` after `=` as it is).
    private func evaluate() throws -> CaseEvaluation {
        try CaseEvaluation(weightsPath: FileAccess.expandingHome(weights), casePath: FileAccess.expandingHome(caseFile),
                           nonlinearity: nonlinearity, module: module)
    }

    /// A few lines for a person: what the checkpoint is, the output and final states (their
    /// shapes and last values), the loss and the gradient norms (NaN and infinities as such).
    private func summary() throws -> String {
        let evaluation = try evaluate()
        let network = evaluation.network
        let pass = evaluation.pass
        var lines = [
            "\(network.kind)\(network.kind == .rnn ? " (\(network.nonlinearity.rawValue))" : "") · input \(network.inputSize) · "
                + "hidden \(network.hiddenSize) · \(network.numLayers) layer\(network.numLayers == 1 ? "" : "s") · "
                + (network.bidirectional ? "bidirectional" : "one direction"),
            "steps: \(pass.output.rows)",
        ] + remarks(evaluation)
        lines.append("output (\(shape(pass.output))), the last step: \(numbers(pass.output.row(pass.output.rows - 1)))")
        lines += stateLines("h_n", pass.finalHidden, network: network)
        if let finalCell = pass.finalCell { lines += stateLines("c_n", finalCell, network: network) }
        if evaluation.hasOutputGradient {
            lines.append("loss L = sum(output ⊙ dy) = \(evaluation.loss)")
            let gradients = evaluation.gradients
            var named: [(String, [Double])] = [("x", gradients.input.values), ("h0", gradients.initialHidden.values)]
            if let initialCell = gradients.initialCell { named.append(("c0", initialCell.values)) }
            // a bias=False module has no bias to differentiate, as in the JSON
            named += gradients.parameters.pairs.filter { network.hasBiases || !RecurrentNetwork.isBias($0.name) }.map { ($0.name, $0.tensor.values) }
            for (name, values) in named {
                lines.append("‖dL/d\(name)‖ = \(VectorMath.norm(values))")
            }
        } else {
            lines.append("no `dy` in the case: L = 0 and every gradient is 0 (give dy, \(shape(pass.output)), for gradients)")
        }
        lines.append("(add --json for every value; there NaN and ±infinity are written as null)")
        return lines.joined(separator: "\n")
    }

    /// What reading the checkpoint and the case assumed or found, as `load` says it: a line
    /// each, `note: …` or `warning: …`.
    private func remarks(_ evaluation: CaseEvaluation) -> [String] {
        evaluation.checkpointNotes.map { ($0.isWarning ? "warning: " : "note: ") + $0.text } + evaluation.notes.map { "note: " + $0 }
    }

    /// `rows × columns`.
    private func shape(_ matrix: Matrix) -> String { "\(matrix.rows) × \(matrix.columns)" }

    /// The first eight of `values` in one shared format, then how many more there are.
    private func numbers(_ values: [Double]) -> String {
        let shown = 8
        let text = NumberFormat.column(Array(values.prefix(shown)), significantDigits: 4).joined(separator: " ")
        return values.count > shown ? text + " … (\(values.count - shown) more)" : text
    }

    /// A final state `matrix` called `name`: on one line when it has one row, else a line per
    /// layer and direction, in PyTorch's order (layer · directions + direction).
    private func stateLines(_ name: String, _ matrix: Matrix, network: RecurrentNetwork) -> [String] {
        guard matrix.rows > 1 else { return ["\(name) (\(shape(matrix))): \(numbers(matrix.row(0)))"] }
        return ["\(name) (\(shape(matrix))), a row per layer and direction:"] + (0..<matrix.rows).map { row in
            let direction = network.bidirectional ? (row % 2 == 0 ? " forward" : " reverse") : ""
            return "  layer \(row / network.directionCount)\(direction): \(numbers(matrix.row(row)))"
        }
    }
}
