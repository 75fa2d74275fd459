import ArgumentParser

/// The error a tool prints when this build of rnnlab does not include it.
struct UnavailableInThisBuild: Error, CustomStringConvertible {
    /// The tool's command line, e.g. `rnnlab eval`.
    var tool: String

    var description: String {
        "\(tool) is not available in this build of rnnlab"
    }

    /// Prints the message to standard error and returns the exit code 1.
    static func exit(_ tool: String) -> ExitCode {
        var standardError = StandardErrorStream()
        print("error: " + UnavailableInThisBuild(tool: tool).description, to: &standardError)
        return ExitCode(1)
    }
}
