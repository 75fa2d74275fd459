#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An elementwise activation function φ with its derivative.
public enum Activation: String, Sendable, CaseIterable {
    /// The hyperbolic tangent, φ(a) = tanh a, φ' = 1 − φ².
    case tanh
    /// The rectifier, φ(a) = max(0, a), φ' = 1 for a > 0 and 0 otherwise (PyTorch's choice at 0).
    case relu
    /// The logistic sigmoid, φ(a) = 1 / (1 + e^−a), φ' = φ(1 − φ).
    case sigmoid
    /// The identity, φ(a) = a, φ' = 1 (a linear recurrence, for teaching).
    case identity

    /// φ(a).
    @inlinable
    public func apply(_ a: Double) -> Double {
        switch self {
        case .tanh: return Activation.tanhValue(a)
        case .relu: return a > 0 || a.isNaN ? a : 0  // NaN stays NaN, as in PyTorch
        case .sigmoid: return Activation.sigmoidValue(a)
        case .identity: return a
        }
    }

    /// φ'(a) computed from the pre-activation `a`.
    @inlinable
    public func derivative(at a: Double) -> Double {
        switch self {
        case .tanh: let y = Activation.tanhValue(a); return 1 - y * y
        case .relu: return a > 0 ? 1 : 0
        case .sigmoid: let y = Activation.sigmoidValue(a); return y * (1 - y)
        case .identity: return 1
        }
    }

    /// φ'(a) computed from the output `y = φ(a)` (and `a` for relu, whose output at 0 is ambiguous).
    @inlinable
    public func derivative(output y: Double, preactivation a: Double) -> Double {
        switch self {
        case .tanh: return 1 - y * y
        case .relu: return a > 0 ? 1 : 0
        case .sigmoid: return y * (1 - y)
        case .identity: return 1
        }
    }

    /// The logistic sigmoid 1 / (1 + e^−a).
    @inlinable
    public static func sigmoidValue(_ a: Double) -> Double { 1 / (1 + exp(-a)) }

    /// The hyperbolic tangent.
    @inlinable
    public static func tanhValue(_ a: Double) -> Double {
        libmTanh(a)
    }
}

/// The C library's tanh (the enum case `tanh` hides the free function inside `Activation`).
@usableFromInline
func libmTanh(_ a: Double) -> Double { tanh(a) }
