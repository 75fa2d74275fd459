/// One thing `rnnlab bench` times: a name, the work one iteration does, and how to set it up.
struct BenchWorkload {
    /// The name printed and matched by `--filter`, e.g. `fwd_lstm_I8_H32_T100`.
    let name: String
    /// Floating-point operations per iteration (see ``FlopCount``), or nil where a rate
    /// means nothing (starting a process).
    let flopsPerIteration: Double?
    /// Builds the state (networks, inputs, optimizers) and returns one iteration.
    let prepare: () throws -> () throws -> Void
}
