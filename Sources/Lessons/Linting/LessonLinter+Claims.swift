extension LessonLinter {
    /// Claims and answers that cannot do what they are written for, though each reads
    /// well on its own: a tolerance that accepts 0 or the opposite sign, a comparison of a
    /// value with itself, an `answer:` that is more than one number, a value of a model
    /// the lesson never makes. `drafts` are quizzes left out of the lesson for other
    /// problems, as far as they were read (``UnusableQuiz/draft``).
    func lintClaims(of lesson: Lesson, drafts: [Question] = []) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let modelNames = validator?.modelNames(madeBy: Self.commandLines(of: lesson))
        /// Reports each value of a model the lesson does not make, at its column in `source`.
        func checkModels(_ expression: CheckExpression, at location: SourceLocation, source: String?) {
            guard let modelNames else { return }
            for reference in expression.references {
                guard let model = reference.model, !modelNames.contains(model) else { continue }
                var at = location
                if let source, let column = Self.column(of: reference, in: source) { at.column += column - 1 }
                diagnostics.append(Diagnostic(at, Self.unknownModelMessage(reference, model: model, known: modelNames)))
            }
        }
        /// Reports what keeps a number question's answer and mistakes from telling right from wrong.
        func checkNumberQuestion(_ question: Question) {
            guard case .number(let expected, let tolerance) = question.kind else { return }
            let location = question.answerLocation ?? question.location
            checkModels(expected, at: location, source: nil)
            if let problem = Self.toleranceProblem(tolerance, around: expected) {
                diagnostics.append(Diagnostic(location, "`answer:`: \(problem)"))
            }
            for mistake in question.mistakes {
                checkModels(mistake.value, at: mistake.location, source: nil)
                // a mistake the tolerance takes for the answer is never told
                var evaluator = CheckEvaluator(resolver: NoValues())
                if let right = try? evaluator.number(expected), let wrong = try? evaluator.number(mistake.value),
                   tolerance.accepts(wrong, expected: right) {
                    diagnostics.append(Diagnostic(mistake.location, "this `mistake:` is within the tolerance of the answer, so it is taken as right and never told"))
                } else if mistake.value == expected {
                    diagnostics.append(Diagnostic(mistake.location, "this `mistake:` is the answer itself, so it is taken as right and never told"))
                }
                guard let validator else { continue }
                for reference in Self.unreducedReferences(in: mistake.value) {
                    if let problem = validator.severalNumbersProblem(in: reference) {
                        diagnostics.append(Diagnostic(mistake.location, "`mistake:` must be one number, as the learner types one: \(problem)"))
                    }
                }
            }
            guard let validator else { return }
            for reference in Self.unreducedReferences(in: expected) {
                if let problem = validator.severalNumbersProblem(in: reference) {
                    diagnostics.append(Diagnostic(location, "`answer:` must be one number, as the learner types one: \(problem)"))
                }
            }
        }
        for step in lesson.steps {
            for item in step.items {
                switch item {
                case .check(let check):
                    checkModels(check.expression, at: check.location, source: check.source)
                    for problem in Self.claimProblems(in: check.expression, bounds: valueBounds(of: check.expression)) {
                        diagnostics.append(Diagnostic(check.location, "`\(check.source)`: \(problem)"))
                    }
                    if let problem = Self.nonFiniteConstant(in: check.expression) {
                        diagnostics.append(Diagnostic(check.location, "`\(check.source)`: \(problem)"))
                    }
                case .question(let question):
                    checkNumberQuestion(question)
                case .command, .prose:
                    break
                }
            }
        }
        drafts.forEach(checkNumberQuestion)
        return diagnostics
    }

    /// The bounds the lab keeps each value of `expression` within, for those it bounds
    /// (a sigmoid gate's [0, 1]); none without a validator.
    func valueBounds(of expression: CheckExpression) -> [ValueReference: ClosedRange<Double>] {
        guard let validator else { return [:] }
        return Dictionary(expression.references.compactMap { reference in validator.valueBounds(of: reference).map { (reference, $0) } },
                          uniquingKeysWith: { first, _ in first })
    }

    /// Options indented under the first, as a nested list item would be in Markdown: the
    /// lab reads each as an option of its own (options do not nest), which the author
    /// likely did not mean. Told at each such option.
    func lintIndentedOptions(of questions: [Question]) -> [Diagnostic] {
        questions.flatMap { question -> [Diagnostic] in
            guard case .choice = question.kind, let margin = question.optionLocations.first?.column else { return [] }
            return question.optionLocations.enumerated().compactMap { index, location in
                guard location.column > margin else { return nil }
                return Diagnostic(location, "this option is indented as if nested under the one above, but options do not nest: the lab shows it as option (\(Question.letter(index))) of its own; start it where the others start, or leave out its `- ` to continue the option above")
            }
        }
    }

    /// Every command line the lesson runs, in order: its `rnnlab` blocks' and its do-it
    /// tasks' `expect:` commands, which make models as well.
    static func commandLines(of lesson: Lesson) -> [String] {
        lesson.steps.flatMap(\.items).compactMap { item in
            switch item {
            case .command(let command): command.line
            case .question(let question): question.taskCommand
            case .check, .prose: nil
            }
        }
    }

    /// `` `foo.h`: no model named `foo` … ``, with the nearest known name, else the known names.
    static func unknownModelMessage(_ reference: ValueReference, model: String, known: Set<String>) -> String {
        let names = known.sorted()
        let start = "`\(reference)`: no model named `\(model)`"
        if let nearest = Suggestion.nearest(to: model, among: names) { return "\(start) — did you mean `\(nearest)`?" }
        if names.isEmpty { return "\(start); the lesson makes no model" }
        let shown = names.prefix(12).map { "`\($0)`" }.joined(separator: ", ") + (names.count > 12 ? " and \(names.count - 12) more" : "")
        return "\(start); the lesson makes \(shown)"
    }

    /// The references of `expression` whose values reach its result one by one: not under
    /// a function that makes one number of many (`max`, `mean`, `last`, ...).
    static func unreducedReferences(in expression: CheckExpression) -> [ValueReference] {
        switch expression {
        case .reference(let reference): return [reference]
        case .negate(let inner): return unreducedReferences(in: inner)
        case .arithmetic(_, let left, let right): return unreducedReferences(in: left) + unreducedReferences(in: right)
        case .call(let function, let arguments):
            return function.isElementwise ? arguments.flatMap(unreducedReferences(in:)) : []
        case .number, .comparison, .within, .and, .or, .not:
            return []
        }
    }

    /// What makes the claims in `expression` unable to fail (or to hold): a claim that
    /// reads no value of the lab (`2 + 2 == 5`, `1 < 2`), a comparison of one expression
    /// with itself, or with one written differently that comes to the same for every value
    /// it reads (``SubstitutedValues/alwaysAgree(_:_:)``), a tolerance that accepts 0 or
    /// the opposite sign, a claim that holds for every value it reads
    /// (``SubstitutedValues/alwaysHold(_:)``: `count(f > 0.5) >= 0`, `abs(h) >= 0`).
    /// `isWhole` says whether `expression` is the check's whole claim rather than a part
    /// of it, which a message then names; `askingWhetherItCanFail` is false for a part whose
    /// holding everywhere is no fault of its own (the claim of `not`, `count`, `any`).
    ///
    /// `bounds` are the intervals the lab keeps some values within (a sigmoid gate's [0, 1]):
    /// a claim is asked whether it can fail only for values within them (`exp(f) > 0`,
    /// `f in [0, 1]` cannot).
    ///
    /// Two sides that come to the same make a claim that holds whatever the lab holds only
    /// where the lab computes them: one it may refuse (`exp(ln(h)) ≈ h` for a negative h,
    /// ``SubstitutedValues/mayBeRefused(_:)``) makes a check that can fail, and is not told.
    static func claimProblems(
        in expression: CheckExpression, isWhole: Bool = true, askingWhetherItCanFail: Bool = true,
        bounds: [ValueReference: ClosedRange<Double>] = [:]
    ) -> [String] {
        let comparesASideWithItself = if case .comparison(_, let left, let right, _) = expression { left == right } else { false }
        if expression.isClaim, expression.references.isEmpty, !comparesASideWithItself, nonFiniteConstant(in: expression) == nil {
            // the same on every run: false fails every run, true checks nothing
            var evaluator = CheckEvaluator(resolver: NoValues())
            guard let holds = try? evaluator.holds(expression) else { return [] }
            let claim = isWhole ? "the claim reads no value of the lab" : "`\(expression.written)` reads no value of the lab"
            return [holds
                ? "\(claim), so it holds whatever the lab holds and checks nothing: compare a value of the lab with a number"
                : "\(claim), so it never holds: compare a value of the lab with a number"]
        }
        let problems = partProblems(in: expression, bounds: bounds)
        guard problems.isEmpty, askingWhetherItCanFail, expression.isClaim, nonFiniteConstant(in: expression) == nil,
              SubstitutedValues.alwaysHold(expression, bounds: bounds) else { return problems }
        let named = Array(Set(expression.references)).map { "`\($0)`" }.sorted()
        let values = named.count == 1 ? named[0] : named.dropLast().joined(separator: ", ") + " and " + named[named.count - 1]
        let claim = isWhole ? "the claim" : "`\(expression.written)`"
        return ["\(claim) holds for every value of \(values) the lab could hold, so it checks nothing: compare with a number that some value could miss"]
    }

    /// What ``claimProblems(in:isWhole:)`` finds in the parts of `expression`, and in a
    /// comparison's sides.
    static func partProblems(in expression: CheckExpression, bounds: [ValueReference: ClosedRange<Double>] = [:]) -> [String] {
        switch expression {
        case .comparison(let comparison, let left, let right, let tolerance):
            var problems: [String] = []
            let alwaysHolds: Set<ComparisonOperator> = [.equal, .approximately, .lessOrEqual, .greaterOrEqual]
            let outcome = alwaysHolds.contains(comparison)
                ? "so the claim holds whatever the lab holds and checks nothing: compare with a number or another value"
                : "so the claim never holds: compare with a number or another value"
            let sameSides = left == right || !(left.references + right.references).isEmpty && SubstitutedValues.alwaysAgree(left, right)
            // a side the lab may refuse fails the check, so a claim that would hold can fail; one that never holds stays so
            let canFail = sameSides && alwaysHolds.contains(comparison) && SubstitutedValues.mayBeRefused([left, right])
            if sameSides, !canFail, left == right {
                let side = written(left).map { "`\($0)`" } ?? "the same"
                problems.append("both sides are \(side), \(outcome)")
            } else if sameSides, !canFail {
                // written differently, computed alike: `abs(h)` and `abs(-h)`, `max(h)` and `max(h) - 0`
                let named = Array(Set(left.references + right.references)).map { "`\($0)`" }.sorted()
                let values = named.count == 1 ? named[0] : named.dropLast().joined(separator: ", ") + " and " + named[named.count - 1]
                problems.append("`\(left.written)` and `\(right.written)` come to the same for every value of \(values), \(outcome)")
            }
            if let tolerance, let problem = toleranceProblem(tolerance, around: right) { problems.append(problem) }
            return problems
        case .and(let left, let right), .or(let left, let right):
            return claimProblems(in: left, isWhole: false, bounds: bounds) + claimProblems(in: right, isWhole: false, bounds: bounds)
        case .not(let inner):
            // `not` of a claim that always holds never holds: the whole claim is told
            return claimProblems(in: inner, isWhole: false, askingWhetherItCanFail: false, bounds: bounds)
        case .call(_, let arguments):
            // a claim counted or asked of every element may hold everywhere: the whole claim is told
            return arguments.flatMap { claimProblems(in: $0, isWhole: false, askingWhetherItCanFail: false, bounds: bounds) }
        case .within(_, let interval):
            return emptyIntervalProblem(interval).map { [$0] } ?? []
        case .number, .reference, .negate, .arithmetic:
            return []
        }
    }

    /// Why an interval of two constant bounds holds no number (`(1, -1)`, `(2, 2)`), so that
    /// a claim `A in` it never holds; nil when it holds some, or a bound reads the lab.
    static func emptyIntervalProblem(_ interval: Interval) -> String? {
        guard interval.lower.references.isEmpty, interval.upper.references.isEmpty else { return nil }
        var evaluator = CheckEvaluator(resolver: NoValues())
        guard let low = try? evaluator.number(interval.lower), let high = try? evaluator.number(interval.upper),
              low.isFinite, high.isFinite else { return nil }
        let empty = low > high || (low == high && !(interval.includesLower && interval.includesUpper))
        guard empty else { return nil }
        let written = (interval.includesLower ? "[" : "(") + interval.lower.written + ", " + interval.upper.written + (interval.includesUpper ? "]" : ")")
        return low > high
            ? "the interval \(written) holds no number, as its lower bound is above its upper one, so the claim never holds: write the smaller bound first"
            : "the interval \(written) holds no number, so the claim never holds: include both bounds ([a, a]) or compare with == instead"
    }

    /// Why `tolerance` around `expected` accepts 0 and numbers of the opposite sign: a
    /// relative one of 100 % or more (|x − v| ≤ p/100 · |v| holds for x = 0 when p ≥ 100),
    /// or an absolute one at least the size of a number written out or computed from
    /// written numbers (`4 * (4 + 4) ± 40`). Nil for a tolerance
    /// narrower than that, and around 0, where any tolerance takes in both signs.
    static func toleranceProblem(_ tolerance: Tolerance, around expected: CheckExpression) -> String? {
        switch tolerance {
        case .relative(let percent) where percent >= 100:
            return "a tolerance of \(shortNumber(percent))% accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one under 100%, such as 5%"
        case .absolute(let slack):
            guard let value = constantNumber(expected), value != 0, slack >= abs(value) else { return nil }
            return "a tolerance of \(shortNumber(slack)) around \(shortNumber(value)) accepts 0 and numbers of the opposite sign, so the value is hardly checked: give one smaller than \(shortNumber(abs(value)))"
        case .relative:
            return nil
        }
    }

    /// The value of a number written out or computed from written numbers (`5`, `-5`,
    /// `4 * (4 + 4)`), nil for anything read from the lab or no finite number.
    static func constantNumber(_ expression: CheckExpression) -> Double? {
        guard expression.references.isEmpty, !expression.isClaim else { return nil }
        var evaluator = CheckEvaluator(resolver: NoValues())
        guard let value = try? evaluator.number(expression), value.isFinite else { return nil }
        return value
    }

    /// Why a part of `expression` that reads no session value is no finite number
    /// (`exp(1000)` is inf, `ln(0)` is −inf, `sqrt(-1)` is NaN) or underflows (`exp(-1000)`
    /// is 0, `1e-200 * 1e-200` too, from numbers none of which is 0), the innermost such
    /// part; nil when there is none. A part that reads the lab may well be infinite (log10
    /// of a gradient norm of exactly 0); a constant one makes the claim the same whatever the lab holds.
    static func nonFiniteConstant(in expression: CheckExpression) -> String? {
        let parts: [CheckExpression] = switch expression {
        case .number, .reference: []
        case .call(_, let arguments): arguments
        case .negate(let inner), .not(let inner): [inner]
        case .arithmetic(_, let left, let right), .comparison(_, let left, let right, _), .and(let left, let right), .or(let left, let right):
            [left, right]
        case .within(let inner, let interval): [inner, interval.lower, interval.upper]
        }
        if let inner = parts.lazy.compactMap(nonFiniteConstant(in:)).first { return inner }
        guard expression.references.isEmpty, !expression.isClaim else { return nil }
        var evaluator = CheckEvaluator(resolver: NoValues())
        guard case .numbers(let values, _)? = try? evaluator.evaluate(expression), values.count == 1,
              let value = values.first, !value.isFinite || underflows(expression, to: value) else { return nil }
        let what = value.isFinite ? "\(value == 0 ? "0" : CheckFailure.text(value)), below the smallest number held to full precision (about 2.2e-308)"
            : value.isNaN ? "not a number (NaN)" : value > 0 ? "inf, beyond the largest number" : "−inf"
        let part: String
        if case .call(let function, let arguments) = expression, arguments.count == 1, let argument = written(arguments[0]) {
            part = "`\(function.rawValue)(\(argument))`"
        } else {
            part = "`\(written(expression) ?? expression.written)`"
        }
        return "\(part) is \(what), whatever the lab holds: " + (value.isFinite ? "write a number in range, or compare logarithms" : "write a finite number")
    }

    /// Whether the constant `expression`, which came to `value`, underflows: a product,
    /// quotient, power or `exp` of numbers none of which is 0 or tiny that comes out 0 or
    /// subnormal, as ``CheckEvaluator`` refuses it for values read from the lab.
    static func underflows(_ expression: CheckExpression, to value: Double) -> Bool {
        guard abs(value) < Double.leastNormalMagnitude else { return false }
        let operands: [CheckExpression] = switch expression {
        case .arithmetic(.multiply, let left, let right), .arithmetic(.divide, let left, let right), .arithmetic(.power, let left, let right):
            [left, right]
        case .call(.exp, let arguments): arguments
        default: []
        }
        guard !operands.isEmpty else { return false }
        var evaluator = CheckEvaluator(resolver: NoValues())
        return operands.allSatisfy { operand in
            guard case .numbers(let numbers, _)? = try? evaluator.evaluate(operand), numbers.count == 1, let number = numbers.first else { return false }
            return number.isFinite && abs(number) >= Double.leastNormalMagnitude
        }
    }

    /// A side of a comparison as written, when it is a number or a value.
    static func written(_ expression: CheckExpression) -> String? {
        switch expression {
        case .reference(let reference): reference.description
        case .number(let value): shortNumber(value)
        case .negate(.number(let value)): "-" + shortNumber(value)
        default: nil
        }
    }

    /// `5`, `0.5`, `1e-06`: a whole number without `.0`.
    static func shortNumber(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
