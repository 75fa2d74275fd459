/// The times of one workload: per-iteration median, fastest and slowest over the repeats.
struct BenchMeasurement {
    /// The workload's name.
    let name: String
    /// Median time per iteration over the repeats, in microseconds.
    let medianMicroseconds: Double
    /// Fastest repeat's time per iteration, in microseconds.
    let minimumMicroseconds: Double
    /// Slowest repeat's time per iteration, in microseconds.
    let maximumMicroseconds: Double
    /// Floating-point operations per second at the median, in units of 10⁹, when counted.
    let gigaflops: Double?

    /// `{"name": ..., "median_us": ..., "min_us": ..., "max_us": ..., "gflops": ...}`.
    var jsonLine: String {
        let rate = gigaflops.map { BenchFormat.fixed($0, decimals: 3) } ?? "null"
        return "{\"name\": \"\(name)\", \"median_us\": \(BenchFormat.fixed(medianMicroseconds, decimals: 3)), "
            + "\"min_us\": \(BenchFormat.fixed(minimumMicroseconds, decimals: 3)), "
            + "\"max_us\": \(BenchFormat.fixed(maximumMicroseconds, decimals: 3)), \"gflops\": \(rate)}"
    }
}
