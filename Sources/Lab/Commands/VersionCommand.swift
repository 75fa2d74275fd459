extension CommandSpec {
    /// `version`: the lab's version.
    public static let version = CommandSpec(
        name: "version",
        topic: .lab,
        summary: "show the version of rnnlab",
        help: "Shows the version of rnnlab, the same as `rnnlab --version`.",
        example: "version",
        run: { _ in [.prose("rnnlab \(LabVersion.current)")] }
    )
}

/// The version of rnnlab.
public enum LabVersion {
    /// The version string, `major.minor.patch`.
    public static let current = "0.1.0"
}
