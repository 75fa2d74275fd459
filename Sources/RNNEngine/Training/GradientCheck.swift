/// The outcome of comparing backward-pass gradients with finite differences.
public struct GradientCheckReport: Equatable, Sendable {
    /// One compared element.
    public struct Comparison: Equatable, Sendable {
        /// Tensor name (`weight_hh_l0`, `x`, `h0`, `c0`, `head.weight`, `head.bias`).
        public let name: String
        /// Flat element index in row-major order.
        public let index: Int
        /// The backward-pass gradient.
        public let analytic: Double
        /// The central difference `D(ε) = (L(θ+ε) − L(θ−ε)) / 2ε`, or where that disagreed with
        /// `analytic` by more than the refinement threshold, `(4·D(ε/2) − D(ε)) / 3`.
        public let numeric: Double
        /// `|analytic − numeric| / max(|analytic|, |numeric|, floor)`.
        public let relativeError: Double
        /// Whether `numeric` is the refined (Richardson) estimate.
        public let refined: Bool
    }

    /// The largest relative error over the checked elements.
    public var maxRelativeError: Double { worst?.relativeError ?? 0 }
    /// The largest absolute difference.
    public let maxAbsoluteError: Double
    /// The element with the largest relative error.
    public let worst: Comparison?
    /// How many elements were compared.
    public let checkedCount: Int
    /// How many of them needed the refined estimate (see ``Comparison/refined``).
    public let refinedCount: Int
    /// The worst element's central differences as ε halves, D(ε), D(ε/2), D(ε/4), D(ε/8),
    /// when its relative error was above the check's `settleAbove` or its estimate was
    /// refined; nil otherwise.
    /// ``differencesSettled`` reads them.
    public var worstDifferences: [Double]? = nil

    /// How far the worst element's finite differences may still move, as ε goes from ε/2 to
    /// ε/8, for them to count as settled: a tenth of their distance from backward.
    public static let settledFraction = 0.1

    /// Whether the worst element's finite differences settled as ε halved, nil when they
    /// were not measured (``worstDifferences``).
    ///
    /// A central difference converges to the derivative as ε shrinks, its error about
    /// ε²·L‴/6. Where it has converged, D(ε/2), D(ε/4) and D(ε/8) agree to far less than
    /// they differ from a wrong backward value, and the backward pass is wrong. Where the
    /// loss bends within ε (a saturating gate fed by a huge weight, whose σ goes from 0 to 1
    /// over a step of 1e−6), they still move by as much as they differ from backward: the
    /// finite difference has not converged, and disagreeing with it says nothing about
    /// backward.
    public var differencesSettled: Bool? {
        guard let differences = worstDifferences, let last = differences.last, let worst else { return nil }
        let movement = differences.dropFirst().map { abs($0 - last) }.max() ?? 0
        return movement < Self.settledFraction * abs(worst.analytic - last)
    }

    /// What the worst element's differences D(ε), D(ε/2), D(ε/4), D(ε/8) say about its
    /// backward value.
    public enum Trend: Equatable, Sendable {
        /// They agree with each other and not with backward: backward is wrong.
        case disagrees
        /// Their distance from backward shrinks as ε halves, as the ε²·L‴/6 error of a
        /// central difference does: the loss curves within ε, and backward is the limit.
        case converges
        /// They scatter more the smaller ε is: rounding in L(θ±ε), about the same whatever
        /// ε, divided by 2ε. Backward lies within the scatter or beyond it, and the scatter
        /// is what finite differences resolve at this loss scale.
        case noisy
        /// They move by as much as they differ from backward, and not towards it: the loss
        /// bends within ε and finite differences cannot follow it.
        case unsettled
    }

    /// How fast the distance of the differences from backward must shrink over the three
    /// halvings, D(ε) to D(ε/8), to count as converging: a central difference's ε² error
    /// shrinks 64 times; 8 allows for some rounding noise on top.
    public static let convergenceFactor = 8.0

    /// How far the differences may spread, in units of the rounding noise of D(ε/8), and
    /// still be read as noise: the noise bound comes from the loss's own size and rounding
    /// carried through a long recurrence can be ten times it.
    public static let noiseAllowance = 10.0

    /// What the worst element's differences do as ε halves, nil when they were not measured
    /// (``worstDifferences``).
    ///
    /// Read in this order: settled and away from backward (``differencesSettled``) is a
    /// wrong backward pass; a distance from backward shrinking by ``convergenceFactor`` or
    /// more, every halving bringing them closer, is truncation error; a spread of the four
    /// within ``noiseAllowance`` times the rounding noise of D(ε/8) (rounding in L(θ±ε), the
    /// same whatever ε, divided by 2ε) is noise; anything else does not settle.
    ///
    /// - Parameter roundingNoise: the rounding noise of D(ε), about 4·u·Σ|terms of L| / ε.
    public func trend(roundingNoise: Double) -> Trend? {
        guard let differences = worstDifferences, differences.count == 4, let worst, let settled = differencesSettled else { return nil }
        if settled { return .disagrees }
        let distances = differences.map { abs($0 - worst.analytic) }
        let approaching = zip(distances, distances.dropFirst()).allSatisfy { $1 <= $0 }
        if approaching, distances[3] * Self.convergenceFactor <= distances[0] { return .converges }
        let spread = (differences.max() ?? 0) - (differences.min() ?? 0)
        if spread <= Self.noiseAllowance * 8 * roundingNoise { return .noisy }
        return .unsettled
    }
}

/// Central finite-difference checks of the hand-written backward pass.
public enum GradientCheck {
    /// Compares the gradients of `objective` (network parameters, the dense input, h0, c0 and
    /// a cross-entropy head) with central differences.
    ///
    /// With a truncation window k the objective differentiated numerically is the truncated
    /// one: each window starts from the state the full forward pass reached (held constant),
    /// so its gradient is the sum of the per-window gradients (unidirectional networks only).
    ///
    /// - Parameters:
    ///   - dropout: fixed dropout masks used by every pass (train mode with the same masks);
    ///     not with truncation.
    ///   - epsilon: the step ε.
    ///   - sampleSize: check this many randomly chosen elements (seeded by `seed`); all when `nil`.
    ///   - relativeFloor: the smallest denominator of the relative error, so that gradients
    ///     near zero are compared absolutely.
    ///   - settleAbove: the relative error of the worst element above which its central
    ///     differences at ε, ε/2, ε/4 and ε/8 are measured (``GradientCheckReport/worstDifferences``),
    ///     to tell a wrong backward pass from a loss finite differences cannot follow.
    ///   - refineAbove: the relative error above which an element's central difference is
    ///     refined with the same at ε/2. A central difference is off by about `ε²·L‴/6`; where
    ///     the loss curves sharply, as layer norm does around a block of equal values (W_hh h_0
    ///     with h_0 = 0), that reached 1e−3 of the gradient at ε = 1e−5 and made a correct
    ///     backward pass look wrong. `(4·D(ε/2) − D(ε)) / 3` (Richardson) cancels the ε² term;
    ///     a wrong backward pass still disagrees with it. Elements that agree keep D(ε), whose
    ///     rounding noise is a third of the combination's.
    ///   - shouldStop: asked before each element and every few steps of each pass; when it
    ///     says so the check throws ``NetworkError/stopped``.
    public static func run(
        network: RecurrentNetwork, input: InputSequence, initialHidden: Matrix? = nil, initialCell: Matrix? = nil,
        mask: [Bool]? = nil, dropout: DropoutMasks? = nil, objective: Objective, truncation: Int? = nil, epsilon: Double = 1e-5,
        sampleSize: Int? = nil, seed: UInt64 = 0, relativeFloor: Double = 1e-4, refineAbove: Double = 1e-6,
        settleAbove: Double = 1e-5, shouldStop: ShouldStop? = nil
    ) throws -> GradientCheckReport {
        if truncation != nil, network.bidirectional {
            throw NetworkError("the truncated-BPTT gradient check supports unidirectional networks only")
        }
        if truncation != nil, dropout != nil {
            throw NetworkError("the truncated-BPTT gradient check runs without dropout masks")
        }
        let stateRows = network.numLayers * network.directionCount
        let h0 = initialHidden ?? Matrix(rows: stateRows, columns: network.hiddenSize)
        let c0 = network.kind == .lstm ? (initialCell ?? Matrix(rows: stateRows, columns: network.hiddenSize)) : nil
        var pass = try network.forward(input, initialHidden: h0, initialCell: c0, mask: mask, dropout: dropout, shouldStop: shouldStop)
        let loss = try objective.evaluate(pass.output)
        let gradients = try network.backward(&pass, outputGradient: loss.outputGradient,
                                             options: BackwardOptions(truncation: truncation), shouldStop: shouldStop)
        let basePass = pass

        // The truncated objective restarts each window from the base pass's (constant) states.
        func value(_ network: RecurrentNetwork, _ input: InputSequence, _ h0: Matrix, _ c0: Matrix?, _ objective: Objective) throws -> Double {
            guard let k = truncation, k < input.steps else {
                return try objective.evaluate(network.forward(input, initialHidden: h0, initialCell: c0, mask: mask, dropout: dropout,
                                                              shouldStop: shouldStop).output).value
            }
            var output = Matrix(rows: input.steps, columns: network.outputSize)
            let dense = input.denseMatrix
            for start in stride(from: 0, to: input.steps, by: k) {
                let end = min(start + k, input.steps)
                var windowH = h0, windowC = c0
                if start > 0 {
                    for row in 0..<stateRows {
                        let trace = basePass.trace.directions[row]
                        windowH.setRow(row, to: trace.hiddenState.row(start - 1))
                        if network.kind == .lstm { windowC!.setRow(row, to: trace.cellState.row(start - 1)) }
                    }
                }
                let window = Matrix(rows: end - start, columns: dense.columns, values: Array(dense.values[(start * dense.columns)..<(end * dense.columns)]))!
                let windowMask = mask.map { Array($0[start..<end]) }
                let windowOutput = try network.forward(window, initialHidden: windowH, initialCell: windowC, mask: windowMask,
                                                       shouldStop: shouldStop).output
                for t in start..<end { output.setRow(t, to: windowOutput.row(t - start)) }
            }
            return try objective.evaluate(output).value
        }

        enum Target { case parameter(Int), input, hidden, cell, headWeight, headBias }
        var candidates: [(Target, String, Int, Double)] = []
        for (p, (name, tensor)) in gradients.parameters.pairs.enumerated() {
            for k in 0..<tensor.count { candidates.append((.parameter(p), name, k, tensor.values[k])) }
        }
        if case .dense = input { for k in 0..<gradients.input.values.count { candidates.append((.input, "x", k, gradients.input.values[k])) } }
        for k in 0..<gradients.initialHidden.values.count { candidates.append((.hidden, "h0", k, gradients.initialHidden.values[k])) }
        if let dc0 = gradients.initialCell { for k in 0..<dc0.values.count { candidates.append((.cell, "c0", k, dc0.values[k])) } }
        if let head = loss.headGradients {
            for k in 0..<head["weight"]!.count { candidates.append((.headWeight, "head.weight", k, head["weight"]!.values[k])) }
            for k in 0..<head["bias"]!.count { candidates.append((.headBias, "head.bias", k, head["bias"]!.values[k])) }
        }
        if let sampleSize, sampleSize < candidates.count {
            var generator = SeededGenerator(seed: seed)
            candidates.shuffle(using: &generator)
            candidates = Array(candidates.prefix(max(sampleSize, 0)))
        }

        /// The loss with element `index` of `target` moved by `delta`.
        func perturbedLoss(_ target: Target, _ index: Int, _ delta: Double) throws -> Double {
            var network = network, dense = input, h = h0, c = c0, objective = objective
            switch target {
            case .parameter(let p): network.parameters[index: p].values[index] += delta
            case .input: var m = input.denseMatrix; m.values[index] += delta; dense = .dense(m)
            case .hidden: h.values[index] += delta
            case .cell: c!.values[index] += delta
            case .headWeight, .headBias:
                if case .crossEntropy(var head, let targets) = objective {
                    if case .headWeight = target { head.weight.values[index] += delta } else { head.bias[index] += delta }
                    objective = .crossEntropy(head: head, targets: targets)
                }
            }
            return try value(network, dense, h, c, objective)
        }

        var worst: GradientCheckReport.Comparison?
        var worstTarget: Target?
        var maxAbsolute = 0.0, refinedCount = 0
        for (target, name, index, analytic) in candidates {
            if let shouldStop, shouldStop() { throw NetworkError.stopped }
            func evaluate(_ delta: Double) throws -> Double { try perturbedLoss(target, index, delta) }
            func relativeError(_ numeric: Double) -> Double { abs(analytic - numeric) / max(abs(analytic), abs(numeric), relativeFloor) }
            var numeric = (try evaluate(epsilon) - evaluate(-epsilon)) / (2 * epsilon)
            let refined = relativeError(numeric) > refineAbove
            if refined {
                refinedCount += 1
                let fine = (try evaluate(epsilon / 2) - evaluate(-epsilon / 2)) / epsilon
                numeric = (4 * fine - numeric) / 3
            }
            let absolute = abs(analytic - numeric), relative = relativeError(numeric)
            maxAbsolute = max(maxAbsolute, absolute)
            if worst == nil || relative > worst!.relativeError || relative.isNaN {
                worst = .init(name: name, index: index, analytic: analytic, numeric: numeric,
                              relativeError: relative.isNaN ? .infinity : relative, refined: refined)
                worstTarget = target
            }
        }
        var report = GradientCheckReport(maxAbsoluteError: maxAbsolute, worst: worst, checkedCount: candidates.count, refinedCount: refinedCount)
        if let worst, let worstTarget, worst.relativeError > settleAbove || worst.refined {
            // D(ε), D(ε/2), D(ε/4), D(ε/8): whether they settle (``GradientCheckReport/differencesSettled``),
            // and D(ε) itself beside a refined estimate
            report.worstDifferences = try (0..<4).map { halvings in
                let step = epsilon / Double(1 << halvings)
                return (try perturbedLoss(worstTarget, worst.index, step) - perturbedLoss(worstTarget, worst.index, -step)) / (2 * step)
            }
        }
        return report
    }
}
