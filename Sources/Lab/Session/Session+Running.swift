import Rendering

// A command that runs for seconds (grad or feed on a large model, gradcheck) says so on a
// terminal, once a second, in a line that goes away when it ends: `grad: running for 0:04
// (Ctrl-C stops it)`. Commands that draw progress of their own (train, race) claim the
// live output instead.

/// The command running now: its name, when it started and when its line was last drawn.
struct RunningCommand {
    var name: String
    var started: ContinuousClock.Instant
    var lastDrawn: ContinuousClock.Instant?
    /// Set by a command that draws its own progress lines.
    var drawsItsOwnProgress = false
}

extension Session {
    /// Starts timing the command `name`.
    func startRunningCommand(_ name: String) {
        runningCommand = RunningCommand(name: name, started: ContinuousClock.now)
    }

    /// Stops timing the running command and takes its line away, if one was drawn.
    func endRunningCommand() {
        if runningCommand?.lastDrawn != nil { liveOutput?.clear() }
        runningCommand = nil
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

    /// On a terminal, once the running command has taken ``slowCommandThreshold``, draws
    /// (at most once a second) a line saying for how long it has run.
    func showRunningLine() {
        guard var running = runningCommand, !running.drawsItsOwnProgress, let live = liveOutput, live.redrawsInPlace else { return }
        let now = ContinuousClock.now, elapsed = now - running.started
        guard elapsed >= slowCommandThreshold else { return }
        if let lastDrawn = running.lastDrawn, now - lastDrawn < min(.seconds(1), max(slowCommandThreshold, .milliseconds(1))) { return }
        running.lastDrawn = now
        runningCommand = running
        let line = "\(running.name): running for \(ProgressText.duration(Double(elapsed.components.seconds))) (Ctrl-C stops it)"
        live.update([ProgressText.fitted(line, width: live.width)])
    }
}
