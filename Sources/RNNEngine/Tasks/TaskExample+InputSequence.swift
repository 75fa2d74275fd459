extension TaskExample {
    /// The example's inputs as the network reads them: one-hot symbols when the task
    /// has them (a column gather), dense vectors otherwise.
    public var inputSequence: InputSequence {
        if let symbols, let width = inputs.first?.count, inputs.allSatisfy({ $0.reduce(0, +) == 1 }) {
            return .oneHot(indices: symbols, size: width)
        }
        return denseInputSequence
    }

    /// The example's inputs as dense vectors, one-hot ones too: a product with W_ih, where
    /// the gather of ``inputSequence`` takes one column (the two differ only when W_ih holds
    /// an infinity or NaN, which 0 · ∞ = NaN spreads to every step in a product).
    public var denseInputSequence: InputSequence {
        let width = inputs.first?.count ?? 0
        var matrix = Matrix(rows: inputs.count, columns: width)
        for (t, row) in inputs.enumerated() { matrix.setRow(t, to: row) }
        return .dense(matrix)
    }
}
