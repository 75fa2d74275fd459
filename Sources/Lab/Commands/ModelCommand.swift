import RNNEngine
import Rendering

extension CommandSpec {
    /// `model KIND ...`: makes a network and makes it the current model.
    public static let model = CommandSpec(
        name: "model",
        topic: .models,
        summary: "make an rnn, lstm or gru and make it the current model",
        help: """
            Makes a network of KIND (rnn, lstm or gru) and makes it the current model. Without \
            --input, the first `feed` sets the input size (one-hot over the text's characters); \
            a later input of another width re-creates the model with the same seed, after a note. \
            The name defaults to the kind (lstm, then lstm2, ...). --radius scales W_hh to that \
            spectral radius, --forget-bias sets b_if + b_hf of an LSTM, --init identity makes \
            W_hh = I with zero biases (the IRNN). --no-bias (or --bias false) makes it without biases, as \
            PyTorch's bias=False: every layer and direction computes W_ih x_t + W_hh h_{t−1} alone, training \
            leaves the biases out, and save writes none; its weights are those of the same seed with biases. \
            --layer-norm normalizes W_ih x_t and W_hh h_{t−1} \
            per gate block (and an LSTM's c_t before tanh), with learned gains and biases. \
            --dropout P drops each layer's output but the last's (PyTorch's dropout), \
            --input-dropout P drops x_t, --recurrent-dropout P drops h_{t−1} on its way into W_hh \
            with one mask per sequence; dropout acts only in train mode (`mode train`). A --name \
            already in use is replaced.
            """,
        example: "model lstm --hidden 4 --seed 1",
        positionals: [
            PositionalSpec("kind", kind: .choice(CellKind.allCases.map(\.rawValue)), summary: "rnn, lstm or gru"),
        ],
        options: [
            .value("name", kind: .text, summary: "what to call it (letters, digits, - and _)"),
            .value("input", kind: .integer(1...4096), summary: "features per step (default: set by the first feed)"),
            .value("hidden", kind: .integer(1...1024), summary: "hidden units", defaultValue: "4"),
            .value("layers", kind: .integer(1...8), summary: "stacked layers", defaultValue: "1"),
            .flag("bidirectional", summary: "also read the sequence backwards"),
            .value("activation", kind: .choice(["tanh", "relu"]), summary: "the RNN's nonlinearity", defaultValue: "tanh"),
            .value("seed", kind: .integer(0...1_000_000_000), summary: "seed of the initial weights", defaultValue: "1"),
            .value("radius", kind: ModelSetting.spectralTarget, summary: "scale W_hh (each gate's block, in every layer and direction) to this spectral radius"),
            .value("forget-bias", kind: .number(-100...100), summary: "LSTM forget-gate bias b_if + b_hf"),
            .flag("no-bias", summary: "no biases b_ih, b_hh (PyTorch's bias=False)"),
            .value("bias", kind: .choice(["true", "false"]), summary: "false is --no-bias (PyTorch's bias=False)"),
            .value("init", kind: .choice(ModelSettings.Initialization.allCases.map(\.rawValue)),
                   summary: "pytorch (uniform ±1/√H) or identity (IRNN)", defaultValue: "pytorch"),
        ] + OptionSpec.regularization,
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            let kind = CellKind(rawValue: arguments.string("kind") ?? "") ?? .lstm
            var state = session.state
            let settings = ModelSettings(
                kind: kind, inputSize: arguments.int("input"), hiddenSize: arguments.int("hidden") ?? 4,
                layers: arguments.int("layers") ?? 1, bidirectional: arguments.flag("bidirectional"),
                activation: Activation(rawValue: arguments.string("activation") ?? "tanh") ?? .tanh,
                seed: UInt64(arguments.int("seed") ?? 1), radius: arguments.double("radius"),
                forgetBias: arguments.double("forget-bias"),
                initialization: ModelSettings.Initialization(rawValue: arguments.string("init") ?? "pytorch") ?? .pytorch,
                layerNorm: arguments.flag("layer-norm"), biases: try biasesAsked(arguments))
            if settings.forgetBias != nil && kind != .lstm {
                throw LabError("model: --forget-bias is for an lstm; \(kind.withArticle) has no forget gate")
            }
            if settings.forgetBias != nil && !settings.biases {
                throw LabError("model: --forget-bias sets the forget gate's biases b_if + b_hf, and \(noBiasWords(arguments)) makes a model "
                    + "without biases, so it would have no forget-gate bias to set; give one of the two")
            }
            if arguments.string("activation") == "relu" && kind != .rnn {
                throw LabError("model: --activation applies to an rnn; an \(kind.rawValue)'s gates use σ and tanh")
            }
            let name = try arguments.string("name").map { try validModelName($0) } ?? state.freshModelName(kind.rawValue)
            var model = LabModel(name: name, settings: settings, network: nil)
            model.dropout = DropoutRates(arguments)
            if let inputSize = settings.inputSize {
                if settings.radius != nil { session.describeActivity("measuring the spectral radius of W_hh") }
                model.network = try ModelFactory.network(for: settings, inputSize: inputSize, shouldStop: session.isInterrupted)
            }
            let replaced = state.model(named: name) != nil
            state.models.removeAll { $0.name == name }
            state.models.append(model)
            state.currentModelName = name
            let notes = try state.refreshNewModel(named: name, shouldStop: session.isInterrupted)
            session.commit(state)
            session.addFacets(["model:\(name) kind=\(kind.rawValue) hidden=\(settings.hiddenSize) layers=\(settings.layers)"])
            var blocks: [Block] = []
            let made = state.model(named: name)!
            let start = settings.startingWeightsWords.map { ", " + $0 }.joined()
            if let network = made.network {
                blocks.append(.prose("Made **\(name)**: \(ModelFactory.describe(network))\(start), seed \(settings.seed) — \(NumberFormat.count(ParameterCount(network).total)) parameters."))
            } else {
                let extras = (settings.bidirectional ? ", bidirectional" : "") + (settings.layerNorm ? ", layer norm" : "")
                    + (settings.biases ? "" : ", no biases") + start
                let kindText = kind.rawValue + (kind == .rnn ? " (\(settings.activation.rawValue))" : "")
                blocks.append(.prose("Made **\(name)**: \(kindText), hidden \(settings.hiddenSize), \(settings.layers) layer\(settings.layers == 1 ? "" : "s")\(extras), seed \(settings.seed). The first `feed` sets its input size."))
            }
            if !model.dropout.isNone {
                let idle = model.dropout.between > 0 && settings.layers == 1 ? "; --dropout acts between stacked layers, so with one layer it drops nothing" : ""
                let when = state.mode == .train
                    ? "applied now, in train mode (`mode eval` turns it off)"
                    : "applied in train mode only (now eval; `mode train` turns it on)"
                blocks.append(.note("\(model.dropout.summary): \(when)\(idle)"))
            }
            if replaced { blocks.append(.note("the earlier model called \(name) was replaced")) }
            blocks += notes.map { .note($0) }
            if made.pass != nil { blocks.append(.note("it has read the current input (\(counted(state.input?.length ?? 0, "step"))); `show h` to look")) }
            return blocks
        }
    )
}

/// Whether `model` makes its model with biases: not with `--no-bias` or `--bias false`
/// (PyTorch's `bias=False`); `--no-bias` with `--bias true` says both and is refused.
private func biasesAsked(_ arguments: ParsedArguments) throws(LabError) -> Bool {
    let bias = arguments.string("bias")
    if arguments.flag("no-bias"), bias == "true" {
        throw LabError("model: --no-bias and --bias true ask for opposite things; give one (a model has biases unless told otherwise)")
    }
    return !arguments.flag("no-bias") && bias != "false"
}

/// How the learner asked for no biases, as a message quotes it: `--no-bias` or `--bias false`.
private func noBiasWords(_ arguments: ParsedArguments) -> String {
    arguments.flag("no-bias") ? "--no-bias" : "--bias false"
}

/// A model name lessons can refer to: a letter, then letters, digits, `_`, or `-` before a letter.
func validModelName(_ name: String) throws(LabError) -> String {
    let characters = Array(name)
    let valid = !characters.isEmpty && characters.count <= 32 && characters[0].isASCII && characters[0].isLetter
        && characters.indices.allSatisfy { index in
            let character = characters[index]
            if character.isASCII && (character.isLetter || character.isNumber || character == "_") { return true }
            return character == "-" && index + 1 < characters.count && characters[index + 1].isLetter
        }
    guard valid else {
        throw LabError("model name '\(LabError.shortened(name))' is not valid: use a letter, then letters, digits, _ or - (at most 32), e.g. rnn-small")
    }
    return name
}

extension LabState {
    /// `lstm`, or `lstm2`, `lstm3`, ... when taken.
    func freshModelName(_ base: String) -> String {
        if model(named: base) == nil { return base }
        // gru2, but ckpt_10_2: a number run on to one would read as another number
        let separator = base.last?.isNumber == true ? "_" : ""
        var number = 2
        while model(named: "\(base)\(separator)\(number)") != nil { number += 1 }
        return "\(base)\(separator)\(number)"
    }
}

extension OptionSpec {
    /// `--layer-norm` and the dropout rates, which `model` and `race` share.
    static let regularization: [OptionSpec] = [
        .flag("layer-norm", summary: "normalize each gate block's projections (Ba et al. 2016)"),
        .value("dropout", kind: .number(0...ModelSetting.largestDropout), summary: "drop each layer's output but the last's (train mode)"),
        .value("input-dropout", kind: .number(0...ModelSetting.largestDropout), summary: "drop x_t (train mode)"),
        .value("recurrent-dropout", kind: .number(0...ModelSetting.largestDropout),
               summary: "drop h_{t−1} into W_hh, one mask per sequence (train mode)"),
    ]
}

extension DropoutRates {
    /// The rates of ``OptionSpec/regularization``'s options, 0 where not given.
    init(_ arguments: ParsedArguments) {
        self.init(between: arguments.double("dropout") ?? 0, input: arguments.double("input-dropout") ?? 0,
                  recurrent: arguments.double("recurrent-dropout") ?? 0)
    }
}
