import Testing
@testable import RNNEngine

@Suite("Network size limits")
struct NetworkLimitTests {
    @Test("networks too large to allocate are refused with a message")
    func tooLarge() {
        #expect(throws: NetworkError.self) { try RecurrentNetwork(kind: .lstm, inputSize: 1 << 20, hiddenSize: 1 << 20) }
        #expect(throws: NetworkError.self) { try RecurrentNetwork(kind: .rnn, inputSize: 1, hiddenSize: 1024, numLayers: 1 << 20) }
        #expect(throws: NetworkError.self) { try RecurrentNetwork(kind: .rnn, inputSize: 1, hiddenSize: 1 << 21) }
    }
}
