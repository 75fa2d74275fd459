import RNNEngine
import Rendering

extension ModelSetting {
    /// The largest dropout rate the lab accepts.
    static let largestDropout = 0.95

    /// `set layer-norm on|off`, `set dropout P`, `set recurrent-dropout P`, `set input-dropout P`.
    static func applyRegularization(_ setting: String, _ text: String, to model: inout LabModel) throws(LabError) -> String {
        if setting == "layer-norm" {
            guard text == "on" || text == "off" else {
                throw LabError("set layer-norm: choose on or off, got '\(LabError.shortened(text))'")
            }
            let on = text == "on"
            if (model.network?.layerNorm ?? model.settings?.layerNorm ?? false) == on {
                return "\(model.name) \(on ? "already uses" : "has no") layer norm; nothing changed"  // its gains and biases stay
            }
            if let network = model.network {
                do { model.network = try network.withLayerNorm(on) } catch { throw LabError("set layer-norm: \(error)") }
            }
            model.settings?.layerNorm = on
            return on
                ? "\(model.name) now normalizes W_ih x_t and W_hh h_{t−1} per gate block\((model.network?.kind ?? model.settings?.kind) == .lstm ? " and c_t before tanh" : "") (gains 1, biases 0); the other weights are unchanged"
                : "\(model.name) no longer uses layer norm; its gains and biases were removed"
        }
        let rate = try dropoutRate(text, option: "set \(setting)")
        switch setting {
        case "dropout": model.dropout.between = rate
        case "recurrent-dropout": model.dropout.recurrent = rate
        default: model.dropout.input = rate
        }
        var message = "\(model.name): \(setting.split(separator: "-").joined(separator: " ")) \(NumberFormat.shortest(rate)) (applied in train mode only)"
        if setting == "dropout", rate > 0, (model.network?.numLayers ?? model.settings?.layers ?? 1) == 1 {
            message += "; with one layer it drops nothing, as in PyTorch: it acts between stacked layers"
        }
        return message
    }

    /// A dropout probability from text, in [0, ``largestDropout``].
    static func dropoutRate(_ text: String, option: String) throws(LabError) -> Double {
        guard let value = decimalNumber(text), value >= 0, value <= largestDropout else {
            throw LabError("\(option): the probability must be a number from 0 to \(largestDropout), got '\(LabError.shortened(text))'")
        }
        return value
    }
}
