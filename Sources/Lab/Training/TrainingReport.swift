import Rendering
import RNNEngine

/// The blocks `train` shows: before the run, a heading and what the run changes; when it
/// ends, how it ended (and whether its loss grew far, ``LossGrowth``), the final loss, the
/// time, and the gradient norm before clipping and the loss curve of the whole history, both
/// over the same steps.
struct TrainingReport {
    let model: LabModel
    let choice: TaskChoice
    let configuration: TrainingConfiguration
    let outcome: TrainingOutcome
    /// Steps the model had taken before this run.
    let previousSteps: Int
    /// What a guess that learned nothing scores on the task, which a loss that grew is measured against.
    let guess: LossGrowth.Guess
    /// What changed before the run (new input weights, a new head), as notes.
    let notes: [String]
    /// Whether ``before(model:choice:notes:)`` was printed before the run, so ``blocks``
    /// leaves it out.
    var saidBefore = false

    /// What `train` says before the run starts: the heading, that a bidirectional model reads
    /// the answer of a next-step task (``TaskChoice/futureReadingWarning(for:)``), and what
    /// the run changes.
    static func before(model: LabModel, choice: TaskChoice, notes: [String]) -> [Block] {
        [.heading("Training '\(model.name)' on \(choice.description)")]
            + (choice.futureReadingWarning(for: model).map { [.warning($0)] } ?? []) + notes.map { .note($0) }
    }

    var blocks: [Block] {
        var blocks: [Block] = saidBefore ? [] : Self.before(model: model, choice: choice, notes: notes)
        blocks += ending
        guard outcome.completedSteps > 0 else { return blocks }
        if let growth {
            blocks.append(.warning(growth.warning(run: "this run", advice: configuration.overflowAdvice)))
        }
        let smoothed = SmoothedLoss(of: model.lossHistory)
        let lossName = choice.isClassification ? "cross-entropy" : "MSE"
        // name=value words, which a narrow screen wraps between, never inside
        let settings = "\(configuration.optimizer.rawValue) lr=\(shortNumber(configuration.learningRate)) clip=\(configuration.clipping) batch=\(configuration.batchSize)"
            + (configuration.truncation.map { " tbptt=\($0)" } ?? "")
        let facts: [(String, String)] = [
            ("\(lossName), last step", ProgressText.number(outcome.losses.last ?? .nan)),
            // short enough to stand beside its value at 80 columns, as the MSE's always did
            ("median \(lossName), last \(SmoothedLoss.window) steps", ProgressText.number(smoothed.value)),
            ("steps, this run / all", "\(outcome.completedSteps) / \(model.lossHistory.count)"),
            ("training time", "\(ProgressText.number(outcome.elapsedSeconds)) s"),
            ("steps per second", ProgressText.number(outcome.stepsPerSecond)),
            ("settings", settings),
        ]
        // terms and values side by side; a long value wraps under itself, no term is cut
        blocks.append(.definitions(DefinitionList(items: facts.map { DefinitionList.Item(term: $0.0, text: "`\($0.1)`") })))
        let history = model.lossHistory
        // the norms of the steps the loss curve below draws, every run's, so that the two
        // name the same steps; this run's alone if the record does not hold them all
        let norms = model.training?.gradientNorms ?? []
        let allNorms = norms.count == history.count
        blocks.append(.sparklines(SparklineGroup(
            title: "gradient norm before clipping, per step",
            series: [Series(label: "‖g‖", values: allNorms ? norms : outcome.gradientNorms)],
            scale: .log, indexLabel: "step", firstIndex: allNorms ? 1 : previousSteps + 1)))
        let positive = history.filter { $0.isFinite && $0 > 0 }
        let logY = (positive.min().map { low in positive.max()! / low > 100 }) ?? false
        var curve = SmoothedLoss()
        let smoothedHistory = history.map { loss -> Double in curve.add(loss); return curve.value }
        blocks.append(.plot(LinePlot(
            title: "\(lossName) per step",  // the legend says when the scale is logarithmic
            series: [Series(label: "each step", values: history), Series(label: SmoothedLoss.fullLabel, values: smoothedHistory)],
            // the median is drawn over the losses it is taken from, as one line through them
            logY: logY, xLabel: "step", firstX: 1, marksOverlaps: false)))
        return blocks
    }

    /// How far the loss grew in a run that ended with a finite loss (by its steps or Ctrl-C),
    /// from the median where it started, the history's before it; nil if not far.
    private var growth: LossGrowth? {
        switch outcome.ending {
        case .finished, .stopped:
            LossGrowth(losses: outcome.losses, after: Array(model.lossHistory.dropLast(outcome.completedSteps)), guess: guess)
        case .diverged, .failed:
            nil
        }
    }

    private var ending: [Block] {
        let done = outcome.completedSteps
        switch outcome.ending {
        case .finished:
            return []
        case .stopped:
            return [.note("stopped by Ctrl-C after \(done) of \(configuration.steps) steps; the weights are kept, and `train \(choice.description)` continues from them.")]
        case .diverged(let step, let loss, let norm):
            let what = loss.isFinite ? "the gradient norm became \(ProgressText.number(norm))" : "the loss became \(ProgressText.number(loss))"
            let kept = outcome.keptWeights(divergedAt: step, loss: loss, gradientNorm: norm, previousSteps: previousSteps)
            let advice = TrainingOutcome.firstPassOverflow(step: step, loss: loss, relu: model.network?.nonlinearity == .relu,
                                                           trained: previousSteps > 0) ?? configuration.overflowAdvice
            return [.warning("\(what) at step \(previousSteps + step)\(previousSteps > 0 ? " (step \(step) of this run)" : ""); training stopped, and \(kept). \(advice)")]
        case .failed(let message, let step):
            return [.error("training stopped at step \(step): \(message)")]
        }
    }
}

extension TrainingOutcome {
    /// What to try when the loss was not finite at `step` 1 of a run, nil otherwise.
    ///
    /// The first step's loss comes from the forward pass of the weights as the run found
    /// them, before any update, so a lower learning rate or harder clipping, which act on
    /// updates, cannot help: the activations overflow on these sequences. What helps is
    /// smaller recurrent weights (each step multiplies h by about the spectral radius, so
    /// with ReLU ‖h_T‖ grows like radius^T), shorter sequences, or tanh, which keeps h in
    /// (−1, 1). A model trained before (`trained`) reached these weights by training, so it
    /// is made again rather than given a smaller radius.
    static func firstPassOverflow(step: Int, loss: Double, relu: Bool, trained: Bool) -> String? {
        guard step == 1, !loss.isFinite else { return nil }
        let smaller = trained ? "make the model again with a smaller --radius" : "start from smaller weights (a smaller --radius)"
        return "A lower learning rate or clipping cannot help: the loss was already not finite on the first forward pass, before any "
            + "update, so the weights overflow on these sequences as they are. Try again and \(smaller), train on shorter sequences"
            + (relu ? ", or use --activation tanh, which keeps h within ±1." : ".")
    }

    /// Which weights a run that diverged at `step` of this run kept, in words.
    func keptWeights(divergedAt step: Int, loss: Double, gradientNorm: Double, previousSteps: Int) -> String {
        if let undone = undoneUpdate {
            return "step \(previousSteps + undone)'s update, which led there, is undone: the weights are the last whose loss was finite"
        }
        if loss.isFinite && gradientNorm.isFinite {
            return "its update, which would have made a weight infinite, was not applied"
        }
        return "the weights are as this run found them, and their loss is not finite: look at them with `show weights`"
    }
}

extension TrainingConfiguration {
    /// What to try after the loss overflowed or grew far (``LossGrowth``), in options `train`
    /// and `race` both take.
    ///
    /// A lower learning rate shortens every update. Clipping bounds SGD's update to the
    /// learning rate times the limit, so it is named when SGD ran unclipped; Adam and Adagrad
    /// divide the gradient by its own running size, so clipping it harder changes their
    /// updates little. A tenth of the rate is suggested, or the default when even a tenth
    /// would exceed 1 (after `--lr 1e12`, `--lr 1e+11` would overshoot as well).
    var overflowAdvice: String {
        let defaultRate = TrainingConfiguration().learningRate
        let suggestion = learningRate / 10 > 1 ? "--lr \(shortNumber(defaultRate)), the default" : "--lr \(shortNumber(learningRate / 10))"
        let lower = "a lower learning rate (\(suggestion))"
        guard optimizer == .sgd, clipping == .none else { return "Try \(lower)." }
        return "Try \(lower) or clipping the gradient (--clip norm:1)."
    }
}
