/// A command's arguments after parsing and validation, looked up by name.
///
/// Positional arguments and options share one namespace per command. Values were checked
/// against their ``ValueKind`` already, so `int` and `double` only return nil when the
/// argument was not given and has no default.
public struct ParsedArguments: Sendable, Equatable {
    /// Values by argument name; a repeating positional holds several.
    public var values: [String: [String]]
    /// The boolean flags that were given.
    public var flags: Set<String>
    /// The options whose value is their default, not typed.
    public var defaulted: Set<String> = []

    /// Creates parsed arguments (the parser does this; tests may too).
    public init(values: [String: [String]] = [:], flags: Set<String> = []) {
        self.values = values
        self.flags = flags
    }

    /// The value of an argument or option, or nil when absent.
    public func string(_ name: String) -> String? {
        values[name]?.last
    }

    /// Every value of a repeating positional argument (empty when absent).
    public func strings(_ name: String) -> [String] {
        values[name] ?? []
    }

    /// The value as a whole number.
    public func int(_ name: String) -> Int? {
        string(name).flatMap { Int($0) }
    }

    /// The value as a decimal number.
    public func double(_ name: String) -> Double? {
        string(name).flatMap { decimalNumber($0) }
    }

    /// Whether the option `name` was typed (not left at its default, or absent).
    public func wasGiven(_ name: String) -> Bool {
        values[name] != nil && !defaulted.contains(name)
    }

    /// Whether a boolean flag was given.
    public func flag(_ name: String) -> Bool {
        flags.contains(name)
    }
}
