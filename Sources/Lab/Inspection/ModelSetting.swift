import RNNEngine
import Rendering

/// The settings `set` and `compare` change on a model: activation, radius, norm,
/// forget-bias, init, or one weight.
enum ModelSetting {
    /// The names `set` and `compare` accept besides weights.
    static let names = ["activation", "radius", "norm", "forget-bias", "init", "layer-norm", "dropout", "recurrent-dropout", "input-dropout"]
    /// The settings `compare` can vary.
    static let comparable = ["activation", "radius", "forget-bias", "init", "layer-norm", "dropout", "recurrent-dropout"]
    /// The spectral radius or norm W_hh may be scaled to, by `set radius`, `set norm`,
    /// `model --radius` and `compare --radius` alike.
    static let spectralTarget = ValueKind.positiveNumber(atMost: 100)

    /// What `set radius` and `set norm` scale, each block to the target on its own: `W_hh of
    /// rnn`; for an LSTM or GRU `Each gate's block of W_hh of lstm (W_hi, W_hf, W_hg, W_ho)`;
    /// with `in both layers`, `in both directions` or `in every layer and direction` when
    /// there is more than one.
    static func scaledBlocks(of model: LabModel) -> String {
        let kind = model.network?.kind ?? model.settings?.kind ?? .rnn
        let layers = model.network?.numLayers ?? model.settings?.layers ?? 1
        let directions = model.network?.directionCount ?? ((model.settings?.bidirectional ?? false) ? 2 : 1)
        let blocks = kind == .rnn
            ? "W_hh of \(model.name)"
            : "Each gate's block of W_hh of \(model.name) (\(kind.gateSymbols.map { "W_h\($0)" }.joined(separator: ", ")))"
        switch (layers, directions) {
        case (1, 1): return blocks
        case (2, 1): return blocks + " in both layers"
        case (_, 1): return blocks + " in all \(layers) layers"
        case (1, _): return blocks + " in both directions"
        default: return blocks + " in every layer and direction"
        }
    }

    /// Changes `setting` of `model` to `text`; returns a sentence saying what changed.
    /// `radius` and `norm` measure W_hh's blocks through `spectra`, which then knows the
    /// scaled blocks' measures too (``RecurrentSpectra/scale(_:radius:to:shouldStop:)``).
    /// `shouldStop` (Ctrl-C) is asked while a large recurrent weight is measured; a stop
    /// throws ``LabError/interrupted`` with `model` unchanged.
    static func apply(
        _ setting: String, _ text: String, to model: inout LabModel, layer: Int, reverse: Bool,
        spectra: inout RecurrentSpectra, shouldStop: ShouldStop? = nil
    ) throws(LabError) -> String {
        func number() throws(LabError) -> Double {
            guard let value = decimalNumber(text) else {
                throw LabError("set \(setting): the value \(numberFault(text))")
            }
            return value
        }
        let message: String
        do {
            switch setting {
            case "activation":
                guard let activation = Activation(rawValue: text), activation == .tanh || activation == .relu else {
                    throw LabError("set activation: choose tanh or relu, got '\(LabError.shortened(text))'")
                }
                let kind = model.network?.kind ?? model.settings?.kind
                guard kind == .rnn else {
                    throw LabError("set activation: only an rnn has a choice of nonlinearity; \(model.name)'s gates use σ and tanh")
                }
                if let network = model.network { model.network = try network.withNonlinearity(activation) }
                model.settings?.activation = activation
                message = "\(model.name) now uses \(activation.rawValue); the weights are unchanged"
            case "radius", "norm":
                if let fault = spectralTarget.fault(in: text) { throw LabError("set \(setting): the value \(fault)") }
                let target = try number()
                if var network = model.network {
                    try spectra.scale(&network, radius: setting == "radius", to: target, shouldStop: shouldStop)
                    model.network = network
                } else if setting == "norm" {
                    throw LabError("set norm: \(model.name) has no weights yet; feed an input first")
                }
                model.settings?.radius = setting == "radius" ? target : nil  // a norm leaves the radius elsewhere
                message = "\(scaledBlocks(of: model)) scaled to spectral \(setting) \(NumberFormat.shortest(target))"
            case "forget-bias":
                let bias = try number()
                guard (model.network?.kind ?? model.settings?.kind) == .lstm else {
                    throw LabError("set forget-bias: only an lstm has a forget gate")
                }
                if !(model.network?.hasBiases ?? model.settings?.biases ?? true) {
                    // loaded from a module made with bias=False, or made here with --no-bias
                    let origin = model.settings == nil ? "its module was made with bias=False" : "it was made with --no-bias"
                    let remedy = model.network.map { "`\(ModelFactory.command(for: $0, biases: true)) --forget-bias \(shortNumber(bias))`" }
                        ?? "`model lstm` as before, without --no-bias, with --forget-bias \(shortNumber(bias))"
                    throw LabError("set forget-bias: \(model.name) has no biases (\(origin), and save writes none), "
                        + "so it has no forget-gate bias b_if + b_hf to set; its weights can be set. To try a forget bias, make an lstm "
                        + "with biases: \(remedy)")
                }
                try model.network?.setForgetGateBias(bias)
                model.settings?.forgetBias = bias
                message = "\(model.name)'s forget-gate bias b_if + b_hf is now \(NumberFormat.shortest(bias))"
            case "init":
                guard let initialization = ModelSettings.Initialization(rawValue: text) else {
                    throw LabError("set init: choose pytorch or identity, got '\(LabError.shortened(text))'")
                }
                if initialization == .identity {
                    model.network?.setIdentityRecurrence()
                    model.settings?.initialization = .identity
                    model.settings?.radius = nil  // W_hh = I: radius 1, and the biases are zero
                    model.settings?.forgetBias = nil
                    message = "\(model.name) now has W_hh = I and zero biases (IRNN); W_ih is unchanged"
                } else {
                    guard var settings = model.settings else {
                        throw LabError("set init pytorch: \(model.name) was loaded from a file and has no seed to start again from")
                    }
                    settings.initialization = .pytorch
                    settings.radius = nil
                    settings.forgetBias = nil
                    if let network = model.network {
                        model.network = try ModelFactory.network(for: settings, inputSize: network.inputSize)
                    }
                    model.settings = settings
                    message = "\(model.name) has fresh weights from seed \(settings.seed)"
                }
            case "layer-norm", "dropout", "recurrent-dropout", "input-dropout":
                message = try applyRegularization(setting, text, to: &model)
            default:
                guard setting.contains("[") else { throw unknownSetting(setting) }
                message = try setWeight(&model, setting: setting, value: try number(),
                                        layer: layer, reverse: reverse)
            }
        } catch let error as LabError {
            throw error
        } catch let error as NetworkError where error == .stopped {
            throw .interrupted
        } catch {
            throw LabError("set \(setting): \(error)")
        }
        return message
    }
}
