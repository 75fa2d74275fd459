import Rendering
import RNNEngine

extension CommandSpec {
    /// `sample [--prime TEXT] [--length N] [--temperature T] [--top K]`: text from a character model.
    public static let sample = CommandSpec(
        name: "sample",
        topic: .training,
        summary: "generate text from a character model trained with charlm",
        help: """
            Reads the prime (default: the first character of the training text), then generates LENGTH \
            characters one at a time, feeding each back as the next input. Each character is drawn from \
            softmax(logits / T): temperature 0 always takes the most likely character, 1 samples the model \
            as it is, higher values make it more adventurous. --top K adds a table of the K most likely next \
            characters with their probabilities at each step. The same --seed gives the same text. It \
            always runs in eval mode, without dropout, as PyTorch code samples after model.eval(): \
            in train mode (`mode train`) it still does, and says so in a note.
            """,
        example: "sample --prime h --length 4 --temperature 0",
        options: [
            .value("prime", kind: .text, summary: "the text read before generating"),
            .value("length", kind: .integer(0...10_000), summary: "characters to generate", defaultValue: "200"),
            .value("temperature", kind: .number(0...100), summary: "0: always the most likely; 1: as the model says", defaultValue: "1"),
            .value("top", kind: .integer(0...20), summary: "show the K most likely next characters per step", defaultValue: "0"),
            .value("seed", kind: .integer(0...Int.max), summary: "seed of the random draws", defaultValue: "1"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            guard let model = session.state.currentModel else {
                throw LabError("sample: there is no model yet; make one and train it, e.g. `model lstm --hidden 16` then `train charlm \"hello\"`")
            }
            guard case .characters(let text, _)? = model.training?.task.kind, let vocabulary = model.vocabulary,
                  let network = model.network, let head = model.head else {
                throw LabError("sample: '\(model.name)' is not a character model; train it first with `train charlm \"TEXT\"`")
            }
            let prime = arguments.string("prime") ?? text.first.map(String.init) ?? ""
            let temperature = arguments.double("temperature") ?? 1
            let top = arguments.int("top") ?? 0
            let steps: [CharacterSampler.Step]
            do {
                let sampler = try CharacterSampler(network: network, head: head, vocabulary: vocabulary)
                steps = try sampler.generate(
                    prime: prime, length: arguments.int("length") ?? 200, temperature: temperature, top: top,
                    seed: UInt64(arguments.int("seed") ?? 1))
            } catch let error as TrainingError {
                throw LabError("sample: \(error.message)")
            }
            let generated = String(steps.map(\.character))
            // What was sampled, however it was spelled (the default prime, the seed only where
            // a draw is random), so that a lesson can ask for it as a do-it task.
            let seed = temperature > 0 ? " seed=\(arguments.int("seed") ?? 1)" : ""
            session.addFacets(["\(model.name)/sample prime=\(prime) length=\(steps.count) temperature=\(shortNumber(temperature))\(seed)"]
                              + (top > 0 ? ["\(model.name)/sample-top=\(top)"] : []))
            let how = temperature == 0 ? "temperature 0: the most likely character each time" : "temperature \(shortNumber(temperature))"
            var blocks: [Block] = [
                .preformatted(generated),
                .note("'\(model.name)' after the prime \"\(prime.count > 30 ? String(prime.prefix(29)) + "…" : prime)\"; \(how)"),
            ]
            if let note = session.state.noDropoutNote(for: model, command: "sample") { blocks.append(.note(note)) }
            if top > 0 {
                let rows = steps.enumerated().map { index, step in
                    Table.Row("\(index + 1) \(characterLabel(step.character))",
                              cells: step.candidates.map { .text("\(characterLabel($0.character)) \(ProgressText.number($0.probability))") })
                }
                blocks.append(.table(Table(
                    title: "the \(top) most likely next characters at each step",
                    rowHeader: "step chosen", columns: (1...top).map { Table.Column("#\($0)") }, rows: rows, rowNoun: "steps")))
            }
            return blocks
        }
    )
}
