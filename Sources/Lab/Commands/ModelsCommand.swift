import RNNEngine
import Rendering

extension CommandSpec {
    /// `models`: lists the models.
    public static let models = CommandSpec(
        name: "models",
        topic: .models,
        summary: "list the models; * marks the current one",
        help: "Lists every model with its kind, sizes, parameter count, options (how its weights started, layer norm, no biases, dropout) and where it came from. The current model, which commands act on, is marked with *. `use NAME` picks another. `mode` says whether dropout is applied.",
        example: "models",
        run: { invocation in
            let state = invocation.session.state
            guard !state.models.isEmpty else {
                return [.note("no models yet — make one with `model lstm --hidden 4`")]
            }
            // long options or a long file name are cut to the screen rather than paged
            let columns = ["kind", "input", "hidden", "layers"].map { Table.Column($0) } + [Table.Column("params", isCount: true)]
                + [Table.Column("options", fit: .shrink(minimum: 14)), Table.Column("from", fit: .shrink(minimum: 14))]
            let rows = state.models.map { model -> Table.Row in
                let marker = model.name == state.currentModelName ? "* " : "  "
                let kind = model.network?.kind ?? model.settings?.kind ?? .rnn
                let kindText = kind.rawValue + (kind == .rnn ? " " + (model.network?.nonlinearity ?? model.settings?.activation ?? .tanh).rawValue : "")
                    + ((model.network?.bidirectional ?? model.settings?.bidirectional ?? false) ? " bi" : "")
                let input: Table.Cell = (model.network?.inputSize ?? model.settings?.inputSize).map { .number(Double($0)) } ?? "-"
                let hidden = Double(model.network?.hiddenSize ?? model.settings?.hiddenSize ?? 0)
                let layers = Double(model.network?.numLayers ?? model.settings?.layers ?? 1)
                let params: Table.Cell = model.network.map { .number(Double(ParameterCount($0).total)) } ?? "-"
                // the file's name (its folder is in `load`'s message), so the table keeps to the screen
                let source = model.sourceFile.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? "seed \(model.settings?.seed ?? 0)"
                let layerNorm = model.network?.layerNorm ?? model.settings?.layerNorm ?? false
                // no biases: a module made with bias=False, loaded, or made with --no-bias
                let biasFree = !(model.network?.hasBiases ?? model.settings?.biases ?? true)
                let options = ((model.settings?.startingWeightsWords ?? []) + (layerNorm ? ["layer norm"] : []) + (biasFree ? ["no biases"] : [])
                    + (model.dropout.isNone ? [] : [model.dropout.summary])).joined(separator: ", ")
                return Table.Row(marker + model.name, cells: [.text(kindText), input, .number(hidden), .number(layers), params,
                                                              .text(options.isEmpty ? "-" : options), .text(source)])
            }
            invocation.session.addFacets(state.models.map { "models/\($0.name)" })
            var blocks: [Block] = [.table(Table(title: "models", rowHeader: "name", columns: columns, rows: rows, showAll: true))]
            // options long enough for an 80-column screen to cut, in full: every rate and setting matters
            for (model, row) in zip(state.models, rows) {
                if case .text(let options) = row.cells[5], options.count > 26 { blocks.append(.note("\(model.name): \(options)")) }
            }
            if state.models.contains(where: { !$0.dropout.isNone }) {
                blocks.append(.note("mode \(state.mode.rawValue): dropout is \(state.mode == .train ? "applied" : "off (`mode train` applies it)")"))
            }
            return blocks
        }
    )
}
