import Lessons
import RNNEngine

// The session's numbers for lesson checks and numeric answers (see lessons/README.md,
// "Values"): `MODEL.NAME[key=value, ...]`.
//
// - MODEL is a model's name; none means the current model.
// - NAME is a quantity of `show` — h, c, i f g o, r z n, gates, pre, output, dh, dc,
//   grad-norm, cell-grad-norm, jacobian — the input's `mask` (1 at a real step, 0 at
//   padding), or a session number: params, loss, grad-loss, grad-ratio, radius, norm,
//   steps, cursor.
// - Gates and pre-activations have no value at padding steps (`feed --mask`): those steps
//   are left out of what they give, and a `t` that selects padding alone is an error.
// - Selectors: t (steps from 1; negative from the end; `a..b` inclusive), unit (from 0),
//   layer (from 0), dir (forward or reverse). A missing selector means all of them. The
//   steps are those the views show: 1 up to the cursor.
// - Values are flattened by step, then layer, then direction, then unit.

extension Session: ValueResolver {
    /// Every value name checks may use (for `lint`): the quantities of `show` that are
    /// series over time, and the session numbers.
    public static var valueNames: [String] { LabState.valueNames }

    /// The selector keys values accept: `t`, `unit`, `layer`, `dir`.
    public static let valueSelectorKeys = ["t", "unit", "layer", "dir"]

    /// What is wrong with `reference` whatever the session holds (for `lint`): an unknown
    /// name or selector key, or a selector value of the wrong kind; nil when it can resolve.
    public static func valueNameProblem(_ reference: ValueReference) -> String? {
        guard valueNames.contains(reference.name) else {
            let hint = Suggestion.nearest(to: reference.name, among: valueNames).map { " — did you mean '\($0)'?" } ?? ""
            return "unknown value '\(reference.name)'\(hint); the names are \(valueNames.joined(separator: ", "))"
        }
        for selector in reference.selectors {
            guard valueSelectorKeys.contains(selector.key) else {
                return "unknown selector '\(selector.key)' in \(reference): the selectors are t (step, from 1), unit, layer (from 0) and dir (forward or reverse)"
            }
            switch (selector.key, selector.value) {
            case ("dir", .word(let word)) where word != "forward" && word != "reverse":
                return "\(reference): dir must be forward or reverse, got '\(word)'"
            case ("dir", .range):
                return "\(reference): dir must be forward or reverse"
            case ("t", .word(let word)), ("unit", .word(let word)), ("layer", .word(let word)):
                return "\(reference): \(selector.key) must be a number or a range, got '\(word)'"
            default:
                continue
            }
        }
        return nil
    }

    /// The numbers `reference` names, or an error that says what exists.
    public func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        do {
            return try state.values(of: reference)
        } catch {
            throw ValueResolutionError(error.message)
        }
    }
}

extension LabState {
    /// Session numbers that are not series over time.
    static let sessionNumbers = ["params", "loss", "grad-loss", "grad-ratio", "gradcheck-error", "eval-loss", "accuracy", "perplexity", "radius", "norm", "steps", "cursor"]
    /// Every name the resolver knows.
    static var valueNames: [String] { Quantity.names(for: nil).filter { $0 != "weights" } + ["mask"] + sessionNumbers }

    /// The numbers `reference` names.
    func values(of reference: ValueReference) throws(LabError) -> [Double] {
        let model = try requireModel(reference.model)
        for selector in reference.selectors where !["t", "unit", "layer", "dir"].contains(selector.key) {
            throw LabError("unknown selector '\(selector.key)' in \(reference): the selectors are t (step, from 1), unit, layer (from 0) and dir (forward or reverse)")
        }
        let keys = Set(reference.selectors.map(\.key))
        if keys.count < reference.selectors.count {
            throw LabError("\(reference) gives a selector twice")
        }
        if Self.sessionNumbers.contains(reference.name) {
            return try sessionNumber(reference, model: model)
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
        if quantity == .output, reference.selector("layer") != nil || reference.selector("dir") != nil {
            throw LabError("\(reference): output is the last layer's h of both directions; select its units with unit=")
        }
        let places = quantity == .output ? [(0, Direction.forward)] : try selectedPlaces(reference, network: network)
        var tables: [QuantityValues] = []
        for (layer, direction) in places {
            tables.append(try QuantityValues.read(quantity, pass: pass, network: network, model: model.name, layer: layer, direction: direction))
        }
        guard let first = tables.first else { return [] }
        let columns = try selectedColumns(reference, values: first, quantity: quantity, hiddenSize: network.hiddenSize)
        // a gate at a padding step was never computed: it is left out, not read as 0
        let real = steps.filter { !first.absentSteps.contains($0) }
        if real.isEmpty, !steps.isEmpty {
            let place = (steps.count == 1 ? "step " : "steps ") + stepList(steps)
            throw LabError("\(reference): \(place) \(steps.count == 1 ? "is" : "are") padding, where \(quantity.name) has no value (the state passes through unchanged); select real steps, where mask is 1")
        }
        var result: [Double] = []
        for step in real {
            for table in tables {
                for column in columns { result.append(table.matrix[step, column]) }
            }
        }
        return result
    }

    private func sessionNumber(_ reference: ValueReference, model: LabModel) throws(LabError) -> [Double] {
        let allowsPlace = ["radius", "norm", "grad-ratio"].contains(reference.name)
        if let selector = reference.selectors.first(where: { !allowsPlace || !["layer", "dir"].contains($0.key) }) {
            throw LabError("\(reference.name) is one number for the model; the selector \(selector.key)= does not apply")
        }
        switch reference.name {
        case "params":
            return [Double(ParameterCount(try requireNetwork(model)).total)]
        case "loss":
            if !model.lossHistory.isEmpty { return model.lossHistory }
            guard let gradient = model.gradient else {
                throw LabError("\(model.name) has no loss yet — run `grad` (or train it)")
            }
            return [gradient.value]
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
                let ordered = direction == .forward ? norms : norms.reversed()
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
                    guard let block = network.recurrentBlock(layer: layer, direction: direction, gate: gate) else { continue }
                    result.append(reference.name == "radius" ? block.spectralRadius : block.spectralNorm)
                }
            }
            return result
        }
    }

    /// The input's mask at the steps `t` selects: 1 at a real step, 0 at padding (all 1
    /// without `feed --mask`).
    private func maskValues(_ reference: ValueReference) throws(LabError) -> [Double] {
        if let selector = reference.selectors.first(where: { $0.key != "t" }) {
            throw LabError("mask has one value per step; the selector \(selector.key)= does not apply")
        }
        let input = try requireInput()
        return try selectedSteps(reference).map { step in input.mask.map { $0[step] ? 1 : 0 } ?? 1 }
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
        let width = quantity == .output ? values.columns.count : hiddenSize
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
            return units.contains(quantity == .output ? unit : unit % hiddenSize)
        }
    }
}
