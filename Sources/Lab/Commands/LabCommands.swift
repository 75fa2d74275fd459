/// The list of every command the lab knows; add a new command here.
public enum LabCommands {
    /// All commands, in the order `help` lists them within a topic.
    public static let all: [CommandSpec] = [
        .help,
        .version,
        .sleep,
        .quit,
        .lessons,
        .start,
        .next,
        .back,
        .goto,
        .restart,
        .whereAmI,
        .hint,
        .skip,
        .answer,
        .progress,
    ]
}
