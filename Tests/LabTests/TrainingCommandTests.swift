import Foundation
import Testing
@testable import Lab
import Lessons
import Rendering
import TestSupport
@testable import RNNEngine

/// A session holding one model made as `model KIND --hidden H --seed S` would make it
/// (the network is built when a task fixes the input size).
func sessionWithModel(_ kind: CellKind, hidden: Int, seed: UInt64 = 1, name: String? = nil) -> Session {
    let session = Session()
    let settings = ModelSettings(kind: kind, hiddenSize: hidden, seed: seed)
    session.state.currentModel = LabModel(name: name ?? kind.rawValue, settings: settings, network: nil)
    return session
}

@Suite("Training commands")
struct TrainingCommandTests {
    @Test("model lstm --hidden 16 --seed 1, train charlm \"hello\" --steps 300, sample at temperature 0 gives ello")
    func helloBecomesEllo() throws {
        let session = sessionWithModel(.lstm, hidden: 16, seed: 1)
        let training = session.execute("train charlm \"hello\" --steps 300")
        #expect(!training.failed, "\(String(describing: training.error))")
        let model = try #require(session.state.currentModel)
        #expect(model.lossHistory.count == 300)
        #expect(model.trainedTask == "charlm")
        #expect(model.vocabulary?.characters == ["e", "h", "l", "o"])
        let sample = session.execute("sample --prime h --length 4 --temperature 0")
        #expect(!sample.failed, "\(String(describing: sample.error))")
        #expect(sample.blocks.first == .preformatted("ello"))
        // The same sample however it is spelled, so a lesson can ask for it (`expect: sample ...`).
        let facets = session.record.facets
        #expect(facets == ["lstm/sample prime=h length=4 temperature=0"])
        _ = session.execute("sample --length 4 --temperature 0 --seed 9")  // the default prime is the text's first character
        #expect(session.record.facets == facets)
        _ = session.execute("sample --prime h --length 4 --temperature 0 --top 2")
        #expect(session.record.facets == facets.union(["lstm/sample-top=2"]))
        _ = session.execute("sample --prime h --length 4 --temperature 1")
        #expect(session.record.facets == ["lstm/sample prime=h length=4 temperature=1 seed=1"])
    }

    @Test("a bidirectional model on charlm or sine is warned, before training and with its scores, that it has read the step it predicts")
    func bidirectionalReadsTheAnswer() throws {
        func warnings(_ outcome: Lab.CommandOutcome) -> [String] {
            outcome.blocks.compactMap { if case .warning(let text) = $0 { text } else { nil } }
        }
        let session = try labSession(["model gru --bidirectional --hidden 4 --name bi"])
        let trained = session.execute("train charlm \"hello hello\" --steps 2")
        let warning = warnings(trained).first ?? ""
        #expect(warning.contains("'bi' is bidirectional, and charlm asks for the next character") && warning.contains("already read step t+1")
                && warning.contains("loss and perplexity then measure the copying") && warning.contains("`model gru --hidden 4`"), "\(trained.text)")
        let evaluated = session.execute("evaluate --samples 2")
        #expect(warnings(evaluated).contains(warning), "\(evaluated.text)")
        // evaluated again, on the same task, it is told in one sentence; train keeps telling why
        for _ in 0..<2 {
            let again = warnings(session.execute("evaluate --samples 2"))
            #expect(again == ["'bi' is bidirectional and has read each next character it is asked for: its loss and perplexity measure copying, not prediction"],
                    "\(again)")
        }
        #expect(warnings(session.execute("train charlm \"hello hello\" --steps 1")) == [warning])
        #expect(warnings(session.execute("evaluate --samples 2")).first?.count ?? 0 < 200)
        // a model made anew under the name, or another next-step task, is told why again
        _ = session.execute("train sine 10 --steps 1")
        #expect(warnings(session.execute("evaluate --samples 2")).first?.contains("already read step t+1") == true)
        _ = session.execute("model gru --bidirectional --hidden 4 --name bi")
        _ = session.execute("train charlm \"hello hello\" --steps 1")
        #expect(warnings(session.execute("evaluate --samples 2")) == [warning])
        let sine = warnings(session.execute("train sine 10 --steps 2")).first { $0.contains("asks for the next value") } ?? ""
        #expect(sine.contains("and its loss then measures the copying, not prediction. A one-directional"), "\(sine)")
        #expect(!sine.contains("sample"), "only a character model can be sampled: \(sine)")
        #expect(warning.contains("(`sample` refuses such a model for the same reason)"))
        #expect(warnings(session.execute("train adding 5 --steps 2")).isEmpty, "adding scores the whole sequence: reading both ways is fair")
        let forward = try labSession(["model gru --hidden 4 --name uni"])
        #expect(warnings(forward.execute("train charlm \"hello hello\" --steps 2")).isEmpty)
        #expect(warnings(forward.execute("evaluate --samples 2")).isEmpty)
    }

    @Test("a loaded model that does not fit a task is answered with the model line of its whole shape; no model yet suggests load too")
    func mismatchSuggestsTheWholeShape() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-fit-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, seed: 2)
        try SafeTensors.write(ParameterSet(lstm.parameters.pairs.filter { !RecurrentNetwork.isBias($0.name) }.map { ($0.name, $0.tensor) }), to: folder)
        let session = try labSession(["load \(folder)"])
        let message = session.execute("train adding 5").error?.message ?? ""
        #expect(message.contains("`model lstm --hidden 4 --layers 2 --bidirectional --no-bias`"), "\(message)")
        for line in ["show h", "train adding 5"] {
            #expect(Session().execute(line).error?.message.contains("`load FILE.safetensors`") == true, "\(line)")
        }
    }

    @Test("the summary of a run names every figure in full at 60 columns")
    func summaryFitsANarrowTerminal() throws {
        let session = sessionWithModel(.lstm, hidden: 4)
        let outcome = session.execute("train charlm \"hello world\" --steps 3 --tbptt 10 --clip value:0.5")
        let facts = try #require(outcome.blocks.compactMap { if case .definitions(let list) = $0 { list } else { nil } }.first)
        #expect(facts.items.map(\.term) == ["cross-entropy, last step", "median cross-entropy, last 20 steps", "steps, this run / all",
                                           "training time", "steps per second", "settings"])
        let shown = Renderer(caps: TerminalCaps(width: 60, color: false, unicode: true)).render(.definitions(facts))
        #expect(!shown.contains("…"), "\(shown)")
        // at 80 columns each figure stands beside its name, for cross-entropy as for MSE
        let wide = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(.definitions(facts))
        #expect(wide.split(separator: "\n").contains { $0.hasPrefix("  median cross-entropy, last 20 steps  ") && $0.last?.isNumber == true }, "\(wide)")
        #expect(shown.contains("tbptt=10"))
        #expect(!shown.split(separator: "\n").contains { $0.hasSuffix("batch") }, "a name and its value stay on one line")
    }

    @Test("the smoothed loss is the median of the last 20 steps, which one huge early loss does not pull")
    func smoothedLossIsAMedian() {
        var smoothed = SmoothedLoss()
        #expect(smoothed.value.isNaN)
        smoothed.add(465_337)
        #expect(smoothed.value == 465_337)
        for loss in [0.9, 0.7, 0.8, 0.6] { smoothed.add(loss) }
        #expect(smoothed.value == 0.8, "one outlier among five moves the median by one place")
        for step in 0..<195 { smoothed.add(0.5 + 0.01 * Double(step % 7)) }
        let last = (175..<195).map { 0.5 + 0.01 * Double($0 % 7) }.sorted()
        #expect(smoothed.value == (last[9] + last[10]) / 2)
        var diverged = SmoothedLoss()
        for loss in [0.5, .nan, .infinity, .nan, .nan] { diverged.add(loss) }
        #expect(diverged.value.isNaN, "a run whose losses are mostly NaN does not look fine")
    }

    @Test("after a first step whose loss is 465337, the smoothed loss of step 200 is a loss of the last steps")
    func smoothedLossForgetsAnExplodingFirstStep() throws {
        let session = try labSession(["model rnn --name relu --activation relu --hidden 8 --seed 1 --radius 1.5", "feed random 30"])
        let pipe = RecordingLiveOutput(redrawsInPlace: false)
        session.liveOutput = pipe
        let outcome = session.execute("train adding 20 --steps 200")
        let history = try #require(session.state.currentModel?.lossHistory)
        #expect(history.count == 200)
        #expect(history[0] > 1e5, "the first step's loss explodes, as the lesson relu-vs-tanh shows")
        let facts = try #require(outcome.blocks.compactMap { if case .definitions(let list) = $0 { list } else { nil } }.first)
        let shown = try #require(facts.items.first { $0.term.contains("median") }?.text.trimmingCharacters(in: CharacterSet(charactersIn: "`")))
        let smoothed = try #require(Double(shown))
        let latest = history.suffix(SmoothedLoss.window)
        #expect(smoothed >= latest.min()! && smoothed <= latest.max()!, "\(smoothed) beside \(latest)")
        #expect(pipe.updates.last?.first?.contains("median loss \(shown) ") == true, "\(String(describing: pipe.updates.last))")
    }

    @Test("sample --top writes each column of probabilities in one format")
    func topProbabilitiesShareAFormat() {
        // not 0.008854 over 7.6e-04
        #expect(probabilityColumns([[0.9, 0.008854], [0.95, 0.00076]]).map { $0[1] } == ["0.008854", "0.000760"])
        // a column that would write its smallest value apart is all in scientific notation
        let apart = probabilityColumns([[0.3], [0.2], [0.1], [1e-9]]).map { $0[0] }
        #expect(apart.allSatisfy { $0.contains("e") }, "\(apart)")
        let help = CommandSpec.sample.help + CommandSpec.sample.options.map(\.summary).joined(separator: " ")
        #expect(help.contains("--top N") && !help.contains(" K "), "the usage line says --top N")
    }

    @Test("sample --top past the vocabulary lists every character the model knows, and says so; with --length 0 it is refused")
    func topIsCappedAtTheVocabulary() throws {
        let session = try labSession(["model lstm --hidden 8 --seed 1", "train charlm \"hello world hello\" --steps 5"])
        let outcome = session.execute("sample --length 5 --temperature 0 --top 12")
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        let table = try #require(outcome.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(table.columns.count == 8, "hello world has 8 characters: \(table.columns.map(\.name))")
        #expect(table.rows.allSatisfy { row in row.cells.count == 8 }, "no empty column")
        let notes = outcome.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
        #expect(notes.contains("--top 12 asks for more than the 8 characters 'lstm' knows; the table lists all 8"), "\(notes)")
        #expect(!session.execute("sample --length 5 --top 8").blocks.contains { if case .note(let text) = $0 { text.contains("asks for more") } else { false } })
        let empty = session.execute("sample --top 3 --length 0")
        #expect(empty.error?.message == "sample: --top 3 lists the likely characters of each step generated, and --length 0 generates none; give --length 1 or more")
        #expect(empty.blocks.isEmpty)
        #expect(session.execute("sample --length 0").error == nil, "without --top, --length 0 is still allowed")
    }

    @Test("a loss that is not finite at step 1 is blamed on the starting weights, not on the learning rate or clipping")
    func anOverflowOnTheFirstPassAsksForSmallerWeights() throws {
        let session = try labSession(["model rnn --activation relu --radius 3 --hidden 4 --seed 1"])
        let outcome = session.execute("train adding 250 --steps 3")
        let warning = try #require(outcome.blocks.compactMap { if case .warning(let text) = $0 { text } else { nil } }.first)
        #expect(warning.contains("at step 1;"), "\(warning)")
        #expect(warning.contains("A lower learning rate or clipping cannot help: the loss was already not finite on the first forward pass"), "\(warning)")
        #expect(warning.contains("a smaller --radius") && warning.contains("shorter sequences") && warning.contains("--activation tanh"), "\(warning)")
        #expect(!warning.contains("--lr"), "\(warning)")
        // a tanh model is not told to use tanh
        #expect(TrainingOutcome.firstPassOverflow(step: 1, loss: .infinity, relu: false, trained: false)?.contains("tanh") == false)
        // a loss that overflows later is the learning rate's or the clipping's to fix
        #expect(TrainingOutcome.firstPassOverflow(step: 2, loss: .infinity, relu: true, trained: false) == nil)
        #expect(TrainingOutcome.firstPassOverflow(step: 1, loss: 3, relu: true, trained: false) == nil)
    }

    @Test("in train mode, sample and evaluate say that they run without dropout")
    func sampleAndEvaluateSayTheyDropNothing() throws {
        let session = Session()
        for line in ["model lstm --hidden 8 --seed 1 --dropout 0.5 --layers 2", "train charlm \"hello\" --steps 20"] {
            #expect(!session.execute(line).failed, "\(line)")
        }
        let notes = { (line: String) in session.execute(line).blocks.filter { if case .note(let text) = $0 { text.contains("without dropout") } else { false } } }
        #expect(notes("sample --prime h --length 4 --temperature 0").isEmpty, "eval mode needs no word")
        _ = session.execute("mode train")
        let inTrain = session.execute("sample --prime h --length 4 --temperature 0")
        #expect(notes("sample --prime h --length 4 --temperature 0").count == 1)
        #expect(notes("evaluate").count == 1)
        // and the sample is the one eval mode gives: no dropout
        _ = session.execute("mode eval")
        #expect(session.execute("sample --prime h --length 4 --temperature 0").blocks.first == inTrain.blocks.first)
    }
}

@Suite("Training commands: options, stopping and errors")
struct TrainingCommandBehaviourTests {
    @Test("a short race keeps three models and shows a table with one row each")
    func shortRace() throws {
        let session = Session()
        let outcome = session.execute("race rnn lstm gru adding 8 --hidden 4 --steps 3 --batch 2")
        #expect(!outcome.failed, "\(String(describing: outcome.error))")
        for kind in ["rnn", "lstm", "gru"] {
            let model = try #require(session.state.model(named: "race-\(kind)"))
            #expect(model.lossHistory.count == 3)
            #expect(model.network?.kind.rawValue == kind)
            #expect(model.head?.outputSize == 1)
            #expect(session.modelNames.contains("race-\(kind)"))
        }
        #expect(session.state.model(named: "race-lstm")?.settings?.forgetBias == 1)
        let tables = outcome.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }
        #expect(tables.count == 1)
        #expect(tables.first?.rows.map(\.label) == ["race-rnn", "race-lstm", "race-gru"])
        // the parameters column counts the network as `params` does (4·4·(2+4) + 2·4·4 = 128 for the LSTM)
        let column = try #require(tables.first?.columns.firstIndex { $0.name == "parameters" })
        #expect(tables.first?.rows.map { $0.cells[column] } == [32, 128, 96].map { .number($0) })
        let plots = outcome.blocks.compactMap { block -> LinePlot? in if case .plot(let plot) = block { plot } else { nil } }
        #expect(plots.first?.series.count == 3)
    }

    @Test("a race gives the same losses as training each model alone, however the threads run")
    func raceIsDeterministic() throws {
        let session = Session()
        _ = session.execute("race rnn gru adding 6 --hidden 3 --steps 4 --batch 2 --seed 3")
        let raced = try #require(session.state.model(named: "race-gru")).lossHistory
        let alone = sessionWithModel(.gru, hidden: 3, seed: 3)
        _ = alone.execute("train adding 6 --steps 4 --batch 2 --seed 3")
        #expect(alone.state.currentModel?.lossHistory == raced)
    }

    @Test("a race with layer norm and dropout trains each model as `model` and `train` with them would")
    func raceWithRegularization() throws {
        let options = "--layers 2 --layer-norm --dropout 0.3 --recurrent-dropout 0.1"
        let session = Session()
        let outcome = session.execute("race rnn gru adding 6 --hidden 3 --steps 4 --batch 2 --seed 3 \(options)")
        #expect(!outcome.failed, "\(String(describing: outcome.error))")
        #expect(outcome.blocks.contains(.note("every model: layer norm; dropout 0.3, recurrent dropout 0.1 in the training steps (not when scored)")))
        let raced = try #require(session.state.model(named: "race-gru"))
        #expect(raced.network?.layerNorm == true && raced.network?.numLayers == 2)
        #expect(raced.dropout == DropoutRates(between: 0.3, input: 0, recurrent: 0.1))
        let alone = Session()
        _ = alone.execute("model gru --hidden 3 --seed 3 \(options)")
        let trained = alone.execute("train adding 6 --steps 4 --batch 2 --seed 3")
        #expect(!trained.failed, "\(String(describing: trained.error))")
        #expect(alone.state.currentModel?.lossHistory == raced.lossHistory)
        let plain = Session()
        _ = plain.execute("race gru adding 6 --hidden 3 --steps 4 --batch 2 --seed 3 --layers 2 --layer-norm")
        #expect(plain.state.model(named: "race-gru")?.lossHistory != raced.lossHistory, "the dropout changed nothing")
    }

    @Test("Ctrl-C stops after the current step, keeps the weights, and the next train continues")
    func interruptionKeepsWeights() throws {
        let session = sessionWithModel(.lstm, hidden: 4)
        var checks = 0
        session.interruptionCheck = { checks += 1; return checks > 40 }
        let stopped = session.execute("train adding 6 --steps 100 --batch 4")
        #expect(!stopped.failed)
        let afterStop = try #require(session.state.currentModel)
        let done = afterStop.lossHistory.count
        // 40 checks: 10 steps of 4 sequences, or 20 when half of each batch runs on a second core.
        #expect(done == 10 || done == 20)
        #expect(stopped.blocks.contains { if case .note(let text) = $0 { text.contains("stopped by Ctrl-C after \(done) of 100 steps") } else { false } })
        session.interruptionCheck = { false }
        _ = session.execute("train adding 6 --steps 5 --batch 4")
        let continued = try #require(session.state.currentModel)
        #expect(continued.lossHistory.count == done + 5)
        #expect(Array(continued.lossHistory.prefix(done)) == afterStop.lossHistory)
        #expect(continued.training?.gradientNorms.count == done + 5)
    }

    @Test("another --lr starts a new optimizer on the next data, and another --seed new data for the same optimizer, each with a note")
    func changedSettingsSayWhatCarriesOn() throws {
        func notes(_ outcome: Lab.CommandOutcome) -> [String] {
            outcome.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
        }
        // A step's loss is taken before its update, so the third loss is that of the same
        // weights whatever the new rate: on the next batch it equals the third loss of a run
        // that kept its rate, and on the first batch again it would not.
        let split = sessionWithModel(.gru, hidden: 3)
        _ = split.execute("train adding 6 --steps 2 --batch 2 --optimizer sgd --lr 0.1")
        let changed = split.execute("train adding 6 --steps 2 --batch 2 --optimizer sgd --lr 0.2")
        #expect(notes(changed).contains { $0.contains("the weights and the place in the data are kept") }, "\(notes(changed))")
        let kept = sessionWithModel(.gru, hidden: 3)
        _ = kept.execute("train adding 6 --steps 2 --batch 2 --optimizer sgd --lr 0.1")
        _ = kept.execute("train adding 6 --steps 2 --batch 2 --optimizer sgd --lr 0.1")
        let splitLosses = try #require(split.state.currentModel?.lossHistory), keptLosses = try #require(kept.state.currentModel?.lossHistory)
        #expect(splitLosses.count == 4 && keptLosses.count == 4)
        #expect(splitLosses.prefix(3) == keptLosses.prefix(3))
        #expect(splitLosses[3] != keptLosses[3])
        let reseeded = split.execute("train adding 6 --steps 1 --batch 2 --optimizer sgd --lr 0.2 --seed 5")
        #expect(notes(reseeded).contains { $0.contains("--seed 5 draws the data afresh") && $0.contains("optimizer's state") }, "\(notes(reseeded))")
    }

    @Test("what a run changes before it starts is printed before its progress lines")
    func notesComeBeforeTheRun() throws {
        final class Screen: LiveOutput {
            var lines: [String] = []
            let redrawsInPlace = false, width = 80, unicode = true
            func update(_ lines: [String]) { self.lines += lines.map { "live: " + $0 } }
            func finish() {}
        }
        let session = try labSession(["model lstm --hidden 8", "feed \"hi\"", "train charlm \"hi\" --steps 2"])
        let screen = Screen()
        session.liveOutput = screen
        session.blockOutput = { blocks in screen.lines += texts(blocks) }
        let outcome = session.execute("train charlm \"hello world\" --steps 20 --every 10")
        #expect(outcome.error == nil)
        let anew = screen.lines.firstIndex { $0.contains("were made anew to fit") }
        let again = screen.lines.firstIndex { $0.contains("its loss history starts again") }
        let live = screen.lines.firstIndex { $0.hasPrefix("live: ") }
        #expect(anew != nil && again != nil && live != nil, "\(screen.lines)")
        if let anew, let again, let live { #expect(anew < live && again < live, "\(screen.lines)") }
        #expect(!texts(outcome.blocks).contains { $0.contains("made anew") || $0.contains("starts again") }, "said once, before")
        // without a way to print before the run ends, the notes come with the result
        let quiet = try labSession(["model lstm --hidden 8", "feed \"hi\""])
        #expect(texts(quiet.execute("train charlm \"hello world\" --steps 2").blocks).contains { $0.contains("made anew") })
    }

    @Test("a race says what every model starts with (forget bias, dropout that drops nothing) before its progress lines")
    func raceNotesComeBeforeTheRun() throws {
        final class Screen: LiveOutput {
            var lines: [String] = []
            let redrawsInPlace = false, width = 80, unicode = true
            func update(_ lines: [String]) { self.lines += lines.map { "live: " + $0 } }
            func finish() {}
        }
        let session = Session()
        let screen = Screen()
        session.liveOutput = screen
        session.blockOutput = { blocks in screen.lines += texts(blocks) }
        let outcome = session.execute("race rnn lstm adding 6 --hidden 3 --steps 4 --batch 2 --every 2 --dropout 0.2")
        #expect(outcome.error == nil, "\(outcome.text)")
        let heading = screen.lines.firstIndex { $0.hasPrefix("Race on ") }
        let bias = screen.lines.firstIndex { $0.contains("forget-gate bias 1") }
        let idle = screen.lines.firstIndex { $0.contains("with one layer it drops nothing") }
        let live = screen.lines.firstIndex { $0.hasPrefix("live: ") }
        #expect(heading != nil && bias != nil && idle != nil && live != nil, "\(screen.lines)")
        if let heading, let bias, let idle, let live { #expect(heading < live && bias < live && idle < live, "\(screen.lines)") }
        #expect(!texts(outcome.blocks).contains { $0.contains("forget-gate bias") || $0.hasPrefix("Race on ") }, "said once, before")
        // without a way to print before the run ends, the notes come with the result
        let quiet = Session().execute("race rnn lstm adding 6 --hidden 3 --steps 2 --batch 2")
        #expect(texts(quiet.blocks).contains { $0.contains("forget-gate bias 1") }, "\(quiet.text)")
    }

    @Test("a loss that overflows stops with the step and advice, and nothing garbled is shown")
    func divergenceMessage() throws {
        let session = sessionWithModel(.rnn, hidden: 4)
        let outcome = session.execute("train adding 6 --optimizer sgd --lr 1e9 --clip none --steps 300")
        #expect(!outcome.failed)
        let warning = outcome.blocks.compactMap { block -> String? in if case .warning(let text) = block { text } else { nil } }.first
        let text = try #require(warning)
        #expect(text.contains("at step "))
        #expect(text.contains("--clip norm:1"))
        #expect(text.contains("lower learning rate"))
        let model = try #require(session.state.currentModel)
        #expect(model.lossHistory.allSatisfy { $0.isFinite })
        #expect(model.network!.parameters.tensors.allSatisfy { $0.values.allSatisfy { $0.isFinite } })
        let rendered = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(outcome.blocks)
        #expect(!rendered.lowercased().contains("nan"))
        // the loss spans many orders of magnitude: its plot's legend says the scale is logarithmic, and only it
        let plot = try #require(outcome.blocks.compactMap { block -> LinePlot? in if case .plot(let plot) = block { plot } else { nil } }.first)
        #expect(plot.logY)
        let drawn = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render([.plot(plot)])
        let scaleLines = drawn.split(separator: "\n").filter { $0.contains("log scale") }
        #expect(scaleLines.count == 1 && scaleLines.allSatisfy { $0.hasSuffix("(log scale)") && $0.contains("each step") }, "\(drawn)")
        #expect(!rendered.contains("\u{1B}"))
    }

    @Test("race's advice after a model's loss overflows names only race's options that help: clipping only for SGD run unclipped")
    func raceOverflowAdvice() throws {
        func warnings(_ line: String) -> [String] {
            Session().execute(line).blocks.compactMap { block -> String? in if case .warning(let text) = block { text } else { nil } }
        }
        let unclipped = warnings("race rnn lstm adding 6 --hidden 4 --optimizer sgd --lr 1e12 --clip none --steps 60 --batch 2")
        #expect(unclipped.count == 2, "\(unclipped)")
        #expect(unclipped.allSatisfy { $0.hasSuffix("Try a lower learning rate (--lr 0.01, the default) or clipping the gradient (--clip norm:1).") }, "\(unclipped)")
        // clipped already (here too loosely to matter): a lower learning rate is what bounds the updates
        let clipped = warnings("race rnn adding 6 --hidden 4 --optimizer sgd --lr 1e12 --clip value:1e300 --steps 60 --batch 2")
        #expect(clipped.count == 1, "\(clipped)")
        #expect(clipped.allSatisfy { $0.hasSuffix("Try a lower learning rate (--lr 0.01, the default).") && !$0.contains("--clip") && !$0.contains("--radius") },
                "\(clipped)")
    }

    @Test("train's progress lines never show a step whose update was undone after the loss overflowed, as race's do not")
    func trainLinesLeaveOutAnUndoneStep() throws {
        let session = Session()
        let screen = RecordedLines()
        session.liveOutput = screen
        _ = session.execute("model rnn --activation relu --hidden 8 --seed 1 --radius 1.2")
        let outcome = session.execute("train adding 20 --steps 100 --lr 30 --clip none --optimizer sgd --every 1")
        let warning = try #require(outcome.blocks.compactMap { block -> String? in if case .warning(let text) = block { text } else { nil } }.first)
        let undone = try #require(warning.firstMatch(of: /step (\d+)'s update, which led there, is undone/).map { Int($0.1)! },
                                  "the run no longer undoes a step: \(warning)")
        let kept = try #require(session.state.currentModel).lossHistory
        #expect(kept.count == undone - 1)
        #expect(!screen.lines.contains { $0.contains("step \(undone)/100") }, "\(screen.lines.suffix(3))")
        let last = try #require(screen.lines.last)
        #expect(last.hasPrefix("rnn  step \(undone - 1)/100  loss \(ProgressText.number(kept.last!))"), "\(last)")
    }

    @Test("a continued run's gradient norms and loss curve name the same steps, every run's")
    func continuedRunShowsOneSpanOfSteps() throws {
        let session = Session()
        _ = session.execute("model lstm --hidden 4 --seed 1")
        _ = session.execute("train adding 10 --steps 30")
        let again = session.execute("train adding 10 --steps 20")
        let norms = try #require(again.blocks.compactMap { block -> SparklineGroup? in if case .sparklines(let group) = block { group } else { nil } }.first)
        let plot = try #require(again.blocks.compactMap { block -> LinePlot? in if case .plot(let plot) = block { plot } else { nil } }.first)
        #expect(norms.firstIndex == Int(plot.firstX) && norms.series[0].values.count == plot.series[0].values.count,
                "‖g‖ from step \(norms.firstIndex), \(norms.series[0].values.count) steps; the loss from \(plot.firstX), \(plot.series[0].values.count)")
        #expect(norms.firstIndex == 1 && norms.series[0].values == session.state.currentModel?.training?.gradientNorms)
    }

    @Test("after a race's loss overflows and a step is undone, the last progress line's median is the table's, over the steps kept")
    func raceLinesAgreeWithTheTableAfterAnUndoneStep() throws {
        let session = Session()
        let screen = RecordedLines()
        session.liveOutput = screen
        let outcome = session.execute("race rnn lstm sine --steps 60 --optimizer sgd --lr 50 --clip none --hidden 8 --every 6")
        #expect(!outcome.failed, "\(outcome.text)")
        let undone = outcome.blocks.filter { block in if case .warning(let text) = block { text.contains("which led there, is undone") } else { false } }
        #expect(undone.count == 2, "the runs no longer undo a step: \(outcome.text)")
        let table = try #require(outcome.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }.first)
        let last = try #require(screen.lines.last)
        for (row, name) in ["race-rnn", "race-lstm"].enumerated() {
            let median = SmoothedLoss(of: try #require(session.state.model(named: name)).lossHistory).value
            #expect(table.rows[row].cells.first == .number(median))
            #expect(last.contains("\(name) \(ProgressText.number(median))"), "\(screen.lines)")
        }
    }

    @Test("a progress line's number in powers of ten never shows a mantissa of 10: 9.96e+23 is 1.0e+24")
    func progressNumbersKeepTheirMantissaBelowTen() {
        #expect(ProgressText.number(9.96e23) == "1.0e+24")
        #expect(ProgressText.number(-9.97e-5) == "-1.0e-04")
        #expect(ProgressText.number(1.2e-5) == "1.2e-05")
        #expect(ProgressText.number(3.04e7) == "3.0e+07")
        // rounded up to a thousandth, a number reads as 0.001 does (a training time of 0.00099996 s)
        #expect(ProgressText.number(0.001) == "0.001000")
        #expect(ProgressText.number(0.00099996) == "0.001000")
        #expect(ProgressText.number(-0.00099996) == "-0.001000")
        #expect(ProgressText.number(0.000994) == "9.9e-04")
        for exponent in 5...300 {
            let text = ProgressText.number(9.99 * pow(10, Double(exponent)))
            #expect(text == "1.0e+\(exponent + 1 < 10 ? "0" : "")\(exponent + 1)", "\(exponent): \(text)")
        }
    }

    @Test("train's advice after its loss overflows is race's: clipping only for SGD run unclipped, else a lower learning rate")
    func trainOverflowAdvice() throws {
        func warning(_ clip: String) -> String? {
            let session = sessionWithModel(.rnn, hidden: 4)
            return session.execute("train adding 6 --optimizer sgd --lr 1e12 --clip \(clip) --steps 60 --batch 2").blocks
                .compactMap { block -> String? in if case .warning(let text) = block, text.contains("became") { text } else { nil } }.first
        }
        let unclipped = try #require(warning("none"))
        #expect(unclipped.hasSuffix("Try a lower learning rate (--lr 0.01, the default) or clipping the gradient (--clip norm:1)."), "\(unclipped)")
        let clipped = try #require(warning("value:1e300"))
        #expect(clipped.hasSuffix("Try a lower learning rate (--lr 0.01, the default)."), "\(clipped)")
    }

    @Test("the advice suggests a tenth of the learning rate, or the default when a tenth would still exceed 1", arguments: [
        (0.5, "--lr 0.05"), (10.0, "--lr 1"), (11.0, "--lr 0.01, the default"), (1e12, "--lr 0.01, the default"),
    ])
    func overflowAdviceSuggestsALowerRate(learningRate: Double, suggestion: String) {
        let sgd = TrainingConfiguration(optimizer: .sgd, learningRate: learningRate, clipping: .none)
        #expect(sgd.overflowAdvice == "Try a lower learning rate (\(suggestion)) or clipping the gradient (--clip norm:1).")
        #expect(TrainingConfiguration(learningRate: learningRate).overflowAdvice == "Try a lower learning rate (\(suggestion)).")
    }

    @Test("on a pipe a progress line every N steps, without timings; on a terminal one line redrawn")
    func liveOutput() throws {
        let piped = sessionWithModel(.gru, hidden: 4)
        let pipe = RecordingLiveOutput(redrawsInPlace: false)
        piped.liveOutput = pipe
        _ = piped.execute("train charlm \"hello\" --steps 30 --every 10")
        #expect(pipe.updates.count == 3)
        #expect(pipe.updates.map { $0.first?.hasPrefix("gru  step ") ?? false } == [true, true, true])
        #expect(pipe.updates.last?.first?.contains("step 30/30") == true)
        #expect(pipe.updates.allSatisfy { !($0.first ?? "").contains("steps/s") })
        #expect(pipe.finishCount == 1)
        // a continued run's smoothed loss carries on from the runs before it, as the summary's does
        let again = piped.execute("train charlm \"hello\" --steps 10 --every 10")
        let summary = try #require(again.blocks.compactMap { if case .definitions(let list) = $0 { list } else { nil } }.first)
        let smoothed = try #require(summary.items.first { $0.term.contains("median") }?.text.trimmingCharacters(in: CharacterSet(charactersIn: "`")))
        #expect(pipe.updates.last?.first?.contains("step 10/10") == true)
        #expect(pipe.updates.last?.first?.contains("median loss \(smoothed) ") == true, "\(String(describing: pipe.updates.last)) vs \(smoothed)")
        let terminal = sessionWithModel(.gru, hidden: 4)
        let screen = RecordingLiveOutput(redrawsInPlace: true, width: 60)
        terminal.liveOutput = screen
        terminal.slowCommandThreshold = .seconds(3600)  // the training's own lines only, however busy the machine
        _ = terminal.execute("train charlm \"hello\" --steps 30")
        let last = try #require(screen.updates.last?.first)
        #expect(last.contains("step 30/30"))
        #expect(last.contains("steps/s"))
        #expect(last.count <= 59)
        let first = try #require(screen.updates.first?.first)
        #expect(first.hasPrefix("gru  step 0/30  the first step is running"), "shown before the first step ends")
        #expect(first.count <= 59)
    }

    @Test("on a terminal a step that runs long says for how long, with the loss so far")
    func slowStepLine() throws {
        let session = Session()
        let screen = RecordingLiveOutput(redrawsInPlace: true, width: 80)
        session.liveOutput = screen
        let task = try AddingTask(length: 40)
        let network = try RecurrentNetwork(kind: .lstm, inputSize: task.inputSize, hiddenSize: 4, seed: 1)
        var trainer = try Trainer(network: network, head: try OutputHead(for: task, on: network, seed: 1), task: task,
                                  configuration: TrainingConfiguration(steps: 3, batchSize: 2))
        // every step counts as slow, so the line is redrawn whenever the trainer asks whether to stop
        let outcome = LiveTraining.run(&trainer, session: session, label: "lstm", every: 1, slowStep: .zero)
        #expect(outcome.ending == .finished)
        let lines = screen.updates.compactMap(\.first)
        #expect(lines.first == "lstm  step 0/3  the first step is running (Ctrl-C stops it)")
        #expect(lines.filter { $0.hasPrefix("lstm  step 0/3") }.count > 1, "redrawn while the first step runs")
        let later = try #require(lines.first { $0.hasPrefix("lstm  step 2/3  median loss ") })
        #expect(later.hasSuffix("step 3 running for 0:00 (Ctrl-C stops it)"))
        #expect(lines.last?.contains("step 3/3") == true, "the last line is the finished step's")
    }

    @Test("on a terminal any slow command says it still runs, and the line goes when it ends; train draws its own")
    func slowCommandLine() throws {
        let session = Session()
        let screen = RecordingLiveOutput(redrawsInPlace: true, width: 80)
        session.liveOutput = screen
        session.slowCommandThreshold = .zero  // every command counts as slow
        #expect(session.execute("sleep 0.05").error == nil)
        #expect(screen.updates.first == ["sleep: running for 0:00 (Ctrl-C stops it)"])
        #expect(screen.clearCount == 1, "the line is taken away")
        _ = session.execute("model gru --hidden 3")
        let before = screen.updates.count
        _ = session.execute("train adding 6 --steps 2 --batch 2")
        #expect(!screen.updates[before...].contains { $0.first?.contains("train: running") == true }, "\(screen.updates[before...])")
        // a race draws its own lines while it trains, then says which model it scores
        let raceStart = screen.updates.count
        _ = session.execute("race rnn gru adding 6 --hidden 2 --steps 2 --batch 2")
        let raced = screen.updates[raceStart...].compactMap(\.first)
        let trained = raced.lastIndex { $0.hasPrefix("race-gru") || $0.hasPrefix("race-rnn") }
        let scoring = raced.lastIndex { $0.hasPrefix("race: scoring race-gru on fresh sequences, running for") }
        #expect(trained != nil && scoring != nil && trained! < scoring!, "\(raced)")
        let pipe = RecordingLiveOutput(redrawsInPlace: false)
        session.liveOutput = pipe
        _ = session.execute("sleep 0.02")
        #expect(pipe.updates.isEmpty, "a pipe gets no such line")
    }

    @Test("a race's lane lines keep step, loss, time and sparkline in columns when every field differs in width")
    func raceLaneColumns() throws {
        // steps, smoothed loss (of losses all alike) and time, as each lane's line writes them
        let fields = [("7/1000", "0.500000", "0:03"), ("1000/1000", "0.005000", "1:02:05"), ("42/1000", "0.000015", "10:00")]
        let lanes = [(7, 0.5, 3.0), (1000, 0.005, 3725.0), (42, 1.5e-5, 600.0)].map { steps, loss, seconds in
            RaceBoard.Lane(losses: Array(repeating: loss, count: steps), elapsedSeconds: seconds)
        }
        let lines = RaceRunner.terminalLines(names: ["race-rnn", "race-lstm", "race-gru"], lanes: lanes, total: 1000,
                                             live: RecordingLiveOutput(redrawsInPlace: true, width: 200))
        func column(_ text: String, in line: String) -> Int? {
            line.firstRange(of: text).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        // where each field starts: steps, loss, time, and the sparkline's first mark
        let columns = zip(lines, fields).map { line, field in
            [column("step " + field.0, in: line), column("loss " + field.1, in: line),
             column("  " + field.2 + " ", in: line).map { $0 + 2 },
             line.firstIndex { "▁▂▃▄▅▆▇█".contains($0) }.map { line.distance(from: line.startIndex, to: $0) }]
        }
        #expect(columns.count == 3 && !columns[0].contains(nil), "\(lines)")
        #expect(columns.allSatisfy { $0 == columns[0] }, "\(lines.joined(separator: "\n"))")
    }

    @Test("a race's lane lines write their losses in one format, as a table writes a column")
    func raceLaneLossesShareAFormat() {
        func losses(_ smoothed: [Double]) -> [Substring?] {
            let lanes = smoothed.map { RaceBoard.Lane(losses: Array(repeating: $0, count: 50), elapsedSeconds: 5) }
            let lines = RaceRunner.terminalLines(names: ["race-rnn", "race-lstm", "race-gru"].prefix(lanes.count).map { $0 },
                                                 lanes: lanes, total: 50, live: RecordingLiveOutput(redrawsInPlace: true, width: 100))
            return lines.map { line in line.firstRange(of: "loss ").map { line[$0.upperBound...].prefix { $0 != " " } } }
        }
        // not 0.002117 over 7.0e-04: one above the other, they read alike
        #expect(losses([0.002117, 7.0e-4]) == ["0.002117", "0.000700"])
        #expect(losses([0.002117, 7.0e-4, 0.6510]) == ["0.00212", "0.00070", "0.65100"])
        #expect(losses([2.5e-4, 7.0e-5]) == ["2.500e-04", "7.000e-05"])
        // a lane that has not taken a step yet does not change the others' format
        let waiting = RaceRunner.lossTexts([RaceBoard.Lane(losses: [0.5]), RaceBoard.Lane()])
        #expect(waiting == ["0.5000", nil])
    }

    @Test("a narrow screen leaves out whole fields of a training line, the sparkline first, never half a word", arguments: [
        (60, "clipped  step 100/100  median 1.2e+216  0:00 left"),
        (40, "clipped  step 100/100  median 1.2e+216"),
        (30, "clipped  step 100/100  …"),
    ])
    func trainingLineAtWidth(width: Int, expected: String) {
        let progress = TrainingProgress(step: 100, totalSteps: 100, loss: 1.2e216, gradientNorm: 3, elapsedSeconds: 0.909)
        func line(_ width: Int) -> String {
            LiveTraining.terminalLine(label: "clipped", progress: progress, smoothed: 1.2e216, losses: (1...100).map(Double.init),
                                      live: RecordingLiveOutput(redrawsInPlace: true, width: width))
        }
        #expect(line(width) == expected)
        #expect(line(200).hasPrefix("clipped  step 100/100  median loss 1.2e+216  110.0 steps/s  0:00 left  ▁"), "all of it when there is room")
    }

    @Test("a piped training line fits a narrow screen: the median loss goes first, then the gradient norm", arguments: [
        (80, "rnn  step 100/100  loss 1.383  median loss 1.391  grad norm 0.3467"),
        (60, "rnn  step 100/100  loss 1.383  grad norm 0.3467"),
        (40, "rnn  step 100/100  loss 1.383"),
    ])
    func pipedTrainingLineAtWidth(width: Int, expected: String) {
        let progress = TrainingProgress(step: 100, totalSteps: 100, loss: 1.383, gradientNorm: 0.3467, elapsedSeconds: 0.5)
        #expect(LiveTraining.pipeLine(label: "rnn", progress: progress, smoothed: 1.391, width: width) == expected)
    }

    @Test("every progress line and summary calls the median of the last 20 steps by one name; `loss` alone is one step's")
    func theMedianHasOneName() throws {
        // the last step's loss and the median differ, so each line shows which it writes
        let losses = (1...30).map { Double($0) / 10 }
        var median = SmoothedLoss()
        for loss in losses { median.add(loss) }
        let (last, middle) = (ProgressText.number(losses.last!), ProgressText.number(median.value))
        #expect(last == "3.000" && middle == "2.050")
        let progress = TrainingProgress(step: 30, totalSteps: 30, loss: losses.last!, gradientNorm: 0.5, elapsedSeconds: 1)
        let live = LiveTraining.terminalLine(label: "rnn", progress: progress, smoothed: median.value, losses: losses,
                                             live: RecordingLiveOutput(redrawsInPlace: true, width: 80))
        #expect(live.contains("  median loss \(middle)  ") && !live.contains(last), "\(live)")
        let running = LiveTraining.runningLine(label: "rnn", done: 30, total: 31, smoothed: median.value, seconds: 5,
                                               live: RecordingLiveOutput(redrawsInPlace: true, width: 100))
        #expect(running.contains("  median loss \(middle)  "), "\(running)")
        let piped = LiveTraining.pipeLine(label: "rnn", progress: progress, smoothed: median.value, width: 80)
        #expect(piped.contains("  loss \(last)  median loss \(middle)  "), "\(piped)")
        let lanes = RaceRunner.terminalLines(names: ["race-rnn"], lanes: [RaceBoard.Lane(losses: losses, elapsedSeconds: 1)], total: 30,
                                             live: RecordingLiveOutput(redrawsInPlace: true, width: 100))
        #expect(lanes.first?.contains("  median loss 2.050") == true, "\(lanes)")
        // the summary and the race's table and plot say over what, in the same words
        let session = try labSession(["model gru --hidden 2"])
        let summary = session.execute("train adding 5 --steps 2").blocks.compactMap { if case .definitions(let list) = $0 { list } else { nil } }.first
        #expect(summary?.items.map(\.term).contains("median MSE, last 20 steps") == true)
        let race = session.execute("race rnn gru adding 5 --hidden 2 --steps 2")
        #expect(race.blocks.contains { if case .table(let table) = $0 { table.columns.first?.name == "median" } else { false } })
        #expect(race.blocks.contains { if case .note(let text) = $0 { text.hasPrefix("median: the median of the last 20 training steps' losses, the progress lines' median loss;") } else { false } })
        #expect(!race.text.contains("smoothed"), "\(race.text)")
    }

    @Test("a lane that ends early pads its sparkline to the width of a finished one", arguments: [7, 24, 25, 60, 1000, 2401, 100_000])
    func fullSparklineWidth(total: Int) {
        let finished = ProgressText.sparkline((0..<total).map { Double($0 % 5) }, total: total, unicode: true)
        #expect(finished.count == ProgressText.fullSparklineWidth(total: total))
        #expect(ProgressText.sparkline([1, 2], total: total, unicode: true).count <= finished.count)
    }

    @Test("a model whose input does not fit gets new input weights and a note; a loaded one is refused")
    func inputLayer() throws {
        let session = sessionWithModel(.lstm, hidden: 4)
        _ = session.execute("train charlm \"hello\" --steps 2")
        let before = try #require(session.state.currentModel?.network)
        let outcome = session.execute("train adding 6 --steps 1")
        #expect(outcome.blocks.contains { if case .note(let text) = $0 { text.contains("but `adding 6` gives 2: its input weights (weight_ih_l0) were made anew to fit") } else { false } },
                "\(outcome.blocks)")
        let after = try #require(session.state.currentModel?.network)
        #expect(after.inputSize == 2)
        #expect(after.hiddenSize == before.hiddenSize)
        #expect(session.state.currentModel?.lossHistory.count == 1)

        let bidirectional = Session()
        bidirectional.state.currentModel = LabModel(
            name: "both", settings: ModelSettings(kind: .gru, hiddenSize: 3, layers: 2, bidirectional: true), network: nil)
        _ = bidirectional.execute("train sine 8 --steps 1")
        let kept = try #require(bidirectional.state.currentModel?.network?.parameter("weight_hh_l1_reverse"))
        let retrained = bidirectional.execute("train adding 6 --steps 1")
        #expect(!retrained.failed, "\(String(describing: retrained.error))")
        #expect(bidirectional.state.currentModel?.network?.inputSize == 2)
        #expect(bidirectional.state.currentModel?.network?.parameter("weight_ih_l0_reverse")?.shape == [9, 2])
        // adding scores only the last step, which the top layer's reverse direction reads first,
        // from a zero state: its recurrent weights get no gradient, so equal values show they
        // were carried over rather than made anew.
        #expect(bidirectional.state.currentModel?.network?.parameter("weight_hh_l1_reverse") == kept)

        let loaded = Session()
        var model = LabModel(name: "torch", settings: nil, network: try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 4))
        model.sourceFile = "torch.safetensors"
        loaded.state.currentModel = model
        let refused = loaded.execute("train adding 6")
        #expect(refused.error?.message.contains("was loaded from torch.safetensors") == true)
    }

    @Test("a model kept and not run is said so once: not again at the next feed of that width, again once it ran between")
    func keptAndNotRunIsSaidOnce() {
        let session = sessionWithModel(.rnn, hidden: 3, name: "free")
        _ = session.execute("train sine --steps 3")
        _ = session.execute("model lstm --name other --hidden 3")
        let kept = "free reads 1 feature per step and this input has 4; its weights were trained on sine, so it was kept and not run"
        #expect(session.execute("feed \"abcd\"").text.contains(kept))
        #expect(!session.execute("feed \"dcba\"").text.contains("kept and not run"), "no news")
        #expect(!session.execute("mode train").text.contains("kept and not run"))
        #expect(!session.execute("feed sine 5").text.contains("kept and not run"), "free runs on this one")
        #expect(session.execute("feed \"hello\"").text.contains(kept), "it stopped running again")
    }

    @Test("feeding an input of another width keeps a trained or changed model's weights; an untouched one is made anew")
    func feedKeepsTrainedWeights() throws {
        let session = sessionWithModel(.lstm, hidden: 4, name: "trained")
        _ = session.execute("train charlm \"hello\" --steps 2")
        let trained = try #require(session.state.model(named: "trained")?.network)
        _ = session.execute("model gru --name fresh --hidden 3")
        _ = session.execute("model rnn --name edited --hidden 2")
        _ = session.execute("feed random 3")
        _ = session.execute("set weight_hh_l0[0,0] 0.25")
        let edited = try #require(session.state.model(named: "edited")?.network)
        // The current model must read the input; the others are kept and not run.
        let refused = session.execute("feed \"hi there\"")
        #expect(refused.error?.message.hasPrefix("feed: edited reads 1 number per step, and \"hi there\" gives 6 per step") == true, "\(refused.text)")
        #expect(session.state.input?.source == "random 3", "nothing was fed")
        _ = session.execute("use fresh")
        let fed = session.execute("feed \"hi there\"")
        #expect(!fed.failed, "\(fed.text)")
        #expect(session.state.model(named: "trained")?.network == trained)
        #expect(session.state.model(named: "edited")?.network == edited)
        #expect(fed.text.contains("trained reads 4 features per step and this input has 6; its weights were trained on charlm, so it was kept and not run"),
                "\(fed.text)")
        #expect(fed.text.contains("its weights were changed since it was made, so it was kept"), "\(fed.text)")
        #expect(session.state.model(named: "fresh")?.network?.inputSize == 6, "an untouched model follows the input")
        #expect(session.state.model(named: "trained")?.pass == nil)
    }

    @Test("train, sample and evaluate explain what is missing")
    func errors() {
        #expect(Session().execute("train adding 10").error?.message.contains("there is no model yet") == true)
        let session = sessionWithModel(.rnn, hidden: 3)
        #expect(session.execute("train adding").error?.message.contains("needs a length") == true)
        #expect(session.execute("train charlm").error?.message.contains("needs exactly one text") == true)
        #expect(session.execute("train adding 5 --clip norm:x").error?.message.contains("--clip") == true)
        #expect(session.execute("sample").error?.message.contains("not a character model") == true)
        #expect(session.execute("evaluate").error?.message.contains("has not been trained") == true)
        #expect(session.execute("race adding 5").error?.message.contains("start with the kinds") == true)
        session.record.allowedFileRoots = ["/nonexistent-lesson-folder"]
        #expect(session.execute("train charlm --file /etc/hostname").error?.message.contains("outside the folders") == true)
    }

    @Test("train charlm --file reads a text file and refuses a folder, a missing file and a file too large")
    func trainsFromAFile() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        try "hello world, hello lab\n".write(toFile: folder + "/small.txt", atomically: true, encoding: .utf8)
        try String(repeating: "a", count: TaskChoice.maximumFileBytes + 1).write(toFile: folder + "/large.txt", atomically: true, encoding: .utf8)
        let session = sessionWithModel(.lstm, hidden: 4)
        let trained = session.execute("train charlm --file \(folder)/small.txt --steps 2")
        #expect(!trained.failed, "\(trained.error?.message ?? "")")
        #expect(session.execute("train charlm --file \(folder) --steps 2").error?.message.contains("is not a regular file (a folder") == true)
        #expect(session.execute("train charlm --file \(folder)/missing.txt --steps 2").error?.message.contains("no such file") == true)
        #expect(session.execute("train charlm --file \(folder)/large.txt --steps 2").error?.message.contains("larger than the 1000000 it reads") == true)
    }

    @Test("evaluate reports accuracy and perplexity for a character model")
    func evaluate() throws {
        let session = sessionWithModel(.lstm, hidden: 8)
        _ = session.execute("train charlm \"hello\" --steps 150")
        let outcome = session.execute("evaluate --samples 5")
        #expect(!outcome.failed)
        let table = try #require(outcome.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }.first)
        #expect(table.rows.map(\.label) == ["cross-entropy", "accuracy", "perplexity", "sequences", "scored steps"])
        #expect(table.rows[1].cells == [.text("1.000")])
    }
}

@Suite("Progress lines on a terminal")
struct ProgressLineTests {
    @Test("a training's line leaves the last two columns free, for the ^C a terminal echoes")
    func aTrainingsLineLeavesRoomForTheEcho() throws {
        let session = try labSession(["model lstm --name a-model-with-a-long-name --hidden 4", "feed \"hi\""])
        let screen = RecordingLiveOutput(redrawsInPlace: true, width: 80)
        session.liveOutput = screen
        #expect(session.execute("train charlm \"hello world\" --steps 200").error == nil)
        let lines = screen.updates.flatMap { $0 }
        #expect(lines.contains { $0.contains("step 200/200") }, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 78 }, "\(lines.filter { $0.count > 78 })")
    }

    @Test("a race stopped by Ctrl-C says so on every line, the word whole, within 78 columns")
    func aRacesStatusWordIsNeverCut() throws {
        let session = Session()
        let screen = RecordingLiveOutput(redrawsInPlace: true, width: 80)
        session.liveOutput = screen
        // the line saying the race still runs, while it scores a run that took a second or more
        // (a busy machine), would come after the lanes' lines: this test reads those
        session.slowCommandThreshold = .seconds(3600)
        // Ctrl-C once every lane has taken a step and shows its loss (or after 20 s whatever they show)
        let start = ContinuousClock.now
        session.interruptionCheck = {
            let shown = screen.updates.last ?? []
            return shown.count == 2 && shown.allSatisfy { $0.contains(" loss ") } || ContinuousClock.now - start > .seconds(20)
        }
        #expect(!session.execute("race rnn gru adding 8 --hidden 3 --steps 100000 --batch 2").failed)
        let last = try #require(screen.updates.last)
        #expect(last.count == 2)
        for line in last {
            #expect(line.hasSuffix("  stopped"), "\(line)")
            #expect(line.count <= 78, "\(line)")
        }
    }
}

@Suite("What evaluate and race score on")
struct EvaluationSequenceTests {
    func heading(_ outcome: Lab.CommandOutcome) -> String {
        outcome.blocks.compactMap { if case .heading(let text) = $0 { text } else { nil } }.first ?? ""
    }

    @Test("a text no longer than a window is one sequence: scored once, never called fresh samples")
    func aShortTextIsScoredOnce() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "train charlm \"hello\" --steps 5"])
        let outcome = session.execute("evaluate")
        let title = heading(outcome)
        #expect(!title.contains("fresh"), "\(title)")
        #expect(title.contains("charlm \"hello\", its only sequence, scored once"), "\(title)")
        let table = try #require(outcome.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }.first)
        #expect(table.rows.first { $0.label == "sequences" }?.cells == [.text("1")])
        // a window of 25 steps (--window's default) reads 25 characters and predicts 26
        #expect(outcome.blocks.contains(.note("a text of at most 26 characters is one sequence (a window is 25 steps, "
            + "each reading a character and predicting the next): every sample of it would be the same")), "\(outcome.blocks)")
    }

    @Test("a text with a few windows has each scored once")
    func aTextsFewWindowsAreEachScoredOnce() throws {
        // 32 characters, windows of 25: they start at characters 0 to 6
        let session = try labSession(["model lstm --hidden 4 --seed 1", "train charlm \"hello world, hello lab, bye now!\" --steps 2"])
        let outcome = session.execute("evaluate")
        #expect(heading(outcome).contains("all 7 windows of charlm"), "\(heading(outcome))")
        #expect(!heading(outcome).contains("fresh"))
    }

    @Test("evaluate draws as many new sequences as race scores each model on, and both say how many")
    func evaluateAndRaceScoreAsManySequences() throws {
        let session = Session()
        let race = session.execute("race rnn gru adding 6 --hidden 3 --steps 3 --batch 2")
        let raceNote = try #require(race.blocks.compactMap { if case .note(let text) = $0, text.hasPrefix("median:") { text } else { nil } }.first)
        _ = session.execute("use race-rnn")
        let title = heading(session.execute("evaluate"))
        let count = try #require(title.split(separator: " ").first { Int($0) != nil }.map(String.init), "\(title)")
        #expect(title.contains("\(count) fresh samples of adding 6"), "\(title)")
        #expect(raceNote.contains("the mean loss on \(count) new sequences"), "\(raceNote)")
    }
}

@Suite("Scores of evaluate as values")
struct EvaluationValueTests {
    @Test func accuracyAndLossAreKeptUntilTheWeightsChange() throws {
        let session = Session()
        for line in ["model lstm --hidden 4 --seed 1", "train first 4 --steps 5", "evaluate --samples 20"] {
            #expect(session.execute(line).error == nil, "\(line)")
        }
        let accuracy = try session.values(of: ValueReference(name: "accuracy"))
        #expect(accuracy.count == 1 && (0...1).contains(accuracy[0]))
        #expect(try session.values(of: ValueReference(name: "eval-loss"))[0] > 0)
        #expect(throws: ValueResolutionError.self) { try session.values(of: ValueReference(name: "perplexity")) }
        #expect(session.execute("train first 4 --steps 2").error == nil)
        #expect(throws: ValueResolutionError.self) { try session.values(of: ValueReference(name: "accuracy")) }
    }
}

/// A live output that keeps every line it is given, as a pipe would print them.
private final class RecordedLines: LiveOutput {
    var lines: [String] = []
    let redrawsInPlace = false, width = 200, unicode = true
    func update(_ lines: [String]) { self.lines += lines }
    func finish() {}
}
