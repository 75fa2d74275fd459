/// The bench's human output: an aligned table printed one row at a time as workloads finish.
struct BenchTable {
    /// The width of the name column (the longest workload name).
    let nameWidth: Int
    private static let numberWidth = 12

    init(names: [String]) {
        nameWidth = max(names.map(\.count).max() ?? 0, "workload".count)
    }

    /// The heading and a rule.
    var header: String {
        let columns = ["median", "min", "max", "GFLOP/s"].map { BenchFormat.right($0, Self.numberWidth) }
        let heading = BenchFormat.left("workload", nameWidth) + columns.joined()
        return heading + "\n" + String(repeating: "-", count: heading.count)
    }

    /// One workload's row.
    func row(_ measurement: BenchMeasurement) -> String {
        let cells = [
            BenchFormat.duration(microseconds: measurement.medianMicroseconds),
            BenchFormat.duration(microseconds: measurement.minimumMicroseconds),
            BenchFormat.duration(microseconds: measurement.maximumMicroseconds),
            measurement.gigaflops.map { BenchFormat.fixed($0, decimals: 2) } ?? "-",
        ]
        return BenchFormat.left(measurement.name, nameWidth) + cells.map { BenchFormat.right($0, Self.numberWidth) }.joined()
    }
}
