/// What one run of `rnnlab` produced.
struct RunResult {
    var output: String
    var errorOutput: String
    var status: Int32
}
