import Lessons
import RNNEngine
import Rendering

extension CommandSpec {
    /// `set WHAT VALUE`: changes a setting or one weight of the current model.
    public static let set = CommandSpec(
        name: "set",
        topic: .models,
        summary: "change a setting or one weight, and run forward again",
        help: """
            Changes the current model and runs the forward pass again. Settings: activation \
            tanh|relu (an RNN's nonlinearity; the weights stay), radius R (scale W_hh to spectral \
            radius R: each gate's block on its own, in every layer and direction), norm R (to \
            spectral norm R, likewise), forget-bias B (an LSTM's b_if + b_hf; refused for a \
            model without biases, loaded from a module made with bias=False or made with --no-bias, \
            which save could not write), init \
            identity|pytorch (W_hh = I with zero biases, or fresh weights from the seed), layer-norm \
            on|off (gains 1 and biases 0 added, or removed; the other weights stay), dropout P, \
            recurrent-dropout P, input-dropout P (used in train mode only, see `mode`). One \
            weight: W_hh[0,1] 0.5, W_ih[2,0] -1, b_ih[3] 0 or b_hh[0] 1 (indices from 0, or \
            negative from the end: W_hh[-1,0] is the last row's first; layer from --layer, \
            --reverse for the backward direction), or the full name weight_hh_l0[0,1].
            """,
        example: "set W_hh[0,1] 0.5",
        positionals: [
            PositionalSpec("setting", summary: "activation, radius, norm, forget-bias, init, layer-norm, dropout, recurrent-dropout, input-dropout, or a weight such as W_hh[0,1]",
                           completion: .choices(["activation", "radius", "norm", "forget-bias", "init", "layer-norm", "dropout",
                                                 "recurrent-dropout", "input-dropout", "W_hh[", "W_ih[", "b_ih[", "b_hh["])),
            PositionalSpec("value", summary: "the new value"),
        ],
        options: [
            .value("layer", kind: .integer(0...100), summary: "the layer of a short weight name", defaultValue: "0"),
            .flag("reverse", summary: "the backward direction of a short weight name"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            var state = session.state
            var model = try state.requireModel()
            let setting = arguments.string("setting") ?? ""
            let text = arguments.string("value") ?? ""
            // --layer and --reverse pick one weight; a setting applies to every layer and direction
            if ModelSetting.names.contains(setting), arguments.int("layer").map({ $0 != 0 }) == true || arguments.flag("reverse") {
                throw LabError("set \(setting) applies to every layer and direction; --layer and --reverse choose the layer of one weight, such as W_hh[0,1]")
            }
            if setting == "radius" || setting == "norm" { session.describeActivity("measuring the spectral \(setting) of W_hh") }
            let message = try ModelSetting.apply(setting, text, to: &model, layer: arguments.int("layer") ?? 0,
                                                 reverse: arguments.flag("reverse"), spectra: &session.spectra, shouldStop: session.isInterrupted)
            state.currentModel = model
            let notes = try state.refreshPass(named: model.name, shouldStop: session.isInterrupted)
            session.commit(state)
            session.addFacets(["set:\(model.name) \(setting)=\(text)"])
            let reran = state.currentModel?.pass != nil && !message.hasSuffix("nothing changed")
            var blocks: [Block] = [.prose(message + (reran ? "; the forward pass ran again." : "."))]
            blocks += notes.map { .note($0) }
            return blocks
        }
    )
}

/// Sets one element named like `W_hh[0,1]`, `b_ih[3]` or `weight_hh_l0[0,1]`; returns what changed.
func setWeight(_ model: inout LabModel, setting: String, value: Double, layer: Int, reverse: Bool) throws(LabError) -> String {
    let short = ["W_hh": "weight_hh", "W_ih": "weight_ih", "b_hh": "bias_hh", "b_ih": "bias_ih"]
    guard let open = setting.firstIndex(of: "["), setting.hasSuffix("]") else { throw unknownSetting(setting) }
    let base = String(setting[..<open])
    let indexText = setting[setting.index(after: open)..<setting.index(before: setting.endIndex)]
    let indices = indexText.split(separator: ",").map { Int($0.trimmedOfSpaces()) }
    guard !indices.isEmpty, indices.allSatisfy({ $0 != nil }) else {
        throw LabError("set: the index in '\(LabError.shortened(setting))' must be whole numbers, e.g. W_hh[0,1] or b_ih[2]")
    }
    let name = short[base].map { RecurrentNetwork.parameterName($0, layer: layer, direction: reverse ? .reverse : .forward) } ?? base
    guard var network = model.network else {
        throw LabError("set: \(model.name) has no weights yet; feed an input first (or give --input to `model`)")
    }
    guard let tensor = network.parameter(name) else {
        throw LabError("set: \(model.name) has no tensor '\(LabError.shortened(name))' (it has \(network.parameters.names.joined(separator: ", ")); short names W_hh W_ih b_ih b_hh)")
    }
    let given = indices.compactMap { $0 }
    // a negative index counts from the end, as --unit does: W_hh[-1,0] is the last row's first
    guard given.count == tensor.shape.count, zip(given, tensor.shape).allSatisfy({ $0 >= -$1 && $0 < $1 }) else {
        let ranges = tensor.shape.map { "0..\($0 - 1)" }.joined(separator: ", ")
        let fromEnd = tensor.shape.map { "-1..-\($0)" }.joined(separator: ", ")
        throw LabError("set: \(name)\(given) is outside its shape \(tensor.shapeDescription): indices are [\(ranges)], or [\(fromEnd)] from the end")
    }
    let index = zip(given, tensor.shape).map { $0 < 0 ? $0 + $1 : $0 }
    var flat = 0
    for (i, size) in zip(index, tensor.shape) { flat = flat * size + i }
    let old = tensor.values[flat]
    do { try network.setParameterElement(name, index: index, to: value) } catch { throw LabError("set: \(error)") }
    model.network = network
    // What the model was made with may no longer describe it (`models` lists it).
    let recurrent = name.hasPrefix("weight_hh"), bias = name.hasPrefix("bias")
    if recurrent { model.settings?.radius = nil }
    if recurrent || bias, model.settings?.initialization == .identity {
        model.settings?.initialization = .pytorch  // W_hh = I with zero biases no longer holds
    }
    if bias, network.kind == .lstm, (network.hiddenSize..<(2 * network.hiddenSize)).contains(index[0]), old != value {
        model.settings?.forgetBias = nil  // a forget-gate bias: entries H..<2H of b_ih or b_hh
    }
    let where_ = index.map(String.init).joined(separator: ",")
    return "\(name)[\(where_)] of \(model.name): \(NumberFormat.shortest(old)) → \(NumberFormat.shortest(value))"
}

/// An unknown `set` setting, with the nearest known one.
func unknownSetting(_ setting: String) -> LabError {
    let known = ["activation", "radius", "norm", "forget-bias", "init", "layer-norm", "dropout", "recurrent-dropout", "input-dropout", "W_hh[i,j]", "W_ih[i,j]", "b_ih[i]", "b_hh[i]"]
    let hint = Suggestion.nearest(to: setting, among: known).map { " — did you mean '\($0)'?" } ?? ""
    return LabError("set: unknown setting '\(LabError.shortened(setting))'\(hint) (settings: \(known.joined(separator: ", ")))")
}
