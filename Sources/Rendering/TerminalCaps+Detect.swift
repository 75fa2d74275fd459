#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TerminalCaps {
    /// The narrowest and widest widths the renderer lays out for.
    public static let widthRange = 20...1000

    /// Works out what standard output can show.
    ///
    /// - Width: `COLUMNS` when it is a positive integer, else the terminal's width
    ///   (`TIOCGWINSZ` on standard output), else 80; clamped to ``widthRange``.
    /// - Color: `.always` turns it on; `.never`, a non-empty `NO_COLOR` or `TERM=dumb`
    ///   turn it off; otherwise it is on only when standard output is a terminal.
    /// - Unicode: off with `asciiOnly` or when the locale is not UTF-8. The locale is the
    ///   first non-empty of `LC_ALL`, `LC_CTYPE`, `LANG`; when none is set, UTF-8 is
    ///   assumed (today's terminals are UTF-8, and `--ascii` is there when one is not),
    ///   while an explicit non-UTF-8 locale such as `C` or `POSIX` means ASCII.
    ///
    /// - Parameters:
    ///   - colorMode: the `--color` setting.
    ///   - asciiOnly: the `--ascii` flag.
    ///   - environment: the process environment (pass it in so tests can choose).
    ///   - stdoutIsTerminal: whether standard output is a terminal; nil asks the system.
    public static func detect(
        colorMode: ColorMode, asciiOnly: Bool, environment: [String: String],
        stdoutIsTerminal: Bool? = nil
    ) -> TerminalCaps {
        let isTerminal = stdoutIsTerminal ?? (isatty(STDOUT_FILENO) == 1)
        let width = columns(environment: environment, isTerminal: isTerminal)
        let color: Bool
        switch colorMode {
        case .always: color = true
        case .never: color = false
        case .auto:
            let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
            let dumb = environment["TERM"] == "dumb"
            color = isTerminal && !noColor && !dumb
        }
        let unicode = !asciiOnly && localeIsUTF8(environment: environment)
        return TerminalCaps(width: width, color: color, unicode: unicode)
    }

    /// The width from `COLUMNS`, then the terminal, then 80, clamped to ``widthRange``.
    static func columns(environment: [String: String], isTerminal: Bool) -> Int {
        if let text = environment["COLUMNS"]?.trimmingSpaces, let value = Int(text), value > 0 {
            return clampWidth(value)
        }
        if isTerminal, let value = terminalColumns() {
            return clampWidth(value)
        }
        return 80
    }

    /// The width clamped to ``widthRange``.
    static func clampWidth(_ width: Int) -> Int {
        min(max(width, widthRange.lowerBound), widthRange.upperBound)
    }

    /// The column count the terminal on standard output reports, if any.
    static func terminalColumns() -> Int? {
        var size = winsize()
        #if os(Linux)
        let result = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size)
        #else
        let result = ioctl(STDOUT_FILENO, TIOCGWINSZ, &size)
        #endif
        guard result == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Whether the locale named by the environment uses UTF-8 (true when none is named).
    static func localeIsUTF8(environment: [String: String]) -> Bool {
        for name in ["LC_ALL", "LC_CTYPE", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            let lowered = value.lowercased()
            return lowered.contains("utf-8") || lowered.contains("utf8")
        }
        return true
    }
}

extension String {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
