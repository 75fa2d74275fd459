import RNNEngine

// Keeping every model's forward pass in step with the current input.

extension LabState {
    /// The most numbers one model's trace may hold (about 200 MB of Float64).
    static let largestTrace = 25_000_000.0

    /// Runs every model on the current input; returns one-line notes (re-created models,
    /// models that cannot read the input). Only a failure of the current model is an error,
    /// and a stop (`shouldStop`, Ctrl-C): ``LabError/interrupted``.
    ///
    /// A model that does not run on this input for the reason it did not run on the one
    /// before is no news: its note was given then, so a lesson's `feed`s of another width do
    /// not repeat "kept and not run" for every trained model each time.
    mutating func refreshAllPasses(shouldStop: ShouldStop? = nil) throws(LabError) -> [String] {
        var notes: [String] = []
        var recreations: [Recreation] = []
        for index in models.indices {
            var said: [String]
            if models[index].name == currentModelName {
                said = try refreshPass(at: index, shouldStop: shouldStop, recreations: &recreations)
            } else {
                // Another model that cannot run on this input keeps no pass and says why.
                do {
                    said = try refreshPass(at: index, shouldStop: shouldStop, recreations: &recreations)
                } catch where error.kind == .interrupted {
                    throw error
                } catch {
                    models[index].pass = nil
                    models[index].gradient = nil
                    said = ["\(error.message) — it was not run on this input"]
                }
            }
            let notRun = models[index].pass == nil && !said.isEmpty ? said.joined(separator: "\n") : nil
            if notRun != nil, notRun == models[index].notRunNote { said = [] }
            models[index].notRunNote = notRun
            notes += said
        }
        return notes + Self.notes(for: recreations)
    }

    /// A model made anew for an input of another width, with the seed it was made with.
    struct Recreation {
        var name: String
        var width: Int
        var newWidth: Int
        var seed: UInt64
    }

    /// One note per group of re-created models that read the same width with the same seed:
    /// `a, b and c now read 10 features per step, not 1: made again with the same seed 1`
    /// (past four names, `a, b, c and 5 more models`).
    static func notes(for recreations: [Recreation]) -> [String] {
        var groups: [[Recreation]] = []
        for recreation in recreations {
            if let index = groups.firstIndex(where: { $0[0].width == recreation.width && $0[0].seed == recreation.seed }) {
                groups[index].append(recreation)
            } else {
                groups.append([recreation])
            }
        }
        return groups.map { group in
            let names = group.map(\.name)
            let listed = switch names.count {
            case 1: names[0]
            case 2...4: names.dropLast().joined(separator: ", ") + " and " + names[names.count - 1]
            default: names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more models"
            }
            let verb = names.count == 1 ? "reads" : "read"
            return "\(listed) now \(verb) \(counted(group[0].newWidth, "feature")) per step, not \(group[0].width): "
                + "made again with the same seed \(group[0].seed)"
        }
    }

    /// How a model's weights differ from those its settings make (`trained on adding 50`,
    /// `changed by set`), or nil when they do not: only then may a new input re-create it.
    static func changedWeights(
        of model: LabModel, network: RecurrentNetwork, settings: ModelSettings, shouldStop: ShouldStop?
    ) throws(LabError) -> String? {
        if let task = model.trainedTask { return "trained on \(task)" }
        let made = try ModelFactory.network(for: settings, inputSize: network.inputSize, shouldStop: shouldStop)
        return made.parameters == network.parameters ? nil : "changed since it was made"
    }

    /// ``refreshPass(named:shouldStop:)`` for a model just made or loaded: when it cannot
    /// read the current input (another width for a loaded one, initial states of another
    /// shape), it is kept and a note says why it was not run; only a stop is an error.
    /// A width given with `--input` is what the learner asked for just now: a model made with
    /// one the current input does not have is kept as asked, not made again for the input.
    mutating func refreshNewModel(named name: String, shouldStop: ShouldStop? = nil) throws(LabError) -> [String] {
        if let index = models.firstIndex(where: { $0.name == name }), let settings = models[index].settings,
           settings.inputSizeWasGiven, let asked = settings.inputSize, let input,
           let width = input.example.inputs.first?.count, width != asked {
            models[index].pass = nil
            return ["\(name) reads \(counted(asked, "feature")) per step, as made with --input \(asked), and the current input has \(width): it was kept and not run (feed an input of width \(asked))"]
        }
        do {
            return try refreshPass(named: name, shouldStop: shouldStop)
        } catch where error.kind == .interrupted {
            throw error
        } catch {
            if let index = models.firstIndex(where: { $0.name == name }) { models[index].pass = nil }
            return ["\(error.message) — it was not run on this input"]
        }
    }

    /// Runs the model called `name` on the current input again (after `set`, `load`, ...);
    /// ``LabError/interrupted`` when `shouldStop` says so part way.
    mutating func refreshPass(named name: String, shouldStop: ShouldStop? = nil) throws(LabError) -> [String] {
        guard let index = models.firstIndex(where: { $0.name == name }) else { return [] }
        var recreations: [Recreation] = []
        let notes = try refreshPass(at: index, shouldStop: shouldStop, recreations: &recreations)
        return Self.notes(for: recreations) + notes
    }

    private mutating func refreshPass(at index: Int, shouldStop: ShouldStop?, recreations: inout [Recreation]) throws(LabError) -> [String] {
        var model = models[index]
        defer { models[index] = model }
        model.gradient = nil
        model.pass = nil
        model.passNetwork = nil
        guard let input else { return [] }
        let width = input.example.inputs.first?.count ?? 0
        if model.network == nil, var settings = model.settings {
            settings.inputSize = width
            model.network = try ModelFactory.network(for: settings, inputSize: width, shouldStop: shouldStop)
            model.settings = settings
        } else if let network = model.network, network.inputSize != width {
            guard var settings = model.settings else {
                return ["\(model.name) reads \(counted(network.inputSize, "feature")) per step and this input has \(width): it was not run "
                    + "(\(Self.widthRemedy(for: model, width: network.inputSize)))"]
            }
            // The current model's width the learner chose is not undone by numbers that may
            // mean one step of it (`--numbers 1 2 3` for `--input 3`): `feed` refuses them and
            // says how to write steps of it. Other models are made again, as for any input.
            if model.name == currentModelName, settings.inputSizeWasGiven, input.isNumbersWithoutSteps, network.inputSize > 1 {
                return ["\(model.name) reads \(counted(network.inputSize, "feature")) per step, as made with --input \(network.inputSize), and this input has 1: it was kept and not run (separate steps of \(network.inputSize) numbers with ;)"]
            }
            // Weights that training or `set` changed are not thrown away for an input.
            if let changed = try Self.changedWeights(of: model, network: network, settings: settings, shouldStop: shouldStop) {
                return ["\(model.name) reads \(network.inputSize) feature\(network.inputSize == 1 ? "" : "s") per step and this input has \(width); its weights were \(changed), so it was kept and not run (feed an input of width \(network.inputSize))"]
            }
            settings.inputSize = width
            settings.inputSizeWasGiven = false
            model.network = try ModelFactory.network(for: settings, inputSize: width, shouldStop: shouldStop)
            model.settings = settings
            recreations.append(Recreation(name: model.name, width: network.inputSize, newWidth: width, seed: settings.seed))
        }
        guard let network = model.network else { return [] }
        let recorded = Double(input.length) * Double(network.numLayers * network.directionCount)
            * Double(2 * network.kind.gateCount * network.hiddenSize + 4 * network.hiddenSize)
        guard recorded <= Self.largestTrace else {
            throw LabError("\(model.name) would record about \(Int(recorded)) numbers over \(input.length) steps, more than the lab keeps (\(Int(Self.largestTrace))); feed fewer steps or use a smaller model")
        }
        do {
            let (h0, c0) = try initialStates(for: network, model: model.name)
            let masks = try nextDropoutMasks(for: model, network: network, steps: input.length)
            model.pass = try network.forward(inputSequence(for: network), initialHidden: h0, initialCell: c0, mask: input.mask,
                                             dropout: masks, shouldStop: shouldStop)
            model.passNetwork = network
        } catch let error as LabError {
            throw error
        } catch let error as NetworkError where error == .stopped {
            throw .interrupted
        } catch {
            throw LabError("\(model.name): \(error)")
        }
        return []
    }

    /// h0 and c0 of the input as matrices `network` accepts, or an error naming the shapes.
    func initialStates(for network: RecurrentNetwork, model: String) throws(LabError) -> (Matrix?, Matrix?) {
        let rows = network.numLayers * network.directionCount
        func matrix(_ values: [[Double]]?, _ name: String) throws(LabError) -> Matrix? {
            guard let values else { return nil }
            guard values.count == rows, values.allSatisfy({ $0.count == network.hiddenSize }), let matrix = Matrix(rowArrays: values) else {
                throw LabError("\(model): --\(name) has \(counted(values.count, "row")) of \(values.first?.count ?? 0); it needs \(rows) (layers × directions) of \(network.hiddenSize) (hidden units)")
            }
            return matrix
        }
        let h0 = try matrix(input?.initialHidden, "h0")
        let c0 = network.kind == .lstm ? try matrix(input?.initialCell, "c0") : nil
        return (h0, c0)
    }

    /// The current input as `network` reads it: one-hot when it is text, unless the first
    /// layer's W_ih holds an infinity or NaN, which PyTorch's product spreads (0 · ∞ = NaN)
    /// and the one-hot gather would not.
    func inputSequence(for network: RecurrentNetwork) -> InputSequence {
        guard let input else { return .dense(Matrix(rows: 0, columns: network.inputSize)) }
        let sequence = input.example.inputSequence
        guard case .oneHot = sequence else { return sequence }
        let directions: [Direction] = network.bidirectional ? [.forward, .reverse] : [.forward]
        let finite = directions.allSatisfy { direction in
            network.parameter(RecurrentNetwork.parameterName("weight_ih", layer: 0, direction: direction))?.values.allSatisfy(\.isFinite) ?? true
        }
        return finite ? sequence : input.example.denseInputSequence
    }
}
