import Foundation
import Testing
@testable import Lab
import RNNEngine

@Suite("model --no-bias")
struct NoBiasModelTests {
    @Test("--no-bias and --bias false make every layer and direction without biases, with the weights of the same seed with biases",
          arguments: CellKind.allCases)
    func noBiasMakesNone(kind: CellKind) throws {
        let shape = "--input 3 --hidden 4 --layers 2 --bidirectional --seed 7"
        let session = try labSession(["model \(kind.rawValue) \(shape) --no-bias --name nb",
                                      "model \(kind.rawValue) \(shape) --bias=false --name spelled",
                                      "model \(kind.rawValue) \(shape) --name biased"])
        let made = try #require(session.state.model(named: "nb")?.network)
        let spelled = try #require(session.state.model(named: "spelled")?.network)
        let biased = try #require(session.state.model(named: "biased")?.network)
        #expect(!made.hasBiases && made == spelled && biased.hasBiases)
        #expect(made.stateDict.names.count == 2 * 2 * 2 && made.stateDict.names.allSatisfy { !RecurrentNetwork.isBias($0) })
        #expect(made.stateDict.tensors == biased.parameters.pairs.filter { !RecurrentNetwork.isBias($0.name) }.map(\.tensor))
        #expect(ParameterCount(made).total == made.stateDict.elementCount)
        // what the lab makes is what the engine makes without biases, whose numbers PyTorch's bias=False checks
        #expect(made == (try RecurrentNetwork(kind: kind, inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, biases: false, seed: 7)))
    }

    @Test("a model made with --no-bias before its input stays without biases when the input, a task or set init makes it")
    func noBiasSurvivesRemaking() throws {
        let session = try labSession(["model lstm --hidden 3 --no-bias", "feed \"hello\"", "set init pytorch", "train adding 5 --steps 2"])
        let network = try #require(session.state.currentModel?.network)
        #expect(!network.hasBiases && network.inputSize == 2)
        #expect(network.parameters.pairs.allSatisfy { !RecurrentNetwork.isBias($0.name) || $0.tensor.values.allSatisfy { $0 == 0 } },
                "training left the biases out")
        let message = session.execute("set forget-bias 1").error?.message ?? ""
        #expect(message.contains("has no biases (it was made with --no-bias") && message.contains("`model lstm --input 2 --hidden 3 --forget-bias 1`"),
                "\(message)")
        let unfed = try labSession(["model lstm --hidden 3 --no-bias --name early"])
        let early = unfed.execute("set forget-bias 1").error?.message ?? ""
        #expect(early.contains("made with --no-bias") && early.contains("no forget-gate bias") && early.contains("without --no-bias"), "\(early)")
    }

    @Test("--forget-bias with --no-bias (or --bias false), and --no-bias with --bias true, are refused with the reason")
    func contradictionsAreRefused() {
        let session = Session()
        for (line, words) in [
            ("model lstm --hidden 3 --forget-bias 1 --no-bias", ["--forget-bias sets the forget gate's biases", "--no-bias makes a model without biases", "give one of the two"]),
            ("model lstm --hidden 3 --bias false --forget-bias 1", ["--bias false makes a model without biases"]),
            ("model gru --hidden 3 --no-bias --bias true", ["--no-bias and --bias true ask for opposite things"]),
            ("model gru --hidden 3 --bias False", ["--bias must be one of true, false", "did you mean 'false'"]),
        ] {
            let message = session.execute(line).error?.message ?? ""
            #expect(words.allSatisfy { message.contains($0) }, "\(line): \(message)")
        }
        #expect(session.state.models.isEmpty, "nothing was made")
        #expect(session.execute("model gru --hidden 3 --no-bias --bias false").error == nil, "saying it twice is no contradiction")
    }

    @Test("models, the model's own message, help and Tab name the option; a train hint for a loaded bias=False module gives its whole shape")
    func namedEverywhere() throws {
        let session = try labSession(["model rnn --input 2 --hidden 3 --no-bias --name nb", "model gru --hidden 3 --no-bias --name later",
                                      "model gru --hidden 3 --name plain"])
        #expect(ModelsListTests.options(session) == ["nb": "no biases", "later": "no biases", "plain": ""])
        #expect(session.execute("model rnn --input 2 --hidden 3 --no-bias --name again").text.contains("1 layer, no biases"))
        #expect(session.execute("model gru --hidden 3 --no-bias --name again").text.contains("1 layer, no biases, seed 1"))
        let help = session.execute("help model").text
        #expect(help.contains("--no-bias") && help.contains("bias=False") && help.contains("--bias true|false"), "\(help)")
        #expect(session.complete(line: "model lstm --no", cursor: 15) == ["--no-bias"])
        #expect(session.complete(line: "model lstm --bias ", cursor: 18) == ["true", "false"])

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-nobias-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let lstm = try RecurrentNetwork(kind: .lstm, inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true, seed: 2)
        try SafeTensors.write(ParameterSet(lstm.parameters.pairs.filter { !RecurrentNetwork.isBias($0.name) }.map { ($0.name, $0.tensor) }), to: file)
        let loaded = try labSession(["load \(file) --name nb"])
        #expect(ModelsListTests.options(loaded)["nb"] == "no biases")
        let message = loaded.execute("train adding 5").error?.message ?? ""
        let line = "model lstm --hidden 4 --layers 2 --bidirectional --no-bias"
        #expect(message.contains("`\(line)`") && !message.contains("it will have biases"), "\(message)")
        // the line makes the loaded module's shape, biases and all, for the task's input
        try #require(loaded.execute(line + " --name fit").error == nil)
        #expect(loaded.execute("train adding 5 --steps 1").error == nil)
        let fit = try #require(loaded.state.model(named: "fit")?.network)
        let original = try #require(loaded.state.model(named: "nb")?.network)
        #expect(fit.hasBiases == original.hasBiases && fit.stateDict.names == original.stateDict.names)
    }
}
