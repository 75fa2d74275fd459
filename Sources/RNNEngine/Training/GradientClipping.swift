/// What norm clipping did.
public struct ClipReport: Equatable, Sendable {
    /// ‖g‖₂ of all gradients together before clipping.
    public let normBefore: Double
    /// ‖g‖₂ after clipping.
    public let normAfter: Double
    /// The factor every gradient was multiplied by, `min(1, θ / (‖g‖ + 1e-6))`.
    public let scale: Double
}

/// Gradient clipping as in PyTorch and min-char-rnn.
public enum GradientClipping {
    /// Scales all gradients together by `min(1, maxNorm / (‖g‖ + 1e-6))`, keeping their
    /// direction, like PyTorch's `clip_grad_norm_` (2-norm). Pass several sets (network and
    /// head) to clip them as one vector, and their ``totalNorm(_:)`` as `norm` when it is
    /// known already (it reads every gradient once more).
    public static func clipNorm(_ gradients: inout [ParameterSet], maxNorm: Double, norm: Double? = nil) throws -> ClipReport {
        guard maxNorm.isFinite, maxNorm >= 0 else { throw NetworkError("the clipping threshold must be a finite number ≥ 0, got \(maxNorm)") }
        let before = norm ?? totalNorm(gradients)
        let scale = min(1, maxNorm / (before + 1e-6))
        guard scale < 1 else { return ClipReport(normBefore: before, normAfter: before, scale: 1) }
        for i in gradients.indices { gradients[i].scale(by: scale) }
        // ‖s·g‖ = s‖g‖: no second pass over every gradient (equal to a recomputed norm to rounding)
        return ClipReport(normBefore: before, normAfter: before * scale, scale: scale)
    }

    /// ``clipNorm(_:maxNorm:)-(inout [ParameterSet],_)`` for one set.
    public static func clipNorm(_ gradients: inout ParameterSet, maxNorm: Double) throws -> ClipReport {
        var sets = [gradients]
        gradients = ParameterSet()
        defer { gradients = sets[0] }
        return try clipNorm(&sets, maxNorm: maxNorm)
    }

    /// Clamps every element to [−limit, limit] (min-char-rnn's `np.clip(g, -5, 5)`); the
    /// direction changes. Returns how many elements were clamped.
    @discardableResult
    public static func clipValues(_ gradients: inout ParameterSet, limit: Double) throws -> Int {
        guard limit.isFinite, limit >= 0 else { throw NetworkError("the clipping limit must be a finite number ≥ 0, got \(limit)") }
        var clamped = 0
        gradients.updateElements { value in
            let result = min(max(value, -limit), limit)
            if result != value { clamped += 1 }
            return result
        }
        return clamped
    }

    /// The 2-norm of several gradient sets taken together, `sqrt(Σ ‖gₖ‖²)` over the sets'
    /// norms, as PyTorch's `clip_grad_norm_` takes it.
    ///
    /// Σg² overflows once ‖g‖ passes about 1.3e154, with every element still finite; the
    /// norm is then taken of all elements at once by ``VectorMath/rescaledNorm(_:)``, as
    /// LAPACK's `dnrm2` does, so it is infinite only when it is beyond the largest Double
    /// (or an element is).
    public static func totalNorm(_ gradients: [ParameterSet]) -> Double {
        let plain = gradients.reduce(0) { sum, set in
            let norm = set.globalNorm
            return sum + norm * norm
        }.squareRoot()
        guard plain == .infinity else { return plain }
        return VectorMath.rescaledNorm(gradients.flatMap { $0.tensors.map(\.values) })
    }
}
