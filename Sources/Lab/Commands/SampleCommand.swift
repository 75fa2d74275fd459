import Rendering
import RNNEngine

extension CommandSpec {
    /// `sample [--prime TEXT] [--length N] [--temperature T] [--top N]`: text from a character model.
    public static let sample = CommandSpec(
        name: "sample",
        topic: .training,
        summary: "generate text from a character model trained with charlm",
        help: """
            Reads the prime (default: the first character of the training text), then generates --length N \
            characters one at a time, feeding each back as the next input. Each character is drawn from \
            softmax(logits / T), T the --temperature: 0 always takes the most likely character, 1 samples the model \
            as it is, higher values make it more adventurous. --top N adds a table of the N most likely next \
            characters with their probabilities at each step, each column of probabilities in one format (at most \
            as many as the model knows, and it needs --length 1 or more). The same --seed gives the same text. It \
            always runs in eval mode, without dropout, as PyTorch code samples after model.eval(): \
            in train mode (`mode train`) it still does, and says so in a note.
            """,
        example: "sample --prime h --length 4 --temperature 0",
        options: [
            .value("prime", kind: .text, summary: "the text read before generating"),
            .value("length", kind: .integer(0...10_000), summary: "characters to generate", defaultValue: "200"),
            .value("temperature", kind: .number(0...100), summary: "0: always the most likely; 1: as the model says", defaultValue: "1"),
            .value("top", kind: .integer(0...20), summary: "show the N most likely next characters per step", defaultValue: "0"),
            .value("seed", kind: .integer(0...Int.max), summary: "seed of the random draws", defaultValue: "1"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            guard let model = session.state.currentModel else {
                throw LabError("sample: there is no model yet; make one and train it, e.g. `model lstm --hidden 16` then `train charlm \"hello\"`, or load one saved after `train charlm` with `load FILE.safetensors`")
            }
            guard case .characters(let text, _)? = model.training?.task.kind, let vocabulary = model.vocabulary,
                  let network = model.network, let head = model.head else {
                throw LabError("sample: '\(model.name)' is not a character model; train it first with `train charlm \"TEXT\"`")
            }
            let prime = arguments.string("prime") ?? text.first.map(String.init) ?? ""
            let temperature = arguments.double("temperature") ?? 1
            let length = arguments.int("length") ?? 200
            let requestedTop = arguments.int("top") ?? 0
            guard requestedTop == 0 || length > 0 else {
                throw LabError("sample: --top \(requestedTop) lists the likely characters of each step generated, and --length 0 generates none; give --length 1 or more")
            }
            // a model knows only its vocabulary's characters: more columns would stay empty
            let top = min(requestedTop, vocabulary.count)
            let steps: [CharacterSampler.Step]
            do {
                let sampler = try CharacterSampler(network: network, head: head, vocabulary: vocabulary)
                steps = try sampler.generate(
                    prime: prime, length: length, temperature: temperature, top: top,
                    seed: UInt64(arguments.int("seed") ?? 1))
            } catch let error as TrainingError {
                throw LabError("sample: \(error.message)")
            }
            let generated = String(steps.map(\.character))
            // What was sampled, however it was spelled (the default prime, the seed only where
            // a draw is random), so that a lesson can ask for it as a do-it task.
            let seed = temperature > 0 ? " seed=\(arguments.int("seed") ?? 1)" : ""
            session.addFacets(["\(model.name)/sample prime=\(prime) length=\(steps.count) temperature=\(shortNumber(temperature))\(seed)"]
                              + (requestedTop > 0 ? ["\(model.name)/sample-top=\(requestedTop)"] : []))
            let how = temperature == 0 ? "temperature 0: the most likely character each time" : "temperature \(shortNumber(temperature))"
            var blocks: [Block] = [
                .preformatted(generated),
                .note("'\(model.name)' after the prime \"\(prime.count > 30 ? String(prime.prefix(29)) + "…" : prime)\"; \(how)"),
            ]
            if let note = session.state.noDropoutNote(for: model, command: "sample") { blocks.append(.note(note)) }
            if top < requestedTop {
                blocks.append(.note("--top \(requestedTop) asks for more than the \(top) characters '\(model.name)' knows; the table lists all \(top)"))
            }
            if top > 0 {
                let texts = probabilityColumns(steps.map { $0.candidates.map(\.probability) })
                let rows = steps.enumerated().map { index, step in
                    Table.Row("\(index + 1) \(characterLabel(step.character))",
                              cells: step.candidates.enumerated().map { rank, candidate in
                                  .text("\(characterLabel(candidate.character)) \(texts[index][rank])")
                              })
                }
                blocks.append(.table(Table(
                    title: "the \(top) most likely next characters at each step",
                    rowHeader: "step chosen", columns: (1...top).map { Table.Column("#\($0)") }, rows: rows, rowNoun: "steps")))
            }
            return blocks
        }
    )
}

/// The probabilities of `sample --top`, a row per step and a column per rank, written so that
/// each column uses one format, as a table's column of numbers does (`0.008854` over
/// `0.000760`, or all in scientific notation, never `0.008854` over `7.6e-04`): the format
/// ``NumberFormat/style(for:significantDigits:)`` chooses for the column, and where that
/// would write its smallest values apart (``NumberFormat/Style/mixed(decimals:significantDigits:)``),
/// scientific notation for all of them.
func probabilityColumns(_ rows: [[Double]]) -> [[String]] {
    let columns = rows.map(\.count).max() ?? 0
    let styles = (0..<columns).map { rank -> NumberFormat.Style in
        let style = NumberFormat.style(for: rows.compactMap { rank < $0.count ? $0[rank] : nil }, significantDigits: 4)
        if case .mixed = style { return .scientific(decimals: 3) }
        return style
    }
    return rows.map { row in row.enumerated().map { NumberFormat.format($0.element, style: styles[$0.offset]) } }
}
