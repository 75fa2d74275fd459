import RNNEngine

/// Checking a `--layer` and `--reverse` choice against the model, for every command that
/// shows one layer and direction (`show h`, `show weights`, `show radius`, `explain`).
extension RecurrentNetwork {
    /// Throws unless the network has layer `layer` read in `direction`: `--layer 5 is out
    /// of range: rnn has layers 0..1`, or `--reverse needs a bidirectional model; rnn reads
    /// forward only`. `model` names the network in the message.
    func requireLayer(_ layer: Int, direction: Direction, model: String) throws(LabError) {
        guard layer >= 0, layer < numLayers else {
            throw LabError("--layer \(layer) is out of range: \(model) has layer\(numLayers == 1 ? " 0" : "s 0..\(numLayers - 1)")")
        }
        guard direction == .forward || bidirectional else {
            throw LabError("--reverse needs a bidirectional model; \(model) reads forward only")
        }
    }
}
