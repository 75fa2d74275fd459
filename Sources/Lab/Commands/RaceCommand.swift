import Rendering
import RNNEngine

extension CommandSpec {
    /// `race KINDS TASK [ARGS] [options]`: trains several cell kinds side by side.
    public static let race = CommandSpec(
        name: "race",
        topic: .training,
        summary: "train rnn, lstm and gru side by side on one task and compare them",
        help: """
            Makes one model per kind (rnn, lstm, gru) with --hidden units, all from the same seed, and \
            trains them on the same sequences of TASK (the tasks of `train`) at the same time, one progress \
            line each. The LSTM starts with forget-gate bias 1 (Gers et al.), so it remembers by default. \
            The training options and defaults are those of `train` (Adam, lr 0.01, norm clipping at 1). \
            --layers, --layer-norm and the dropout rates (as for `model`) apply to every model; dropout \
            acts in the training steps only, never when the models are scored. \
            Afterwards a table compares the final losses (the median of the last 20 steps' losses, as the progress lines show it; and on fresh \
            samples), the time and the parameter counts, and one plot shows the loss curves together, \
            each with its own mark (`*`, `o`, `+`; in its own color too when there is color), named in the legend, \
            and `&` where curves overlap. \
            The models stay in the lab as race-rnn, race-lstm and race-gru to inspect (`use race-lstm`). \
            A model whose loss overflows, or grows far as `train` warns of, is warned about with what to try. \
            Ctrl-C stops every model and the scoring on fresh samples, whose cells then stay empty.
            """,
        example: "race rnn lstm gru adding 50 --hidden 32 --steps 1500 --batch 16",
        positionals: [
            PositionalSpec("kinds", kind: .text, summary: "the cell kinds, then the task and its arguments",
                           isRepeating: true, completion: .choices(CellKind.allCases.map(\.rawValue) + TaskChoice.names)),
        ],
        options: [
            .value("hidden", kind: .integer(1...1024), summary: "hidden units of every model", defaultValue: "32"),
            .value("layers", kind: .integer(1...8), summary: "stacked layers of every model", defaultValue: "1"),
        ] + OptionSpec.regularization + TrainingOptions.specs + TrainingOptions.textSpecs,
        resultFacets: { invocation in [try RacePlan(invocation).facet] },
        run: { invocation in
            try runRace(invocation)
        }
    )
}

/// What a `race` line asks for: the kinds, the task, the sizes and the training settings.
struct RacePlan {
    var kinds: [CellKind]
    var choice: TaskChoice
    var configuration: TrainingConfiguration
    var hidden: Int
    var layers: Int
    var layerNorm: Bool

    init(_ invocation: Invocation) throws {
        let arguments = invocation.arguments
        let words = arguments.strings("kinds")
        kinds = try Self.kinds(in: words)
        choice = try TrainingOptions.task(
            from: arguments, name: words[kinds.count], words: Array(words.dropFirst(kinds.count + 1)),
            session: invocation.session, command: "race")
        configuration = try TrainingOptions.configuration(from: arguments, choice: choice, command: "race")
        configuration.dropout = DropoutRates(arguments)  // the training steps apply it
        hidden = arguments.int("hidden") ?? 32
        layers = arguments.int("layers") ?? 1
        layerNorm = arguments.flag("layer-norm")
    }

    /// The kinds that start a `race` line's words, each once, with a task after them.
    static func kinds(in words: [String]) throws(LabError) -> [CellKind] {
        var kinds: [CellKind] = []
        for word in words {
            guard let kind = CellKind(rawValue: word) else { break }
            guard !kinds.contains(kind) else { throw LabError("race: \(word) is named twice; name each kind once") }
            kinds.append(kind)
        }
        guard !kinds.isEmpty else {
            throw LabError("race: start with the kinds to race, e.g. `race rnn lstm gru adding 50`")
        }
        guard words.count > kinds.count else {
            throw LabError("race: after the kinds name a task: \(TaskChoice.names.joined(separator: ", ")) (e.g. `race \(kinds.map(\.rawValue).joined(separator: " ")) adding 50`)")
        }
        return kinds
    }

    /// What a race in which every model took all its steps records for a do-it task, the
    /// kinds in a fixed order: `race:rnn,lstm adding 50 hidden=32 layers=1 steps=500 …`.
    var facet: String {
        let names = CellKind.allCases.filter(kinds.contains).map(\.rawValue).joined(separator: ",")
        return "race:\(names) \(choice.description) hidden=\(hidden) layers=\(layers)\(layerNorm ? " layer-norm" : "") "
            + TrainingOptions.facetWords(configuration)
    }
}

private func runRace(_ invocation: Invocation) throws -> [Block] {
    let session = invocation.session
    let arguments = invocation.arguments
    let plan = try RacePlan(invocation)
    let (kinds, choice, configuration, hidden, layers) = (plan.kinds, plan.choice, plan.configuration, plan.hidden, plan.layers)
    let task = try choice.makeTask()

    var models: [LabModel] = []
    var entrants: [RaceRunner.Entrant] = []
    for kind in kinds {
        let settings = ModelSettings(kind: kind, inputSize: task.inputSize, hiddenSize: hidden, layers: layers, seed: configuration.seed,
                                     forgetBias: kind == .lstm ? 1 : nil, layerNorm: plan.layerNorm)
        var model = LabModel(name: "race-\(kind.rawValue)", settings: settings, network: nil)
        model.dropout = configuration.dropout
        let preparation = try TrainingPreparation(model: model, choice: choice, task: task, configuration: configuration, command: "race")
        model = preparation.model
        do {
            var trainer = try Trainer(network: model.network!, head: model.head!, task: task, configuration: configuration)
            trainer.background = DispatchBackgroundWork.forLanes(kinds.count)
            entrants.append(RaceRunner.Entrant(name: model.name, trainer: trainer))
        } catch {
            throw LabError("race: \(error)")
        }
        models.append(model)
    }
    // what every model starts with is said before the progress lines, where it is read in time
    let before = raceHeading(plan) + raceNotes(plan)
    let saidBefore = session.showNow(before)
    let clock = ContinuousClock()
    let start = clock.now
    let results = RaceRunner.run(entrants, session: session, every: TrainingOptions.every(from: arguments, steps: configuration.steps))
    let wall = clock.now - start

    var lanes: [RaceReport.Lane] = []
    for (index, result) in results.enumerated() {
        var model = models[index]
        model.network = result.trainer.network
        model.head = result.trainer.head
        model.lossHistory = result.outcome.losses
        var record = model.training ?? TrainingRecord(task: choice, configuration: configuration)
        record.gradientNorms = result.outcome.gradientNorms
        record.seconds = result.outcome.elapsedSeconds
        record.trainerState = result.trainer.state
        model.training = record
        models[index] = model
        session.state.models.removeAll { $0.name == model.name }
        session.state.models.append(model)
        if !session.modelNames.contains(model.name) { session.modelNames.append(model.name) }

        // after Ctrl-C the scoring is stopped too, and the cell left empty; a slow one says what runs
        session.describeActivity("scoring \(model.name) on fresh sequences")
        let fresh = try? EvaluationSequences(network: result.trainer.network, head: result.trainer.head, task: task, choice: choice,
                                             count: EvaluationSequences.defaultCount, seed: 1_000_003, shouldStop: session.isInterrupted)
        let parameters = ParameterCount(result.trainer.network).total  // as `params` counts them: the head is the task's
        lanes.append(RaceReport.Lane(name: model.name, outcome: result.outcome, fresh: fresh, parameters: parameters))
    }
    session.describeActivity(nil)
    var blocks = saidBefore ? [] : before
    if results.allSatisfy({ $0.outcome.ending == .finished }) { session.addFacets([plan.facet]) }
    if session.state.currentModelName == nil || session.state.currentModel == nil {
        let current = lanes.first(where: \.trained)?.name ?? models[0].name  // one that trained, if any did
        session.state.currentModelName = current
        blocks.append(.note("the current model is now \(current)"))
    }
    let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
    let scoringStopped = lanes.contains { $0.fresh == nil } && session.isInterrupted()
    blocks += RaceReport(lanes: lanes, isClassification: choice.isClassification, configuration: configuration,
                         guess: LossGrowth.Guess(task: task), wallSeconds: seconds, scoringStopped: scoringStopped).blocks
    return blocks
}

/// The heading of a race: the task, the kinds and the size.
private func raceHeading(_ plan: RacePlan) -> [Block] {
    let size = "\(plan.hidden) hidden units" + (plan.layers > 1 ? ", \(plan.layers) layers" : "")
    return [.heading("Race on \(plan.choice.description): \(plan.kinds.map(\.rawValue).joined(separator: ", ")), \(size)")]
}

/// What every model of a race starts with besides its kind: layer norm, dropout (and
/// dropout that drops nothing), the LSTM's forget-gate bias.
private func raceNotes(_ plan: RacePlan) -> [Block] {
    let dropout = plan.configuration.dropout
    var blocks: [Block] = []
    var tricks = plan.layerNorm ? ["layer norm"] : []
    if !dropout.isNone { tricks.append(dropout.summary + " in the training steps (not when scored)") }
    if !tricks.isEmpty { blocks.append(.note("every model: " + tricks.joined(separator: "; "))) }
    if dropout.between > 0 && plan.layers == 1 {
        blocks.append(.note("--dropout acts between stacked layers, so with one layer it drops nothing (add --layers 2)"))
    }
    if plan.kinds.contains(.lstm) { blocks.append(.note("the LSTM starts with forget-gate bias 1")) }
    return blocks
}
