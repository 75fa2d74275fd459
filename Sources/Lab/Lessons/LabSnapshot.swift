/// The parts of a session a command may change and a trial run must put back: the lab's
/// state (a value) and the model names Tab completes.
public struct LabSnapshot {
    /// The models, input and cursor.
    public var state: LabState
    /// The model names for completion.
    public var modelNames: [String]

    /// Takes a snapshot of `session`.
    public init(of session: Session) {
        state = session.state
        modelNames = session.modelNames
    }

    /// Puts the snapshot back into `session`.
    public func restore(into session: Session) {
        session.state = state
        session.modelNames = modelNames
    }
}
