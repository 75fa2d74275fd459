import Rendering

// A command that runs for seconds (grad or feed on a large model, gradcheck) says so on a
// terminal, once a second, in a line that goes away when it ends: `grad: running for 0:04
// (Ctrl-C stops it)`, or with what it is doing when it says (`show: measuring the spectral
// radius of W_hf (2 of 4), running for 0:04 (Ctrl-C stops it)`). Commands that draw
// progress of their own (train, race) claim the live output instead. Laying out what a
// command returned counts as part of it: a table of 100,000 numbers takes a while too, and
// is stopped the same way.

/// The command running now: its name, when it started and when its line was last drawn.
struct RunningCommand {
    var name: String
    var started: ContinuousClock.Instant
    var lastDrawn: ContinuousClock.Instant?
    /// Set by a command that draws its own progress lines.
    var drawsItsOwnProgress = false
    /// What it is doing now, when it said (``Session/describeActivity(_:)``).
    var activity: String?
}

extension Session {
    /// Starts timing the command `name`.
    func startRunningCommand(_ name: String) {
        runningCommand = RunningCommand(name: name, started: ContinuousClock.now)
    }

    /// Stops timing the running command and takes its line away, if one was drawn.
    func endRunningCommand() {
        if runningCommand?.lastDrawn != nil { liveOutput?.clear() }
        if let runningCommand { finishedCommand = RunningCommand(name: runningCommand.name, started: runningCommand.started) }
        runningCommand = nil
    }

    /// The text of the blocks a command returned, laid out for `renderer` as the last part
    /// of that command; nil when Ctrl-C stopped it.
    ///
    /// A layout that takes a while (`show h --all` of a large model, weights as numbers)
    /// draws the line saying the command still runs, with the time since the command
    /// started, and Ctrl-C stops it as it stops the command. A Ctrl-C the command left
    /// unanswered (it had nothing more to stop) is forgotten first.
    public func render(_ blocks: [Block], with renderer: Renderer) -> String? {
        interruptionReset()
        runningCommand = RunningCommand(name: finishedCommand?.name ?? "output", started: finishedCommand?.started ?? ContinuousClock.now)
        defer {
            endRunningCommand()
            finishedCommand = nil
        }
        return renderer.render(blocks, shouldStop: isInterrupted)
    }

    /// Where the running command may draw progress lines of its own (train, race), which
    /// then replace the line saying it runs; nil while a lesson replays its commands quietly,
    /// when only that line shows.
    public func claimLiveOutput() -> (any LiveOutput)? {
        guard !replaysQuietly, let liveOutput else { return nil }
        runningCommand?.drawsItsOwnProgress = true
        return liveOutput
    }

    /// Hands the live output back after ``claimLiveOutput()``: what the command does next
    /// (scoring a race, say) is shown by the line that says it still runs.
    public func releaseLiveOutput() {
        guard runningCommand?.drawsItsOwnProgress == true else { return }  // not claimed: its line, if drawn, stays to be cleared
        runningCommand?.drawsItsOwnProgress = false
        runningCommand?.lastDrawn = nil
    }

    /// Prints `blocks` at once, before the running command ends, through ``blockOutput``:
    /// what a long command says before it starts (`train`'s notes on what it changes), so it
    /// comes before the progress lines. False when they cannot be printed now (no block
    /// output, or a lesson replaying quietly); the command then returns them with the rest.
    func showNow(_ blocks: [Block]) -> Bool {
        guard !replaysQuietly, let blockOutput else { return false }
        if runningCommand?.lastDrawn != nil {
            liveOutput?.clear()  // the line saying that the command runs goes; it comes back below
            runningCommand?.lastDrawn = nil
        }
        blockOutput(blocks)
        return true
    }

    /// Says what the running command is doing now (`measuring the spectral radius of W_hf
    /// (2 of 4)`), for the line that says it still runs; nil says nothing more.
    func describeActivity(_ activity: String?) {
        runningCommand?.activity = activity
    }

    /// On a terminal, once the running command has taken ``slowCommandThreshold``, draws
    /// (at most once a second) a line saying for how long it has run.
    func showRunningLine() {
        guard var running = runningCommand, !running.drawsItsOwnProgress, let live = liveOutput, live.redrawsInPlace else { return }
        let now = ContinuousClock.now, elapsed = now - running.started
        guard elapsed >= slowCommandThreshold else { return }
        if let lastDrawn = running.lastDrawn, now - lastDrawn < min(.seconds(1), max(slowCommandThreshold, .milliseconds(1))) { return }
        running.lastDrawn = now
        runningCommand = running
        let line = "\(running.name): \(running.activity.map { $0 + ", " } ?? "")running for \(ProgressText.duration(Double(elapsed.components.seconds))) (Ctrl-C stops it)"
        live.update([ProgressText.fitted(line, width: live.width)])
    }
}
