import Foundation
import Testing
@testable import Lab
import RNNEngine
import Rendering

/// Ctrl-C during the commands that run the engine on the whole input: each stops part way
/// with `interrupted`, and the lab keeps what it had before the command.
@Suite("Ctrl-C in inspection commands")
struct InterruptionTests {
    /// A session with a two-layer LSTM fed 64 random steps.
    static func fedSession() -> Session {
        let session = Session()
        _ = session.execute("model lstm --hidden 6 --layers 2 --seed 3")
        _ = session.execute("feed random 64")
        return session
    }

    /// Runs `line` with Ctrl-C pressed after `checks` checks; returns the outcome and how
    /// many checks the command made.
    static func interrupt(_ session: Session, _ line: String, after checks: Int) -> (CommandOutcome, Int) {
        var asked = 0
        session.interruptionCheck = { asked += 1; return asked > checks }
        defer { session.interruptionCheck = { false } }
        return (session.execute(line), asked)
    }

    @Test("feed stops part way and keeps the earlier input and pass", arguments: ["feed random 80", "mode train"])
    func rerunningTheModelStops(line: String) throws {
        let session = Self.fedSession()
        let before = session.state
        let (outcome, asked) = Self.interrupt(session, line, after: 2)
        #expect(outcome.error == .interrupted)
        #expect(asked == 3, "the pass went on after Ctrl-C")
        #expect(session.state.input?.example.inputs == before.input?.example.inputs && session.state.mode == before.mode)
        #expect(session.state.currentModel?.pass == before.currentModel?.pass)
        #expect(!session.execute("show h --step 64").failed)
    }

    @Test("grad stops in the backward pass and records no gradient")
    func gradStops() throws {
        let session = Self.fedSession()
        let (outcome, _) = Self.interrupt(session, "grad --loss sum", after: 5)
        #expect(outcome.error == .interrupted)
        #expect(session.state.currentModel?.gradient == nil)
        let done = session.execute("grad --loss sum")
        #expect(!done.failed, "\(done.blocksIncludingError)")
        #expect(session.state.currentModel?.gradient != nil)
    }

    @Test("gradcheck stops between elements and records no check")
    func gradcheckStops() throws {
        let session = Self.fedSession()
        let (outcome, asked) = Self.interrupt(session, "gradcheck --samples 200", after: 40)
        #expect(outcome.error == .interrupted)
        #expect(asked == 41)
        #expect(session.state.currentModel?.gradientCheck == nil)
    }

    @Test("set radius, model --radius and show weights stop while they measure W_hh, and change nothing")
    func spectralMeasuresStop() throws {
        let session = Self.fedSession()
        let before = session.state.currentModel?.network
        let (set, setAsked) = Self.interrupt(session, "set radius 0.9", after: 3)
        #expect(set.error == .interrupted)
        #expect(setAsked == 4, "asked between the squarings of one block, and no more after Ctrl-C")
        #expect(session.state.currentModel?.network == before, "no block was scaled")
        let (weights, _) = Self.interrupt(session, "show weights", after: 3)
        #expect(weights.error == .interrupted)
        let (made, _) = Self.interrupt(session, "model rnn --name r --input 3 --hidden 4 --radius 0.5", after: 3)
        #expect(made.error == .interrupted)
        #expect(session.state.model(named: "r") == nil)
        #expect(!session.execute("set radius 0.9").failed, "without Ctrl-C it runs to the end")
    }

    /// The fed session's layer 0 has 24 rows of W_ih, 24 of W_hh and 8 of biases, and four
    /// recurrent blocks in its table of spectra, measured once by `show radius` first.
    @Test("show weights --format csv or json stops while it writes the weights", arguments: ["csv", "json"])
    func weightExportStops(format: String) throws {
        let session = Self.fedSession()
        #expect(!session.execute("show radius").failed)
        let (whole, askedToTheEnd) = Self.interrupt(session, "show weights --format \(format)", after: .max)
        #expect(!whole.failed)
        #expect(askedToTheEnd >= 24 + 24 + 8, "asked before each row it writes")
        let (stopped, asked) = Self.interrupt(session, "show weights --format \(format)", after: askedToTheEnd - 20)
        #expect(stopped.error == .interrupted)
        #expect(asked == askedToTheEnd - 19, "no more after Ctrl-C")
    }

    @Test("export to CSV stops between steps and writes no file")
    func exportStops() throws {
        let session = Self.fedSession()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-export-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (outcome, asked) = Self.interrupt(session, "export \(path)", after: 5)
        #expect(outcome.error == .interrupted)
        #expect(asked == 6)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// The fed session's trace has 64 steps in each of two layers (asked once each while it
    /// is converted) and 7,744 numbers, x and 60 recorded values a step in layer 0 and those 60
    /// in layer 1 (asked once at the 4,096th while they are written).
    @Test("export to JSON stops while it converts or writes the trace and writes no file", arguments: [0, 1, 2])
    func jsonExportStops(checksBeforeCtrlC: Int) throws {
        let session = Self.fedSession()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-export-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (outcome, asked) = Self.interrupt(session, "export \(path)", after: checksBeforeCtrlC)
        #expect(outcome.error == .interrupted)
        #expect(asked == checksBeforeCtrlC + 1)
        #expect(!FileManager.default.fileExists(atPath: path))
        let (finished, askedToTheEnd) = Self.interrupt(session, "export \(path)", after: 3)
        #expect(!finished.failed && askedToTheEnd == 3)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        let pass = try #require(session.state.currentModel?.pass)
        #expect(written == JSONWriter.text(try pass.trace.json(shouldStop: nil, input: pass.input.denseMatrix, preactivations: true)) + "\n")
    }

    @Test("compare stops while it runs the variants")
    func compareStops() throws {
        let session = Self.fedSession()
        let (outcome, _) = Self.interrupt(session, "compare --radius 0.5 1.5 grad-norm", after: 3)
        #expect(outcome.error == .interrupted)
        #expect(session.state.models.map(\.name) == ["lstm"])
    }

    @Test("evaluate stops between sequences and keeps no score")
    func evaluateStops() throws {
        let session = Self.fedSession()
        _ = session.execute("train adding 6 --steps 2 --batch 2")
        let (outcome, asked) = Self.interrupt(session, "evaluate --samples 50", after: 10)
        #expect(outcome.error == .interrupted)
        #expect(asked == 11)
        #expect(session.state.currentModel?.evaluation == nil)
    }

    @Test("Ctrl-C during a race stops the models and their scoring; the table leaves the scores out")
    func raceStopsAndSkipsScoring() throws {
        let session = Session()
        var asked = 0
        // the race's thread looks every 100 ms: Ctrl-C at the first look, long before 100,000 steps
        session.interruptionCheck = { asked += 1; return true }
        let outcome = session.execute("race rnn gru adding 8 --hidden 3 --steps 100000 --batch 2")
        #expect(!outcome.failed, "\(outcome.blocksIncludingError)")
        let table = try #require(outcome.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }.first)
        for row in table.rows {
            #expect(row.cells[1] == .empty, "\(row.label) was scored after Ctrl-C")
            #expect(outcome.text.contains("Ctrl-C stopped the scoring on fresh sequences too"))
            #expect((session.state.model(named: row.label)?.lossHistory.count ?? 100_000) < 100_000)
        }
        // a race that runs to its end is scored
        session.interruptionCheck = { false }
        let full = session.execute("race rnn gru adding 8 --hidden 3 --steps 3 --batch 2")
        let scored = try #require(full.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }.first)
        #expect(scored.rows.allSatisfy { if case .number = $0.cells[1] { true } else { false } })
        // each model's seconds and the race's: they trained at the same time, so these need not add up
        #expect(full.text.contains("s in all, the models training at once, each on a thread of its own"), "\(full.text)")
    }

    @Test("Ctrl-C while a race scores models that took all their steps stops the scoring, and the note does not say training stopped")
    func ctrlCDuringScoringAfterTraining() throws {
        let session = Session()
        // Ctrl-C once the scoring of the first model has begun, never while the models train
        var pressed = false
        session.interruptionCheck = { [unowned session] in
            pressed = pressed || session.runningCommand?.activity?.hasPrefix("scoring race-rnn") == true
            return pressed
        }
        let outcome = session.execute("race rnn gru adding 8 --hidden 3 --steps 3 --batch 2")
        #expect(!outcome.failed, "\(outcome.blocksIncludingError)")
        let table = try #require(outcome.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }.first)
        #expect(table.rows.allSatisfy { $0.cells[1] == .empty && $0.cells.last == .number(3) }, "\(table.rows)")
        #expect(outcome.text.contains("Ctrl-C stopped the scoring on fresh sequences, so its cells are empty"), "\(outcome.text)")
        #expect(!outcome.text.contains("stopped by Ctrl-C"))
    }

    /// A race's model that Ctrl-C stopped after `steps` steps (0: before its first step ended).
    static func stoppedLane(_ kind: CellKind, after steps: Int) throws -> RaceReport.Lane {
        let task = try AddingTask(length: 6)
        let network = try RecurrentNetwork(kind: kind, inputSize: task.inputSize, hiddenSize: 3, seed: 1)
        var trainer = try Trainer(network: network, head: try OutputHead(for: task, on: network, seed: 1), task: task,
                                  configuration: TrainingConfiguration(steps: 10, batchSize: 2))
        var taken = 0
        let outcome = trainer.run(shouldStop: { taken == steps }, onStep: { _ in taken += 1 })
        return RaceReport.Lane(name: "race-\(kind.rawValue)", outcome: outcome, fresh: nil,
                               parameters: ParameterCount(network).total)
    }

    @Test("a race's model that Ctrl-C stopped before its first step is said not to have trained, has no time, and is not suggested")
    func raceModelStoppedBeforeItsFirstStep() throws {
        let lanes = [try Self.stoppedLane(.rnn, after: 2), try Self.stoppedLane(.lstm, after: 0)]
        #expect(lanes.map(\.outcome.completedSteps) == [2, 0] && lanes.allSatisfy { $0.outcome.ending == .stopped })
        let blocks = RaceReport(lanes: lanes, isClassification: false, configuration: TrainingConfiguration(),
                                 guess: LossGrowth.Guess(loss: 1, words: "predicting 0"), wallSeconds: 1, scoringStopped: true).blocks
        let text = texts(blocks).joined(separator: "\n")
        #expect(text.contains("race-rnn stopped by Ctrl-C after 2 steps"))
        #expect(text.contains("race-lstm did not train"), "\(text)")
        #expect(!text.contains("race-lstm stopped by Ctrl-C after 0 steps"))
        let table = try #require(blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }.first)
        let seconds = try #require(table.columns.firstIndex { $0.name == "seconds" })
        #expect(table.rows.map(\.label) == ["race-rnn", "race-lstm"])
        #expect(table.rows[0].cells[seconds] == .number(lanes[0].outcome.elapsedSeconds))
        #expect(table.rows[1].cells[0] == .empty && table.rows[1].cells[seconds] == .empty, "\(table.rows[1])")
        let plotted = blocks.compactMap { block -> [String]? in if case .plot(let plot) = block { plot.series.map(\.label) } else { nil } }
        #expect(plotted == [["race-rnn"]])
        #expect(text.contains("Inspect a model with `use race-rnn`."))
        #expect(!text.contains("use race-lstm"))

        // when no model trained, no model is suggested and nothing is plotted
        let untrained = RaceReport(lanes: [lanes[1]], isClassification: false, configuration: TrainingConfiguration(),
                                 guess: LossGrowth.Guess(loss: 1, words: "predicting 0"), wallSeconds: 1, scoringStopped: true).blocks
        #expect(!texts(untrained).joined().contains("`use "))
        #expect(!untrained.contains { if case .plot = $0 { true } else { false } })
    }

    @Test("show jacobian stops in the backward pass that computes the norms")
    func jacobianStops() throws {
        let session = Self.fedSession()
        let (outcome, asked) = Self.interrupt(session, "show jacobian --step 64", after: 2)
        #expect(outcome.error == .interrupted)
        #expect(asked == 3)
        #expect(!session.execute("show jacobian --step 64").failed)
    }

    @Test("after training, show runs the stale pass once, and Ctrl-C stops it")
    func showRerunsOnce() throws {
        let session = Self.fedSession()
        _ = session.execute("train sine 20 --steps 2 --batch 2")
        // 2 layers of 64 steps: 7 checks each, 14 for one pass (28 if it ran twice)
        let (shown, asked) = Self.interrupt(session, "show h --step 64", after: 1000)
        #expect(!shown.failed, "\(shown.blocksIncludingError)")
        #expect(asked == 14)
        let (stopped, _) = Self.interrupt(session, "show h --step 64", after: 1)
        #expect(stopped.error == .interrupted)
    }
}
