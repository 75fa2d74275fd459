import CCPUFeatures
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many doubles the engine's hottest kernels carry per vector instruction: four (AVX2,
/// what the engine is compiled for) or eight (AVX-512, in the WideKernels module).
///
/// Both widths compute every value bit for bit alike; eight only takes fewer instructions
/// and reads a matrix in longer runs. The engine uses eight when the processor and the
/// operating system support AVX-512, unless the environment variable `RNNLAB_VECTOR_LANES`
/// is `4` (to compare the two with `rnnlab bench`).
public enum LaneWidth: Int, Sendable, CustomStringConvertible {
    case four = 4
    case eight = 8

    /// The width the engine's kernels use in this process.
    public static let current: LaneWidth = {
        guard eightIsSupported else { return .four }
        if let requested = getenv("RNNLAB_VECTOR_LANES"), String(cString: requested) == "4" { return .four }
        return .eight
    }()

    /// Whether this processor and its operating system run AVX-512 F, CD, BW, DQ and VL
    /// (x86-64-v4), what the WideKernels module is compiled for.
    public static let eightIsSupported = CCPUFeatures_runsX86_64_v4()

    /// What the width is, as `rnnlab bench` names it.
    public var description: String {
        switch self {
        case .four: "4 doubles a vector (AVX2)"
        case .eight: "8 doubles a vector (AVX-512)"
        }
    }
}
