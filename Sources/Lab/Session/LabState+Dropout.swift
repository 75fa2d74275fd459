import RNNEngine

// Dropout masks for the lab's forward passes.

extension LabState {
    /// The masks of the next forward pass of `model`, or nil in eval mode or without dropout.
    ///
    /// In train mode each pass draws new masks from the model's seed plus a count of the
    /// lab's train-mode passes so far, so a session replayed command by command repeats them.
    mutating func nextDropoutMasks(for model: LabModel, network: RecurrentNetwork, steps: Int) throws(LabError) -> DropoutMasks? {
        guard mode == .train, !model.dropout.isNone else { return nil }
        trainPassCount += 1
        let seed = (model.settings?.seed ?? 0) &* 1_000_003 &+ trainPassCount
        do {
            return try DropoutMasks(network: network, steps: steps, rates: model.dropout, seed: seed)
        } catch {
            throw LabError("\(model.name): \(error)")
        }
    }
}

extension LabState {
    /// In train mode, for a model with dropout: that `command` (sample, evaluate) ran
    /// without it all the same, as a framework's code does after model.eval().
    func noDropoutNote(for model: LabModel, command: String) -> String? {
        guard mode == .train, !model.dropout.isNone else { return nil }
        return "\(command) ran '\(model.name)' in eval mode, without dropout, as after model.eval(), although the lab is in train mode"
    }
}

extension DropoutRates {
    /// `dropout 0.2, recurrent dropout 0.1` (empty when there is none).
    var summary: String {
        var words: [String] = []
        if between > 0 { words.append("dropout \(between)") }
        if input > 0 { words.append("input dropout \(input)") }
        if recurrent > 0 { words.append("recurrent dropout \(recurrent)") }
        return words.joined(separator: ", ")
    }
}
