import RNNEngine

/// The engine workloads, each a batch of one in Float64, with fixed seeds so every run
/// times the same numbers. `tools/bench_torch.py` defines the same workloads for PyTorch.
extension BenchWorkload {
    /// Every workload in the order they are printed.
    static var all: [BenchWorkload] {
        [
            characterModel(kind: .lstm, vocabulary: 65, hidden: 128, steps: 25),
            characterModel(kind: .rnn, vocabulary: 65, hidden: 100, steps: 25),
            forwardOnly(kind: .lstm, input: 8, hidden: 32, steps: 100),
            forwardBackward(kind: .rnn, input: 1, hidden: 64, steps: 200),
            forwardBackward(kind: .gru, input: 256, hidden: 256, steps: 100),
            startup,
        ]
    }

    /// One training step of a character model: one-hot input of `vocabulary` symbols, a
    /// one-layer `kind` network, a linear head, mean cross-entropy over the steps, BPTT,
    /// norm clipping at 5 over all gradients together, and Adam (lr 1e-3) on every parameter.
    static func characterModel(kind: CellKind, vocabulary: Int, hidden: Int, steps: Int) -> BenchWorkload {
        let name = "charlm_\(kind.rawValue)_V\(vocabulary)_H\(hidden)_T\(steps)"
        let flops = FlopCount.backward(gates: kind.gateCount, input: 0, hidden: hidden, steps: steps)
            + FlopCount.forward(gates: kind.gateCount, input: 0, hidden: hidden, steps: steps)
            + FlopCount.head(classes: vocabulary, hidden: hidden, steps: steps)
        return BenchWorkload(name: name, flopsPerIteration: flops) {
            let step = try CharacterModelStep(kind: kind, vocabulary: vocabulary, hidden: hidden, steps: steps)
            return { try step.run() }
        }
    }

    /// A forward pass over a dense random sequence, the full trace recorded.
    static func forwardOnly(kind: CellKind, input: Int, hidden: Int, steps: Int) -> BenchWorkload {
        let name = "fwd_\(kind.rawValue)_I\(input)_H\(hidden)_T\(steps)"
        return BenchWorkload(name: name, flopsPerIteration: FlopCount.forward(gates: kind.gateCount, input: input, hidden: hidden, steps: steps)) {
            let network = try RecurrentNetwork(kind: kind, inputSize: input, hiddenSize: hidden, seed: 1)
            let x = randomMatrix(rows: steps, columns: input, seed: 2)
            return { _ = try network.forward(x) }
        }
    }

    /// A forward pass and backward through time for `L = Σ output ⊙ dy` with a fixed random
    /// `dy`: every parameter gradient, no input gradient.
    static func forwardBackward(kind: CellKind, input: Int, hidden: Int, steps: Int) -> BenchWorkload {
        let name = "fwdbwd_\(kind.rawValue)_I\(input)_H\(hidden)_T\(steps)"
        let flops = FlopCount.forward(gates: kind.gateCount, input: input, hidden: hidden, steps: steps)
            + FlopCount.backward(gates: kind.gateCount, input: input, hidden: hidden, steps: steps)
        return BenchWorkload(name: name, flopsPerIteration: flops) {
            let network = try RecurrentNetwork(kind: kind, inputSize: input, hiddenSize: hidden, seed: 1)
            let x = randomMatrix(rows: steps, columns: input, seed: 2)
            let dy = randomMatrix(rows: steps, columns: hidden, seed: 3)
            let options = BackwardOptions(inputGradient: false)
            return {
                var pass = try network.forward(x)
                _ = try network.backward(&pass, outputGradient: dy, options: options)
            }
        }
    }

    /// A `rows × columns` matrix with elements from U(−1, 1).
    static func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var generator = SeededGenerator(seed: seed)
        var matrix = Matrix(rows: rows, columns: columns)
        for i in matrix.values.indices { matrix.values[i] = generator.uniform(in: -1...1) }
        return matrix
    }
}

/// The state of the character-model workload, carried from one training step to the next.
final class CharacterModelStep {
    private var network: RecurrentNetwork
    private var head: OutputHead
    private var networkOptimizer = Adam(learningRate: 1e-3)
    private var headOptimizer = Adam(learningRate: 1e-3)
    private let input: InputSequence
    private let targets: [Int]

    init(kind: CellKind, vocabulary: Int, hidden: Int, steps: Int) throws {
        network = try RecurrentNetwork(kind: kind, inputSize: vocabulary, hiddenSize: hidden, seed: 1)
        head = try OutputHead(inputSize: hidden, outputSize: vocabulary, seed: 2)
        var generator = SeededGenerator(seed: 3)
        let symbols = (0...steps).map { _ in generator.integer(below: vocabulary) }
        input = .oneHot(indices: Array(symbols.dropLast()), size: vocabulary)
        targets = Array(symbols.dropFirst())  // predict the next symbol
    }

    /// forward → cross-entropy → BPTT → clip the global norm to 5 → Adam.
    func run() throws {
        var pass = try network.forward(input)
        let loss = try Loss.crossEntropy(output: pass.output, head: head, targets: targets)
        let gradients = try network.backward(&pass, outputGradient: loss.outputGradient,
                                             options: BackwardOptions(inputGradient: false))
        var sets = [gradients.parameters, loss.headGradients ?? ParameterSet()]
        _ = try GradientClipping.clipNorm(&sets, maxNorm: 5)
        try network.updateParameters { parameters in
            try networkOptimizer.step(&parameters, gradients: sets[0])
        }
        var headParameters = head.parameters
        try headOptimizer.step(&headParameters, gradients: sets[1])
        head.parameters = headParameters
    }
}
