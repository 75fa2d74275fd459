import RNNEngine

/// Runs a trainer on the lab's thread, showing progress on the session's live output and
/// stopping after the current step when Ctrl-C is pressed.
///
/// On a terminal one line is redrawn at most ten times a second: step/total, the median
/// loss of the last 20 steps (``SmoothedLoss``), steps per second, time left and a sparkline of the loss that grows. On a pipe a
/// plain line is printed every `every` steps, without timings, so scripted output is the
/// same on every run. No line shows a step whose update was undone: a pipe's line waits for
/// the next step, and a terminal's last line is drawn again without it.
enum LiveTraining {
    /// Runs `trainer` to its configured steps or until interrupted; `label` names the model.
    ///
    /// A step of a large model can take seconds or minutes. On a terminal the line says at
    /// once that the first step runs, and when a step has run for `slowStep`, it says for
    /// how long, once a second (the trainer asks whether to stop every few timesteps, which
    /// is when the line is redrawn).
    ///
    /// `history` holds the losses of the runs before this one: the smoothed loss carries on
    /// from them, as the summary's does, so a continued run's lines and summary agree.
    static func run(
        _ trainer: inout Trainer, session: Session, label: String, every: Int, slowStep: Duration = .seconds(1),
        history: [Double] = []
    ) -> TrainingOutcome {
        let live = session.claimLiveOutput()
        var smoothed = SmoothedLoss(of: history)
        var losses: [Double] = []
        var lastDrawn = -1.0
        var drew = false
        let total = trainer.configuration.steps
        let clock = ContinuousClock()
        var stepStarted = clock.now, lastRunningLine: ContinuousClock.Instant? = nil
        var completedSteps = 0
        // the last two steps taken, and the last drawn: the next step's loss can overflow and
        // undo the last one's update (see ``TrainingOutcome/undoneUpdate``)
        var lastProgress: TrainingProgress?, previousProgress: TrainingProgress?
        var drawnStep = 0
        // on a pipe, the line of a step waits for the next step, which keeps its update
        var waitingLine: String?
        func drawRunning() {
            guard let live, live.redrawsInPlace else { return }
            let now = clock.now, running = now - stepStarted
            guard completedSteps == 0 && lastRunningLine == nil || running >= slowStep else { return }
            if let lastRunningLine, now - lastRunningLine < min(slowStep, .seconds(1)) { return }
            lastRunningLine = now
            live.update([runningLine(label: label, done: completedSteps, total: total, smoothed: smoothed.value,
                                     seconds: Double(running.components.seconds), live: live)])
            drew = true
        }
        drawRunning()  // a large model's first step can take seconds: say at once that it runs
        let outcome = trainer.run(shouldStop: {
            drawRunning()
            return session.isInterrupted()
        }, onStep: { progress in
            smoothed.add(progress.loss)
            losses.append(progress.loss)
            completedSteps = progress.step
            (previousProgress, lastProgress) = (lastProgress, progress)
            stepStarted = clock.now
            lastRunningLine = nil
            guard let live else { return }
            if live.redrawsInPlace {
                guard progress.elapsedSeconds - lastDrawn >= 0.1 || progress.step == total else { return }
                lastDrawn = progress.elapsedSeconds
                live.update([terminalLine(label: label, progress: progress, smoothed: smoothed.value, losses: losses, live: live)])
                drawnStep = progress.step
                drew = true
            } else {
                if let waitingLine {
                    live.update([waitingLine])
                    drew = true
                }
                waitingLine = nil
                if progress.step % every == 0 || progress.step == total {
                    waitingLine = pipeLine(label: label, progress: progress, smoothed: smoothed.value, width: live.width)
                }
            }
        })
        // a step whose update was undone is no longer among the steps taken: a line never shows
        // it, as race's never do, and the last line agrees with the summary
        let undone = outcome.undoneUpdate
        if let live, live.redrawsInPlace, let undone, drawnStep >= undone {
            let kept = SmoothedLoss(of: history + outcome.losses).value
            live.update([previousProgress.map { terminalLine(label: label, progress: $0, smoothed: kept, losses: outcome.losses, live: live) }
                ?? ProgressText.fitted("\(label)  step 0/\(total)  no steps taken", width: live.width)])
        }
        if let live, let waitingLine, undone != lastProgress?.step {
            live.update([waitingLine])
            drew = true
        }
        if drew { live?.finish() }
        session.releaseLiveOutput()
        return outcome
    }

    /// `lstm  step 0/300  the first step is running (Ctrl-C stops it)`, or once a step has
    /// run for a while, `lstm  step 3/300  median loss 1.234  step 4 running for 0:12 (Ctrl-C stops it)`;
    /// cut to the width (see ``ProgressText/lineLimit(width:)``).
    static func runningLine(label: String, done: Int, total: Int, smoothed: Double, seconds: Double, live: any LiveOutput) -> String {
        let text = done == 0 && seconds < 1
            ? "\(label)  step 0/\(total)  the first step is running (Ctrl-C stops it)"
            : "\(label)  step \(done)/\(total)  " + (done > 0 ? "\(SmoothedLoss.label) \(ProgressText.number(smoothed))  " : "")
                + "step \(done + 1) running for \(ProgressText.duration(seconds)) (Ctrl-C stops it)"
        return ProgressText.fitted(text, width: live.width)
    }

    /// `lstm  step 120/300  median loss 0.4321  85 steps/s  0:02 left  ▇▆▅▄`; on a narrow screen
    /// the sparkline goes first, then `median loss` becomes `median`, then the rate goes, then
    /// the time left.
    static func terminalLine(label: String, progress: TrainingProgress, smoothed: Double, losses: [Double], live: any LiveOutput) -> String {
        let rate = progress.elapsedSeconds > 0 ? Double(progress.step) / progress.elapsedSeconds : 0
        let left = rate > 0 ? Double(progress.totalSteps - progress.step) / rate : .nan
        let parts = [
            label, "step \(progress.step)/\(progress.totalSteps)", "\(SmoothedLoss.label) \(ProgressText.number(smoothed))",
            "\(ProgressText.number(rate)) steps/s", "\(ProgressText.duration(left)) left",
            ProgressText.sparkline(losses, total: progress.totalSteps, unicode: live.unicode),
        ]
        return ProgressText.fitted(parts, shortenings: [.leaveOut(5), .replace(2, with: "median \(ProgressText.number(smoothed))"),
                                                        .leaveOut(3), .leaveOut(4)], width: live.width)
    }

    /// `lstm  step 30/300  loss 1.234  median loss 1.301  grad norm 0.53`: the step's own
    /// loss, then the median of the last 20; no timings; on a narrow screen the median goes
    /// first, then the gradient norm.
    static func pipeLine(label: String, progress: TrainingProgress, smoothed: Double, width: Int) -> String {
        let parts = [
            label, "step \(progress.step)/\(progress.totalSteps)", "loss \(ProgressText.number(progress.loss))",
            "\(SmoothedLoss.label) \(ProgressText.number(smoothed))", "grad norm \(ProgressText.number(progress.gradientNorm))",
        ]
        return ProgressText.fitted(parts, dropOrder: [3, 4], width: width)
    }
}
