/// Turning computed positions into indices without trapping on NaN or huge values.
extension Int {
    /// `value` rounded and clamped to `range`; NaN becomes the lower bound.
    init(rounding value: Double, in range: ClosedRange<Int>) {
        guard value.isFinite else {
            self = value == .infinity ? range.upperBound : range.lowerBound
            return
        }
        let clamped = Swift.min(Swift.max(value.rounded(), Double(range.lowerBound)), Double(range.upperBound))
        self = Int(clamped)
    }
}
