import Foundation
import RNNEngine
import Testing

@Suite("Both kernel widths, end to end", .enabled(if: LaneWidth.eightIsSupported, "this processor does not run AVX-512"))
struct KernelWidthTests {
    /// An LSTM whose W_hh (512 × 128) is read row by row, and a GRU whose W_hh (768 × 256,
    /// 1.5 MB) is read in alternate directions, each trained with Adam and clipping, then
    /// fed and shown to full precision.
    static let script = """
        model lstm --hidden 128 --seed 2
        train charlm --corpus sonnets --steps 20
        feed "to be or not"
        show h --format json --step 12 --all
        model gru --hidden 256 --seed 3
        train adding 30 --steps 3 --batch 2
        feed adding 30
        show h --format json --step 30 --all
        quit
        """

    @Test("training and views print the same numbers with eight lanes and with four, bit for bit")
    func bothWidthsPrintTheSameNumbers() throws {
        let eight = try Run.rnnlab(input: Self.script, timeout: 120)
        let four = try Run.rnnlab(input: Self.script, environment: ["RNNLAB_VECTOR_LANES": "4"], timeout: 120)
        #expect(eight.status == 0 && four.status == 0, "\(eight.errorOutput)\(four.errorOutput)")
        // every line but the two that time the training
        func untimed(_ result: RunResult) -> [String] {
            result.output.split(separator: "\n").map(String.init).filter { !$0.contains("training time") && !$0.contains("steps per second") }
        }
        let lines = untimed(eight)
        #expect(lines.filter { $0.hasPrefix("{\"title\"") && $0.contains("-0.") }.count == 2, "both views printed: \(eight.output)")
        #expect(lines == untimed(four))
    }
}
