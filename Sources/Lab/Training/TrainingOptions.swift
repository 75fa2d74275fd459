import RNNEngine

/// The options `train` and `race` share, and how they become a training configuration.
enum TrainingOptions {
    /// Default steps of one run.
    static let defaultSteps = 500
    /// Default batch: one window for character models, 16 sequences otherwise.
    static func defaultBatch(for choice: TaskChoice) -> Int {
        if case .characters = choice.kind { return 1 }
        return 16
    }

    /// `--steps`, `--batch`, `--optimizer`, `--lr`, `--clip`, `--tbptt`, `--seed`, `--every`.
    static let specs: [OptionSpec] = [
        .value("steps", kind: .integer(1...TrainingConfiguration.maximumSteps), summary: "optimizer steps to take", defaultValue: String(defaultSteps)),
        .value("batch", kind: .integer(1...TrainingConfiguration.maximumBatchSize), summary: "sequences per step, gradients averaged (default 1 for charlm, 16 otherwise)"),
        .value("optimizer", kind: .choice(OptimizerKind.allCases.map(\.rawValue)), summary: "the update rule", defaultValue: "adam"),
        .value("lr", kind: .number(1e-12...1e12), summary: "the learning rate", defaultValue: "0.01"),
        .value("clip", kind: .text, summary: "gradient clipping: norm:X (all gradients scaled to norm ≤ X), value:X (each clamped to ±X) or none", defaultValue: "norm:1", completion: .choices(["norm:1", "norm:5", "value:5", "none"])),
        .value("tbptt", kind: .integer(1...maximumTaskLength), summary: "truncated BPTT: back-propagate within windows of N steps"),
        .value("seed", kind: .integer(0...Int.max), summary: "seed of the training data and the new output head", defaultValue: "1"),
        .value("every", kind: .integer(1...TrainingConfiguration.maximumSteps), summary: "on a pipe, print a progress line every N steps (default a tenth of the steps)"),
    ]

    /// `--file`, `--corpus`, `--window`: where a character model's text comes from.
    static let textSpecs: [OptionSpec] = [
        .value("file", kind: .file, summary: "charlm: train on this UTF-8 text file (at most 1 MB)"),
        .value("corpus", kind: .choice([BundledCorpus.name]), summary: "charlm: train on a text that ships with the lab"),
        .value("window", kind: .integer(1...1000), summary: "charlm: steps per training sequence, each reading a character and predicting the next (default 25)"),
    ]

    /// Reads the task from the `task` and `arguments` positionals and the text options.
    static func task(from arguments: ParsedArguments, name: String, words: [String], session: Session, command: String) throws -> TaskChoice {
        try TaskChoice.parse(
            name: name, arguments: words, file: arguments.string("file"), corpus: arguments.string("corpus"),
            window: arguments.int("window"), command: command, allowedFileRoots: session.record.allowedFileRoots)
    }

    /// The configuration the options ask for.
    static func configuration(from arguments: ParsedArguments, choice: TaskChoice, command: String) throws -> TrainingConfiguration {
        let clipping: ClippingRule
        do { clipping = try ClippingRule(parsing: arguments.string("clip") ?? "norm:1") } catch {
            throw LabError("\(command): --clip: \(error.message)")
        }
        let configuration = TrainingConfiguration(
            steps: arguments.int("steps") ?? defaultSteps,
            batchSize: arguments.int("batch") ?? defaultBatch(for: choice),
            optimizer: OptimizerKind(rawValue: arguments.string("optimizer") ?? "adam") ?? .adam,
            learningRate: arguments.double("lr") ?? 0.01,
            clipping: clipping,
            truncation: arguments.int("tbptt"),
            seed: UInt64(arguments.int("seed") ?? 1))
        do { try configuration.validate() } catch { throw LabError("\(command): \(error.message)") }
        return configuration
    }

    /// The settings that shape a run's result, as words of a do-it facet, the same however
    /// they were typed: `steps=300 batch=16 adam lr=0.01 clip=norm:1 tbptt=none seed=1`.
    static func facetWords(_ configuration: TrainingConfiguration) -> String {
        var words = "steps=\(configuration.steps) batch=\(configuration.batchSize) \(configuration.optimizer.rawValue) "
            + "lr=\(configuration.learningRate) clip=\(configuration.clipping) tbptt=\(configuration.truncation.map(String.init) ?? "none") "
            + "seed=\(configuration.seed)"
        if !configuration.dropout.isNone { words += " dropout=\(configuration.dropout.summary)" }
        return words
    }

    /// How many steps lie between two lines on a pipe.
    static func every(from arguments: ParsedArguments, steps: Int) -> Int {
        arguments.int("every") ?? max(1, steps / 10)
    }
}
