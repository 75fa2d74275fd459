import RNNEngine
import Rendering

/// Two models, or one model under two settings, run on the current input and shown side
/// by side, aligned by timestep.
struct Comparison {
    /// One of the two things compared.
    struct Side {
        /// Its column label: the model's name, or `radius=0.5`.
        var label: String
        /// The model, with its pass (and gradient, when the quantity needs one).
        var model: LabModel
        /// Its network.
        var network: RecurrentNetwork
        /// The quantity, parsed for this model's kind.
        var quantity: Quantity
        /// The forward (and backward) pass the values come from.
        var pass: ForwardPass
        /// The lab's model that computes the same values, when there is one: see
        /// ``labModel(runningAs:network:preferring:in:)``.
        var labModel: String?
    }

    /// The two sides, left to right.
    var sides: [Side]
    /// Whether the sides are the session's own models, whose new gradients are kept.
    var keepsResults: Bool
    /// The quantity as typed.
    var quantityName: String
    /// The one value both sides of a setting's comparison have (`1` and `1.0` are the same),
    /// as typed first; nil when the values differ, or for two models.
    var repeatedSettingValue: String? = nil

    /// Two of the session's models by name.
    static func models(
        _ first: String, _ second: String, quantity: String, in state: LabState, shouldStop: ShouldStop? = nil
    ) throws(LabError) -> Comparison {
        let a = try state.requireModel(first)
        let b = try state.requireModel(second)
        guard a.name != b.name else { throw LabError("compare: name two different models; both are \(a.name)") }
        let sides = try run([(a.name, a), (b.name, b)], quantity: quantity, keep: true, in: state, shouldStop: shouldStop)
        return Comparison(sides: sides, keepsResults: true, quantityName: quantity)
    }

    /// The two names of `compare --keep A,B`, valid model names and different, and which of
    /// them replace variants an earlier `--keep` made. A model the learner made, loaded or
    /// trained is never replaced: its name is refused.
    static func keptNames(_ text: String, existing: [LabModel]) throws(LabError) -> (names: [String], replaced: [String]) {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0.filter { $0 != " " }) }
        guard names.count == 2 else {
            throw LabError("compare --keep takes two names separated by a comma, one per variant: --keep fb0,fb1")
        }
        for name in names { _ = try validModelName(name) }
        guard names[0] != names[1] else { throw LabError("compare --keep: give the two variants different names, not \(names[0]) twice") }
        let taken = existing.filter { names.contains($0.name) }
        if let own = taken.first(where: { $0.keptVariant == nil }) {
            throw LabError("compare --keep: there is a model called \(own.name) already, and a variant would replace it; give the variants other names")
        }
        return (names, taken.map(\.name))
    }

    /// The current model under two values of one setting (kept only by `--keep`).
    static func settings(
        _ setting: String, _ values: [String], quantity: String, in state: LabState, shouldStop: ShouldStop? = nil
    ) throws(LabError) -> Comparison {
        let base = try state.requireModel()
        var variants: [(String, LabModel)] = []
        // `compare --radius 0.5 1.5` scales the same weights twice: measured once
        var spectra = RecurrentSpectra()
        for value in values {
            var model = base
            do {
                _ = try ModelSetting.apply(setting, value, to: &model, layer: 0, reverse: false, spectra: &spectra, shouldStop: shouldStop)
            } catch where error.kind == .interrupted {
                throw error
            } catch {
                throw LabError(error.message.replacing("set \(setting):", with: "compare --\(setting):"))
            }
            model.name = "\(base.name) \(setting)=\(value)"
            variants.append(("\(setting)=\(value)", model))
        }
        let sides = try run(variants, quantity: quantity, keep: false, base: base.name, in: state, shouldStop: shouldStop)
        var comparison = Comparison(sides: sides, keepsResults: false, quantityName: quantity)
        let read = values.map { value in Double(value).map { "\($0)" } ?? value }
        if read.count == 2, read[0] == read[1] { comparison.repeatedSettingValue = values[0] }
        return comparison
    }

    /// Runs each variant on the input, and backward when the quantity needs gradients;
    /// ``LabError/interrupted`` when `shouldStop` (Ctrl-C) says so part way.
    /// `base` is the model a setting's variants are made of (or nil for two models).
    private static func run(
        _ variants: [(String, LabModel)], quantity name: String, keep: Bool, base: String? = nil, in state: LabState, shouldStop: ShouldStop?
    ) throws(LabError) -> [Side] {
        var sides: [Side] = []
        for (label, original) in variants {
            var scratch = state
            scratch.models = [original]
            scratch.currentModelName = original.name
            if !keep || original.pass == nil { _ = try scratch.refreshPass(named: original.name, shouldStop: shouldStop) }
            var model = scratch.model(named: original.name) ?? original
            let network = try scratch.requireNetwork(model)
            let quantity = try Quantity.parse(name, kind: network.kind)
            guard quantity != .weights else {
                throw LabError("compare: weights are not a series over time; use `show weights` on each model")
            }
            var pass = try scratch.requirePass(model, shouldStop: shouldStop)
            if quantity.needsGradient {
                let current = model.gradient != nil && model.passNetwork == network
                if !current || !keep {
                    model = try GradientComputation.run(model, in: scratch, loss: model.gradient?.loss ?? .last, shouldStop: shouldStop)
                }
                pass = model.pass ?? pass
            }
            let runsAs = labModel(runningAs: model, network: network, preferring: keep ? original.name : base, in: state)
            sides.append(Side(label: label, model: model, network: network, quantity: quantity, pass: pass, labModel: runsAs))
        }
        return sides
    }

    /// The lab's model that computes what `model` computes: `preferred` (the model itself,
    /// or the one a setting's variants are made of) when it runs the same network with the
    /// same dropout, else the first of the lab's models that does, else nil.
    ///
    /// A setting's variant that is one of the lab's models is then shown as that model: on a
    /// model `tanh` whose relu twin is the model `relu`, `compare --activation tanh relu h`
    /// shows what `compare tanh relu h` shows, number for number, and is the same result
    /// for a "do it" task.
    static func labModel(runningAs model: LabModel, network: RecurrentNetwork, preferring preferred: String?, in state: LabState) -> String? {
        let same = state.models.filter { $0.network == network && $0.dropout == model.dropout }.map(\.name)
        if let preferred, same.contains(preferred) { return preferred }
        return same.first
    }

    /// The title over the gradient ratios, each side's norm at step `first` over its norm at
    /// the last step shown with a gradient (`ends`, from 0): `step 1 / step 50: how much
    /// gradient reaches step 1` when that is the input's last step (of `length`), where the
    /// loss enters; `step 1 / step 3: how much of step 3's gradient reaches step 1` when the
    /// steps shown end before it.
    ///
    /// In the reverse direction, which reads the steps from the last to the first, `first` is
    /// the last step shown and each end the first step shown with a gradient, and the loss's
    /// own wording is left out: its gradient comes in at every step it reads.
    static func ratioTitle(first: Int, ends: Set<Int>, length: Int, direction: Direction = .forward) -> String {
        guard ends.count == 1, let end = ends.first else {
            return "step \(first + 1) / each side's \(direction == .forward ? "last" : "first") step with a gradient"
        }
        let what = end == length - 1 && direction == .forward ? "how much gradient reaches step \(first + 1)"
            : "how much of step \(end + 1)'s gradient reaches step \(first + 1)"
        return "step \(first + 1) / step \(end + 1): \(what)"
    }

    /// A table (or sparklines) of both sides per step, the first/last gradient ratios when
    /// comparing gradient norms, and the facets of what was shown.
    /// `unit` keeps one unit's column of each side (a quantity of one column, such as
    /// grad-norm, has no units to pick).
    /// `layer` and `direction` choose what of each side is shown (both sides must have them).
    func blocks(
        steps: Range<Int>, labels: StepLabels, sparklinesOnly: Bool, unit: Int? = nil, layer: Int = 0, direction: Direction = .forward,
        shouldStop: ShouldStop? = nil
    ) throws(LabError) -> (blocks: [Block], facets: [String]) {
        for side in sides { try side.network.requireLayer(layer, direction: direction, model: side.label) }
        var columns: [Table.Column] = []
        var columnValues: [[Double]] = []
        var columnAbsent: [Set<Int>] = []  // positions in `steps` where a column has no value (padding)
        var series: [Series] = []
        var facets: [String] = []
        var variants: [String] = []  // the sides that are none of the lab's models
        var ratios: [BarChart.Bar] = []
        var ratioEnds = Set<Int>()  // the step (from 0) each ratio divides by
        var sequenceLength = 0
        for side in sides {
            let values = try QuantityValues.read(side.quantity, pass: side.pass, network: side.network, model: side.model.name,
                                                 layer: layer, direction: direction, shouldStop: shouldStop)
            var shown = Array(values.columns.indices)
            var unitFacet = ""
            if let unit, values.columns.count > 1 {
                let unit = try resolvedUnit(unit, width: side.network.hiddenSize, model: side.label)
                shown = values.columns.indices.filter { values.columns[$0].name.hasSuffix("[\(unit)]") }
                unitFacet = "/unit\(unit)"
            }
            // One result, whatever the spelling: in either order the sides show the same, and
            // so does a setting's variant that is one of the lab's models, or any name of the quantity.
            let gradientFacet = side.quantity.needsGradient ? side.model.gradient?.facet : nil
            if let labModel = side.labModel {
                // what `show` shows of that model
                facets += QuantityView(model: labModel, quantity: side.quantity, values: values, columns: shown, steps: steps, layer: layer,
                                       direction: direction, layerCount: side.network.numLayers, gradientFacet: gradientFacet).facets
            } else {
                variants.append(side.model.name + (gradientFacet.map { "/" + $0 } ?? "") + unitFacet)
            }
            let single = shown.count == 1 && values.columns.count == 1
            for index in shown {
                columns.append(Table.Column(single ? side.label : values.columns[index].name, group: single ? nil : side.label))
                let column = values.column(index, steps: steps), absent = values.absentPositions(in: steps)
                columnValues.append(column)
                columnAbsent.append(absent)
                series.append(Series(label: side.label + (single ? "" : " " + values.columns[index].name), values: column, absent: absent))
            }
            // in the order the direction reads the steps, so that going back is toward its start
            let order = ReadingOrder(direction: direction, steps: steps)
            let norms = order.arranged(values.column(0, steps: steps))
            // a ratio of a step to itself says nothing
            if side.quantity == .gradientNorm || side.quantity == .cellGradientNorm, steps.count > 1,
               let first = norms.first, let end = norms.lastIndex(where: { $0 > 0 }), end > 0 {
                ratios.append(BarChart.Bar(side.label, first / norms[end]))
                ratioEnds.insert(order.step(at: end) - 1)
                sequenceLength = max(sequenceLength, values.matrix.rows)
            }
        }
        let quantityTitle = sides.first?.quantity.title(in: direction) ?? quantityName
        // which layer and direction, once either side has another to show
        let wholeNetwork = sides.first?.quantity.isWholeNetwork ?? false
        let chosen = !wholeNetwork && sides.contains { $0.network.numLayers > 1 || $0.network.bidirectional } ? " · layer \(layer) \(direction.name)" : ""
        let title = "compare \(sides.map(\.label).joined(separator: " vs ")) · \(quantityTitle)\(chosen) · steps \(steps.lowerBound + 1)–\(steps.upperBound)"
        let logScale = sides.first.map { $0.quantity.needsGradient || $0.quantity == .jacobian } ?? false
        let scale: SparklineGroup.Scale = logScale ? .log : .auto
        var blocks: [Block] = []
        if sparklinesOnly {
            blocks.append(.sparklines(SparklineGroup(title: title, series: series, scale: scale, sharedRange: true, firstIndex: steps.lowerBound + 1)))
        } else {
            let rows = steps.enumerated().map { offset, step in
                Table.Row(labels(step), cells: columnValues.indices.map { columnAbsent[$0].contains(offset) ? .absent : .number(columnValues[$0][offset]) })
            }
            var table = Table(title: title, rowHeader: labels.header, columns: columns, rows: rows, rowNoun: "steps",
                              elisionHint: "--step A..B shows those")
            table.formatSharing = .sameNames  // a value both models share reads the same on both sides
            blocks.append(.table(table))
            if columnValues.count <= 4 {
                blocks.append(.sparklines(SparklineGroup(series: series, scale: scale, sharedRange: true, firstIndex: steps.lowerBound + 1)))
            }
        }
        if !ratios.isEmpty {
            let first = ReadingOrder(direction: direction, steps: steps).step(at: 0) - 1
            blocks.append(.bars(BarChart(title: Self.ratioTitle(first: first, ends: ratioEnds, length: sequenceLength, direction: direction),
                                         bars: ratios, logScale: true)))
        }
        if let quantity = sides.first?.quantity, let absent = columnAbsent.first(where: { !$0.isEmpty }),
           let note = QuantityView.paddingNote(absent.sorted().map { steps.lowerBound + $0 }, quantity: quantity,
                                               style: sparklinesOnly ? .spark : .table) {
            blocks.append(.note(note))
        }
        if sides.first?.quantity == .jacobian, sides.contains(where: { $0.network.kind == .lstm }) {
            blocks.append(.note(lstmJacobianNote(direction)))
        }
        for side in sides where side.quantity.needsGradient {
            if let record = side.model.gradient {
                blocks.append(.note("\(side.label): loss \(record.loss.rawValue), \(record.formula) = \(NumberFormat.single(record.value, significantDigits: 4))"))
            }
        }
        if let note = layerNote(layer: layer, direction: direction, wholeNetwork: wholeNetwork) {
            blocks.append(note)
        }
        if !variants.isEmpty {
            let quantity = sides.first?.quantity.name ?? quantityName
            // another layer or direction than the first's is another result
            let place = layer == 0 && direction == .forward ? "" : "/layer\(layer)/\(direction.name)"
            facets.append("compare/\(variants.sorted().joined(separator: "/"))/\(quantity)\(place)/\(stepFacet(steps))")
        }
        return (blocks, facets)
    }

    /// Which layer and direction of each side the comparison shows, and how to compare
    /// others that both sides have (`--layer N`, `--reverse`); nil when both sides have one
    /// layer read forward only, or the quantity is the whole network's.
    func layerNote(layer: Int, direction: Direction, wholeNetwork: Bool) -> Block? {
        let networks = sides.map(\.network)
        guard !wholeNetwork, networks.contains(where: { $0.numLayers > 1 || $0.bidirectional }) else { return nil }
        let layers = networks.map(\.numLayers).min() ?? 1, bidirectional = networks.allSatisfy(\.bidirectional)
        var others: [String] = []
        if bidirectional { others.append(direction == .forward ? "--reverse compares the reverse one" : "without --reverse, the forward one") }
        if layers > 1 { others.append(bidirectional ? "--layer N another layer" : "--layer N compares another") }
        let shown = "layer \(layer) of each model" + (bidirectional ? ", the \(direction.name) direction" : "")
        return .note(others.isEmpty ? shown : "\(shown); \(others.joined(separator: ", "))")
    }
}
