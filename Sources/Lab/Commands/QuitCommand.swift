extension CommandSpec {
    /// `quit`: ends the lab.
    public static let quit = CommandSpec(
        name: "quit",
        aliases: ["exit"],
        topic: .lab,
        summary: "leave the lab",
        help: "Ends the lab. History and lesson progress are already saved. Ctrl-D on an empty line does the same.",
        example: "quit",
        run: { invocation in
            invocation.session.requestQuit()
            return []
        }
    )
}
