import LineEditing
import Rendering

/// How output looks on this run: renderer capabilities for standard output, and whether
/// messages on standard error may be colored.
struct TerminalSettings: Sendable {
    /// What standard output can show.
    var caps: TerminalCaps
    /// Whether error lines on standard error are colored.
    var colorErrors: Bool

    /// Decides from the flags, the environment and what the streams are attached to.
    ///
    /// Standard output follows ``TerminalCaps/detect(colorMode:asciiOnly:environment:stdoutIsTerminal:)``
    /// (width, color, Unicode); standard error is colored by the same rules, asked about
    /// its own stream.
    static func detect(colorMode: ColorMode, asciiOnly: Bool, environment: Environment) -> TerminalSettings {
        let caps = TerminalCaps.detect(colorMode: colorMode, asciiOnly: asciiOnly, environment: environment.variables)
        let errorCaps = TerminalCaps.detect(
            colorMode: colorMode, asciiOnly: asciiOnly, environment: environment.variables,
            stdoutIsTerminal: StandardStreams.isTerminal(2))
        return TerminalSettings(caps: caps, colorErrors: errorCaps.color)
    }

    /// The current width: `COLUMNS`, then the terminal, else 80 (follows window resizes).
    static func width(environment: Environment) -> Int {
        TerminalCaps.detect(colorMode: .never, asciiOnly: true, environment: environment.variables).width
    }
}
