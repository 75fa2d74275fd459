import Rendering
import RNNEngine

/// What `race` shows once its models have stopped: how each run ended, a table comparing
/// them, their loss curves together, and which model to inspect.
///
/// A model that Ctrl-C stopped before its first step ended did not train: it has no loss and
/// no training time, so its row leaves those cells empty, a note says it did not train, and
/// the plot and the suggestion to `use` a model leave it out.
struct RaceReport {
    /// One model's run.
    struct Lane {
        /// The model's name in the lab, e.g. `race-lstm`.
        let name: String
        let outcome: TrainingOutcome
        /// The score on fresh sequences (or a text's windows); nil when Ctrl-C stopped the scoring.
        let fresh: EvaluationSequences?
        /// The recurrent network's parameters, as `params` counts them.
        let parameters: Int

        /// Whether the model took at least one step.
        var trained: Bool { outcome.completedSteps > 0 }
    }

    let lanes: [Lane]
    let isClassification: Bool
    /// The training settings every model shared (the advice after an overflow reads them).
    let configuration: TrainingConfiguration
    /// What a guess that learned nothing scores on the task, which a loss that grew is measured against.
    let guess: LossGrowth.Guess
    /// The whole race's wall time.
    let wallSeconds: Double
    /// Whether Ctrl-C stopped the scoring on fresh sequences, leaving some models unscored.
    let scoringStopped: Bool

    var blocks: [Block] {
        var blocks = lanes.flatMap { lane in [ending(lane), growth(lane)].compactMap { $0 } }
        blocks.append(.table(table))
        let trained = lanes.filter(\.trained)
        if !trained.isEmpty { blocks.append(plot(trained)) }
        let inspect = trained.last.map { " Inspect a model with `use \($0.name)`." } ?? ""
        blocks.append(.note("median: the median of the last \(SmoothedLoss.window) training steps' losses, the progress lines' \(SmoothedLoss.label); \(scoredName): the mean loss on \(scoredSequences); seconds: each model's training time; parameters: the recurrent network's, as `params` counts them (the output head adds the same number to each). The race took \(ProgressText.number(wallSeconds)) s in all, the models training at once, each on a thread of its own.\(inspect)"))
        if scoringStopped {
            // the training too, unless every model had taken all its steps when Ctrl-C came
            let too = lanes.allSatisfy { $0.outcome.ending == .finished } ? "" : " too"
            blocks.append(.note("Ctrl-C stopped the scoring on fresh sequences\(too), so its cells are empty; `evaluate` scores the current model"))
        }
        return blocks
    }

    private var lossName: String { isClassification ? "cross-entropy" : "MSE" }

    /// The scores' column: `fresh` for new sequences, `scored` for a text's own windows.
    private var scoredName: String { lanes.contains { $0.fresh?.areFresh == false } ? "scored" : "fresh" }

    /// What the models were scored on, as `evaluate` says it: `256 new sequences`.
    private var scoredSequences: String {
        guard let scored = lanes.lazy.compactMap(\.fresh).first, !scored.areFresh else {
            return "\(EvaluationSequences.defaultCount) new sequences"
        }
        return scored.description
    }

    /// A warning when a model's loss ended far above where it started or above a guess
    /// (``LossGrowth``), for a run that ended with a finite loss, by its steps or Ctrl-C.
    private func growth(_ lane: Lane) -> Block? {
        guard lane.outcome.ending == .finished || lane.outcome.ending == .stopped,
              let growth = LossGrowth(losses: lane.outcome.losses, guess: guess) else { return nil }
        return .warning("\(lane.name): " + growth.warning(run: "it", advice: configuration.overflowAdvice))
    }

    private func ending(_ lane: Lane) -> Block? {
        let outcome = lane.outcome
        switch outcome.ending {
        case .finished:
            return nil
        case .stopped where !lane.trained:
            return .note("\(lane.name) did not train: Ctrl-C stopped the race before its first step ended, so it keeps its initial weights.")
        case .stopped:
            return .note("\(lane.name) stopped by Ctrl-C after \(outcome.completedSteps) steps; its weights are kept.")
        case .diverged(let step, let loss, let norm):
            let kept = outcome.keptWeights(divergedAt: step, loss: loss, gradientNorm: norm, previousSteps: 0)
            // never the starting weights (train's firstPassOverflow): race makes tanh RNNs, LSTMs and
            // GRUs, whose hidden states stay within ±1, so the first forward pass is always finite
            return .warning("\(lane.name): the loss became \(ProgressText.number(loss)) at step \(step); it stopped, and \(kept). \(configuration.overflowAdvice)")
        case .failed(let message, let step):
            return .error("\(lane.name) failed at step \(step): \(message)")
        }
    }

    private var table: Table {
        var columns = [Table.Column("median", group: "final loss"), Table.Column(scoredName, group: "final loss")]
        if isClassification { columns.append(Table.Column("accuracy")) }
        columns += [Table.Column("seconds"), Table.Column("parameters", significantDigits: 9, isCount: true), Table.Column("steps", significantDigits: 9)]
        let rows = lanes.map { lane in
            let smoothed = Self.smoothedCurve(lane.outcome.losses).last
            var cells: [Table.Cell] = [smoothed.map { .number($0) } ?? .empty, lane.fresh.map { .number($0.evaluation.loss) } ?? .empty]
            if isClassification { cells.append(lane.fresh?.evaluation.accuracy.map { .number($0) } ?? .empty) }
            // a model that took no step has no training time: its stopped first step is not one
            cells += [lane.trained ? .number(lane.outcome.elapsedSeconds) : .empty,
                      .number(Double(lane.parameters)), .number(Double(lane.outcome.completedSteps))]
            return Table.Row(lane.name, cells: cells)
        }
        return Table(rowHeader: "model", columns: columns, rows: rows)
    }

    private func plot(_ trained: [Lane]) -> Block {
        let curves = trained.map { Series(label: $0.name, values: Self.smoothedCurve($0.outcome.losses)) }
        let positive = curves.flatMap(\.values).filter { $0.isFinite && $0 > 0 }
        let logY = (positive.min().map { positive.max()! / $0 > 100 }) ?? false
        // the legend says when the scale is logarithmic
        return .plot(LinePlot(title: "\(lossName) per step, \(SmoothedLoss.fullLabel)",
                              series: curves, logY: logY, xLabel: "step", firstX: 1))
    }

    private static func smoothedCurve(_ losses: [Double]) -> [Double] {
        var smoothed = SmoothedLoss()
        return losses.map { loss in
            smoothed.add(loss)
            return smoothed.value
        }
    }
}
