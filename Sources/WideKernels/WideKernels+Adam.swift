#if arch(x86_64)
extension WideKernels {
    /// Adam's update of the parameters `0..<count & ~7`, eight at a time, with the engine's
    /// `Adam.step` arithmetic (see there): `g ← g + λθ`, `m ← β₁m + (1 − β₁)g`,
    /// `v ← β₂v + (1 − β₂)g²`, `θ ← θ − stepSize · m / (√v · inverseRoot + ε)`.
    /// Returns how many were updated; the caller does the rest.
    public static func adamUpdate(
        count: Int, gradient: UnsafePointer<Double>, parameters: UnsafeMutablePointer<Double>,
        firstMoment: UnsafeMutablePointer<Double>, secondMoment: UnsafeMutablePointer<Double>,
        beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, stepSize: Double, inverseRoot: Double
    ) -> Int {
        var k = 0
        while k + 8 <= count {
            let theta = load(parameters + k)
            let g = load(gradient + k) + weightDecay * theta
            let first = beta1 * load(firstMoment + k) + (1 - beta1) * g
            let second = beta2 * load(secondMoment + k) + (1 - beta2) * g * g
            store(first, firstMoment + k)
            store(second, secondMoment + k)
            store(theta - divide(stepSize * first, squareRoot(second) * inverseRoot + epsilon), parameters + k)
            k += 8
        }
        return k
    }
}
#endif
