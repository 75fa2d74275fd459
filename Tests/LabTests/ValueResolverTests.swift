import Lessons
import RNNEngine
import Testing
@testable import Lab

@Suite("The session's values for lesson checks")
struct ValueResolverTests {
    func session() throws -> Session {
        try labSession(["model lstm --hidden 3 --seed 7", "feed \"hello\"", "model rnn --name plain --hidden 2 --radius 0.5", "use lstm"])
    }

    @Test func selectorsPickStepsAndUnitsFlattenedByStepThenUnit() throws {
        let session = try session()
        let all = try session.values(of: reference(nil, "h"))
        #expect(all.count == 15)
        let trace = try #require(session.state.currentModel?.pass?.trace)
        #expect(try session.values(of: reference(nil, "h", ("t", .index(2)))) == trace.value(.hiddenState, step: 1))
        #expect(try session.values(of: reference(nil, "h", ("t", .index(2)), ("unit", .index(1)))) == [all[4]])
        #expect(try session.values(of: reference(nil, "h", ("unit", .index(0)))) == [all[0], all[3], all[6], all[9], all[12]])
        #expect(try session.values(of: reference(nil, "h", ("t", .range(2, 3)))) == Array(all[3..<9]))
        #expect(try session.values(of: reference(nil, "h", ("unit", .range(1, 2)), ("t", .index(1)))) == [all[1], all[2]])
        // a negative unit counts from the end, as a negative step does
        #expect(try session.values(of: reference(nil, "h", ("t", .index(-1)), ("unit", .index(-1)))) == [all[14]])
        #expect(try session.values(of: reference(nil, "h", ("unit", .range(-2, -1)), ("t", .index(1)))) == [all[1], all[2]])
        #expect(try session.values(of: reference(nil, "c", ("t", .index(1)), ("layer", .index(0)), ("dir", .word("forward")))).count == 3)
        #expect(try session.values(of: reference(nil, "pre", ("t", .index(1)))).count == 12)
        #expect(try session.values(of: reference(nil, "gates", ("t", .index(1)), ("unit", .index(0)))).count == 4)
        #expect(try session.values(of: reference(nil, "output", ("t", .index(-1)))) == Array(all[12..<15]))
    }

    @Test func negativeStepsCountFromTheEnd() throws {
        let session = try session()
        let f = try session.values(of: reference(nil, "f"))
        #expect(try session.values(of: reference(nil, "f", ("t", .index(-1)))) == Array(f[12..<15]))
        #expect(try session.values(of: reference(nil, "f", ("t", .range(-2, -1)))) == Array(f[9..<15]))
    }

    @Test func modelPrefixesAndSessionNumbers() throws {
        let session = try session()
        #expect(try session.values(of: reference("lstm", "params")) == [108])
        #expect(try session.values(of: reference("plain", "params")) == [2 * (4 + 2) + 4])
        #expect(abs(try session.values(of: reference("plain", "radius"))[0] - 0.5) < 1e-9)
        #expect(try session.values(of: reference("lstm", "radius")).count == 4)
        #expect(try session.values(of: reference(nil, "steps")) == [5])
        #expect(try session.values(of: reference("plain", "jacobian")).count == 5)
        _ = session.execute("grad")
        #expect(try session.values(of: reference(nil, "loss")).count == 1)
        #expect(try session.values(of: reference(nil, "grad-norm", ("t", .index(-1)))) == [Double(3).squareRoot()])
    }

    @Test func unknownNamesAndSelectorsSayWhatExists() throws {
        let session = try session()
        func message(_ reference: ValueReference) -> String {
            do {
                _ = try session.values(of: reference)
                return ""
            } catch {
                return error.message
            }
        }
        #expect(message(reference(nil, "hiden")).contains("did you mean 'hidden'") || message(reference(nil, "hiden")).contains("the names are"))
        #expect(message(reference(nil, "bogus")).contains("unknown value 'bogus'"))
        #expect(message(reference("rnn9", "h")).contains("no model named 'rnn9'"))
        #expect(message(reference(nil, "r")).contains("LSTM has no r"))
        #expect(message(reference(nil, "h", ("t", .index(6)))).contains("1..5"))
        #expect(message(reference(nil, "h", ("unit", .index(3)))).contains("0..2"))
        #expect(message(reference(nil, "h", ("unit", .index(-4)))).contains("or -1..-3 from the end"))
        #expect(message(reference(nil, "h", ("time", .index(1)))).contains("unknown selector 'time'"))
        #expect(message(reference(nil, "h", ("dri", .word("forward")))).contains("unknown selector 'dri' in h[dri=forward] — did you mean 'dir'?"))
        #expect(message(reference(nil, "h", ("dir", .word("reverse")))).contains("bidirectional"))
        #expect(message(reference(nil, "h", ("layer", .index(1)))).contains("0..0"))
        #expect(message(reference(nil, "params", ("t", .index(1)))).contains("does not apply"))
        #expect(message(reference(nil, "grad-norm")).contains("grad"))
        #expect(message(reference(nil, "grad-norm", ("unit", .index(0)))) != "")
    }

    @Test func stackedBidirectionalModelsFlattenByStepLayerDirectionUnit() throws {
        let session = try labSession(["model gru --hidden 2 --layers 2 --bidirectional", "feed random 3"])
        let all = try session.values(of: reference(nil, "h"))
        #expect(all.count == 3 * 2 * 2 * 2)
        let reverseTop = try session.values(of: reference(nil, "h", ("t", .index(1)), ("layer", .index(1)), ("dir", .word("reverse"))))
        #expect(reverseTop == Array(all[6..<8]))
    }

    @Test func lintFindsUnknownNamesAndSelectorsWithoutASession() {
        #expect(Session.valueNameProblem(reference("rnn", "grad-norm", ("t", .index(1)))) == nil)
        #expect(Session.valueNameProblem(reference(nil, "f", ("t", .range(1, 3)), ("unit", .index(0)), ("dir", .word("reverse")))) == nil)
        #expect(Session.valueNameProblem(reference(nil, "grad-nrom"))?.contains("did you mean 'grad-norm'") == true)
        #expect(Session.valueNameProblem(reference(nil, "h", ("time", .index(1))))?.contains("unknown selector 'time'") == true)
        #expect(Session.valueNameProblem(reference(nil, "h", ("dir", .word("up"))))?.contains("forward or reverse") == true)
        #expect(Session.valueNameProblem(reference(nil, "h", ("t", .word("last"))))?.contains("a number or a range") == true)
        #expect(Session.valueNameProblem(reference(nil, "params")) == nil)
    }

    @Test func lintFindsSelectorsThatDoNotApplyToTheQuantity() {
        #expect(Session.valueNameProblem(reference("fb1", "loss", ("step", .range(100, 150)))) == nil)
        #expect(Session.valueNameProblem(reference(nil, "loss", ("step", .index(-1)))) == nil)
        let bare = Session.valueNameProblem(reference(nil, "loss", ("t", .index(1))))
        #expect(bare?.hasPrefix("loss has one value per training step, not one per step of the input, so t= does not apply (a bare index, as in loss[1], means t=)") == true)
        #expect(bare?.contains("one number") == false)
        #expect(Session.valueNameProblem(reference(nil, "loss", ("unit", .index(0))))?.contains("unit= does not apply") == true)
        #expect(Session.valueNameProblem(reference(nil, "h", ("step", .index(3))))?.contains("select them with t= (h[t=3]); step= is for loss") == true)
        #expect(Session.valueNameProblem(reference(nil, "params", ("t", .index(1)))) == "params is one number for the model; the selector t= does not apply")
        #expect(Session.valueNameProblem(reference(nil, "radius", ("layer", .index(0)))) == nil)
        #expect(Session.valueNameProblem(reference(nil, "radius", ("t", .index(1))))?.contains("only layer= and dir= apply, not t=") == true)
        #expect(Session.valueNameProblem(reference(nil, "grad-norm", ("unit", .index(0)))) == "grad-norm has one value per step; unit= does not apply")
        #expect(Session.valueNameProblem(reference(nil, "output", ("layer", .index(0))))?.hasPrefix("output is the last layer's h") == true)
    }
}

@Suite("The gradient check as a value")
struct GradientCheckValueTests {
    @Test func gradcheckErrorIsKeptUntilTheWeightsChange() throws {
        let session = Session()
        for line in ["model rnn --hidden 3 --seed 1", "feed \"hello\""] {
            #expect(session.execute(line).error == nil, "\(line)")
        }
        let reference = ValueReference(name: "gradcheck-error")
        #expect(throws: ValueResolutionError.self) { try session.values(of: reference) }
        #expect(session.execute("gradcheck").error == nil)
        let error = try session.values(of: reference)
        #expect(error.count == 1)
        #expect(error[0] < 1e-6)
        #expect(session.execute("set W_hh[0,1] 0.5").error == nil)
        #expect(throws: ValueResolutionError.self) { try session.values(of: reference) }
    }
}

@Suite("Truncated BPTT in grad")
struct TruncatedGradientTests {
    @Test func theGradientStopsAtTheWindowStart() throws {
        let session = Session()
        for line in ["model rnn --hidden 4 --seed 1", "feed random 12", "grad --tbptt 5"] {
            #expect(session.execute(line).error == nil, "\(line)")
        }
        let norms = try session.values(of: ValueReference(name: "grad-norm"))
        #expect(norms.count == 12)
        // Windows 1–5, 6–10, 11–12: the last step's loss reaches step 11 and no further.
        #expect(norms[..<10].allSatisfy { $0 == 0 })
        #expect(norms[10] > 0 && norms[11] > 0)
        #expect(session.execute("grad").error == nil)
        let full = try session.values(of: ValueReference(name: "grad-norm"))
        #expect(full.allSatisfy { $0 > 0 })
        #expect(abs(full[11] - norms[11]) < 1e-12 && abs(full[10] - norms[10]) < 1e-12)
    }
}
