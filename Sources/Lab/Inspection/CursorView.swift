import RNNEngine
import Rendering

/// What the cursor commands show: the current model's values at the cursor's step.
enum CursorView {
    /// A position line and, when the cursor is on a step, that step's values (one row per
    /// quantity, one column per unit).
    static func blocks(_ session: Session) throws(LabError) -> [Block] {
        let state = session.state
        let input = try state.requireInput()
        guard state.cursor > 0 else {
            return [.prose("At the start: no step shown yet (input has \(input.length) steps). `step` shows step 1.")]
        }
        let step = state.cursor - 1
        var blocks: [Block] = [.prose("At step \(state.cursor) of \(input.length): \(state.stepLabel(step))")]
        guard let model = state.currentModel, let network = model.network, let pass = model.pass else { return blocks }
        let quantities = network.kind.valueQuantities
        var rows: [Table.Row] = []
        var facets: [String] = []
        // at a padding step the cell does not run: h and c are carried, the gates are absent
        let isPadding = pass.trace.directions.first.map { step < $0.mask.count && !$0.mask[step] } ?? false
        for quantity in quantities {
            guard let values = pass.trace.value(quantity, layer: 0, direction: .forward, step: step) else { continue }
            let absent = isPadding && !quantity.existsAtPadding
            rows.append(absent ? Table.Row(quantity.symbol, cells: values.map { _ in .absent }) : Table.Row(quantity.symbol, values))
            facets += (0..<values.count).map { "\(model.name)/\(quantity.symbol)/layer0/forward/unit\($0)/t\(step + 1)" }
        }
        let columns = (0..<network.hiddenSize).map { Table.Column("[\($0)]") }
        blocks.append(.table(Table(title: "\(model.name) at \(state.stepLabel(step)), layer 0", rowHeader: "value", columns: columns, rows: rows, showAll: true)))
        if isPadding, network.kind != .rnn {
            blocks.append(.note("— at step \(step + 1): padding, where no gates are computed; the state passes through unchanged"))
        }
        session.addFacets(facets)
        return blocks
    }
}
