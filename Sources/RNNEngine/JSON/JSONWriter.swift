/// Writes JSON text; numbers use Swift's shortest round-trip representation, so every
/// Float64 reads back bit for bit. Non-finite numbers (not valid JSON) are written as `null`.
public enum JSONWriter {
    /// The compact JSON text of `value`.
    public static func text(_ value: JSONValue) -> String {
        var output = ""
        var written = Progress(shouldStop: nil)
        try! write(value, into: &output, &written)  // cannot throw without `shouldStop`
        return output
    }

    /// ``text(_:)`` for a value that may take seconds to write: `shouldStop` is asked after
    /// every 4,096 numbers, and when it says so this throws ``NetworkError/stopped``.
    public static func text(_ value: JSONValue, shouldStop: @escaping ShouldStop) throws -> String {
        var output = ""
        var written = Progress(shouldStop: shouldStop)
        try write(value, into: &output, &written)
        return output
    }

    /// How many numbers have been written, and whom to ask whether to go on.
    private struct Progress {
        let shouldStop: ShouldStop?
        var numbers = 0

        mutating func countNumber() throws {
            numbers += 1
            guard let shouldStop, numbers & 4095 == 0 else { return }
            if shouldStop() { throw NetworkError.stopped }
        }
    }

    /// One number as JSON.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0, value.sign == .minus { return "-0.0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func write(_ value: JSONValue, into output: inout String, _ written: inout Progress) throws {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number):
            output += self.number(number)
            try written.countNumber()
        case .string(let string): writeString(string, into: &output)
        case .array(let elements):
            output += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { output += ", " }
                try write(element, into: &output, &written)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (i, (key, element)) in members.enumerated() {
                if i > 0 { output += ", " }
                writeString(key, into: &output)
                output += ": "
                try write(element, into: &output, &written)
            }
            output += "}"
        }
    }

    private static func writeString(_ string: String, into output: inout String) {
        output += stringLiteral(string)
    }

    /// `string` as a JSON string literal: in double quotes, with `"`, `\` and control
    /// characters escaped, and `also` written as `\uXXXX` too. Python reads the same literal.
    static func stringLiteral(_ string: String, escaping also: Set<Unicode.Scalar> = []) -> String {
        var output = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            default:
                if scalar.value < 0x20 || also.contains(scalar) {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}

extension JSONValue {
    /// A matrix as an array of row arrays.
    public init(_ matrix: Matrix) {
        self = .array(matrix.rowArrays.map { .array($0.map { .number($0) }) })
    }

    /// A vector as an array of numbers.
    public init(_ vector: [Double]) {
        self = .array(vector.map { .number($0) })
    }

    /// A tensor as nested arrays following its shape.
    public init(_ tensor: Tensor) {
        switch tensor.shape.count {
        case 0: self = .number(tensor.values.first ?? 0)
        case 1: self = JSONValue(tensor.values)
        default: self = JSONValue(tensor.matrix)
        }
    }
}
