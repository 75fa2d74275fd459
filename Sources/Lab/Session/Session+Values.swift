import Lessons
import RNNEngine

// The session's numbers for lesson checks and numeric answers (see lessons/README.md,
// "Values"): `MODEL.NAME[key=value, ...]`.
//
// - MODEL is a model's name; none means the current model.
// - NAME is a quantity of `show` — h, c, i f g o, r z n, gates, pre, output, dh, dc,
//   grad-norm, cell-grad-norm, jacobian — the input's `mask` (1 at a real step, 0 at
//   padding), or a session number: params, loss, train-grad-norm, grad-loss, grad-ratio,
//   radius, norm, steps, cursor.
// - Gates and pre-activations have no value at padding steps (`feed --mask`): those steps
//   are left out of what they give, and a `t` that selects padding alone is an error.
// - Selectors: t (steps from 1; negative from the end; `a..b` inclusive), unit (from 0),
//   layer (from 0), dir (forward or reverse); for loss and train-grad-norm, step (training
//   steps from 1, negative from the end). A missing selector means all of them. The steps are those the
//   views show: 1 up to the cursor.
// - Values are flattened by step, then layer, then direction, then unit, and each is
//   placed in those terms (`t=4, unit=2`) for a failing claim to say where it is false.

extension Session: ValueResolver {
    /// Every value name checks may use (for `lint`): the quantities of `show` that are
    /// series over time, and the session numbers.
    public static var valueNames: [String] { LabState.valueNames }

    /// The selector keys values accept: `t`, `unit`, `layer`, `dir`, and `step` for `loss`
    /// and `train-grad-norm`.
    public static let valueSelectorKeys = LabState.selectorKeys

    /// What is wrong with `reference` whatever the session holds (for `lint`): an unknown
    /// name or selector key, or a selector value of the wrong kind; nil when it can resolve.
    public static func valueNameProblem(_ reference: ValueReference) -> String? {
        guard valueNames.contains(reference.name) else {
            let hint = Suggestion.nearest(to: reference.name, among: valueNames).map { " — did you mean '\($0)'?" } ?? ""
            return "unknown value '\(reference.name)'\(hint); the names are \(valueNames.joined(separator: ", "))"
        }
        for selector in reference.selectors {
            guard valueSelectorKeys.contains(selector.key) else {
                return LabState.unknownSelectorMessage(selector.key, in: reference)
            }
            switch (selector.key, selector.value) {
            case ("dir", .word(let word)) where word != "forward" && word != "reverse":
                return "\(reference): dir must be forward or reverse, got '\(word)'"
            case ("dir", .range):
                return "\(reference): dir must be forward or reverse"
            case ("t", .word(let word)), ("unit", .word(let word)), ("layer", .word(let word)), ("step", .word(let word)):
                return "\(reference): \(selector.key) must be a number or a range, got '\(word)'"
            case ("t", .index(0)), ("step", .index(0)), ("t", .range(0, _)), ("t", .range(_, 0)), ("step", .range(0, _)), ("step", .range(_, 0)):
                // whatever the lab holds: the first step is 1, the last −1
                let what = selector.key == "t" ? "step of the input" : "training step"
                return "\(reference): \(selector.key)=\(selector.value) names no \(what): they count from \(selector.key)=1, or back from \(selector.key)=-1 at the end"
            default:
                continue
            }
        }
        return LabState.inapplicableSelector(reference)
    }

    /// The numbers `reference` names, or an error that says what exists.
    public func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        try placedValues(of: reference).values
    }

    /// The numbers `reference` names with where each one is (`t=4, unit=2`, `step=37`).
    public func placedValues(of reference: ValueReference) throws(ValueResolutionError) -> PlacedValues {
        do {
            return try state.values(of: reference, spectra: &spectra)
        } catch {
            throw ValueResolutionError(error.message)
        }
    }
}

extension LabState {
    /// Session numbers that are not series over the input's steps.
    static let sessionNumbers = ["params", "loss", "train-grad-norm", "grad-loss", "grad-ratio", "gradcheck-error", "eval-loss", "accuracy", "perplexity", "radius", "norm", "steps", "cursor"]
    /// Every name the resolver knows.
    static var valueNames: [String] { Quantity.names(for: nil).filter { $0 != "weights" } + ["mask"] + sessionNumbers }
    /// The selector keys: `t`, `unit`, `layer`, `dir`, and `step` for the ``trainingSeries``.
    static let selectorKeys = ["t", "unit", "layer", "dir", "step"]
    /// The values with one number per training step, which `step=` selects: the loss, and
    /// the gradient norm before clipping that `train` draws.
    static let trainingSeries = ["loss", "train-grad-norm"]
    /// What the selectors are, for messages.
    static let selectorKeysText = "the selectors are t (step of the input, from 1), unit, layer (from 0), dir (forward or reverse) and, for loss and train-grad-norm, step (training step, from 1)"

    /// The interval every number of the value `name` lies in, whatever the model, its
    /// weights and its input: [0, 1] for the sigmoid gates (`i`, `f`, `o` of an LSTM, `r`,
    /// `z` of a GRU), [−1, 1] for the tanh ones (`g`, `n`) and for `gates`, which holds
    /// both kinds. The engine's σ and tanh stay within them to the last bit, and reach
    /// their ends (σ(40) is 1). Nil for every other value: `h` is unbounded in an RNN of
    /// relu or identity activation, and a diverged model's gates are NaN, which lint
    /// leaves aside as it does for every value.
    static func valueBounds(of name: String) -> ClosedRange<Double>? {
        switch name {
        case "i", "f", "o", "r", "z": 0...1
        case "g", "n", "gates": -1...1
        default: nil
        }
    }

    /// `unknown selector 'unti' in h[t=1, unti=0] — did you mean 'unit'?`, then what the
    /// selectors are; lint and the resolver share it.
    static func unknownSelectorMessage(_ key: String, in reference: ValueReference) -> String {
        let hint = Suggestion.nearest(to: key, among: selectorKeys).map { " — did you mean '\($0)'?" } ?? ""
        return "unknown selector '\(key)' in \(reference)\(hint); \(selectorKeysText)"
    }

    /// The selector of `reference` that its quantity has no such axis for, said truly:
    /// `loss[t=1]` (loss is a list over training steps: `step=`), `h[step=1]`, `params[t=1]`;
    /// nil when every selector applies. Lint and the resolver share it.
    static func inapplicableSelector(_ reference: ValueReference) -> String? {
        let name = reference.name
        func first(outside keys: [String]) -> ValueSelector? {
            reference.selectors.first { !keys.contains($0.key) }
        }
        switch name {
        case _ where trainingSeries.contains(name):
            guard let selector = first(outside: ["step"]) else { return nil }
            let bare = selector.key == "t" ? " (a bare index, as in \(name)[1], means t=)" : ""
            return "\(name) has one value per training step, not one per step of the input, so \(selector.key)= does not apply\(bare); select training steps with step=: \(name)[step=1], \(name)[step=100..150], \(name)[step=-1]"
        case "radius", "norm", "grad-ratio":
            guard let selector = first(outside: ["layer", "dir"]) else { return nil }
            let what = name == "grad-ratio" ? "one value per layer and direction" : "one value per gate block of each layer and direction"
            return "\(name) is \(what); only layer= and dir= apply, not \(selector.key)="
        case _ where sessionNumbers.contains(name):
            guard let selector = reference.selectors.first else { return nil }
            return "\(name) is one number for the model; the selector \(selector.key)= does not apply"
        default:
            if reference.selector("step") != nil {
                return "\(name) is a series over the input's steps: select them with t= (\(name)[t=3]); step= is for loss and train-grad-norm, whose values are training steps"
            }
            if let quantity = try? Quantity.parse(name, kind: .lstm), quantity.isPerStepScalar, reference.selector("unit") != nil {
                return "\(name) has one value per step; unit= does not apply"
            }
            if name == "output", reference.selector("layer") != nil || reference.selector("dir") != nil {
                return "output is the last layer's h of both directions; select its units with unit=, not layer= or dir="
            }
            if name == "x", reference.selector("layer") != nil || reference.selector("dir") != nil {
                return "x is the network's input, which every direction of layer 0 reads; select its features with unit=, not layer= or dir="
            }
            return nil
        }
    }

    /// The numbers `reference` names, each placed by step, layer, direction, gate and unit;
    /// `radius` and `norm` come from `spectra` when it measured those weights already.
    func values(of reference: ValueReference, spectra: inout RecurrentSpectra) throws(LabError) -> PlacedValues {
        let model = try requireModel(reference.model)
        for selector in reference.selectors where !Self.selectorKeys.contains(selector.key) {
            throw LabError(Self.unknownSelectorMessage(selector.key, in: reference))
        }
        let keys = Set(reference.selectors.map(\.key))
        if keys.count < reference.selectors.count {
            throw LabError("\(reference) gives a selector twice")
        }
        if let problem = Self.inapplicableSelector(reference) {
            throw LabError("\(reference): \(problem)")
        }
        if Self.sessionNumbers.contains(reference.name) {
            return try sessionNumber(reference, model: model, spectra: &spectra)
        }
        if reference.name == "mask" {
            return try maskValues(reference)
        }
        let network = try requireNetwork(model)
        let quantity: Quantity
        do {
            quantity = try Quantity.parse(reference.name, kind: network.kind)
        } catch {
            if !Quantity.names(for: nil).contains(reference.name) {
                let hint = Suggestion.nearest(to: reference.name, among: Self.valueNames).map { " — did you mean '\($0)'?" } ?? ""
                throw LabError("unknown value '\(reference.name)'\(hint); the names are \(Self.valueNames.joined(separator: ", "))")
            }
            throw error
        }
        guard quantity != .weights else {
            throw LabError("weights is not a value; use radius or norm (spectral radius and norm of W_hh), or params")
        }
        let pass = try requirePass(model)
        let steps = try selectedSteps(reference)
        let layers = quantity.isWholeNetwork ? [(0, Direction.forward)] : try selectedPlaces(reference, network: network)
        var tables: [QuantityValues] = []
        for (layer, direction) in layers {
            tables.append(try QuantityValues.read(quantity, pass: pass, network: network, model: model.name, layer: layer, direction: direction))
        }
        guard let first = tables.first else { return PlacedValues(values: [], places: []) }
        let columns = try selectedColumns(reference, values: first, quantity: quantity, hiddenSize: network.hiddenSize)
        // a gate at a padding step was never computed: it is left out, not read as 0
        let real = steps.filter { !first.absentSteps.contains($0) }
        if real.isEmpty, !steps.isEmpty {
            let place = (steps.count == 1 ? "step " : "steps ") + stepList(steps)
            throw LabError("\(reference): \(place) \(steps.count == 1 ? "is" : "are") padding, where \(quantity.name) has no value (the state passes through unchanged); select real steps, where mask is 1")
        }
        var result: [Double] = []
        var places: [String] = []
        for step in real {
            for (table, (layer, direction)) in zip(tables, layers) {
                for column in columns {
                    result.append(table.matrix[step, column])
                    var parts = ["t=\(step + 1)"]
                    if !quantity.isWholeNetwork, network.numLayers > 1 { parts.append("layer=\(layer)") }
                    if !quantity.isWholeNetwork, network.bidirectional { parts.append("dir=\(direction.name)") }
                    if let unit = table.columns[column].unit {
                        // `gates` and an LSTM's or GRU's `pre` stack the gates' columns: say which gate
                        if quantity == .gates {
                            parts.append("gate=\(table.columns[column].quantity)")
                        } else if quantity == .preactivations, network.kind != .rnn {
                            parts.append("gate=\(network.kind.gateSymbols[unit / network.hiddenSize])")
                        }
                        parts.append("unit=\(quantity.isWholeNetwork ? unit : unit % network.hiddenSize)")
                    }
                    places.append(parts.joined(separator: ", "))
                }
            }
        }
        return PlacedValues(values: result, places: places)
    }

    /// A session number (``sessionNumbers``), its selectors already known to apply; only
    /// the values per training step are placed (`step=37`).
    private func sessionNumber(_ reference: ValueReference, model: LabModel, spectra: inout RecurrentSpectra) throws(LabError) -> PlacedValues {
        switch reference.name {
        case "loss":
            return try trainingLosses(reference, model: model)
        case "train-grad-norm":
            let norms = model.training?.gradientNorms ?? []
            guard !norms.isEmpty else {
                throw LabError("\(model.name) has not been trained, so it has no training gradient norm — train it (`train`, `race`); "
                    + "grad-norm is ‖dL/dh_t‖ per step of the input, after `grad`")
            }
            return try perTrainingStep(reference, history: norms, model: model)
        default:
            return PlacedValues(values: try unplacedSessionNumber(reference, model: model, spectra: &spectra), places: nil)
        }
    }

    /// The training losses `step=` selects (all when absent), one per training step; a
    /// model not trained has one loss, the last `grad`'s, and no training steps to select.
    private func trainingLosses(_ reference: ValueReference, model: LabModel) throws(LabError) -> PlacedValues {
        let history = model.lossHistory
        guard !history.isEmpty else {
            guard let gradient = model.gradient else {
                throw LabError("\(model.name) has no loss yet — run `grad` (or train it)")
            }
            if reference.selector("step") != nil {
                throw LabError("\(reference): \(model.name) has not been trained, so its loss is one number, the last `grad`'s; step= selects the steps of a `train` or `race` run")
            }
            return PlacedValues(values: [gradient.value], places: nil)
        }
        return try perTrainingStep(reference, history: history, model: model)
    }

    /// The values of `history`, one per training step of `model`, that `step=` selects (all
    /// when absent), each placed by its step (`step=37`).
    private func perTrainingStep(_ reference: ValueReference, history: [Double], model: LabModel) throws(LabError) -> PlacedValues {
        let count = history.count
        func position(_ value: Int) throws(LabError) -> Int {
            let resolved = value < 0 ? count + value + 1 : value
            guard resolved >= 1, resolved <= count else {
                throw LabError("\(reference): step=\(value) is out of range; \(model.name) has trained \(count) step\(count == 1 ? "" : "s"): 1..\(count), or -1..-\(count) from the end")
            }
            return resolved - 1
        }
        let steps: [Int]
        switch reference.selector("step") {
        case nil: steps = Array(history.indices)
        case .index(let value)?: steps = [try position(value)]
        case .range(let from, let to)?:
            let (a, b) = (try position(from), try position(to))
            guard a <= b else { throw LabError("\(reference): the range step=\(from)..\(to) is empty") }
            steps = Array(a...b)
        case .word(let word)?: throw LabError("\(reference): step must be a training step number or range, got '\(word)'")
        }
        return PlacedValues(values: steps.map { history[$0] }, places: steps.map { "step=\($0 + 1)" })
    }

    /// The session numbers other than the training losses.
    private func unplacedSessionNumber(_ reference: ValueReference, model: LabModel, spectra: inout RecurrentSpectra) throws(LabError) -> [Double] {
        switch reference.name {
        case "params":
            return [Double(ParameterCount(try requireNetwork(model)).total)]
        case "grad-loss":
            guard let gradient = model.gradient else { throw LabError("\(model.name) has no gradient yet — run `grad` first") }
            return [gradient.value]
        case "gradcheck-error":
            guard let check = model.gradientCheck else {
                throw LabError("\(model.name) has no gradient check yet — run `gradcheck` first")
            }
            guard check.network == model.network else {
                throw LabError("\(model.name)'s weights changed since the last `gradcheck` — run it again")
            }
            return [check.error]
        case "eval-loss", "accuracy", "perplexity":
            guard let scores = model.evaluation else {
                throw LabError("\(model.name) has not been scored yet — run `evaluate` first")
            }
            guard scores.network == model.network else {
                throw LabError("\(model.name)'s weights changed since the last `evaluate` — run it again")
            }
            let value = reference.name == "eval-loss" ? scores.loss
                : reference.name == "accuracy" ? scores.accuracy : scores.perplexity
            guard let value else {
                throw LabError("\(model.name)'s task has no \(reference.name) (accuracy is for tasks with classes, perplexity for character models)")
            }
            return [value]
        case "steps":
            return [Double(try requireInput().length)]
        case "cursor":
            return [Double(cursor)]
        case "grad-ratio":
            let network = try requireNetwork(model)
            let pass = try requirePass(model)
            let steps = try visibleSteps()
            var ratios: [Double] = []
            for (layer, direction) in try selectedPlaces(reference, network: network) {
                let norms = try QuantityValues.read(.gradientNorm, pass: pass, network: network, model: model.name, layer: layer, direction: direction)
                    .column(0, steps: steps)
                let ordered = ReadingOrder(direction: direction, steps: steps).arranged(norms)
                guard let firstNorm = ordered.first, let lastNorm = ordered.last(where: { $0 > 0 }) else {
                    throw LabError("\(model.name): the gradient is zero at every step")
                }
                ratios.append(firstNorm / lastNorm)
            }
            return ratios
        default:  // radius, norm
            let network = try requireNetwork(model)
            var result: [Double] = []
            for (layer, direction) in try selectedPlaces(reference, network: network) {
                for gate in 0..<network.kind.gateCount {
                    guard let measured = spectra.measure(radius: reference.name == "radius", of: network, layer: layer, direction: direction,
                                                         gate: gate, shouldStop: nil) else { continue }
                    result.append(measured)
                }
            }
            return result
        }
    }

    /// The input's mask at the steps `t` selects: 1 at a real step, 0 at padding (all 1
    /// without `feed --mask`).
    private func maskValues(_ reference: ValueReference) throws(LabError) -> PlacedValues {
        if let selector = reference.selectors.first(where: { $0.key != "t" }) {
            throw LabError("mask has one value per step; the selector \(selector.key)= does not apply")
        }
        let input = try requireInput()
        let steps = try selectedSteps(reference)
        return PlacedValues(values: steps.map { step in input.mask.map { $0[step] ? 1 : 0 } ?? 1 }, places: steps.map { "t=\($0 + 1)" })
    }

    /// The 0-based steps `t` selects among the visible ones (all when absent).
    private func selectedSteps(_ reference: ValueReference) throws(LabError) -> [Int] {
        let visible = try visibleSteps()
        guard let selector = reference.selector("t") else { return Array(visible) }
        let count = visible.count
        func position(_ value: Int) throws(LabError) -> Int {
            let resolved = value < 0 ? count + value + 1 : value
            guard resolved >= 1, resolved <= count else {
                let cursorNote = count < (input?.length ?? 0) ? " (the cursor is at step \(count) of \(input?.length ?? 0))" : ""
                throw LabError("\(reference): t=\(value) is out of range; the steps are 1..\(count), or -1..-\(count) from the end\(cursorNote)")
            }
            return resolved - 1
        }
        switch selector {
        case .index(let value): return [try position(value)]
        case .range(let from, let to):
            let (a, b) = (try position(from), try position(to))
            guard a <= b else { throw LabError("\(reference): the range t=\(from)..\(to) is empty") }
            return Array(a...b)
        case .word(let word): throw LabError("\(reference): t must be a step number or range, got '\(word)'")
        }
    }

    /// The (layer, direction) pairs `layer` and `dir` select (all when absent).
    private func selectedPlaces(_ reference: ValueReference, network: RecurrentNetwork) throws(LabError) -> [(Int, Direction)] {
        var layers = Array(0..<network.numLayers)
        switch reference.selector("layer") {
        case nil: break
        case .index(let layer)?:
            guard layer >= 0, layer < network.numLayers else {
                throw LabError("\(reference): layer=\(layer) is out of range; the layers are 0..\(network.numLayers - 1)")
            }
            layers = [layer]
        case .range(let from, let to)?:
            guard from >= 0, to < network.numLayers, from <= to else {
                throw LabError("\(reference): layer=\(from)..\(to) is out of range; the layers are 0..\(network.numLayers - 1)")
            }
            layers = Array(from...to)
        case .word(let word)?:
            throw LabError("\(reference): layer must be a number, got '\(word)'")
        }
        var directions = network.directions
        switch reference.selector("dir") {
        case nil: break
        case .word(let word)?:
            guard let direction = Direction.allCases.first(where: { $0.name == word || (word == "fwd" && $0 == .forward) || (word == "bwd" && $0 == .reverse) }) else {
                throw LabError("\(reference): dir must be forward or reverse, got '\(word)'")
            }
            guard network.directions.contains(direction) else {
                throw LabError("\(reference): dir=reverse needs a bidirectional model")
            }
            directions = [direction]
        case .index(let index)?:
            guard index >= 0, index < network.directionCount else {
                throw LabError("\(reference): dir must be forward or reverse (or 0..\(network.directionCount - 1))")
            }
            directions = [Direction(rawValue: index)!]
        case .range?:
            throw LabError("\(reference): dir must be forward or reverse")
        }
        return layers.flatMap { layer in directions.map { (layer, $0) } }
    }

    /// The column indices `unit` selects (all when absent).
    private func selectedColumns(_ reference: ValueReference, values: QuantityValues, quantity: Quantity, hiddenSize: Int) throws(LabError) -> [Int] {
        guard let selector = reference.selector("unit") else { return Array(values.columns.indices) }
        if quantity.isPerStepScalar {
            throw LabError("\(reference): \(quantity.name) has one value per step; unit= does not apply")
        }
        let width = quantity.isWholeNetwork ? values.columns.count : hiddenSize
        // a negative unit counts from the end, as a negative step does: unit=-1 is the last
        func unit(_ value: Int) throws(LabError) -> Int {
            let resolved = value < 0 ? width + value : value
            guard resolved >= 0, resolved < width else {
                throw LabError("\(reference): unit=\(value) is out of range; the units are 0..\(width - 1), or -1..-\(width) from the end")
            }
            return resolved
        }
        let units: ClosedRange<Int>
        switch selector {
        case .index(let value): units = try unit(value)...unit(value)
        case .range(let from, let to):
            let (first, last) = (try unit(from), try unit(to))
            guard first <= last else { throw LabError("\(reference): the range unit=\(from)..\(to) is empty") }
            units = first...last
        case .word(let word): throw LabError("\(reference): unit must be a number, got '\(word)'")
        }
        return values.columns.indices.filter { index in
            guard let unit = values.columns[index].unit else { return false }
            return units.contains(quantity.isWholeNetwork ? unit : unit % hiddenSize)
        }
    }
}
