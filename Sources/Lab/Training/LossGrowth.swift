#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RNNEngine

/// A run whose loss ended far from where training takes it: above what a guess that learned
/// nothing scores, and ten times where the run started or ten times that guess.
///
/// Too large a learning rate need not overflow: Adam's update is about the learning rate
/// for every weight, however large the gradient, so at `--lr 1e12` the loss can climb to
/// 1e23 and stay finite, and the run ends without the warning a NaN or infinite loss gets.
/// Descent does not go there. An honest run starts near the guess (a fresh head's outputs
/// are small: about ln C of cross-entropy, about the mean of the squared targets of MSE) and
/// goes down; a continued run can wander up, but not past the guess, and a loss ten times the
/// guess means outputs that are confidently wrong by far. ``factor`` is that margin.
struct LossGrowth {
    /// What a guess that learned nothing scores on a task, and what that guess is, in words.
    struct Guess {
        /// The guess's loss: ln C of cross-entropy over C classes, the mean squared target of MSE.
        let loss: Double
        /// What the guess is: `a uniform guess over 10 classes (ln 10)`, `predicting 0`.
        let words: String

        /// The guess for `task`: the same probability for each of its classes, whose
        /// cross-entropy is ln C whatever the target, or 0 at every step, whose MSE is the
        /// mean of the squared targets, measured on `samples` sequences drawn with a fixed seed.
        init(task: any SequenceTask, samples: Int = 32) {
            var generator = SeededGenerator(seed: 1)
            let first = task.sample(using: &generator)
            guard !first.target.isClassification else {
                loss = log(Double(task.outputSize))
                words = "a uniform guess over \(task.outputSize) classes (ln \(task.outputSize))"
                return
            }
            var total = 0.0
            for index in 0..<samples {
                let example = index == 0 ? first : task.sample(using: &generator)
                let values: [Double]
                switch example.target {
                case .valuePerStep(let steps): values = steps.flatMap { $0 }
                case .valueAtEnd(let value): values = value
                case .classPerStep, .classAtEnd: values = []
                }
                // the mean over a sequence's elements, as MSE takes it, then over the sequences
                total += values.reduce(0) { $0 + $1 * $1 } / Double(max(values.count, 1))
            }
            loss = total / Double(samples)
            words = "predicting 0"
        }

        /// A guess with the given loss and words.
        init(loss: Double, words: String) {
            self.loss = loss
            self.words = words
        }
    }

    /// How many times the run's start, or the guess, the loss must end at.
    static let factor = 10.0

    /// The median loss where the run started.
    let start: Double
    /// The median loss of the run's last steps.
    let end: Double
    let guess: Guess

    /// The growth from `start` to `end`, or nil when `end` is not so far from where training goes.
    init?(start: Double, end: Double, guess: Guess) {
        guard start.isFinite, end.isFinite, end > guess.loss,
              end >= Self.factor * start || end >= Self.factor * guess.loss else { return nil }
        (self.start, self.end, self.guess) = (start, end, guess)
    }

    /// The growth of a run with these `losses`, after the `earlier` ones of the runs before it
    /// (the start is their median, as the progress lines carry it on, or else the first loss).
    init?(losses: [Double], after earlier: [Double] = [], guess: Guess) {
        guard let first = losses.first else { return nil }
        let start = earlier.isEmpty ? first : SmoothedLoss(of: earlier).value
        self.init(start: start, end: SmoothedLoss(of: earlier + losses).value, guess: guess)
    }

    /// What happened, then `advice`: `the median loss ended at 5.1e+23, up from 0.4224 where this
    /// run started and far above the 0.3766 of predicting 0: the updates are too large and
    /// overshoot. Try a lower learning rate (--lr 1e+11).` `run` names the run: `this run`, `it`.
    func warning(run: String, advice: String) -> String {
        let grown = end >= Self.factor * start ? " up from \(ProgressText.number(start)) where \(run) started and" : ""
        let far = end >= Self.factor * guess.loss ? "far above" : "above"
        return "the median loss ended at \(ProgressText.number(end)),\(grown) \(far) the \(ProgressText.number(guess.loss)) of "
            + "\(guess.words): the updates are too large and overshoot. \(advice)"
    }
}
