import RNNEngine
import Synchronization

/// What the threads of a race share with the lab's thread: each lane's losses so far, its
/// result when done, and a flag asking every lane to stop.
final class RaceBoard: Sendable {
    /// One model's progress.
    struct Lane: Sendable {
        var losses: [Double] = []
        var elapsedSeconds = 0.0
        var result: (trainer: Trainer, outcome: TrainingOutcome)?
    }

    private let lanes: Mutex<[Lane]>
    private let stopFlag = Atomic<Bool>(false)

    init(laneCount: Int) {
        lanes = Mutex([Lane](repeating: Lane(), count: laneCount))
    }

    /// Asks every lane to stop after its current step.
    func requestStop() { stopFlag.store(true, ordering: .relaxed) }

    /// Whether a stop was requested.
    var stopRequested: Bool { stopFlag.load(ordering: .relaxed) }

    /// Records a lane's step.
    func record(_ lane: Int, _ progress: TrainingProgress) {
        lanes.withLock { lanes in
            lanes[lane].losses.append(progress.loss)
            lanes[lane].elapsedSeconds = progress.elapsedSeconds
        }
    }

    /// Records a lane's end. Its losses become the outcome's: a step whose update was undone
    /// after the loss overflowed is no longer among them, so the lines drawn from here on
    /// agree with the summary's table.
    func finish(_ lane: Int, trainer: Trainer, outcome: TrainingOutcome) {
        lanes.withLock { lanes in
            lanes[lane].result = (trainer, outcome)
            lanes[lane].losses = outcome.losses
            lanes[lane].elapsedSeconds = outcome.elapsedSeconds
        }
    }

    /// A copy of every lane.
    var snapshot: [Lane] { lanes.withLock { $0 } }
}
