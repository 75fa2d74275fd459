import Foundation
import Testing
@testable import Lab
import RNNEngine
import Rendering
import TestSupport

/// A whole PyTorch token model, `nn.Embedding` → `nn.LSTM` → `nn.Linear`, loaded and fed
/// token indices, against what PyTorch computes on them (tools/torch_embedding_fixture.py).
@Suite("feed --tokens through a loaded embedding")
struct EmbeddingTokenTests {
    /// The fixture's checkpoint, and PyTorch's numbers for it.
    static func fixture() throws -> (path: String, reference: [String: Any]) {
        let checkpoint = try #require(Bundle.module.url(forResource: "embedding_lstm", withExtension: "safetensors", subdirectory: "Fixtures"))
        let json = try #require(Bundle.module.url(forResource: "embedding_lstm", withExtension: "json", subdirectory: "Fixtures"))
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        return (checkpoint.path, reference)
    }

    /// The largest difference between `values` and `reference`, row by row.
    static func largestDifference(_ values: [[Double]], _ reference: Any?) throws -> Double {
        let rows = try #require(reference as? [[Double]])
        try #require(rows.count == values.count && zip(rows, values).allSatisfy { $0.count == $1.count })
        return zip(rows, values).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? .infinity
    }

    @Test("tokens run through the loaded embedding give PyTorch's x, h and c, and its head's logits and next-token loss")
    func matchesPyTorch() throws {
        let (path, reference) = try Self.fixture()
        let tokens = try #require(reference["tokens"] as? [Int])
        let session = try labSession(["load \(path) --name tok", "feed --tokens \(tokens.map(String.init).joined(separator: " "))"])
        let model = try #require(session.state.currentModel)
        let pass = try #require(model.pass)
        let steps = 0..<tokens.count
        // JSON's decimal digits may round the last bit on reading
        #expect(try Self.largestDifference(session.state.input?.example.inputs ?? [], reference["x"]) < 1e-15, "x_t is the embedding's row")
        let hidden = steps.map { pass.output.row($0) }
        let cells = try steps.map { try #require(pass.trace.value(.cellState, step: $0)) }
        #expect(try Self.largestDifference(hidden, reference["h"]) < 1e-12)
        #expect(try Self.largestDifference(cells, reference["c"]) < 1e-12)

        // the file's decoder is the model's head: its logits and log-probabilities at every step
        let head = try #require(model.head)
        #expect(model.tokenHeadName == "decoder")
        let logits = try hidden.map { try head.logits(for: $0) }
        #expect(try Self.largestDifference(logits, reference["logits"]) < 1e-12)
        let logProbabilities = try hidden.map { try head.probabilities(for: $0).map { log($0) } }
        #expect(try Self.largestDifference(logProbabilities, reference["log_probabilities"]) < 1e-12)

        let grad = session.execute("grad --loss next-char")
        #expect(!grad.failed, "\(grad.text)")
        let loss = try #require(session.state.currentModel?.gradient?.value)
        #expect(abs(loss - (try #require(reference["next_token_loss"] as? Double))) < 1e-12, "\(grad.text)")
        #expect(grad.text.contains("the head is tok's own from its file, decoder (4 → 10)"), "\(grad.text)")
        #expect(grad.text.contains("predicting each next token"), "\(grad.text)")
    }

    @Test("show x names the tokens whose embedding rows the steps read")
    func showXNamesTheTokens() throws {
        let (path, _) = try Self.fixture()
        let session = try labSession(["load \(path) --name tok", "feed --tokens 5 2 9"])
        let shown = session.execute("show x").text
        #expect(shown.contains("#5") && shown.contains("#9"), "\(shown)")
        #expect(shown.contains("embedding (encoder.embed.weight, 10 × 3)") && shown.contains("tokens 5, 2, 9"), "\(shown)")
    }

    @Test("a token out of range, a word that is no index, and a model without an embedding are refused, and nothing is fed")
    func badTokensAreRefused() throws {
        let (path, _) = try Self.fixture()
        let session = try labSession(["load \(path) --name tok", "feed --tokens 1 2"])
        let before = StateSnapshot(session)
        let outside = session.execute("feed --tokens 5 12")
        #expect(outside.error?.message == "feed --tokens: token 12 at step 2 is out of range: the embedding has 10 rows, "
                + "so tokens run from 0 to 9 (tok's encoder.embed.weight, 10 × 3)", "\(outside.text)")
        #expect(session.execute("feed --tokens -1").error?.message.contains("token -1 at step 1 is out of range") == true)
        #expect(session.execute("feed --tokens 3 x").error?.message.contains("'x' (step 2) is not a token index") == true)
        let tooMany = session.execute("feed --tokens " + Array(repeating: "1", count: InputBuilder.maximumSteps + 1).joined(separator: ","))
        #expect(tooMany.error?.message == "feed --tokens: \(InputBuilder.maximumSteps + 1) tokens; at most \(InputBuilder.maximumSteps)")
        #expect(StateSnapshot(session) == before)

        let made = try labSession(["model lstm --name m --input 3"])
        let refused = made.execute("feed --tokens 1 2")
        #expect(refused.error?.message.hasPrefix("feed --tokens: m has no embedding: --tokens is for a model loaded from a whole model's checkpoint with an nn.Embedding") == true,
                "\(refused.text)")
    }
}

extension EmbeddingTokenTests {
    @Test("an embedding that would take the bytes read past the limit is left out with a note, and feed --tokens says so")
    func aLargeEmbeddingIsLeftOut() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        // nn.Embedding(70000, 1024) in F32 is 286,720,000 bytes, more than the 256 MiB limit
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 1024, hiddenSize: 2, seed: 5)
        let path = folder + "/big.safetensors"
        try writeSparseCheckpoint(path, large: [("embed.weight", "F32", [70000, 1024])], module: lstm.parameters, prefix: "rnn.")
        let session = Session()
        let loaded = session.execute("load \(path)")
        #expect(!loaded.failed, "\(loaded.text)")
        let words = loaded.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("the embedding (embed.weight, 70000 × 1024) is left out: with it the header and the tensors read would be 273.6 MiB"),
                "\(loaded.text)")
        #expect(session.state.currentModel?.embedding == nil)
        let refused = session.execute("feed --tokens 1 2")
        #expect(refused.error?.message.contains("has an embedding (embed.weight, 70000 × 1024), but it was left out when it was loaded") == true,
                "\(refused.text)")
    }
}

extension EmbeddingTokenTests {
    @Test("tab completion offers --tokens after feed, as help feed lists it")
    func completionOffersTokens() throws {
        let session = Session()
        #expect(session.complete(line: "feed --tok", cursor: 10) == ["--tokens"])
        #expect(session.execute("help feed").text.contains("--tokens"))
    }
}

extension EmbeddingTokenTests {
    @Test("a Linear without bias is the head with zero bias; two Linears that fit are both left out, named in a note")
    func headsThatFitOrNot() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 2, bidirectional: true, seed: 4)
        let module = gru.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }
        let embed = ("embed.weight", Tensor(shape: [6, 3], values: (0..<18).map(Double.init))!)
        let decoder = ("decoder.weight", Tensor(shape: [6, 4], values: (0..<24).map { Double($0) / 10 })!)
        try SafeTensors.write(ParameterSet([embed] + module + [decoder]), to: folder + "/nobias.safetensors")
        let session = try labSession(["load \(folder)/nobias.safetensors", "feed --tokens 1 5"])
        let head = try #require(session.state.currentModel?.head)
        #expect(head.bias == [Double](repeating: 0, count: 6) && head.inputSize == 4, "reads both directions' 2·H outputs")
        #expect(session.state.input?.example.inputs == [[3, 4, 5], [15, 16, 17]])

        let other = ("other.weight", Tensor(zeros: [6, 4]))
        try SafeTensors.write(ParameterSet([embed] + module + [decoder, other]), to: folder + "/two.safetensors")
        let two = session.execute("load \(folder)/two.safetensors")
        #expect(two.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .contains("no output head is read: decoder, other each map the module's 4 outputs to 6 scores"), "\(two.text)")
        #expect(session.state.currentModel?.head == nil && session.state.currentModel?.embedding != nil)
    }
}

extension EmbeddingTokenTests {
    @Test("a whole model's Linear with another number of outputs than the embedding's tokens is named by load and show next, by shape")
    func headWithAnotherVocabulary() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        // nn.Embedding(10, 4), nn.LSTM(4, 5), nn.Linear(5, 6): six scores for ten tokens
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 4, hiddenSize: 5, seed: 2)
        let module = lstm.parameters.pairs.map { ("lstm." + $0.name, $0.tensor) }
        let embed = ("embed.weight", Tensor(shape: [10, 4], values: (0..<40).map { Double($0) / 40 })!)
        let decoder = [("decoder.weight", Tensor(zeros: [6, 5])), ("decoder.bias", Tensor(zeros: [6]))]
        try SafeTensors.write(ParameterSet([embed] + module + decoder), to: folder + "/misfit.safetensors")
        let session = Session()
        let loaded = session.execute("load \(folder)/misfit.safetensors")
        let words = loaded.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("no output head is read: the file's decoder, whose weight is 6 × 5, has 6 outputs for an embedding of 10 tokens"), "\(loaded.text)")
        #expect(words.contains("no head was read, as the note above says") && !words.contains("the file has no nn.Linear"), "\(loaded.text)")
        _ = session.execute("feed --tokens 1 2 3")
        #expect(session.execute("show next").error?.message
                    == "show next needs lstm's output head to score each of the 10 tokens from its 5 outputs, and it has none: the file's decoder, "
                    + "whose weight is 6 × 5, has 6 outputs for an embedding of 10 tokens, so no head was read; "
                    + "load a whole model with its nn.Linear head, or `train charlm` a model on text")

        // a Linear with a row per token but a bias of another size is not one of another vocabulary
        let badBias = [("decoder.weight", Tensor(zeros: [10, 5])), ("decoder.bias", Tensor(zeros: [7]))]
        try SafeTensors.write(ParameterSet([embed] + module + badBias), to: folder + "/bias.safetensors")
        let biased = session.execute("load \(folder)/bias.safetensors").text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(biased.contains("the file has no nn.Linear from the module's 5 outputs to 10 scores") && !biased.contains("outputs for an embedding"),
                "\(biased)")
    }
}

extension EmbeddingTokenTests {
    /// The rows of `show ... --format csv` in `session`, split at the commas, header first.
    static func csv(_ session: Session, _ line: String) -> [[String]] {
        session.execute(line).blocks.compactMap { if case .data(let text) = $0 { text } else { nil } }.joined()
            .split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("show next gives PyTorch's most likely next tokens, their probabilities, and the next token's p and log p")
    func showNextMatchesPyTorch() throws {
        let (path, reference) = try Self.fixture()
        let tokens = try #require(reference["tokens"] as? [Int])
        let logProbabilities = try #require(reference["log_probabilities"] as? [[Double]])
        let session = try labSession(["load \(path) --name tok", "feed --tokens \(tokens.map(String.init).joined(separator: " "))"])
        let rows = Self.csv(session, "show next --top 4 --format csv")
        #expect(rows.first == ["step", "input", "top1", "p1", "top2", "p2", "top3", "p3", "top4", "p4", "next", "p", "log_p"])
        try #require(rows.count == tokens.count + 1)
        for (step, row) in rows.dropFirst().enumerated() {
            #expect(row[0] == "\(step + 1)" && row[1] == "\(tokens[step])")
            // PyTorch's four most likely tokens, in order, and their probabilities
            let likely = logProbabilities[step].enumerated().sorted { $0.element > $1.element }.prefix(4)
            for (rank, candidate) in likely.enumerated() {
                #expect(row[2 + 2 * rank] == "\(candidate.offset)", "step \(step + 1), rank \(rank + 1): \(row)")
                #expect(abs((Double(row[3 + 2 * rank]) ?? .nan) - exp(candidate.element)) < 1e-12)
            }
            if step + 1 < tokens.count {
                let next = tokens[step + 1]
                #expect(row[10] == "\(next)")
                #expect(abs((Double(row[11]) ?? .nan) - exp(logProbabilities[step][next])) < 1e-12)
                #expect(abs((Double(row[12]) ?? .nan) - logProbabilities[step][next]) < 1e-12)
            } else {
                #expect(row[10...] == ["", "", ""], "nothing comes after the last token: \(row)")
            }
        }

        let shown = session.execute("show next")
        #expect(!shown.failed, "\(shown.text)")
        let words = shown.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let table = try #require(shown.blocks.compactMap { if case .table(let table) = $0 { table } else { nil } }.first)
        #expect(table.columns.map(\.name) == ["1st", "2nd", "3rd", "next", "p", "log p"])
        #expect(table.rows[0].cells[0] == .text("#8 0.1442") && table.rows[0].cells[3] == .text("#2"), "\(table.rows[0])")
        let loss = try #require(reference["next_token_loss"] as? Double)
        #expect(words.contains("the mean −log p is \(NumberFormat.single(loss, significantDigits: 4)), the loss `grad --loss next-char` reports"), "\(shown.text)")
        #expect(words.contains("tok's head from its file, decoder (4 → 10)"), "\(shown.text)")
        #expect(session.execute("show next --step 2..3").text.contains("over the 2 steps shown"))
        #expect(session.execute("show next --top 20").text.contains("--top 20 asks for more than the 10 tokens tok knows"))
        #expect(session.complete(line: "show ne", cursor: 7) == ["next"])
    }

    @Test("show next on padding shows no prediction; a model without a head, an input without tokens and --unit are refused")
    func showNextRefusals() throws {
        let (path, _) = try Self.fixture()
        let session = try labSession(["load \(path) --name tok", "feed --tokens 5 2 9 0 --mask 1 1 1 0"])
        let rows = Self.csv(session, "show next --top 1 --format csv")
        #expect(rows.map { $0.count } == [7, 7, 7, 7, 7])
        #expect(rows[3][4...] == ["", "", ""] && rows[4][2...] == ["", "", "", "", ""], "no next token into padding, no prediction at it: \(rows)")
        #expect(session.execute("show next --unit 1").error?.message.contains("leave out --unit") == true)
        #expect(session.execute("show h --top 2").error?.message.contains("--top 2 chooses how many likely next tokens `show next` lists") == true)
        _ = session.execute("feed random 3")
        #expect(session.execute("show next").error?.message.hasPrefix("show next needs tokens through an embedding") == true)

        let made = try labSession(["model lstm --name m --input 3", "feed random 3"])
        #expect(!made.complete(line: "show ", cursor: 5).contains("next"))
        _ = made.execute("feed \"hello\"")
        #expect(made.execute("show next").error?.message
                    == "show next needs m's output head to score each of the 4 characters from its 4 outputs, and it has no output head: "
                    + "load a whole model with its nn.Linear head, or `train charlm` a model on text")
    }

    @Test("show next of a model trained on text lists characters, and its mean −log p is grad's next-char loss")
    func showNextOfCharacters() throws {
        let session = try labSession(["model lstm --name c --hidden 6", "train charlm \"hello hello\" --steps 20", "feed \"hello hello\"", "grad --loss next-char"])
        let loss = try #require(session.state.currentModel?.gradient?.value)
        let shown = session.execute("show next --top 2")
        let words = shown.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("t=1 'h'") && words.contains("'e'"), "\(shown.text)")
        #expect(words.contains("the mean −log p is \(NumberFormat.single(loss, significantDigits: 4))"), "\(shown.text)")
        let rows = Self.csv(session, "show next --top 1 --format csv")
        #expect(rows[1][1] == "h" && rows[1][4] == "e", "a character itself, as files hold it: \(rows[1])")
    }
}

extension EmbeddingTokenTests {
    @Test("save writes the whole token model under its file's names, and the saved file loads back to the same numbers")
    func saveWritesTheWholeModel() throws {
        let (path, reference) = try Self.fixture()
        let tokens = try #require(reference["tokens"] as? [Int]).map(String.init).joined(separator: " ")
        let temporary = try TemporaryFolder(), folder = temporary.path
        let session = try labSession(["load \(path) --name tok", "feed --tokens \(tokens)"])
        let saved = session.execute("save \(folder)/whole.safetensors")
        #expect(!saved.failed, "\(saved.text)")
        // the keys of the file it was loaded from, in the order PyTorch's state_dict() gives them
        let original = try SafeTensorsReader(path: path).header
        let written = try SafeTensorsReader(path: folder + "/whole.safetensors").header
        #expect(written.names == ["encoder.embed.weight", "encoder.rnn.weight_ih_l0", "encoder.rnn.weight_hh_l0", "encoder.rnn.bias_ih_l0",
                                  "encoder.rnn.bias_hh_l0", "decoder.weight", "decoder.bias"])
        #expect(Set(written.names) == Set(original.names) && written.entries.allSatisfy { entry in
            original.entries.first { $0.name == entry.name }?.shape == entry.shape && entry.dtype == .f64
        })
        let words = saved.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("7 tensors, 224 parameters (30 in the embedding, 144 in the LSTM, 50 in the output head)"), "\(saved.text)")
        #expect(words.contains("the embedding encoder.embed.weight (nn.Embedding(10, 3)), the lstm as encoder.rnn.weight_ih_l0, … (nn.LSTM(3, 4)) "
                               + "and the output head decoder.weight, decoder.bias (nn.Linear(4, 10))"), "\(saved.text)")
        #expect(words.contains("that model loads it with:"), "\(saved.text)")
        // the Python line stands on its own, whole, however narrow the screen
        let call = "model.load_state_dict(safetensors.torch.load_file(\"\(folder)/whole.safetensors\"))"
        #expect(saved.blocks.contains(.preformatted("      " + call)), "\(saved.blocks)")
        let narrow = Renderer(caps: TerminalCaps(width: call.count + 6, color: false, unicode: true)).render(saved.blocks)
        #expect(narrow.split(separator: "\n").contains { $0 == "      " + call }, "\(narrow)")

        // read back in the lab: the same embedding, module and head, so the same numbers
        let before = try #require(session.state.currentModel)
        let back = try labSession(["load \(folder)/whole.safetensors --name back", "feed --tokens \(tokens)"])
        let model = try #require(back.state.currentModel)
        #expect(model.embedding == before.embedding && model.head == before.head && model.network == before.network)
        #expect(model.tokenHeadName == "decoder" && model.pass?.output == before.pass?.output)
        let again = session.execute("save \(folder)/whole.safetensors")
        #expect(!again.failed && !again.text.contains("warning"), "saving again replaces its own file: \(again.text)")
    }

    @Test("a head without bias is saved without one, as nn.Linear(..., bias=False)")
    func saveKeepsABiasFreeHead() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 2, seed: 4)
        let embed = ("embed.weight", Tensor(shape: [6, 3], values: (0..<18).map(Double.init))!)
        let decoder = ("decoder.weight", Tensor(shape: [6, 2], values: (0..<12).map { Double($0) / 10 })!)
        try SafeTensors.write(ParameterSet([embed] + gru.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) } + [decoder]),
                              to: folder + "/nobias.safetensors", dtype: .f32)
        let session = try labSession(["load \(folder)/nobias.safetensors", "save \(folder)/saved.safetensors"])
        let written = try SafeTensorsReader(path: folder + "/saved.safetensors").header
        #expect(written.names == ["embed.weight"] + gru.parameters.names.map { "rnn." + $0 } + ["decoder.weight"])
        #expect(written.entries.allSatisfy { $0.dtype == .f32 }, "the dtype of the file it was loaded from")
        let text = session.execute("save \(folder)/saved.safetensors").text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("decoder.weight (nn.Linear(2, 6, bias=False))"), "\(text)")
    }
}

extension EmbeddingTokenTests {
    /// A whole GRU token model, `embed.weight` of `tokens` rows of 3 and `rnn.`'s module, written to `path`.
    static func writeTokenModel(_ path: String, tokens: Int) throws {
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 2, seed: 4)
        let embed = ("embed.weight", Tensor(shape: [tokens, 3], values: (0..<(3 * tokens)).map { Double($0) / 10 })!)
        try SafeTensors.write(ParameterSet([embed] + gru.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }), to: path)
    }

    @Test("a model loaded over the one whose embedding read the tokens reads them through its own, or drops them when it cannot")
    func reloadingRereadsTheTokens() throws {
        let (path, _) = try Self.fixture()
        let temporary = try TemporaryFolder(), folder = temporary.path
        try Self.writeTokenModel(folder + "/six.safetensors", tokens: 6)

        let session = try labSession(["load \(path) --name tok", "feed --tokens 1 5 --mask 1 1"])
        let reread = session.execute("load \(folder)/six.safetensors --name tok")
        #expect(reread.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .contains("the input, --tokens 1 5, was read through the earlier tok's embedding (encoder.embed.weight, 10 × 3); "
                              + "it now runs through this one's (embed.weight, 6 × 3)"), "\(reread.text)")
        #expect(session.state.input?.example.inputs == [[0.3, 0.4, 0.5], [1.5, 1.6, 1.7]] && session.state.input?.mask == [true, true])
        #expect(session.state.input?.tokens?.embedding == "embed.weight, 6 × 3" && session.state.currentModel?.pass != nil)

        _ = session.execute("load \(path) --name tok")
        _ = session.execute("feed --tokens 1 9")
        let dropped = session.execute("load \(folder)/six.safetensors --name tok")
        #expect(!dropped.failed, "\(dropped.text)")
        #expect(dropped.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .contains("and token 9 at step 2 is out of range: the embedding has 6 rows, so tokens run from 0 to 5 (tok's embed.weight, 6 × 3): "
                              + "its rows are no model's now, so it was dropped"), "\(dropped.text)")
        #expect(session.state.input == nil && session.state.currentModel?.pass == nil)
        #expect(session.execute("show h").error?.message.contains("no input yet") == true)
    }

    @Test("show next and grad's next-token loss refuse rows another model's embedding read, unless the two tables are the same")
    func tokenRowsOfAnotherEmbeddingAreRefused() throws {
        let (path, _) = try Self.fixture()
        let temporary = try TemporaryFolder(), folder = temporary.path
        try Self.writeTokenModel(folder + "/ten.safetensors", tokens: 10)
        let session = try labSession(["load \(path) --name tok", "feed --tokens 1 5 2", "load \(path) --name twin"])
        #expect(session.execute("show next").error == nil, "the same table reads the same rows")
        _ = session.execute("load \(folder)/ten.safetensors --name other")
        for command in ["show next", "grad --loss next-char"] {
            let message = session.execute(command).error?.message ?? ""
            #expect(message.hasPrefix("\(command): the input's rows were read through tok's embedding (encoder.embed.weight, 10 × 3), not other's own"),
                    "\(message)")
            #expect(message.hasSuffix("`feed --tokens 1 5 2` reads them through other's"), "\(message)")
        }
        _ = session.execute("feed --tokens 1 5 2")
        #expect(session.execute("show next").error?.message.contains("were read through") == false, "its own rows now")
    }

    @Test("params lists a whole token model's embedding and head beside its module, and the whole model's count")
    func paramsCountsTheWholeModel() throws {
        let (path, _) = try Self.fixture()
        let session = try labSession(["load \(path) --name tok"])
        let tables = session.execute("params").blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }
        #expect(tables.count == 2)
        let beside = try #require(tables.last)
        #expect(beside.rows.map(\.label) == ["encoder.embed.weight", "decoder.weight", "decoder.bias", "whole model"])
        // every tensor of the file is a parameter of the whole model: 224 numbers in all, as sum(p.numel()) counts them
        #expect(beside.rows.last?.cells.last == .number(224))
        #expect(tables.first?.rows.last?.cells.last == .number(144), "the module's own total stays what checks read as params")
    }

    @Test("load warns of NaN or infinite values in a token model's embedding rows and in its head, naming the tokens")
    func nonFiniteEmbeddingAndHeadAreWarnedOf() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 2, seed: 4)
        var table = (0..<18).map { Double($0) / 10 }
        table[4 * 3 + 1] = .nan  // a value in token 4's row
        var bias = [Double](repeating: 0, count: 6)
        bias[2] = .infinity
        let tensors = [("embed.weight", Tensor(shape: [6, 3], values: table)!),
                       ("out.weight", Tensor(shape: [6, 2], values: (0..<12).map { Double($0) / 10 })!),
                       ("out.bias", Tensor(shape: [6], values: bias)!)]
        try SafeTensors.write(ParameterSet(tensors + gru.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }), to: folder + "/nan.safetensors")
        let session = try labSession([])
        let loaded = session.execute("load \(folder)/nan.safetensors --name tok")
        let warnings = loaded.blocks.compactMap { block -> String? in if case .warning(let text) = block { text } else { nil } }
        #expect(warnings.contains { $0.contains("the embedding (embed.weight, 6 × 3) has NaN or infinite values in the rows of 1 token (4)")
                                    && $0.contains("the head out has 1 NaN or infinite value") }, "\(warnings)")
        let clean = session.execute("load \(try Self.fixture().path) --name fine")
        #expect(!clean.blocks.contains { if case .warning = $0 { true } else { false } }, "\(clean.text)")
    }

    @Test("an embedding named as PyTorch's word-language-model names it, encoder.weight beside a decoder Linear, is read; two bias-free tables are not")
    func anEmbeddingWithoutEmbInItsNameIsFound() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 3, seed: 2)
        func table(_ rows: Int, _ offset: Double) -> Tensor { Tensor(shape: [rows, 3], values: (0..<(3 * rows)).map { Double($0) / 10 + offset })! }
        let module = lstm.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }
        let decoder = [("decoder.weight", table(7, 1)), ("decoder.bias", Tensor(shape: [7], values: [Double](repeating: 0.5, count: 7))!)]
        try SafeTensors.write(ParameterSet([("encoder.weight", table(7, 0))] + module + decoder), to: folder + "/wlm.safetensors")
        try SafeTensors.write(ParameterSet([("encoder.weight", table(7, 0)), ("other.weight", table(7, 2))] + module), to: folder + "/two.safetensors")

        let session = try labSession(["load \(folder)/wlm.safetensors --name wlm"])
        let model = try #require(session.state.currentModel)
        #expect(model.embedding?.weight.row(2) == [0.6, 0.7, 0.8], "encoder.weight's row 2")
        #expect(model.head?.bias == [Double](repeating: 0.5, count: 7), "decoder is the head")
        #expect(session.execute("feed --tokens 2 6 0").error == nil)
        #expect(session.state.input?.example.inputs.first == [0.6, 0.7, 0.8])

        _ = session.execute("load \(folder)/two.safetensors --name two")
        #expect(session.state.currentModel?.embedding == nil, "which of two bias-free tables is the embedding cannot be told")
    }

    @Test("a token model fed numbers of another width is told to feed tokens through its embedding")
    func wrongWidthNamesTheEmbedding() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        try Self.writeTokenModel(folder + "/six.safetensors", tokens: 6)
        let session = try labSession(["model lstm --name m --input 4", "feed random 4", "load \(folder)/six.safetensors --name tok"])
        let remedy = "feed one of width 3, or tokens through tok's embedding (embed.weight, 6 × 3) with `feed --tokens 5 2 5`"
        #expect(session.execute("show h").error?.message == "tok reads 3 features per step and this input has 4; \(remedy)")
        let loaded = session.execute("load \(folder)/six.safetensors --name tok")
        #expect(loaded.text.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("it was not run (\(remedy))"), "\(loaded.text)")
    }
}

extension EmbeddingTokenTests {
    /// The tables `params` lists beside the current model's recurrent module, by row label.
    static func besideModule(_ session: Session) -> [String] {
        let tables = session.execute("params").blocks.compactMap { block -> Table? in if case .table(let table) = block { table } else { nil } }
        return tables.count == 2 ? tables[1].rows.map(\.label) : []
    }

    @Test("a tied model's file, saved by save_model with decoder.weight and no embedding, reads decoder.weight as the embedding too, and saves it once")
    func tiedWeightsAreTheEmbeddingToo() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        // nn.Embedding(7, 3) → nn.LSTM(3, 3) → nn.Linear(3, 7) with decoder.weight = encoder.weight:
        // save_model keeps decoder.weight, the first of the two names in sorted order
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 3, seed: 2)
        let shared = Tensor(shape: [7, 3], values: (0..<21).map { Double($0) / 4 - 1 })!
        let bias = Tensor(shape: [7], values: (0..<7).map { Double($0) / 20 })!
        try SafeTensors.write(ParameterSet([("decoder.bias", bias), ("decoder.weight", shared)] + lstm.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }),
                              to: folder + "/tied.safetensors")
        let session = try labSession(["load \(folder)/tied.safetensors --name tied"])
        let model = try #require(session.state.currentModel)
        #expect(model.embeddingIsTiedHead && model.tokenHeadName == "decoder")
        #expect(model.embedding?.weight == model.head?.weight && model.embedding?.weight.row(2) == [0.5, 0.75, 1])
        #expect(session.execute("feed --tokens 2 6 0").error == nil)
        #expect(session.state.input?.example.inputs.first == [0.5, 0.75, 1], "decoder.weight's row 2")
        let shown = session.execute("show next")
        #expect(shown.error == nil && shown.text.contains("p = softmax(W_hy h_t + b_y)"), "a head with a bias adds b_y: \(shown.text)")
        // one parameter, counted once, as sum(p.numel() for p in model.parameters()) counts a shared one
        #expect(Self.besideModule(session) == ["decoder.weight (the embedding too)", "decoder.bias", "whole model"])

        let saved = session.execute("save \(folder)/saved.safetensors")
        #expect(!saved.failed, "\(saved.text)")
        let written = try SafeTensorsReader(path: folder + "/saved.safetensors").header
        #expect(written.names == lstm.parameters.names.map { "rnn." + $0 } + ["decoder.weight", "decoder.bias"], "the tensor once, as save_model writes it")
        #expect(saved.blocks.contains(.preformatted("      safetensors.torch.load_model(model, \"\(folder)/saved.safetensors\")")), "\(saved.blocks)")
        let back = try labSession(["load \(folder)/saved.safetensors --name back"])
        #expect(back.state.currentModel?.embeddingIsTiedHead == true && back.state.currentModel?.embedding == model.embedding)

        // training gives it a task's head: the tie and the file's head are gone, and the listings say head
        let trained = session.execute("train charlm \"abc\" --steps 2")
        #expect(!trained.failed, "\(trained.text)")
        let words = trained.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("it was tied to decoder, sharing its weight, and keeps the values decoder.weight had"), "\(trained.text)")
        let after = try #require(session.state.currentModel)
        #expect(!after.embeddingIsTiedHead && after.tokenHeadName == nil && after.embedding == model.embedding)
        #expect(Self.besideModule(session) == ["embedding", "head.weight", "head.bias", "whole model"],
                "no longer decoder's weight, and the file records no name of its own")
    }

    /// The tied fixture's checkpoint, saved by save_model, and PyTorch's numbers for it
    /// (tools/torch_tied_fixture.py).
    static func tiedFixture() throws -> (path: String, tokens: [Int], encoderWeight: [[Double]], probabilities: [[Double]]) {
        let checkpoint = try #require(Bundle.module.url(forResource: "tied_lstm_nobias", withExtension: "safetensors", subdirectory: "Fixtures"))
        let json = try #require(Bundle.module.url(forResource: "tied_lstm_nobias", withExtension: "json", subdirectory: "Fixtures"))
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        return (checkpoint.path, try #require(reference["tokens"] as? [Int]), try #require(reference["encoder_weight"] as? [[Double]]),
                try #require(reference["probabilities"] as? [[Double]]))
    }

    /// The current model's next-token probabilities at every step of the current input.
    static func nextTokenProbabilities(_ session: Session) throws -> [[Double]] {
        let model = try #require(session.state.currentModel)
        let pass = try #require(model.pass), head = try #require(model.head)
        return try (0..<pass.output.rows).map { try head.probabilities(for: pass.output.row($0)) }
    }

    @Test("a tied model whose head has no bias, saved by save_model, reads decoder.weight as embedding and head, as PyTorch runs it, and saves it so again")
    func tiedHeadWithoutBias() throws {
        let (path, tokens, encoderWeight, probabilities) = try Self.tiedFixture()
        let fed = "feed --tokens " + tokens.map(String.init).joined(separator: " ")
        let session = try labSession(["load \(path) --name tied", fed])
        let model = try #require(session.state.currentModel)
        #expect(model.embeddingIsTiedHead && model.tokenHeadName == "decoder" && !model.tokenHeadHasBias)
        #expect(try Self.largestDifference((0..<6).map { model.embedding?.weight.row($0) ?? [] }, encoderWeight) < 1e-15)
        #expect(model.head?.weight == model.embedding?.weight && model.head?.bias == [Double](repeating: 0, count: 6))
        #expect(try Self.largestDifference(Self.nextTokenProbabilities(session), probabilities) < 1e-12)
        #expect(Self.besideModule(session) == ["decoder.weight (the embedding too)", "whole model"])
        let shown = session.execute("show next --step 1")
        #expect(shown.text.contains("p = softmax(W_hy h_t) · step 1"), "no b_y in a head without one: \(shown.text)")
        let scored = session.execute("grad --loss next-char")
        #expect(scored.text.contains("log softmax(W_hy h_t)[k_{t+1}]"), "no b_y in the loss either: \(scored.text)")

        let temporary = try TemporaryFolder(), folder = temporary.path
        let saved = session.execute("save \(folder)/saved.safetensors")
        #expect(!saved.failed, "\(saved.text)")
        let written = try SafeTensorsReader(path: folder + "/saved.safetensors").header
        #expect(written.names == (model.network?.parameters.names ?? []).map { "rnn." + $0 } + ["decoder.weight"], "the tensor once, without a bias")
        #expect(written.metadata["encoder.weight"] == "decoder.weight", "the tie, recorded as save_model records it")
        let back = try labSession(["load \(folder)/saved.safetensors --name back", fed])
        #expect(back.state.currentModel?.embeddingIsTiedHead == true && back.state.currentModel?.embedding == model.embedding)
        #expect(try Self.largestDifference(Self.nextTokenProbabilities(back), probabilities) < 1e-12)
    }

    @Test("a tie save_model recorded the other way round, embedding.weight kept for fc.weight beside fc.bias, is not read as a head without its bias")
    func tieKeptUnderTheEmbeddingsName() throws {
        let temporary = try TemporaryFolder(), folder = temporary.path
        // nn.Embedding(5, 3) → nn.GRU(3, 3) → nn.Linear(3, 5) as embedding, rnn, fc, with fc.weight = embedding.weight:
        // save_model keeps embedding.weight, the first in sorted order, and fc.bias
        let gru = try RecurrentNetwork(kind: .gru, inputSize: 3, hiddenSize: 3, seed: 1)
        let shared = Tensor(shape: [5, 3], values: (0..<15).map { Double($0) / 8 - 1 })!
        let bias = Tensor(shape: [5], values: [0.5, -0.5, 1, 0, 2])!
        try SafeTensors.write(ParameterSet([("embedding.weight", shared), ("fc.bias", bias)] + gru.parameters.pairs.map { ("rnn." + $0.name, $0.tensor) }),
                              to: folder + "/kept.safetensors", metadata: ["fc.weight": "embedding.weight"])
        let session = try labSession(["load \(folder)/kept.safetensors --name kept"])
        let model = try #require(session.state.currentModel)
        #expect(model.embedding?.weight.row(1) == [-0.625, -0.5, -0.375], "embedding.weight is the embedding")
        #expect(!model.embeddingIsTiedHead && model.head == nil, "a head scoring without fc.bias would not be the model's")
    }

    @Test("after train, a tied model's embedding goes by its own name, and save writes the trained model that load gives back")
    func trainedTiedModel() throws {
        let (path, _, encoderWeight, _) = try Self.tiedFixture()
        let session = try labSession(["load \(path) --name tied"])
        let trained = session.execute("train charlm \"abcab\" --steps 2")
        #expect(!trained.failed, "\(trained.text)")
        let model = try #require(session.state.currentModel)
        #expect(Self.besideModule(session) == ["encoder.weight", "head.weight", "head.bias", "whole model"],
                "the name save_model recorded for the embedding, no longer decoder.weight")
        #expect(try Self.largestDifference((0..<6).map { model.embedding?.weight.row($0) ?? [] }, encoderWeight) < 1e-15, "untouched by training")

        let temporary = try TemporaryFolder(), folder = temporary.path
        let saved = session.execute("save \(folder)/trained.safetensors")
        #expect(!saved.failed, "\(saved.text)")
        let written = try SafeTensorsReader(path: folder + "/trained.safetensors").header
        #expect(written.entries.map { "\($0.name) \($0.shape)" } == ["rnn.weight_ih_l0 [12, 3]", "rnn.weight_hh_l0 [12, 3]", "rnn.bias_ih_l0 [12]",
                                                                   "rnn.bias_hh_l0 [12]", "head.weight [3, 3]", "head.bias [3]"])
        #expect(written.metadata["encoder.weight"] == nil, "the tie ended with training")
        let back = try #require(try labSession(["load \(folder)/trained.safetensors --name back"]).state.currentModel)
        #expect(back.network == model.network && back.head == model.head && back.embedding == nil)
    }

    @Test("use reads the fed tokens again through the new current model's embedding, or says what it runs on when it cannot")
    func useRereadsTheTokens() throws {
        let (path, _) = try Self.fixture()
        let temporary = try TemporaryFolder(), folder = temporary.path
        try Self.writeTokenModel(folder + "/six.safetensors", tokens: 6)
        let session = try labSession(["load \(path) --name tok", "load \(folder)/six.safetensors --name six", "model gru --name plain --input 3",
                                      "use tok", "feed --tokens 1 5 --mask 1 1"])
        let used = session.execute("use six")
        #expect(used.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .contains("the input, --tokens 1 5, was read through tok's embedding (encoder.embed.weight, 10 × 3); "
                              + "it now runs through six's own (embed.weight, 6 × 3)"), "\(used.text)")
        #expect(session.state.input?.example.inputs == [[0.3, 0.4, 0.5], [1.5, 1.6, 1.7]] && session.state.input?.mask == [true, true])
        #expect(session.state.input?.tokens?.model == "six" && session.state.currentModel?.pass != nil)
        #expect(session.execute("use tok").error == nil)
        #expect(session.state.input?.tokens?.model == "tok" && session.execute("show next").error == nil, "tok's own rows again")

        let plain = session.execute("use plain")
        #expect(plain.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .contains("plain has no embedding of its own, so it runs on those rows as its input, 3 numbers per step"), "\(plain.text)")
        #expect(session.state.input?.tokens?.model == "tok")

        _ = session.execute("use tok")
        _ = session.execute("feed --tokens 1 9")
        let beyond = session.execute("use six")
        #expect(!beyond.failed && beyond.text.contains("token 9 at step 2 is out of range"), "\(beyond.text)")
        #expect(session.state.input?.tokens?.model == "tok", "the input stays as it was")
    }

    @Test("train on a token model replaces its file's head: params names the new one head, and the note says so")
    func trainingReplacesTheFileHead() throws {
        let (path, _) = try Self.fixture()
        let session = try labSession(["load \(path) --name tok"])
        let trained = session.execute("train charlm \"abc\" --steps 2")
        #expect(!trained.failed, "\(trained.text)")
        let words = trained.text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("with its output head decoder (4 → 10), which scores its tokens, not what charlm \"abc\" asks for: "
                               + "training gives it a new one (4 → 3), which `params` and `save` call head, and decoder is no longer part of it"), "\(trained.text)")
        #expect(words.contains("The embedding (encoder.embed.weight, 10 × 3) takes no part"), "\(trained.text)")
        #expect(Self.besideModule(session) == ["encoder.embed.weight", "head.weight", "head.bias", "whole model"])
        #expect(session.state.currentModel?.tokenHeadName == nil)
    }
}

extension EmbeddingTokenTests {
    @Test("a seq2seq model's encoder and decoder each read their own embedding, and only the decoder its head, giving PyTorch's numbers")
    func seq2seqModulesReadTheirOwnEmbeddings() throws {
        let checkpoint = try #require(Bundle.module.url(forResource: "seq2seq_gru", withExtension: "safetensors", subdirectory: "Fixtures"))
        let json = try #require(Bundle.module.url(forResource: "seq2seq_gru", withExtension: "json", subdirectory: "Fixtures"))
        let reference = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        func hidden(_ session: Session) throws -> [[Double]] {
            let pass = try #require(session.state.currentModel?.pass)
            return (0..<pass.output.rows).map { pass.output.row($0) }
        }

        let source = try #require(reference["source_tokens"] as? [Int])
        let encoder = try labSession(["load \(checkpoint.path) --module encoder.rnn",
                                      "feed --tokens \(source.map(String.init).joined(separator: " "))"])
        let encoderModel = try #require(encoder.state.currentModel)
        #expect(encoderModel.embedding?.weight.rows == 7, "encoder.embedding.weight, not the decoder's 9 × 3")
        #expect(encoderModel.head == nil, "the decoder's fc_out scores the decoder's outputs")
        #expect(try Self.largestDifference(try hidden(encoder), reference["encoder_h"]) < 1e-12)

        let target = try #require(reference["target_tokens"] as? [Int])
        let decoder = try labSession(["load \(checkpoint.path) --module decoder.rnn",
                                      "feed --tokens \(target.map(String.init).joined(separator: " "))"])
        let decoderModel = try #require(decoder.state.currentModel)
        #expect(decoderModel.tokenHeadName == "decoder.fc_out")
        let decoded = try hidden(decoder)
        #expect(try Self.largestDifference(decoded, reference["decoder_h"]) < 1e-12)
        let head = try #require(decoderModel.head)
        #expect(try Self.largestDifference(try decoded.map { try head.logits(for: $0) }, reference["decoder_logits"]) < 1e-12)
    }
}
