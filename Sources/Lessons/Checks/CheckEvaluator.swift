#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Evaluates check expressions against a `ValueResolver`.
public struct CheckEvaluator {
    /// The resolver that supplies session values.
    public var resolver: any ValueResolver
    /// Every reference read during the last evaluation, in first-use order, with its values.
    public private(set) var readValues: [(reference: ValueReference, values: [Double])] = []

    /// Creates an evaluator.
    public init(resolver: any ValueResolver) {
        self.resolver = resolver
    }

    /// A value during evaluation: numbers or truth values, element by element.
    enum Value {
        case numbers([Double])
        case truths([Bool])
    }

    /// Evaluates a check: true when every element of the result is true.
    public mutating func holds(_ expression: CheckExpression) throws(CheckEvaluationError) -> Bool {
        readValues = []
        switch try evaluate(expression) {
        case .truths(let truths):
            guard !truths.isEmpty else {
                throw CheckEvaluationError("the comparison has no values to compare")
            }
            return truths.allSatisfy { $0 }
        case .numbers:
            throw CheckEvaluationError("a check must compare values (use <, >, ==, ≈ or in), not just compute one")
        }
    }

    /// Evaluates an expression that must give exactly one number (numeric answers).
    public mutating func number(_ expression: CheckExpression) throws(CheckEvaluationError) -> Double {
        readValues = []
        guard case .numbers(let numbers) = try evaluate(expression) else {
            throw CheckEvaluationError("expected a number, got a comparison")
        }
        guard numbers.count == 1 else {
            throw CheckEvaluationError("expected one number, got \(numbers.count); select one element, e.g. f[t=3, unit=0]")
        }
        guard !numbers[0].isNaN else {
            throw CheckEvaluationError("the answer is NaN, which no typed number matches (a diverged model or a 0/0 gives NaN)")
        }
        return numbers[0]
    }

    func numbers(_ value: Value, _ role: String) throws(CheckEvaluationError) -> [Double] {
        guard case .numbers(let numbers) = value else {
            throw CheckEvaluationError("\(role) must be a number, not a comparison")
        }
        return numbers
    }

    /// The numbers of one side of a comparison, none of them NaN. NaN compares false with
    /// everything, so `not (ratio < 1)` or `ratio != 1` would hold for a model whose
    /// gradient became NaN: a claim about NaN is refused instead, and the check fails.
    func comparable(_ value: Value, _ role: String) throws(CheckEvaluationError) -> [Double] {
        let values = try numbers(value, role)
        if let index = values.firstIndex(where: \.isNaN) {
            let element = values.count == 1 ? "" : " (value \(index + 1) of \(values.count))"
            throw CheckEvaluationError("\(role) is NaN\(element): no claim about it holds (a diverged model or a 0/0 gives NaN)")
        }
        return values
    }

    func truths(_ value: Value, _ role: String) throws(CheckEvaluationError) -> [Bool] {
        guard case .truths(let truths) = value else {
            throw CheckEvaluationError("\(role) must be a comparison, not a number")
        }
        return truths
    }

    /// Pairs two arrays element by element; a single element is repeated to the other's length.
    static func pairwise<A, B, R>(_ left: [A], _ right: [B], _ combine: (A, B) -> R) throws(CheckEvaluationError) -> [R] {
        if left.count == right.count { return zip(left, right).map(combine) }
        if left.count == 1 { return right.map { combine(left[0], $0) } }
        if right.count == 1 { return left.map { combine($0, right[0]) } }
        throw CheckEvaluationError("cannot combine \(left.count) values with \(right.count) values element by element; reduce one side with max(), min(), mean() or select one element")
    }

    mutating func evaluate(_ expression: CheckExpression) throws(CheckEvaluationError) -> Value {
        switch expression {
        case .number(let value):
            return .numbers([value])
        case .reference(let reference):
            let values: [Double]
            do {
                values = try resolver.values(of: reference)
            } catch {
                let named = error.message.hasPrefix("\(reference): ")  // the lab's messages name it already
                throw CheckEvaluationError(named ? error.message : "\(reference): \(error.message)")
            }
            if !readValues.contains(where: { $0.reference == reference }) {
                readValues.append((reference, values))
            }
            return .numbers(values)
        case .negate(let inner):
            return .numbers(try numbers(evaluate(inner), "the operand of `-`").map { -$0 })
        case .arithmetic(let op, let left, let right):
            let a = try numbers(evaluate(left), "the left side of `\(op.rawValue)`")
            let b = try numbers(evaluate(right), "the right side of `\(op.rawValue)`")
            return .numbers(try Self.pairwise(a, b) { x, y in
                switch op {
                case .add: x + y
                case .subtract: x - y
                case .multiply: x * y
                case .divide: x / y
                case .power: pow(x, y)
                }
            })
        case .comparison(let op, let left, let right, let tolerance):
            let a = try comparable(evaluate(left), "the left side of `\(op.rawValue)`")
            let b = try comparable(evaluate(right), "the right side of `\(op.rawValue)`")
            return .truths(try Self.pairwise(a, b) { x, y in Self.compare(op, x, y, tolerance) })
        case .within(let inner, let interval):
            let values = try comparable(evaluate(inner), "the value before `in`")
            let lower = try comparable(evaluate(interval.lower), "the interval's lower bound")
            let upper = try comparable(evaluate(interval.upper), "the interval's upper bound")
            guard lower.count == 1, upper.count == 1 else {
                throw CheckEvaluationError("an interval's bounds must be single numbers")
            }
            return .truths(values.map { value in
                (interval.includesLower ? value >= lower[0] : value > lower[0])
                    && (interval.includesUpper ? value <= upper[0] : value < upper[0])
            })
        case .and(let left, let right):
            let a = try truths(evaluate(left), "each side of `and`")
            let b = try truths(evaluate(right), "each side of `and`")
            return .truths(try Self.pairwise(a, b) { $0 && $1 })
        case .or(let left, let right):
            let a = try truths(evaluate(left), "each side of `or`")
            let b = try truths(evaluate(right), "each side of `or`")
            return .truths(try Self.pairwise(a, b) { $0 || $1 })
        case .not(let inner):
            return .truths(try truths(evaluate(inner), "the operand of `not`").map { !$0 })
        case .call(let function, let arguments):
            guard let argument = arguments.first, arguments.count == 1 else {
                throw CheckEvaluationError("\(function.rawValue)() takes one argument")
            }
            return try call(function, evaluate(argument))
        }
    }

    static func compare(_ op: ComparisonOperator, _ x: Double, _ y: Double, _ tolerance: Tolerance?) -> Bool {
        switch op {
        case .less: return x < y
        case .lessOrEqual: return x <= y
        case .greater: return x > y
        case .greaterOrEqual: return x >= y
        case .notEqual: return x != y
        case .equal:
            if let tolerance { return tolerance.accepts(x, expected: y) }
            return x == y
        case .approximately:
            return (tolerance ?? .relative(percent: 1e-4)).accepts(x, expected: y)
        }
    }

    func call(_ function: CheckFunction, _ value: Value) throws(CheckEvaluationError) -> Value {
        let name = "\(function.rawValue)()"
        switch function {
        case .all:
            return .truths([try truths(value, "the argument of all()").allSatisfy { $0 }])
        case .any:
            return .truths([try truths(value, "the argument of any()").contains(true)])
        case .abs:
            return .numbers(try numbers(value, "the argument of abs()").map { Swift.abs($0) })
        case .log10:
            return .numbers(try numbers(value, "the argument of log10()").map { Self.log10($0) })
        case .ln, .log2, .exp, .sqrt:
            let values = try numbers(value, "the argument of \(name)")
            return .numbers(values.map { x in
                switch function {
                case .ln: log(x)
                case .log2: log2(x)
                case .exp: exp(x)
                default: x.squareRoot()
                }
            })
        case .count:
            return .numbers([Double(try numbers(value, "the argument of count()").count)])
        default:
            break
        }
        let values = try numbers(value, "the argument of \(name)")
        guard let first = values.first, let last = values.last else {
            throw CheckEvaluationError("\(name) of no values")
        }
        if function == .max || function == .min, values.contains(where: \.isNaN) {
            return .numbers([.nan])  // as PyTorch's max and min: NaN in, NaN out, whatever the order
        }
        switch function {
        case .max: return .numbers([values.max() ?? first])
        case .min: return .numbers([values.min() ?? first])
        case .sum: return .numbers([values.reduce(0, +)])
        case .mean: return .numbers([values.reduce(0, +) / Double(values.count)])
        case .first: return .numbers([first])
        case .last: return .numbers([last])
        default: return .numbers(values)
        }
    }

    /// Base-10 logarithm without Foundation: log10(x) = log2(x) / log2(10), log2 by frexp-style halving.
    static func log10(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        // x = m · 2^e with m in [1, 2); ln(m) by the atanh series, which converges fast there.
        let exponent = Double(x.exponent)
        let mantissa = x.significand
        let s = (mantissa - 1) / (mantissa + 1)
        var term = s
        var series = 0.0
        var k = 1.0
        while Swift.abs(term) > 1e-18 {
            series += term / k
            term *= s * s
            k += 2
        }
        let naturalLog = 2 * series + exponent * 0.693_147_180_559_945_3
        return naturalLog / 2.302_585_092_994_046
    }
}

/// A check could not be evaluated (unknown value, mismatched lengths, no values).
public struct CheckEvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var message: String

    /// Creates an evaluation error.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
