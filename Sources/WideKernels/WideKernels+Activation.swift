#if arch(x86_64)
import _Builtin_intrinsics.intel

/// e^x, σ and tanh eight lanes at a time: the engine's `VectorActivation` (where the
/// derivations are), operation for operation.
extension WideKernels {
    /// ln 2 rounded to 32 significant bits (fdlibm's `ln2_hi`).
    static let ln2High = 6.93147180369123816490e-01
    /// ln 2 − ln2High (fdlibm's `ln2_lo`).
    static let ln2Low = 1.90821492927058770002e-10
    /// 1.5 · 2^52: adding it rounds a double of magnitude below 2^51 to an integer held in the low bits.
    static let roundingShift = 0x1.8p52

    /// `y[i] = σ(x[i])` for `count` values; `x` and `y` may be the same buffer.
    public static func sigmoid(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
        map(x, into: y, count: count) { sigmoid($0) }
    }

    /// `y[i] = tanh(x[i])` for `count` values; `x` and `y` may be the same buffer.
    public static func tanh(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
        map(x, into: y, count: count) { tanh($0) }
    }

    /// `y[i] = e^x[i]` for `count` values; `x` and `y` may be the same buffer.
    public static func exp(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
        map(x, into: y, count: count) { exp($0) }
    }

    /// `y[i] = f(x[i])` eight at a time, the last 1–7 through the same code padded with zeros
    /// (a lane's value does not depend on the others).
    @inline(__always)
    static func map(
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int, _ f: (SIMD8<Double>) -> SIMD8<Double>
    ) {
        var i = 0
        while i + 8 <= count {
            store(f(load(x + i)), y + i)
            i += 8
        }
        if i < count {
            var padded = SIMD8<Double>()
            for lane in 0..<(count - i) { padded[lane] = x[i + lane] }
            let result = f(padded)
            for lane in 0..<(count - i) { y[i + lane] = result[lane] }
        }
    }

    /// (k + 1.5·2^52, r) with y = k·ln 2 + r, k the integer nearest y / ln 2.
    @inline(__always)
    static func reduced(_ y: SIMD8<Double>) -> (shiftedK: SIMD8<Double>, r: SIMD8<Double>) {
        let shift = SIMD8<Double>(repeating: roundingShift)
        let shifted = multiplyAdd(y, SIMD8(repeating: 1.4426950408889634), shift)
        let k = shifted - shift
        return (shifted, multiplyAdd(k, SIMD8(repeating: -ln2Low), multiplyAdd(k, SIMD8(repeating: -ln2High), y)))
    }

    /// 2^k from the `shiftedK` of ``reduced(_:)``.
    @inline(__always)
    static func powerOfTwo(_ shiftedK: SIMD8<Double>) -> SIMD8<Double> {
        let exponentBits = (unsafeBitCast(shiftedK, to: SIMD8<UInt64>.self) &<< 52) &+ SIMD8(repeating: 0x3FF0_0000_0000_0000)
        return unsafeBitCast(exponentBits, to: SIMD8<Double>.self)
    }

    /// (2^k, e^r − 1) with y = k·ln 2 + r, by Estrin's scheme.
    @inline(__always)
    static func exponentParts(_ y: SIMD8<Double>) -> (scale: SIMD8<Double>, expm1r: SIMD8<Double>) {
        let (shifted, r) = reduced(y)
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        func pair(_ low: Double, _ high: Double) -> SIMD8<Double> {
            multiplyAdd(SIMD8(repeating: high), r, SIMD8(repeating: low))
        }
        let q01 = pair(1, 1.0 / 2), q23 = pair(1.0 / 6, 1.0 / 24)
        let q45 = pair(1.0 / 120, 1.0 / 720), q67 = pair(1.0 / 5040, 1.0 / 40320)
        let q89 = pair(1.0 / 362880, 1.0 / 3628800), q1011 = pair(1.0 / 39916800, 1.0 / 479001600)
        let q12 = SIMD8<Double>(repeating: 1.0 / 6227020800)
        let q03 = multiplyAdd(q23, r2, q01), q47 = multiplyAdd(q67, r2, q45)
        let q811 = multiplyAdd(q1011, r2, q89)
        let q812 = multiplyAdd(q12, r4, q811)
        let q07 = multiplyAdd(q47, r4, q03)
        let p = multiplyAdd(q812, r8, q07) * r
        return (powerOfTwo(shifted), p)
    }

    /// y clamped to [low, high]; NaN stays NaN (minpd and maxpd return their second operand
    /// when either is NaN).
    @inline(__always)
    static func clamp(_ y: SIMD8<Double>, _ low: Double, _ high: Double) -> SIMD8<Double> {
        _mm512_min_pd(SIMD8(repeating: high), _mm512_max_pd(SIMD8(repeating: low), y))
    }

    /// e^x, arguments clamped to [−708, 709].
    @inline(__always)
    static func exp(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let (scale, expm1r) = exponentParts(clamp(x, -708, 709))
        return multiplyAdd(scale, expm1r, scale)
    }

    /// σ(x) = Q / (Q + 2^k P) through the [6/6] Padé approximant of e^r.
    @inline(__always)
    static func sigmoid(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let (shifted, r) = reduced(clamp(-x, -708, 710))
        let s = r * r
        func constant(_ c: Double) -> SIMD8<Double> { SIMD8(repeating: c) }
        func step(_ sum: SIMD8<Double>, _ c: Double) -> SIMD8<Double> { multiplyAdd(sum, s, constant(c)) }
        let even = step(step(step(constant(1.0 / 665280), 1.0 / 792), 5.0 / 44), 1)
        let rOdd = r * step(step(constant(1.0 / 15840), 1.0 / 66), 0.5)
        let p = even + rOdd, q = even - rOdd
        return divide(q, multiplyAdd(powerOfTwo(shifted), p, q))
    }

    /// tanh(x) = sign(x) · tanh(|x|) through the [7/7] Padé approximant of e^r.
    @inline(__always)
    static func tanh(_ x: SIMD8<Double>) -> SIMD8<Double> {
        let signBit = SIMD8<Double>(repeating: -0.0)
        let magnitude = _mm512_andnot_pd(signBit, x), sign = _mm512_and_pd(signBit, x)
        let clamped = _mm512_min_pd(SIMD8(repeating: 20), magnitude)
        let y = -2 * clamped
        let k = (clamped * SIMD8(repeating: -2 * 1.4426950408889634)).rounded(.up)
        let r = multiplyAdd(k, SIMD8(repeating: -ln2Low), multiplyAdd(k, SIMD8(repeating: -ln2High), y))
        let s = r * r
        func step(_ sum: SIMD8<Double>, _ c: Double) -> SIMD8<Double> { multiplyAdd(sum, s, SIMD8(repeating: c)) }
        let even = step(step(step(SIMD8(repeating: 1.0 / 308880), 5.0 / 3432), 3.0 / 26), 1)
        let rOdd = r * step(step(step(SIMD8(repeating: 1.0 / 17297280), 1.0 / 11440), 5.0 / 312), 0.5)
        let scale = powerOfTwo(k + SIMD8(repeating: roundingShift))
        let below = 1 - scale, above = 1 + scale
        let numerator = multiplySubtract(below, even, above * rOdd)
        let denominator = multiplySubtract(above, even, below * rOdd)
        return _mm512_or_pd(divide(numerator, denominator), sign)
    }
}
#endif
