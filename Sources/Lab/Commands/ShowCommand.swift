import RNNEngine
import Rendering

extension CommandSpec {
    /// `show QUANTITY ...`: a quantity of the current model per step, as a table, sparklines or heat strips.
    public static let show = CommandSpec(
        name: "show",
        topic: .inspecting,
        summary: "show a state, gate or gradient of the current model per step",
        help: """
            Shows QUANTITY of the current model for the steps up to the cursor: x (or input: the \
            input fed, one column per feature), h (or state, in an RNN or GRU), c (LSTM), a gate by its symbol (i f g o for an \
            LSTM, r z n for a GRU; input-gate, forget, output-gate … in words), gates (all of them, \
            grouped), pre (pre-activations), dh, dc, grad-norm, cell-grad-norm (after `grad`), \
            jacobian (the spectral norm ‖∂h_t/∂h_{t−1}‖₂, the Jacobian's largest singular value, per \
            step; for an LSTM with c_{t−1} held fixed; ∂h_t/∂h_{t+1} in the reverse direction, which reads h_{t+1}), radius or norm (the spectral radius and the spectral norm ‖·‖₂ \
            of each recurrent block W_h·, the numbers lesson checks call radius and norm, without the weights), \
            weights (heat maps and spectral radii; `--as table` gives the numbers; a large matrix shows the first and last rows of each gate and its first and last columns unless --all, which draws a layer of at most \(NumberFormat.count(WeightsView.largestDrawnHeatMap)) weights; --format csv writes any) or output; next (after `feed --tokens` through a whole token model's embedding, or text \
            fed to a model trained on it) lists at each step the --top K (default \(NextTokenView.defaultTop)) most likely next tokens with their \
            probability p = softmax(W_hy h_t + b_y) under the model's head, as torch.softmax(model(tokens), -1) gives, \
            and the token that came next with its p and log p. Rows are \
            steps, each with what it read under `input` (t=3 'l'), columns are units. A table shows the first and \
            last steps of a long input and, past \(QuantityView.widestWholeGroup) units, the first and last \
            \(QuantityView.shownOfWideGroup / 2) units (of each gate), and so do sparklines and heat strips: \
            --step and --unit (3 or 0..7) choose others, --all shows every one. Heat strips of units whose \
            values differ tenfold or more draw each on its own range, written at its right; --range shared or \
            own chooses. --format csv or json \
            prints the numbers in full precision for other tools, with what each step read in \
            columns of their own: the character of a text, else x itself (x[0], x[1], …). At padding steps (`feed --mask`) \
            no gate or pre-activation is computed: they show as — (a gap in sparklines and heat \
            strips, null in json, and csv and json get a mask column, 1 at a real step and 0 at \
            padding), while h and c carry the state through. A table marks a padding step `pad` \
            beside its number (t=4 pad); x there, fed but never read, is listed in a table and \
            left out of sparklines and heat strips.
            """,
        example: "show f --step 2..4 --unit 1",
        positionals: [PositionalSpec("quantity", summary: "what to show", completion: .shownQuantities)],
        options: [
            .value("step", kind: .text, summary: "a step or range from 1: 3, 2..4, -1 (the last)"),
            .value("unit", kind: .text, summary: "a unit or range from 0: 3, 0..7, -1 (the last)"),
            .value("layer", kind: .integer(0...100), summary: "which layer, from 0", defaultValue: "0"),
            .flag("reverse", summary: "the backward direction of a bidirectional model"),
            .value("as", kind: .choice(QuantityView.Style.allCases.map(\.rawValue)), summary: "how to draw it", defaultValue: "table"),
            .value("format", kind: .choice(["text", "csv", "json"]), summary: "text for people, csv or json for tools", defaultValue: "text"),
            .flag("all", summary: "every step and unit, none elided"),
            .value("range", kind: .choice(["shared", "own"]), summary: "heat strips: one range for all units, or each its own"),
            .value("top", kind: .integer(1...100), summary: "show next: how many of the most likely next tokens each step lists (default \(NextTokenView.defaultTop))"),
        ],
        run: { invocation in
            let session = invocation.session
            let arguments = invocation.arguments
            let state = session.state
            let model = try state.requireModel()
            let layer = arguments.int("layer") ?? 0
            let direction: Direction = arguments.flag("reverse") ? .reverse : .forward
            if let name = arguments.string("quantity"), WeightsView.spectraNames.contains(name) {
                let ignored = ["step", "unit", "as", "range"].filter { arguments.wasGiven($0) } + (arguments.flag("all") ? ["all"] : [])
                guard ignored.isEmpty else {
                    throw LabError("show \(name) gives one spectral radius and norm per recurrent block, with no steps, units or drawing; leave out \(ignored.map { "--" + $0 }.joined(separator: " and "))")
                }
                let network = try state.requireNetwork(model)
                let table = try spectraTable(session: session, network: network, model: model.name, layer: layer, direction: direction)
                session.addFacets(["\(model.name)/spectra/layer\(layer)/\(direction.name)"])
                return try formatted([table] + [network.layerNote(layer: layer, direction: direction)].compactMap { $0 }, as: arguments.string("format"), shouldStop: session.isInterrupted)
            }
            if let name = arguments.string("quantity"), NextTokenView.names.contains(name) {
                let ignored = ["unit", "layer", "as", "range"].filter { arguments.wasGiven($0) } + (arguments.flag("reverse") ? ["reverse"] : [])
                guard ignored.isEmpty else {
                    throw LabError("show \(name) gives the output head's predictions from the network's output, per step, with no units, layers or drawing; "
                        + "leave out \(ignored.map { "--" + $0 }.joined(separator: " and "))")
                }
                return try formatted(try nextTokenBlocks(session: session, model: model, arguments: arguments), as: arguments.string("format"), shouldStop: session.isInterrupted)
            }
            if let top = arguments.int("top") {
                throw LabError("--top \(top) chooses how many likely next tokens `show next` lists; leave it out of show \(arguments.string("quantity") ?? "")")
            }
            let quantity = try Quantity.parse(arguments.string("quantity") ?? "", kind: model.network?.kind ?? model.settings?.kind ?? .lstm)
            if quantity == .weights {
                let ignored = [("step", arguments.string("step") != nil), ("unit", arguments.string("unit") != nil),
                               ("as spark", arguments.string("as") == "spark"), ("range", arguments.string("range") != nil)].filter(\.1).map { "--" + $0.0 }
                guard ignored.isEmpty else {
                    throw LabError("show weights draws every weight of a layer as heat maps (or with `--as table` as numbers), with no steps or units; leave out \(ignored.joined(separator: " and "))")
                }
                let network = try state.requireNetwork(model)
                // heat maps unless the numbers are asked for with `--as table`
                // (and for --format csv or json, whose rows are then the matrices' rows)
                let asNumbers = arguments.wasGiven("as") && arguments.string("as") == "table" || arguments.string("format").map { $0 != "text" } == true
                let showAll = arguments.flag("all")
                let exported = arguments.string("format").map { $0 != "text" } == true
                if asNumbers, showAll, !exported {
                    let cells = WeightsView.numberCount(network: network, layer: layer, direction: direction)
                    if cells > QuantityView.largestShownTable {
                        throw LabError("show weights --all prints at most \(QuantityView.largestShownTable) numbers, and this layer has \(cells): write them all with --format csv")
                    }
                }
                if !asNumbers, showAll {
                    try WeightsView.checkDrawable(network: network, model: model.name, layer: layer, direction: direction)
                }
                var blocks = try WeightsView.weights(network: network, model: model.name, layer: layer, direction: direction,
                                                     asNumbers: asNumbers, showAll: showAll || exported)
                // the weights at once: the spectral radii after them take seconds for a large
                // model. Not with --all: millions of cells take seconds to lay out, and laid out
                // with the rest they show that the command runs and stop on Ctrl-C.
                if !exported, !showAll, session.showNow(blocks) { blocks = [] }
                blocks.append(try spectraTable(session: session, network: network, model: model.name, layer: layer, direction: direction))
                if let note = network.layerNote(layer: layer, direction: direction) { blocks.append(note) }
                session.addFacets(["\(model.name)/weights/layer\(layer)/\(direction.name)"])
                return try formatted(blocks, as: arguments.string("format"), shouldStop: session.isInterrupted)
            }
            // run again when the weights changed since the last pass (after training, say)
            let pass = try state.requirePass(model, shouldStop: session.isInterrupted)
            let network = try state.requireNetwork(model)
            let steps = try state.steps(arguments.string("step"))
            let values = try QuantityValues.read(quantity, pass: pass, network: network, model: model.name, layer: layer, direction: direction,
                                                 shouldStop: session.isInterrupted)
            let chosen = try QuantityView.columns(of: values, quantity: quantity, units: arguments.string("unit"),
                                                  hiddenSize: network.hiddenSize, model: model.name)
            let style = QuantityView.Style(rawValue: arguments.string("as") ?? "table") ?? .table
            if arguments.string("range") != nil, style != .heat {
                throw LabError("--range chooses the ranges of heat strips; add --as heat")
            }
            let exported = (arguments.string("format") ?? "text") != "text"
            // the screen shows the first and last units of a wide group, as a table shows
            // the first and last steps: a sparkline or heat strip per unit too
            let (columns, leftOut) = !exported && !arguments.flag("all")
                ? QuantityView.elided(chosen, of: values) : (chosen, [:])
            var view = QuantityView(model: model.name, quantity: quantity, values: values, columns: columns, steps: steps,
                                    layer: layer, direction: direction, layerCount: network.numLayers,
                                    gradientFacet: model.gradient?.facet)
            view.leftOutColumns = leftOut
            view.bidirectional = network.bidirectional
            view.eachUnitOnItsOwnRange = arguments.string("range").map { $0 == "own" }
            view.leftOutHint = arguments.string("unit") == nil ? "--unit K or --unit A..B shows others" : "--all shows them"
            session.addFacets(view.facets)
            // a screen cannot hold more
            let cells = steps.count * columns.count
            if arguments.flag("all"), style == .table, !exported, cells > QuantityView.largestShownTable {
                throw LabError("show --all prints at most \(QuantityView.largestShownTable) numbers, and this is \(cells) (\(steps.count) steps × \(columns.count) units): choose some with --step A..B or --unit A..B, or write them all with --format csv or `export FILE.csv`")
            }
            // the step and what it read in columns of their own: the character, or x's numbers
            // (which `show x` itself lists, so its rows are labelled by the step alone)
            let characters = state.readCharacters
            var blocks = exported && style == .table
                ? [.table(view.exportTable(characters: characters, inputs: characters == nil ? pass.input.denseMatrix : nil,
                                           mask: state.input?.mask))]
                : view.blocks(style: style, labels: quantity == .input && characters == nil && state.input?.tokens == nil
                                  ? .stepsOnly(state.stepAndPadding) : state.stepLabeler(),
                              showAll: arguments.flag("all"))
            if quantity == .input, let tokens = state.input?.tokens, !exported {
                let shown = tokens.indices.prefix(12).map(String.init).joined(separator: ", ") + (tokens.indices.count > 12 ? ", …" : "")
                blocks.append(.note("x_t is the row of \(tokens.model)'s embedding (\(tokens.embedding)) for the token each step read "
                    + "(#k in the step column): tokens \(shown)"))
            }
            if quantity == .jacobian, network.kind == .lstm { blocks.append(.note(lstmJacobianNote(direction))) }
            if quantity.needsGradient, let record = model.gradient {
                blocks.append(.note("from the last `grad`: \(record.definition)"))
                if let note = reversePaddingNote(direction: direction, mask: state.input?.mask, steps: steps,
                                                                       hasCell: network.kind == .lstm) { blocks.append(.note(note)) }
            }
            if let note = carriedStateNote(quantity, direction: direction, mask: state.input?.mask, steps: steps) {
                blocks.append(.note(note))
            }
            if let input = state.input, state.cursor < input.length {
                blocks.append(.note("the cursor is at step \(state.cursor) of \(input.length); `run` shows every step"))
            }
            return try formatted(blocks, as: arguments.string("format"), shouldStop: session.isInterrupted)
        }
    )
}

/// `show next`: the blocks of ``NextTokenView`` for the current model and input, with a note
/// on the head that scores and the mean −log p of what came next. Refused, with what to do,
/// when the input has no tokens or characters to predict, or the model no head for them.
private func nextTokenBlocks(session: Session, model: LabModel, arguments: ParsedArguments) throws(LabError) -> [Block] {
    let state = session.state
    let input = try state.requireInput()
    try state.requireOwnTokenRows(input, for: model, command: "show next")
    let network = try state.requireNetwork(model)
    // what is predicted, and of how many classes: a token's index, or a character's
    let targets: [Int], characters: [Character]?, classes: Int
    if let tokens = input.tokens {
        (targets, characters, classes) = (tokens.indices, nil, tokens.vocabularySize)
    } else if let symbols = input.example.symbols, let vocabulary = input.vocabulary {
        (targets, characters, classes) = (symbols, vocabulary.characters, vocabulary.count)
    } else {
        throw LabError("show next needs tokens through an embedding (`feed --tokens 5 2 9`) or text (`feed \"hello\"`) "
            + "to predict the next one of; the input is \(LabError.shortened(input.source))")
    }
    let noun = characters == nil ? "token" : "character"
    guard let head = model.head, head.outputSize == classes, head.inputSize == network.outputSize else {
        // a whole model's file whose Linear did not fit: why load read no head
        let has = model.head.map { "its head maps \($0.inputSize) outputs to \($0.outputSize) scores:" }
            ?? model.tokenHeadProblem.map { "it has none: \($0), so no head was read;" } ?? "it has no output head:"
        throw LabError("show next needs \(model.name)'s output head to score each of the \(classes) \(noun)s from its \(network.outputSize) outputs, and \(has) "
            + "load a whole model with its nn.Linear head, or `train charlm` a model on text")
    }
    let pass = try state.requirePass(model, shouldStop: session.isInterrupted)
    let steps = try state.steps(arguments.string("step"))
    let requested = arguments.int("top") ?? NextTokenView.defaultTop
    var view = try NextTokenView(model: model.name, head: head, pass: pass, steps: steps, targets: targets, mask: input.mask,
                                 characters: characters, top: min(requested, classes))
    view.headHasBias = model.tokenHeadName == nil || model.tokenHeadHasBias  // a trained head always has one
    session.addFacets(view.facets)
    if arguments.string("format").map({ $0 != "text" }) == true {
        return [.table(view.exportTable(reads: targets.map(view.exportCell)))]
    }
    let whose = model.tokenHeadName.map { "\(model.name)'s head from its file, \($0) (\(head.inputSize) → \(head.outputSize))," }
        ?? "\(model.name)'s trained head (\(head.inputSize) → \(head.outputSize))"
    var note = "p: the probability of each \(noun) coming next after the \(noun)s up to step t, the softmax of "
        + "\(whose) on the output at t; came next: the input's next \(noun), its p and log p"
    if let mean = view.meanNegativeLogLikelihood {
        let over = mean.count == view.next.compactMap({ $0 }).count ? ", the loss `grad --loss next-char` reports" : " over the \(counted(mean.count, "step")) shown"
        note += "; the mean −log p is \(NumberFormat.single(mean.value, significantDigits: 4))\(over)"
    }
    var blocks: [Block] = [.table(view.table(labels: state.stepLabeler(), showAll: arguments.flag("all"))), .note(note)]
    if requested > classes {
        blocks.append(.note("--top \(requested) asks for more than the \(classes) \(noun)s \(model.name) knows; the table lists all \(classes)"))
    }
    if state.cursor < input.length {
        blocks.append(.note("the cursor is at step \(state.cursor) of \(input.length); `run` shows every step"))
    }
    return blocks
}

/// The spectral radius and norm of each recurrent block of a layer and direction, as a
/// table, measured through the session's memo (``RecurrentSpectra``) while the activity line
/// says which block is measured (a large one takes seconds; Ctrl-C stops it).
private func spectraTable(session: Session, network: RecurrentNetwork, model: String, layer: Int, direction: Direction) throws(LabError) -> Block {
    let gates = network.kind.gateCount
    defer { session.describeActivity(nil) }
    return try WeightsView.spectra(network: network, model: model, layer: layer, direction: direction) { radius, gate, symbol in
        session.describeActivity("measuring the spectral \(radius ? "radius" : "norm") of W_h\(symbol)"
                                 + (gates > 1 ? " (\(gate + 1) of \(gates))" : ""))
        return session.spectra.measure(radius: radius, of: network, layer: layer, direction: direction, gate: gate,
                                       shouldStop: session.isInterrupted)
    }
}

/// What an LSTM's ‖∂h_t/∂h_{t−1}‖ leaves out: it is taken with c_{t−1} held fixed, so the
/// cell path, the LSTM's other road back, is not in it. The reverse direction's step reads
/// h_{t+1} and c_{t+1}.
func lstmJacobianNote(_ direction: Direction) -> String {
    let previous = direction == .forward ? "t−1" : "t+1"
    return "for an LSTM this is ∂h_t/∂h_{\(previous)} with c_{\(previous)} held fixed; the cell path is separate: "
        + "∂c_t/∂c_{\(previous)} = diag(f_t) plus terms through the gates; see f_t with `show f`"
}

/// The blocks as they are, or their data as CSV or JSON text; throws
/// ``LabError/interrupted`` when `shouldStop` (Ctrl-C) says to stop while it is written,
/// which for the four million weights of a large LSTM takes a while.
func formatted(_ blocks: [Block], as format: String?, shouldStop: () -> Bool) throws(LabError) -> [Block] {
    guard let format, format != "text" else { return blocks }
    let texts: [String]
    do {
        texts = try blocks.compactMap { block throws(ExportStopped) in
            try format == "csv" ? exportCSV(block, shouldStop: shouldStop) : exportJSON(block, shouldStop: shouldStop)
        }
    } catch {
        throw .interrupted
    }
    guard !texts.isEmpty else { throw LabError("there is nothing to write as \(format) here") }
    return texts.map { .data($0) }
}

/// Why a reverse direction's gradient is not zero at trailing padding: it reads the
/// padding first, passing h₀ (and c₀) through unchanged, so those rows carry dL/dh₀.
private func reversePaddingNote(direction: Direction, mask: [Bool]?, steps: Range<Int>, hasCell: Bool) -> String? {
    guard direction == .reverse, let mask, let lastReal = mask.lastIndex(of: true),
          steps.contains(where: { $0 > lastReal && !mask[$0] }) else { return nil }
    return "the reverse direction reads the trailing padding first and carries its initial state through it "
        + "unchanged, so its rows there hold the gradient into that state, dL/dh₀" + (hasCell ? " (and dL/dc₀)" : "")
}

/// What h, c and the output hold at the padding steps shown (`feed --mask`), and how that
/// differs from PyTorch: the state is carried through padding unchanged, as packing leaves
/// `h_n`, while `pad_packed_sequence` writes zeros into the output there. Nil when no
/// padding is shown or the quantity is another.
func carriedStateNote(_ quantity: Quantity, direction: Direction, mask: [Bool]?, steps: Range<Int>) -> String? {
    guard let mask else { return nil }
    let padding = steps.filter { $0 < mask.count && !mask[$0] }
    guard let example = padding.last else { return nil }
    let place = (padding.count == 1 ? "step " : "steps ") + stepList(padding)
    if quantity == .output {
        return "the output is 0 at padding (\(place)), as PyTorch's pad_packed_sequence pads it; "
            + "the state itself is carried through unchanged (`show h`), so h_n is the last real step's"
    }
    guard quantity == .hidden || quantity == .cell else { return nil }
    let symbol = quantity.name
    // the real step whose state a padding step carries: the one before it in reading order
    let source = direction == .forward
        ? mask[..<example].lastIndex(of: true).map { "\($0 + 1)" } ?? "0"
        : mask[(example + 1)...].firstIndex(of: true).map { "\($0 + 1)" } ?? "0"
    let pytorch = quantity == .hidden ? "; PyTorch's pad_packed_sequence writes 0 in its output there instead (`show output`)" : ""
    return "at padding (\(place)) \(symbol) is carried unchanged, \(symbol)_\(example + 1) = \(symbol)_\(source)"
        + (direction == .forward ? ", so \(symbol)_n is the last real step's, as with packed sequences" : "") + pytorch
}
