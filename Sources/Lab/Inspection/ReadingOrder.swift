import RNNEngine

/// The steps shown in the order a direction reads them, so that going back through time
/// is going toward the start of the arranged values (`grad`'s norms, `compare`'s ratios):
/// 1, 2, …, T forward, and T, …, 2, 1 in the reverse direction, which reads the input from
/// its end.
struct ReadingOrder {
    /// The direction whose steps they are.
    let direction: Direction
    /// The 0-based steps shown.
    let steps: Range<Int>

    /// Values of the steps shown, one per step in time order, in reading order.
    func arranged(_ values: [Double]) -> [Double] {
        direction == .forward ? values : values.reversed()
    }

    /// The step number (from 1) of the arranged values' `index`.
    func step(at index: Int) -> Int {
        direction == .forward ? steps.lowerBound + 1 + index : steps.upperBound - index
    }
}
