import Lessons
import RNNEngine
import Rendering
import Testing
@testable import Lab

@Suite("Lab commands: layer norm, dropout and train/eval mode")
struct RegularizationCommandTests {
    /// The notes of an outcome.
    private func notes(_ outcome: Lab.CommandOutcome) -> [String] {
        outcome.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
    }

    @Test func layerNormKeepsTheExplodingReLURNNsPreActivationsBounded() throws {
        let session = try labSession([
            "model rnn --hidden 8 --activation relu --radius 3 --name plain", "feed random 40",
            "model rnn --hidden 8 --activation relu --radius 3 --layer-norm --name normed",
        ])
        let plain = try session.values(of: reference("plain", "pre", ("t", .index(40))))
        let normed = try session.values(of: reference("normed", "pre", ("t", .index(40))))
        #expect(plain.map(abs).max()! > 1e10)
        #expect(normed.map(abs).max()! < 5)
        let mean = normed.reduce(0, +) / 8
        let std = (normed.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8).squareRoot()
        #expect(abs(mean) < 0.5)
        #expect(std > 0.5 && std < 2.5)
        // 88 plain parameters plus gains and biases of both projections: 4·1·8.
        #expect(try session.values(of: reference("plain", "params")) == [88])
        #expect(try session.values(of: reference("normed", "params")) == [120])
    }

    @Test func setLayerNormAddsAndRemovesTheGainsAndBiasesKeepingTheWeights() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        let weights = session.state.currentModel?.network?.parameter("weight_hh_l0")
        _ = try labRun(session, "set layer-norm on")
        let network = try #require(session.state.currentModel?.network)
        #expect(network.layerNorm)
        #expect(network.parameter("weight_hh_l0") == weights)
        #expect(network.parameter("layer_norm_c_l0.weight")?.values == [1, 1, 1, 1])
        #expect(try session.values(of: reference(nil, "params")) == [160 + 4 * 16 + 2 * 4])
        let shown = try labRun(session, "params")
        guard case .table(let table)? = shown.first else { Issue.record("params shows no table"); return }
        #expect(table.rows.map(\.label).contains("layer_norm_hh_l0.bias"))
        _ = try labRun(session, "set layer-norm off")
        #expect(session.state.currentModel?.network?.layerNorm == false)
        #expect(try session.values(of: reference(nil, "params")) == [160])
        #expect(session.execute("set layer-norm maybe").error?.message.contains("on or off") == true)
    }

    @Test func aModelWithDropoutSaysWhetherTheModeAppliesIt() throws {
        let session = Session()
        func note(_ line: String) -> String? {
            session.execute(line).blocks.compactMap { if case .note(let text) = $0, text.hasPrefix("recurrent dropout") { text } else { nil } }.first
        }
        #expect(note("model gru --hidden 3 --recurrent-dropout 0.5")?.contains("applied in train mode only (now eval; `mode train` turns it on)") == true)
        _ = session.execute("mode train")
        #expect(note("model gru --hidden 3 --recurrent-dropout 0.5")?.contains("applied now, in train mode (`mode eval` turns it off)") == true)
    }

    @Test func evalModeIsDeterministicAndTrainModeDrawsNewMasksEachPass() throws {
        let session = try labSession(["model lstm --hidden 4 --layers 2 --dropout 0.5 --recurrent-dropout 0.3", "feed \"hello\""])
        #expect(session.state.mode == .eval)
        let eval = try session.values(of: reference(nil, "h", ("layer", .index(1))))
        _ = try labRun(session, "feed \"hello\"")
        #expect(try session.values(of: reference(nil, "h", ("layer", .index(1)))) == eval)
        _ = try labRun(session, "mode train")
        let first = try session.values(of: reference(nil, "h", ("layer", .index(1))))
        _ = try labRun(session, "feed \"hello\"")
        let second = try session.values(of: reference(nil, "h", ("layer", .index(1))))
        #expect(first != eval)
        #expect(second != first)
        _ = try labRun(session, "mode eval")
        #expect(try session.values(of: reference(nil, "h", ("layer", .index(1)))) == eval)
        // The same commands in a new session repeat the same masks.
        let replay = try labSession(["model lstm --hidden 4 --layers 2 --dropout 0.5 --recurrent-dropout 0.3", "feed \"hello\"",
                                     "feed \"hello\"", "mode train"])
        #expect(try replay.values(of: reference(nil, "h", ("layer", .index(1)))) == first)
    }

    @Test("sample and evaluate in train mode run as after model.eval(): the same text and scores as in eval mode, one note saying so, and help says it")
    func sampleAndEvaluateRunInEvalModeAndSaySo() throws {
        let session = try labSession(["model lstm --hidden 8 --layers 2 --dropout 0.5", "train charlm \"hello world\" --steps 5"])
        let evalSample = session.execute("sample --length 30 --seed 3")
        let evalScore = session.execute("evaluate")
        #expect(!notes(evalSample).contains { $0.contains("eval mode") }, "\(evalSample.text)")
        _ = try labRun(session, "mode train")
        let trainSample = session.execute("sample --length 30 --seed 3")
        let trainScore = session.execute("evaluate")
        #expect(trainSample.blocks.first == evalSample.blocks.first, "no dropout in the generated text")
        #expect(trainScore.blocks.first == evalScore.blocks.first, "no dropout in the scores")
        for (command, outcome) in [("sample", trainSample), ("evaluate", trainScore)] {
            let said = notes(outcome).filter { $0.contains("eval mode") }
            #expect(said == ["\(command) ran 'lstm' in eval mode, without dropout, as after model.eval(), although the lab is in train mode"], "\(outcome.text)")
            let help = session.execute("help \(command)").text
            #expect(help.contains("in eval mode, without dropout, as PyTorch code"), "\(help)")
        }
    }

    @Test("train mode with no dropout in any model says plainly that it changes nothing yet")
    func trainModeWithoutDropoutChangesNothing() throws {
        let session = try labSession(["model rnn --hidden 3 --seed 1"])
        let switched = try labRun(session, "mode train").description
        #expect(switched.contains("train** mode, which changes nothing until a model has dropout"), "\(switched)")
        #expect(!switched.contains("draws new dropout masks"), "\(switched)")
        let shown = try labRun(session, "mode").description
        #expect(shown.contains("The lab is in **train** mode, which changes nothing until a model has dropout"), "\(shown)")
        #expect(!shown.contains("applied"), "\(shown)")
        _ = try labRun(session, "model gru --hidden 3 --dropout 0.5 --layers 2 --name drop")
        #expect(try labRun(session, "mode").description.contains("dropout in drop, applied"))
    }

    @Test func modeAloneShowsTheModeAndGradcheckPassesThroughTheMasks() throws {
        let session = try labSession(["model gru --hidden 3 --layers 2 --dropout 0.4 --input-dropout 0.2 --layer-norm", "feed \"hello\""])
        let shown = try labRun(session, "mode")
        #expect(shown.description.contains("eval"))
        _ = try labRun(session, "mode train")
        #expect(session.state.currentModel?.pass?.dropoutMasks != nil)
        let check = try labRun(session, "gradcheck")
        #expect(check.description.contains("PASS"))
        #expect(session.execute("mode sideways").failed)
    }

    @Test func setDropoutAndModelsListTheOptions() throws {
        let session = try labSession(["model rnn --hidden 3 --layer-norm", "set recurrent-dropout 0.25", "set dropout 0.1"])
        let dropout = try #require(session.state.currentModel?.dropout)
        #expect(dropout == DropoutRates(between: 0.1, recurrent: 0.25))
        let listed = try labRun(session, "models")
        #expect(listed.description.contains("layer norm, dropout 0.1, recurrent dropout 0.25"))
        #expect(session.execute("set dropout 1").error?.message.contains("0 to 0.95") == true)
    }

    @Test func compareLayerNormOffAndOnShowsBothSides() throws {
        let session = try labSession(["model rnn --hidden 4 --activation relu --radius 3", "feed random 30"])
        let blocks = try labRun(session, "compare --layer-norm off on pre --step 30")
        guard case .table(let table)? = blocks.first else { Issue.record("compare shows no table: \(blocks)"); return }
        #expect(Set(table.columns.compactMap(\.group)) == ["layer-norm=off", "layer-norm=on"])
        #expect(session.state.currentModel?.network?.layerNorm == false)
    }

    @Test func explainWritesOutLayerNormAndJacobianWorks() throws {
        let session = try labSession(["model lstm --hidden 4 --layer-norm", "feed \"hello\""])
        let text = try labRun(session, "explain f").description
        #expect(text.contains("f_5[0] = σ(LN_ih(W_if·x_5) + b_if + LN_hh(W_hf·h_4) + b_hf)"), "\(text)")
        #expect(text.contains("γ and β are the weight and bias of layer_norm_ih_l0 and layer_norm_hh_l0"))
        #expect(try labRun(session, "explain c").description.contains("LN") == false, "c_t is formed from gates, not normalized itself")
        let norms = try session.values(of: reference(nil, "jacobian"))
        #expect(norms.count == 5 && norms.allSatisfy { $0 > 0 && $0.isFinite })
    }
}

/// Runs `line` in `session`, which must succeed, and returns its blocks.
@discardableResult
func labRun(_ session: Session, _ line: String) throws -> [Block] {
    let outcome = session.execute(line)
    try #require(outcome.error == nil, "`\(line)` failed: \(outcome.error?.message ?? "")")
    return outcome.blocks
}

extension Array where Element == Block {
    /// Every block's text, for loose checks of what a command said.
    var description: String { map { String(describing: $0) }.joined(separator: "\n") }
}

@Suite("Lab train with dropout")
struct TrainDropoutCommandTests {
    @Test func trainingAppliesTheModelsDropoutRepeatably() throws {
        let withDropout = ["model gru --hidden 4 --layers 2 --dropout 0.4 --recurrent-dropout 0.2", "train adding 6 --steps 5 --batch 2"]
        let first = try labSession(withDropout)
        let again = try labSession(withDropout)
        let plain = try labSession(["model gru --hidden 4 --layers 2", "train adding 6 --steps 5 --batch 2"])
        let losses = try first.values(of: reference(nil, "loss"))
        #expect(losses.count == 5)
        #expect(try again.values(of: reference(nil, "loss")) == losses)
        #expect(try plain.values(of: reference(nil, "loss")) != losses)
        #expect(first.state.mode == .eval)
    }
}
