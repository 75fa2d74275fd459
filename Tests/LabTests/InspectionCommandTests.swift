import Foundation
import Lessons
import RNNEngine
import Rendering
import Testing
@testable import Lab

@Suite("Lab commands: model, feed, show, grad, params, explain, set")
struct InspectionCommandTests {
    @Test func helloLSTMHasFourInputsAndOneHundredSixtyParameters() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        #expect(session.state.currentModel?.network?.inputSize == 4)
        #expect(try session.values(of: reference(nil, "params")) == [160])
        #expect(try session.values(of: reference(nil, "steps")) == [5])
        let forget = try session.values(of: reference(nil, "f"))
        #expect(forget.count == 20)
        #expect(forget.allSatisfy { $0 > 0 && $0 < 1 })
    }

    @Test("show radius and show norm give the recurrent blocks' spectral radius and norm that checks read")
    func showRadiusAndNorm() throws {
        let session = try labSession(["model gru --hidden 4 --seed 2", "feed random 5"])
        let renderer = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))
        let radii = try session.values(of: reference(nil, "radius"))
        let norms = try session.values(of: reference(nil, "norm"))
        for word in ["radius", "norm"] {
            let outcome = session.execute("show \(word)")
            #expect(outcome.error == nil, "\(String(describing: outcome.error))")
            guard case .table(let table)? = outcome.blocks.first, outcome.blocks.count == 1 else {
                Issue.record("show \(word) gave \(outcome.blocks)"); continue
            }
            #expect(table.rows.map(\.label) == ["W_hr", "W_hz", "W_hn"])
            #expect(renderer.render(outcome.blocks).contains("spectral radius"))
            #expect(session.execute("show \(word) --format csv").blocks.count == 1)
        }
        guard case .table(let table)? = session.execute("show radius").blocks.first else { return }
        #expect(table.rows.map { $0.cells[0] } == radii.map { .number($0) })
        #expect(table.rows.map { $0.cells[1] } == norms.map { .number($0) })
        #expect(session.execute("show radius --step 2").error?.message.contains("leave out --step") == true)
        #expect(session.complete(line: "show rad", cursor: 8) == ["radius"])
        #expect(session.complete(line: "show no", cursor: 7) == ["norm"])
        #expect(session.complete(line: "compare rnn lstm rad", cursor: 20).isEmpty, "compare has no radius quantity")
        #expect(CommandSpec.show.help.contains("radius or norm"))
        let validator = LabCommandValidator(table: CommandTable(LabCommands.all))
        #expect(validator.problem(in: "show radius") == nil && validator.problem(in: "show norm --layer 0") == nil)
        #expect(validator.problem(in: "show radios") != nil)
    }

    @Test("show radius and show norm refuse a layer or direction the model lacks, as show h does")
    func showRadiusRefusesAMissingLayerOrDirection() throws {
        let session = try labSession(["model rnn --input 2 --seed 1", "feed random 3"])
        for word in ["radius", "norm"] {
            for (options, message) in [("--layer 5", "--layer 5 is out of range: rnn has layer 0"),
                                       ("--layer 1", "--layer 1 is out of range: rnn has layer 0"),
                                       ("--reverse", "--reverse needs a bidirectional model; rnn reads forward only")] {
                let outcome = session.execute("show \(word) \(options)")
                #expect(outcome.error?.message == message, "show \(word) \(options): \(outcome.blocks)")
                #expect(outcome.blocks.isEmpty, "no empty table beside the error")
                #expect(session.execute("show h \(options)").error?.message == message, "the same words as show h")
            }
        }
        let deep = try labSession(["model gru --layers 2 --bidirectional --hidden 3 --input 2 --seed 1"])
        #expect(deep.execute("show radius --layer 1 --reverse").error == nil)
        #expect(deep.execute("show norm --layer 2").error?.message == "--layer 2 is out of range: gru has layers 0..1")
    }

    @Test("an identity W_hh scaled to a radius is that multiple of I exactly, as PyTorch's 1.1 * torch.eye(H)")
    func identityScaledExactly() throws {
        for kind in ["rnn --activation relu", "lstm", "gru"] {
            let session = try labSession(["model \(kind) --init identity --radius 1.1 --hidden 5 --seed 1", "feed random 3"])
            let network = try #require(session.state.currentModel?.network)
            for gate in 0..<network.kind.gateCount {
                let block = try #require(network.recurrentBlock(gate: gate))
                #expect(block.values == Matrix.identity(5).scaled(by: 1.1).values, "\(kind) gate \(gate): \(block.values[0])")
            }
            #expect(try session.values(of: reference(nil, "radius")).allSatisfy { $0 == 1.1 })
        }
        let set = try labSession(["model rnn --hidden 4 --seed 1", "feed random 3", "set init identity", "set radius 0.9"])
        let block = try #require(set.state.currentModel?.network?.recurrentBlock())
        #expect(block.values == Matrix.identity(4).scaled(by: 0.9).values)
    }

    @Test("gradient norms whose squares overflow are finite, and so is the ratio of grad")
    func gradientNormsBeyondTheSquares() throws {
        let session = try labSession(["model rnn --name big --activation relu --hidden 16 --seed 1 --radius 3", "feed random 1000"])
        let outcome = session.execute("grad --loss last")
        #expect(outcome.error == nil)
        let norms = try session.values(of: reference(nil, "grad-norm"))
        let first = try #require(norms.first)
        #expect(first.isFinite && first > 1e200, "\(first)")
        let dh = try session.values(of: reference(nil, "dh", ("t", .index(1))))
        #expect(dh.allSatisfy { $0.isFinite })
        #expect(abs(first / (VectorMath.maxAbs(dh) * VectorMath.norm(dh.map { $0 / VectorMath.maxAbs(dh) })) - 1) < 1e-14)
        let text = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(outcome.blocks)
        #expect(!text.contains("Inf"), "\(text)")
        #expect(try session.values(of: reference(nil, "grad-ratio")).allSatisfy { $0.isFinite })
        let compared = try labSession(["model rnn --name big --activation relu --hidden 16 --seed 1 --radius 3",
                                       "model rnn --name small --hidden 16 --seed 1", "feed random 1000"])
        let comparison = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(compared.execute("compare big small grad-norm").blocks)
        #expect(!comparison.contains("Inf"), "\(comparison)")
    }

    @Test("grad after a forward pass that overflowed says why there is no ratio, and what to change")
    func gradAfterAnOverflowExplainsItself() throws {
        let session = try labSession(["model rnn --activation relu --radius 3 --hidden 4 --seed 1", "feed random 2000"])
        let outcome = session.execute("grad")
        #expect(outcome.error == nil)
        // wide enough that no sentence wraps
        let text = Renderer(caps: TerminalCaps(width: 1000, color: false, unicode: true)).render(outcome.blocks)
        #expect(!text.contains("= NaN"), "no bare NaN ratio: \(text)")
        #expect(text.contains("the forward pass overflowed") && text.contains("no ratio between the first and last step means anything"), "\(text)")
        #expect(text.contains("--activation tanh"), "\(text)")
    }

    @Test("parameter counts group their thousands in model, params and models, and stay numbers for checks")
    func parameterCountsGroupThousands() throws {
        let session = Session()
        let made = session.execute("model lstm --input 1 --hidden 32 --seed 1")
        // 4·32·(1 + 32) + 2·4·32 = 4,480
        #expect(made.text.contains("4,480 parameters"), "\(made.text)")
        let renderer = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))
        let params = renderer.render(session.execute("params").blocks)
        #expect(params.contains("weight_hh_l0  (128, 32)  4,096") && params.contains("total                    4,480"), "\(params)")
        #expect(params.contains("= 4,480") && params.contains("total: 4,480") && params.contains("4,480 params"), "\(params)")
        #expect(renderer.render(session.execute("models").blocks).contains("1      32       1   4,480"))
        #expect(try session.values(of: reference(nil, "params")) == [4480])
    }

    @Test func showGatesLabelsEveryStepAndGroupsColumnsByGate() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        let outcome = session.execute("show gates")
        guard case .table(let table)? = outcome.blocks.first else {
            Issue.record("show gates did not start with a table: \(outcome.blocks)")
            return
        }
        #expect(table.rowHeader == "step  input")
        #expect(table.rows.map(\.label) == ["t=1   'h'", "t=2   'e'", "t=3   'l'", "t=4   'l'", "t=5   'o'"])
        #expect(table.columns.count == 16)
        #expect(Set(table.columns.compactMap(\.group)) == ["i input", "f forget", "g candidate", "o output"])
        #expect(table.title?.contains("lstm") == true && table.title?.contains("layer 0 forward") == true)
        let forgetAtThree = try session.values(of: reference(nil, "f", ("t", .index(3)), ("unit", .index(1))))
        guard case .number(let shown) = table.rows[2].cells[5] else { Issue.record("not a number"); return }
        #expect(forgetAtThree == [shown])
    }

    @Test func sparklinesHaveOneSeriesPerUnit() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        let outcome = session.execute("show f --as spark")
        guard case .sparklines(let group)? = outcome.blocks.first else {
            Issue.record("no sparklines: \(outcome.blocks)")
            return
        }
        #expect(group.series.map(\.label) == ["f[0]", "f[1]", "f[2]", "f[3]"])
        #expect(group.series.allSatisfy { $0.values.count == 5 })
    }

    @Test func facetsNameModelQuantityLayerDirectionUnitAndSteps() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        _ = session.execute("show c --unit 2")
        #expect(session.record.facets == ["lstm/c/layer0/forward/unit2/t1-5"])
        _ = session.execute("show c --step 1..5 --unit 2")
        #expect(session.record.facets == ["lstm/c/layer0/forward/unit2/t1-5"])
        _ = session.execute("show c")
        #expect(session.record.facets.count == 4)
        #expect(session.record.facets.isSuperset(of: ["lstm/c/layer0/forward/unit2/t1-5"]))
        _ = session.execute("grad")
        #expect(session.record.facets == ["lstm/grad-norm/loss-last/layer0/forward/t1-5", "lstm/cell-grad-norm/loss-last/layer0/forward/t1-5"])
        // the gradient of another loss, or truncated, is another result
        _ = session.execute("grad --loss sum --tbptt 2")
        #expect(session.record.facets == ["lstm/grad-norm/loss-sum-tbptt2/layer0/forward/t1-5", "lstm/cell-grad-norm/loss-sum-tbptt2/layer0/forward/t1-5"])
        _ = session.execute("show dh --unit 0")
        #expect(session.record.facets == ["lstm/dh/loss-sum-tbptt2/layer0/forward/unit0/t1-5"])
        _ = session.execute("version")
        #expect(session.record.facets.isEmpty)
    }

    @Test func anLSTMsStepJacobianSaysItHoldsTheCellStateFixed() throws {
        let session = try labSession(["model lstm --name lstm --hidden 3 --seed 1", "model rnn --name rnn --hidden 3 --seed 1", "feed random 6"])
        let notes = { (line: String) in session.execute(line).blocks.compactMap { if case .note(let text) = $0 { text } else { nil } } }
        #expect(notes("show jacobian").allSatisfy { !$0.contains("held fixed") }, "an RNN's h is its whole state")
        _ = session.execute("use lstm")
        let note = notes("show jacobian").first { $0.contains("held fixed") }
        #expect(note?.contains("∂h_t/∂h_{t−1} with c_{t−1} held fixed") == true, "\(String(describing: note))")
        #expect(note?.contains("∂c_t/∂c_{t−1} = diag(f_t) plus terms through the gates") == true)
        #expect(note?.contains("`show f`") == true)
        #expect(notes("compare rnn lstm jacobian").contains { $0.contains("c_{t−1} held fixed") })
    }

    @Test func gradShowsPerStepNormsAndKeepsThem() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\"", "grad"])
        let norms = try session.values(of: reference(nil, "grad-norm"))
        #expect(norms.count == 5)
        // L = sum(h_T): dL/dh_T is all ones, so its norm is √H.
        #expect(abs(norms[4] - 2) < 1e-12)
        let ratio = try session.values(of: reference(nil, "grad-ratio"))
        #expect(ratio == [norms[0] / norms[4]])
        let cellNorms = try session.values(of: reference(nil, "cell-grad-norm"))
        #expect(cellNorms.count == 5)
        let dh = try session.values(of: reference(nil, "dh", ("t", .index(2))))
        #expect(abs(VectorMath.norm(dh) - norms[1]) < 1e-12)
    }

    @Test func nextCharLossStandsInAFixedHeadAndSaysSo() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        let outcome = session.execute("grad --loss next-char")
        #expect(outcome.error == nil)
        #expect(outcome.blocks.contains { if case .note(let text) = $0 { text.contains("fixed head") } else { false } })
        let loss = try session.values(of: reference(nil, "loss"))
        #expect(loss.count == 1 && loss[0] > 0)
        let mse = session.execute("grad --loss mse")
        #expect(mse.error?.message.contains("feed sine") == true)
    }

    @Test func explainPlugsInTheNumbersAndEndsWithTheGateValue() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        let outcome = session.execute("explain f --step 3 --unit 1")
        let text = outcome.blocks.compactMap { if case .preformatted(let text) = $0 { text } else { nil } }.joined()
        #expect(text.hasPrefix("f_3[1] = σ(W_if·x_3 + b_if + W_hf·h_2 + b_hf)"))
        let value = try #require(Double(text.split(separator: " ").last.map(String.init) ?? ""))
        let expected = try session.values(of: reference(nil, "f", ("t", .index(3)), ("unit", .index(1))))[0]
        #expect(abs(value - expected) < 1e-4)
        for gate in ["i", "g", "o", "c", "h"] {
            #expect(session.execute("explain \(gate) --step 2 --unit 3").error == nil, "explain \(gate)")
        }
    }

    @Test func explainOffersWhatItCanWriteOutForAnUnknownName() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        #expect(session.execute("explain q").error?.message == "explain: unknown gate 'q' (explain takes i, f, g, o, c, h)")
        #expect(session.execute("explain cc").error?.message.hasPrefix("explain: unknown gate 'cc' — did you mean 'c'?") == true)
        // show still lists every quantity
        #expect(session.execute("show q").error?.message.contains("an lstm has x, h, c, i, f, g, o, gates") == true)
        let gru = try labSession(["model gru --hidden 4 --seed 1", "feed \"hello\""])
        #expect(gru.execute("explain f").error?.message.contains("a GRU has no f") == true)
    }

    @Test func aMessageNamesTheCellKindWithItsArticle() throws {
        #expect(CellKind.allCases.map(\.withArticle) == ["an rnn", "an lstm", "a gru"])
        let session = try labSession(["model gru --hidden 4"])
        #expect(session.execute("model gru --forget-bias 1").error?.message.hasSuffix("a gru has no forget gate") == true)
    }

    @Test func paramsGivesTheFormulaAndTheOtherKinds() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 1", "feed \"hello\""])
        let blocks = session.execute("params").blocks
        #expect(blocks.contains { if case .preformatted(let text) = $0 { text.contains("4·4·(4 + 4) + 2·4·4 = 160") } else { false } })
        let bars = blocks.compactMap { if case .bars(let chart) = $0 { chart } else { nil } }.first
        #expect(bars?.bars.map(\.value) == [40, 160, 120])
    }

    @Test("a table's step labels line up under step and input: steps padded, numbers read right-aligned")
    func stepLabelsLineUp() throws {
        let session = try labSession(["model rnn --input 1 --hidden 2",
                                      "feed --numbers 0.5 0.1 0.9 0.3 0.2 0.7 0.8 0.1 0.4 0.91 0.2 -0.3"])
        let label = session.state.stepLabeler()
        #expect(label.header == "step  input")
        #expect([0, 9, 11].map { label($0) } == ["t=1    0.50", "t=10   0.91", "t=12  -0.30"])
        #expect(session.state.stepLabel(0) == "t=1 0.50", "prose keeps the plain label")
        let table = session.execute("show h").text
        #expect(table.contains("\nt=9    0.40 ") && table.contains("\nt=12  -0.30 "), "\(table)")
        _ = session.execute("feed \"hello, world\"")
        #expect(session.state.stepLabeler()(0) == "t=1   'h'")
        // the adding task marks the two values to add with *: the numbers still line up
        _ = session.execute("feed adding 12")
        let adding = session.state.stepLabeler()
        #expect([1, 4, 9].map { adding($0) } == ["t=2   -0.22", "t=5   -0.86*", "t=10   0.91*"], "\([1, 4, 9].map { adding($0) })")
    }

    @Test("what each step read has a header in tables of steps, as in the CSV and JSON exports",
          arguments: ["show h", "show gates", "grad", "compare rnn lstm h"])
    func theInputHasAHeader(command: String) throws {
        func headerAndFirstRow(_ feed: String) throws -> (Substring, Substring) {
            let session = try labSession(["model rnn --hidden 2", "model lstm --hidden 2", feed])
            let output = session.execute(command)
            #expect(output.error == nil, "\(output.error?.message ?? "")")
            let text = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(output.blocks)
            let lines = text.split(separator: "\n")
            let header = try #require(lines.first { $0.hasPrefix("step") }, "\(text)")
            let row = try #require(lines.first { $0.hasPrefix("t=1 ") }, "\(text)")
            return (header, row)
        }
        // a character: the header's `input` starts where the read does
        let (header, row) = try headerAndFirstRow("feed \"hello\"")
        #expect(header.hasPrefix("step  input "), "\(header)")
        #expect(row.hasPrefix("t=1   'h' "), "\(row)")
        // several features: the tuple under `input`, from its start
        let (tupleHeader, tupleRow) = try headerAndFirstRow("feed --numbers \"0.5,1;0.2,0.3\"")
        #expect(tupleHeader.hasPrefix("step  input ") && tupleRow.hasPrefix("t=1   (0.50,1.00) "), "\(tupleHeader)\n\(tupleRow)")
        // numbers: right-aligned, ending under the header's end
        let (numberHeader, numberRow) = try headerAndFirstRow("feed --numbers 0.5 -0.25")
        #expect(numberHeader.hasPrefix("step  input ") && numberRow.hasPrefix("t=1    0.50 "), "\(numberHeader)\n\(numberRow)")
    }

    @Test("a CSV's input column holds what was read exactly: the character, the numbers in full")
    func exportedInputIsExact() throws {
        let session = try labSession(["model rnn --hidden 2", "feed \"a, b\""])
        func csv() -> String {
            session.execute("show h --format csv").blocks.compactMap { block -> String? in
                if case .data(let text) = block { text } else { nil }
            }.joined()
        }
        let text = csv().split(separator: "\n")
        #expect(text.dropFirst().map { $0.split(separator: ",", maxSplits: 1).last?.prefix(3) }
                == ["a,0", "\",\"", "\" \"", "b,0"].map { Substring($0) }, "\(text)")
        _ = session.execute("feed --numbers 0.5 0.123456")
        let numbers = csv()
        #expect(numbers.contains("\n2,0.123456,") && numbers.contains("\n1,0.5,"), "\(numbers)")
        #expect(session.state.stepLabeler()(1) == "t=2    0.12", "the screen still rounds")
    }

    @Test("--unit -1 is the last unit in show, explain and compare, as --step -1 is the last step")
    func negativeUnitCountsFromTheEnd() throws {
        let session = try labSession(["model lstm --hidden 3 --name a", "feed random 4", "model gru --hidden 3 --name b", "use a"])
        for (negative, positive) in [("show c --unit -1", "show c --unit 2"), ("explain f --unit -3 --step 2", "explain f --unit 0 --step 2"),
                                     ("compare a b h --unit -2", "compare a b h --unit 1")] {
            let shown = session.execute(negative), facets = session.record.facets
            let expected = session.execute(positive)
            #expect(shown.error == nil && shown.blocks == expected.blocks, "\(negative): \(shown.text)")
            #expect(!facets.isEmpty && facets == session.record.facets, "\(negative) counts as \(positive)")
        }
        #expect(session.execute("show h --unit -4").error?.message == "--unit -4 is out of range: a has units 0..2, or -1..-3 from the end")
    }

    @Test("a reverse direction's gradient at trailing padding says it is dL/dh0, carried through")
    func reversePaddingGradientIsExplained() throws {
        let session = try labSession(["model gru --hidden 2 --bidirectional", "feed random 5 --mask 3", "grad"])
        let reverse = session.execute("show dh --reverse")
        #expect(reverse.text.contains("hold the gradient into that state, dL/dh₀"), "\(reverse.text)")
        #expect(!reverse.text.contains("dL/dc₀"), "a GRU has no cell state")
        for quiet in ["show dh", "show dh --reverse --step 1..3"] {
            #expect(!session.execute(quiet).text.contains("gradient into that state"), "\(quiet)")
        }
    }

    @Test("params's formula fits 60 columns, layer norm and all, without a wrapped line")
    func paramsFormulaFitsANarrowTerminal() throws {
        let session = try labSession(["model lstm --input 8 --hidden 32 --layer-norm", "feed random 3"])
        let formula = try #require(session.execute("params").blocks.compactMap {
            if case .preformatted(let text) = $0 { text } else { nil }
        }.first)
        let shown = Renderer(caps: TerminalCaps(width: 60, color: false, unicode: true)).render(.preformatted(formula))
        let lines = shown.split(separator: "\n")
        #expect(lines.count == formula.split(separator: "\n").count, "\(shown)")
        #expect(lines.first == "per layer and direction: G·H·(I + H) + 2·G·H + 4·G·H + 2·H")
        #expect(lines.dropFirst().first == "  with G = 4 (lstm), H = 32; 4·G·H + 2·H for layer norm")
    }

    @Test func setChangesOneWeightAndRunsForwardAgain() throws {
        let session = try labSession(["model rnn --hidden 3 --seed 2", "feed random 6"])
        let before = try session.values(of: reference(nil, "h"))
        #expect(session.execute("set W_hh[0,1] 0.5").error == nil)
        #expect(session.state.currentModel?.network?.parameter("weight_hh_l0")?.values[1] == 0.5)
        #expect(try session.values(of: reference(nil, "h")) != before)
        #expect(session.execute("set weight_hh_l0[2,2] -0.25").error == nil)
        #expect(session.state.currentModel?.network?.parameter("weight_hh_l0")?.values[8] == -0.25)
        #expect(session.execute("set radius 0.5").error == nil)
        #expect(abs(try session.values(of: reference(nil, "radius"))[0] - 0.5) < 1e-9)
        #expect(session.execute("set activation relu").error == nil)
        #expect(try session.values(of: reference(nil, "h")).allSatisfy { $0 >= 0 })
    }

    @Test("set radius says that it scaled each gate's block, and in every layer and direction", arguments: [
        ("model rnn --hidden 3", "W_hh of rnn scaled to spectral radius 0.5"),
        ("model rnn --hidden 3 --bidirectional", "W_hh of rnn in both directions scaled to spectral radius 0.5"),
        ("model lstm --hidden 3 --layers 2", "Each gate's block of W_hh of lstm (W_hi, W_hf, W_hg, W_ho) in both layers scaled to spectral radius 0.5"),
        ("model gru --hidden 3 --layers 3 --bidirectional",
         "Each gate's block of W_hh of gru (W_hr, W_hz, W_hn) in every layer and direction scaled to spectral radius 0.5"),
    ])
    func setRadiusNamesWhatItScaled(model: String, message: String) throws {
        for fed in [false, true] {  // measured on the weights, or kept for the first feed
            let session = try labSession([model] + (fed ? ["feed random 4"] : []))
            let set = session.execute("set radius 0.5")
            #expect(set.error == nil && set.text.hasPrefix(message), "\(set.text)")
        }
        let session = try labSession([model, "feed random 4", "set radius 0.5"])
        let network = try #require(session.state.currentModel?.network)
        for layer in 0..<network.numLayers {
            for direction in network.directions {
                for gate in 0..<network.kind.gateCount {
                    let block = try #require(network.recurrentBlock(layer: layer, direction: direction, gate: gate))
                    #expect(abs(block.spectralRadius - 0.5) < 1e-9, "layer \(layer) \(direction) gate \(gate)")
                }
            }
        }
    }

    @Test("a negative weight index counts from the end, as --unit does; one past either end is refused with both ranges")
    func setCountsNegativeIndicesFromTheEnd() throws {
        let session = try labSession(["model rnn --hidden 3 --input 2 --seed 2"])
        let set = session.execute("set W_hh[-1,0] 0.5")
        #expect(set.error == nil, "\(set.text)")
        #expect(set.text.contains("weight_hh_l0[2,0] of rnn"), "\(set.text)")
        #expect(session.state.currentModel?.network?.parameter("weight_hh_l0")?.values[6] == 0.5)
        #expect(session.execute("set W_ih[-3,-2] -0.25").error == nil)
        #expect(session.state.currentModel?.network?.parameter("weight_ih_l0")?.values[0] == -0.25)
        #expect(session.execute("set b_hh[-2] 4").error == nil)
        #expect(session.state.currentModel?.network?.parameter("bias_hh_l0")?.values[1] == 4)
        let outside = session.execute("set W_hh[-4,0] 1")
        #expect(outside.error?.message == "set: weight_hh_l0[-4, 0] is outside its shape (3, 3): indices are [0..2, 0..2], or [-1..-3, -1..-3] from the end",
                "\(outside.text)")
    }

    @Test("grad and explain on a model of several layers end with the note show h gives, saying which layer they show; on one layer they do not")
    func gradAndExplainSayWhichLayer() throws {
        func notes(_ outcome: Lab.CommandOutcome) -> [String] {
            outcome.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
        }
        let session = try labSession(["model lstm --layers 2 --hidden 3", "feed \"abc\""])
        #expect(notes(session.execute("grad")).last == "layer 0 of 0..1; --layer N shows another")
        #expect(notes(session.execute("explain h --layer 1")).last == "layer 1 of 0..1; --layer N shows another")
        #expect(notes(session.execute("show h")).last == "layer 0 of 0..1; --layer N shows another", "the note it repeats")
        let single = try labSession(["model lstm --hidden 3", "feed \"abc\""])
        #expect(!notes(single.execute("grad")).contains { $0.contains("--layer N") })
        #expect(!notes(single.execute("explain h")).contains { $0.contains("--layer N") })
    }

    @Test("show radius and show weights on a model of several layers end with the layer note; their CSV holds only the table")
    func spectraAndWeightsSayWhichLayer() throws {
        func notes(_ outcome: Lab.CommandOutcome) -> [String] {
            outcome.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
        }
        let session = try labSession(["model lstm --layers 2 --hidden 3 --input 2"])
        #expect(notes(session.execute("show radius")).last == "layer 0 of 0..1; --layer N shows another")
        #expect(notes(session.execute("show norm --layer 1")).last == "layer 1 of 0..1; --layer N shows another")
        #expect(notes(session.execute("show weights --layer 1")).last == "layer 1 of 0..1; --layer N shows another")
        let csv = session.execute("show radius --format csv")
        #expect(csv.error == nil && notes(csv).isEmpty, "\(csv.text)")
        let single = try labSession(["model lstm --hidden 3 --input 2"])
        #expect(!notes(single.execute("show radius")).contains { $0.contains("--layer N") })
    }

    @Test("every view of one direction of a bidirectional model ends with a note naming the direction and --reverse, with the layer when there are several")
    func viewsOfABidirectionalModelSayWhichDirection() throws {
        func notes(_ outcome: Lab.CommandOutcome) -> [String] {
            outcome.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
        }
        let single = try labSession(["model gru --hidden 2 --input 1 --bidirectional", "feed random 4"])
        for command in ["show h", "grad", "explain z", "show radius", "show weights"] {
            #expect(notes(single.execute(command)).last == "the forward direction; --reverse shows the reverse one", "\(command)")
            #expect(notes(single.execute(command + " --reverse")).last == "the reverse direction; without --reverse, the forward one",
                    "\(command) --reverse")
        }
        let stacked = try labSession(["model lstm --hidden 2 --input 1 --layers 2 --bidirectional", "feed random 4"])
        #expect(notes(stacked.execute("show c --layer 1 --reverse")).last
            == "layer 1 of 0..1, the reverse direction; without --reverse, the forward one, --layer N another layer")
        #expect(notes(stacked.execute("grad")).last == "layer 0 of 0..1, the forward direction; --reverse shows the reverse one, --layer N another layer")
        #expect(!notes(stacked.execute("show output")).contains { $0.contains("--reverse") }, "the output holds both directions")
    }

    @Test("grad --reverse shows the reverse direction's norms, the ones show grad-norm --reverse reads, and judges them going back toward the later steps")
    func gradShowsTheReverseDirection() throws {
        let session = try labSession(["model lstm --hidden 3 --input 1 --bidirectional --seed 1", "feed random 6"])
        let reverse = session.execute("grad --reverse --loss sum")
        #expect(reverse.error == nil, "\(reverse.text)")
        #expect(reverse.text.contains("lstm · backward through time · layer 0 reverse · loss sum"), "\(reverse.text)")
        let table = try #require(reverse.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        let shown = table.rows.map { $0.cells[0] }
        let norms = try session.values(of: reference(nil, "grad-norm", ("dir", .word("reverse"))))
        #expect(shown == norms.map { .number($0) }, "the table is the reverse direction's ‖dL/dh_t‖")
        #expect(shown != (try session.values(of: reference(nil, "grad-norm"))).map { .number($0) }, "and not the forward direction's")
        // read from step 6 to step 1, its gradient goes back from step 1 toward step 6
        let ratio = NumberFormat.single(norms[5] / norms[0], significantDigits: 3)
        #expect(reverse.text.contains("‖dL/dh_6‖ / ‖dL/dh_1‖ = \(ratio)"), "\(reverse.text)")
        #expect(reverse.text.contains("multiplies by f_{t−1}"), "the reverse direction's next cell is c_{t−1}'s: \(reverse.text)")
        #expect(reverse.text.contains("goes back through time toward the later steps"), "\(reverse.text)")
        let forward = session.execute("grad --loss sum")
        #expect(forward.text.contains("‖dL/dh_1‖ / ‖dL/dh_6‖"), "\(forward.text)")
        #expect(!forward.text.contains("toward the later steps"), "\(forward.text)")
        // with the default loss only the reverse direction's first state is in the loss
        let last = session.execute("grad --reverse")
        #expect(last.text.contains("Only the reverse direction's first state, at the last step, enters this loss"), "\(last.text)")
    }

    @Test("grad --reverse on a model that reads forward only is refused before the backward pass, and leaves the gradients as they were")
    func gradReverseNeedsABidirectionalModel() throws {
        let session = try labSession(["model rnn --hidden 2 --input 1", "feed random 3"])
        let outcome = session.execute("grad --reverse")
        #expect(outcome.error?.message == "--reverse needs a bidirectional model; rnn reads forward only")
        #expect(session.state.currentModel?.gradient == nil, "no backward pass ran")
        #expect(session.execute("grad --layer 1").error?.message == "--layer 1 is out of range: rnn has layer 0")
    }

    @Test("a truncated gradient of the reverse direction is cut toward the later steps: the steps after where it reaches get 0")
    func truncationVerdictFollowsTheReadingOrder() {
        let order = ReadingOrder(direction: .reverse, steps: 0..<6)
        // time order t=1..6 is 0.5, 0.4, 0.3, 0, 0, 0 read from t=6 back: the first three read get nothing
        let norms = order.arranged([0.5, 0.4, 0.3, 0, 0, 0])
        #expect(GradientView.truncationVerdict(norms, whole: nil, window: 3, order: order)
            == "With truncation the gradient of this loss reaches back to step 3 and no further: the steps after it get exactly 0, cut, not vanished.")
        let forward = ReadingOrder(direction: .forward, steps: 0..<6)
        #expect(GradientView.truncationVerdict([0, 0, 0.3, 0.4, 0.5, 0.6], whole: nil, window: 3, order: forward)
            == "With truncation the gradient of this loss reaches back to step 3 and no further: the steps before it get exactly 0, cut, not vanished.")
    }

    @Test("compare --layer N --reverse shows that layer and direction of both models, the values show reads there, and says so")
    func compareChoosesALayerAndDirection() throws {
        let session = try labSession(["model lstm --name a --hidden 2 --input 1 --layers 2 --bidirectional",
                                      "model gru --name b --hidden 2 --input 1 --layers 2 --bidirectional", "feed random 5"])
        let outcome = session.execute("compare a b h --layer 1 --reverse")
        #expect(outcome.error == nil, "\(outcome.text)")
        #expect(outcome.text.contains("compare a vs b · hidden state h_t · layer 1 reverse · steps 1–5"), "\(outcome.text)")
        let table = try #require(outcome.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        for (offset, name) in ["a", "b"].enumerated() {
            let shown = table.rows.map { $0.cells[2 * offset] }
            let values = try session.values(of: reference(name, "h", ("layer", .index(1)), ("dir", .word("reverse")), ("unit", .index(0))))
            #expect(shown == values.map { .number($0) }, "\(name)'s h[0] of layer 1 reverse")
            let forward = try session.values(of: reference(name, "h", ("unit", .index(0))))
            #expect(shown != forward.map { .number($0) }, "and not layer 0 forward's")
        }
        let notes = outcome.blocks.compactMap { if case .note(let text) = $0 { text } else { nil } }
        #expect(notes.last == "layer 1 of each model, the reverse direction; without --reverse, the forward one, --layer N another layer")
        #expect(session.execute("compare a b").blocks.contains(.note("layer 0 of each model, the forward direction; --reverse compares the reverse one, --layer N another layer")))
        #expect(session.execute("compare a b h --layer 2").error?.message == "--layer 2 is out of range: a has layers 0..1")
        #expect(session.execute("model rnn --name c --hidden 2 --input 1").error == nil)
        #expect(session.execute("compare a c --reverse").error?.message == "--reverse needs a bidirectional model; c reads forward only")
        #expect(!session.execute("compare c c --radius 0.5 1").text.contains("layer 0"), "one layer read forward: nothing to choose")
        // a setting's variants are no models of the lab: their facet says which layer and direction was shown
        #expect(session.execute("use a").error == nil)
        _ = session.execute("compare --radius 0.5 1.5 h")
        let first = session.record.facets
        _ = session.execute("compare --radius 0.5 1.5 h --layer 1 --reverse")
        #expect(session.record.facets != first, "\(session.record.facets)")
        #expect(session.record.facets.contains { $0.contains("/h/layer1/reverse/") }, "\(session.record.facets)")
    }

    @Test("compare's gradient ratio in the reverse direction divides the last step's norm by the first's: the way its gradient goes back")
    func compareRatioFollowsTheReadingOrder() throws {
        // layer 0's reverse direction gets gradient at every step, through layer 1
        let session = try labSession(["model lstm --name a --hidden 2 --input 1 --layers 2 --bidirectional",
                                      "model gru --name b --hidden 2 --input 1 --layers 2 --bidirectional", "feed random 5"])
        let outcome = session.execute("compare a b grad-norm --reverse")
        #expect(outcome.error == nil, "\(outcome.text)")
        let chart = try #require(outcome.blocks.compactMap { if case .bars(let chart) = $0 { chart } else { nil } }.first, "\(outcome.text)")
        #expect(chart.title == "step 5 / step 1: how much of step 1's gradient reaches step 5")
        let norms = try session.values(of: reference("a", "grad-norm", ("layer", .index(0)), ("dir", .word("reverse"))))
        #expect(chart.bars.first?.value == norms[4] / norms[0])
    }

    @Test("the reverse direction's step Jacobian is named ∂h_t/∂h_{t+1}, the state its step reads, in show, compare and the LSTM's note")
    func reverseJacobianNamesTheStateItsStepReads() throws {
        let session = try labSession(["model lstm --hidden 3 --input 1 --bidirectional", "model lstm --name b --hidden 3 --input 1 --bidirectional --seed 3",
                                      "feed random 4"])
        let reverse = session.execute("show jacobian --reverse")
        #expect(reverse.text.contains("b · ‖∂h_t/∂h_{t+1}‖ · layer 0 reverse"), "\(reverse.text)")
        #expect(reverse.text.contains("for an LSTM this is ∂h_t/∂h_{t+1} with c_{t+1} held fixed"), "\(reverse.text)")
        #expect(!reverse.text.contains("t−1"), "\(reverse.text)")
        let forward = session.execute("show jacobian")
        #expect(forward.text.contains("b · ‖∂h_t/∂h_{t−1}‖ · layer 0 forward"), "\(forward.text)")
        #expect(forward.text.contains("with c_{t−1} held fixed"), "\(forward.text)")
        let compared = session.execute("compare lstm b jacobian --reverse")
        #expect(compared.text.contains("compare lstm vs b · ‖∂h_t/∂h_{t+1}‖ · layer 0 reverse"), "\(compared.text)")
    }

    @Test func recreatedModelsOfOneWidthAndSeedShareANoteThatNamesAFew() {
        func recreations(_ count: Int) -> [LabState.Recreation] {
            (1...count).map { LabState.Recreation(name: "m\($0)", width: 10, newWidth: 1, seed: 1) }
        }
        #expect(LabState.notes(for: recreations(2)) == ["m1 and m2 now read 1 feature per step, not 10: made again with the same seed 1"])
        #expect(LabState.notes(for: recreations(8)) == ["m1, m2, m3 and 5 more models now read 1 feature per step, not 10: made again with the same seed 1"])
        #expect(LabState.notes(for: recreations(1) + [LabState.Recreation(name: "x", width: 10, newWidth: 1, seed: 2)]).count == 2)
    }

    @Test func aNewInputWidthRecreatesTheModelWithANote() throws {
        let session = try labSession(["model gru --hidden 3 --seed 4", "feed \"hello\""])
        let outcome = session.execute("feed --numbers 1 2 3 4 5 6 7")
        #expect(outcome.blocks.contains(.note("gru now reads 1 feature per step, not 4: made again with the same seed 4")), "\(outcome.blocks)")
        #expect(session.state.currentModel?.network?.inputSize == 1)
        #expect(session.state.currentModel?.network?.kind == .gru)
        #expect(session.quantityNames.contains("z") && !session.quantityNames.contains("f"))
    }

    @Test("numbers without ; are refused for a model made with --input, with the ; form, not read as steps of 1")
    func aGivenInputWidthIsNotUndoneByNumbersWithoutSemicolons() throws {
        let session = try labSession(["model lstm --input 3 --hidden 2 --seed 1"])
        let outcome = session.execute("feed --numbers \"1 2 3\"")
        let message = try #require(outcome.error?.message)
        #expect(message.contains("`feed --numbers \"1 2 3;\"` gives 1 step of 3"), "\(message)")
        #expect(session.state.currentModel?.network?.inputSize == 3 && session.state.input == nil)
        #expect(session.execute("feed --numbers \"1 2 3;\"").error == nil)
        // a width a feed set is still remade for the next input, with a note
        let fed = try labSession(["model lstm --hidden 2 --seed 1", "feed --numbers \"1 2 3;\""])
        #expect(fed.execute("feed --numbers 1 2 3").error == nil)
        #expect(fed.state.currentModel?.network?.inputSize == 1)
    }

    @Test("a generated input's seed is part of what was fed, so another seed reads as another input")
    func aGeneratedInputNamesItsSeed() throws {
        let session = try labSession(["model rnn --hidden 2", "feed random 5"])
        #expect(session.state.input?.source == "random 5")
        #expect(session.execute("feed random 5 --seed 2").error == nil)
        #expect(session.state.input?.source == "random 5 --seed 2")
        #expect(session.state.lessonDescription.facts.contains { $0.name == "input" && $0.value == "random 5 --seed 2" })
    }

    @Test("a model made with --input of another width than the current input is kept as asked, not made again")
    func aNewModelKeepsTheWidthItWasMadeWith() throws {
        let session = try labSession(["model lstm --input 2 --hidden 3 --seed 1", "feed --numbers \"1 2; 3 4\""])
        let made = session.execute("model lstm --input 1 --hidden 3 --name narrow")
        #expect(made.error == nil)
        #expect(session.state.currentModel?.network?.inputSize == 1 && session.state.currentModel?.pass == nil)
        #expect(made.text.contains("narrow reads 1 feature per step, as made with --input 1, and the current input has 2"), "\(made.text)")
        let shown = session.execute("show h")
        #expect(shown.error?.message.contains("narrow reads 1 feature per step and this input has 2") == true, "\(shown.error?.message ?? "")")
        // the next input of its width runs it; a model made without --input still follows the input
        #expect(session.execute("feed --numbers 1 2 3").error == nil)
        #expect(session.state.currentModel?.pass != nil)
        let follows = session.execute("model gru --hidden 2")
        #expect(follows.error == nil && session.state.currentModel?.pass != nil)
    }

    @Test func cursorCommandsLimitWhatViewsShow() throws {
        let session = try labSession(["model lstm --hidden 2", "feed \"abcdef\"", "reset", "step 2"])
        #expect(session.state.cursor == 2)
        #expect(try session.values(of: reference(nil, "h")).count == 4)
        _ = session.execute("back")
        #expect(session.state.cursor == 1)
        _ = session.execute("run")
        #expect(session.state.cursor == 6)
        let past = session.execute("step")
        #expect(session.state.cursor == 6)
        #expect(past.text.contains("the input ends at step 6: the cursor stays there"), "\(past.text)")
    }

    @Test func maskedStepsPassTheStateThrough() throws {
        let session = try labSession(["model lstm --hidden 3", "feed \"hello\" --mask 3"])
        let h = try session.values(of: reference(nil, "h", ("t", .range(3, 5))))
        #expect(Array(h[0..<3]) == Array(h[3..<6]))
        #expect(Array(h[0..<3]) == Array(h[6..<9]))
    }

    @Test func numbersFeedVectorsSeparatedBySemicolons() throws {
        let session = try labSession(["model rnn --hidden 2", "feed --numbers \"0.5 1; -1 2; 0 0\""])
        #expect(session.state.input?.length == 3)
        #expect(session.state.currentModel?.network?.inputSize == 2)
        let single = try labSession(["model rnn --hidden 2", "feed --numbers 0.5 -1 2"])
        #expect(single.state.input?.example.inputs == [[0.5], [-1], [2]])
    }

    @Test func gradcheckPasses() throws {
        let session = try labSession(["model gru --hidden 3 --seed 3", "feed \"abcab\""])
        let outcome = session.execute("gradcheck --samples 60")
        #expect(outcome.blocks.contains { if case .prose(let text) = $0 { text.hasPrefix("PASS") } else { false } })
    }

    @Test("gradcheck on a weight so large that the loss bends within ε says the check cannot tell, not PASS or a bare FAIL")
    func gradcheckUnsettled() throws {
        let session = try labSession(["model lstm --hidden 4", "feed random 5", "set W_hh[0,0] 1e6"])
        let outcome = session.execute("gradcheck")
        let warnings = outcome.blocks.compactMap { if case .warning(let text) = $0 { text } else { nil } }
        #expect(warnings.contains { $0.hasPrefix("INCONCLUSIVE") && $0.contains("have not settled") && $0.contains("|weight| is 1000000") },
                "\(outcome.blocks)")
        #expect(!outcome.blocks.contains { if case .prose(let text) = $0 { text.hasPrefix("PASS") } else { false } })
    }

    @Test("gradcheck just over the threshold, its differences agreeing with backward to the rounding noise, passes with how close")
    func gradcheckMarginalMissPasses() throws {
        let session = try labSession(["model gru --hidden 12 --radius 3.0 --seed 40", "feed random 200"])
        let outcome = session.execute("gradcheck")
        let verdicts = outcome.blocks.compactMap { if case .prose(let text) = $0, text.hasPrefix("PASS") { text } else { nil } }
        #expect(verdicts.contains { $0.contains("not below the threshold") && $0.contains("significant digits")
                                    && $0.contains("within what finite differences can resolve") }, "\(outcome.blocks)")
        #expect(!"\(outcome.blocks)".contains("bends"))
    }

    @Test("gradcheck whose differences are rounding noise says so and asks for a larger ε, not a smaller one")
    func gradcheckRoundingNoise() throws {
        let session = try labSession(["model rnn --hidden 16 --radius 1.5", "feed random 400", "set W_hh[0,0] 30"])
        let outcome = session.execute("gradcheck")
        let warnings = outcome.blocks.compactMap { if case .warning(let text) = $0 { text } else { nil } }
        #expect(warnings.contains { $0.hasPrefix("INCONCLUSIVE") && $0.contains("rounding noise") && $0.contains("--epsilon 0.00100") },
                "\(outcome.blocks)")
        #expect(!"\(outcome.blocks)".contains("bends"))
        #expect(try labRun(session, "gradcheck --epsilon 1e-3").description.contains("PASS"))
    }

    @Test("gradcheck shows D(ε) and a refined estimate in columns of their own")
    func gradcheckShowsTheCentralDifference() throws {
        let session = try labSession(["model rnn --hidden 16 --radius 1.5", "feed random 400", "set W_hh[0,0] 30"])
        let outcome = session.execute("gradcheck")
        let table = outcome.blocks.compactMap { if case .table(let table) = $0, table.title?.hasPrefix("the element") == true { table } else { nil } }.first
        #expect(table?.columns.map(\.name) == ["backward", "D(ε)", "refined"], "\(outcome.blocks)")
    }

    @Test func modelNamesFollowTheKind() throws {
        let session = try labSession(["model lstm", "model lstm", "model rnn --name small-rnn"])
        #expect(session.modelNames == ["lstm", "lstm2", "small-rnn"])
        #expect(session.state.currentModelName == "small-rnn")
        _ = session.execute("use lstm")
        #expect(session.state.currentModelName == "lstm")
        #expect(session.complete(line: "use ls", cursor: 6) == ["lstm", "lstm2"])
    }

    @Test func viewsFollowWeightsChangedOutsideTheCommands() throws {
        let session = try labSession(["model rnn --hidden 3 --seed 2", "feed random 4", "grad"])
        let before = try session.values(of: reference(nil, "h"))
        // What training does: change the weights in place.
        var state = session.state
        try state.models[0].network?.updateParameters { $0.scale(by: 0.5) }
        session.state = state
        let after = try session.values(of: reference(nil, "h"))
        #expect(after != before)
        let network = try #require(session.state.models[0].network)
        let expected = try network.forward(session.state.input!.example.inputSequence).output.values
        #expect(after == expected)
        // The gradient belonged to the old weights.
        #expect(session.execute("show dh").error?.message.contains("run `grad` first") == true)
    }

    @Test(arguments: ["lstm", "gru", "rnn"], [false, true])
    func explainAgreesWithTheTraceInEveryLayerAndDirection(kind: String, layerNorm: Bool) throws {
        let session = try labSession(["model \(kind) --hidden 3 --layers 2 --bidirectional --seed 4" + (layerNorm ? " --layer-norm" : ""),
                                      "feed random 5 --seed 3"])
        if layerNorm {
            // Gains and shifts other than 1 and 0 for unit 2 of every block, so a misplaced γ or β shows.
            let blocks = kind == "lstm" ? 4 : kind == "gru" ? 3 : 1
            for suffix in ["l0", "l1", "l0_reverse", "l1_reverse"] {
                for (part, rows) in [("ih", blocks), ("hh", blocks)] + (kind == "lstm" ? [("c", 1)] : []) {
                    for block in 0..<rows {
                        try labRun(session, "set layer_norm_\(part)_\(suffix).weight[\(3 * block + 2)] \(1.3 + 0.1 * Double(block))")
                        try labRun(session, "set layer_norm_\(part)_\(suffix).bias[\(3 * block + 2)] -0.2")
                    }
                }
            }
        }
        let symbols = kind == "lstm" ? ["i", "f", "g", "o", "c", "h"] : kind == "gru" ? ["r", "z", "n", "h"] : ["h"]
        for symbol in symbols {
            for (layer, reverse) in [(0, false), (1, false), (0, true), (1, true)] {
                let line = "explain \(symbol) --step 3 --unit 2 --layer \(layer)" + (reverse ? " --reverse" : "")
                let outcome = session.execute(line)
                let text = outcome.blocks.compactMap { if case .preformatted(let text) = $0 { text } else { nil } }.joined()
                let shown = try #require(Double(text.split(separator: " ").last.map { $0.replacingOccurrences(of: "−", with: "-") } ?? ""), "\(line): \(text)")
                let expected = try session.values(of: reference(nil, symbol, ("t", .index(3)), ("unit", .index(2)),
                                                                ("layer", .index(layer)), ("dir", .word(reverse ? "reverse" : "forward"))))
                #expect(abs(shown - expected[0]) <= 5e-4 * max(1, abs(expected[0])), "\(line)")
                // A note naming the weights names this layer's and direction's.
                let suffix = "_l\(layer)" + (reverse ? "_reverse" : "")
                for note in outcome.blocks.compactMap({ if case .note(let text) = $0 { text } else { nil } }) where note.contains("weight_") {
                    #expect(note.contains("weight_ih\(suffix) ") && note.contains("weight_hh\(suffix) "), "\(line): \(note)")
                }
                // The function applied to the plugged-in sum gives the value too.
                if let open = text.range(of: "σ(", options: .backwards), symbol != "c" {
                    let inner = text[open.upperBound...].prefix { $0 != ")" }.replacingOccurrences(of: "−", with: "-")
                    if let sum = Double(inner) {
                        #expect(abs(1 / (1 + exp(-sum)) - expected[0]) < 1e-3, "\(line)")
                    }
                }
            }
        }
    }
}

@Suite("Heat and tint ranges")
struct ShadingRangeTests {
    @Test("a cell state beyond ±1 is tinted up to its largest value; h and gates keep their bounds")
    func cellStateRange() throws {
        let session = try labSession(["model lstm --hidden 3 --forget-bias 3", "feed random 30"])
        let largest = try #require(session.state.currentModel?.pass?.trace.directions.first?.cellState.values.map(abs).max())
        #expect(largest > 1, "forget bias 3 lets c grow past 1")
        let heat = session.execute("show c --as heat").blocks.compactMap { if case .heatStrip(let strip) = $0 { strip } else { nil } }.first
        #expect(heat?.scale == .diverging(limit: largest))
        let hidden = session.execute("show h --as heat").blocks.compactMap { if case .heatStrip(let strip) = $0 { strip } else { nil } }.first
        #expect(hidden?.scale == .diverging(limit: 1))
        let forget = session.execute("show f --as heat").blocks.compactMap { if case .heatStrip(let strip) = $0 { strip } else { nil } }.first
        #expect(forget?.scale == .sequential(low: 0, high: 1))
    }

    @Test("the input's heat strip and tint follow its data: one-hot characters from 0 to 1, signed numbers around 0 to their largest magnitude")
    func inputRangeFollowsTheData() throws {
        func strip(_ session: Session) throws -> HeatStrip {
            try #require(session.execute("show x --as heat").blocks.compactMap { if case .heatStrip(let strip) = $0 { strip } else { nil } }.first)
        }
        let text = try labSession(["model lstm --hidden 3", "feed \"hello\""])
        #expect(try strip(text).scale == .sequential(low: 0, high: 1))
        let rendered = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(text.execute("show x --as heat").blocks)
        #expect(rendered.contains("0 [_ . : - = + * # % @] 1") && !rendered.contains("-1"), "\(rendered)")
        let table = try #require(text.execute("show x").blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(table.shading == .sequential(low: 0, high: 1), "the table is tinted on the same range")

        let numbers = try labSession(["model rnn --hidden 3", "feed --numbers 0.25 -0.5 0.1"])
        #expect(try strip(numbers).scale == .diverging(limit: 0.5))
        let positive = try labSession(["model rnn --hidden 3", "feed --numbers 2 3 0.5"])
        #expect(try strip(positive).scale == .sequential(low: 0, high: 3))
    }

    @Test("the input's columns tenfold apart get their own heat ranges, as help show says of units, whether x has a sign or not")
    func inputColumnsApartGetTheirOwnRanges() throws {
        for feed in ["feed --numbers \"100 0.002; 101 0.0021; 99 0.0019; 100.5 0.0025\"",
                     "feed --numbers \"100 -0.002; -101 0.0021; 99 0.0019; 100.5 -0.0025\""] {
            let session = try labSession(["model lstm --input 2 --hidden 3", feed])
            let shown = session.execute("show x --as heat")
            let strip = try #require(shown.blocks.compactMap { if case .heatStrip(let strip) = $0 { strip } else { nil } }.first)
            #expect(strip.eachRowOnItsOwnRange, "\(feed)")
            #expect(shown.text.contains("the input's features' largest values differ 10-fold or more, so each is drawn on its own range; "
                                        + "--range shared draws them on one"), "\(shown.text)")
            let rendered = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(shown.blocks)
            let small = try #require(rendered.split(separator: "\n").first { $0.hasPrefix("x[1]") })
            #expect(small.contains("0.0025") && small.dropFirst(6).prefix(4) != "____", "\(rendered)")
            let shared = try #require(session.execute("show x --as heat --range shared").blocks
                .compactMap { if case .heatStrip(let strip) = $0 { strip } else { nil } }.first)
            #expect(!shared.eachRowOnItsOwnRange)
        }
        // one-hot characters are all 0 to 1: one range
        let text = try labSession(["model lstm --hidden 3", "feed \"hello\""])
        #expect(text.execute("show x --as heat").blocks.contains { if case .heatStrip(let strip) = $0 { !strip.eachRowOnItsOwnRange } else { false } })
    }
}

@Suite("A new model beside an input it cannot read")
struct NewModelBesideAnInputTests {
    @Test("a model whose shape does not fit the fed h0 is made and kept, with a note that it was not run")
    func modelDespiteInitialStates() throws {
        let session = try labSession([
            "model lstm --hidden 2 --input 2 --layers 2 --bidirectional",
            "feed --numbers \"1 2; 3 4\" --h0 \"0.1 0.2; 0.3 0.4; 0 0; 0 0\"",
        ])
        let made = session.execute("model rnn --hidden 3 --input 2 --name r")
        #expect(!made.failed, "\(made.text)")
        #expect(made.text.contains("it was not run on this input"), "\(made.text)")
        #expect(session.state.currentModelName == "r")
        #expect(session.state.model(named: "r")?.pass == nil)
        #expect(session.state.model(named: "lstm")?.pass != nil, "the other model keeps its pass")
    }
}

@Suite("A bidirectional output's halves")
struct BidirectionalOutputTests {
    @Test("show output groups a bidirectional model's columns as forward and reverse h")
    func outputHalvesAreNamed() throws {
        let session = try labSession(["model gru --hidden 2 --bidirectional", "feed random 2"])
        let table = session.execute("show output").blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first
        #expect(table?.columns.map(\.group) == ["forward h", "forward h", "reverse h", "reverse h"])
    }
}

@Suite("models")
struct ModelsListTests {
    @Test("long options, which a narrow screen cuts, are also given in full below the table")
    func longOptionsInFull() throws {
        let session = try labSession([
            "model lstm --hidden 8 --layers 2 --dropout 0.25 --recurrent-dropout 0.1 --input-dropout 0.05 --layer-norm",
            "model gru --hidden 4 --dropout 0.1",
        ])
        let listed = session.execute("models")
        #expect(listed.blocks.contains(.note("lstm: layer norm, dropout 0.25, input dropout 0.05, recurrent dropout 0.1")), "\(listed.text)")
        #expect(!listed.text.contains("gru: dropout 0.1"), "a short one fits in the table")
    }

    /// The options cell of each model in `models`, by name ("" for `-`).
    static func options(_ session: Session) -> [String: String] {
        guard case .table(let table)? = session.execute("models").blocks.first,
              let column = table.columns.firstIndex(where: { $0.name == "options" }) else { return [:] }
        return Dictionary(uniqueKeysWithValues: table.rows.map { row in
            let text = if case .text(let text) = row.cells[column], text != "-" { text } else { "" }
            return (String(row.label.drop { $0 == "*" || $0 == " " }), text)
        })
    }

    @Test("options say how the weights started, and set keeps them true")
    func optionsFollowSet() {
        let session = Session()
        for line in ["model rnn --name r --radius 0.5 --hidden 3", "model lstm --name l --forget-bias 2 --hidden 3", "feed \"hello\""] {
            _ = session.execute(line)
        }
        #expect(Self.options(session) == ["r": "radius 0.5", "l": "forget bias 2"])
        _ = session.execute("set b_ih[0] 5")
        #expect(Self.options(session)["l"] == "forget bias 2", "an input-gate bias leaves the forget bias as it was")
        _ = session.execute("set b_ih[3] 5")
        #expect(Self.options(session)["l"] == "", "a forget-gate bias set by hand is no longer the one the model was made with")
        _ = session.execute("use r")
        _ = session.execute("set init identity")
        #expect(Self.options(session)["r"] == "identity init")
        _ = session.execute("set radius 0.8")
        #expect(Self.options(session)["r"] == "identity init, radius 0.8")
        _ = session.execute("set norm 0.8")
        #expect(Self.options(session)["r"] == "identity init")
        _ = session.execute("set W_hh[0,1] 0.5")
        #expect(Self.options(session)["r"] == "", "W_hh is no longer a multiple of I")
    }
}

@Suite("sparklines of gradients")
struct GradientSparklineTests {
    @Test("dh and dc are signed and drawn on a linear scale when negative; norms on a log scale")
    func scales() throws {
        let session = try labSession(["model lstm --hidden 2", "feed random 20", "grad"])
        func scale(_ line: String) -> SparklineGroup.Scale? {
            session.execute(line).blocks.compactMap { block -> SparklineGroup.Scale? in
                if case .sparklines(let group) = block { group.scale } else { nil }
            }.first
        }
        #expect(scale("show dh --as spark") == .auto)
        #expect(scale("show dc --as spark") == .auto)
        #expect(scale("show grad-norm --as spark") == .log)
    }
}

@Suite("show weights")
struct WeightsViewTests {
    @Test("heat maps by default, every value as numbers with --as table")
    func weightsAsNumbers() throws {
        let session = Session()
        _ = session.execute("model gru --hidden 2 --input 3 --seed 4")
        let heat = session.execute("show weights")
        #expect(heat.blocks.contains { if case .heatStrip = $0 { true } else { false } })
        let numbers = session.execute("show weights --as table")
        let tables = numbers.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }
        #expect(tables.count == 4, "W_ih, W_hh, the biases and the spectra")
        let network = try #require(session.state.currentModel?.network)
        let hh = try #require(network.parameter("weight_hh_l0")).matrix
        #expect(tables[1].rows.map(\.label) == ["W_hr[0]", "W_hr[1]", "W_hz[0]", "W_hz[1]", "W_hn[0]", "W_hn[1]"])
        #expect(tables[1].rows[3].cells == hh.row(3).map { .number($0) })
        #expect(tables[2].rows.first?.cells == network.parameter("bias_ih_l0")!.values[0..<2].map { .number($0) })
        // exported, a matrix keeps its rows as rows
        let csv = session.execute("show weights --format csv").blocks.compactMap { block -> String? in
            if case .data(let text) = block { text } else { nil }
        }
        #expect(csv.first?.hasPrefix("row,column 0,column 1,column 2\nW_ir[0],") == true, "\(csv)")
    }

    @Test("a wide matrix as numbers shows its first and last columns and rows, as show does; --all every one, up to a screenful")
    func wideWeightsAsNumbers() throws {
        let session = try labSession(["model rnn --input 3 --hidden 64 --seed 1"])
        let outcome = session.execute("show weights --as table")
        let tables = outcome.blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }
        let hh = try #require(tables.dropFirst().first)
        #expect(hh.columns.map(\.name) == ["column 0", "column 1", "column 2", "column 61", "column 62", "column 63"])
        #expect(hh.rows.allSatisfy { $0.cells.count == 6 }, "the table holds the numbers it shows only")
        #expect(hh.leftOutColumns == [3: 58] && !hh.showAll && hh.formatSharing == .allColumns)
        let screen = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(outcome.blocks)
        #expect(screen.contains("… 58 more columns (--all shows them) …") && screen.contains("… 40 more rows (--all shows them) …"), "\(screen)")
        let all = session.execute("show weights --as table --all").blocks.compactMap { block -> Table? in
            if case .table(let table) = block { table } else { nil }
        }
        #expect(all[1].columns.count == 64 && all[1].leftOutColumns.isEmpty && all[1].showAll)
        let large = try labSession(["model lstm --input 3 --hidden 160 --seed 1"])
        #expect(large.execute("show weights --as table --all").error?.message
                == "show weights --all prints at most 100000 numbers, and this layer has 105600: write them all with --format csv")
    }

    @Test("a large model's heat maps show each gate's first and last rows and the first and last columns; --all every one")
    func largeWeightsAsHeatMaps() throws {
        let session = try labSession(["model lstm --input 4 --hidden 100 --seed 1"])
        let outcome = session.execute("show weights")
        #expect(outcome.error == nil)
        let strips = outcome.blocks.compactMap { block -> HeatStrip? in if case .heatStrip(let strip) = block { strip } else { nil } }
        #expect(strips.count == 3, "W_ih, W_hh and the biases")
        let hh = try #require(strips.dropFirst().first)
        #expect(hh.rows.map(\.label).prefix(7) == ["W_hi[0]", "W_hi[1]", "W_hi[2]", "W_hi[97]", "W_hi[98]", "W_hi[99]", "W_hf[0]"])
        #expect(hh.rows.count == 24 && hh.leftOutRows == [3: 94, 9: 94, 15: 94, 21: 94])
        let weights = try #require(session.state.currentModel?.network?.parameter("weight_hh_l0")).matrix
        #expect(hh.rows[3].values == Array(weights.row(97).prefix(24) + weights.row(97).suffix(24)))
        #expect(hh.leftOutColumns == [24: 52] && hh.columnNoun == "columns")
        // the colors of the whole matrix, not of the part shown
        let largest = (0..<weights.rows).flatMap { weights.row($0) }.map(abs).max() ?? 0
        #expect(hh.scale == .diverging(limit: largest))
        #expect(strips[0].leftOutColumns.isEmpty, "W_ih's four columns are all shown")
        #expect(strips[2].leftOutRows.isEmpty && strips[2].leftOutColumns == [24: 52], "every bias row, the first and last units")
        let screen = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(outcome.blocks)
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count < 150, "\(lines.count) lines")
        #expect(lines.allSatisfy { $0.count <= 80 })
        #expect(screen.contains("… 94 more rows in each of 4 groups (--all shows them) …"), "\(screen)")
        #expect(screen.contains("… 52 more columns (--all shows them) …") && screen.contains("… 52 more units (--all shows them) …"))
        // the ruler names the columns on both sides of the gap
        #expect(lines.contains { $0.hasPrefix("column") && $0.contains(" 23 ") && $0.hasSuffix(" 99") && $0.contains(" 76 ") }, "\(screen)")
        let all = session.execute("show weights --all").blocks.compactMap { block -> HeatStrip? in
            if case .heatStrip(let strip) = block { strip } else { nil }
        }
        #expect(all[1].rows.count == 400 && all[1].leftOutRows.isEmpty && all[1].leftOutColumns.isEmpty)
        #expect(all[1].rows[3].values == weights.row(3))
        // a small model's maps are whole, on the scale `.auto` picks
        let small = try labSession(["model lstm --input 4 --hidden 32 --seed 1"]).execute("show weights").blocks
        #expect(small.allSatisfy { block in
            guard case .heatStrip(let strip) = block else { return true }
            return strip.leftOutRows.isEmpty && strip.leftOutColumns.isEmpty && strip.scale == .auto
        })
    }

    @Test("all of a large model's heat maps are laid out with the rest, saying the command runs and stopping on Ctrl-C")
    func allLargeWeightsStop() throws {
        let session = try labSession(["model lstm --input 4 --hidden 100 --seed 1"])
        var shownFirst: [Block] = []
        session.blockOutput = { shownFirst += $0 }
        let screen = RecordingLiveOutput(redrawsInPlace: true, width: 80)
        session.liveOutput = screen
        session.slowCommandThreshold = .zero  // every command counts as slow
        let outcome = session.execute("show weights --all")
        #expect(outcome.error == nil)
        #expect(shownFirst.isEmpty && outcome.blocks.count == 4, "the maps wait for the layout that Ctrl-C stops")
        let before = screen.updates.count
        var asked = 0
        session.interruptionCheck = { asked += 1; return asked > 3 }
        let renderer = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true))
        #expect(session.render(outcome.blocks, with: renderer) == nil)
        #expect(asked == 4, "asked before W_ih and every few of its rows, and no more after Ctrl-C")
        #expect(screen.updates[before...].contains { $0.first?.hasPrefix("show: running for") == true }, "\(screen.updates[before...])")
        // the shortened maps show at once, before the spectra are measured
        shownFirst = []
        #expect(session.execute("show weights").blocks.count == 1 && shownFirst.count == 3)
    }

    @Test("show weights --all refuses heat maps past a quarter million weights, saying how many in how many rows and what shows them")
    func allHeatMapsHaveALimit() throws {
        let session = try labSession(["model lstm --input 4 --hidden 256 --seed 1"])
        let refused = session.execute("show weights --all")
        // W_ih 1024 × 4, W_hh 1024 × 256 and 8 bias rows of 256: 268,288 weights
        #expect(refused.error?.message == "show weights --all draws at most 250,000 weights as heat maps, and layer 0 forward of lstm has 268,288 "
            + "in 2,056 rows (W_ih 1,024 × 4, W_hh 1,024 × 256, 8 bias rows of 256), each wrapped to the screen's width: "
            + "leave out --all to see each gate's first and last rows and columns, or write every weight with `show weights --format csv` "
            + "(or `save FILE.safetensors` for PyTorch)", "\(refused.text)")
        // an LSTM of 240 units (W_hh 960 × 240) has 236,160 weights, drawn whole
        let under = try RecurrentNetwork(kind: .lstm, inputSize: 4, hiddenSize: 240, seed: 1)
        #expect(throws: Never.self) { try WeightsView.checkDrawable(network: under, model: "m", layer: 0, direction: .forward) }
    }

    @Test("an RNN's weights are labelled with PyTorch's names, W_ih, W_hh, b_ih and b_hh")
    func rnnWeightNames() {
        let session = Session()
        _ = session.execute("model rnn --hidden 2 --input 3 --seed 4")
        let tables = session.execute("show weights --as table").blocks.compactMap { block -> Table? in
            if case .table(let table) = block { table } else { nil }
        }
        #expect(tables.map { $0.rows.map(\.label) } == [["W_ih[0]", "W_ih[1]"], ["W_hh[0]", "W_hh[1]"], ["b_ih", "b_hh"], ["W_hh"]])
    }
}

@Suite("Text through weights that are not finite")
struct NonFiniteInputWeightTests {
    @Test("an infinity in W_ih spreads NaN to every step of a text, as PyTorch's product does")
    func infinityInTheInputWeights() throws {
        let session = try labSession(["model rnn --hidden 2 --seed 1", "feed \"abc\""])
        var state = session.state
        var model = try #require(state.currentModel)
        var network = try #require(model.network)
        // the column of 'c': 'a' and 'b' do not pick it, yet 0 · ∞ = NaN reaches them in a product
        try network.setParameterElement("weight_ih_l0", index: [0, 2], to: .infinity)
        model.network = network
        state.currentModel = model
        session.commit(state)
        _ = try labRun(session, "feed \"abc\"")
        let h = try session.values(of: reference(nil, "h", ("unit", .index(0))))
        #expect(h.count == 3 && h.allSatisfy(\.isNaN), "\(h)")
    }
}
