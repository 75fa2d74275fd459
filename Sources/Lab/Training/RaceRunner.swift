#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Rendering
import RNNEngine

/// Trains several models side by side, each on its own thread (``LaneThread``), from the same seed on the
/// same data, and shows one progress line per model.
///
/// Each model's run depends only on its own trainer, so the results are the same however
/// the threads are scheduled. The lab's thread only watches: it redraws the lines, checks
/// for Ctrl-C and asks the lanes to stop.
enum RaceRunner {
    /// One entrant: its display name and its trainer.
    struct Entrant {
        let name: String
        let trainer: Trainer
    }

    /// Runs every entrant to the end (or until Ctrl-C) and returns each trainer and outcome, in order.
    static func run(_ entrants: [Entrant], session: Session, every: Int) -> [(trainer: Trainer, outcome: TrainingOutcome)] {
        let board = RaceBoard(laneCount: entrants.count)
        let group = DispatchGroup()
        for (lane, entrant) in entrants.enumerated() {
            let start = entrant.trainer
            group.enter()
            LaneThread.start {
                var trainer = start
                let outcome = trainer.run(shouldStop: { board.stopRequested }, onStep: { board.record(lane, $0) })
                board.finish(lane, trainer: trainer, outcome: outcome)
                group.leave()
            }
        }
        let live = session.claimLiveOutput()
        let names = entrants.map(\.name)
        let total = entrants.first?.trainer.configuration.steps ?? 0
        var printedUpTo = 0
        var drew = false
        while true {
            let finished = group.wait(timeout: .now() + .milliseconds(100)) == .success
            if !finished, session.isInterrupted() { board.requestStop() }
            let lanes = board.snapshot
            if let live {
                if live.redrawsInPlace {
                    live.update(terminalLines(names: names, lanes: lanes, total: total, live: live))
                    drew = true
                } else {
                    // On a pipe, a line for each multiple of `every` that every lane has passed. A running
                    // lane's last step is not yet passed: the next can overflow and undo its update, and a
                    // line printed with it would then depend on how the threads ran.
                    let reached = lanes.map { $0.result != nil ? Int.max : $0.losses.count - 1 }.min() ?? 0
                    var step = printedUpTo + every
                    while step <= min(reached, total) {
                        live.update([pipeLine(step: step, total: total, names: names, lanes: lanes)])
                        drew = true
                        printedUpTo = step
                        step += every
                    }
                }
            }
            if finished { break }
        }
        if drew { live?.finish() }
        session.releaseLiveOutput()
        return board.snapshot.map { $0.result! }
    }

    /// One line per lane for a terminal, where they are redrawn in place: the name, the
    /// steps, the median loss of the last 20 steps, the time, a sparkline and, once the lane ended, a status
    /// word, each field starting in the same column on every line. The losses, one above
    /// another, are written in one format, as a table's column is (`0.002117` over `0.000700`,
    /// not `0.002117` over `7.0e-04`). The status word is never cut: on a narrow screen the
    /// sparklines give up their oldest marks for it first.
    static func terminalLines(names: [String], lanes: [RaceBoard.Lane], total: Int, live: any LiveOutput) -> [String] {
        let labelWidth = names.map(\.count).max() ?? 0
        let timeWidth = lanes.filter { !$0.losses.isEmpty }.map { ProgressText.duration($0.elapsedSeconds).count }.max() ?? 0
        let losses = lossTexts(lanes)
        let lossWidth = losses.compactMap { $0?.count }.reduce(fewestLossColumns, max)
        // every line's fields before the sparkline are as wide: name, steps, loss and time
        let headWidth = labelWidth + 2 + "step ".count + stepsWidth(total) + 2 + "\(SmoothedLoss.label) ".count + lossWidth + 2 + timeWidth + 2
        let statusWidth = lanes.map { status($0).count }.max() ?? 0
        let sparklineWidth = max(0, min(ProgressText.fullSparklineWidth(total: total),
                                        ProgressText.lineLimit(width: live.width) - headWidth - statusWidth))
        return names.indices.map { index in
            terminalLine(name: names[index], lane: lanes[index], loss: losses[index] ?? "", total: total, labelWidth: labelWidth,
                         lossWidth: lossWidth, timeWidth: timeWidth, sparklineWidth: sparklineWidth, live: live)
        }
    }

    /// Each lane's smoothed loss so far, all in the format a table would choose for them as
    /// one column (``NumberFormat/style(for:significantDigits:)``); nil for a lane without steps.
    static func lossTexts(_ lanes: [RaceBoard.Lane]) -> [String?] {
        let smoothed = lanes.map { lane -> Double? in
            guard !lane.losses.isEmpty else { return nil }
            return SmoothedLoss(of: lane.losses).value
        }
        let style = NumberFormat.style(for: smoothed.compactMap { $0 }, significantDigits: 4)
        return smoothed.map { $0.map { NumberFormat.format($0, style: style) } }
    }

    /// The columns the loss field takes at least, whatever its numbers: `0.001234`, so that
    /// the fields after it stay put while the losses fall.
    private static let fewestLossColumns = 8

    /// The width of `120/1500` padded for the longest count: `1500/1500`.
    private static func stepsWidth(_ total: Int) -> Int { 2 * String(total).count + 1 }

    /// How a lane ended, after two spaces (`  done`, `  stopped`), or empty while it runs.
    private static func status(_ lane: RaceBoard.Lane) -> String {
        switch lane.result?.outcome.ending {
        case nil: ""
        case .finished?: "  done"
        case .stopped?: "  stopped"
        case .diverged?: "  diverged"
        case .failed?: "  failed"
        }
    }

    private static func terminalLine(name: String, lane: RaceBoard.Lane, loss: String, total: Int, labelWidth: Int, lossWidth: Int,
                                     timeWidth: Int, sparklineWidth: Int, live: any LiveOutput) -> String {
        let padded = name + String(repeating: " ", count: max(0, labelWidth - name.count))
        let status = status(lane)
        guard !lane.losses.isEmpty else {
            return ProgressText.fitted("\(padded)  " + (lane.result == nil ? "waiting for a free core" : "no steps taken"), width: live.width)
        }
        // the steps and the loss have fixed widths, so that they stay put as the lanes go on
        func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        let steps = pad("\(lane.losses.count)/\(total)", stepsWidth(total))
        // the newest marks are kept; a lane that ended early is padded, so every status lines up
        var sparkline = String(ProgressText.sparkline(lane.losses, total: total, unicode: live.unicode).suffix(sparklineWidth))
        if !status.isEmpty { sparkline = pad(sparkline, sparklineWidth) }
        let text = "\(padded)  step \(steps)  \(SmoothedLoss.label) \(pad(loss, lossWidth))  "
            + "\(pad(ProgressText.duration(lane.elapsedSeconds), timeWidth))  "
            + sparkline + status
        return ProgressText.fitted(text, width: live.width)
    }

    private static func pipeLine(step: Int, total: Int, names: [String], lanes: [RaceBoard.Lane]) -> String {
        let parts = zip(names, lanes).map { name, lane -> String in
            "\(name) \(ProgressText.number(SmoothedLoss(of: lane.losses.prefix(step)).value))"
        }
        return "step \(step)/\(total)  \(SmoothedLoss.label)  " + parts.joined(separator: "  ")
    }
}
