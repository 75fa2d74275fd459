import Foundation
import Testing
@testable import Lab
import Rendering
import RNNEngine

/// A loss that grew far during a run, stayed finite, and so ended with no overflow warning:
/// `train` and `race` say so, with the advice an overflow gets.
@Suite("Loss growth")
struct LossGrowthTests {
    /// A task whose every target is the value vector `target` at the last step.
    struct ConstantTargetTask: SequenceTask {
        let target: [Double]
        var name: String { "constant" }
        var inputSize: Int { 1 }
        var outputSize: Int { target.count }
        var summary: String { "a constant target" }
        var longestSequence: Int { 3 }
        func sample(using generator: inout some RandomNumberGenerator) -> TaskExample {
            TaskExample(inputs: [[0], [1], [0]], symbols: nil, labels: ["0", "1", "0"], target: .valueAtEnd(target))
        }
    }

    static func warnings(_ outcome: CommandOutcome) -> [String] {
        outcome.blocks.compactMap { block -> String? in if case .warning(let text) = block { text } else { nil } }
    }

    @Test("the guess is ln C of cross-entropy over C classes, and for MSE the mean squared target, which predicting 0 scores")
    func guesses() throws {
        let classes = LossGrowth.Guess(task: try FirstSymbolTask(length: 5, symbolCount: 6))
        #expect(classes.loss == log(6.0) && classes.words == "a uniform guess over 6 classes (ln 6)")
        let values = LossGrowth.Guess(task: ConstantTargetTask(target: [2, 0]))
        #expect(values.loss == 2 && values.words == "predicting 0")
    }

    @Test("a loss that ends above the guess and ten times where it started, or ten times the guess, has grown; others have not")
    func threshold() throws {
        let guess = LossGrowth.Guess(loss: 1, words: "predicting 0")
        #expect(LossGrowth(start: 0.5, end: 5, guess: guess) != nil, "10 times the start, above the guess")
        #expect(LossGrowth(start: 0.01, end: 0.5, guess: guess) == nil, "50 times the start, but below the guess")
        #expect(LossGrowth(start: 0.5, end: 4.9, guess: guess) == nil, "under 10 times both")
        #expect(LossGrowth(start: 5, end: 10, guess: guess) != nil, "10 times the guess: it started high already")
        #expect(LossGrowth(start: 0.5, end: .infinity, guess: guess) == nil, "an overflow has its own warning")
        // the start of a continued run is the median of the history before it, as its lines carry on
        #expect(LossGrowth(losses: [6, 6, 6, 6], after: [0.5, 0.6, 0.4], guess: guess)?.start == 0.5)
        let words = try #require(LossGrowth(start: 0.5, end: 20, guess: guess)).warning(run: "this run", advice: "Try X.")
        #expect(words == "the median loss ended at 20.00, up from 0.5000 where this run started and far above the 1.000 of "
            + "predicting 0: the updates are too large and overshoot. Try X.")
        let high = try #require(LossGrowth(start: 50, end: 60, guess: guess)).warning(run: "it", advice: "Try X.")
        #expect(high.hasPrefix("the median loss ended at 60.00, far above the 1.000 of predicting 0:"), "\(high)")
    }

    @Test("Adam at an absurd learning rate: the loss stays finite but grows far, and train says so with the overflow's advice")
    func trainWarns() throws {
        let session = sessionWithModel(.lstm, hidden: 8)
        let absurd = Self.warnings(session.execute("train adding 10 --steps 40 --lr 1e12"))
        #expect(absurd.count == 1, "\(absurd)")
        #expect(absurd.allSatisfy { $0.hasPrefix("the median loss ended at") && $0.contains("where this run started and far above the")
            && $0.hasSuffix("of predicting 0: the updates are too large and overshoot. Try a lower learning rate (--lr 0.01, the default).") }, "\(absurd)")
        #expect(session.state.currentModel?.lossHistory.last?.isFinite == true)
        // SGD clipped to norm 1 takes steps of the learning rate's length: as far, and as finite
        let sgd = sessionWithModel(.lstm, hidden: 8)
        let clipped = Self.warnings(sgd.execute("train adding 10 --steps 40 --optimizer sgd --lr 1e12"))
        #expect(clipped.count == 1 && clipped[0].hasSuffix("predicting 0: the updates are too large and overshoot. Try a lower learning rate (--lr 0.01, the default)."),
                "\(clipped)")
        // an ordinary run, and one continued from it, get no warning
        let ordinary = sessionWithModel(.lstm, hidden: 8)
        #expect(Self.warnings(ordinary.execute("train adding 10 --steps 40")).isEmpty)
        #expect(Self.warnings(ordinary.execute("train adding 10 --steps 40 --lr 0.05")).isEmpty)
    }

    @Test("race warns of each model whose loss grew far, and of no other")
    func raceWarns() throws {
        let absurd = Self.warnings(Session().execute("race rnn gru adding 6 --hidden 4 --lr 1e12 --steps 40 --batch 2"))
        #expect(absurd.count == 2, "\(absurd)")
        #expect(zip(absurd, ["race-rnn", "race-gru"]).allSatisfy { warning, name in
            warning.hasPrefix("\(name): the median loss ended at") && warning.contains("where it started and far above the")
                && warning.hasSuffix("Try a lower learning rate (--lr 0.01, the default).")
        }, "\(absurd)")
        #expect(Self.warnings(Session().execute("race rnn gru adding 6 --hidden 4 --steps 40 --batch 2")).isEmpty)
    }
}
