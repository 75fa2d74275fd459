/// A check that did not hold or could not be evaluated, with the values it read.
public struct CheckFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the check is.
    public var location: SourceLocation
    /// The expression as written.
    public var source: String
    /// The author's `message:`, when given.
    public var message: String?
    /// Each value read, as `name = value` text, in first-use order.
    public var values: [String]
    /// For a claim false at some of several elements: how many, and where the first is
    /// with the numbers compared there (``CheckEvaluator/falseElements``).
    public var falseElements: String?
    /// Why it could not be evaluated, when it could not (nil when it simply did not hold).
    public var error: String?
    /// The claim read out in words, for a learner (``CheckExpression/spoken``): `` `fb1.f`
    /// lies between 0.55 and 0.9 ``; the source when it was not given.
    public var claim: String
    /// Each session value read, by the name the lab gives it, in first-use order.
    public var readings: [Reading]

    /// A session value a check read: `fb1.f` and its numbers.
    public struct Reading: Sendable, Equatable {
        /// The value as the check names it: `grad-norm[t=1]`, `fb1.f`.
        public var name: String
        /// Its numbers.
        public var values: [Double]

        /// Creates a reading.
        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// Creates a failure report.
    public init(location: SourceLocation, source: String, message: String?, values: [String], falseElements: String? = nil, error: String?,
                claim: String? = nil, readings: [Reading] = []) {
        self.location = location
        self.source = source
        self.message = message
        self.values = values
        self.falseElements = falseElements
        self.error = error
        self.claim = claim ?? "`" + source + "`"
        self.readings = readings
    }

    /// What the step expected, in a learner's words: the author's `message:`, or else the
    /// claim read out. The lesson's file and the check's formula are for its authors.
    public var expectation: String { message ?? claim }

    /// `file:line: check failed: expr`, then the values, where the claim is false, any
    /// error and the message.
    public var description: String {
        var lines = ["\(location.file):\(location.line): check failed: \(source)"]
        if !values.isEmpty { lines.append("  " + values.joined(separator: ", ")) }
        if let falseElements { lines.append("  " + falseElements) }
        if let error { lines.append("  cannot evaluate: \(error)") }
        if let message { lines.append("  " + message) }
        return lines.joined(separator: "\n")
    }

    /// Formats values for a report, each in full: one number plainly, up to 6 in brackets,
    /// and more as the first three, `…`, the last and how many there are:
    /// `[0.69, 0.71, 0.7, …, 0.31] (94 values)`.
    public static func format(_ values: [Double]) -> String {
        if values.count == 1 { return text(values[0]) }
        guard values.count > 6, let last = values.last else { return "[" + values.map(text).joined(separator: ", ") + "]" }
        return "[" + values.prefix(3).map(text).joined(separator: ", ") + ", …, \(text(last))] (\(values.count) values)"
    }

    /// One number in full: a whole number without a decimal point (`96`, not `96.0`, as
    /// `params` and `steps` are counts), NaN as `NaN` (not `nan` or `-nan`), any other
    /// number as Swift writes it, to its last digit.
    public static func text(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == value.rounded(), Swift.abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

extension Check {
    /// Evaluates the check; nil when it holds, else the failure with the values involved.
    public func failure(using resolver: any ValueResolver) -> CheckFailure? {
        var evaluator = CheckEvaluator(resolver: resolver)
        let failedError: String?
        do {
            if try evaluator.holds(expression) { return nil }
            failedError = nil
        } catch {
            failedError = error.message
        }
        let values = evaluator.readValues.map { "\($0.reference) = \(CheckFailure.format($0.values))" } + evaluator.countedValues
        return CheckFailure(location: location, source: source, message: message, values: values,
                            falseElements: evaluator.falseElements, error: failedError, claim: expression.spoken,
                            readings: evaluator.readValues.map { CheckFailure.Reading(name: $0.reference.description, values: $0.values) })
    }
}
