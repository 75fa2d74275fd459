import Foundation
import Testing
@testable import RNNEngine

/// Loading the PyTorch reference fixtures and comparing nested JSON numbers.
enum Fixtures {
    static let names = [
        "rnn_tanh_small", "rnn_relu_small", "rnn_tanh_long", "rnn_tanh_2layer_bidirectional",
        "lstm_small", "lstm_2layer", "lstm_2layer_bidirectional", "lstm_long",
        "gru_small", "gru_bidirectional",
    ]

    static func path(_ name: String, _ extension: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: `extension`, subdirectory: "Fixtures"),
                               "fixture \(name).\(`extension`) is missing from the test bundle")
        return url.path
    }

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: try path(name, "json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Whether a `grads` key names a parameter (not `x`, `h0`, `c0`).
    static func isParameter(_ name: String) -> Bool { !["x", "h0", "c0"].contains(name) }

    /// The fixtures' parameter gradients are twice dL/dθ: the generator calls `backward()`
    /// on the module and then again on its manual unroll, which shares the module's
    /// parameters, without zeroing `.grad` in between (the `x`, `h0`, `c0` gradients come
    /// from separate leaves and are not doubled). The finite-difference tests confirm the
    /// engine's single gradient; here the reference is halved, which is exact in binary.
    static func halved(_ value: Any) -> Any {
        if let number = value as? Double { return number / 2 }
        if let array = value as? [Any] { return array.map(halved) }
        return value
    }

    static func nonlinearity(_ fixture: [String: Any]) -> String? {
        (fixture["kind"] as? String) == "rnn_relu" ? "relu" : nil
    }

    static func matrix(_ value: Any?) -> Matrix? {
        guard let rows = value as? [[Double]] else { return nil }
        return Matrix(rowArrays: rows)
    }

    /// The largest absolute difference between matching numbers, and the first structural mismatch.
    static func compare(_ expected: Any, _ actual: Any?, path: String, into report: inout (maxError: Double, mismatch: String?)) {
        switch expected {
        case let number as Double:
            guard let other = actual as? Double else {
                if report.mismatch == nil { report.mismatch = "\(path): expected a number, got \(String(describing: actual))" }
                return
            }
            let error = abs(number - other)
            if !(error <= report.maxError) { report.maxError = error.isNaN ? .infinity : error }
            if error.isNaN, report.mismatch == nil { report.mismatch = "\(path): NaN" }
        case let array as [Any]:
            guard let other = actual as? [Any], other.count == array.count else {
                if report.mismatch == nil { report.mismatch = "\(path): expected \(array.count) elements" }
                return
            }
            for (i, element) in array.enumerated() { compare(element, other[i], path: "\(path)[\(i)]", into: &report) }
        case let object as [String: Any]:
            guard let other = actual as? [String: Any] else {
                if report.mismatch == nil { report.mismatch = "\(path): expected an object" }
                return
            }
            for (key, value) in object { compare(value, other[key], path: "\(path).\(key)", into: &report) }
        default:
            if let string = expected as? String, (actual as? String) != string, report.mismatch == nil {
                report.mismatch = "\(path): expected \(string), got \(String(describing: actual))"
            }
        }
    }
}
