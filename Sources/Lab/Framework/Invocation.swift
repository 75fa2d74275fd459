/// What a command's `run` receives: the session and its validated arguments.
public struct Invocation {
    /// The lab's state; commands read and change it.
    public let session: Session
    /// The command being run.
    public let command: CommandSpec
    /// The arguments, parsed and validated against the command's spec.
    public let arguments: ParsedArguments

    /// Creates an invocation (the session does this; tests may too).
    public init(session: Session, command: CommandSpec, arguments: ParsedArguments) {
        self.session = session
        self.command = command
        self.arguments = arguments
    }
}
