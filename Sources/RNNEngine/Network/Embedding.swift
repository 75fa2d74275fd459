/// A lookup table that turns token indices into input vectors (PyTorch `nn.Embedding(V, E)`):
/// token k reads row k of the V × E weight, x_t = W_emb[k_t], which is what multiplying a
/// one-hot vector of k_t by W_embᵀ gives without the multiplication.
///
/// ```swift
/// let embedding = Embedding(weight: table)           // 10 × 3
/// let inputs = try embedding.rows(for: [5, 2, 9])    // three rows of 3 numbers
/// ```
public struct Embedding: Equatable, Sendable {
    /// The V × E table, one row per token.
    public var weight: Matrix

    /// Creates an embedding from its table.
    public init(weight: Matrix) {
        self.weight = weight
    }

    /// V, the number of tokens: valid indices run from 0 to V − 1.
    public var vocabularySize: Int { weight.rows }
    /// E, the width of each row (the recurrent module's input size).
    public var width: Int { weight.columns }

    /// The rows of `tokens`, one per step, as `nn.Embedding` computes them; an error naming
    /// the first index outside 0..<V and its place (1-based) among `tokens`.
    public func rows(for tokens: [Int]) throws(NetworkError) -> [[Double]] {
        if let place = tokens.firstIndex(where: { !(0..<vocabularySize).contains($0) }) {
            throw NetworkError("token \(tokens[place]) at step \(place + 1) is out of range: the embedding has \(vocabularySize) rows, "
                + "so tokens run from 0 to \(vocabularySize - 1)")
        }
        return tokens.map(weight.row)
    }
}
