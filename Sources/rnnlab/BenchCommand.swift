import ArgumentParser
import LineEditing
import RNNEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rnnlab bench`: times the engine's workloads.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the engine's workloads: median and spread per iteration, GFLOP/s.",
        discussion: """
            Each workload is warmed up, then timed in repeats of enough iterations to last \
            about 10 ms; the median, fastest and slowest repeat are shown per iteration. \
            GFLOP/s counts the matrix products only (2 per multiply-add). Workloads are a \
            batch of one in Float64; tools/bench_torch.py runs the same ones in PyTorch, \
            and tools/bench_compare.py runs both in turn and prints their ratios. \
            The table's first line says how many doubles the engine's kernels carry per \
            vector instruction: eight where the processor runs AVX-512, else four (AVX2); \
            both give the same numbers, bit for bit. RNNLAB_VECTOR_LANES=4 in the \
            environment makes the engine use four, to compare them. \
            Ctrl-C stops after the current iteration.
            """
    )

    @Flag(name: .long, help: "Print one JSON object per line.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("How many timed repeats per workload (1-1000).", valueName: "n"))
    var `repeat`: Int = 7

    @Option(name: .long, help: ArgumentHelp("Run only the workloads whose name contains TEXT.", valueName: "text"))
    var filter: String?

    func validate() throws {
        guard (1...1000).contains(`repeat`) else {
            throw ValidationError("--repeat must be between 1 and 1000, got \(`repeat`)")
        }
        if let filter, !BenchWorkload.all.contains(where: { $0.name.contains(filter) }) {
            throw ValidationError("no workload name contains '\(filter)'; the workloads are \(BenchWorkload.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() throws {
        let workloads = BenchWorkload.all.filter { workload in filter.map { workload.name.contains($0) } ?? true }
        FreedMemory.keepForReuse()
        Interruption.installHandler()
        Interruption.clear()
        signal(SIGPIPE, SIG_IGN)  // a startup child that dies early must not kill the bench
        let runner = BenchRunner(repeats: `repeat`, isInterrupted: { Interruption.isRequested })
        let table = BenchTable(names: workloads.map(\.name))
        if !json {
            emit(Self.kernelsLine)
            emit(table.header)
        }
        for workload in workloads {
            guard let measurement = try runner.measure(workload) else {
                StandardStreams.writeError("rnnlab bench: interrupted during \(workload.name)\n")
                throw ExitCode(130)
            }
            emit(json ? measurement.jsonLine : table.row(measurement))
        }
    }

    /// How wide the engine's kernels run in this process, and how to choose the other width.
    static var kernelsLine: String {
        switch (LaneWidth.current, LaneWidth.eightIsSupported) {
        case (.eight, _): "kernels: \(LaneWidth.eight); RNNLAB_VECTOR_LANES=4 times the AVX2 ones"
        case (.four, true): "kernels: \(LaneWidth.four), as RNNLAB_VECTOR_LANES=4 asks; this processor also runs AVX-512"
        case (.four, false): "kernels: \(LaneWidth.four); this processor does not run AVX-512"
        }
    }

    private func emit(_ line: String) {
        StandardStreams.writeOutput(line + "\n")
        StandardStreams.flush()
    }
}
