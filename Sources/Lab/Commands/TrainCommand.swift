import Rendering
import RNNEngine

extension CommandSpec {
    /// `train TASK [ARGS] [options]`: trains the current model, showing progress as it goes.
    public static let train = CommandSpec(
        name: "train",
        topic: .training,
        summary: "train the current model on a task, with live progress",
        help: """
            Trains the current model on TASK: charlm "TEXT" | charlm --file PATH | charlm --corpus sonnets | \
            adding T | first T (recall the first symbol; also `copy T`) | sine [T] | quotes [T] (is a quotation open at each \
            character? sentences of about T characters, default 60, one-hot over 95 printable characters). T sets the length of \
            the training sequences (their number of steps). The model gets the output head the task \
            needs; if its input does not fit the task, its input weights are made anew (a note says so). \
            Defaults: Adam, lr 0.01, gradient norm clipped to 1, 500 steps, batch 1 for charlm and 16 otherwise, \
            full backpropagation through time, seed 1 (the same seed gives the same run). \
            While it runs a progress line shows the step, the median loss (the median of the last 20 steps' losses, \
            which one outlying step cannot pull; piped, the step's own loss too), steps per second, the time left \
            and a sparkline of the loss; Ctrl-C stops after the current step and keeps the weights. \
            Training the same task again continues from the weights, the optimizer's state and the loss \
            history. A loss that becomes NaN or infinite stops the run and undoes the update that led there, so the weights are the last whose loss was finite. \
            A run whose median loss ends ten times where it started and above a guess that learned nothing, or ten \
            times that guess (ln C of cross-entropy over C classes; of MSE, predicting 0), is warned about with the \
            same advice: its loss can grow far yet stay finite (Adam at `--lr 1e12`). \
            The model's dropout (`model ... --dropout P`, `set recurrent-dropout P`) applies during the \
            training steps, with new masks at every step, whatever `mode` says; the views afterwards \
            follow `mode` (eval by default: no dropout). \
            A bidirectional model on charlm or sine, which ask for the next step's character or value, \
            is warned about before the run: its backward direction has already read that next step, \
            so it can copy the answer rather than predict it.
            """,
        example: "train charlm \"hello\" --steps 300",
        positionals: [
            PositionalSpec("task", kind: .choice(TaskChoice.names), summary: "what to learn"),
            PositionalSpec("arguments", kind: .text, summary: "the task's text or length", isOptional: true, isRepeating: true),
        ],
        options: TrainingOptions.specs + TrainingOptions.textSpecs,
        resultFacets: { invocation in
            let (current, choice, configuration) = try trainingPlan(invocation)
            return [trainingFacet(model: current.name, choice: choice, configuration: configuration)]
        },
        run: { invocation in
            let session = invocation.session
            let (current, choice, configuration) = try trainingPlan(invocation)
            let task = try choice.makeTask()
            let preparation = try TrainingPreparation(
                model: current, choice: choice, task: task, configuration: configuration, command: "train")
            var model = preparation.model
            var record = model.training ?? TrainingRecord(task: choice, configuration: configuration)
            var trainer: Trainer
            do {
                trainer = try Trainer(network: model.network!, head: model.head!, task: task,
                                      configuration: configuration, continuing: record.trainerState)
            } catch {
                throw LabError("train: \(error)")
            }
            trainer.background = DispatchBackgroundWork.forLanes(1)
            // what the run changes before it starts (new input weights, a new loss history) is
            // said before its progress lines, where the learner reads it in time
            let saidBefore = session.showNow(TrainingReport.before(model: model, choice: choice, notes: preparation.notes))
            let previousSteps = model.lossHistory.count
            let outcome = LiveTraining.run(
                &trainer, session: session, label: model.name,
                every: TrainingOptions.every(from: invocation.arguments, steps: configuration.steps), history: model.lossHistory)
            model.network = trainer.network
            model.head = trainer.head
            model.lossHistory += outcome.losses
            record.gradientNorms += outcome.gradientNorms
            record.seconds += outcome.elapsedSeconds
            record.trainerState = trainer.state
            model.training = record
            session.state.currentModel = model
            if outcome.ending == .finished {
                session.addFacets([trainingFacet(model: model.name, choice: choice, configuration: configuration)])
            }
            return TrainingReport(
                model: model, choice: choice, configuration: configuration, outcome: outcome,
                previousSteps: previousSteps, guess: LossGrowth.Guess(task: task), notes: preparation.notes, saidBefore: saidBefore
            ).blocks
        }
    )
}

/// The current model, the task and the configuration a `train` line asks for.
private func trainingPlan(_ invocation: Invocation) throws -> (LabModel, TaskChoice, TrainingConfiguration) {
    let session = invocation.session
    let arguments = invocation.arguments
    guard let current = session.state.currentModel else {
        throw LabError("train: there is no model yet; make one first, e.g. `model lstm --hidden 16`, or load one with `load FILE.safetensors`")
    }
    let choice = try TrainingOptions.task(
        from: arguments, name: arguments.string("task") ?? "", words: arguments.strings("arguments"),
        session: session, command: "train")
    var configuration = try TrainingOptions.configuration(from: arguments, choice: choice, command: "train")
    configuration.dropout = current.dropout  // the training steps apply the model's dropout
    return (current, choice, configuration)
}

/// What a `train` run that took all its steps records for a do-it task:
/// `train:lstm adding 50 steps=300 batch=16 adam lr=0.01 clip=norm:1 tbptt=none seed=1`.
private func trainingFacet(model: String, choice: TaskChoice, configuration: TrainingConfiguration) -> String {
    "train:\(model) \(choice.description) " + TrainingOptions.facetWords(configuration)
}
