/// The summed loss and gradients of several sequences (not yet averaged).
///
/// Sequences are processed one after another and summed in order, so the result does
/// not depend on how the work is split into slices as long as slices are added in order.
struct BatchGradients: Sendable {
    /// Σ dL/d(network parameter).
    var network: ParameterSet
    /// Σ dL/d(head `weight`, `bias`).
    var head: ParameterSet
    /// Σ loss.
    var loss: Double

    /// Runs forward (with `dropout`'s masks when given), the loss and backward on each example;
    /// nil when `shouldStop` said so. It is asked before each sequence and, through the
    /// passes, every few timesteps, so a long sequence on a large network stops within moments.
    init?(
        network: RecurrentNetwork, head: OutputHead, examples: ArraySlice<TaskExample>,
        truncation: Int?, dropout: TrainingDropout? = nil, shouldStop: () -> Bool
    ) throws {
        let summed = try withoutActuallyEscaping(shouldStop) { stop in
            try Self.sum(network: network, head: head, examples: examples, truncation: truncation, dropout: dropout, shouldStop: stop)
        }
        guard let summed else { return nil }
        self = summed
    }

    private init(network: ParameterSet, head: ParameterSet, loss: Double) {
        self.network = network
        self.head = head
        self.loss = loss
    }

    /// The sums of ``init(network:head:examples:truncation:dropout:shouldStop:)``.
    private static func sum(
        network: RecurrentNetwork, head: OutputHead, examples: ArraySlice<TaskExample>,
        truncation: Int?, dropout: TrainingDropout?, shouldStop: @escaping ShouldStop
    ) throws -> BatchGradients? {
        var networkSum: ParameterSet? = nil
        var headSum: ParameterSet? = nil
        var loss = 0.0
        let options = BackwardOptions(truncation: truncation, inputGradient: false)
        do {
            for (index, example) in zip(examples.indices, examples) {
                if shouldStop() { return nil }
                let input = example.inputSequence
                let masks = try dropout?.masks(for: network, steps: input.steps, index: index)
                var pass = try network.forward(input, dropout: masks, shouldStop: shouldStop)
                let exampleLoss = try ExampleLoss(output: pass.output, head: head, target: example.target)
                let gradients = try network.backward(&pass, outputGradient: exampleLoss.outputGradient, options: options, shouldStop: shouldStop)
                loss += exampleLoss.value
                networkSum = networkSum.map { $0.adding(gradients.parameters) } ?? gradients.parameters
                headSum = headSum.map { $0.adding(exampleLoss.headGradients) } ?? exampleLoss.headGradients
            }
        } catch let error as NetworkError where error == .stopped {
            return nil
        }
        return BatchGradients(network: networkSum ?? network.parameters.zeros, head: headSum ?? head.parameters.zeros, loss: loss)
    }
}

extension ParameterSet {
    /// The element-wise sum with a set of the same names and shapes.
    func adding(_ other: ParameterSet) -> ParameterSet {
        var result = self
        for index in 0..<result.count {
            var values = result[index: index].values
            result[index: index].values = []  // keep `values` uniquely referenced: no copy on write
            other[index: index].values.withUnsafeBufferPointer { addend in
                values.withUnsafeMutableBufferPointer { sum in
                    for k in 0..<sum.count { sum[k] += addend[k] }
                }
            }
            result[index: index].values = values
        }
        return result
    }
}
