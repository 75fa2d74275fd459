import RNNEngine
import Rendering

/// Turns what `feed` was given into the lab's input: text, numbers or a task's example.
enum InputBuilder {
    /// The generators `feed WORD N` knows.
    static let generators = ["sine", "random", "adding", "first", "quotes"]
    /// The longest input `feed` accepts.
    static let maximumSteps = maximumTaskLength

    /// One-hot text over its own sorted characters, or over `vocabulary` when given.
    static func text(_ text: String, vocabulary: Vocabulary?) throws(LabError) -> LabInput {
        guard !text.isEmpty else { throw LabError("feed: the text is empty; give a word such as \"hello\"") }
        guard text.count <= maximumSteps else {
            throw LabError("feed: the text has \(text.count) characters; at most \(maximumSteps)")
        }
        do {
            let vocabulary = try vocabulary ?? Vocabulary(of: text)
            let symbols = try vocabulary.encode(text)
            let inputs = symbols.map { symbol in (0..<vocabulary.count).map { $0 == symbol ? 1.0 : 0.0 } }
            let example = TaskExample(inputs: inputs, symbols: symbols, labels: text.map(characterLabel), target: .classPerStep(symbols))
            return LabInput(example: example, source: "\"\(text)\"", vocabulary: vocabulary)
        } catch {
            throw LabError("feed: \(error)")
        }
    }

    /// `5 2 9` (or `5,2,9`): token indices through `model`'s embedding, each step's x the
    /// token's row of it, as `nn.Embedding` computes; the target of each step is the next
    /// token, as for text.
    static func tokens(_ words: [String], model: LabModel) throws(LabError) -> LabInput {
        guard let embedding = model.embedding, let described = model.sourceEmbedding else {
            let why = model.sourceEmbedding.map { "\(model.name)'s file has an embedding (\($0)), but it was left out when it was loaded (`load` said why)" }
                ?? "\(model.name) has no embedding: --tokens is for a model loaded from a whole model's checkpoint with an nn.Embedding(V, E) "
                + "in front of its recurrent module (E its input size), whose rows become the input"
            throw LabError("feed --tokens: \(why); give the vectors themselves with `feed --numbers` or `feed --file`")
        }
        let texts = words.joined(separator: " ").split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        guard !texts.isEmpty else { throw LabError("feed --tokens: give the token indices, e.g. `feed --tokens 5 2 9`") }
        guard texts.count <= maximumSteps else { throw LabError("feed --tokens: \(texts.count) tokens; at most \(maximumSteps)") }
        var tokens: [Int] = []
        for (place, text) in texts.enumerated() {
            guard let token = Int(text) else {
                throw LabError("feed --tokens: '\(LabError.shortened(text))' (step \(place + 1)) is not a token index: "
                    + "give whole numbers from 0 to \(embedding.vocabularySize - 1), one per step")
            }
            tokens.append(token)
        }
        let rows: [[Double]]
        do { rows = try embedding.rows(for: tokens) } catch {
            throw LabError("feed --tokens: \(error.message) (\(model.name)'s \(described))")
        }
        let example = TaskExample(inputs: rows, symbols: nil, labels: tokens.map { "#\($0)" }, target: .classPerStep(tokens))
        var input = LabInput(example: example, source: "--tokens " + tokens.map(String.init).joined(separator: " "))
        input.tokens = TokenInput(indices: tokens, vocabularySize: embedding.vocabularySize, model: model.name, embedding: described)
        return input
    }

    /// `input`'s token indices read again through `model`'s embedding, its mask and initial
    /// states kept; an error as `feed --tokens` gives when `model` has no embedding or a token
    /// is past its rows. Any other input is returned as it is.
    static func retokenized(_ input: LabInput, model: LabModel) throws(LabError) -> LabInput {
        guard let tokens = input.tokens else { return input }
        let fresh = try Self.tokens(tokens.indices.map(String.init), model: model)
        var result = input
        result.example = fresh.example
        result.source = fresh.source
        result.tokens = fresh.tokens
        return result
    }

    /// `0.5 -1 2` (one number per step) or `0.5 1; -1 2` (a vector per step).
    static func numbers(_ words: [String]) throws(LabError) -> LabInput {
        let joined = words.joined(separator: " ")
        let groups = joined.split(separator: ";", omittingEmptySubsequences: false)
            .map { $0.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init) }
            .filter { !$0.isEmpty }
        guard !groups.isEmpty else {
            throw LabError("feed --numbers: give the numbers, e.g. `feed --numbers 0.5 -1 2` or `feed --numbers \"0.5 1; -1 2\"`")
        }
        var rows: [[Double]] = []
        let perStep = joined.contains(";")
        for group in groups {
            var row: [Double] = []
            for word in group {
                guard let value = decimalNumber(String(word)) else {
                    throw LabError("feed --numbers: '\(LabError.shortened(String(word)))' \(whyNotANumber(String(word)))")
                }
                row.append(value)
            }
            if perStep { rows.append(row) } else { rows += row.map { [$0] } }
        }
        return try steps(rows, source: "--numbers " + joined, what: "feed --numbers", place: { "step \($0 + 1)" })
    }

    /// A CSV file: one step per line, its numbers separated by commas (or tabs, or
    /// semicolons, or on a line with none of these spaces, as NumPy's `savetxt` writes); a
    /// first line that is not numbers (column names) is skipped, as are blank lines and
    /// lines starting with #.
    static func csv(_ text: String, source: String) throws(LabError) -> LabInput {
        var rows: [[Double]] = []
        var lineNumbers: [Int] = []
        var skippedNames = false
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let content = line.trimmingPrefix(while: \.isWhitespace)
            if content.isEmpty || content.hasPrefix("#") { continue }
            let separators: Set<Character> = content.contains(where: { $0 == "," || $0 == "\t" || $0 == ";" }) ? [",", "\t", ";"] : [" "]
            let fields = content.split(whereSeparator: { separators.contains($0) }).map { trimmed($0) }
            let values = fields.map { decimalNumber($0) }
            if let bad = values.firstIndex(where: { $0 == nil }) {
                // column names: a first line with no number at all (`1,2x` is a typo, not names)
                if rows.isEmpty && !skippedNames && values.allSatisfy({ $0 == nil }) {
                    skippedNames = true
                    continue
                }
                throw LabError("feed --file: \(source) line \(index + 1): '\(LabError.shortened(fields[bad]))' \(whyNotANumber(fields[bad]))")
            }
            let row = values.map { $0! }
            guard rows.count < maximumSteps else { throw LabError("feed --file: \(source) has more than \(maximumSteps) steps") }
            rows.append(row)
            lineNumbers.append(index + 1)
        }
        guard !rows.isEmpty else { throw LabError("feed --file: \(source) has no rows of numbers") }
        return try steps(rows, source: "--file " + source, what: "feed --file", place: { "\(source) line \(lineNumbers[$0])" })
    }

    /// `text` without the blanks around it.
    private static func trimmed(_ text: Substring) -> String {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return String(text[start..<max(start, end)])
    }

    /// The input of `rows`, one step each; they must all have the same count of numbers.
    private static func steps(_ rows: [[Double]], source: String, what: String, place: (Int) -> String) throws(LabError) -> LabInput {
        guard rows.count <= maximumSteps else { throw LabError("\(what): \(rows.count) steps; at most \(maximumSteps)") }
        let width = rows[0].count
        if let bad = rows.firstIndex(where: { $0.count != width }) {
            throw LabError("\(what): \(place(bad)) has \(counted(rows[bad].count, "number")) but \(place(0)) has \(width); every step needs the same count")
        }
        let labels = rows.map { row in row.count == 1 ? shortNumber(row[0]) : "(" + row.map(shortNumber).joined(separator: ",") + ")" }
        let example = TaskExample(inputs: rows, symbols: nil, labels: labels, target: .valuePerStep(rows))
        var input = LabInput(example: example, source: source)
        input.targetIsInput = true
        return input
    }

    /// `0.1 0.2; 0.3 0.4`: rows of numbers (an initial state per layer and direction).
    static func numberRows(_ text: String, option: String) throws(LabError) -> [[Double]] {
        var rows: [[Double]] = []
        for group in text.split(separator: ";") {
            var row: [Double] = []
            for word in group.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
                guard let value = decimalNumber(String(word)) else {
                    throw LabError("feed \(option): '\(LabError.shortened(String(word)))' \(whyNotANumber(String(word)))")
                }
                row.append(value)
            }
            if !row.isEmpty { rows.append(row) }
        }
        guard !rows.isEmpty, rows.count <= 1024, rows.allSatisfy({ $0.count <= 100_000 }) else {
            throw LabError("feed \(option): give H numbers per layer and direction, rows separated by ;")
        }
        return rows
    }

    /// `sine N`, `random N`, `adding N`, `first N`, `quotes "TEXT"`.
    static func generated(_ generator: String, _ argument: String, width: Int, seed: UInt64) throws(LabError) -> LabInput {
        var random = SeededGenerator(seed: seed)
        if generator == "quotes" {
            do {
                let example = try QuoteTask.example(for: argument)
                return LabInput(example: example, source: "quotes \"\(argument)\"", vocabulary: .printableASCII)
            } catch {
                throw LabError("feed quotes: \(error)")
            }
        }
        let length = try generatedLength(generator, argument)
        do {
            let example: TaskExample
            switch generator {
            case "sine": example = try SineTask(length: length).sample(using: &random)
            case "adding": example = try AddingTask(length: length).sample(using: &random)
            case "first": example = try FirstSymbolTask(length: length).sample(using: &random)
            default:
                let rows = (0..<length).map { _ in (0..<width).map { _ in random.uniform(in: -1...1) } }
                let labels = rows.map { row in row.count == 1 ? shortNumber(row[0]) : "" }
                example = TaskExample(inputs: rows, symbols: nil, labels: labels, target: .valuePerStep(rows))
            }
            // the seed is part of what was fed, when it is not the default one
            var input = LabInput(example: example, source: "\(generator) \(length)" + (seed == 1 ? "" : " --seed \(seed)"))
            input.targetIsInput = !["sine", "adding", "first"].contains(generator)
            return input
        } catch {
            throw LabError("feed \(generator): \(error)")
        }
    }

    /// The length `feed GENERATOR N` asks for (any generator but `quotes`), or why the lab
    /// refuses it; `lint` checks a lesson's `feed` lines with it before they run.
    static func generatedLength(_ generator: String, _ argument: String) throws(LabError) -> Int {
        // the tasks need two steps: a sine to predict from, two numbers to add, a symbol to recall later
        let shortest = ["sine", "adding", "first"].contains(generator) ? 2 : 1
        guard let length = Int(argument), (shortest...maximumSteps).contains(length) else {
            throw LabError("feed \(generator): N must be a whole number of steps from \(shortest) to \(maximumSteps), got '\(LabError.shortened(argument))'")
        }
        return length
    }

    /// `1,1,1,0,0` (one flag per step) or `3` (the first three steps are real).
    static func mask(_ text: String, steps: Int) throws(LabError) -> [Bool] {
        let flags = text.split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.trimmedOfSpaces() }
        if flags.count == 1, let count = Int(flags[0]) {
            guard (1...steps).contains(count) else {
                throw LabError("feed --mask \(text): the count of real steps must be between 1 and \(steps)")
            }
            return (0..<steps).map { $0 < count }
        }
        if let wrong = flags.firstIndex(where: { $0 != "0" && $0 != "1" }) {
            throw LabError("feed --mask: entry \(wrong + 1) is '\(LabError.shortened(flags[wrong]))'; each is 1 (a real step) or 0 (padding), "
                + "one per step — or give the number of real steps alone")
        }
        guard flags.count == steps else {
            // the example keeps the learner's entries, cut or padded with 0 to the steps
            let example = (flags.prefix(steps) + Array(repeating: "0", count: max(0, steps - flags.count))).joined(separator: ",")
            throw LabError("feed --mask: \(flags.count == 1 ? "1 entry" : "\(flags.count) entries") for \(counted(steps, "step")); give one 1 (real) or 0 (padding) per step, "
                + "e.g. \(example) — or the number of real steps alone")
        }
        let mask = flags.map { $0 == "1" }
        guard mask.contains(true) else { throw LabError("feed --mask: at least one step must be real (1)") }
        return mask
    }

    /// A number as a short row label.
    static func shortNumber(_ value: Double) -> String {
        // tiny and huge values in 3 significant digits: 1.23e-05 is not 0.00, nor 1e308 inf
        if value.isFinite, value != 0, abs(value) < 0.005 || abs(value) >= 1e5 {
            return NumberFormat.single(value, significantDigits: 3)
        }
        return formatValue(value)
    }
}

extension Substring {
    /// The text without surrounding spaces.
    func trimmedOfSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
