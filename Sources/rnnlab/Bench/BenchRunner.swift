#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Times workloads: a warm-up that also estimates the time of one iteration, then
/// `repeats` timed runs of enough iterations to last `repeatDuration` each.
///
/// Each repeat gives one time per iteration (its total divided by its iterations);
/// the median, minimum and maximum are taken over the repeats.
struct BenchRunner {
    /// How many timed repeats.
    var repeats: Int
    /// The least wall time of one repeat, in seconds (a few milliseconds: long enough for
    /// the clock's resolution not to matter, short enough for the whole bench to take seconds).
    var repeatDuration = 0.01
    /// The least wall time of the warm-up, in seconds.
    var warmUpDuration = 0.05
    /// Polled between iterations; when it turns true, measuring stops.
    var isInterrupted: () -> Bool

    /// Times one workload; nil when interrupted.
    func measure(_ workload: BenchWorkload) throws -> BenchMeasurement? {
        let iteration = try workload.prepare()
        // Warm-up: caches, branch predictors, the allocator's free lists; at least 2 iterations.
        var warmUpIterations = 0
        let warmUpStart = Self.now()
        var elapsed = 0.0
        while warmUpIterations < 2 || elapsed < warmUpDuration {
            if isInterrupted() { return nil }
            try iteration()
            warmUpIterations += 1
            elapsed = Self.now() - warmUpStart
        }
        let estimate = elapsed / Double(warmUpIterations)
        let iterations = max(1, Int((repeatDuration / estimate).rounded(.up)))
        var perIteration: [Double] = []
        for _ in 0..<repeats {
            let start = Self.now()
            for _ in 0..<iterations {
                if isInterrupted() { return nil }
                try iteration()
            }
            perIteration.append((Self.now() - start) / Double(iterations))
        }
        perIteration.sort()
        let count = perIteration.count
        let median = count % 2 == 1 ? perIteration[count / 2] : (perIteration[count / 2 - 1] + perIteration[count / 2]) / 2
        return BenchMeasurement(
            name: workload.name,
            medianMicroseconds: median * 1e6,
            minimumMicroseconds: perIteration[0] * 1e6,
            maximumMicroseconds: perIteration[count - 1] * 1e6,
            gigaflops: workload.flopsPerIteration.map { $0 / median / 1e9 })
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
