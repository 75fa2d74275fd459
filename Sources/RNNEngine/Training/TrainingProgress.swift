/// What one training step did, as reported to the caller after the step.
public struct TrainingProgress: Sendable, Equatable {
    /// The step just taken, counted from 1 within this run.
    public let step: Int
    /// The steps this run will take if nothing stops it.
    public let totalSteps: Int
    /// The mean loss of the step's mini-batch (before its update).
    public let loss: Double
    /// ‖g‖₂ of all gradients together, before clipping.
    public let gradientNorm: Double
    /// Seconds since the run started, less those spent in the caller's `onStep`.
    public let elapsedSeconds: Double
}

/// How a training run went: its losses and gradient norms per step, and why it ended.
public struct TrainingOutcome: Sendable, Equatable {
    /// Why the run ended.
    public enum Ending: Sendable, Equatable {
        /// Every step was taken.
        case finished
        /// The caller asked it to stop; the weights are those after the last full step.
        case stopped
        /// The loss or the gradient at `step` was not finite (or the update would have made
        /// a weight infinite); that step's update was not applied (and see
        /// ``TrainingOutcome/undoneUpdate``).
        case diverged(step: Int, loss: Double, gradientNorm: Double)
        /// An engine error at `step` (a bad example or shape); nothing of that step was applied.
        case failed(String, step: Int)
    }

    /// The mean loss of each completed step.
    public let losses: [Double]
    /// The gradient norm before clipping of each completed step.
    public let gradientNorms: [Double]
    /// Why the run ended.
    public let ending: Ending
    /// The run's time in seconds, less that spent in the caller's `onStep` (drawing progress).
    public let elapsedSeconds: Double
    /// The seconds from the start to the end of the last completed step, counted as
    /// ``elapsedSeconds`` is: the last ``TrainingProgress/elapsedSeconds``, 0 without a step.
    /// Steps per second are ``completedSteps`` over it, as a progress line's are over its
    /// time, so that the last line and the summary agree; a step stopped halfway or
    /// diverged is not in it.
    public var secondsToLastStep = 0.0
    /// When the run diverged because the weights gave a loss that was not finite: the step
    /// whose update made them so, which was undone (the weights are as before it, and it is
    /// not among the completed steps).
    public var undoneUpdate: Int? = nil

    /// The number of completed steps.
    public var completedSteps: Int { losses.count }

    /// Completed steps per second of the time they took (0 without a step).
    public var stepsPerSecond: Double {
        secondsToLastStep > 0 ? Double(completedSteps) / secondsToLastStep : 0
    }
}
