#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Maps values onto a number of levels, linearly or by decades.
struct SeriesScale {
    /// Whether levels follow log10 of the value.
    let logarithmic: Bool
    /// The lowest and highest value (log10 of it on a log scale) the levels span.
    let low: Double
    let high: Double

    /// A scale spanning the finite values (the positive ones on a log scale).
    init(values: [Double], logarithmic: Bool) {
        self.logarithmic = logarithmic
        let usable = values.filter { $0.isFinite && (!logarithmic || $0 > 0) }
        let mapped = logarithmic ? usable.map { log10($0) } : usable
        low = mapped.min() ?? 0
        high = mapped.max() ?? 0
    }

    /// Whether the values suit a log scale: the positive ones span more than three decades
    /// and none is negative (a signed quantity, such as h, would lose every negative value
    /// to the `≤0` mark).
    static func spansDecades(_ values: [Double]) -> Bool {
        if values.contains(where: { $0.isFinite && $0 < 0 }) { return false }
        let positive = values.filter { $0.isFinite && $0 > 0 }
        guard let smallest = positive.min(), let largest = positive.max() else { return false }
        return largest / smallest >= 1e3
    }

    /// Where `value` sits on the scale, from 0 to 1; nil when it cannot be placed
    /// (NaN, infinite, or not positive on a log scale).
    func fraction(_ value: Double) -> Double? {
        guard value.isFinite, !logarithmic || value > 0 else { return nil }
        let mapped = logarithmic ? log10(value) : value
        guard high > low else { return 0.5 }
        // Halving first keeps the span finite even for values near ±Double.greatestFiniteMagnitude.
        let fraction = (mapped / 2 - low / 2) / (high / 2 - low / 2)
        return fraction.isFinite ? min(max(fraction, 0), 1) : 0.5
    }

    /// The level of `value` among `count` levels (0 is lowest).
    func level(_ value: Double, count: Int) -> Int? {
        fraction(value).map { Int(rounding: $0 * Double(count - 1), in: 0...(count - 1)) }
    }
}

/// Combining runs of values into buckets so a long series fits a given number of cells.
enum Bucketing {
    /// Values grouped `size` at a time; NaN wins over infinities, which win over numbers,
    /// so a bad value is never hidden by its neighbours.
    static func reduce(_ values: [Double], size: Int, mean: Bool) -> [Double] {
        guard size > 1 else { return values }
        return stride(from: 0, to: values.count, by: size).map { start in
            let bucket = values[start..<min(start + size, values.count)]
            if bucket.contains(where: { $0.isNaN }) { return .nan }
            if bucket.contains(.infinity) { return .infinity }
            if bucket.contains(-.infinity) { return -.infinity }
            if mean { return bucket.reduce(0, +) / Double(bucket.count) }
            return bucket.max() ?? .nan
        }
    }

    /// ``reduce(_:size:mean:)`` over the positions not in `absent`: nil for a bucket with no
    /// value at all, which is drawn as a gap.
    static func reduce(_ values: [Double], absent: Set<Int>, size: Int, mean: Bool) -> [Double?] {
        guard !absent.isEmpty else { return reduce(values, size: size, mean: mean) }
        return stride(from: 0, to: values.count, by: max(size, 1)).map { start in
            let present = (start..<min(start + max(size, 1), values.count)).filter { !absent.contains($0) }.map { values[$0] }
            return present.isEmpty ? nil : reduce(present, size: present.count, mean: mean).first
        }
    }

    /// The smallest bucket size that fits `count` values into `cells` cells.
    static func size(count: Int, cells: Int) -> Int {
        guard cells > 0, count > cells else { return 1 }
        return (count + cells - 1) / cells
    }
}
