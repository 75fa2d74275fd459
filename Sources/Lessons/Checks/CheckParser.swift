/// Parses check expressions (grammar in lessons/README.md).
///
/// ```
/// check      := or
/// or         := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | comparison
/// comparison := sum (op sum ("±" number "%"?)? | "in" interval)?
/// interval   := ("(" | "[") sum "," sum (")" | "]")
/// sum        := product (("+" | "-") product)*
/// product    := unary (("*" | "/") unary)*
/// unary      := "-" unary | power
/// power      := primary ("^" unary)?                  # also **; 2^-3, right to left
/// primary    := number | "pi" | "π" | function "(" or ")" | "√" unary | reference | "(" or ")"
/// reference  := name ("." name)? ("[" selector ("," selector)* "]")?
/// selector   := (key "=")? (integer | integer ".." integer | name)
/// ```
public enum CheckParser {
    /// Longest expression accepted, in characters.
    public static let maximumLength = 1_000
    /// Deepest nesting of parentheses and operators accepted.
    public static let maximumDepth = 32

    /// Parses a whole check: a claim, true or false for each element.
    ///
    /// Each operand must be what its operator takes (numbers for `<`, `+`, `in`, `max()`;
    /// claims for `and`, `or`, `not`, `all()`, `any()`), so a claim such as `params` or
    /// `f and 0`, which could only fail when the lesson runs, is refused here with its column.
    public static func parse(_ text: String) throws(CheckSyntaxError) -> CheckExpression {
        guard text.count <= maximumLength else {
            throw CheckSyntaxError("the expression is longer than \(maximumLength) characters", column: 1)
        }
        var parser = Parser(tokens: try CheckTokenizer.tokenize(text))
        let start = parser.current.column
        let expression = try parser.parseOr()
        if parser.current.kind != .end {
            throw CheckSyntaxError("unexpected `\(parser.current.text)` after a complete expression", column: parser.current.column)
        }
        guard expression.isClaim else {
            throw CheckSyntaxError("a check must compare values (use <, >, ==, ≈ or in), not just compute one", column: start)
        }
        return expression
    }

    /// Longest typed answer read as arithmetic, in characters.
    public static let maximumAnswerLength = 200

    /// Which notation an expression is written in.
    public enum Notation: Sendable, Equatable {
        /// The check language of lessons' `check` blocks and `answer:` lines.
        case check
        /// A learner's typed answer: numbers and arithmetic as a learner writes them, with
        /// no session values.
        case answer
    }

    /// What a learner's typed answer may call, by the names a learner writes: the
    /// element-wise functions checks have too (``CheckFunction/elementwise``).
    static let answerFunctions = [String: CheckFunction](uniqueKeysWithValues: CheckFunction.elementwise.map { ($0.key, $0.value) })

    /// The numbers a learner's typed answer names by a word: Euler's number `e` and `pi`
    /// (also written `π`, in checks too). A check has `pi` but not `e`: write `exp(1)`.
    static let answerConstants: [String: Double] = ["e": 2.718_281_828_459_045, "pi": Double.pi]

    /// Parses a learner's typed answer as arithmetic on numbers: `3/4`, `2 * 0.25`, `2^-3`,
    /// `e^0.693`, `exp(-1)`, `log 4`, `ln(4)`, `sqrt 2`, `√2`, `-log(1/4)`, `acos(0.99)`.
    ///
    /// A function may take its argument without parentheses (`log 4`: the logarithm of 4,
    /// never 4); `e` is Euler's number and `pi` (or `π`) is π. Anything else, a session value's name among them,
    /// is refused, so no word is ever read past. At most ``maximumAnswerLength``
    /// characters and ``maximumDepth`` levels of nesting.
    ///
    /// ```
    /// answer := sum
    /// unary  := ("-" | "+") unary | power
    /// power  := primary ("^" unary)?                      # also **; 2^-3, right to left
    /// primary:= NUMBER | "e" | "pi" | "π" | FUNCTION "(" sum ")" | FUNCTION unary | "√" unary | "(" sum ")"
    /// ```
    public static func parseAnswer(_ text: String) throws(CheckSyntaxError) -> CheckExpression {
        guard text.count <= maximumAnswerLength else {
            throw CheckSyntaxError("the answer is longer than \(maximumAnswerLength) characters", column: 1)
        }
        return try parseNumbers(Parser(tokens: try CheckTokenizer.tokenize(text), notation: .answer))
    }

    /// The one value `parser`'s tokens make: a sum with nothing after it, not a comparison.
    private static func parseNumbers(_ parser: Parser) throws(CheckSyntaxError) -> CheckExpression {
        var parser = parser
        let start = parser.current.column
        let expression = try parser.parseSum()
        if parser.current.kind != .end {
            throw CheckSyntaxError("unexpected `\(parser.current.text)` after a complete value", column: parser.current.column)
        }
        if expression.isClaim {
            throw CheckSyntaxError("expected a number, not a comparison", column: start)
        }
        return expression
    }

    /// Parses an arithmetic expression that gives numbers (no comparison), as used by `answer:` lines.
    public static func parseValue(_ text: String) throws(CheckSyntaxError) -> CheckExpression {
        guard text.count <= maximumLength else {
            throw CheckSyntaxError("the expression is longer than \(maximumLength) characters", column: 1)
        }
        return try parseNumbers(Parser(tokens: try CheckTokenizer.tokenize(text)))
    }

    private struct Parser {
        var tokens: [CheckToken]
        var notation = Notation.check
        var position = 0
        var depth = 0

        var current: CheckToken { tokens[position] }

        mutating func advance() { if position < tokens.count - 1 { position += 1 } }

        func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }
        func isName(_ name: String) -> Bool { current.kind == .name(name) }

        mutating func expect(_ symbol: String, _ context: String) throws(CheckSyntaxError) {
            guard isSymbol(symbol) else {
                throw CheckSyntaxError("expected `\(symbol)` \(context), found `\(current.text)`", column: current.column)
            }
            advance()
        }

        /// Fails unless `operand`, which starts at `column`, gives numbers.
        static func require(number operand: CheckExpression, _ role: String, at column: Int) throws(CheckSyntaxError) {
            if operand.isClaim { throw CheckSyntaxError("\(role) must be a number, not a comparison", column: column) }
        }

        /// Fails unless `operand`, which starts at `column`, is a claim.
        static func require(claim operand: CheckExpression, _ role: String, at column: Int) throws(CheckSyntaxError) {
            if !operand.isClaim { throw CheckSyntaxError("\(role) must be a comparison, not a number", column: column) }
        }

        mutating func enter() throws(CheckSyntaxError) {
            depth += 1
            if depth > CheckParser.maximumDepth {
                throw CheckSyntaxError("the expression nests deeper than \(CheckParser.maximumDepth) levels", column: current.column)
            }
        }

        mutating func parseOr() throws(CheckSyntaxError) -> CheckExpression {
            try enter()
            defer { depth -= 1 }
            let start = current.column
            var left = try parseAnd()
            while isName("or") {
                try Self.require(claim: left, "each side of `or`", at: start)
                advance()
                let rightStart = current.column
                let right = try parseAnd()
                try Self.require(claim: right, "each side of `or`", at: rightStart)
                left = .or(left, right)
            }
            return left
        }

        mutating func parseAnd() throws(CheckSyntaxError) -> CheckExpression {
            let start = current.column
            var left = try parseNot()
            while isName("and") {
                try Self.require(claim: left, "each side of `and`", at: start)
                advance()
                let rightStart = current.column
                let right = try parseNot()
                try Self.require(claim: right, "each side of `and`", at: rightStart)
                left = .and(left, right)
            }
            return left
        }

        mutating func parseNot() throws(CheckSyntaxError) -> CheckExpression {
            if isName("not") {
                try enter()
                defer { depth -= 1 }
                advance()
                let start = current.column
                let operand = try parseNot()
                try Self.require(claim: operand, "the operand of `not`", at: start)
                return .not(operand)
            }
            return try parseComparison()
        }

        static let comparisons: [String: ComparisonOperator] = [
            "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
            "==": .equal, "=": .equal, "!=": .notEqual, "~=": .approximately,
        ]

        /// What to write for the chain `a < b < c`, which a claim cannot be: `b in (a, c)`
        /// for a value between two bounds, else two comparisons joined with `and`.
        static func chainAdvice(
            _ first: ComparisonOperator, _ second: ComparisonOperator, _ a: CheckExpression, _ b: CheckExpression, _ c: CheckExpression
        ) -> String {
            let chain = "`\(a.written) \(first.rawValue) \(b.written) \(second.rawValue) \(c.written)`"
            let rising: Set<ComparisonOperator> = [.less, .lessOrEqual], falling: Set<ComparisonOperator> = [.greater, .greaterOrEqual]
            let within: String? = if rising.contains(first), rising.contains(second) {
                "\(b.written) in \(first == .lessOrEqual ? "[" : "(")\(a.written), \(c.written)\(second == .lessOrEqual ? "]" : ")")"
            } else if falling.contains(first), falling.contains(second) {
                "\(b.written) in \(second == .greaterOrEqual ? "[" : "(")\(c.written), \(a.written)\(first == .greaterOrEqual ? "]" : ")")"
            } else {
                nil
            }
            let joined = "`\(a.written) \(first.rawValue) \(b.written) and \(b.written) \(second.rawValue) \(c.written)`"
            guard let within else { return "a claim compares two sides once, so \(chain) is no claim: write \(joined)" }
            return "a claim compares two sides once, so \(chain) is no claim: write `\(within)` for a value between two bounds, or \(joined)"
        }

        mutating func parseComparison() throws(CheckSyntaxError) -> CheckExpression {
            let start = current.column
            let left = try parseSum()
            if case .symbol(let symbol) = current.kind, let comparison = Self.comparisons[symbol] {
                let role = "each side of `\(current.text)`"
                try Self.require(number: left, role, at: start)
                advance()
                let rightStart = current.column
                let right = try parseSum()
                try Self.require(number: right, role, at: rightStart)
                var tolerance: Tolerance?
                if isSymbol("±") {
                    let column = current.column
                    guard comparison == .equal || comparison == .approximately else {
                        throw CheckSyntaxError("`±` only follows `==` or `≈`", column: column)
                    }
                    advance()
                    tolerance = try parseTolerance()
                }
                if tolerance == nil, case .symbol(let next) = current.kind, let second = Self.comparisons[next] {
                    // `-1 < h < 1` is a chain in mathematics; a claim compares two sides once
                    let column = current.column
                    advance()
                    guard let upper = try? parseSum() else {
                        throw CheckSyntaxError("a claim compares two sides once, so `\(next)` cannot follow `\(left.written) \(comparison.rawValue) \(right.written)`: join two comparisons with `and`", column: column)
                    }
                    throw CheckSyntaxError(Self.chainAdvice(comparison, second, left, right, upper), column: column)
                }
                return .comparison(comparison, left, right, tolerance: tolerance)
            }
            if isName("in") {
                try Self.require(number: left, "the value before `in`", at: start)
                advance()
                return .within(left, try parseInterval())
            }
            return left
        }

        mutating func parseTolerance() throws(CheckSyntaxError) -> Tolerance {
            if isSymbol("-"), case .number = tokens[position + 1].kind {
                throw CheckSyntaxError("the tolerance after `±` is negative: it must be positive, such as `± 0.005` or `± 1%`", column: current.column)
            }
            guard case .number(let value) = current.kind else {
                throw CheckSyntaxError("expected a number after `±`, found `\(current.text)`", column: current.column)
            }
            advance()
            if isSymbol("%") {
                advance()
                return .relative(percent: value)
            }
            return .absolute(value)
        }

        mutating func parseInterval() throws(CheckSyntaxError) -> Interval {
            let includesLower: Bool
            if isSymbol("(") { includesLower = false } else if isSymbol("[") { includesLower = true } else {
                throw CheckSyntaxError("expected an interval such as `(0, 1)` or `[0, 1]` after `in`, found `\(current.text)`", column: current.column)
            }
            advance()
            let lowerStart = current.column
            let lower = try parseSum()
            try Self.require(number: lower, "the interval's lower bound", at: lowerStart)
            try expect(",", "between the interval's bounds")
            let upperStart = current.column
            let upper = try parseSum()
            try Self.require(number: upper, "the interval's upper bound", at: upperStart)
            let includesUpper: Bool
            if isSymbol(")") { includesUpper = false } else if isSymbol("]") { includesUpper = true } else {
                throw CheckSyntaxError("expected `)` or `]` to close the interval, found `\(current.text)`", column: current.column)
            }
            advance()
            return Interval(lower: lower, upper: upper, includesLower: includesLower, includesUpper: includesUpper)
        }

        static let sums: [String: ArithmeticOperator] = ["+": .add, "-": .subtract]
        static let products: [String: ArithmeticOperator] = ["*": .multiply, "/": .divide]

        mutating func parseSum() throws(CheckSyntaxError) -> CheckExpression {
            try parseArithmetic(Self.sums) { (parser: inout Self) throws(CheckSyntaxError) in try parser.parseProduct() }
        }

        mutating func parseProduct() throws(CheckSyntaxError) -> CheckExpression {
            try parseArithmetic(Self.products) { (parser: inout Self) throws(CheckSyntaxError) in try parser.parseUnary() }
        }

        /// Operands joined left to right by the operators of `level` (`a - b - c` is
        /// `(a - b) - c`); each side must be a number, not a comparison.
        mutating func parseArithmetic(
            _ level: [String: ArithmeticOperator], operand: (inout Self) throws(CheckSyntaxError) -> CheckExpression
        ) throws(CheckSyntaxError) -> CheckExpression {
            let start = current.column
            var left = try operand(&self)
            while case .symbol(let symbol) = current.kind, let op = level[symbol] {
                let role = "each side of `\(current.text)`"
                try Self.require(number: left, role, at: start)
                advance()
                let rightStart = current.column
                let right = try operand(&self)
                try Self.require(number: right, role, at: rightStart)
                left = .arithmetic(op, left, right)
            }
            return left
        }

        mutating func parseUnary() throws(CheckSyntaxError) -> CheckExpression {
            if isSymbol("-") {
                try enter()
                defer { depth -= 1 }
                advance()
                let start = current.column
                let operand = try parseUnary()
                try Self.require(number: operand, "the operand of `-`", at: start)
                return .negate(operand)
            }
            if notation == .answer, isSymbol("+") {
                advance()  // `+0.5`
                return try parseUnary()
            }
            return try parsePower()
        }

        /// `2^-3`: a power binds tighter than a sign on its left (`-2^2` is −4) and takes a
        /// signed exponent on its right, right to left (`2^3^2` is 2^9), in checks and
        /// answers alike.
        mutating func parsePower() throws(CheckSyntaxError) -> CheckExpression {
            let start = current.column
            let base = try parsePrimary()
            guard isSymbol("^") else { return base }
            try Self.require(number: base, "each side of `^`", at: start)
            try enter()
            defer { depth -= 1 }
            advance()
            let exponentStart = current.column
            let exponent = try parseUnary()
            try Self.require(number: exponent, "each side of `^`", at: exponentStart)
            return .arithmetic(.power, base, exponent)
        }

        /// A function applied to what follows: `log(4)` (so that `log(4)^2` squares the
        /// logarithm), or, in a learner's answer and after `√`, without parentheses: `log 4`,
        /// `√2`, `log 4^2` (the logarithm of 16, as a calculator reads it). A check writes
        /// other functions' parentheses, so that `log f > 0` is no claim about `log` alone.
        mutating func parseApplication(_ function: CheckFunction, _ name: String) throws(CheckSyntaxError) -> CheckExpression {
            try enter()
            defer { depth -= 1 }
            var start = current.column
            let argument: CheckExpression
            if isSymbol("(") {
                advance()
                start = current.column
                argument = try parseOr()
                try expect(")", "to close `\(name)(`")
            } else {
                argument = try parseUnary()
            }
            try Self.require(number: argument, "the argument of \(name)", at: start)
            return .call(function, [argument])
        }

        mutating func parsePrimary() throws(CheckSyntaxError) -> CheckExpression {
            let token = current
            switch token.kind {
            case .number(let value):
                advance()
                if isSymbol("%") {
                    throw CheckSyntaxError("`%` only follows the tolerance after `±`; write 0.05 for 5%", column: current.column)
                }
                return .number(value)
            case .symbol("("):
                advance()
                let inner = try parseOr()
                try expect(")", "to close `(` at column \(token.column)")
                return inner
            case .symbol("√"):
                advance()
                return try parseApplication(.sqrt, "√")
            case .symbol("π"):
                advance()
                return .number(Double.pi)
            case .name(let name):
                if ["and", "or", "not", "in"].contains(name) {
                    throw CheckSyntaxError("expected a value before `\(name)`", column: token.column)
                }
                advance()
                if notation == .answer {
                    // a learner's answer names no session value: only e and a few functions
                    if let function = CheckParser.answerFunctions[name.lowercased()] { return try parseApplication(function, name) }
                    // `e` as written (`E` is no number), `pi` in any case
                    if name == "e" || name.lowercased() == "pi", let constant = CheckParser.answerConstants[name.lowercased()] {
                        return .number(constant)
                    }
                    let known = CheckParser.answerFunctions.keys.sorted().joined(separator: ", ")
                    throw CheckSyntaxError("`\(name)` is neither a number nor e nor pi nor a function (\(known))", column: token.column)
                }
                // `pi` is the number π, unless it names a model (`pi.h`) or a value (`pi[t=1]`)
                if name == "pi", !isSymbol("."), !isSymbol("["), !isSymbol("(") { return .number(Double.pi) }
                if isSymbol("(") {
                    guard let function = CheckFunction.named(name) else {
                        let known = CheckFunction.checkNames.joined(separator: ", ")
                        throw CheckSyntaxError("unknown function `\(name)`; known: \(known)", column: token.column)
                    }
                    if !CheckFunction.reductions.contains(function) { return try parseApplication(function, name) }
                    advance()
                    let start = current.column
                    let argument = try parseOr()
                    if function == .all || function == .any {
                        try Self.require(claim: argument, "the argument of \(name)()", at: start)
                    } else if !function.takesClaim, argument.isClaim {
                        throw CheckSyntaxError("the argument of \(name)() must be a number, not a comparison; count(claim) counts the elements where a comparison holds", column: start)
                    }
                    try expect(")", "to close `\(name)(`")
                    return .call(function, [argument])
                }
                var model: String?
                var quantity = name
                if isSymbol(".") {
                    advance()
                    guard case .name(let inner) = current.kind else {
                        throw CheckSyntaxError("expected a quantity after `\(name).`, found `\(current.text)`", column: current.column)
                    }
                    model = name
                    quantity = inner
                    advance()
                }
                var selectors: [ValueSelector] = []
                if isSymbol("[") {
                    advance()
                    repeat {
                        if isSymbol(",") { advance() }
                        selectors.append(try parseSelector())
                    } while isSymbol(",")
                    try expect("]", "to close the selectors of `\(quantity)`")
                }
                return .reference(ValueReference(model: model, name: quantity, selectors: selectors))
            case .end:
                throw CheckSyntaxError("the expression ends where a value was expected", column: token.column)
            default:
                throw CheckSyntaxError("expected a number, a name or `(`, found `\(token.text)`", column: token.column)
            }
        }

        mutating func parseSelector() throws(CheckSyntaxError) -> ValueSelector {
            var key = "t"
            if case .name(let name) = current.kind, tokens[position + 1].kind == .symbol("=") {
                key = name
                advance()
                advance()
            }
            if case .name(let word) = current.kind {
                advance()
                return ValueSelector(key: key, value: .word(word))
            }
            let from = try parseInteger()
            if isSymbol("..") {
                advance()
                return ValueSelector(key: key, value: .range(from, try parseInteger()))
            }
            return ValueSelector(key: key, value: .index(from))
        }

        mutating func parseInteger() throws(CheckSyntaxError) -> Int {
            var sign = 1
            if isSymbol("-") {
                sign = -1
                advance()
            }
            guard case .number(let value) = current.kind, value == value.rounded(), abs(value) < 1e9 else {
                throw CheckSyntaxError("expected a whole number in a selector, found `\(current.text)`", column: current.column)
            }
            advance()
            return sign * Int(value)
        }
    }
}
