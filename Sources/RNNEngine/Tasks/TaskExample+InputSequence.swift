extension TaskExample {
    /// The example's inputs as the network reads them: one-hot symbols when the task
    /// has them (a column gather), dense vectors otherwise.
    public var inputSequence: InputSequence {
        if let symbols, let width = inputs.first?.count, inputs.allSatisfy({ $0.reduce(0, +) == 1 }) {
            return .oneHot(indices: symbols, size: width)
        }
        let width = inputs.first?.count ?? 0
        var matrix = Matrix(rows: inputs.count, columns: width)
        for (t, row) in inputs.enumerated() { matrix.setRow(t, to: row) }
        return .dense(matrix)
    }
}
