import Lessons
import Testing
@testable import Lab

@Suite("Lesson checks read the session")
struct LessonCheckTests {
    /// Whether `claim` holds in `session`, through the lessons' own parser and evaluator.
    func holds(_ claim: String, in session: Session) throws -> Bool {
        var evaluator = CheckEvaluator(resolver: session)
        return try evaluator.holds(CheckParser.parse(claim))
    }

    @Test func theTourLessonsClaimsHold() throws {
        let session = try labSession([
            "model lstm --name lstm --hidden 3 --seed 7",
            "feed \"hello\"",
            "params",
        ])
        #expect(try holds("params == 108", in: session))
        #expect(try holds("lstm.params == 4 * (3*4 + 3*3 + 2*3)", in: session))
        #expect(try holds("f in (0, 1) and i in (0, 1) and o in (0, 1)", in: session))
        #expect(try holds("g in [-1, 1]", in: session))
        #expect(try !holds("f > 0.99", in: session))
        _ = session.execute("explain f --step 3 --unit 0")
        #expect(try holds("f[t=3, unit=0] in (0, 1)", in: session))
        for line in [
            "model rnn --name rnn --hidden 3 --seed 7 --radius 0.5",
            "model lstm --name lstm --hidden 3 --seed 7 --forget-bias 3",
            "feed random 30", "use rnn", "grad", "use lstm", "grad", "compare rnn lstm grad-norm",
        ] {
            #expect(session.execute(line).error == nil, "\(line)")
        }
        #expect(try holds("rnn.grad-norm[t=1] < 1e-3 * rnn.grad-norm[t=30]", in: session))
        #expect(try holds("lstm.grad-norm[1] / lstm.grad-norm[-1] >= 100 * (rnn.grad-norm[1] / rnn.grad-norm[-1])", in: session))
        #expect(try holds("max(abs(lstm.grad-norm)) > 0", in: session))
        #expect(try holds("log10(rnn.grad-norm[-1] / rnn.grad-norm[1]) > 3", in: session))
    }

    @Test func trainingLossesAreSelectedByTrainingStep() throws {
        let session = try labSession(["model lstm --name fb1 --hidden 4 --seed 1", "train adding 6 --steps 12 --batch 2 --seed 3"])
        let losses = try session.values(of: reference(nil, "loss"))
        #expect(losses.count == 12)
        #expect(try session.values(of: reference(nil, "loss", ("step", .index(1)))) == [losses[0]])
        #expect(try session.values(of: reference(nil, "loss", ("step", .index(-1)))) == [losses[11]])
        #expect(try session.values(of: reference("fb1", "loss", ("step", .range(5, 8)))) == Array(losses[4..<8]))
        #expect(try holds("mean(fb1.loss[step=1..6]) > 0 and count(loss[step=3..12]) == 10", in: session))
        #expect(try holds("loss[step=-1] == last(loss) and first(loss > -1) == 1", in: session))
        let placed = try session.placedValues(of: reference(nil, "loss", ("step", .range(11, 12))))
        #expect(placed.places == ["step=11", "step=12"])
        // out of range, or a t= (a bare index is t=), says what to write
        #expect(throws: ValueResolutionError("loss[step=13]: step=13 is out of range; fb1 has trained 12 steps: 1..12, or -1..-12 from the end")) {
            try session.values(of: reference(nil, "loss", ("step", .index(13))))
        }
        do {
            _ = try session.values(of: reference(nil, "loss", ("t", .index(1))))
            Issue.record("loss[t=1] should not resolve")
        } catch {
            #expect(error.message.hasPrefix("loss[t=1]: loss has one value per training step, not one per step of the input"))
            #expect(error.message.contains("loss[step=100..150]"))
            #expect(!error.message.contains("one number"))
        }
    }

    @Test func trainingGradientNormsBeforeClippingAreSelectedByTrainingStep() throws {
        let session = try labSession(["model rnn --name m --hidden 8 --seed 1"])
        // not trained: no training gradient norm, and the message says which value is per input step
        do {
            _ = try session.values(of: reference("m", "train-grad-norm"))
            Issue.record("an untrained model has no train-grad-norm")
        } catch {
            #expect(error.message.hasPrefix("m has not been trained, so it has no training gradient norm"), "\(error.message)")
        }
        #expect(session.execute("train sine --steps 12 --optimizer sgd --lr 0.5 --clip norm:0.001 --seed 1").error == nil)
        let norms = try session.values(of: reference(nil, "train-grad-norm"))
        let losses = try session.values(of: reference(nil, "loss"))
        #expect(norms.count == 12 && losses.count == 12)
        // before clipping: a threshold of 0.001 would cap every norm after it at 0.001
        #expect(norms.allSatisfy { $0 > 0.001 }, "\(norms)")
        #expect(try holds("min(train-grad-norm) > 0.001 and count(m.train-grad-norm[step=3..12]) == 10", in: session))
        #expect(try session.values(of: reference(nil, "train-grad-norm", ("step", .index(-1)))) == [norms[11]])
        let placed = try session.placedValues(of: reference("m", "train-grad-norm", ("step", .range(2, 3))))
        #expect(placed.values == Array(norms[1...2]) && placed.places == ["step=2", "step=3"])
        // a second run of the same task goes on with the same history, as the loss does
        #expect(session.execute("train sine --steps 5 --optimizer sgd --lr 0.5 --clip norm:0.001 --seed 1").error == nil)
        let after = try session.values(of: reference(nil, "train-grad-norm"))
        #expect(after.count == 17 && Array(after.prefix(12)) == norms)
        #expect(throws: ValueResolutionError("train-grad-norm[step=18]: step=18 is out of range; m has trained 17 steps: 1..17, or -1..-17 from the end")) {
            try session.values(of: reference(nil, "train-grad-norm", ("step", .index(18))))
        }
        // a step of the input is no training step
        do {
            _ = try session.values(of: reference(nil, "train-grad-norm", ("t", .index(1))))
            Issue.record("train-grad-norm[t=1] should not resolve")
        } catch {
            #expect(error.message.hasPrefix("train-grad-norm[t=1]: train-grad-norm has one value per training step, not one per step of the input"))
            #expect(error.message.contains("train-grad-norm[step=100..150]"))
        }
        // lint knows the name and its selector
        #expect(Session.valueNameProblem(reference("m", "train-grad-norm", ("step", .range(1, 5)))) == nil)
        #expect(Session.valueNameProblem(reference(nil, "train-grad-norm", ("unit", .index(0))))?.contains("step=") == true)
    }

    @Test func aFailingElementwiseClaimSaysWhereInTheQuantitysOwnTerms() throws {
        let session = try labSession([
            "model lstm --name fb0 --hidden 3 --seed 7", "model lstm --name fb1 --hidden 3 --seed 7 --forget-bias 1",
            "feed \"hello\"",
        ])
        let f0 = try session.values(of: reference("fb0", "f"))
        let f1 = try session.values(of: reference("fb1", "f"))
        let source = "fb1.f < fb0.f + 0.05"
        let check = Check(source: source, expression: try CheckParser.parse(source), message: nil,
                          location: SourceLocation(file: "x.md", line: 3))
        let failure = try #require(check.failure(using: session))
        let falses = zip(f1, f0).filter { !($0 < $1 + 0.05) }.count
        let first = try #require(f1.indices.first { !(f1[$0] < f0[$0] + 0.05) })
        let expected = "false at \(falses) of 15 elements; first at t=\(first / 3 + 1), unit=\(first % 3): "
            + "\(CheckFailure.text(f1[first])) vs \(CheckFailure.text(f0[first] + 0.05))"
        #expect(failure.falseElements == expected)
        // gates name the gate of each column; stacked layers and directions say which
        let gates = try session.placedValues(of: reference("fb0", "gates", ("t", .index(2)), ("unit", .index(1))))
        #expect(gates.places == ["t=2, gate=i, unit=1", "t=2, gate=f, unit=1", "t=2, gate=g, unit=1", "t=2, gate=o, unit=1"])
        let pre = try session.placedValues(of: reference("fb0", "pre", ("t", .index(1)), ("unit", .index(2))))
        #expect(pre.places == ["t=1, gate=i, unit=2", "t=1, gate=f, unit=2", "t=1, gate=g, unit=2", "t=1, gate=o, unit=2"])
        let stacked = try labSession(["model gru --hidden 2 --layers 2 --bidirectional", "feed random 3"])
            .placedValues(of: reference(nil, "h", ("t", .index(3)), ("unit", .index(1))))
        #expect(stacked.places == ["t=3, layer=0, dir=forward, unit=1", "t=3, layer=0, dir=reverse, unit=1",
                                   "t=3, layer=1, dir=forward, unit=1", "t=3, layer=1, dir=reverse, unit=1"])
    }
}
