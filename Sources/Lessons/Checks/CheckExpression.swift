/// A parsed expression of the check language (see lessons/README.md for the grammar).
///
/// Every value is an array of numbers (a number is an array of one); comparisons give
/// one truth value per element and a check holds when every element is true.
public indirect enum CheckExpression: Sendable, Equatable {
    /// A literal number, e.g. `1e-3`.
    case number(Double)
    /// A session value the resolver supplies, e.g. `lstm.grad-norm[t=1]`.
    case reference(ValueReference)
    /// A function applied to its arguments, e.g. `max(h)`.
    case call(CheckFunction, [CheckExpression])
    /// Unary minus.
    case negate(CheckExpression)
    /// `+ - * /`, element by element.
    case arithmetic(ArithmeticOperator, CheckExpression, CheckExpression)
    /// `< <= > >= == != ≈`, with an optional `± tolerance` for `==` and `≈`.
    case comparison(ComparisonOperator, CheckExpression, CheckExpression, tolerance: Tolerance?)
    /// `x in (a, b)`: every element lies in the interval.
    case within(CheckExpression, Interval)
    /// Logical `and`.
    case and(CheckExpression, CheckExpression)
    /// Logical `or`.
    case or(CheckExpression, CheckExpression)
    /// Logical `not`.
    case not(CheckExpression)
}

extension CheckExpression {
    /// Whether the expression is a claim, true or false for each element (a comparison,
    /// `in`, `and`, `or`, `not`, `all()`, `any()`), rather than numbers.
    var isClaim: Bool {
        switch self {
        case .comparison, .within, .and, .or, .not: true
        case .call(let function, _): function == .all || function == .any
        case .number, .reference, .negate, .arithmetic: false
        }
    }
}

/// The check language's functions.
public enum CheckFunction: String, Sendable, Equatable, CaseIterable {
    /// Largest element.
    case max
    /// Smallest element.
    case min
    /// Arithmetic mean.
    case mean
    /// Sum of the elements.
    case sum
    /// Absolute value of each element.
    case abs
    /// Base-10 logarithm of each element.
    case log10
    /// Number of elements; of a claim, the number of elements where it holds.
    case count
    /// The first element; of a claim, the position (from 1) of the first element where it holds.
    case first
    /// The last element.
    case last
    /// True when every truth value of its argument is true.
    case all
    /// True when at least one truth value of its argument is true.
    case any
    /// Natural logarithm of each element (`ln 4`, and `log 4` as in Python and PyTorch).
    case ln
    /// Base-2 logarithm of each element.
    case log2
    /// e raised to each element.
    case exp
    /// Square root of each element (also `√2`).
    case sqrt
    /// Arccosine of each element, in radians, for elements from −1 to 1.
    case acos
    /// Arcsine of each element, in radians, for elements from −1 to 1.
    case asin
    /// Arctangent of each element, in radians.
    case atan

    /// The functions that reduce a list to one value (or, for `all` and `any`, a claim to
    /// one truth): only checks and `answer:` lines have them, as a learner's typed answer
    /// names no list.
    public static let reductions: [CheckFunction] = [.max, .min, .mean, .sum, .count, .first, .last, .all, .any]

    /// The functions applied element by element, by the names checks, `answer:` lines and
    /// a learner's typed answer all write: `log` is the natural logarithm, as in Python's
    /// `math.log` and PyTorch's `torch.log`; `log10` and `log2` name their base. The
    /// inverse trigonometric functions give radians, as Python's `math.acos` does.
    public static let elementwise: KeyValuePairs<String, CheckFunction> = [
        "abs": .abs, "exp": .exp, "sqrt": .sqrt, "ln": .ln, "log": .ln, "log2": .log2, "log10": .log10,
        "acos": .acos, "asin": .asin, "atan": .atan,
    ]

    /// The function a check or an `answer:` line calls by `name`, if any.
    static func named(_ name: String) -> CheckFunction? {
        if let function = CheckFunction(rawValue: name), reductions.contains(function) { return function }
        return elementwise.first(where: { $0.key == name })?.value
    }

    /// Every name a check or an `answer:` line may call, for messages.
    static var checkNames: [String] { reductions.map(\.rawValue) + elementwise.map(\.key) }

    /// Whether this function is applied element by element (`abs`, `exp`, `acos`, ...),
    /// giving one result per element of its argument, rather than reducing it.
    var isElementwise: Bool { !Self.reductions.contains(self) }

    /// Whether this function, given a claim, counts where it holds (`count`, `first`) rather
    /// than taking numbers; `all` and `any` take only claims.
    var takesClaim: Bool { self == .count || self == .first }
}

/// Arithmetic operators.
public enum ArithmeticOperator: String, Sendable, Equatable {
    /// Addition.
    case add = "+"
    /// Subtraction.
    case subtract = "-"
    /// Multiplication.
    case multiply = "*"
    /// Division.
    case divide = "/"
    /// A power, `2^-3` (also `2**-3`).
    case power = "^"
}

/// Comparison operators.
public enum ComparisonOperator: String, Sendable, Equatable {
    /// `<`
    case less = "<"
    /// `<=` or `≤`
    case lessOrEqual = "<="
    /// `>`
    case greater = ">"
    /// `>=` or `≥`
    case greaterOrEqual = ">="
    /// `==`: equal, or within `± tolerance` when one is given.
    case equal = "=="
    /// `!=` or `≠`
    case notEqual = "!="
    /// `≈` or `~=`: within `± tolerance`, or within a relative 1e-6 without one.
    case approximately = "≈"
}

/// An interval for `in`, open `(` or closed `[` at each end.
public struct Interval: Sendable, Equatable {
    /// The lower bound expression.
    public var lower: CheckExpression
    /// The upper bound expression.
    public var upper: CheckExpression
    /// `[` rather than `(`.
    public var includesLower: Bool
    /// `]` rather than `)`.
    public var includesUpper: Bool

    /// Creates an interval.
    public init(lower: CheckExpression, upper: CheckExpression, includesLower: Bool, includesUpper: Bool) {
        self.lower = lower
        self.upper = upper
        self.includesLower = includesLower
        self.includesUpper = includesUpper
    }
}

/// A name for session values with optional model and selectors: `rnn.grad-norm[t=1]`.
public struct ValueReference: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The model the value belongs to (`rnn` in `rnn.grad-norm`), or nil for the current one.
    public var model: String?
    /// The quantity, e.g. `grad-norm`, `f`, `h`, `params`, `loss`.
    public var name: String
    /// Selectors in written order; a bare number `[3]` is written as `t=3`.
    public var selectors: [ValueSelector]

    /// Creates a reference.
    public init(model: String? = nil, name: String, selectors: [ValueSelector] = []) {
        self.model = model
        self.name = name
        self.selectors = selectors
    }

    /// The value of the selector with this key, if present.
    public func selector(_ key: String) -> ValueSelector.Value? {
        selectors.first(where: { $0.key == key })?.value
    }

    /// The canonical spelling, e.g. `rnn.grad-norm[t=1]`.
    public var description: String {
        var text = (model.map { $0 + "." } ?? "") + name
        if !selectors.isEmpty {
            text += "[" + selectors.map(\.description).joined(separator: ", ") + "]"
        }
        return text
    }
}

/// One `key=value` inside a reference's brackets.
public struct ValueSelector: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The key, e.g. `t`, `unit`, `layer`, `dir`.
    public var key: String
    /// The value.
    public var value: Value

    /// Creates a selector.
    public init(key: String, value: Value) {
        self.key = key
        self.value = value
    }

    /// A selector's value: an index (negative counts from the end), a range, or a word.
    public enum Value: Sendable, Equatable, Hashable, CustomStringConvertible {
        /// An integer, e.g. `t=3`, `t=-1` (the last step).
        case index(Int)
        /// An inclusive range, e.g. `t=1..5`.
        case range(Int, Int)
        /// A word, e.g. `dir=reverse`.
        case word(String)

        /// The value as written.
        public var description: String {
            switch self {
            case .index(let value): "\(value)"
            case .range(let from, let to): "\(from)..\(to)"
            case .word(let word): word
            }
        }
    }

    /// `key=value`.
    public var description: String { "\(key)=\(value)" }
}
