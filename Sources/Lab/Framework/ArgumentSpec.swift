#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lessons

/// A positional argument of a command.
public struct PositionalSpec: Sendable, Equatable {
    /// Its name: lowercase here, shown uppercase in usage (`seconds` → `SECONDS`).
    public var name: String
    /// What values it accepts.
    public var kind: ValueKind
    /// One line for `help NAME`.
    public var summary: String
    /// Whether it may be left out.
    public var isOptional: Bool
    /// Whether it takes every remaining positional value (only the last one may).
    public var isRepeating: Bool
    /// Where Tab finds candidates.
    public var completion: CompletionSource

    /// Creates a positional argument; a `.choice` kind completes its choices by default.
    public init(
        _ name: String,
        kind: ValueKind = .text,
        summary: String,
        isOptional: Bool = false,
        isRepeating: Bool = false,
        completion: CompletionSource? = nil
    ) {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.isOptional = isOptional
        self.isRepeating = isRepeating
        self.completion = completion ?? kind.defaultCompletion
    }
}

/// An option (`--name value`, `--name=value`) or a boolean flag (`--name`).
public struct OptionSpec: Sendable, Equatable {
    /// Its name without the leading dashes.
    public var name: String
    /// What value it takes; `nil` for a boolean flag.
    public var kind: ValueKind?
    /// One line for `help NAME`.
    public var summary: String
    /// The value used when the option is not given (shown in help).
    public var defaultValue: String?
    /// Where Tab finds candidates for its value.
    public var completion: CompletionSource
    /// Whether the value is a list that may run on over the words after it, up to the first
    /// that is not a number: `--mask 1 1 0 0` as `--mask 1,1,0,0`.
    public var runsOn = false

    /// An option taking a value; `runsOn` for a list of numbers that may be written with
    /// spaces (the words are joined with commas).
    public static func value(
        _ name: String,
        kind: ValueKind,
        summary: String,
        defaultValue: String? = nil,
        completion: CompletionSource? = nil,
        runsOn: Bool = false
    ) -> OptionSpec {
        OptionSpec(name: name, kind: kind, summary: summary, defaultValue: defaultValue,
                   completion: completion ?? kind.defaultCompletion, runsOn: runsOn)
    }

    /// A boolean flag, true when present.
    public static func flag(_ name: String, summary: String) -> OptionSpec {
        OptionSpec(name: name, kind: nil, summary: summary, defaultValue: nil, completion: .none)
    }

    /// Whether it is a boolean flag.
    public var isFlag: Bool { kind == nil }

    /// How it reads in a usage line: `--all`, `--steps N`, `--color auto|always|never`.
    public var usage: String {
        guard let kind else { return "--\(name)" }
        return "--\(name) \(kind.placeholder)"
    }
}

/// What values an argument accepts; checked before a command runs.
public enum ValueKind: Sendable, Equatable {
    /// Any text.
    case text
    /// A whole number within bounds.
    case integer(ClosedRange<Int>)
    /// A finite decimal number within bounds.
    case number(ClosedRange<Double>)
    /// A finite decimal number greater than 0 and at most a bound (a spectral radius, which
    /// no scaling of a nonzero matrix brings to 0).
    case positiveNumber(atMost: Double)
    /// One of a fixed list of words.
    case choice([String])
    /// A file path.
    case file

    /// The placeholder shown in usage lines.
    public var placeholder: String {
        switch self {
        case .text: "TEXT"
        case .integer: "N"
        case .number, .positiveNumber: "X"
        case .choice(let choices): choices.joined(separator: "|")
        case .file: "FILE"
        }
    }

    /// The completion used when a spec names none.
    public var defaultCompletion: CompletionSource {
        switch self {
        case .choice(let choices): .choices(choices)
        case .file: .files
        case .text, .integer, .number, .positiveNumber: .none
        }
    }
}

extension ValueKind {
    /// What is wrong with `value` for this kind, as the words after the argument's name
    /// (`must be a whole number, got 'x'`), or nil when it fits. Commands that read a value
    /// themselves (`set radius R`) say it in the same words as the parser.
    func fault(in value: String) -> String? {
        switch self {
        case .text, .file:
            if value.utf8.count > 65536 { return "is too long (\(value.utf8.count) bytes, at most 65536)" }
        case .integer(let range):
            guard let number = Int(value) else { return "must be a whole number, got '\(LabError.shortened(value))'" }
            guard range.contains(number) else {
                return "must be between \(range.lowerBound) and \(range.upperBound), got \(LabError.shortened(value))"
            }
        case .number(let range):
            guard let number = decimalNumber(value) else { return numberFault(value) }
            guard range.contains(number) else {
                let bounds = Self.format([range.lowerBound, range.upperBound])
                return "must be between \(bounds[0]) and \(bounds[1]), got \(LabError.shortened(value))"
            }
        case .positiveNumber(let bound):
            guard let number = decimalNumber(value) else { return numberFault(value) }
            guard number > 0, number <= bound else {
                return "must be greater than 0 and at most \(Self.format([bound])[0]), got \(LabError.shortened(value))"
            }
        case .choice(let choices):
            guard choices.contains(value) else {
                let hint = Suggestion.nearest(to: value, among: choices).map { " — did you mean '\($0)'?" } ?? ""
                return "must be one of \(choices.joined(separator: ", ")), got '\(LabError.shortened(value))'\(hint)"
            }
        }
        return nil
    }

    /// Bounds as a message writes them, all in one format: `0` and `100`, `-0.5` and `0.5`;
    /// or, when one is too large or too small to write out (`1e+12`, `1e-09`), each in powers
    /// of ten with the fewest digits that still give it exactly: `1e-12` and `1e+12`, not
    /// `1e-12` and `1000000000000`.
    private static func format(_ bounds: [Double]) -> [String] {
        let writtenOut = bounds.allSatisfy { $0 == 0 || (1e-4...1e6).contains(abs($0)) }
        if writtenOut {
            return bounds.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }
        }
        for digits in 0...16 {
            let texts = bounds.map { scientific($0, digits: digits) }
            if zip(texts, bounds).allSatisfy({ Double($0) == $1 }) { return texts }
        }
        return bounds.map { String($0) }
    }

    /// `bound` as `%.*e` writes it with `digits` after the point: `1e+12`, `2.5e-05`.
    private static func scientific(_ bound: Double, digits: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 40) { buffer in
            _ = withVaList([Int32(digits), bound]) { vsnprintf(buffer.baseAddress!, buffer.count, "%.*e", $0) }
            return String(cString: buffer.baseAddress!)
        }
    }
}

/// Where Tab completion finds candidates for an argument.
public enum CompletionSource: Sendable, Equatable {
    /// No candidates.
    case none
    /// A fixed list.
    case choices([String])
    /// The lab's command names.
    case commands
    /// The names of the models in the session (``Session/modelNames``).
    case models
    /// The quantities commands can show (``Session/quantityNames``).
    case quantities
    /// What `show` takes: the ``quantities`` and the recurrent weights' spectral measures
    /// (``WeightsView/spectraNames``).
    case shownQuantities
    /// What `explain` writes out for the current model: its gates, then c (LSTM) and h.
    case equations
    /// The ids of the available lessons (``Session/lessonIds``).
    case lessons
    /// Files and folders, relative to the current folder.
    case files
}
