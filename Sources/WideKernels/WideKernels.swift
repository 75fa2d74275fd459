#if arch(x86_64)
import _Builtin_intrinsics.intel

/// The engine's hottest loops eight doubles to a vector, for processors with AVX-512.
///
/// This module is compiled for x86-64-v4 (AVX-512 F, CD, BW, DQ, VL), the engine for
/// x86-64-v3; the engine calls in here only after it has checked that the processor and the
/// operating system support AVX-512 (`LaneWidth` in RNNEngine), so one binary runs anywhere.
///
/// Every function computes each lane exactly as the engine's four-lane kernel it stands in
/// for: the same operations in the same order, the same fused multiply–adds, so that results
/// are bit for bit those of the four-lane path (RNNEngineTests hold each pair to that). Only
/// how many lanes an instruction carries differs. Nothing here is inlinable, so no caller
/// compiled for x86-64-v3 takes its code in.
public enum WideKernels {
    /// Eight doubles from any address.
    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Double>.self)
    }

    /// Stores eight doubles at any address.
    @inline(__always)
    static func store(_ v: SIMD8<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Double>.self)
    }

    /// `a · b + c` lane by lane, rounded once.
    @inline(__always)
    static func multiplyAdd(_ a: SIMD8<Double>, _ b: SIMD8<Double>, _ c: SIMD8<Double>) -> SIMD8<Double> {
        _mm512_fmadd_pd(a, b, c)
    }

    /// `a · b − c` lane by lane, rounded once.
    @inline(__always)
    static func multiplySubtract(_ a: SIMD8<Double>, _ b: SIMD8<Double>, _ c: SIMD8<Double>) -> SIMD8<Double> {
        _mm512_fmsub_pd(a, b, c)
    }

    /// `a / b` lane by lane.
    @inline(__always)
    static func divide(_ a: SIMD8<Double>, _ b: SIMD8<Double>) -> SIMD8<Double> {
        _mm512_div_pd(a, b)
    }

    /// `√v` lane by lane.
    @inline(__always)
    static func squareRoot(_ v: SIMD8<Double>) -> SIMD8<Double> {
        _mm512_sqrt_pd(v)
    }

    /// The start of a sum's lanes `j..<j+8`: `y`'s own values when `u` is nil, else `u`,
    /// plus `v` when given (the engine's `Kernels.ProductStart`).
    @inline(__always)
    static func start(_ y: UnsafeMutablePointer<Double>, _ u: UnsafePointer<Double>?, _ v: UnsafePointer<Double>?, _ j: Int) -> SIMD8<Double> {
        guard let u else { return load(y + j) }
        guard let v else { return load(u + j) }
        return load(u + j) + load(v + j)
    }
}
#endif
