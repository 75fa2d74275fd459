#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RNNEngine
import Rendering

/// What a model's output head predicts at each step (`show next`): the most likely next
/// tokens (or characters) with their probabilities p = softmax(W_hy h_t + b_y) (without
/// b_y for a head made with `bias=False`), and the probability and log-probability of the
/// token that does come next, where the input has one.
///
/// ```
/// tok · next token p = softmax(W_hy hₜ + b_y) · steps 1–6
/// step  input  1st        2nd        3rd        next       p   log p
/// t=1   #5     #8 0.1442  #1 0.1233  #6 0.1216  #2    0.1120  -2.189
/// ```
struct NextTokenView {
    /// The names `show` takes for it: `next`, and its spellings in words.
    static let names = ["next", "next-token", "predictions"]
    /// How many of the most likely tokens a step lists unless `--top` says.
    static let defaultTop = 3

    /// The model's name.
    var model: String
    /// The log-probabilities of every token at each step shown (row r is step `steps.lowerBound + r`);
    /// nil at a padding step, where the module's output is not a prediction.
    var logProbabilities: [[Double]?]
    /// The 0-based steps shown.
    var steps: Range<Int>
    /// The token that comes next after each step of the whole input; nil after the last step
    /// and around padding, where nothing is predicted.
    var next: [Int?]
    /// How a token is written: `#5`, or a character `'l'`.
    var label: (Int) -> String {
        guard let characters else { return { "#\($0)" } }
        return { characterLabel(characters[$0]) }
    }
    /// How many of the most likely tokens each step lists.
    var top: Int
    /// The characters of a text's vocabulary, in one-hot order, when the classes are
    /// characters; nil when they are token indices.
    var characters: [Character]?
    /// What the classes are called in titles and notes: `token`, `character`.
    var noun: String { characters == nil ? "token" : "character" }
    /// Whether the head adds a bias b_y (false for an `nn.Linear` made with `bias=False`).
    var headHasBias = true

    /// The view of `model`'s `head` over the steps `steps` of `pass`: `targets` are the
    /// tokens the input read, one per step, `mask` its real steps (all when nil), and
    /// `characters` a text's vocabulary when the tokens are its characters.
    init(model: String, head: OutputHead, pass: ForwardPass, steps: Range<Int>, targets: [Int], mask: [Bool]?,
         characters: [Character]?, top: Int) throws(LabError) {
        let real = { (step: Int) in mask.map { step < $0.count && $0[step] } ?? true }
        var rows: [[Double]?] = []
        for step in steps {
            guard real(step) else { rows.append(nil); continue }
            do { rows.append(VectorMath.logSoftmax(try head.logits(for: pass.output.row(step)))) } catch {
                throw LabError("show next: \(error)")
            }
        }
        self.model = model
        self.logProbabilities = rows
        self.steps = steps
        // as `grad --loss next-char` scores it: the next step's token, when both steps are real
        self.next = targets.indices.map { step in step + 1 < targets.count && real(step) && real(step + 1) ? targets[step + 1] : nil }
        self.characters = characters
        self.top = top
    }

    /// The most likely `top` tokens of a step and their log-probabilities, most likely first
    /// (the lower index first among equals).
    func ranked(_ row: [Double]) -> [(token: Int, logProbability: Double)] {
        row.enumerated().sorted { $0.element > $1.element || $0.element == $1.element && $0.offset < $1.offset }
            .prefix(top).map { ($0.offset, $0.element) }
    }

    /// The title line: model, what is shown, steps.
    var title: String {
        let shown = steps.count == 1 ? "step \(steps.lowerBound + 1)" : "steps \(steps.lowerBound + 1)–\(steps.upperBound)"
        return "\(model) · next \(noun) p = softmax(W_hy h_t\(headHasBias ? " + b_y" : "")) · \(shown)"
    }

    /// The table people read: per step the `top` most likely tokens with their probability
    /// in one cell (`#2 0.2114`), then the token that came next, its p and log p.
    func table(labels: StepLabels, showAll: Bool) -> Table {
        let probabilities = probabilityColumns(logProbabilities.map { row in row.map { ranked($0).map { exp($0.logProbability) } } ?? [] })
        let rows = steps.enumerated().map { index, step in
            let row = logProbabilities[index]
            let likely: [Table.Cell] = row.map { row in
                ranked(row).enumerated().map { rank, candidate in .text("\(label(candidate.token)) \(probabilities[index][rank])") }
            } ?? Array(repeating: .absent, count: top)
            return Table.Row(labels(step), cells: likely + nextCells(row: row, step: step))
        }
        // ranks as words: `#1` would read as token 1
        let columns = (1...top).map { Table.Column(Self.rank($0), group: "most likely") }
            + [Table.Column("next", group: "came next"), Table.Column("p", group: "came next"), Table.Column("log p", group: "came next")]
        return Table(title: title, rowHeader: labels.header, columns: columns, rows: rows, showAll: showAll,
                     rowNoun: "steps", elisionHint: "--all shows them")
    }

    /// A rank as a column names it: `1st`, `2nd`, `3rd`, `11th`, `22nd`.
    static func rank(_ rank: Int) -> String {
        let suffix = (11...13).contains(rank % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][rank % 10] ?? "th"
        return "\(rank)\(suffix)"
    }

    /// The table other programs read: the step, what it read (`reads`), and each rank's token
    /// and probability in columns of their own (`top1`, `p1`, …), then `next`, `p` and
    /// `log_p`; a token is its index, a character itself.
    func exportTable(reads: [Table.Cell]) -> Table {
        let rows = steps.enumerated().map { index, step in
            let row = logProbabilities[index]
            let likely: [Table.Cell] = row.map { row in
                ranked(row).flatMap { [exportCell($0.token), .number(exp($0.logProbability))] }
            } ?? Array(repeating: .absent, count: 2 * top)
            var next = nextCells(row: row, step: step)
            if let token = self.next[step], row != nil { next[0] = exportCell(token) }
            return Table.Row("\(step + 1)", cells: [reads[step]] + likely + next)
        }
        let columns = [Table.Column(StepLabels.inputHeader)]
            + (1...top).flatMap { [Table.Column("top\($0)"), Table.Column("p\($0)")] }
            + [Table.Column("next"), Table.Column("p"), Table.Column("log_p")]
        return Table(title: title, rowHeader: StepLabels.stepHeader, columns: columns, rows: rows, showAll: true, rowNoun: "steps")
    }

    /// A token as files for other programs hold it: its index, or a character itself (`,`, not `','`).
    func exportCell(_ token: Int) -> Table.Cell {
        characters.map { .text(String($0[token])) } ?? .integer(token)
    }

    /// The token that came next after `step`, its probability and log-probability under
    /// `row`; absent where nothing comes next or the step is padding.
    private func nextCells(row: [Double]?, step: Int) -> [Table.Cell] {
        guard let row, let token = next[step] else { return [.absent, .absent, .absent] }
        return [.text(label(token)), .number(exp(row[token])), .number(row[token])]
    }

    /// The mean of −log p of the tokens that came next over the steps shown, and how many
    /// it averages: over every step of the input, the loss `grad --loss next-char` reports.
    var meanNegativeLogLikelihood: (value: Double, count: Int)? {
        let scored = steps.enumerated().compactMap { index, step in
            logProbabilities[index].flatMap { row in next[step].map { -row[$0] } }
        }
        guard !scored.isEmpty else { return nil }
        return (scored.reduce(0, +) / Double(scored.count), scored.count)
    }

    /// One facet per step range shown: `tok/next/t1-6`.
    var facets: [String] { ["\(model)/next/\(stepFacet(steps))"] }
}
