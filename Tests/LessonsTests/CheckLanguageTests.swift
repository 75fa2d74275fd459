#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Lessons

@Suite("Check language")
struct CheckLanguageTests {
    static let resolver = TableResolver(table: [
        "grad-norm[t=1]": [3.2e-5],
        "grad-norm[t=50]": [0.71],
        "grad-norm": [3.2e-5, 1e-3, 0.71],
        "f": [0.2, 0.5, 0.9, 0.99],
        "f[t=3, unit=0]": [0.602],
        "g": [-0.5, 0.3],
        "params": [160],
        "loss": [2.1, 0.3, 0.004],
        "rnn.grad-norm[t=1]": [1e-8],
        "rnn.grad-norm[t=-1]": [0.5],
        "lstm.grad-norm[t=1]": [0.01],
        "lstm.grad-norm[t=-1]": [0.4],
        "h[layer=1, dir=reverse, t=2..4]": [0.1, 0.2, 0.3],
    ])

    func holds(_ text: String) throws -> Bool {
        let expression = try CheckParser.parse(text)
        var evaluator = CheckEvaluator(resolver: Self.resolver)
        return try evaluator.holds(expression)
    }

    @Test("the claims lessons need", arguments: [
        ("grad-norm[t=1] < 1e-3 * grad-norm[t=50]", true),
        ("grad-norm[1] < 1e-3 * grad-norm[50]", true),
        ("f in (0, 1)", true),
        ("all(f in (0, 1))", true),
        ("f in (0.3, 1)", false),
        ("any(f > 0.95)", true),
        ("any(f > 0.999)", false),
        ("params == 160", true),
        ("params = 160", true),
        ("params == 4 * (4*4 + 4*4 + 2*4)", true),
        ("last(loss) < 0.01", true),
        ("first(loss) < 0.01", false),
        ("lstm.grad-norm[1] / lstm.grad-norm[-1] >= 100 * (rnn.grad-norm[1] / rnn.grad-norm[-1])", true),
        ("rnn.grad-norm[t=1] < lstm.grad-norm[t=1]", true),
        ("f[t=3, unit=0] ≈ 0.6 ± 0.005", true),
        ("f[t=3, unit=0] ~= 0.6 ± 0.001", false),
        ("f[t=3, unit=0] == 0.6 +- 1%", true),
        ("f[t=3, unit=0] ≈ 0.602", true),
        ("max(abs(g)) <= 1", true),
        ("g in [-0.5, 1]", true),
        ("g in (-0.5, 1]", false),
        ("mean(loss) > 0.8 and min(loss) < 0.01", true),
        ("not (params > 200) or params < 0", true),
        ("count(grad-norm) == 3 and sum(loss) ≥ 2.4", true),
        ("log10(grad-norm[50] / grad-norm[1]) > 4", true),
        ("h[layer=1, dir=reverse, t=2..4] < 0.35", true),
        ("grad-norm > 0 and grad-norm < 1", true),
        ("-params < 0", true),
        ("params ≠ 160", false),
        // the angle between two vectors, in degrees: acos of their cosine, and pi
        ("acos(f[t=3, unit=0]) * 180 / pi ≈ 52.98 ± 0.01", true),
        ("asin(g) in (-pi / 2, pi / 2) and atan(params) < π / 2", true),
        ("atan(1) == pi / 4", true),
    ])
    func claims(text: String, expected: Bool) throws {
        #expect(try holds(text) == expected, "\(text)")
    }

    @Test("a claim about a tiny value, a vanished gradient's, holds within its tolerance only, never within a fixed amount around it", arguments: [
        ("vanished ≈ 3.8e-22", true),
        ("vanished == 3.8e-22 ± 1%", true),
        ("vanished ≈ 1e-15", false),
        ("vanished == 5e-13 ± 1%", false),
        ("vanished == -1e-13 ± 0.001%", false),
        ("vanished ≈ 0", false),
        ("vanished * 0 ≈ 0", true),
        ("0.1 + 0.2 == 0.3 ± 0", true),
    ])
    func tinyValues(text: String, expected: Bool) throws {
        let expression = try CheckParser.parse(text)
        var evaluator = CheckEvaluator(resolver: TableResolver(table: ["vanished": [3.8e-22]]))
        #expect(try evaluator.holds(expression) == expected, "\(text)")
    }

    @Test("parse errors carry the column of the problem", arguments: [
        ("params ==", 10, "ends where a value"),
        ("params == 3 3", 13, "after a complete expression"),
        ("f in 0, 1", 6, "interval"),
        ("maximum(f) > 0", 1, "unknown function"),
        ("(params > 3", 12, "to close `(`"),
        ("params $ 3", 8, "unexpected character `$`"),
        ("f ∈ (0, 1)", 3, "unexpected character `∈`: write `in`"),
        ("f > 0 && g < 1", 7, "unexpected character `&`: write `and`"),
        ("f > 0 ∨ g < 1", 7, "unexpected character `∨`: write `or`"),
        ("!(f > 0)", 1, "unexpected character `!`: write `not`"),
        ("f[t=1.5] > 0", 5, "whole number"),
        ("params < 3 ± 1", 12, "`±` only follows"),
        ("params > 3%", 11, "`%`"),
        ("rnn. > 3", 6, "quantity after"),
        ("f[t=3 > 0", 7, "to close the selectors"),
        ("lg(f) > 0", 1, "unknown function `lg`; known: max, min, mean, sum, count, first, last, all, any, abs, exp, sqrt, ln, log, log2, log10"),
        // a check calls a function with parentheses, as a learner's answer need not
        ("log f > 0", 5, "unexpected `f` after a complete expression"),
        ("exp(f < 1) > 0", 5, "the argument of exp must be a number"),
        ("sum(loss > 0.2) < 10", 5, "the argument of sum() must be a number, not a comparison; count(claim) counts the elements where a comparison holds"),
        // no claim about infinity: a literal beyond the largest number is refused
        ("1e999 > 0", 1, "`1e999` is beyond the largest number"),
        ("params < 2 * -1E400", 15, "`1E400` is beyond the largest number"),
        ("params == 3 ± -1", 15, "the tolerance after `±` is negative: it must be positive"),
        // a chain of comparisons, as mathematics writes a value between bounds, says what to write instead
        ("-1 < h < 1", 8, "so `-1 < h < 1` is no claim: write `h in (-1, 1)` for a value between two bounds, or `-1 < h and h < 1`"),
        ("0 <= f ≤ 1", 8, "write `f in [0, 1]` for a value between two bounds"),
        ("1 > h >= -1", 7, "write `h in [-1, 1)` for a value between two bounds"),
        ("h == f == 1", 8, "so `h == f == 1` is no claim: write `h == f and f == 1`"),
        ("h < 1 <", 7, "so `<` cannot follow `h < 1`: join two comparisons with `and`"),
    ])
    func parseErrors(text: String, column: Int, fragment: String) {
        Self.expectRefused(text, column: column, fragment: fragment)
    }

    @Test("a claim that compares nothing, or an operand of the wrong kind, is refused with its column", arguments: [
        ("params", 1, "a check must compare values"),
        ("  max(f) + 1", 3, "a check must compare values"),
        ("f and 0 < 1", 1, "each side of `and` must be a comparison, not a number"),
        ("f < 1 and 0", 11, "each side of `and` must be a comparison, not a number"),
        ("f > 0 or g", 10, "each side of `or` must be a comparison"),
        ("not f", 5, "the operand of `not` must be a comparison"),
        ("all(params)", 5, "the argument of all() must be a comparison"),
        ("max(f < 1) > 0", 5, "the argument of max() must be a number, not a comparison"),
        ("(f < 1) + 1 > 0", 1, "each side of `+` must be a number"),
        ("f ≤ (g > 0)", 5, "each side of `≤` must be a number"),
        ("-(f < 1) < 0", 2, "the operand of `-` must be a number"),
        ("(f < 1) in (0, 1)", 1, "the value before `in` must be a number"),
        ("f in ((g < 0), 1)", 7, "the interval's lower bound must be a number"),
    ])
    func claimsOfTheWrongKind(text: String, column: Int, fragment: String) {
        Self.expectRefused(text, column: column, fragment: fragment)
    }

    /// Expects `text` not to parse, with an error at `column` whose message holds `fragment`.
    static func expectRefused(_ text: String, column: Int, fragment: String) {
        do {
            _ = try CheckParser.parse(text)
            Issue.record("`\(text)` should not parse")
        } catch {
            #expect(error.column == column, "\(text): \(error)")
            #expect(error.message.contains(fragment), "\(text): \(error)")
        }
    }

    @Test("an answer's value must be numbers, not a comparison")
    func answerValues() throws {
        #expect(throws: CheckSyntaxError("expected a number, not a comparison", column: 1)) { try CheckParser.parseValue("(f < 1)") }
        #expect(throws: CheckSyntaxError("the argument of max() must be a number, not a comparison; count(claim) counts the elements where a comparison holds", column: 9)) {
            try CheckParser.parseValue("1 + max(f < 1)")
        }
        #expect(try CheckParser.parseValue("count(f) * 2") == .arithmetic(.multiply, .call(.count, [.reference(ValueReference(name: "f"))]), .number(2)))
    }

    @Test("checks and answer: lines have the functions and the power of a learner's answer", arguments: [
        ("exp(0) == 1", true),
        ("sqrt(16) == 4 and √16 == 4", true),
        ("ln(exp(2)) ≈ 2", true),
        ("log(exp(2)) ≈ 2", true),                       // log is natural, as in a learner's answer
        ("log10(1000) ≈ 3 and log2(8) ≈ 3", true),
        ("2^-3 == 0.125 and 2**3 == 8", true),
        ("-2^2 == -4 and 2^3^2 == 512", true),
        ("params^0.5 < 13", true),
        ("sqrt(loss) > 0.06", true),
        ("exp(-loss) < 1", true),
    ])
    func answerNotationFunctions(text: String, expected: Bool) throws {
        #expect(try holds(text) == expected, "\(text)")
    }

    @Test("an author's answer: line is read with the functions a learner's answer has")
    func authorAnswerFunctions() throws {
        var evaluator = CheckEvaluator(resolver: Self.resolver)
        let sigmoid = try evaluator.number(try CheckParser.parseValue("1 / (1 + exp(-1))"))
        #expect(abs(sigmoid - 0.731_058_578_630_004_9) < 1e-15)
        #expect(try evaluator.number(try CheckParser.parseValue("2^-3 * sqrt(params - 16)")) == 1.5)
        let learners = try evaluator.number(try CheckParser.parseAnswer("-log(1/4)"))
        #expect(try evaluator.number(try CheckParser.parseValue("-log(1/4)")) == learners)
        #expect(throws: CheckSyntaxError.self) { try CheckParser.parseValue("1e999") }
    }

    @Test("count() and first() of a claim count where it holds", arguments: [
        ("count(loss > 0.2) == 2", true),
        ("count(loss < 0) == 0", true),
        ("count(f < 1) == 4 and count(f) == 4", true),
        ("first(loss < 0.1) == 3", true),
        ("first(loss < 0.5) < first(loss < 0.1)", true),
        ("first(f > 0.4) == 2 and first(f) == 0.2", true),
        ("count(loss > 0.2) < 2", false),
    ])
    func countingClaims(text: String, expected: Bool) throws {
        #expect(try holds(text) == expected, "\(text)")
    }

    /// How the check `source` fails with the table's values (nil when it holds).
    static func failure(of source: String) throws -> CheckFailure? {
        let check = Check(source: source, expression: try CheckParser.parse(source), message: nil,
                          location: SourceLocation(file: "x.md", line: 3))
        return check.failure(using: resolver)
    }

    @Test("a failing check of count() or first() says what they came to, beside the values read")
    func countedValuesInAFailure() throws {
        let failure = try #require(try Self.failure(of: "count(loss > 0.2) > first(loss < 0.1)"))
        #expect(failure.values.suffix(2) == ["count(loss > 0.2) = 2", "first(loss < 0.1) = 3"], "\(failure.values)")
        let long = "count(loss > 0.2 and loss < 0.9 and loss > 0.21 and loss > 0.22) > 3"
        #expect(try #require(try Self.failure(of: long)).values.last == "count(…) = 1")
        #expect(failure.values.first?.hasPrefix("loss = ") == true)
    }

    @Test("first() counts the claim's own elements, so of a selection it is no step: a failure says at which step it is")
    func firstOfASelection() throws {
        struct Losses: ValueResolver {
            func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
                try placedValues(of: reference).values
            }
            // the losses of training steps 100 to 104, with a plateau at 0.08 from step 102
            func placedValues(of reference: ValueReference) throws(ValueResolutionError) -> PlacedValues {
                PlacedValues(values: [0.3, 0.2, 0.08, 0.08, 0.08], places: (100...104).map { "step=\($0)" })
            }
        }
        let source = "first(loss[step=100..104] < 0.1) > 100"
        let check = Check(source: source, expression: try CheckParser.parse(source), message: nil,
                          location: SourceLocation(file: "x.md", line: 3))
        let failure = try #require(check.failure(using: Losses()))
        #expect(failure.values.last == "first(loss[step=100..104] < 0.1) = 3, at step=102", "\(failure.values)")
        // on a plateau the claim holds at every step of it, and the first of them is the place
        let plateau = "first(loss[step=100..104] == 0.08) == 3"
        var evaluator = CheckEvaluator(resolver: Losses())
        #expect(try evaluator.holds(try CheckParser.parse(plateau)))
    }

    @Test("first() of a claim that never holds fails to evaluate, never passes")
    func firstOfAClaimThatNeverHolds() throws {
        let failure = try #require(try Self.failure(of: "first(loss < 0) > 0"))
        #expect(failure.error == "first(): the claim holds at none of its 3 elements, so it has no first place")
    }

    @Test("a claim false at some elements says how many, where the first is and its numbers")
    func falseElements() throws {
        struct Placed: ValueResolver {
            func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
                try placedValues(of: reference).values
            }
            func placedValues(of reference: ValueReference) throws(ValueResolutionError) -> PlacedValues {
                let places = ["t=1, unit=0", "t=1, unit=1", "t=2, unit=0", "t=2, unit=1"]
                switch reference.description {
                case "fb1.f": return PlacedValues(values: [0.5, 0.781, 0.4, 0.95], places: places)
                case "fb0.f": return PlacedValues(values: [0.6, 0.512, 0.3, 0.6], places: places)
                case "params": return PlacedValues(values: [96], places: nil)
                default: return PlacedValues(values: [0.1, 0.2, 0.3], places: nil)
                }
            }
        }
        func failure(_ source: String) throws -> CheckFailure? {
            let check = Check(source: source, expression: try CheckParser.parse(source), message: nil,
                              location: SourceLocation(file: "x.md", line: 3))
            return check.failure(using: Placed())
        }
        let elementwise = try #require(try failure("fb1.f < fb0.f + 0.2"))
        #expect(elementwise.falseElements == "false at 2 of 4 elements; first at t=1, unit=1: 0.781 vs 0.712")
        #expect(elementwise.description == """
        x.md:3: check failed: fb1.f < fb0.f + 0.2
          fb1.f = [0.5, 0.781, 0.4, 0.95], fb0.f = [0.6, 0.512, 0.3, 0.6]
          false at 2 of 4 elements; first at t=1, unit=1: 0.781 vs 0.712
        """)
        // unplaced values are counted from 1; `in`, `and` and `not` say what was compared
        #expect(try failure("other in (0.15, 1)")?.falseElements == "false at 1 of 3 elements; first at element 1: 0.1 vs (0.15, 1)")
        #expect(try failure("fb1.f > 0.45 and fb0.f > 0.55")?.falseElements
            == "false at 2 of 4 elements; first at t=1, unit=1: 0.512 vs 0.55")
        #expect(try failure("fb1.f > 0.45 or fb0.f > 0.55")?.falseElements
            == "false at 1 of 4 elements; first at t=2, unit=0: 0.4 vs 0.45; 0.3 vs 0.55")
        #expect(try failure("not (fb1.f > 0.45)")?.falseElements == "false at 3 of 4 elements; first at t=1, unit=0: 0.5 vs 0.45")
        // one number says it all on the values line; a whole number is written without `.0`
        let single = try #require(try failure("params > 100"))
        #expect(single.falseElements == nil)
        #expect(single.values == ["params = 96"])
        // a side computed from the values read says what it came to
        #expect(try failure("params / 4 > 10 * 3")?.falseElements == "compared 24 vs 30")
        #expect(try failure("(params / 6) ^ (1/2) ≈ 5 ± 0.5")?.falseElements == "compared 4 vs 5 ± 0.5 (from 4.5 to 5.5)")
        // a learner reads the claim in words, and each value by the name the lab gives it
        #expect(elementwise.claim == "`fb1.f` is less than `fb0.f + 0.2`")
        #expect(elementwise.readings.map(\.name) == ["fb1.f", "fb0.f"])
        #expect(try failure("other in (0.15, 1]")?.claim == "`other` lies between 0.15 and 1, 1 included")
        #expect(try failure("fb1.f > 0.45 and not (fb0.f > 0.55)")?.expectation
            == "`fb1.f` is greater than 0.45, and it is not so that `fb0.f` is greater than 0.55")
        #expect(try failure("any(abs(fb1.f) >= 2)")?.claim == "`abs(fb1.f)` is at least 2 somewhere")
        // any() holds at no element: it says so, and where the claim came nearest to holding
        let anyAbove = try #require(try failure("any(fb1.f > 1)"))
        #expect(anyAbove.description == """
        x.md:3: check failed: any(fb1.f > 1)
          fb1.f = [0.5, 0.781, 0.4, 0.95]
          true at none of 4 elements; largest at t=2, unit=1: 0.95 vs 1
        """)
        #expect(try failure("any(fb1.f <= 0.3)")?.falseElements == "true at none of 4 elements; smallest at t=2, unit=0: 0.4 vs 0.3")
        #expect(try failure("any(fb1.f > fb0.f + 0.4)")?.falseElements == "true at none of 4 elements; nearest at t=2, unit=1: 0.95 vs 1")
        #expect(try failure("any(fb1.f ≈ 0.7 ± 0.01)")?.falseElements
            == "true at none of 4 elements; nearest at t=1, unit=1: 0.781 vs 0.7 ± 0.01 (from 0.69 to 0.71)")
        #expect(try failure("any(fb1.f in (2, 3))")?.falseElements == "true at none of 4 elements")
        #expect(try failure("any(params > 100)")?.falseElements == "compared 96 vs 100")
        #expect(try failure("any(fb1.f > 1) and params > 100")?.falseElements
            == "compared 96 vs 100; `any(fb1.f > 1)`: true at none of 4 elements; largest at t=2, unit=1: 0.95 vs 1")
        #expect(try failure("any(fb1.f > 0.9) and any(fb0.f > 1)")?.falseElements
            == "`any(fb0.f > 1)`: true at none of 4 elements; largest at t=1, unit=0: 0.6 vs 1")
    }

    @Test("a comparison within a tolerance that fails says the two numbers and the range the tolerance allowed")
    func toleranceFailures() throws {
        func failure(_ source: String) throws -> CheckFailure? {
            let check = Check(source: source, expression: try CheckParser.parse(source), message: nil,
                              location: SourceLocation(file: "x.md", line: 5))
            return check.failure(using: Self.resolver)
        }
        // one value read as it is: its value alone does not say how far off it is allowed to be
        let relative = try #require(try failure("params ≈ 400 ± 50%"))
        #expect(relative.description == """
        x.md:5: check failed: params ≈ 400 ± 50%
          params = 160
          compared 160 vs 400 ± 50% (from 200 to 600)
        """)
        #expect(try failure("params == 100 ± 2")?.falseElements == "compared 160 vs 100 ± 2 (from 98 to 102)")
        #expect(try failure("params ≈ -100 ± 1%")?.falseElements == "compared 160 vs -100 ± 1% (from -101 to -99)")
        // `≈` without a tolerance allows a relative 1e-6
        #expect(try failure("params ≈ 100")?.falseElements == "compared 160 vs 100 ± 0.0001% (from 99.9999 to 100.0001)")
        // a comparison without a tolerance reads on its face, as before
        #expect(try failure("params == 100")?.falseElements == nil)
        // at some of several elements, the first false one says the same
        let several = try #require(try failure("loss ≈ 0.3 ± 0.1"))
        #expect(several.falseElements == "false at 2 of 3 elements; first at element 1: 2.1 vs 0.3 ± 0.1 (from 0.19999999999999998 to 0.4)")
    }

    @Test("deep nesting and long expressions are refused, not a stack overflow")
    func limits() {
        let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + " > 0"
        #expect(throws: CheckSyntaxError.self) { try CheckParser.parse(deep) }
        let nested = String(repeating: "not ", count: 100) + "params > 0"
        #expect(throws: CheckSyntaxError.self) { try CheckParser.parse(nested) }
        #expect(throws: CheckSyntaxError.self) { try CheckParser.parse(String(repeating: "-", count: 500) + "1 > 0") }
    }

    @Test("references: models, selectors, canonical spelling")
    func references() throws {
        let expression = try CheckParser.parse("rnn.grad-norm[2] < h[layer=1, t=-1, dir=reverse] - next-char[t=1..3]")
        #expect(expression.references.map(\.description) == [
            "rnn.grad-norm[t=2]", "h[layer=1, t=-1, dir=reverse]", "next-char[t=1..3]",
        ])
        #expect(expression.references[1].selector("dir") == .word("reverse"))
    }

    @Test("a failing check reports file:line, the expression, the values and the message")
    func failureReport() throws {
        let source = "grad-norm[t=1] > 1e-3 * grad-norm[t=50]"
        let check = Check(source: source, expression: try CheckParser.parse(source), message: "the gradient should not vanish",
                          location: SourceLocation(file: "lessons/bptt.md", line: 42, column: 1))
        let failure = try #require(check.failure(using: Self.resolver))
        #expect(failure.description == """
        lessons/bptt.md:42: check failed: grad-norm[t=1] > 1e-3 * grad-norm[t=50]
          grad-norm[t=1] = 3.2e-05, grad-norm[t=50] = 0.71
          compared 3.2e-05 vs 0.00071
          the gradient should not vanish
        """)
        let passing = Check(source: "params == 160", expression: try CheckParser.parse("params == 160"), message: nil, location: check.location)
        #expect(passing.failure(using: Self.resolver) == nil)
    }

    @Test("evaluation errors are failures with the reason, never a pass")
    func evaluationErrors() throws {
        // `params + 1` and `all(params)` do not parse; built by hand, they still fail to evaluate
        let params = CheckExpression.reference(ValueReference(name: "params"))
        let claims: [(String, CheckExpression)] = try ["unknown > 0", "grad-norm < f", "params in (f, 1)", "max(empty) > 0"].map { ($0, try CheckParser.parse($0)) }
            + [("params + 1", .arithmetic(.add, params, .number(1))), ("all(params)", .call(.all, [params]))]
        for (text, expression) in claims {
            let check = Check(source: text, expression: expression, message: nil,
                              location: SourceLocation(file: "x.md", line: 3))
            let failure = check.failure(using: TableResolver(table: Self.resolver.table.merging(["empty": []]) { a, _ in a }))
            #expect(failure?.error != nil, "\(text) should fail to evaluate")
            #expect(failure?.description.contains("cannot evaluate") == true)
        }
        // a resolver whose message names the reference already is not named twice
        struct Naming: ValueResolver {
            func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
                throw ValueResolutionError("\(reference): unit=9 is out of range; the units are 0..3")
            }
        }
        let check = Check(source: "h[unit=9] > 0", expression: try CheckParser.parse("h[unit=9] > 0"), message: nil,
                          location: SourceLocation(file: "x.md", line: 3))
        #expect(check.failure(using: Naming())?.error == "h[unit=9]: unit=9 is out of range; the units are 0..3")
        // a long list shows its first values, its last and how many: never every value
        let many = CheckFailure.format((1...94).map { Double($0) / 100 })
        #expect(many == "[0.01, 0.02, 0.03, …, 0.94] (94 values)")
        #expect(CheckFailure.format((1...6).map(Double.init)) == "[1, 2, 3, 4, 5, 6]")
        #expect(CheckFailure.format((1...7).map(Double.init)) == "[1, 2, 3, …, 7] (7 values)")
        // whole numbers without `.0`, others to their last digit, however large or small
        #expect(CheckFailure.format([96]) == "96")
        #expect(CheckFailure.format([-3, 0.5, 2.5e-20, 1e300]) == "[-3, 0.5, 2.5e-20, 1e+300]")
    }

    @Test("a claim about NaN fails, under not and != too, and max and min of values holding NaN are NaN")
    func nanNeverHolds() throws {
        let resolver = TableResolver(table: ["ratio": [.nan], "norms": [3, .nan, 1e153], "params": [3]])
        for text in ["ratio < 1", "not (ratio < 1)", "ratio != 1", "not (norms < 1e6)", "max(norms) > 1e10",
                     "min(norms) < 1e10", "ratio in [0, 1]", "not (ratio in [0, 1])", "params < ratio", "0 / 0 == 0 or params == 3"] {
            let check = Check(source: text, expression: try CheckParser.parse(text), message: nil,
                              location: SourceLocation(file: "x.md", line: 3))
            let failure = check.failure(using: resolver)
            #expect(failure?.error?.contains("is NaN") == true, "\(text): \(String(describing: failure))")
        }
        let failure = try #require(Check(source: "ratio < 1", expression: try CheckParser.parse("ratio < 1"), message: nil,
                                         location: SourceLocation(file: "x.md", line: 3)).failure(using: resolver))
        #expect(failure.values == ["ratio = NaN"])
        #expect(CheckFailure.format([-.nan, 1]) == "[NaN, 1]")
        var evaluator = CheckEvaluator(resolver: resolver)
        #expect(throws: CheckEvaluationError.self) { try evaluator.number(try CheckParser.parseValue("ratio")) }
        #expect(try evaluator.number(try CheckParser.parseValue("params")) == 3)
    }

    /// The failure of `text` as a check against `values`, by the resolver of the tests.
    func failure(_ text: String, _ values: [String: [Double]]) throws -> CheckFailure? {
        try Check(source: text, expression: CheckParser.parse(text), message: nil, location: SourceLocation(file: "x.md", line: 3))
            .failure(using: TableResolver(table: values))
    }

    @Test("a part of a claim that comes out no finite number from the lab's finite values fails the check, naming the part")
    func overflowFromFiniteValues() throws {
        let lab: [String: [Double]] = ["grad-norm": [0.03, 0.5, 1.7], "h": [0.2, -0.4], "params": [108], "zero": [0]]
        let overflow = try #require(try failure("exp(grad-norm * 1e6) > 1", lab))
        #expect(overflow.error?.hasPrefix("`exp(grad-norm * 1000000)` is inf at element 1 of 3: the arithmetic went beyond the largest number") == true,
                "\(overflow)")
        #expect(overflow.values == ["grad-norm = [0.03, 0.5, 1.7]"])
        #expect(try failure("params * 1e307 > 0", lab)?.error?.hasPrefix("`params * 1e+307` is inf: ") == true)
        #expect(try failure("sum(grad-norm * 1e308) > 0", lab)?.error?.hasPrefix("`sum(grad-norm * 1e+308)` is inf: ") == true)
        #expect(try failure("1 / zero > 0", lab)?.error?.hasPrefix("`1 / zero` divides by 0, which gives no number") == true)
        #expect(try failure("params * zero ^ -1 < 0", lab)?.error?.hasPrefix("`zero^-1` divides by 0") == true)
        #expect(try failure("sqrt(h) < 1", lab)?.error?.hasPrefix("`sqrt(h)` is NaN (not a number) at element 2 of 2 though") == true)
        #expect(try failure("-ln(h) > 0", lab)?.error?.hasPrefix("`ln(h)` is NaN") == true)
        // acos and asin take numbers from -1 to 1, and say so with the number they got
        #expect(try failure("acos(h * 3) > 0", lab)?.error
            == "`acos(h * 3)` is NaN (not a number) at element 2 of 2: acos() takes numbers from -1 to 1, and its argument is -1.2000000000000002 there, so no claim about it holds")
        #expect(try failure("asin(params) > 0", lab)?.error
            == "`asin(params)` is NaN (not a number): asin() takes numbers from -1 to 1, and its argument is 108 there, so no claim about it holds")
        // the same arithmetic within range holds, and is not refused
        #expect(try failure("exp(grad-norm * 100) > 1 and params * 1e300 > 0", lab) == nil)
    }

    @Test("a part of a claim that underflows to 0 or a subnormal from nonzero values of the lab fails the check, naming the part")
    func underflowFromNonzeroValues() throws {
        let lab: [String: [Double]] = ["grad-norm": [0.03, 0.5, 1.7], "x": [0.5], "zero": [0], "tiny": [Double.leastNormalMagnitude / 4]]
        // exp of a large negative number is 0: "0 vs 0" would say nothing of the gradient
        let vanished = try #require(try failure("exp(-grad-norm * 1e6) > 0", lab))
        #expect(vanished.error?.hasPrefix("`exp(-grad-norm * 1000000)` underflows to 0 at element 1 of 3: the arithmetic went below") == true,
                "\(vanished)")
        #expect(vanished.values == ["grad-norm = [0.03, 0.5, 1.7]"])
        // the product that underflows is named, not the logarithm of its 0
        #expect(try failure("log10(x * 1e-200 * 1e-200) < 0", lab)?.error?.hasPrefix("`x * 1e-200 * 1e-200` underflows to 0: ") == true)
        #expect(try failure("x / 1e300 / 1e10 >= 0", lab)?.error?.hasPrefix("`x / 1e+300 / 10000000000` underflows to 5e-311, a subnormal number that keeps only some of its digits: ") == true)
        #expect(try failure("x ^ 2000 >= 0", lab)?.error?.contains("underflows to 0") == true)
        // a value of the lab that is 0 or subnormal already is carried on as it is, and log10 of 0 is −inf
        #expect(try failure("zero * 1e-300 == 0 and tiny * 2 > 0 and log10(zero) < -10 and x * 1e-300 > 0", lab) == nil)
        // a sum or difference that small is exact
        #expect(try failure("tiny - tiny == 0 and x - x == 0", lab) == nil)
    }

    @Test("a part of a claim is written back with the parentheses its operators need, and reads the same")
    func writtenParts() throws {
        for (text, written) in [
            ("(a + b) / 2", "(a + b) / 2"), ("a - (b - c)", "a - (b - c)"), ("a - b - c", "a - b - c"),
            ("-2^2", "-2^2"), ("(-2)^2", "(-2)^2"), ("2^-3", "2^-3"), ("2^3^2", "2^3^2"), ("(2^3)^2", "(2^3)^2"),
            ("log(rnn.h[t=1, unit=0]) * 1e6", "ln(rnn.h[t=1, unit=0]) * 1000000"), ("√(x + 1)", "sqrt(x + 1)"),
            ("-(-h)", "-(-h)"), ("-(-2)", "-(-2)"), ("-(-2^2)", "-(-2^2)"),
        ] {
            let expression = try CheckParser.parseValue(text)
            #expect(expression.written == written, "\(text)")
            #expect(try CheckParser.parseValue(expression.written) == expression, "\(text) reads back the same")
        }
    }

    @Test("a logarithm of exactly 0 is −inf, fair to compare; a value already infinite is carried on as it is")
    func fairInfinities() throws {
        let lab: [String: [Double]] = ["grad-norm": [0, 1e-30, 2], "loss": [0.7, .infinity], "params": [108]]
        // a gradient that vanished to exactly 0 is below every bound
        #expect(try failure("log10(grad-norm[t=1]) < -10", ["grad-norm[t=1]": [0]]) == nil)
        #expect(try failure("log10(grad-norm) < 1 and ln(grad-norm) < 1 and log2(grad-norm) < 2", lab) == nil)
        #expect(try failure("2 * log10(grad-norm) < 1", lab) == nil)
        // and above none: the claim is false, with no error
        let below = try #require(try failure("log10(grad-norm[t=1]) > -10", ["grad-norm[t=1]": [0]]))
        #expect(below.error == nil && below.values == ["grad-norm[t=1] = 0"])
        // the lab's own inf (a diverged loss) is compared as it is, and what is made of it too
        #expect(try failure("max(loss) > 100 and last(loss) * 2 > 1e300 and sum(loss) > 1", lab) == nil)
        let diverged = try #require(try failure("max(loss) < 100", lab))
        #expect(diverged.error == nil && diverged.values == ["loss = [0.7, inf]"])
    }

    @Test("log10 is accurate, and exact at powers of 10, so that `log10(x) == 3` holds for x = 1000")
    func logarithm() throws {
        for (x, expected) in [(1.0, 0.0), (10.0, 1.0), (1e-3, -3.0), (2.0, 0.301_029_995_663_981_2), (7.5e12, 12.875_061_263_391_7)] {
            let claim = try CheckParser.parse("abs(log10(x) - \(expected)) < 1e-12")
            var evaluator = CheckEvaluator(resolver: TableResolver(table: ["x": [x]]))
            #expect(try evaluator.holds(claim), "\(x)")
        }
        for power in [-5, -1, 1, 2, 3, 6] {
            let claim = try CheckParser.parse("log10(x) == \(power)")
            var evaluator = CheckEvaluator(resolver: TableResolver(table: ["x": [pow(10, Double(power))]]))
            #expect(try evaluator.holds(claim), "log10(1e\(power)) == \(power)")
        }
    }
}

@Suite("Check language robustness")
struct CheckLanguageRobustnessTests {
    @Test("random token soup parses or fails with a column inside the text; evaluation never traps")
    func tokenSoup() {
        var generator = SplitMix64(seed: 7)
        let pieces = ["f", "grad-norm", "rnn.", "[", "]", "t=", "1", "-1", "..", "3", "(", ")", ",", "<", "<=", "==",
                      "≈", "±", "%", "in", "and", "or", "not", "max(", "all(", "abs(", "*", "/", "+", "-", "1e-3",
                      ".5", " ", "unit=0", "dir=reverse", "params", "x", "∞", "#"]
        let resolver = TableResolver(table: ["f": [0.1, 0.9], "params": [3], "grad-norm[t=1]": [0.5]])
        var parsed = 0
        for _ in 0..<3_000 {
            let count = Int(generator.next() % 14) + 1
            let soup = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
            // a check must be a claim: a soup without a comparison gets one, so soups of numbers parse too
            let text = soup.joined() + (soup.contains { ["<", "<=", "==", "≈", "in"].contains($0) } ? "" : " > 0")
            do {
                let expression = try CheckParser.parse(text)
                parsed += 1
                var evaluator = CheckEvaluator(resolver: resolver)
                _ = try? evaluator.holds(expression)
            } catch {
                #expect(error.column >= 1 && error.column <= text.count + 1, "\(text): \(error)")
            }
        }
        #expect(parsed > 50, "the soup should sometimes be valid")
    }
}
