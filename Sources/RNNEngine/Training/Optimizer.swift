#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if arch(x86_64)
import WideKernels
#endif

/// An optimizer updating named parameters from gradients of the same names and shapes.
public protocol Optimizer: Sendable {
    /// Applies one update step; throws when a gradient is missing or has another shape.
    mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) throws
}

extension Optimizer {
    /// Checks that every parameter has a gradient of the same shape.
    func validate(_ parameters: ParameterSet, _ gradients: ParameterSet) throws {
        for (name, tensor) in parameters.pairs {
            guard let gradient = gradients[name] else { throw NetworkError("no gradient for parameter `\(name)`") }
            guard gradient.shape == tensor.shape else {
                throw NetworkError("gradient of `\(name)` has shape \(gradient.shapeDescription), the parameter \(tensor.shapeDescription)")
            }
        }
    }
}

/// Stochastic gradient descent with momentum, as PyTorch's `torch.optim.SGD`:
/// `g ← g + λθ`; `b ← g` on the first step, then `b ← μ b + (1 − dampening) g`;
/// `g ← g + μ b` (Nesterov) or `g ← b`; `θ ← θ − lr · g`.
public struct SGD: Optimizer {
    /// Learning rate.
    public var learningRate: Double
    /// Momentum μ (0: plain SGD).
    public var momentum: Double
    /// Dampening of the momentum.
    public var dampening: Double
    /// L2 weight decay λ.
    public var weightDecay: Double
    /// Nesterov momentum.
    public var nesterov: Bool
    private var buffers: [String: [Double]] = [:]

    /// Creates the optimizer with PyTorch's defaults.
    public init(learningRate: Double, momentum: Double = 0, dampening: Double = 0, weightDecay: Double = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    /// One step.
    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) throws {
        try validate(parameters, gradients)
        for (index, name) in parameters.names.enumerated() {
            var gradient = gradients[name]!.values
            var values = parameters[index: index].values
            parameters[index: index].values = []  // keep `values` uniquely referenced: no copy on write
            for k in gradient.indices { gradient[k] += weightDecay * values[k] }
            if momentum != 0 {
                if var buffer = buffers.removeValue(forKey: name) {
                    for k in buffer.indices { buffer[k] = momentum * buffer[k] + (1 - dampening) * gradient[k] }
                    buffers[name] = buffer
                } else {
                    buffers[name] = gradient
                }
                let buffer = buffers[name]!
                for k in gradient.indices { gradient[k] = nesterov ? gradient[k] + momentum * buffer[k] : buffer[k] }
            }
            for k in values.indices { values[k] -= learningRate * gradient[k] }
            parameters[index: index].values = values
        }
    }
}

/// Adagrad as PyTorch's `torch.optim.Adagrad`: `g ← g + λθ`; `clr = lr / (1 + (t − 1)·lr_decay)`;
/// `s ← s + g²`; `θ ← θ − clr · g / (√s + ε)`.
public struct Adagrad: Optimizer {
    /// Learning rate.
    public var learningRate: Double
    /// Learning-rate decay per step.
    public var learningRateDecay: Double
    /// L2 weight decay λ.
    public var weightDecay: Double
    /// Initial value of the squared-gradient sums.
    public var initialAccumulatorValue: Double
    /// ε added to √s.
    public var epsilon: Double
    private var sums: [String: [Double]] = [:]
    private var stepCount = 0

    /// Creates the optimizer with PyTorch's defaults.
    public init(learningRate: Double = 0.01, learningRateDecay: Double = 0, weightDecay: Double = 0,
                initialAccumulatorValue: Double = 0, epsilon: Double = 1e-10) {
        self.learningRate = learningRate
        self.learningRateDecay = learningRateDecay
        self.weightDecay = weightDecay
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
    }

    /// One step.
    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) throws {
        try validate(parameters, gradients)
        stepCount += 1
        let rate = learningRate / (1 + Double(stepCount - 1) * learningRateDecay)
        for (index, name) in parameters.names.enumerated() {
            let gradient = gradients[name]!.values
            var values = parameters[index: index].values
            parameters[index: index].values = []  // keep `values` uniquely referenced: no copy on write
            var sum = sums.removeValue(forKey: name) ?? [Double](repeating: initialAccumulatorValue, count: values.count)
            for k in values.indices {
                let g = gradient[k] + weightDecay * values[k]
                sum[k] += g * g
                values[k] -= rate * g / (sum[k].squareRoot() + epsilon)
            }
            sums[name] = sum
            parameters[index: index].values = values
        }
    }
}

/// Adam as PyTorch's `torch.optim.Adam` (not AMSGrad): `g ← g + λθ`; `m ← β₁m + (1−β₁)g`;
/// `v ← β₂v + (1−β₂)g²`; `θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)`.
public struct Adam: Optimizer {
    /// Learning rate.
    public var learningRate: Double
    /// β₁, the decay of the first moment.
    public var beta1: Double
    /// β₂, the decay of the second moment.
    public var beta2: Double
    /// ε added to the denominator.
    public var epsilon: Double
    /// L2 weight decay λ (added to the gradient, as in `Adam`, not `AdamW`).
    public var weightDecay: Double
    private var firstMoments: [String: [Double]] = [:]
    private var secondMoments: [String: [Double]] = [:]
    private var stepCount = 0
    /// How many parameters an instruction updates (both widths give the same values).
    var lanes = LaneWidth.current

    /// Creates the optimizer with PyTorch's defaults.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// One step.
    public mutating func step(_ parameters: inout ParameterSet, gradients: ParameterSet) throws {
        try validate(parameters, gradients)
        stepCount += 1
        let correction1 = 1 - pow(beta1, Double(stepCount))
        let correction2 = 1 - pow(beta2, Double(stepCount))
        let stepSize = learningRate / correction1
        let correction2Root = correction2.squareRoot()
        for (index, name) in parameters.names.enumerated() {
            let gradient = gradients[name]!.values
            var values = parameters[index: index].values
            parameters[index: index].values = []  // keep `values` uniquely referenced: no copy on write
            var m = firstMoments.removeValue(forKey: name) ?? [Double](repeating: 0, count: values.count)
            var v = secondMoments.removeValue(forKey: name) ?? [Double](repeating: 0, count: values.count)
            let (beta1, beta2, epsilon, weightDecay, lanes) = (beta1, beta2, epsilon, weightDecay, lanes)
            let inverseRoot = 1 / correction2Root  // √v / √(1−β₂ᵗ) as a product: one division per element, not two
            gradient.withUnsafeBufferPointer { gradient in
            values.withUnsafeMutableBufferPointer { values in
            m.withUnsafeMutableBufferPointer { m in
            v.withUnsafeMutableBufferPointer { v in
                // Four parameters per iteration (the square root and division are the costly
                // part), or eight first with eight lanes, then the rest one by one with the
                // same arithmetic.
                let count = values.count
                let (g0, p0, m0, v0) = (gradient.baseAddress!, values.baseAddress!, m.baseAddress!, v.baseAddress!)
                var k = 0
                #if arch(x86_64)
                if lanes == .eight {
                    k = WideKernels.adamUpdate(count: count, gradient: g0, parameters: p0, firstMoment: m0, secondMoment: v0,
                                               beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                                               stepSize: stepSize, inverseRoot: inverseRoot)
                }
                #endif
                while k + 4 <= count {
                    let theta = Kernels.load(p0 + k)
                    let g = Kernels.load(g0 + k) + weightDecay * theta
                    let first = beta1 * Kernels.load(m0 + k) + (1 - beta1) * g  // first moment
                    let second = beta2 * Kernels.load(v0 + k) + (1 - beta2) * g * g  // second moment
                    Kernels.store(first, m0 + k)
                    Kernels.store(second, v0 + k)
                    Kernels.store(theta - Kernels.divide(stepSize * first, Kernels.squareRoot(second) * inverseRoot + epsilon), p0 + k)
                    k += 4
                }
                while k < count {
                    let g = gradient[k] + weightDecay * values[k]
                    m[k] = beta1 * m[k] + (1 - beta1) * g
                    v[k] = beta2 * v[k] + (1 - beta2) * g * g
                    values[k] -= stepSize * m[k] / (v[k].squareRoot() * inverseRoot + epsilon)
                    k += 1
                }
            }}}}
            firstMoments[name] = m
            secondMoments[name] = v
            parameters[index: index].values = values
        }
    }
}
