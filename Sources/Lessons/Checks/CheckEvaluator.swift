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
    /// What each `count(claim)` and `first(claim)` came to, left to right, written out:
    /// `count(loss > 0.2) = 3`, or `count(…) = 3` past ``longestCountedName`` characters.
    public private(set) var countedValues: [String] = []
    /// The longest `count(claim)` written out in a failure's values; a longer one is `count(…)`.
    static let longestCountedName = 48
    /// When the last claim evaluated by ``holds(_:)`` failed at some of several elements:
    /// how many and where the first is, with the numbers compared there, e.g.
    /// `false at 37 of 320 elements; first at t=4, unit=2: 0.781 vs 0.712`.
    public private(set) var falseElements: String?
    /// Each `any(claim)` that came out false in the last evaluation, as written, with what
    /// ``heldNowhere(_:truths:places:reasons:sides:)`` says of it.
    var unheldAny: [(written: String, text: String)] = []

    /// Creates an evaluator.
    public init(resolver: any ValueResolver) {
        self.resolver = resolver
    }

    /// A value during evaluation: numbers or truth values, element by element. Each element
    /// carries where it is (`t=4, unit=2`, when a reference said) and each truth the numbers
    /// it was decided on (`0.781 vs 0.712`), so that a failing claim can say where and why.
    enum Value {
        case numbers([Double], places: [String?])
        case truths([Bool], places: [String?], reasons: [String?])

        /// Numbers in no particular place.
        static func numbers(_ numbers: [Double]) -> Value { .numbers(numbers, places: Array(repeating: nil, count: numbers.count)) }
        /// Truths in no particular place and with no reasons, such as that of `all()`.
        static func truths(_ truths: [Bool]) -> Value {
            .truths(truths, places: Array(repeating: nil, count: truths.count), reasons: Array(repeating: nil, count: truths.count))
        }
    }

    /// Evaluates a check: true when every element of the result is true.
    public mutating func holds(_ expression: CheckExpression) throws(CheckEvaluationError) -> Bool {
        readValues = []
        countedValues = []
        unheldAny = []
        falseElements = nil
        switch try evaluate(expression) {
        case .truths(let truths, let places, let reasons):
            guard !truths.isEmpty else {
                throw CheckEvaluationError("the comparison has no values to compare")
            }
            guard let first = truths.firstIndex(of: false) else { return true }
            if truths.count > 1 {
                let place = places[first] ?? "element \(first + 1)"
                let reason = reasons[first].map { ": " + $0 } ?? ""
                falseElements = "false at \(truths.count { !$0 }) of \(truths.count) elements; first at \(place)\(reason)"
            } else if case .call(.any, _) = expression, let unheld = unheldAny.last {
                falseElements = unheld.text
            } else {
                // an any() within the claim that held nowhere has no reason of its own: it is named
                let compared = Self.readsOnItsFace(expression) ? nil : reasons[first].map { "compared \($0)" }
                let unheld = unheldAny.map { "`\($0.written)`: \($0.text)" }
                let parts = (compared.map { [$0] } ?? []) + unheld
                falseElements = parts.isEmpty ? nil : parts.joined(separator: "; ")
            }
            return false
        case .numbers:
            throw CheckEvaluationError("a check must compare values (use <, >, ==, ≈ or in), not just compute one")
        }
    }

    /// Evaluates an expression that must give exactly one number (numeric answers).
    public mutating func number(_ expression: CheckExpression) throws(CheckEvaluationError) -> Double {
        readValues = []
        countedValues = []
        unheldAny = []
        guard case .numbers(let numbers, _) = try evaluate(expression) else {
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

    /// The numbers of `value` and their places, or an error naming `role`.
    func numbers(_ value: Value, _ role: String) throws(CheckEvaluationError) -> (values: [Double], places: [String?]) {
        guard case .numbers(let numbers, let places) = value else {
            throw CheckEvaluationError("\(role) must be a number, not a comparison")
        }
        return (numbers, places)
    }

    /// The numbers of one side of a comparison, none of them NaN. NaN compares false with
    /// everything, so `not (ratio < 1)` or `ratio != 1` would hold for a model whose
    /// gradient became NaN: a claim about NaN is refused instead, and the check fails.
    func comparable(_ value: Value, _ role: String) throws(CheckEvaluationError) -> (values: [Double], places: [String?]) {
        let side = try numbers(value, role)
        if let index = side.values.firstIndex(where: \.isNaN) {
            let element = side.values.count == 1 ? "" : " (value \(index + 1) of \(side.values.count))"
            throw CheckEvaluationError("\(role) is NaN\(element): no claim about it holds (a diverged model or a 0/0 gives NaN)")
        }
        return side
    }

    /// The truths of `value` with their places and reasons, or an error naming `role`.
    func truths(_ value: Value, _ role: String) throws(CheckEvaluationError) -> (values: [Bool], places: [String?], reasons: [String?]) {
        guard case .truths(let truths, let places, let reasons) = value else {
            throw CheckEvaluationError("\(role) must be a comparison, not a number")
        }
        return (truths, places, reasons)
    }

    /// Pairs two arrays element by element; a single element is repeated to the other's length.
    static func pairwise<A, B, R>(_ left: [A], _ right: [B], _ combine: (A, B) -> R) throws(CheckEvaluationError) -> [R] {
        if left.count == right.count { return zip(left, right).map(combine) }
        if left.count == 1 { return right.map { combine(left[0], $0) } }
        if right.count == 1 { return left.map { combine($0, right[0]) } }
        throw CheckEvaluationError("cannot combine \(left.count) values with \(right.count) values element by element; reduce one side with max(), min(), mean() or select one element")
    }

    /// The places of a pairwise result: the left side's where it knows them, else the right's.
    static func places(_ left: [String?], _ right: [String?]) -> [String?] {
        (try? pairwise(left, right) { $0 ?? $1 }) ?? []
    }

    mutating func evaluate(_ expression: CheckExpression) throws(CheckEvaluationError) -> Value {
        switch expression {
        case .number(let value):
            return .numbers([value])
        case .reference(let reference):
            let placed: PlacedValues
            do {
                placed = try resolver.placedValues(of: reference)
            } catch {
                let named = error.message.hasPrefix("\(reference): ")  // the lab's messages name it already
                throw CheckEvaluationError(named ? error.message : "\(reference): \(error.message)")
            }
            if !readValues.contains(where: { $0.reference == reference }) {
                readValues.append((reference, placed.values))
            }
            return .numbers(placed.values, places: placed.places ?? Array(repeating: nil, count: placed.values.count))
        case .negate(let inner):
            let side = try numbers(evaluate(inner), "the operand of `-`")
            return .numbers(side.values.map { -$0 }, places: side.places)
        case .arithmetic(let op, let left, let right):
            let a = try numbers(evaluate(left), "the left side of `\(op.rawValue)`")
            let b = try numbers(evaluate(right), "the right side of `\(op.rawValue)`")
            let values = try Self.pairwise(a.values, b.values) { x, y in
                switch op {
                case .add: x + y
                case .subtract: x - y
                case .multiply: x * y
                case .divide: x / y
                case .power: pow(x, y)
                }
            }
            let places = Self.places(a.places, b.places)
            if !expression.references.isEmpty {
                let operands = try Self.pairwise(a.values, b.values) { [$0, $1] }
                try Self.refuseNonFinite(expression, values, from: operands, places: places) { index in
                    // x / 0, and 0 to a negative power (1 / 0^n), have no value at all
                    let (x, y) = (operands[index][0], operands[index][1])
                    return op == .divide && y == 0 || op == .power && x == 0 && y < 0
                }
            }
            return .numbers(values, places: places)
        case .comparison(let op, let left, let right, let tolerance):
            return try comparison(op, left, right, tolerance).value
        case .within(let inner, let interval):
            let values = try comparable(evaluate(inner), "the value before `in`")
            let lower = try comparable(evaluate(interval.lower), "the interval's lower bound").values
            let upper = try comparable(evaluate(interval.upper), "the interval's upper bound").values
            guard lower.count == 1, upper.count == 1 else {
                throw CheckEvaluationError("an interval's bounds must be single numbers")
            }
            let truths = values.values.map { value in
                (interval.includesLower ? value >= lower[0] : value > lower[0])
                    && (interval.includesUpper ? value <= upper[0] : value < upper[0])
            }
            let bounds = (interval.includesLower ? "[" : "(") + CheckFailure.text(lower[0]) + ", "
                + CheckFailure.text(upper[0]) + (interval.includesUpper ? "]" : ")")
            return .truths(truths, places: values.places, reasons: values.values.map { "\(CheckFailure.text($0)) vs \(bounds)" })
        case .and(let left, let right):
            let a = try truths(evaluate(left), "each side of `and`")
            let b = try truths(evaluate(right), "each side of `and`")
            return try Self.joined(a, b, holds: { $0 && $1 })
        case .or(let left, let right):
            let a = try truths(evaluate(left), "each side of `or`")
            let b = try truths(evaluate(right), "each side of `or`")
            return try Self.joined(a, b, holds: { $0 || $1 })
        case .not(let inner):
            let a = try truths(evaluate(inner), "the operand of `not`")
            return .truths(a.values.map { !$0 }, places: a.places, reasons: a.reasons)
        case .call(let function, let arguments):
            guard let argument = arguments.first, arguments.count == 1 else {
                throw CheckEvaluationError("\(function.rawValue)() takes one argument")
            }
            // any() of a comparison keeps its sides' numbers, to say how near a failing one came
            var sides: (left: [Double], right: [Double])?
            let argumentValue: Value
            if function == .any, case .comparison(let op, let left, let right, let tolerance) = argument {
                let compared = try comparison(op, left, right, tolerance)
                (argumentValue, sides) = (compared.value, (compared.left, compared.right))
            } else {
                argumentValue = try evaluate(argument)
            }
            let result = try call(function, argumentValue)
            if function == .any, case .truths(let held, _, _) = result, held == [false],
               case .truths(let truths, let places, let reasons) = argumentValue {
                unheldAny.append((expression.written, Self.heldNowhere(argument, truths: truths, places: places, reasons: reasons, sides: sides)))
            }
            if !expression.references.isEmpty, case .numbers(let arguments, _) = argumentValue,
               case .numbers(let results, let places) = result {
                // element by element, each result comes of its own argument; a sum or mean of them all
                let operands = results.count == arguments.count && function != .sum && function != .mean
                    ? arguments.map { [$0] } : [arguments]
                try Self.refuseNonFinite(expression, results, from: operands, places: places)
            }
            // what count() or first() of a claim came to is in no value read: say it in a failure
            if function == .count || function == .first, case .truths(_, let places, _) = argumentValue,
               case .numbers(let numbers, _) = result, let number = numbers.first {
                // written out, so two of them say which is which, unless that makes a long line
                let written = expression.written
                let name = written.count <= Self.longestCountedName ? written : "\(function.rawValue)(…)"
                // first() counts the claim's own elements, so of `loss[step=100..150]` it is 1 at
                // step 100: where that place is, when known, says which step it is
                let index = Int(number) - 1
                let at = function == .first && places.indices.contains(index) ? places[index].map { ", at \($0)" } ?? "" : ""
                countedValues.append("\(name) = \(CheckFailure.format([number]))\(at)")
            }
            return result
        }
    }

    /// A comparison element by element, with the numbers of its two sides.
    mutating func comparison(
        _ op: ComparisonOperator, _ left: CheckExpression, _ right: CheckExpression, _ tolerance: Tolerance?
    ) throws(CheckEvaluationError) -> (value: Value, left: [Double], right: [Double]) {
        let a = try comparable(evaluate(left), "the left side of `\(op.rawValue)`")
        let b = try comparable(evaluate(right), "the right side of `\(op.rawValue)`")
        let truths = try Self.pairwise(a.values, b.values) { x, y in Self.compare(op, x, y, tolerance) }
        let reasons = try Self.pairwise(a.values, b.values) { x, y in Optional(Self.compared(op, x, y, tolerance)) }
        return (.truths(truths, places: Self.places(a.places, b.places), reasons: reasons), a.values, b.values)
    }

    /// What a failing `any(claim)` says: at how many of its elements the claim held (none),
    /// and, for a comparison, the element that came nearest to holding, with the numbers
    /// compared there: `true at none of 15 elements; largest at t=4, unit=2: 0.0875 vs 5`.
    ///
    /// Nearest is the largest left side less the right for `>` and `>=`, the smallest for
    /// `<` and `<=` (the largest or smallest value, when the right side is one number), and
    /// the least distance for `==` and `≈`. `sides` are the comparison's numbers, nil for
    /// another claim, of which only the count is said.
    static func heldNowhere(
        _ claim: CheckExpression, truths: [Bool], places: [String?], reasons: [String?], sides: (left: [Double], right: [Double])?
    ) -> String {
        if truths.isEmpty { return "the claim has no elements to hold at" }
        if truths.count == 1, let reason = reasons[0] { return "compared \(reason)" }
        let held = "true at none of \(truths.count) element" + (truths.count == 1 ? "" : "s")
        guard case .comparison(let op, _, _, _) = claim, let sides,
              let margins = try? pairwise(sides.left, sides.right, { x, y -> Double? in
                  switch op {
                  case .greater, .greaterOrEqual: x - y
                  case .less, .lessOrEqual: y - x
                  case .equal, .approximately: -Swift.abs(x - y)
                  case .notEqual: nil
                  }
              }) else { return held }
        var nearest: Int?
        for (index, margin) in margins.enumerated() {
            guard let margin, !margin.isNaN else { continue }  // inf − inf is no distance
            if let best = nearest, let bestMargin = margins[best], bestMargin >= margin { continue }
            nearest = index
        }
        guard let nearest, margins.count == truths.count else { return held }
        let oneBound = sides.right.count == 1 && sides.left.count > 1
        let word = switch op {
        case .greater, .greaterOrEqual: oneBound ? "largest" : "nearest"
        case .less, .lessOrEqual: oneBound ? "smallest" : "nearest"
        default: "nearest"
        }
        let place = places[nearest] ?? "element \(nearest + 1)"
        return "\(held); \(word) at \(place)" + (reasons[nearest].map { ": " + $0 } ?? "")
    }

    /// Whether a claim's sides are each a number or one value as read (`params > 100`),
    /// so that the values read say what was compared. A side computed from them
    /// (`mean(f) ≈ 0.5`, `(a / b) ^ (1/49) ≈ …`) is not, nor is a comparison within a
    /// tolerance (`z ≈ 0.5 ± 50%`), and a failure then says what was compared and, for a
    /// tolerance, what it allowed.
    static func readsOnItsFace(_ claim: CheckExpression) -> Bool {
        func plain(_ side: CheckExpression) -> Bool {
            switch side {
            case .number, .reference: true
            case .negate(let inner): plain(inner)
            default: false
            }
        }
        switch claim {
        case .comparison(let op, let left, let right, let tolerance):
            // what a tolerance allowed is in no value read
            return plain(left) && plain(right) && allowedTolerance(op, tolerance) == nil
        case .within(let inner, let interval): return plain(inner) && plain(interval.lower) && plain(interval.upper)
        case .not(let inner): return readsOnItsFace(inner)
        default: return false
        }
    }

    /// Refuses a part of a claim that reads the lab and comes out no finite number (inf,
    /// −inf or NaN) from finite numbers: `exp(h.grad-norm * 1e6)` overflows to inf, `a / b`
    /// with b = 0 has no value, `sqrt(h - 1)` is NaN. A claim about such a result says
    /// nothing true of the lab (inf > 1 holds whatever the exponent was), so the check
    /// fails instead, naming the part and where. `results[i]` is computed from the numbers
    /// `operands[i]`; `dividesByZero(i)` says whether it divides by 0.
    ///
    /// Underflow is refused alike: a product, quotient, power or `exp` of numbers none of
    /// which is 0 that comes out 0, or so small that it is subnormal (below about 2.2e-308
    /// a Float64 keeps fewer digits, down to 0 at about 4.9e-324). `exp(-grad-norm * 1e6) > 0`
    /// would otherwise fail as "0 vs 0" whatever the gradient, and `log10(x * 1e-200 * 1e-200)`
    /// be −inf. Sums and differences never underflow: where they are that small they are exact.
    ///
    /// Two kinds of result are let through. A logarithm of exactly 0 is −inf, the limit
    /// the logarithm goes to, which compares below every number: a gradient that vanished
    /// to 0 has `log10(grad-norm) < -10`. And a part computed from a value that is already
    /// not finite (the inf of a diverged model, or that −inf), or already 0 or subnormal,
    /// carries it on as it is.
    static func refuseNonFinite(
        _ part: CheckExpression, _ results: [Double], from operands: [[Double]], places: [String?],
        dividesByZero: (Int) -> Bool = { _ in false }
    ) throws(CheckEvaluationError) {
        let logarithms: Set<CheckFunction> = [.ln, .log10, .log2]
        let isLogarithm = if case .call(let function, _) = part { logarithms.contains(function) } else { false }
        let mayUnderflow = switch part {
        case .arithmetic(let op, _, _): op == .multiply || op == .divide || op == .power
        case .call(let function, _): function == .exp
        default: false
        }
        // below the smallest normal number: 0, or a subnormal holding fewer digits
        func isTiny(_ number: Double) -> Bool { Swift.abs(number) < Double.leastNormalMagnitude }
        guard let index = results.indices.first(where: { index in
            guard index < operands.count, operands[index].allSatisfy(\.isFinite) else { return false }
            if !results[index].isFinite { return !(isLogarithm && operands[index] == [0]) }
            return mayUnderflow && isTiny(results[index]) && !operands[index].contains(where: isTiny)
        }) else { return }
        let at = places.indices.contains(index) ? places[index].map { " at \($0)" } : nil
        let place = at ?? (results.count > 1 ? " at element \(index + 1) of \(results.count)" : "")
        let value = results[index]
        let named = "`\(part.written)`"
        if value.isFinite {
            let to = value == 0 ? "0\(place)" : "\(CheckFailure.text(value))\(place), a subnormal number that keeps only some of its digits"
            throw CheckEvaluationError("\(named) underflows to \(to): the arithmetic went below the smallest "
                + "number held to full precision (about 2.2e-308) though none of the numbers it is computed from is 0, so how it compares says "
                + "nothing of the lab; keep the claim's numbers in range (compare logarithms, or the exponent of exp() itself)")
        }
        if dividesByZero(index) {
            throw CheckEvaluationError("\(named) divides by 0\(place), which gives no number: no claim about it holds; "
                + "compare the product instead (`a > 2 * b` for `a / b > 2`)")
        }
        if value.isNaN {
            if case .call(let function, _) = part, function == .acos || function == .asin, let argument = operands[index].first {
                throw CheckEvaluationError("\(named) is NaN (not a number)\(place): \(function.rawValue)() takes numbers from -1 to 1, "
                    + "and its argument is \(CheckFailure.text(argument)) there, so no claim about it holds")
            }
            throw CheckEvaluationError("\(named) is NaN (not a number)\(place) though the numbers it is computed from are finite "
                + "(the logarithm or square root of a negative number, acos or asin of a number beyond ±1, or a negative number "
                + "to a fractional power): no claim about it holds")
        }
        throw CheckEvaluationError("\(named) is \(value > 0 ? "inf" : "−inf")\(place): the arithmetic went beyond the largest "
            + "number (about 1.8e308) though the numbers it is computed from are finite, so how it compares says nothing "
            + "of the lab; keep the claim's numbers in range (compare logarithms, or the exponent of exp() itself)")
    }

    /// Two claims joined element by element by `and` or `or`. Where the result is false, its
    /// reason is that of each side that is false (both, for `or`).
    static func joined(
        _ a: (values: [Bool], places: [String?], reasons: [String?]),
        _ b: (values: [Bool], places: [String?], reasons: [String?]),
        holds: (Bool, Bool) -> Bool
    ) throws(CheckEvaluationError) -> Value {
        let truths = try pairwise(a.values, b.values, holds)
        let left = try pairwise(a.values, a.reasons) { ($0, $1) }
        let right = try pairwise(b.values, b.reasons) { ($0, $1) }
        let reasons = try pairwise(left, right) { x, y -> String? in
            [x.0 ? nil : x.1, y.0 ? nil : y.1].compactMap { $0 }.joined(separator: "; ")
        }
        return .truths(truths, places: places(a.places, b.places), reasons: reasons.map { $0?.isEmpty == true ? nil : $0 })
    }

    /// The tolerance a comparison allows: its `± tolerance`, and for `≈` without one a
    /// relative 1e-6; nil for a comparison that allows none.
    static func allowedTolerance(_ op: ComparisonOperator, _ tolerance: Tolerance?) -> Tolerance? {
        switch op {
        case .approximately: tolerance ?? .relative(percent: 1e-4)
        case .equal: tolerance
        default: nil
        }
    }

    /// The numbers a comparison was decided on, for a failure to say: `0.781 vs 0.712`, and
    /// where a tolerance applies, what it allowed around the right side:
    /// `0.778 vs 0.5 ± 50% (from 0.25 to 0.75)`.
    static func compared(_ op: ComparisonOperator, _ x: Double, _ y: Double, _ tolerance: Tolerance?) -> String {
        let plain = "\(CheckFailure.text(x)) vs \(CheckFailure.text(y))"
        guard let allowed = allowedTolerance(op, tolerance) else { return plain }
        let slack = allowed.slack(around: y)
        return "\(plain) \(allowed.written) (from \(CheckFailure.text(y - slack)) to \(CheckFailure.text(y + slack)))"
    }

    static func compare(_ op: ComparisonOperator, _ x: Double, _ y: Double, _ tolerance: Tolerance?) -> Bool {
        switch op {
        case .less: return x < y
        case .lessOrEqual: return x <= y
        case .greater: return x > y
        case .greaterOrEqual: return x >= y
        case .notEqual: return x != y
        case .equal, .approximately:
            guard let allowed = allowedTolerance(op, tolerance) else { return x == y }
            return allowed.accepts(x, expected: y)
        }
    }

    func call(_ function: CheckFunction, _ value: Value) throws(CheckEvaluationError) -> Value {
        let name = "\(function.rawValue)()"
        switch (function, value) {
        case (.all, _):
            return .truths([try truths(value, "the argument of all()").values.allSatisfy { $0 }])
        case (.any, _):
            return .truths([try truths(value, "the argument of any()").values.contains(true)])
        case (.count, .truths(let truths, _, _)):
            return .numbers([Double(truths.count { $0 })])
        case (.first, .truths(let truths, _, _)):
            // the position from 1, as steps count: for `loss`, the training step
            guard let index = truths.firstIndex(of: true) else {
                throw CheckEvaluationError("first(): the claim holds at none of its \(truths.count) elements, so it has no first place")
            }
            return .numbers([Double(index + 1)])
        case (.abs, _), (.log10, _), (.ln, _), (.log2, _), (.exp, _), (.sqrt, _), (.acos, _), (.asin, _), (.atan, _):
            let argument = try numbers(value, "the argument of \(name)")
            return .numbers(argument.values.map { x in
                switch function {
                case .abs: Swift.abs(x)
                case .log10: log10(x)  // the C library's: exact at powers of 10
                case .ln: log(x)
                case .log2: log2(x)
                case .exp: exp(x)
                case .acos: acos(x)
                case .asin: asin(x)
                case .atan: atan(x)
                default: x.squareRoot()
                }
            }, places: argument.places)
        case (.count, _):
            return .numbers([Double(try numbers(value, "the argument of count()").values.count)])
        default:
            break
        }
        let values = try numbers(value, "the argument of \(name)").values
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
