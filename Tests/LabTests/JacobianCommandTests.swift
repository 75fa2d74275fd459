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
}
