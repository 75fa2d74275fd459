import RNNEngine
import Rendering

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CommandSpec {
    /// `grad [--loss ...]`: backward through time for the current model and input.
    public static let grad = CommandSpec(
        name: "grad",
        topic: .inspecting,
        summary: "backpropagate through time; show ‖dL/dh_t‖ per step",
        help: """
            Runs backward through time on the current input and shows the gradient norm \
            ‖dL/dh_t‖ of every step (and ‖dL/dc_t‖ for an LSTM) with a log-scale sparkline and \
            the ratio between the first and the last step: a tiny ratio is a vanishing gradient. \
            Losses: last — L = Σ_j h_T[j], the sum of the last step's output (the default: all \
            gradient starts at the last step); sum — L = Σ_t Σ_j h_t[j], every step's output; \
            next-char — the mean cross-entropy of a linear head V h_t + b predicting the next \
            character of the fed text, or the next token of `feed --tokens` (the model's trained \
            head, or the head loaded with its embedding, else a fixed seeded one, as a note says); mse — the mean squared error of a linear head against the input task's \
            target (`feed sine N`, `feed adding N`; numbers, a file or random values have no \
            task, and their target is the input itself, as a note says). With --tbptt K the gradient flows back only \
            within windows of K steps (truncated BPTT; the forward pass is unchanged), and a line \
            says what that cut, against the same loss's whole gradient. With padding \
            (`feed --mask`) every loss leaves out the padding steps, as PyTorch's packed sequences do: \
            sum is over the real steps, last is the last real step's. On a bidirectional model \
            --reverse shows the reverse direction, which reads the input from its end, so its \
            gradient goes back toward the later steps. Afterwards \
            `show dh`, `show dc` and `show grad-norm` read the result.
            """,
        example: "grad --loss last",
        options: [
            .value("loss", kind: .choice(LossKind.allCases.map(\.rawValue)), summary: "which loss", defaultValue: "last"),
            .value("layer", kind: .integer(0...100), summary: "the layer whose norms are shown", defaultValue: "0"),
            .flag("reverse", summary: "the backward direction of a bidirectional model"),
            .value("tbptt", kind: .integer(1...100_000), summary: "truncated BPTT: back-propagate within windows of N steps only"),
        ],
        run: { invocation in
            let session = invocation.session
            var state = session.state
            let loss = LossKind(rawValue: invocation.arguments.string("loss") ?? "last") ?? .last
            let truncation = invocation.arguments.int("tbptt")
            let layer = invocation.arguments.int("layer") ?? 0
            let direction: Direction = invocation.arguments.flag("reverse") ? .reverse : .forward
            // a layer or direction the model does not have is told before the backward pass runs
            let chosen = try state.requireModel()
            try state.requireNetwork(chosen).requireLayer(layer, direction: direction, model: chosen.name)
            let model = try GradientComputation.run(chosen, in: state, loss: loss,
                                                    truncation: truncation, shouldStop: session.isInterrupted)
            let network = try state.requireNetwork(model)
            let steps = try state.visibleSteps()
            // what truncation cut shows against the whole gradient of the same loss; a window
            // as long as the input cuts nothing, and is that gradient already
            let cutsNothing = truncation.map { $0 >= (state.input?.length ?? 0) } ?? false
            let whole = truncation == nil ? nil : cutsNothing ? model
                : try GradientComputation.run(try state.requireModel(), in: state, loss: loss, shouldStop: session.isInterrupted)
            let table = try GradientView.table(model: model, network: network, state: state, layer: layer, direction: direction,
                                               steps: steps, untruncated: whole)
            state.currentModel = model
            session.commit(state)
            session.addFacets(table.facets)
            var blocks = table.blocks
            if let note = model.gradient?.note { blocks.append(.note(note)) }
            if let input = state.input, steps.count < input.length {
                blocks.append(.note("the backward pass covers all \(input.length) steps; the cursor shows 1–\(steps.count) (`run` for all)"))
            }
            if let note = network.layerNote(layer: layer, direction: direction) { blocks.append(note) }
            return blocks
        }
    )
}

/// The per-step gradient norms of a model after `grad`, as a table, sparklines and a ratio.
enum GradientView {
    /// The blocks and facets of `grad`'s result.
    /// `untruncated` is the model after the same loss's whole backward pass, beside a
    /// truncated one, to say what truncation cut.
    static func table(
        model: LabModel, network: RecurrentNetwork, state: LabState, layer: Int, direction: Direction, steps: Range<Int>,
        untruncated: LabModel? = nil
    ) throws(LabError) -> (blocks: [Block], facets: [String]) {
        guard let pass = model.pass, let record = model.gradient else {
            throw LabError("no gradients yet — run `grad` first")
        }
        var quantities: [Quantity] = [.gradientNorm]
        if network.kind == .lstm { quantities.append(.cellGradientNorm) }
        var series: [Series] = []
        var facets: [String] = []
        for quantity in quantities {
            let values = try QuantityValues.read(quantity, pass: pass, network: network, model: model.name, layer: layer, direction: direction)
            series.append(Series(label: values.columns[0].name, values: values.column(0, steps: steps)))
            facets.append("\(model.name)/\(quantity.name)/\(record.facet)/layer\(layer)/\(direction.name)/\(stepFacet(steps))")
        }
        let label = state.stepLabeler()
        let rows = steps.map { step in Table.Row(label(step), series.map { $0.values[step - steps.lowerBound] }) }
        let title = "\(model.name) · backward through time · layer \(layer) \(direction.name) · loss \(record.loss.rawValue)"
        var table = Table(title: title, rowHeader: label.header, columns: series.map { Table.Column($0.label) }, rows: rows, rowNoun: "steps",
                          elisionHint: "show \(Quantity.gradientNorm.name) --all lists every step")
        table.formatSharing = .allColumns  // both are gradient norms: a 0 or a 2 reads alike in each
        var blocks: [Block] = [
            .prose("loss \(record.loss.rawValue): \(record.formula) = \(NumberFormat.single(record.value, significantDigits: 4)) (\(record.meaning))"),
            .table(table),
            // one scale for both rows: both are gradient norms, and a shared range shows which path keeps more
            .sparklines(SparklineGroup(title: "gradient norm per step", series: series, scale: .log, sharedRange: true,
                                       firstIndex: steps.lowerBound + 1)),
        ]
        // back through time in the order the direction read the steps: toward step 1
        // forward, toward the last step in the reverse direction
        let order = ReadingOrder(direction: direction, steps: steps)
        let norms = order.arranged(series[0].values)
        if !record.value.isFinite {
            blocks.append(.prose(overflowVerdict(loss: record.value, relu: network.nonlinearity == .relu)))
        } else if let truncation = record.truncation {
            let whole = try untruncated?.pass.map { pass throws(LabError) in
                order.arranged(try QuantityValues.read(.gradientNorm, pass: pass, network: network, model: model.name, layer: layer,
                                                       direction: direction).column(0, steps: steps))
            }
            blocks.append(.prose(truncationVerdict(norms, whole: whole, window: truncation, order: order)))
        } else if let lastIndex = norms.lastIndex(where: { $0 > 0 }), lastIndex > 0 {
            blocks.append(.prose(verdict(Array(norms[...lastIndex]), order: order)))
            // an LSTM's cell state is the other road back, and often the one that carries it;
            // ‖dL/dc_t‖ is all of the gradient at c_t, not the share that came along the cell path
            let cellNorms = series.count > 1 ? order.arranged(series[1].values) : []
            if !cellNorms.isEmpty, cellNorms[lastIndex] > 0 {
                blocks.append(.prose(verdict(Array(cellNorms[...lastIndex]), order: order, symbol: "c", subject: "the gradient at the cell state")
                    + " " + Self.cellGradientPaths(direction)))
            }
        } else if direction == .reverse, record.loss == .last, norms.first.map({ $0 > 0 }) == true {
            blocks.append(.prose("Only the reverse direction's first state, at the last step, enters this loss (the output at the last step "
                + "holds both directions' states), so none of its other states gets a gradient; --loss sum puts every step's output in the loss."))
        }
        if direction == .reverse {
            blocks.append(.note("the reverse direction reads the steps from the last to the first, so its gradient goes back through time toward the later steps"))
        }
        return (blocks, facets)
    }

    /// Why no ratio of gradient norms is read when the loss is not finite: the forward pass
    /// overflowed (with ReLU h is unbounded and grows about like radius^t), and the backward
    /// pass multiplies by ∞ and 0 (∞ · 0 = NaN), so the norms are ∞ or NaN and their ratio
    /// says nothing about vanishing or exploding.
    static func overflowVerdict(loss: Double, relu: Bool) -> String {
        "The loss is \(NumberFormat.single(loss, significantDigits: 4)): the forward pass overflowed (`show h` shows where), so the "
            + "gradients that go back through the overflow are infinite or NaN, and no ratio between the first and last step means "
            + "anything. Start from smaller weights (a smaller --radius), feed a shorter input"
            + (relu ? ", or use --activation tanh, which keeps h within ±1." : ".")
    }

    /// What truncation to windows of `window` steps did to the gradient norms `norms` (in
    /// the direction's reading ``order``), against `whole`, the norms of the loss's whole
    /// backward pass: where they stop (exactly 0 before some step: cut, not vanished), or
    /// that they are smaller than the whole gradient's though no step gets 0 (a loss at
    /// every step sends each step gradient from within its own window), or that nothing
    /// was cut.
    static func truncationVerdict(_ norms: [Double], whole: [Double]?, window: Int, order: ReadingOrder) -> String {
        guard let reached = norms.firstIndex(where: { $0 > 0 }) else {
            return "With truncation no step gets a gradient from this loss."
        }
        if reached > 0 {
            return "With truncation the gradient of this loss reaches back to step \(order.step(at: reached)) and no further: "
                + "the steps \(order.direction == .forward ? "before" : "after") it get exactly 0, cut, not vanished."
        }
        guard let whole, whole.count == norms.count else {
            return "With truncation the gradient of this loss reaches step \(order.step(at: 0)); run grad without --tbptt to see what was cut."
        }
        let cut = zip(norms, whole).map { abs($0 - $1) > 1e-12 * max(abs($1), 1e-300) }
        guard let first = cut.firstIndex(of: true) else {
            return "The windows of truncation are long enough here: every step gets the gradient it gets without truncation."
        }
        func shown(_ value: Double) -> String { NumberFormat.single(value, significantDigits: 4) }
        return "Every step still gets some gradient, from this loss's terms within its window of \(window), but what the later terms "
            + "send from further back is cut: ‖dL/dh_\(order.step(at: first))‖ is \(shown(norms[first])) here, "
            + "\(shown(whole[first])) without truncation."
    }

    /// What ‖dL/dc_t‖ takes in, said after its verdict: c_t reaches the loss along the
    /// cell path, c_{t+1} = f_{t+1} ⊙ c_t + i_{t+1} ⊙ g_{t+1}, and through h_t = o_t ⊙ tanh(c_t),
    /// which feeds the output and the next step's gates, so
    /// dL/dc_t = dL/dc_{t+1} ⊙ f_{t+1} + dL/dh_t ⊙ o_t ⊙ tanh′(c_t): the cell path is one term.
    /// The reverse direction's next step is t − 1, so its cell path multiplies by f_{t−1}.
    static func cellGradientPaths(_ direction: Direction) -> String {
        "‖dL/dc_t‖ takes in every path into c_t: the cell path, which multiplies by f_{t\(direction == .forward ? "+" : "−")1}, "
            + "and the paths through h_t and the gates."
    }

    /// `‖dL/dh_1‖ / ‖dL/dh_50‖ = 3.1e-9: ...` in words (`symbol` c for the cell state's):
    /// how much of the gradient at the last step reaches the first, and whether it vanishes
    /// or explodes.
    ///
    /// The verdict follows the trend over the steps, not the end-to-end ratio alone: when a
    /// few of the last steps carry most of the change (an LSTM's ‖dL/dh_t‖ often falls from
    /// √H to a small value over two or three steps and then stays about level), the
    /// sentence says so and judges the steps before them on their own.
    static func verdict(_ norms: [Double], order: ReadingOrder, symbol: String = "h", subject: String = "the gradient") -> String {
        let (first, last) = (norms.first ?? .nan, norms.last ?? .nan)
        let (firstStep, lastStep) = (order.step(at: 0), order.step(at: norms.count - 1))
        let ratio = first / last
        let text = "‖dL/d\(symbol)_\(firstStep)‖ / ‖dL/d\(symbol)_\(lastStep)‖ = \(NumberFormat.single(ratio, significantDigits: 3))"
        let back = norms.count - 1
        if ratio == 0 {
            return text + ": going back \(back) steps \(subject) underflows to exactly 0 (it vanishes completely)."
        }
        guard ratio.isFinite, ratio > 0 else { return text }
        if let tail = SteepTail(norms) {
            let bodyEnd = order.step(at: norms.count - 1 - tail.steps)
            let along = symbol == "c" ? "at the cell state " : ""
            let direction = log10(ratio) < 0 ? "drop" : "growth"
            let ends = "\(NumberFormat.single(last, significantDigits: 3)) → \(NumberFormat.single(norms[norms.count - 1 - tail.steps], significantDigits: 3))"
            let end = order.direction == .forward ? "last" : "first"
            return text + ", but \(along)most of the \(direction) is in the \(end) \(tail.steps == 1 ? "step" : "\(tail.steps) steps") (\(ends)); over steps "
                + "\(firstStep)–\(bodyEnd) it " + change(first / norms[norms.count - 1 - tail.steps], steady: true) + "."
        }
        if abs(log10(ratio)) <= log10(2) {
            return text + ": \(subject) reaches step \(firstStep) with about the same size (within a factor 2)."
        }
        return text + ": going back \(back) step\(back == 1 ? "" : "s") \(subject) " + change(ratio) + "."
    }

    /// How a gradient changes going back, by `ratio` (first over last): `shrinks by 5.9
    /// orders of magnitude (it vanishes)`, `grows by a factor 3.6`; with `steady`, a change
    /// below a factor 10 is `changes by ×0.16 (no steady vanishing)`.
    private static func change(_ ratio: Double, steady: Bool = false) -> String {
        let decades = log10(ratio)
        // with one decimal (17.4, 3.2): the number a learner reads off and may be asked for
        let orders = NumberFormat.single(abs(decades), significantDigits: abs(decades) >= 10 ? 3 : 2)
        if decades < -3 { return "shrinks by \(orders) orders of magnitude (it vanishes)" }
        if decades > 3 { return "grows by \(orders) orders of magnitude (it explodes)" }
        if steady && abs(decades) < 1 {
            return "changes by ×\(NumberFormat.single(ratio, significantDigits: 2)) (no steady \(decades < 0 ? "vanishing" : "explosion"))"
        }
        return "\(decades < 0 ? "shrinks" : "grows") by a factor \(NumberFormat.single(decades < 0 ? 1 / ratio : ratio, significantDigits: 2))"
    }
}

/// The last few steps of a gradient's norms when they carry most of its change from the
/// first step to the last: two thirds or more of the change in log10, over at most a
/// quarter of the steps, and a change of at least a factor 10 in all.
struct SteepTail {
    /// How many of the last steps (going back from the last) carry the change.
    let steps: Int

    /// Nil when the change is spread over the steps, or smaller than a factor 10, or some
    /// norm is zero or not finite.
    init?(_ norms: [Double]) {
        guard norms.count >= 5, norms.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
        let logs = norms.map { log10($0) }
        let total = logs[0] - logs[logs.count - 1]
        guard abs(total) >= 1 else { return nil }
        for steps in 1...max(1, (norms.count - 1) / 4) {
            let tail = logs[logs.count - 1 - steps] - logs[logs.count - 1]
            if tail / total >= 2.0 / 3.0 {
                self.steps = steps
                return
            }
        }
        return nil
    }
}
