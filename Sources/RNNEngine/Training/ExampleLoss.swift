/// The loss of one task example through an output head, with what backward needs.
///
/// The target decides the loss: classes give softmax cross-entropy (PyTorch's
/// `CrossEntropyLoss`, mean over the steps the target names), values give mean squared
/// error of the head's linear prediction `W h_t + b` (PyTorch's `MSELoss`, mean over the
/// named steps and outputs). Only the steps the target names contribute.
public struct ExampleLoss: Sendable {
    /// The loss value.
    public let value: Double
    /// dL/d(network output), T × D·H.
    public let outputGradient: Matrix
    /// dL/d(head `weight`, `bias`).
    public let headGradients: ParameterSet
    /// How many target steps the argmax got right (classification; 0 for values).
    public let correct: Int
    /// How many steps the target names.
    public let counted: Int

    /// Computes the loss of `output` (the network's T × D·H output) for `target`.
    public init(output: Matrix, head: OutputHead, target: TaskTarget) throws {
        guard output.columns == head.inputSize else {
            throw NetworkError("the output head reads \(head.inputSize) features, the network outputs \(output.columns)")
        }
        switch target {
        case .classPerStep(let classes):
            try self.init(output: output, head: head, classes: classes)
        case .classAtEnd(let target):
            var classes = [Int](repeating: -1, count: output.rows)
            if output.rows > 0 { classes[output.rows - 1] = target }
            try self.init(output: output, head: head, classes: classes)
        case .valuePerStep(let values):
            try self.init(output: output, head: head, values: values, firstStep: 0)
        case .valueAtEnd(let value):
            try self.init(output: output, head: head, values: [value], firstStep: output.rows - 1)
        }
    }

    private init(output: Matrix, head: OutputHead, classes: [Int]) throws {
        let result = try Loss.crossEntropy(output: output, head: head, targets: classes)
        var correct = 0, counted = 0
        if let probabilities = result.probabilities {
            for (t, target) in classes.enumerated() where target >= 0 {
                counted += 1
                let row = probabilities.row(t)
                if row.indices.max(by: { row[$0] < row[$1] }) == target { correct += 1 }
            }
        }
        self.value = result.value
        self.outputGradient = result.outputGradient
        self.headGradients = result.headGradients ?? head.parameters.zeros
        self.correct = correct
        self.counted = counted
    }

    /// MSE of `W h_t + b` against `values`, which cover the steps from `firstStep` on.
    private init(output: Matrix, head: OutputHead, values: [[Double]], firstStep: Int) throws {
        guard firstStep >= 0, firstStep + values.count == output.rows else {
            throw NetworkError("the target names \(values.count) steps from step \(firstStep), the sequence has \(output.rows)")
        }
        if let bad = values.firstIndex(where: { $0.count != head.outputSize }) {
            throw NetworkError("the target at step \(firstStep + bad) has \(values[bad].count) values, the head predicts \(head.outputSize)")
        }
        let width = head.inputSize, outputs = head.outputSize
        let scale = 1 / Double(values.count * outputs)
        var outputGradient = Matrix(rows: output.rows, columns: width)
        var weightGradient = [Double](repeating: 0, count: outputs * width)
        var biasGradient = [Double](repeating: 0, count: outputs)
        var total = 0.0
        for (offset, target) in values.enumerated() {
            let t = firstStep + offset
            let hidden = output.row(t)
            var prediction = head.bias
            Kernels.gemv(head.weight.values, rows: outputs, columns: width, hidden, into: &prediction)
            var dPrediction = [Double](repeating: 0, count: outputs)
            for k in 0..<outputs {
                let difference = prediction[k] - target[k]
                total += difference * difference
                dPrediction[k] = 2 * difference * scale  // d/dy of mean (y − t)²
                biasGradient[k] += dPrediction[k]
            }
            dPrediction.withUnsafeBufferPointer { d in
                hidden.withUnsafeBufferPointer { h in
                    weightGradient.withUnsafeMutableBufferPointer { dW in
                        Kernels.addOuterProduct(d.baseAddress!, count: outputs, h.baseAddress!, count: width, into: dW.baseAddress!)
                    }
                }
                head.weight.values.withUnsafeBufferPointer { w in
                    outputGradient.values.withUnsafeMutableBufferPointer { dOut in
                        Kernels.gemvTransposed(w.baseAddress!, rows: outputs, columns: width, d.baseAddress!,
                                               into: dOut.baseAddress! + t * width)
                    }
                }
            }
        }
        self.value = total * scale
        self.outputGradient = outputGradient
        self.headGradients = ParameterSet([
            ("weight", Tensor(shape: [outputs, width], values: weightGradient)!),
            ("bias", Tensor(shape: [outputs], values: biasGradient)!),
        ])
        self.correct = 0
        self.counted = values.count
    }
}

extension OutputHead {
    /// The head a task needs on top of `network`: one output per class or predicted value.
    public init(for task: some SequenceTask, on network: RecurrentNetwork, seed: UInt64) throws {
        try self.init(inputSize: network.outputSize, outputSize: task.outputSize, seed: seed)
    }
}
