/// Something reading a checkpoint assumed or found that its reader should know: where a
/// plain RNN's nonlinearity came from, biases a `bias=False` module does not have, weights
/// that are not numbers. `load` and `rnnlab eval` say the same.
public struct CheckpointNote: Sendable, Equatable {
    /// The command that read the checkpoint, whose advice the notes give.
    public enum Reader: Sendable {
        /// The lab's `load`.
        case load
        /// `rnnlab eval`.
        case eval
    }

    /// Whether it warns of something wrong rather than notes an assumption.
    public var isWarning: Bool
    /// The note itself, one sentence.
    public var text: String

    /// Creates a note.
    public init(_ text: String, isWarning: Bool = false) {
        self.text = text
        self.isWarning = isWarning
    }

    /// The notes on `network`, read from the module's `stateDict`, when the file records
    /// the nonlinearity `recorded` and the reader asked for `asked`.
    public static func notes(
        network: RecurrentNetwork, stateDict: ParameterSet, recorded: Activation?, asked: Activation?, reader: Reader
    ) -> [CheckpointNote] {
        var notes: [CheckpointNote] = []
        if network.kind == .rnn {
            switch (asked, recorded) {
            case (nil, let recorded?):
                notes.append(CheckpointNote("nonlinearity \(recorded.rawValue), as the file records"))
            case (let asked?, let recorded?) where asked != recorded:
                notes.append(CheckpointNote("the file records nonlinearity \(recorded.rawValue); this model uses \(asked.rawValue), as --nonlinearity says",
                                            isWarning: true))
            case (nil, nil):
                let again = reader == .load ? "load ... --nonlinearity relu" : "eval ... --nonlinearity relu"
                notes.append(CheckpointNote("the file does not say tanh or relu: tanh is assumed (`\(again)` if it was relu)"))
            default:
                break
            }
        }
        if RecurrentNetwork.hasNoBiases(stateDict) {
            notes.append(CheckpointNote(reader == .load
                ? "the file has no biases (a module made with bias=False), and neither has the model: training leaves them at zero, and save writes none"
                : "the file has no biases (a module made with bias=False): they compute as zeros, and grads has none for them"))
        }
        let broken = network.nonFiniteParameters
        if broken.count > 0 {
            notes.append(CheckpointNote("\(broken.count == 1 ? "1 weight is" : "\(broken.count) weights are") NaN or infinite (in \(broken.tensors.prefix(4).joined(separator: ", "))): every value they reach will be too",
                                        isWarning: true))
        }
        return notes
    }
}
