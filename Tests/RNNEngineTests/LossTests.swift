import Foundation
import Testing
@testable import RNNEngine

@Suite("Losses")
struct LossTests {
    @Test("cross-entropy equals −mean log softmax of the head's logits, ignoring −1 targets")
    func crossEntropyValue() throws {
        let head = try OutputHead(weight: Matrix(rowArrays: [[1, 0], [0, 1], [1, 1]])!, bias: [0, 0.5, -0.5])
        let output = Matrix(rowArrays: [[0.2, -0.1], [0.7, 0.3], [1, 1]])!
        let result = try Loss.crossEntropy(output: output, head: head, targets: [2, 0, -1])
        let p0 = try head.probabilities(for: output.row(0)), p1 = try head.probabilities(for: output.row(1))
        #expect(abs(result.value - (-(log(p0[2]) + log(p1[0])) / 2)) < 1e-15)
        #expect(result.outputGradient.row(2) == [0, 0])
        #expect(throws: NetworkError.self) { try Loss.crossEntropy(output: output, head: head, targets: [3, 0, 0]) }
    }

    @Test("mean squared error is PyTorch's mean over elements, per step or last step")
    func meanSquaredErrorValue() throws {
        let prediction = Matrix(rowArrays: [[1, 2], [3, 5]])!
        #expect(try Loss.meanSquaredError(prediction: prediction, target: Matrix(rowArrays: [[0, 2], [3, 3]])!).value == (1 + 4) / 4)
        let last = try Loss.meanSquaredError(prediction: prediction, target: Matrix(rowArrays: [[3, 3]])!)
        #expect(last.value == 2)
        #expect(last.outputGradient.values == [0, 0, 0, 2])
        #expect(throws: NetworkError.self) { try Loss.meanSquaredError(prediction: prediction, target: Matrix(rows: 2, columns: 3)) }
    }
}
