import Foundation
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
            D(ε) = (L(θ+ε) − L(θ−ε)) / 2ε on the current model and input, for a random sample of --samples elements of the \
            parameters and of h0 (and c0), or every element when there are fewer. The loss is L = Σ_t Σ_j w_t[j]·h_t[j] with fixed random \
            weights w (seeded). It passes when the largest relative error \
            |analytic − numeric| / max(|analytic|, |numeric|, 1e-4) is below 1e-5, or when every \
            difference is below the rounding noise of the finite difference, 4·u·Σ|w⊙h|/ε (u the \
            Float64 unit roundoff), as on long sequences. An element whose difference disagrees by more \
            than 1e-6 is refined with the same at ε/2: (4·D(ε/2) − D(ε)) / 3 cancels the ε² error that \
            sharp curvature gives a central difference (layer norm near a block of equal values, for one), \
            while a wrong backward pass still disagrees with it. When the check fails, the worst element's \
            D(ε), D(ε/2), D(ε/4), D(ε/8) decide what failed: if they agree with each other and not with backward, FAIL \
            (backward is wrong); if they close in on backward as ε halves, truncation error where the loss curves within ε: \
            PASS when D(ε/8) is within the threshold (rerun with that ε), INCONCLUSIVE otherwise; if they scatter by no more \
            than rounding noise at this loss scale, PASS when backward lies within their scatter and that scatter is below \
            10 times the threshold (the miss is what finite differences can resolve), INCONCLUSIVE otherwise (a larger ε \
            helps); if they still move and do not close in, INCONCLUSIVE (the loss bends within ε). \
            At most about 2·10⁹ operations are spent (twice that if every element needs refining).
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
            let pass = try state.requirePass(model, shouldStop: session.isInterrupted)
            let threshold = 1e-5
            // Each checked element costs two forward passes; keep the whole check to about
            // 2·10⁹ multiply-adds so it ends in seconds.
            let perStep = (0..<network.numLayers).reduce(0) { sum, layer in
                sum + network.directionCount * network.kind.gateCount * network.hiddenSize * (network.layerInputSize(layer) + network.hiddenSize)
            }
            let forwardCost = Double(pass.output.rows) * Double(perStep)
            let requested = invocation.arguments.int("samples") ?? 300
            let affordable = max(1, Int(min(Double(requested), 2e9 / max(2 * forwardCost, 1))))
            let samples = min(requested, affordable)
            var generator = SeededGenerator(seed: 42)
            var weights = Matrix(rows: pass.output.rows, columns: pass.output.columns)
            for index in weights.values.indices { weights.values[index] = generator.uniform(in: -1...1) }
            let report: GradientCheckReport
            do {
                let (h0, c0) = try state.initialStates(for: network, model: model.name)
                report = try GradientCheck.run(network: network, input: state.inputSequence(for: network), initialHidden: h0,
                                               initialCell: c0, mask: state.input?.mask, dropout: pass.dropoutMasks,
                                               objective: .dotProduct(weights: weights),
                                               epsilon: invocation.arguments.double("epsilon") ?? 1e-5,
                                               sampleSize: samples, seed: 7, shouldStop: session.isInterrupted)
            } catch let error as NetworkError where error == .stopped {
                throw LabError.interrupted
            } catch {
                throw LabError("gradcheck: \(error)")
            }
            session.addFacets(["\(model.name)/gradcheck"])
            var checked = model
            checked.gradientCheck = (report.maxRelativeError, network)
            var updated = state
            updated.currentModel = checked
            session.commit(updated)
            // Rounding in L(θ±ε) limits what a finite difference can resolve: about
            // 4·u·Σ|w⊙h| / ε, with u the Float64 unit roundoff, and three times that for a
            // refined (4·D(ε/2) − D(ε)) / 3 (4·2 + 1, over 3). Differences below it are noise.
            let magnitude = zip(weights.values, pass.output.values).reduce(0) { $0 + abs($1.0 * $1.1) }
            let noise = (report.refinedCount > 0 ? 3 : 1) * 4 * Double.ulpOfOne / 2 * max(magnitude, 1)
                / (invocation.arguments.double("epsilon") ?? 1e-5)
            let withinNoise = report.maxAbsoluteError < noise
            let passed = report.maxRelativeError < threshold || withinNoise
            var blocks: [Block] = [
                .prose("Checked \(counted(report.checkedCount, "element")) of the parameters, \(checkedInputs(network: network, oneHot: state.input?.vocabulary != nil)) against (L(θ+ε) − L(θ−ε)) / 2ε, where L = Σ_t Σ_j w_t[j]·h_t[j] with fixed random w."),
                .table(Table(title: "\(model.name) · gradient check", rowHeader: "error", columns: [Table.Column("largest")],
                             rows: [Table.Row("relative", [report.maxRelativeError]), Table.Row("absolute", [report.maxAbsoluteError])],
                             significantDigits: 3, showAll: true)),
            ]
            if let worst = report.worst {
                // D(ε) itself, and beside it the refined estimate the error was measured on
                let central = worst.refined ? report.worstDifferences?.first : worst.numeric
                let columns = [Table.Column("backward")] + (central == nil ? [] : [Table.Column("D(ε)")])
                    + (worst.refined ? [Table.Column("refined")] : [])
                let values = [worst.analytic] + (central.map { [$0] } ?? []) + (worst.refined ? [worst.numeric] : [])
                blocks.append(.table(Table(title: "the element with the largest relative error", rowHeader: "element", columns: columns,
                                           rows: [Table.Row(elementName(worst.name, worst.index, network: network, steps: pass.output.rows), values)],
                                           significantDigits: 8, showAll: true)))
            }
            if report.refinedCount > 0 {
                let count = report.refinedCount == 1 ? "1 element" : "\(report.refinedCount) elements"
                blocks.append(.note("\(count) disagreed by more than 1e-6 at ε and \(report.refinedCount == 1 ? "was" : "were") refined with ε/2: (4·D(ε/2) − D(ε)) / 3 cancels the ε² error of sharp curvature\(network.layerNorm ? ", which layer norm has near a block of equal values such as W_hh h0 with h0 = 0" : "")"))
            }
            let onlySome = samples < requested ? " on the \(counted(samples, "element")) checked" : ""
            var verdict = "\(passed ? "PASS" : "FAIL")\(onlySome): the largest relative error \(NumberFormat.single(report.maxRelativeError)) is \(report.maxRelativeError < threshold ? "below" : "not below") the threshold \(NumberFormat.single(threshold))"
            if report.maxRelativeError >= threshold {
                verdict += withinNoise
                    ? ", but every difference is below the finite differences' rounding noise \(NumberFormat.single(noise)); backward agrees with finite differences."
                    : " and the largest difference \(NumberFormat.single(report.maxAbsoluteError)) is above the rounding noise \(NumberFormat.single(noise))."
            } else {
                verdict += "; backward agrees with finite differences."
            }
            let epsilon = invocation.arguments.double("epsilon") ?? 1e-5
            if !passed, let worst = report.worst, let differences = report.worstDifferences,
               let trend = report.trend(roundingNoise: 4 * Double.ulpOfOne / 2 * max(magnitude, 1) / epsilon) {
                let named = elementName(worst.name, worst.index, network: network, steps: pass.output.rows)
                let (verdictPassed, explanation) = trendVerdict(trend, worst, named: named, differences: differences, threshold: threshold,
                                                                epsilon: epsilon, magnitude: magnitude, network: network)
                let outcome = verdictPassed ? "PASS" : trend == .disagrees ? "FAIL" : "INCONCLUSIVE"
                verdict = "\(outcome)\(onlySome): the largest relative error \(NumberFormat.single(report.maxRelativeError)) is not below the threshold "
                    + "\(NumberFormat.single(threshold)); " + explanation
                blocks.append(verdictPassed ? .prose(verdict) : .warning(verdict))
            } else {
                blocks.append(passed ? .prose(verdict) : .warning(verdict))
            }
            if samples < requested {
                blocks.append(.note("checked \(samples) of the \(requested) elements asked for: each costs two forward passes of this model on \(pass.output.rows) steps"))
            }
            return blocks
        }
    )
}

/// What a failed check's worst element's differences D(ε), D(ε/2), D(ε/4), D(ε/8) say
/// (``GradientCheckReport/trend(roundingNoise:)``): whether the check passes after all, and
/// why, in words that say which of truncation, rounding, a bend or backward is to blame.
private func trendVerdict(_ trend: GradientCheckReport.Trend, _ worst: GradientCheckReport.Comparison, named elementName: String,
                          differences: [Double], threshold: Double, epsilon: Double, magnitude: Double,
                          network: RecurrentNetwork) -> (passed: Bool, explanation: String) {
    let written = differences.map { NumberFormat.single($0, significantDigits: 6) }.joined(separator: ", ")
    let listed = "D(ε), D(ε/2), D(ε/4), D(ε/8) of \(elementName) = \(written)"
    let backward = NumberFormat.single(worst.analytic, significantDigits: 6)
    // the check's own relative error, its floor 1e-4 comparing gradients near 0 absolutely
    func relative(_ numeric: Double) -> Double { abs(worst.analytic - numeric) / max(abs(worst.analytic), abs(numeric), 1e-4) }
    switch trend {
    case .disagrees:
        return (false, "\(listed) agree with each other and not with backward's \(backward): the backward pass is wrong here.")
    case .converges:
        // truncation error ε²·L‴/6 falls fourfold per halving; the finest step shows how far it has fallen
        let finest = relative(differences[3])
        if finest < threshold {
            return (true, "\(listed) close in on backward's \(backward) as ε halves: the ε² truncation error of a central difference where "
                + "the loss curves within ε. At ε/8 the relative error is \(NumberFormat.single(finest)), below the threshold; "
                + "gradcheck --epsilon \(NumberFormat.single(epsilon / 8)) checks at that step.")
        }
        return (false, "\(listed) close in on backward's \(backward) as ε halves, the truncation error of a central difference where the "
            + "loss curves within ε, but at ε/8 still miss by a relative \(NumberFormat.single(finest)). Finite differences cannot yet "
            + "confirm backward; a wrong backward pass shows as differences that agree with each other and not with backward.")
    case .noisy:
        let spread = (differences.max() ?? 0) - (differences.min() ?? 0)
        let mean = differences.reduce(0, +) / Double(differences.count)
        let scale = max(abs(worst.analytic), 1e-4)
        let agreement = differences.map(relative).max() ?? 0
        let digits = agreement > 0 ? max(0, Int((-log10(agreement)).rounded(.down))) : 15
        let noise = "they scatter by \(NumberFormat.single(spread, significantDigits: 2)) among themselves, the rounding noise of L at "
            + "this loss scale (Σ|w⊙h| = \(NumberFormat.single(magnitude, significantDigits: 3)) against a change of about "
            + "\(NumberFormat.single(epsilon * scale, significantDigits: 2)) at ε)"
        if abs(worst.analytic - mean) <= spread, spread < 10 * threshold * scale {
            return (true, "\(listed) agree with backward's \(backward) to \(digits) significant digit\(digits == 1 ? "" : "s"), and \(noise); "
                + "backward lies within that scatter, so the miss is within what finite differences can resolve here.")
        }
        let larger = min(epsilon * 100, 1e-2)
        return (false, "\(listed): \(noise), and that noise hides whether backward's \(backward) is right"
            + (larger > epsilon ? ". A larger ε lifts the change above the noise: gradcheck --epsilon \(NumberFormat.single(larger))." : "."))
    case .unsettled:
        return (false, "the finite differences have not settled: " + unsettledExplanation(worst, listed: listed, backward: backward, network: network))
    }
}

/// Why a gradient check whose worst element's finite differences did not settle as ε halved
/// (``GradientCheckReport/Trend/unsettled``) can tell nothing: the differences, what bends
/// the loss within ε, and what a wrong backward pass would look like instead.
private func unsettledExplanation(_ worst: GradientCheckReport.Comparison, listed: String, backward: String,
                                  network: RecurrentNetwork) -> String {
    // σ and tanh bend over pre-activations of about −4 to 4: a weight w carries a state
    // across that whole bend when the state moves by 8/|w|
    let largest = network.parameters.pairs.flatMap { $0.1.values }.filter(\.isFinite).map(abs).max() ?? 0
    let why = largest >= 100
        ? " The loss bends sharply within ε: the largest |weight| is \(NumberFormat.single(largest, significantDigits: 3)), and where it "
            + "multiplies a state near 0, a change of \(NumberFormat.single(8 / largest, significantDigits: 2)) in that state carries "
            + "the pre-activation across the whole bend of σ or tanh (about −4 to 4)."
        : " The loss bends sharply within ε."
    return "\(listed) still move by as much as they differ from backward's \(backward).\(why) Finite differences "
        + "cannot check backward here; a wrong backward pass shows as differences that agree with each other and not with backward."
}

/// What besides the parameters a gradient check perturbs: the input x when it is dense, h0,
/// and c0 for an LSTM.
private func checkedInputs(network: RecurrentNetwork, oneHot: Bool) -> String {
    let names = (oneHot ? [] : ["x"]) + ["h0"] + (network.kind == .lstm ? ["c0"] : [])
    return names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
}

/// An element as `set` names it: `weight_hh_l0[3,1]` for a matrix, `bias_ih_l0[5]` for a
/// vector, `x[t,j]` with t from 1 like the views' steps.
private func elementName(_ name: String, _ index: Int, network: RecurrentNetwork, steps: Int) -> String {
    let columns: Int?
    switch name {
    case "x": return "x[t=\(index / max(network.inputSize, 1) + 1), \(index % max(network.inputSize, 1))]"
    case "h0", "c0": columns = network.hiddenSize
    default: columns = network.parameter(name).flatMap { $0.shape.count == 2 ? $0.shape[1] : nil }
    }
    guard let columns, columns > 0 else { return "\(name)[\(index)]" }
    return "\(name)[\(index / columns),\(index % columns)]"
}
