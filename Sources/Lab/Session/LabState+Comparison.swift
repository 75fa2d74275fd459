import RNNEngine

// Telling whether a command changed the lab, as a lesson's checks read it.

extension LabState {
    /// Whether `other` holds what this lab holds, as far as a lesson's checks and figures
    /// can tell: the same models (settings, weights, dropout, output head, vocabulary, loss
    /// history, last gradient), the same current model, input, cursor and mode, and as many
    /// passes drawn in train mode (so the same dropout masks come next).
    ///
    /// What the views compute again from these (a model's forward pass, its last
    /// `evaluate` or `gradcheck`) is left out: running a view does not change the lab.
    func holdsTheSame(as other: LabState) -> Bool {
        guard currentModelName == other.currentModelName, cursor == other.cursor, mode == other.mode,
              trainPassCount == other.trainPassCount, models.count == other.models.count else { return false }
        switch (input, other.input) {
        case (nil, nil): break
        case (let mine?, let theirs?):
            guard mine.source == theirs.source, mine.example == theirs.example, mine.mask == theirs.mask,
                  mine.initialHidden == theirs.initialHidden, mine.initialCell == theirs.initialCell else { return false }
        default: return false
        }
        return zip(models, other.models).allSatisfy { $0.holdsTheSame(as: $1) }
    }
}

extension LabModel {
    /// Whether `other` is the same model as far as a lesson's checks can tell (see
    /// ``LabState/holdsTheSame(as:)``).
    func holdsTheSame(as other: LabModel) -> Bool {
        name == other.name && settings == other.settings && network == other.network && dropout == other.dropout
            && head == other.head && vocabulary == other.vocabulary && trainedTask == other.trainedTask
            && lossHistory == other.lossHistory && gradient == other.gradient
    }
}
