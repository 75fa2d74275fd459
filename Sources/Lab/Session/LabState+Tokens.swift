import RNNEngine
import Rendering

// Token input follows the current model: its indices are read through that model's embedding.

extension LabState {
    /// Token indices fed through another model's embedding, read again through `model`'s own
    /// when it becomes the current model (`use`), as `load` reads them again through the
    /// embedding of a model it loads in their model's place: the whole model `model` came
    /// from reads the same tokens through its own rows. Every model then runs on those rows.
    /// When `model` has no embedding, or a token is past its rows, the input stays as it was,
    /// and a note says what `model` runs on. Nil when the input is not such tokens, or
    /// `model`'s embedding read them.
    mutating func followTokens(to model: LabModel, shouldStop: ShouldStop? = nil) throws(LabError) -> [Block] {
        guard let input, let tokens = input.tokens, tokens.model != model.name else { return [] }
        let fed = "the input, \(LabError.shortened(input.source)), was read through \(tokens.model)'s embedding (\(tokens.embedding))"
        let width = input.example.inputs.first?.count ?? 0
        guard let embedding = model.embedding else {
            guard model.network?.inputSize == width else { return [] }  // it did not run on those rows, as feed said
            return [.note("\(fed); \(model.name) has no embedding of its own, so it runs on those rows as its input, "
                + "\(counted(width, "number")) per step, as `show x` shows them")]
        }
        let reread: LabInput
        do { reread = try InputBuilder.retokenized(input, model: model) } catch {
            return [.warning("\(fed), and \(error.message.trimmingPrefix("feed --tokens: ")), so \(model.name) cannot read them through its own: "
                + "it runs on \(tokens.model)'s rows, which are not what it reads for these tokens (`show next` and `grad --loss next-char` refuse them); "
                + "feed tokens from 0 to \(embedding.vocabularySize - 1)")]
        }
        self.input = reread
        let notes = try refreshAllPasses(shouldStop: shouldStop)
        // the same table reads the same rows: nothing changed that needs saying
        guard self.model(named: tokens.model)?.embedding != embedding else { return notes.map { .note($0) } }
        return [.note("\(fed); it now runs through \(model.name)'s own (\(model.sourceEmbedding ?? "")), as that whole model reads the same tokens, "
            + "and so does every model that reads \(counted(embedding.width, "number")) per step")] + notes.map { .note($0) }
    }
}
