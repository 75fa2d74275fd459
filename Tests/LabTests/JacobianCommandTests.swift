import RNNEngine
import Testing
@testable import Lab

@Suite("Step Jacobian norms in the lab")
struct JacobianCommandTests {
    @Test("grad leaves out the step Jacobian norms it does not show; show jacobian measures them as the engine does")
    func gradLeavesJacobiansToShow() throws {
        let session = try labSession(["model lstm --input 3 --hidden 24 --seed 2", "feed random 30", "grad"])
        let pass = try #require(session.state.currentModel?.pass)
        #expect(pass.trace.directions.allSatisfy { $0.stepJacobianNorms == nil }, "grad measured the step Jacobians")
        let shown = try WideTableTests.table(session.execute("show jacobian --all"))
        // the engine's norms, from a backward pass that asks for them
        let network = try #require(session.state.currentModel?.network)
        var measured = pass
        _ = try network.backward(&measured, outputGradient: Matrix(rows: 30, columns: 24), options: BackwardOptions(stepJacobianNorms: true))
        let expected = try #require(measured.trace.directions[0].stepJacobianNorms)
        #expect(shown.rows.map { $0.cells.first } == expected.map { .number($0) })
        #expect(!session.execute("show dh").failed, "grad's gradients are still there")
    }

    @Test("show jacobian measures up to 256 units and says so beyond")
    func largestMeasured() throws {
        let session = try labSession(["model rnn --input 2 --hidden 200 --seed 1", "feed random 3"])
        #expect(try WideTableTests.table(session.execute("show jacobian")).rows.count == 3)
        _ = session.execute("model rnn --name wide --input 2 --hidden 257 --seed 1")
        #expect(session.execute("show jacobian").error?.message
                == "jacobian: a norm of an H×H Jacobian costs H³ per step; the lab computes it up to H = 256, this model has 257")
    }

    @Test("show jacobian measures the layer and direction it shows only, each as a pass measuring all of them would")
    func measuresOnlyWhatIsShown() throws {
        let session = try labSession(["model gru --input 3 --hidden 6 --layers 2 --bidirectional --seed 2", "feed random 12"])
        let pass = try #require(session.state.currentModel?.pass)
        let network = try #require(session.state.currentModel?.network)
        var all = pass
        _ = try network.backward(&all, outputGradient: Matrix(rows: 12, columns: 12), options: BackwardOptions(stepJacobianNorms: true))
        for (layer, direction) in [(0, Direction.forward), (1, .reverse)] {
            var one = pass
            _ = try network.backward(&one, outputGradient: Matrix(rows: 12, columns: 12),
                                     options: QuantityValues.jacobianOptions(layer: layer, direction: direction))
            let measured = one.trace.directions.indices.filter { one.trace.directions[$0].stepJacobianNorms != nil }
            #expect(measured == [layer * 2 + direction.rawValue], "only the shown layer and direction: \(measured)")
            #expect(one.trace.direction(layer: layer, direction: direction)?.stepJacobianNorms
                    == all.trace.direction(layer: layer, direction: direction)?.stepJacobianNorms)
            let shown = try WideTableTests.table(session.execute("show jacobian --layer \(layer)\(direction == .reverse ? " --reverse" : "")"))
            #expect(shown.rows.map { $0.cells.first } == all.trace.direction(layer: layer, direction: direction)?.stepJacobianNorms?.map { .number($0) })
        }
    }
}
