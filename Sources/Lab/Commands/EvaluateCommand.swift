import Rendering
import RNNEngine

extension CommandSpec {
    /// `evaluate [--samples N]`: loss, accuracy or perplexity on fresh sequences (or a text's own windows).
    public static let evaluate = CommandSpec(
        name: "evaluate",
        topic: .training,
        summary: "score the current model on sequences of its task",
        help: """
            Draws N new sequences of the task the current model was trained on (with a seed training does \
            not use; 256 by default, as many as `race` scores each model on) and reports the mean loss, \
            the accuracy for tasks with classes, and the perplexity (exp of the mean cross-entropy per \
            character) for character models. A text has no new sequences, only its own windows: when it \
            has no more than N, each is scored once (a text no longer than a window is one sequence); \
            else N are drawn at random. For adding, predicting the mean scores an MSE of about 0.667. \
            A bidirectional model on charlm or sine gets a warning with its scores: it has read each \
            next step it is asked for, so they measure copying, not prediction (why, the first time; \
            in one sentence after that). \
            It always scores in eval mode, without dropout, as PyTorch code evaluates after \
            model.eval(): in train mode (`mode train`) it still does, and says so in a note.
            """,
        example: "evaluate --samples 200",
        options: [
            .value("samples", kind: .integer(1...Evaluation.maximumSamples), summary: "how many sequences",
                   defaultValue: "\(EvaluationSequences.defaultCount)"),
            .value("seed", kind: .integer(0...Int.max), summary: "seed of the fresh sequences", defaultValue: "1000003"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            guard let model = session.state.currentModel else {
                throw LabError("evaluate: there is no model yet; make one and train it first, or load one saved after `train` with `load FILE.safetensors`")
            }
            guard let record = model.training, let network = model.network, let head = model.head else {
                throw LabError("evaluate: '\(model.name)' has not been trained; train it first, e.g. `train adding 50`")
            }
            let task = try record.task.makeTask()
            let samples = arguments.int("samples") ?? EvaluationSequences.defaultCount
            let scored: EvaluationSequences
            do {
                scored = try EvaluationSequences(network: network, head: head, task: task, choice: record.task, count: samples,
                                                 seed: UInt64(arguments.int("seed") ?? 1_000_003), shouldStop: session.isInterrupted)
            } catch let error as NetworkError where error == .stopped {
                throw LabError.interrupted
            } catch {
                throw LabError("evaluate: \(error)")
            }
            let evaluation = scored.evaluation
            var evaluated = model
            evaluated.evaluation = (evaluation.loss, evaluation.accuracy, evaluation.perplexity, network)
            // why the scores measure copying is said once per model and task; then one sentence
            let futureReading = record.task.futureReadingWarning(for: model, brief: model.futureReadingWarned == record.task)
            if futureReading != nil { evaluated.futureReadingWarned = record.task }
            var state = session.state
            state.currentModel = evaluated
            session.commit(state)
            session.addFacets(["\(model.name)/evaluate"])
            let isClassification = evaluation.accuracy != nil
            var facts = [(isClassification ? "cross-entropy" : "MSE", ProgressText.number(evaluation.loss))]
            if let accuracy = evaluation.accuracy { facts.append(("accuracy", ProgressText.number(accuracy))) }
            if let perplexity = evaluation.perplexity { facts.append(("perplexity", ProgressText.number(perplexity))) }
            facts.append(("sequences", String(evaluation.samples)))
            facts.append(("scored steps", String(evaluation.scoredSteps)))
            let rows = facts.map { Table.Row($0.0, cells: [.text($0.1)]) }
            return [
                .heading("'\(model.name)' on \(scored.description)"),
                .table(Table(rowHeader: "", columns: [Table.Column("value")], rows: rows)),
            ] + (futureReading.map { [.warning($0)] } ?? [])
                + ([scored.note, state.noDropoutNote(for: model, command: "evaluate")].compactMap { $0 }.map { .note($0) })
        }
    )
}
