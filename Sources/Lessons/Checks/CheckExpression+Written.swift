extension CheckExpression {
    /// The expression written out in the check language, with only the parentheses its
    /// operators need: `exp(h.grad-norm * 1000000)`, `-2^2`, `(a + b) / 2`. A message
    /// names a part of a claim by it.
    ///
    /// Numbers are written as a failure writes values (`1000000`, `0.5`, `1e-06`), so the
    /// text may differ from the lesson's spelling while reading the same.
    var written: String {
        switch self {
        case .number(let value):
            return CheckFailure.text(value)
        case .reference(let reference):
            return reference.description
        case .call(let function, let arguments):
            return function.rawValue + "(" + arguments.map(\.written).joined(separator: ", ") + ")"
        case .negate(let inner):
            // `-(-h)`, not `--h`, which reads as a typo
            let operand = inner.written(atLeast: .unary)
            return operand.hasPrefix("-") ? "-(" + operand + ")" : "-" + operand
        case .arithmetic(.power, let base, let exponent):
            // right to left and tighter than `-`: the base is a primary, the exponent a unary
            return base.written(atLeast: .primary) + "^" + exponent.written(atLeast: .unary)
        case .arithmetic(let op, let left, let right):
            let level: Precedence = op == .add || op == .subtract ? .sum : .product
            return left.written(atLeast: level) + " \(op.rawValue) " + right.written(atLeast: level.tighter)
        case .comparison(let op, let left, let right, let tolerance):
            let slack = tolerance.map { " " + $0.written } ?? ""
            return left.written(atLeast: .sum) + " \(op.rawValue) " + right.written(atLeast: .sum) + slack
        case .within(let inner, let interval):
            return inner.written(atLeast: .sum) + " in " + (interval.includesLower ? "[" : "(")
                + interval.lower.written + ", " + interval.upper.written + (interval.includesUpper ? "]" : ")")
        case .and(let left, let right):
            return left.written(atLeast: .and) + " and " + right.written(atLeast: .not)
        case .or(let left, let right):
            return left.written(atLeast: .or) + " or " + right.written(atLeast: .and)
        case .not(let inner):
            return "not " + inner.written(atLeast: .not)
        }
    }

    /// How tightly a form binds, loosest first, as in the grammar of lessons/README.md.
    enum Precedence: Int, Comparable {
        case or, and, not, comparison, sum, product, unary, power, primary

        /// The next tighter level: the right operand of a left-to-right operator needs it.
        var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .primary }

        static func < (left: Precedence, right: Precedence) -> Bool { left.rawValue < right.rawValue }
    }

    /// How tightly this expression's outermost form binds.
    var precedence: Precedence {
        switch self {
        case .number(let value): value < 0 ? .unary : .primary  // `-5` reads as a negation
        case .reference, .call: .primary
        case .negate: .unary
        case .arithmetic(.power, _, _): .power
        case .arithmetic(.add, _, _), .arithmetic(.subtract, _, _): .sum
        case .arithmetic: .product
        case .comparison, .within: .comparison
        case .not: .not
        case .and: .and
        case .or: .or
        }
    }

    /// The expression written out, in parentheses when it binds less tightly than `level`.
    func written(atLeast level: Precedence) -> String {
        precedence < level ? "(" + written + ")" : written
    }
}

extension Tolerance {
    /// The tolerance as a check writes it after a comparison: `± 0.005`, `± 50%`.
    var written: String {
        switch self {
        case .absolute(let value): "± " + CheckFailure.text(value)
        case .relative(let percent): "± " + CheckFailure.text(percent) + "%"
        }
    }
}

extension CheckExpression {
    /// The claim read out for a learner: its comparisons in words, what they compare written
    /// as the lab names it, in code marks: `` `fb1.f` lies between 0.55 and 0.9 ``,
    /// `` `max(relu.h)` is greater than `10000 * max(abs(tanh.h))` ``.
    var spoken: String {
        switch self {
        case .comparison(let op, let left, let right, let tolerance):
            let relation = switch op {
            case .less: "is less than"
            case .lessOrEqual: "is at most"
            case .greater: "is greater than"
            case .greaterOrEqual: "is at least"
            case .equal: tolerance == nil ? "equals" : "is"
            case .notEqual: "differs from"
            case .approximately: "is about"
            }
            let slack = tolerance.map { " (" + $0.written + ")" } ?? ""
            return left.quoted + " " + relation + " " + right.quoted + slack
        case .within(let inner, let interval):
            let ends = interval.includesLower && interval.includesUpper ? ", both included"
                : interval.includesLower ? ", \(interval.lower.written) included"
                : interval.includesUpper ? ", \(interval.upper.written) included" : ""
            return inner.quoted + " lies between " + interval.lower.quoted + " and " + interval.upper.quoted + ends
        case .and(let left, let right):
            return left.spoken + ", and " + right.spoken
        case .or(let left, let right):
            return "either " + left.spoken + ", or " + right.spoken
        case .not(let inner):
            return "it is not so that " + inner.spoken
        case .call(.all, let arguments) where arguments.count == 1:
            return arguments[0].spoken + " everywhere"
        case .call(.any, let arguments) where arguments.count == 1:
            return arguments[0].spoken + " somewhere"
        default:
            return quoted
        }
    }

    /// A number as it is; anything else written out in code marks.
    private var quoted: String {
        if case .number(let value) = self { return CheckFailure.text(value) }
        return "`" + written + "`"
    }
}
