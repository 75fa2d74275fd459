/// The groups commands are listed under in `help`, in this order.
public enum CommandTopic: String, Sendable, CaseIterable {
    /// Getting around: help, version, quit, sleep.
    case lab = "The lab"
    /// Creating, loading and feeding models.
    case models = "Models and input"
    /// Showing gates, states, gradients and equations.
    case inspecting = "Looking inside"
    /// Training, sampling and comparing models.
    case training = "Training"
    /// Following and checking lessons.
    case lessons = "Lessons"
}
