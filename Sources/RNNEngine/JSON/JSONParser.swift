/// An error in JSON text: what was wrong and at which byte offset.
public struct JSONParseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What was wrong.
    public let message: String
    /// The byte offset in the text.
    public let offset: Int
    /// A readable message.
    public var description: String { "invalid JSON at byte \(offset): \(message)" }
}

/// A strict JSON parser (RFC 8259) over UTF-8 bytes with limits on nesting depth, that
/// keeps object member order and rejects duplicate keys.
public struct JSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private let maximumDepth: Int
    private let shouldStop: ShouldStop?
    /// The position at which `shouldStop` is next asked.
    private var nextCheck = 0

    /// How much text is read between two questions to `shouldStop`, in bytes.
    static let bytesBetweenChecks = 1 << 16

    /// Parses `bytes` as one JSON value; `shouldStop` is asked every
    /// ``bytesBetweenChecks`` bytes or so, and when it says so this throws
    /// ``NetworkError/stopped``.
    public static func parse(_ bytes: [UInt8], maximumDepth: Int = 64, shouldStop: ShouldStop? = nil) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, maximumDepth: maximumDepth, shouldStop: shouldStop)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    /// Parses a string of JSON text.
    public static func parse(_ text: String, maximumDepth: Int = 64) throws -> JSONValue {
        try parse(Array(text.utf8), maximumDepth: maximumDepth)
    }

    private init(bytes: [UInt8], maximumDepth: Int, shouldStop: ShouldStop?) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        self.shouldStop = shouldStop
        nextCheck = Self.bytesBetweenChecks
    }

    /// Asks `shouldStop` when another ``bytesBetweenChecks`` bytes have been read.
    private mutating func checkForStop() throws {
        guard let shouldStop, position >= nextCheck else { return }
        nextCheck = position + Self.bytesBetweenChecks
        if shouldStop() { throw NetworkError.stopped }
    }

    private func error(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: position) }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func expect(_ literal: String) throws {
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else { throw error("expected `\(literal)`") }
            position += 1
        }
    }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth <= maximumDepth else { throw error("nesting deeper than \(maximumDepth)") }
        guard position < bytes.count else { throw error("unexpected end of text") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "n"): try expect("null"); return .null
        default: return .number(try parseNumber())
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        position += 1
        var members: [(String, JSONValue)] = []
        var seen = Set<String>()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object([]) }
        while true {
            try checkForStop()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            guard seen.insert(key).inserted else { throw error("duplicate key \"\(key)\"") }
            skipWhitespace()
            try expect(":")
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            throw error("expected `,` or `}` in an object")
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array([]) }
        while true {
            try checkForStop()
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard position < bytes.count else { throw error("unterminated array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(elements) }
            throw error("expected `,` or `]` in an array")
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("bad hex digit in \\u escape")
            }
            value = value * 16 + digit
            position += 1
        }
        return value
    }

    private mutating func parseString() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        func flush() throws {
            guard !raw.isEmpty else { return }
            guard let text = String(validating: raw, as: UTF8.self) else { throw error("string is not valid UTF-8") }
            scalars.append(contentsOf: text.unicodeScalars)
            raw.removeAll()
        }
        while true {
            guard position < bytes.count else { throw error("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") { position += 1; break }
            if byte < 0x20 { throw error("control character in a string") }
            if byte != UInt8(ascii: "\\") { raw.append(byte); position += 1; continue }
            try flush()
            position += 1
            guard position < bytes.count else { throw error("unterminated escape") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try parseHex4()
                if (0xD800..<0xDC00).contains(code) {
                    try expect("\\u")
                    let low = try parseHex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                scalars.append(scalar)
            default: throw error("unknown escape")
            }
        }
        try flush()
        return String(scalars)
    }

    /// The NaN or infinity that some writers put where JSON needs a number (`NaN`,
    /// `Infinity`, `-Infinity`, `nan`, `inf`), when the text at `offset` spells one.
    private func nonJSONNumber(at offset: Int) -> String? {
        let rest = bytes[offset..<min(bytes.count, offset + 8)]
        let sign = offset > 0 && bytes[offset - 1] == UInt8(ascii: "-") ? "-" : ""
        for word in ["Infinity", "NaN", "nan", "inf", "Inf"] where rest.starts(with: word.utf8) {
            return sign + word
        }
        return nil
    }

    private mutating func parseNumber() throws -> Double {
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits() -> Int {
            let begin = position
            while position < bytes.count, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") { position += 1 }
            return position - begin
        }
        let integerStart = position
        guard digits() > 0 else {
            if let word = nonJSONNumber(at: position) {
                throw error("\(word) is not a JSON number — JSON has no NaN or infinity (Python's json.dump writes them "
                    + "unless allow_nan=False); write a finite number there")
            }
            throw error("expected a value")
        }
        if bytes[integerStart] == UInt8(ascii: "0"), position - integerStart > 1 { throw error("leading zero in a number") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("expected digits after `.`") }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("expected digits in the exponent") }
        }
        guard let text = String(validating: bytes[start..<position], as: UTF8.self), let value = Double(text) else {
            throw error("invalid number")
        }
        return value
    }
}
