import LineEditing

/// The `startup` workload: the wall time of starting `rnnlab`, reading `quit` from a pipe,
/// and exiting (the same binary that runs the bench, found through `/proc/self/exe`).
extension BenchWorkload {
    static var startup: BenchWorkload {
        BenchWorkload(name: "startup", flopsPerIteration: nil) {
            let executable = try ChildProcess.currentExecutable()
            return { try ChildProcess.run(executable, standardInput: "quit\n", isInterrupted: { Interruption.isRequested }) }
        }
    }
}
