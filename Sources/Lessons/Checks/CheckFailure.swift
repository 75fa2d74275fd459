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
    /// Why it could not be evaluated, when it could not (nil when it simply did not hold).
    public var error: String?

    /// Creates a failure report.
    public init(location: SourceLocation, source: String, message: String?, values: [String], error: String?) {
        self.location = location
        self.source = source
        self.message = message
        self.values = values
        self.error = error
    }

    /// `file:line: check failed: expr`, then the values, the message and any error.
    public var description: String {
        var lines = ["\(location.file):\(location.line): check failed: \(source)"]
        if !values.isEmpty { lines.append("  " + values.joined(separator: ", ")) }
        if let error { lines.append("  cannot evaluate: \(error)") }
        if let message { lines.append("  " + message) }
        return lines.joined(separator: "\n")
    }

    /// Formats values for a report, each in full: one number plainly, up to 6 in brackets,
    /// and more as the first three, `…`, the last and how many there are:
    /// `[0.69, 0.71, 0.7, …, 0.31] (94 values)`.
    public static func format(_ values: [Double]) -> String {
        func text(_ value: Double) -> String { value.isNaN ? "NaN" : "\(value)" }  // not `nan` or `-nan`
        if values.count == 1 { return text(values[0]) }
        guard values.count > 6, let last = values.last else { return "[" + values.map(text).joined(separator: ", ") + "]" }
        return "[" + values.prefix(3).map(text).joined(separator: ", ") + ", …, \(text(last))] (\(values.count) values)"
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
        let values = evaluator.readValues.map { "\($0.reference) = \(CheckFailure.format($0.values))" }
        return CheckFailure(location: location, source: source, message: message, values: values, error: failedError)
    }
}
