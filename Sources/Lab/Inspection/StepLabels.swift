/// The row labels of a per-step table and the header over them: `t=3  'l'` under
/// `step  input`, the step and what it read, each in a column of its own within the label.
///
/// What a step read lives in its row's label, not in a column of the table, so that a table
/// split into column pages shows it on every page beside the step.
struct StepLabels {
    /// The header over the labels: `step  input`, or `step` when the input has no labels.
    let header: String
    private let label: (Int) -> String

    /// Labels made by `label` from a 0-based step, under `header`.
    init(header: String, label: @escaping (Int) -> String) {
        self.header = header
        self.label = label
    }

    /// The label of step `step` (0-based).
    func callAsFunction(_ step: Int) -> String { label(step) }

    /// The header over the step part of a label.
    static let stepHeader = "step"
    /// The header over what each step read, as the CSV and JSON exports name its column.
    static let inputHeader = "input"
    /// The spaces between the step and what it read, as between a table's columns.
    static let gap = "  "

    /// Labels of the step alone, under `step`: `1`, `2`, … for files other tools read, or
    /// `t=1` where the input has no labels.
    static func stepsOnly(_ label: @escaping (Int) -> String) -> StepLabels {
        StepLabels(header: stepHeader, label: label)
    }

    /// Labels of the step, `steps[step]` (`t=3`, `t=4 pad`), and what it read, `reads[step]`,
    /// laid out in two columns under `step  input`: the step padded to the widest step or header, then the reads, numbers
    /// right-aligned under the header's end (`t=9    0.40`, `t=12  -0.30`), anything else
    /// left-aligned under its start (`t=3   'l'`).
    ///
    /// `numbers[step]` is the number a read starts with, without marks after it (`0.91` of
    /// `0.91*`); when every read starts with one they are aligned by it.
    static func stepsAndReads(steps: [String], reads: [String], numbers: [String?]) -> StepLabels {
        let stepWidth = max(steps.map(\.count).max() ?? 0, stepHeader.count)
        let numeric = numbers.allSatisfy { $0 != nil }
        let numberWidth = max(numbers.map { $0?.count ?? 0 }.max() ?? 0, inputHeader.count)
        func padded(_ text: String, to width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
        let inputHeader = numeric
            ? String(repeating: " ", count: numberWidth - Self.inputHeader.count) + Self.inputHeader
            : Self.inputHeader
        return StepLabels(header: padded(stepHeader, to: stepWidth) + gap + inputHeader) { step in
            let read = reads[step]
            let aligned = numeric ? String(repeating: " ", count: max(0, numberWidth - (numbers[step]?.count ?? 0))) + read : read
            return padded(steps[step], to: stepWidth) + gap + aligned
        }
    }
}
