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
    /// nil when `shouldStop` said so.
    init?(
        network: RecurrentNetwork, head: OutputHead, examples: ArraySlice<TaskExample>,
        truncation: Int?, dropout: TrainingDropout? = nil, shouldStop: () -> Bool
    ) throws {
        var networkSum: ParameterSet? = nil
        var headSum: ParameterSet? = nil
        var loss = 0.0
        let options = BackwardOptions(truncation: truncation, inputGradient: false)
        for (index, example) in zip(examples.indices, examples) {
            if shouldStop() { return nil }
            let input = example.inputSequence
            var pass = try dropout.map { try network.forward(input, dropout: $0.masks(for: network, steps: input.steps, index: index)) }
                ?? network.forward(input)
            let exampleLoss = try ExampleLoss(output: pass.output, head: head, target: example.target)
            let gradients = try network.backward(&pass, outputGradient: exampleLoss.outputGradient, options: options)
            loss += exampleLoss.value
            networkSum = networkSum.map { $0.adding(gradients.parameters) } ?? gradients.parameters
            headSum = headSum.map { $0.adding(exampleLoss.headGradients) } ?? exampleLoss.headGradients
        }
        self.network = networkSum ?? network.parameters.zeros
        self.head = headSum ?? head.parameters.zeros
        self.loss = loss
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
