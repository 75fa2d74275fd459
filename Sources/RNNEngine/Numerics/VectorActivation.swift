#if arch(x86_64)
import _Builtin_intrinsics.intel
import WideKernels
#endif

/// e^x, the logistic sigmoid and tanh over whole blocks of values, four at a time, without
/// calling the C library once per element (which cost half of a small LSTM's forward pass).
///
/// All three start from e^y for y ≤ 709. Write y = k·ln 2 + r with k an integer (Cody &
/// Waite: ln 2 split into a high part with trailing zero bits, so k·ln2_hi is exact, and a
/// low part for the rest); 2^k is built by writing k + 1023 into the exponent bits. e^x takes
/// k nearest to y / ln 2, so |r| ≤ ln 2 / 2, and sums a Taylor series:
///
///     e^y = 2^k (e^r − 1) + 2^k,
///     e^r − 1 = r + r²/2! + r³/3! + … + r¹³/13!   (the next term is below 1.2e−17 · |r|,
///                                                  summed by Estrin's scheme with fused multiply–adds).
///
/// σ and tanh divide anyway, so they take e^r as a quotient P(r)/Q(r), a Padé approximant,
/// which needs half the multiplications. With s = r², P = E(s) + r·O(s) and Q = P(−r) =
/// E(s) − r·O(s) share an even part E and an odd part O, both positive near r = 0:
///
///     σ(x) = 1 / (1 + e^(−x)) = Q / (Q + 2^k P)                                   (y = −x),
///     tanh(|x|) = (1 − e^y) / (1 + e^y) = ((1 − 2^k) E − (1 + 2^k) rO) / ((1 + 2^k) E − (1 − 2^k) rO)   (y = −2|x|).
///
/// For tanh, k is rounded up, so r ∈ (−ln 2, 0] and k ≤ 0: then rO ≤ 0 and 2^k ≤ 1, every
/// term of both sums is non-negative, and nothing cancels, near 0 or near ±1.
///
/// Results are within a few units in the last place of the C library's (tested); NaN stays
/// NaN, ±∞ gives σ = 1 or 0 (to 1e−308) and tanh = ±1. Every lane is computed the same way
/// wherever it sits in a block, so a value does not depend on its neighbours.
enum VectorActivation {
    /// ln 2 rounded to 32 significant bits (fdlibm's `ln2_hi`): k · ln2High is exact for |k| < 2^20.
    static let ln2High = 6.93147180369123816490e-01
    /// ln 2 − ln2High (fdlibm's `ln2_lo`).
    static let ln2Low = 1.90821492927058770002e-10
    /// 1.5 · 2^52: adding it rounds a double of magnitude below 2^51 to an integer held in the low bits.
    static let roundingShift = 0x1.8p52

    /// (k + 1.5·2^52, r) with y = k·ln 2 + r, k the integer nearest y / ln 2; `y` must lie in
    /// [−708, 709] (or be NaN).
    @inline(__always)
    static func reduced(_ y: SIMD4<Double>) -> (shiftedK: SIMD4<Double>, r: SIMD4<Double>) {
        let shift = SIMD4<Double>(repeating: roundingShift)
        let shifted = Kernels.multiplyAdd(y, SIMD4(repeating: 1.4426950408889634), shift)  // k + 1.5·2^52, k = round(y / ln 2)
        let k = shifted - shift
        return (shifted, Kernels.multiplyAdd(k, SIMD4(repeating: -ln2Low), Kernels.multiplyAdd(k, SIMD4(repeating: -ln2High), y)))
    }

    /// 2^k from the `shiftedK` of ``reduced(_:)``: its low bits hold k (two's complement),
    /// which shifted into the exponent field and added to the bits of 1.0 make 2^k; for
    /// k = 1024 the bits are those of +∞.
    @inline(__always)
    static func powerOfTwo(_ shiftedK: SIMD4<Double>) -> SIMD4<Double> {
        let exponentBits = (unsafeBitCast(shiftedK, to: SIMD4<UInt64>.self) &<< 52) &+ SIMD4(repeating: 0x3FF0_0000_0000_0000)
        return unsafeBitCast(exponentBits, to: SIMD4<Double>.self)
    }

    /// (2^k, e^r − 1) with y = k·ln 2 + r; `y` must lie in [−708, 709] (or be NaN).
    @inline(__always)
    static func exponentParts(_ y: SIMD4<Double>) -> (scale: SIMD4<Double>, expm1r: SIMD4<Double>) {
        let (shifted, r) = reduced(y)
        // e^r − 1 = r · q(r), q(r) = Σ_{i=0}^{12} r^i / (i+1)!, by Estrin's scheme: pairs
        // (c_i + c_{i+1} r) combined with r², r⁴, r⁸, a chain of 6 fused multiply–adds
        // instead of Horner's 13, so several blocks are in flight at once.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        func pair(_ low: Double, _ high: Double) -> SIMD4<Double> {
            Kernels.multiplyAdd(SIMD4(repeating: high), r, SIMD4(repeating: low))
        }
        let q01 = pair(1, 1.0 / 2), q23 = pair(1.0 / 6, 1.0 / 24)                        // 1/1!..1/4!
        let q45 = pair(1.0 / 120, 1.0 / 720), q67 = pair(1.0 / 5040, 1.0 / 40320)         // 1/5!..1/8!
        let q89 = pair(1.0 / 362880, 1.0 / 3628800), q1011 = pair(1.0 / 39916800, 1.0 / 479001600)  // 1/9!..1/12!
        let q12 = SIMD4<Double>(repeating: 1.0 / 6227020800)                                // 1/13!
        let q03 = Kernels.multiplyAdd(q23, r2, q01), q47 = Kernels.multiplyAdd(q67, r2, q45)
        let q811 = Kernels.multiplyAdd(q1011, r2, q89)
        let q812 = Kernels.multiplyAdd(q12, r4, q811)
        let q07 = Kernels.multiplyAdd(q47, r4, q03)
        let p = Kernels.multiplyAdd(q812, r8, q07) * r
        return (powerOfTwo(shifted), p)
    }

    /// y clamped to [low, high]; NaN stays NaN.
    @inline(__always)
    static func clamp(_ y: SIMD4<Double>, _ low: Double, _ high: Double) -> SIMD4<Double> {
        let lowVector = SIMD4<Double>(repeating: low), highVector = SIMD4<Double>(repeating: high)
        #if arch(x86_64)
        // maxpd and minpd return their second operand when either is NaN.
        return _mm256_min_pd(highVector, _mm256_max_pd(lowVector, y))
        #else
        return y.replacing(with: lowVector, where: y .< lowVector).replacing(with: highVector, where: y .> highVector)
        #endif
    }

    /// The lanewise minimum of `a` and `b`; NaN in `b` stays NaN.
    @inline(__always)
    static func minimum(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        #if arch(x86_64)
        return _mm256_min_pd(a, b)  // minpd returns its second operand when either is NaN
        #else
        return b.replacing(with: a, where: a .< b)
        #endif
    }

    /// e^x (arguments beyond [−708, 709] are clamped: 3.3e−308 and 8.2e307 at the ends).
    @inline(__always)
    static func exp(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let (scale, expm1r) = exponentParts(clamp(x, -708, 709))
        return Kernels.multiplyAdd(scale, expm1r, scale)  // e^y = 2^k (e^r − 1) + 2^k
    }

    /// σ(x) = Q / (Q + 2^k P) with −x = k·ln 2 + r and e^r ≈ P(r)/Q(r), the [6/6] Padé
    /// approximant (within 1.8e−19 for |r| ≤ ln 2 / 2, the bound (6!)² / (12!·13!) · |r|¹³):
    ///
    ///     P(r) = Σ_{i=0}^{6} c_i r^i,   c_i = (12 − i)! 6! / (12! i! (6 − i)!),   Q(r) = P(−r),
    ///
    /// so with s = r², P = E(s) + r·O(s) and Q = E(s) − r·O(s) share their even part
    /// E = 1 + 5/44 s + 1/792 s² + 1/665280 s³ and odd part O = 1/2 + 1/66 s + 1/15840 s².
    /// Both P and Q are positive and near 1, so nothing cancels.
    ///
    /// −x is clamped to [−708, 710]. Once −x passes 709.44, k is 1024 and 2^k is +∞, so σ is
    /// 0, as `1 / (1 + exp(−x))` is in PyTorch once e^−x overflows (x < −709.78); for x
    /// between −709.78 and −709.44, PyTorch's is a subnormal number and this one 0.
    @inline(__always)
    static func sigmoid(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let (shifted, r) = reduced(clamp(-x, -708, 710))
        let s = r * r
        // E and O by Horner's rule in s
        func constant(_ c: Double) -> SIMD4<Double> { SIMD4(repeating: c) }
        func step(_ sum: SIMD4<Double>, _ c: Double) -> SIMD4<Double> { Kernels.multiplyAdd(sum, s, constant(c)) }
        let even = step(step(step(constant(1.0 / 665280), 1.0 / 792), 5.0 / 44), 1)
        let rOdd = r * step(step(constant(1.0 / 15840), 1.0 / 66), 0.5)
        let p = even + rOdd, q = even - rOdd
        return Kernels.divide(q, Kernels.multiplyAdd(powerOfTwo(shifted), p, q))
    }

    /// tanh(x) = sign(x) · tanh(|x|) through the [7/7] Padé approximant of e^r for
    /// r ∈ (−ln 2, 0] (within 9e−19, the bound (7!)² / (14!·15!) · (ln 2)¹⁵):
    ///
    ///     P(r) = Σ_{i=0}^{7} c_i r^i,   c_i = (14 − i)! 7! / (14! i! (7 − i)!),
    ///     E = 1 + 3/26 s + 5/3432 s² + 1/308880 s³,   O = 1/2 + 5/312 s + 1/11440 s² + 1/17297280 s³.
    ///
    /// |x| ≥ 20 gives ±1 exactly (tanh(20) rounds to 1).
    @inline(__always)
    static func tanh(_ x: SIMD4<Double>) -> SIMD4<Double> {
        let (magnitude, sign) = magnitudeAndSign(x)
        let clamped = minimum(SIMD4(repeating: 20), magnitude)
        let y = -2 * clamped
        // k = ⌈y / ln 2⌉, computed from |x| so that it does not wait for y
        let k = (clamped * SIMD4(repeating: -2 * 1.4426950408889634)).rounded(.up)
        let r = Kernels.multiplyAdd(k, SIMD4(repeating: -ln2Low), Kernels.multiplyAdd(k, SIMD4(repeating: -ln2High), y))
        let s = r * r
        func step(_ sum: SIMD4<Double>, _ c: Double) -> SIMD4<Double> { Kernels.multiplyAdd(sum, s, SIMD4(repeating: c)) }
        let even = step(step(step(SIMD4(repeating: 1.0 / 308880), 5.0 / 3432), 3.0 / 26), 1)
        let rOdd = r * step(step(step(SIMD4(repeating: 1.0 / 17297280), 1.0 / 11440), 5.0 / 312), 0.5)
        let scale = powerOfTwo(k + SIMD4(repeating: roundingShift))
        let below = 1 - scale, above = 1 + scale  // 1 − 2^k ≥ 0, 1 + 2^k
        let numerator = Kernels.multiplySubtract(below, even, above * rOdd)
        let denominator = Kernels.multiplySubtract(above, even, below * rOdd)
        return withSign(Kernels.divide(numerator, denominator), sign)
    }

    // The lane operations below are written with the x86 instructions they should be:
    // through the generic SIMD operators the compiler has split a bit mask into scalar
    // lanes (see also ``Kernels/divide(_:_:)``).

    /// (|x|, the sign bits of x) lane by lane.
    @inline(__always)
    static func magnitudeAndSign(_ x: SIMD4<Double>) -> (magnitude: SIMD4<Double>, sign: SIMD4<Double>) {
        let signBit = SIMD4<Double>(repeating: -0.0)
        #if arch(x86_64)
        return (_mm256_andnot_pd(signBit, x), _mm256_and_pd(signBit, x))
        #else
        let bits = unsafeBitCast(x, to: SIMD4<UInt64>.self), mask = unsafeBitCast(signBit, to: SIMD4<UInt64>.self)
        return (unsafeBitCast(bits & ~mask, to: SIMD4<Double>.self), unsafeBitCast(bits & mask, to: SIMD4<Double>.self))
        #endif
    }

    /// A non-negative `magnitude` given the sign bits `sign` (from ``magnitudeAndSign(_:)``).
    @inline(__always)
    static func withSign(_ magnitude: SIMD4<Double>, _ sign: SIMD4<Double>) -> SIMD4<Double> {
        #if arch(x86_64)
        return _mm256_or_pd(magnitude, sign)
        #else
        let bits = unsafeBitCast(magnitude, to: SIMD4<UInt64>.self) | unsafeBitCast(sign, to: SIMD4<UInt64>.self)
        return unsafeBitCast(bits, to: SIMD4<Double>.self)
        #endif
    }

    /// `y[i] = f(x[i])` for `count` values, four at a time; the last 1–3 go through the same
    /// four-lane code padded with zeros. `x` and `y` may be the same buffer.
    @inline(__always)
    static func map(
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int,
        _ f: (SIMD4<Double>) -> SIMD4<Double>
    ) {
        var i = 0
        while i + 4 <= count {
            Kernels.store(f(Kernels.load(x + i)), y + i)
            i += 4
        }
        if i < count {
            var padded = SIMD4<Double>()
            for lane in 0..<(count - i) { padded[lane] = x[i + lane] }
            let result = f(padded)
            for lane in 0..<(count - i) { y[i + lane] = result[lane] }
        }
    }

    /// `y = σ(x)` elementwise over `count` values.
    static func sigmoid(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int, lanes: LaneWidth = .current) {
        #if arch(x86_64)
        if lanes == .eight { return WideKernels.sigmoid(x, into: y, count: count) }
        #endif
        map(x, into: y, count: count) { sigmoid($0) }
    }

    /// `y = e^x` elementwise over `count` values.
    static func exp(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int, lanes: LaneWidth = .current) {
        #if arch(x86_64)
        if lanes == .eight { return WideKernels.exp(x, into: y, count: count) }
        #endif
        map(x, into: y, count: count) { exp($0) }
    }

    /// `y = tanh(x)` elementwise over `count` values.
    static func tanh(_ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int, lanes: LaneWidth = .current) {
        #if arch(x86_64)
        if lanes == .eight { return WideKernels.tanh(x, into: y, count: count) }
        #endif
        map(x, into: y, count: count) { tanh($0) }
    }

    /// `y = φ(x)` elementwise for any of the engine's activations.
    static func apply(_ activation: Activation, _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, count: Int) {
        switch activation {
        case .tanh: tanh(x, into: y, count: count)
        case .sigmoid: sigmoid(x, into: y, count: count)
        case .relu: for i in 0..<count { y[i] = x[i] > 0 || x[i].isNaN ? x[i] : 0 }  // NaN stays NaN, as in PyTorch
        case .identity: for i in 0..<count { y[i] = x[i] }
        }
    }
}
