import RNNEngine

/// Runs a trainer on the lab's thread, showing progress on the session's live output and
/// stopping after the current step when Ctrl-C is pressed.
///
/// On a terminal one line is redrawn at most ten times a second: step/total, smoothed
/// loss, steps per second, time left and a sparkline of the loss that grows. On a pipe a
/// plain line is printed every `every` steps, without timings, so scripted output is the
/// same on every run.
enum LiveTraining {
    /// Runs `trainer` to its configured steps or until interrupted; `label` names the model.
    static func run(_ trainer: inout Trainer, session: Session, label: String, every: Int) -> TrainingOutcome {
        let live = session.liveOutput
        var smoothed = SmoothedLoss()
        var losses: [Double] = []
        var lastDrawn = -1.0
        var drew = false
        let total = trainer.configuration.steps
        if let live, live.redrawsInPlace {
            // a large model's first step can take seconds: say at once that it runs
            live.update([String("\(label)  step 0/\(total)  the first step is running (Ctrl-C stops it)".prefix(max(10, live.width - 1)))])
            drew = true
        }
        let outcome = trainer.run(shouldStop: { session.isInterrupted() }, onStep: { progress in
            smoothed.add(progress.loss)
            losses.append(progress.loss)
            guard let live else { return }
            if live.redrawsInPlace {
                guard progress.elapsedSeconds - lastDrawn >= 0.1 || progress.step == total else { return }
                lastDrawn = progress.elapsedSeconds
                live.update([terminalLine(label: label, progress: progress, smoothed: smoothed.value, losses: losses, live: live)])
                drew = true
            } else if progress.step % every == 0 || progress.step == total {
                live.update([pipeLine(label: label, progress: progress, smoothed: smoothed.value)])
                drew = true
            }
        })
        if drew { live?.finish() }
        return outcome
    }

    /// `lstm  step 120/300  loss 0.4321  85 steps/s  0:02 left  ▇▆▅▄`, cut to the width.
    static func terminalLine(label: String, progress: TrainingProgress, smoothed: Double, losses: [Double], live: any LiveOutput) -> String {
        let rate = progress.elapsedSeconds > 0 ? Double(progress.step) / progress.elapsedSeconds : 0
        let left = rate > 0 ? Double(progress.totalSteps - progress.step) / rate : .nan
        let text = "\(label)  step \(progress.step)/\(progress.totalSteps)  loss \(ProgressText.number(smoothed))  "
            + "\(ProgressText.number(rate)) steps/s  \(ProgressText.duration(left)) left  "
            + ProgressText.sparkline(losses, total: progress.totalSteps, unicode: live.unicode)
        return String(text.prefix(max(10, live.width - 1)))
    }

    /// `lstm  step 30/300  loss 1.234  smoothed 1.301  grad norm 0.53`: no timings.
    static func pipeLine(label: String, progress: TrainingProgress, smoothed: Double) -> String {
        "\(label)  step \(progress.step)/\(progress.totalSteps)  loss \(ProgressText.number(progress.loss))  "
            + "smoothed \(ProgressText.number(smoothed))  grad norm \(ProgressText.number(progress.gradientNorm))"
    }
}
