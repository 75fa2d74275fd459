import RNNEngine
import Rendering

extension CommandSpec {
    /// `compare A B [QUANTITY]`: two models, or one model under two settings, side by side.
    public static let compare = CommandSpec(
        name: "compare",
        topic: .inspecting,
        summary: "show two models (or two settings) side by side per step",
        help: """
            Runs two models on the current input and shows QUANTITY (default h) side by side, one \
            row per step. `compare rnn lstm grad-norm` back-propagates each model's last loss (or \
            `last`) and keeps the result, so `show grad-norm` and lesson checks read it: this is \
            how a vanishing gradient shows. With a setting, one model (the current one) is run \
            twice: `compare --activation tanh relu h`, `compare --radius 0.5 1.5 grad-norm`, \
            `compare --forget-bias 0 3 grad-norm`, `compare --init pytorch identity h`; those \
            variants are not kept.
            """,
        example: "compare rnn lstm grad-norm",
        positionals: [
            PositionalSpec("a", summary: "the first model (or, with a setting option, the second value)", completion: .models),
            PositionalSpec("b", summary: "the second model (or, with a setting option, the quantity)", isOptional: true, completion: .models),
            PositionalSpec("quantity", summary: "what to compare (default h)", isOptional: true, completion: .quantities),
        ],
        options: [
            .value("activation", kind: .choice(["tanh", "relu"]), summary: "the first activation; the second follows it"),
            .value("radius", kind: .number(0...100), summary: "the first spectral radius; the second follows it"),
            .value("forget-bias", kind: .number(-100...100), summary: "the first forget bias; the second follows it"),
            .value("init", kind: .choice(["pytorch", "identity"]), summary: "the first init; the second follows it"),
            .value("step", kind: .text, summary: "a step or range, from 1: 3 or 2..4"),
            .value("as", kind: .choice(["table", "spark"]), summary: "a table, or one sparkline per unit", defaultValue: "table"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            var state = session.state
            let settingNames = ["activation", "radius", "forget-bias", "init"].filter { arguments.string($0) != nil }
            guard settingNames.count <= 1 else {
                throw LabError("compare: give one setting to vary, not \(settingNames.joined(separator: " and "))")
            }
            var variants: [(label: String, model: LabModel)] = []
            let quantityName: String
            let keep: Bool
            if let setting = settingNames.first {
                let base = try state.requireModel()
                let first = arguments.string(setting) ?? ""
                let second = arguments.string("a") ?? ""
                quantityName = arguments.string("b") ?? arguments.string("quantity") ?? "h"
                for value in [first, second] {
                    var model = base
                    _ = try ModelSetting.apply(setting, value, to: &model, layer: 0, reverse: false)
                    model.name = "\(base.name) \(setting)=\(value)"
                    variants.append((label: "\(setting)=\(value)", model: model))
                }
                keep = false
            } else {
                guard let second = arguments.string("b") else {
                    throw LabError("compare: name two models (`compare rnn lstm grad-norm`) or vary a setting (`compare --radius 0.5 1.5 grad-norm`)")
                }
                let a = try state.requireModel(arguments.string("a"))
                let b = try state.requireModel(second)
                guard a.name != b.name else { throw LabError("compare: name two different models; both are \(a.name)") }
                variants = [(a.name, a), (b.name, b)]
                quantityName = arguments.string("quantity") ?? "h"
                keep = true
            }
            // Run each variant on the input (and backward when the quantity needs it).
            var results: [(label: String, model: LabModel, network: RecurrentNetwork, quantity: Quantity, pass: ForwardPass)] = []
            for (label, original) in variants {
                var scratch = state
                scratch.models = [original]
                scratch.currentModelName = original.name
                if !keep || original.pass == nil { _ = try scratch.refreshPass(named: original.name) }
                var model = scratch.model(named: original.name) ?? original
                let network = try scratch.requireNetwork(model)
                let quantity = try Quantity.parse(quantityName, kind: network.kind)
                guard quantity != .weights else { throw LabError("compare: weights are not a series over time; use `show weights` on each model") }
                var pass = try scratch.requirePass(model)
                if quantity.needsGradient {
                    let current = model.gradient != nil && model.passNetwork == network
                    if !current || !keep {
                        model = try GradientComputation.run(model, in: scratch, loss: model.gradient?.loss ?? .last)
                    }
                    pass = model.pass ?? pass
                }
                results.append((label, model, network, quantity, pass))
            }
            if keep {
                for result in results { if let index = state.models.firstIndex(where: { $0.name == result.model.name }) { state.models[index] = result.model } }
            }
            let steps = try state.steps(arguments.string("step"))
            var columns: [Table.Column] = []
            var columnValues: [[Double]] = []
            var series: [Series] = []
            var facets: [String] = []
            var ratios: [BarChart.Bar] = []
            for result in results {
                let values = try QuantityValues.read(result.quantity, pass: result.pass, network: result.network, model: result.model.name, layer: 0, direction: .forward)
                let view = QuantityView(model: result.model.name, quantity: result.quantity, values: values, columns: Array(values.columns.indices),
                                        steps: steps, layer: 0, direction: .forward, layerCount: result.network.numLayers)
                if keep { facets += view.facets }
                for index in values.columns.indices {
                    let name = values.columns.count == 1 ? result.label : values.columns[index].name
                    columns.append(Table.Column(name, group: values.columns.count == 1 ? nil : result.label))
                    let column = values.column(index, steps: steps)
                    columnValues.append(column)
                    series.append(Series(label: result.label + (values.columns.count == 1 ? "" : " " + values.columns[index].name), values: column))
                }
                if result.quantity == .gradientNorm || result.quantity == .cellGradientNorm,
                   let first = values.column(0, steps: steps).first, let last = values.column(0, steps: steps).last(where: { $0 > 0 }) {
                    ratios.append(BarChart.Bar(result.label, first / last))
                }
            }
            let quantityTitle = results.first?.quantity.title ?? quantityName
            let title = "compare \(results.map(\.label).joined(separator: " vs ")) · \(quantityTitle) · steps \(steps.lowerBound + 1)–\(steps.upperBound)"
            var blocks: [Block] = []
            let logScale = results.first.map { $0.quantity.needsGradient || $0.quantity == .jacobian } ?? false
            if arguments.string("as") == "spark" {
                blocks.append(.sparklines(SparklineGroup(title: title, series: series, scale: logScale ? .log : .auto, sharedRange: true, firstIndex: steps.lowerBound + 1)))
            } else {
                let rows = steps.enumerated().map { offset, step in Table.Row(state.stepLabel(step), columnValues.map { $0[offset] }) }
                blocks.append(.table(Table(title: title, rowHeader: "step", columns: columns, rows: rows, rowNoun: "steps")))
                if columnValues.count <= 4 {
                    blocks.append(.sparklines(SparklineGroup(series: series, scale: logScale ? .log : .auto, sharedRange: true, firstIndex: steps.lowerBound + 1)))
                }
            }
            if !ratios.isEmpty {
                blocks.append(.bars(BarChart(title: "first step / last step: how much gradient reaches step \(steps.lowerBound + 1)", bars: ratios, logScale: true)))
            }
            for result in results where result.quantity.needsGradient {
                if let record = result.model.gradient { blocks.append(.note("\(result.label): loss \(record.loss.rawValue), \(record.loss.formula) = \(NumberFormat.single(record.value, significantDigits: 4))")) }
            }
            if keep {
                session.commit(state)
            }
            session.addFacets(facets.isEmpty ? ["compare/\(results.map(\.label).joined(separator: "/"))/\(quantityName)/\(stepFacet(steps))"] : facets)
            return blocks
        }
    )
}
