import RNNEngine

/// A trained model scored on sequences of its task, for `evaluate` and `race`, and what
/// those sequences were, in words.
///
/// A generated task (adding, first, sine, quotes) draws new sequences: fresh ones, which
/// training never saw. A text (charlm) has only its own windows. When it has no more of them
/// than were asked for, each is scored once, since drawing at random would score the same
/// ones again and again (a text no longer than a window has a single one); when it has more,
/// windows are drawn at random, which are still the training text, not new text.
struct EvaluationSequences {
    /// How many sequences `evaluate` and `race` score unless told otherwise.
    static let defaultCount = 256

    /// The scores.
    let evaluation: Evaluation
    /// What was scored, to follow "on": `256 fresh samples of adding 50`,
    /// `charlm "hello", its only sequence, scored once`.
    let description: String
    /// Why a text's sequences were scored so, for a note.
    let note: String?
    /// Whether the sequences were new ones rather than windows of the training text.
    let areFresh: Bool

    /// Scores `network` with `head` on `count` sequences of `task` (fewer when a text has
    /// fewer windows) drawn with `seed`; throws ``NetworkError/stopped`` when `shouldStop` says so.
    init(network: RecurrentNetwork, head: OutputHead, task: any SequenceTask, choice: TaskChoice, count: Int, seed: UInt64,
         shouldStop: ShouldStop? = nil) throws {
        guard let text = task as? CharacterModelTask else {
            evaluation = try Evaluation(network: network, head: head, task: task, samples: count, seed: seed, shouldStop: shouldStop)
            (description, note, areFresh) = ("\(count) fresh samples of \(choice.description)", nil, true)
            return
        }
        areFresh = false
        let windows = text.windowCount
        guard windows > count else {
            let examples = (0..<windows).map { text.example(startingAt: $0) }
            evaluation = try Evaluation(network: network, head: head, examples: examples, isCharacterModel: true, shouldStop: shouldStop)
            if windows == 1 {
                description = "\(choice.description), its only sequence, scored once"
                // a window of W steps reads W characters and predicts each one's next: W + 1 of the text
                note = "a text of at most \(text.window + 1) characters is one sequence (a window is \(text.window) steps, "
                    + "each reading a character and predicting the next): every sample of it would be the same"
            } else {
                description = "all \(windows) windows of \(choice.description), each once"
                note = "a text has no new sequences, only its own \(windows) windows of \(text.window) steps "
                    + "(\(text.window + 1) characters, each step predicting the next): each is scored once"
            }
            return
        }
        evaluation = try Evaluation(network: network, head: head, task: task, samples: count, seed: seed, shouldStop: shouldStop)
        description = "\(count) random windows of \(choice.description)"
        note = "a text has no new sequences: these are windows of the training text, drawn at random"
    }
}
