/// Whether the lab's forward passes apply dropout.
///
/// `eval` (the default) runs every model without dropout, so the same input always shows the
/// same numbers; `train` draws fresh dropout masks at every forward pass of a model that has
/// dropout, as a training step does.
public enum LabMode: String, Sendable, CaseIterable {
    /// Dropout on: fresh masks at every forward pass.
    case train
    /// Dropout off: every pass is deterministic.
    case eval
}
