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

    /// The note a view of one layer and direction ends with on a model of several layers
    /// or two directions, saying which it shows and how to see the others: `layer 0 of
    /// 0..1; --layer N shows another`, `the forward direction; --reverse shows the reverse
    /// one`, or both in one line; nil for a model of one layer read forward only.
    static func layerNote(layer: Int, layerCount: Int, direction: Direction = .forward, bidirectional: Bool = false) -> Block? {
        let layers = layerCount > 1 ? "layer \(layer) of 0..\(layerCount - 1)" : nil
        guard bidirectional else { return layers.map { .note("\($0); --layer N shows another") } }
        let shown = "the \(direction.name) direction", other = direction == .forward ? "--reverse shows the reverse one" : "without --reverse, the forward one"
        guard let layers else { return .note("\(shown); \(other)") }
        return .note("\(layers), \(shown); \(other), --layer N another layer")
    }

    /// ``layerNote(layer:layerCount:direction:bidirectional:)`` for this network.
    func layerNote(layer: Int, direction: Direction) -> Block? {
        Self.layerNote(layer: layer, layerCount: numLayers, direction: direction, bidirectional: bidirectional)
    }
}
