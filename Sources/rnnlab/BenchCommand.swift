import ArgumentParser

/// `rnnlab bench`: times the engine's workloads.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the engine's workloads: median and spread per iteration, GFLOP/s."
    )

    @Flag(name: .long, help: "Print one JSON object per line.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("How many times to repeat each workload.", valueName: "n"))
    var `repeat`: Int = 5

    func run() throws {
        throw UnavailableInThisBuild.exit("rnnlab bench")
    }
}
