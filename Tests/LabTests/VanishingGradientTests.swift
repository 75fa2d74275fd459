import Lessons
import Rendering
import Testing
@testable import Lab

@Suite("compare shows vanishing gradients")
struct VanishingGradientTests {
    @Test func aTanhRNNWithRadiusOneHalfLosesItsGradientAndAnLSTMMuchLess() throws {
        let session = try labSession([
            "model rnn --hidden 8 --seed 3 --radius 0.5",
            "model lstm --hidden 8 --seed 3 --forget-bias 1",
            "feed random 50",
            "compare rnn lstm grad-norm",
        ])
        let rnnFirst = try session.values(of: reference("rnn", "grad-norm", ("t", .index(1))))[0]
        let rnnLast = try session.values(of: reference("rnn", "grad-norm", ("t", .index(-1))))[0]
        let lstmFirst = try session.values(of: reference("lstm", "grad-norm", ("t", .index(1))))[0]
        let lstmLast = try session.values(of: reference("lstm", "grad-norm", ("t", .index(50))))[0]
        let rnnRatio = rnnFirst / rnnLast
        let lstmRatio = lstmFirst / lstmLast
        // Over 49 steps the RNN's gradient falls by many orders of magnitude...
        #expect(rnnRatio < 1e-8)
        // ...the LSTM's by far fewer.
        #expect(lstmRatio > 1e4 * rnnRatio)
        #expect(try session.values(of: reference("rnn", "grad-ratio")) == [rnnRatio])
        #expect(session.record.facets.contains("rnn/grad-norm/loss-last/layer0/forward/t1-50"))
        #expect(session.record.facets.contains("lstm/grad-norm/loss-last/layer0/forward/t1-50"))
    }

    @Test("the ratios of compare name the steps they divide, also for a part of the steps")
    func compareRatiosNameTheirSteps() throws {
        let session = try labSession(["model rnn --hidden 4 --seed 3", "model lstm --hidden 4 --seed 3", "feed random 10"])
        func bars(_ line: String) -> BarChart? {
            session.execute(line).blocks.lazy.compactMap { if case .bars(let chart) = $0 { chart } else { nil } }.first
        }
        let whole = try #require(bars("compare rnn lstm grad-norm"))
        #expect(whole.title == "step 1 / step 10: how much gradient reaches step 1")
        let part = try #require(bars("compare rnn lstm grad-norm --step 2..4"))
        #expect(part.title == "step 2 / step 4: how much of step 4's gradient reaches step 2")
        let norm = { (step: Int) in try session.values(of: reference("rnn", "grad-norm", ("t", .index(step))))[0] }
        #expect(part.bars.first?.value == (try norm(2) / norm(4)))
        #expect(bars("compare rnn lstm grad-norm --step 3") == nil, "one step has no ratio")
    }

    @Test("the note of truncated BPTT names the windows as they lie on the input")
    func truncationWindowsLieOnTheInput() {
        #expect(GradientComputation.truncationNote(window: 3, steps: 12).hasSuffix("windows of 3 steps (1–3, 4–6, 7–9, 10–12); across a window's start it is cut"))
        #expect(GradientComputation.truncationNote(window: 5, steps: 12).contains("(1–5, 6–10, 11–12)"))
        #expect(GradientComputation.truncationNote(window: 3, steps: 30).contains("(1–3, 4–6, …, 28–30)"))
        #expect(GradientComputation.truncationNote(window: 4, steps: 13).contains("(1–4, 5–8, 9–12, 13)"))
        #expect(GradientComputation.truncationNote(window: 100, steps: 7).contains("holds all 7 steps of the input, so nothing is cut"))
        #expect(GradientComputation.truncationNote(window: 1, steps: 7).contains("no gradient flows from a step to the one before it"))
    }

    @Test("grad --tbptt with a loss at every step says what truncation cut, against the whole gradient")
    func truncationOfALossAtEveryStepIsNotCalledHarmless() throws {
        let lines = ["model rnn --hidden 8 --seed 3 --input 1", "feed random 12"]
        let whole = try labSession(lines + ["grad --loss sum"])
        let wholeFirst = try whole.values(of: reference(nil, "grad-norm", ("t", .index(1))))[0]
        let session = try labSession(lines)
        let text = session.execute("grad --loss sum --tbptt 3").text
        let truncatedFirst = try session.values(of: reference(nil, "grad-norm", ("t", .index(1))))[0]
        try #require(abs(truncatedFirst - wholeFirst) > 0.1, "the case this test is about")
        #expect(!text.contains("long enough"), "\(text)")
        let shown = { (value: Double) in NumberFormat.single(value, significantDigits: 4) }
        #expect(text.contains("‖dL/dh_1‖ is \(shown(truncatedFirst)) here, \(shown(wholeFirst)) without truncation"), "\(text)")
        // windows as long as the input cut nothing, for any loss
        for loss in ["sum", "last"] {
            #expect(session.execute("grad --loss \(loss) --tbptt 12").text.contains("every step gets the gradient it gets without truncation"))
        }
        #expect(session.execute("grad --tbptt 3").text.contains("reaches back to step 10 and no further"))
    }

    @Test("an LSTM's grad says what reaches the first step at the cell state, by every path into c_t, not the cell path alone")
    func anLSTMsGradSaysWhatReachesTheFirstStepAtTheCellState() throws {
        let session = try labSession(["model lstm --hidden 3 --seed 7 --forget-bias 3", "feed random 30"])
        let prose = session.execute("grad").blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }
        let first = try session.values(of: reference(nil, "cell-grad-norm", ("t", .index(1))))[0]
        let last = try session.values(of: reference(nil, "cell-grad-norm", ("t", .index(30))))[0]
        let ratio = NumberFormat.single(first / last, significantDigits: 3)
        let verdict = try #require(prose.first { $0.hasPrefix("‖dL/dc_1‖ / ‖dL/dc_30‖ = \(ratio)") }, "\(prose)")
        #expect(verdict.hasPrefix("‖dL/dc_1‖ / ‖dL/dc_30‖ = \(ratio): going back 29 steps the gradient at the cell state"), "\(verdict)")
        // ‖dL/dc_t‖ is the sum of the cell path's term and the terms through h_t: it is not called the cell path's
        #expect(!verdict.contains("along the cell path"), "\(verdict)")
        #expect(verdict.contains("takes in every path into c_t"), "\(verdict)")
        let rnn = try labSession(["model rnn --hidden 3 --seed 7", "feed random 30"])
        #expect(!rnn.execute("grad").text.contains("cell path"), "an RNN has none")
    }

    @Test func aDropInTheLastFewStepsIsNotCalledVanishing() throws {
        // this LSTM's ‖dL/dh_t‖ falls from √3 at step 30 to about 0.006 at step 27, and from
        // there back to step 1 by less than a factor 10: the end-to-end ratio is below 1e-3
        let session = try labSession(["model lstm --hidden 3 --seed 30 --forget-bias 3", "feed random 30"])
        let prose = session.execute("grad").blocks.compactMap { if case .prose(let text) = $0 { text } else { nil } }
        let norm = { (step: Int) in try session.values(of: reference(nil, "grad-norm", ("t", .index(step))))[0] }
        try #require(try norm(1) / norm(30) < 1e-3, "the case this test is about")
        let verdict = try #require(prose.first { $0.hasPrefix("‖dL/dh_1‖ / ‖dL/dh_30‖") }, "\(prose)")
        #expect(!verdict.contains("vanishes"), "\(verdict)")
        let body = NumberFormat.single(try norm(1) / norm(27), significantDigits: 2)
        #expect(verdict.contains("most of the drop is in the last 3 steps"), "\(verdict)")
        #expect(verdict.contains("over steps 1–27 it changes by ×\(body) (no steady vanishing)"), "\(verdict)")
        // a steady fall over all the steps is still called vanishing
        let rnn = try labSession(["model rnn --hidden 3 --seed 7 --radius 0.5", "feed random 30"])
        #expect(rnn.execute("grad").text.contains("orders of magnitude (it vanishes)"))
    }

    @Test("grad writes the zeros truncation leaves as its other norms are written, in both columns: 0.000 beside 2.000 and 1.102")
    func gradWritesZerosInTheColumnsFormat() throws {
        let session = try labSession(["model lstm --hidden 4 --no-bias", "feed --numbers 0 0 1"])
        let outcome = session.execute("grad --tbptt 1")
        let rendered = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(outcome.blocks)
        let rows = rendered.split(separator: "\n").filter { $0.hasPrefix("t=") }.map { $0.split(separator: " ").dropFirst(2).map(String.init) }
        #expect(rows == [["0.000", "0.000"], ["0.000", "0.000"], ["2.000", "1.102"]], "\(rendered)")
        #expect(rendered.contains("min 0.00  max 2.00"), "\(rendered)")
    }

    @Test func gradDrawsBothNormsOfAnLSTMOnOneScale() throws {
        let session = try labSession(["model lstm --hidden 3 --seed 30 --forget-bias 3", "feed random 30"])
        let outcome = session.execute("grad")
        let group = try #require(outcome.blocks.compactMap { if case .sparklines(let group) = $0 { group } else { nil } }.first)
        #expect(group.series.map(\.label) == ["‖dL/dh_t‖", "‖dL/dc_t‖"])
        #expect(group.sharedRange, "‖dL/dh_t‖ and ‖dL/dc_t‖ are both gradient norms")
        let rendered = Renderer(caps: TerminalCaps(width: 80, color: false, unicode: true)).render(outcome.blocks)
        #expect(rendered.contains("log scale; shared range"), "\(rendered)")
        #expect(rendered.components(separatedBy: "log scale").count == 2, "said once, with the scale's other notes:\n\(rendered)")
    }

    @Test func compareShowsOneUnitWithUnit() throws {
        let session = try labSession(["model lstm --name a --hidden 4 --seed 1", "model gru --name b --hidden 4 --seed 2", "feed random 5"])
        let table = try #require(session.execute("compare a b gates --unit 2").blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(table.columns.map(\.name) == ["i[2]", "f[2]", "g[2]", "o[2]", "r[2]", "z[2]", "n[2]"])
        let h = try session.values(of: reference("b", "h", ("unit", .index(2))))
        let hTable = try #require(session.execute("compare a b h --unit 2").blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(hTable.rows.map { $0.cells.last } == h.map { .number($0) })
        #expect(session.execute("compare a b h --unit 4").error?.message.contains("--unit 4 is out of range") == true)
    }

    @Test func comparingTwoRadiiOfOneModelShowsTheSameTrend() throws {
        let session = try labSession(["model rnn --hidden 6 --seed 5", "feed random 40"])
        let outcome = session.execute("compare --radius 0.5 1.5 grad-norm")
        let bars = outcome.blocks.compactMap { if case .bars(let chart) = $0 { chart } else { nil } }.first
        let ratios = try #require(bars?.bars.map(\.value))
        #expect(ratios.count == 2)
        #expect(ratios[0] < 1e-6 * ratios[1])
        // The variants are not kept.
        #expect(session.modelNames == ["rnn"])
        #expect(session.state.currentModel?.gradient == nil)
        // Either order shows the same, so a task asking for one is done by the other.
        let facets = session.record.facets
        _ = session.execute("compare --radius 1.5 0.5 grad-norm")
        #expect(session.record.facets == facets)
        #expect(facets.count == 1)
        // and any name of the quantity: grad is grad-norm
        #expect(!session.execute("compare --radius 0.5 1.5 grad").failed)
        #expect(session.record.facets == facets)
        _ = session.execute("compare --radius 0.5 1.5 h")
        #expect(session.record.facets != facets)
    }

    @Test func keptVariantsJoinTheLabWithTheirGradientsForChecksToRead() throws {
        let session = try labSession(["model lstm --hidden 4 --seed 3", "feed random 30"])
        let outcome = session.execute("compare --forget-bias 0 3 grad-norm --keep fb0,fb3")
        #expect(outcome.blocks.contains(.note("kept forget-bias=0 as `fb0` and forget-bias=3 as `fb3`")), "\(outcome.blocks)")
        #expect(session.modelNames == ["lstm", "fb0", "fb3"] && session.state.currentModelName == "lstm")
        let bars = try #require(outcome.blocks.compactMap { if case .bars(let chart) = $0 { chart } else { nil } }.first)
        let first0 = try session.values(of: reference("fb0", "grad-norm", ("t", .index(1))))
        let last0 = try session.values(of: reference("fb0", "grad-norm", ("t", .index(-1))))
        #expect(first0.count == 1 && abs(first0[0] / last0[0] - bars.bars[0].value) <= 1e-12 * bars.bars[0].value, "what the bars showed")
        let f3 = try session.values(of: reference("fb3", "f"))
        #expect(f3.allSatisfy { $0 > 0.8 }, "the kept variant has forget bias 3")
        // a second run replaces them, and says so
        let again = session.execute("compare --forget-bias 0 1 grad-norm --keep fb0,fb3")
        #expect(again.text.contains("the earlier `fb0` and `fb3` replaced"), "\(again.text)")
        #expect(session.modelNames.count == 3)
        for (line, message) in [
            ("compare --forget-bias 0 3 h --keep fb0", "two names separated by a comma"),
            ("compare --forget-bias 0 3 h --keep a,a", "different names"),
            ("compare --forget-bias 0 3 h --keep 9x,b", "not valid"),
            ("compare lstm fb0 h --keep a,b", "two models compared are kept anyway"),
            ("compare --forget-bias 0 3 h --keep lstm,b", "there is a model called lstm already"),
        ] {
            #expect(session.execute(line).error?.message.contains(message) == true, "\(line)")
        }
    }
}

@Suite("grad with a mask")
struct MaskedLossTests {
    @Test("mse scores only real steps: what the padding holds changes nothing, and padding gets no gradient")
    func meanSquaredErrorSkipsPadding() throws {
        func loss(_ numbers: String) throws -> (value: Double, session: Session) {
            let session = try labSession(["model rnn --hidden 3", "feed --numbers \(numbers) --mask 2", "grad --loss mse"])
            return (try #require(session.state.currentModel?.gradient?.value), session)
        }
        let (first, session) = try loss("0.1 0.2 0.3")
        let (second, _) = try loss("0.1 0.2 9")
        #expect(first == second, "the target of a padded step is not scored")
        // numbers come with no task: the note says that the target is the input itself
        #expect(session.state.currentModel?.gradient?.note?.contains("its target is the input itself, y_t = x_t") == true)
        let sine = try labSession(["model rnn --hidden 3", "feed sine 6", "grad --loss mse"])
        #expect(sine.state.currentModel?.gradient?.note?.contains("the input itself") != true)
        #expect(sine.state.currentModel?.gradient?.formula == "L = mean_t (W_hy h_t + b_y − y_t)²")
        // the adding problem's one target, at the last step, is scored there alone
        let adding = try labSession(["model rnn --hidden 3", "feed adding 8", "grad --loss mse"])
        #expect(adding.state.currentModel?.gradient?.formula == "L = mean_j (W_hy h_T + b_y − y)_j²")
        #expect(adding.execute("show dh").text.contains("at the last step only"))
        let dh = try #require(session.state.currentModel?.pass?.trace.directions.first?.hiddenGradient?.values)
        #expect(dh[6..<9].allSatisfy { $0 == 0 })
        #expect(dh[3..<6].contains { $0 != 0 })
    }

    @Test("next-char gives the last real step no target: the padding that follows it is not scored")
    func nextCharacterSkipsPadding() throws {
        // the same characters in both, so the same one-hot input on the five real steps
        func loss(_ text: String) throws -> Double {
            let session = try labSession(["model lstm --hidden 3 --seed 4", "feed \"\(text)\" --mask 5", "grad --loss next-char"])
            return try #require(session.state.currentModel?.gradient?.value)
        }
        #expect(try loss("hello_h") == loss("helloh_"))
    }
}
