import RNNEngine

/// How a lab model was trained, kept with the model so the next `train` continues and
/// `evaluate` and `sample` know the task.
public struct TrainingRecord: Sendable {
    /// The task the head was trained for.
    public var task: TaskChoice
    /// The settings of the last run.
    public var configuration: TrainingConfiguration
    /// The gradient norm before clipping after each step so far, across runs.
    public var gradientNorms: [Double] = []
    /// Wall time spent training, in seconds, across runs.
    public var seconds: Double = 0
    /// The optimizer's moments and the position in the data, to continue from.
    var trainerState: TrainerState?

    /// Creates a record for a task.
    public init(task: TaskChoice, configuration: TrainingConfiguration) {
        self.task = task
        self.configuration = configuration
    }
}
