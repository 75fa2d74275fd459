import RNNEngine
import Rendering

extension CommandSpec {
    /// `gradcheck`: compares the backward pass with finite differences.
    public static let gradcheck = CommandSpec(
        name: "gradcheck",
        topic: .inspecting,
        summary: "check the backward pass against finite differences",
        help: """
            Compares the hand-written backward pass with central finite differences \
            (L(θ+ε) − L(θ−ε)) / 2ε on the current model and input, for a random sample of the \
            parameters and of h0 (and c0). The loss is L = Σ_t Σ_j w_t[j]·h_t[j] with fixed random \
            weights w (seeded). It passes when the largest relative error \
            |analytic − numeric| / max(|analytic|, |numeric|, 1e-4) is below 1e-5.
            """,
        example: "gradcheck --samples 200",
        options: [
            .value("samples", kind: .integer(1...5000), summary: "how many elements to check", defaultValue: "300"),
            .value("epsilon", kind: .number(1e-9...1e-2), summary: "the step ε", defaultValue: "1e-5"),
        ],
        run: { invocation in
            let session = invocation.session
            let state = session.state
            let model = try state.requireModel()
            let network = try state.requireNetwork(model)
            let pass = try state.requirePass(model)
            let threshold = 1e-5
            var generator = SeededGenerator(seed: 42)
            var weights = Matrix(rows: pass.output.rows, columns: pass.output.columns)
            for index in weights.values.indices { weights.values[index] = generator.uniform(in: -1...1) }
            let report: GradientCheckReport
            do {
                let (h0, c0) = try state.initialStates(for: network, model: model.name)
                report = try GradientCheck.run(network: network, input: state.inputSequence(for: network), initialHidden: h0,
                                               initialCell: c0, mask: state.input?.mask,
                                               objective: .dotProduct(weights: weights),
                                               epsilon: invocation.arguments.double("epsilon") ?? 1e-5,
                                               sampleSize: invocation.arguments.int("samples") ?? 300, seed: 7)
            } catch {
                throw LabError("gradcheck: \(error)")
            }
            session.addFacets(["\(model.name)/gradcheck"])
            let passed = report.maxRelativeError < threshold
            var rows = [
                Table.Row("elements checked", [Double(report.checkedCount)]),
                Table.Row("max relative error", [report.maxRelativeError]),
                Table.Row("max absolute error", [report.maxAbsoluteError]),
            ]
            if let worst = report.worst {
                rows.append(Table.Row("worst: \(worst.name)[\(worst.index)] analytic", [worst.analytic]))
                rows.append(Table.Row("worst: \(worst.name)[\(worst.index)] numeric", [worst.numeric]))
            }
            let verdict = passed
                ? "PASS: the largest relative error \(NumberFormat.single(report.maxRelativeError)) is below \(NumberFormat.single(threshold)); backward agrees with finite differences."
                : "FAIL: the largest relative error \(NumberFormat.single(report.maxRelativeError)) is not below \(NumberFormat.single(threshold))."
            return [
                .table(Table(title: "\(model.name) · gradient check · L = Σ w⊙h (fixed random w)", rowHeader: "", columns: [Table.Column("value")],
                             rows: rows, significantDigits: 4, showAll: true)),
                passed ? .prose(verdict) : .warning(verdict),
            ]
        }
    )
}
