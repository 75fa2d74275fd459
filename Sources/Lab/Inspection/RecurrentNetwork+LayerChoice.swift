import RNNEngine
import Rendering

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

    /// The note a view of one layer ends with on a model of several, saying which layer it
    /// shows and how to see another: `layer 0 of 0..1; --layer N shows another`; nil for a
    /// model of one layer.
    static func layerNote(layer: Int, layerCount: Int) -> Block? {
        guard layerCount > 1 else { return nil }
        return .note("layer \(layer) of 0..\(layerCount - 1); --layer N shows another")
    }

    /// ``layerNote(layer:layerCount:)`` for this network.
    func layerNote(layer: Int) -> Block? {
        Self.layerNote(layer: layer, layerCount: numLayers)
    }
}
