import Foundation
import RNNEngine
import Testing

@Suite("rnnlab bench")
struct BenchCommandTests {
    @Test func jsonPrintsOneObjectPerWorkloadWithTheFiveKeys() throws {
        let result = try Run.rnnlab(["bench", "--json", "--filter", "fwd_lstm", "--repeat", "3"], timeout: 60)
        #expect(result.status == 0, "\(result.errorOutput)")
        let lines = result.output.split(separator: "\n")
        try #require(lines.count == 1, "expected one line, got \(result.output)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any], "not a JSON object: \(lines[0])")
        #expect(Set(object.keys) == ["name", "median_us", "min_us", "max_us", "gflops"])
        #expect(object["name"] as? String == "fwd_lstm_I8_H32_T100")
        let median = try #require(object["median_us"] as? Double)
        let minimum = try #require(object["min_us"] as? Double)
        let maximum = try #require(object["max_us"] as? Double)
        let rate = try #require(object["gflops"] as? Double)
        #expect(minimum > 0 && minimum <= median && median <= maximum)
        // 2·T·4H·(I + H) = 1,024,000 operations per forward pass at the median time.
        #expect(abs(rate - 1_024_000 / (median * 1e-6) / 1e9) <= 1e-3 * rate + 1e-3)
    }

    @Test func startupHasNoRateAndIsNull() throws {
        let result = try Run.rnnlab(["bench", "--json", "--filter", "startup", "--repeat", "1"], timeout: 60)
        #expect(result.status == 0, "\(result.errorOutput)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "not a JSON object: \(result.output)")
        #expect(object["name"] as? String == "startup")
        #expect(object["gflops"] is NSNull)
        #expect((object["median_us"] as? Double ?? 0) > 0)
    }

    @Test func theTableHasAHeaderAndOneAlignedRow() throws {
        let result = try Run.rnnlab(["bench", "--filter", "fwd_lstm", "--repeat", "1"], timeout: 60)
        #expect(result.status == 0, "\(result.errorOutput)")
        let lines = result.output.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(result.output)")
        #expect(lines[0].hasPrefix("kernels: "))
        #expect(lines[1].hasPrefix("workload") && lines[1].hasSuffix("GFLOP/s"))
        #expect(lines[3].hasPrefix("fwd_lstm_I8_H32_T100"))
        #expect(lines[3].count == lines[1].count)
    }

    @Test("the kernels' width is named, AVX-512 where the processor runs it, and RNNLAB_VECTOR_LANES=4 chooses AVX2")
    func theKernelsWidthIsNamedAndCanBeChosen() throws {
        let avx512 = LaneWidth.eightIsSupported
        let best = try Run.rnnlab(["bench", "--filter", "fwd_lstm", "--repeat", "1"], timeout: 60)
        let four = try Run.rnnlab(["bench", "--filter", "fwd_lstm", "--repeat", "1"], environment: ["RNNLAB_VECTOR_LANES": "4"], timeout: 60)
        #expect(best.status == 0 && four.status == 0, "\(best.errorOutput)\(four.errorOutput)")
        let firstLines = [best, four].map { $0.output.split(separator: "\n").first.map(String.init) ?? "" }
        if avx512 {
            #expect(firstLines[0] == "kernels: 8 doubles a vector (AVX-512); RNNLAB_VECTOR_LANES=4 times the AVX2 ones")
            #expect(firstLines[1] == "kernels: 4 doubles a vector (AVX2), as RNNLAB_VECTOR_LANES=4 asks; this processor also runs AVX-512")
        } else {
            #expect(firstLines == Array(repeating: "kernels: 4 doubles a vector (AVX2); this processor does not run AVX-512", count: 2))
        }
    }

    @Test func anUnknownFilterNamesTheWorkloads() throws {
        let result = try Run.rnnlab(["bench", "--filter", "nosuch"])
        #expect(result.status != 0)
        #expect(result.errorOutput.contains("no workload name contains 'nosuch'"))
        #expect(result.errorOutput.contains("fwdbwd_gru_I256_H256_T100"))
        #expect(result.output == "")
    }
}
