import LineEditing
import Rendering

/// How output looks on this run: renderer capabilities for standard output, and whether
/// messages on standard error may be colored.
///
/// All detection lives here, in one place, so it can move into Rendering unchanged.
struct TerminalSettings: Sendable {
    /// What standard output can show.
    var caps: TerminalCaps
    /// Whether error lines on standard error are colored.
    var colorErrors: Bool

    /// Decides from the flags, the environment and what the streams are attached to.
    ///
    /// Color: `--color always` forces it; `never` or `--no-color` turn it off; otherwise
    /// only on a terminal, and not with a non-empty `NO_COLOR` or `TERM=dumb`.
    /// Width: `COLUMNS`, then the terminal, else 80. Unicode: off with `--ascii`.
    static func detect(colorMode: ColorMode, asciiOnly: Bool, environment: Environment) -> TerminalSettings {
        let colorAllowed = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        func color(onTerminal isTerminal: Bool) -> Bool {
            switch colorMode {
            case .always: true
            case .never: false
            case .auto: colorAllowed && isTerminal
            }
        }
        let caps = TerminalCaps(
            width: width(environment: environment),
            color: color(onTerminal: StandardStreams.isTerminal(1)),
            unicode: !asciiOnly
        )
        return TerminalSettings(caps: caps, colorErrors: color(onTerminal: StandardStreams.isTerminal(2)))
    }

    /// Columns from `COLUMNS` (10...1000), then the terminal, else 80.
    static func width(environment: Environment) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text), (10...1000).contains(columns) {
            return columns
        }
        return StandardStreams.terminalColumns(1) ?? 80
    }
}
