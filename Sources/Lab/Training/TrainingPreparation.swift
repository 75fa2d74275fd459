#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RNNEngine

/// Makes a lab model ready to train on a task: a network whose input fits the task, an
/// output head of the right size, and a record to continue from.
struct TrainingPreparation {
    /// The model as it will be trained.
    var model: LabModel
    /// What changed, in the learner's words (shown as notes).
    var notes: [String] = []

    /// Prepares `model` for `task`; `command` names the command in messages.
    init(model original: LabModel, choice: TaskChoice, task: any SequenceTask,
         configuration: TrainingConfiguration, command: String) throws {
        var model = original
        var notes: [String] = []
        let name = model.name
        if model.network == nil {
            guard var settings = model.settings else {
                throw LabError("\(command): model '\(name)' has no network; make one with `model lstm --hidden 16`")
            }
            settings.inputSize = task.inputSize
            model.network = try ModelFactory.network(for: settings, inputSize: task.inputSize)
            model.settings = settings
        }
        guard let network = model.network else { throw LabError("\(command): model '\(name)' has no network") }
        if network.inputSize != task.inputSize {
            guard var settings = model.settings, model.sourceFile == nil else {
                let origin = model.sourceFile.map { " was loaded from \($0) and" } ?? ""
                // the same shape but for the input, which the task sets (bias=False as --no-bias)
                throw LabError("\(command): model '\(name)'\(origin) reads \(counted(network.inputSize, "value")) per step, but \(choice.description) gives \(task.inputSize); make a new model for this task with `\(ModelFactory.command(for: network, input: false))`")
            }
            settings.inputSize = task.inputSize
            var rebuilt = try ModelFactory.network(for: settings, inputSize: task.inputSize)
            // Only layer 0's input weights (both directions) change shape; everything else is kept.
            // (a model without biases keeps its zeros, which are not set: it has no biases to set)
            for (parameterName, tensor) in network.parameters.pairs
            where rebuilt.parameter(parameterName)?.shape == tensor.shape && (network.hasBiases || !RecurrentNetwork.isBias(parameterName)) {
                try rebuilt.setParameter(parameterName, to: tensor)
            }
            model.network = rebuilt
            model.settings = settings
            notes.append("'\(name)' read \(counted(network.inputSize, "feature")) per step, but `\(choice.description)` gives \(task.inputSize): its input weights (weight_ih_l0\(network.bidirectional ? ", both directions" : "")) were made anew to fit; the other weights are kept.")
        }
        let sameTask = model.training?.task == choice
        let headFits = model.head.map { $0.inputSize == model.network!.outputSize && $0.outputSize == task.outputSize } ?? false
        if !sameTask || !headFits {
            if let previous = model.training?.task, previous != choice {
                notes.append("'\(name)' was trained on \(previous.description); it gets a new output head for \(choice.description) and its loss history starts again.")
            }
            if let note = Self.tokenHeadNote(model: model, choice: choice, task: task) { notes.append(note) }
            model.tokenHeadName = nil
            model.tokenHeadHasBias = false
            if model.embeddingIsTiedHead, let embedding = model.embedding {
                // no longer the head's weight, the embedding no longer goes by the head's name
                model.sourceEmbedding = "\(model.tiedEmbeddingName ?? "embedding"), \(embedding.vocabularySize) × \(embedding.width)"
            }
            model.embeddingIsTiedHead = false
            model.tiedEmbeddingName = nil
            model.head = try OutputHead(for: task, on: model.network!, seed: configuration.seed)
            model.lossHistory = []
            model.training = TrainingRecord(task: choice, configuration: configuration)
        } else if var record = model.training {
            let previous = record.configuration
            let newOptimizer = previous.optimizer != configuration.optimizer || previous.learningRate != configuration.learningRate
            if newOptimizer {
                record.trainerState = record.trainerState?.withNewOptimizers(for: configuration)
                notes.append("a new \(configuration.optimizer.rawValue) optimizer starts (the last run used \(previous.optimizer.rawValue) with lr \(shortNumber(previous.learningRate))); the weights and the place in the data are kept.")
            }
            if previous.seed != configuration.seed {
                record.trainerState = record.trainerState?.drawingData(seed: configuration.seed)
                notes.append("--seed \(configuration.seed) draws the data afresh from that seed (the last run used \(previous.seed)); the weights\(newOptimizer || record.trainerState == nil ? "" : " and the optimizer's state") are kept.")
            }
            record.configuration = configuration
            model.training = record
        }
        model.trainedTask = choice.name
        model.vocabulary = choice.vocabulary(of: task)
        self.model = model
        self.notes = notes
    }
}

extension TrainingPreparation {
    /// What training `model` on `task` does to the output head it was loaded with from a whole
    /// token model's file (``LabModel/tokenHeadName``), which scores its tokens, not the task's
    /// targets: a new head takes its place, saved as `head`; the file's is gone, and with it
    /// the tie of a head whose weight was the embedding too. The embedding takes no part, as
    /// the task feeds its own inputs. Nil for any other model.
    static func tokenHeadNote(model: LabModel, choice: TaskChoice, task: any SequenceTask) -> String? {
        guard let fileHead = model.tokenHeadName, let head = model.head else { return nil }
        let file = model.sourceFile.map { " from \($0)" } ?? ""
        var note = "'\(model.name)' was loaded\(file) with its output head \(fileHead) (\(head.inputSize) → \(head.outputSize)), which scores its tokens, "
            + "not what \(choice.description) asks for: training gives it a new one (\(head.inputSize) → \(task.outputSize)), which `params` and `save` call head, "
            + "and \(fileHead) is no longer part of it"
        if let embedding = model.embedding {
            let named = model.sourceEmbedding.map { String($0.prefix { $0 != "," }) } ?? "the embedding"
            let tie = model.embeddingIsTiedHead ? "; it was tied to \(fileHead), sharing its weight, and keeps the values \(fileHead).weight had" : ""
            note += ". The embedding (\(named), \(embedding.vocabularySize) × \(embedding.width)) takes no part: \(choice.description) feeds its own inputs, "
                + "not the embedding's rows, so it is kept as loaded, for `feed --tokens`, and a saved file of the trained model leaves it out\(tie)"
        }
        return note + "."
    }
}

/// A setting as a learner would type it: `1`, `0.01`, `1e+08`.
func shortNumber(_ value: Double) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 32) { buffer in
        _ = withVaList([value]) { vsnprintf(buffer.baseAddress!, buffer.count, "%g", $0) }
        return String(cString: buffer.baseAddress!)
    }
}
