import Testing
@testable import Lab
import Rendering
import RNNEngine

/// A session holding one model made as `model KIND --hidden H --seed S` would make it
/// (the network is built when a task fixes the input size).
func sessionWithModel(_ kind: CellKind, hidden: Int, seed: UInt64 = 1, name: String? = nil) -> Session {
    let session = Session()
    let settings = ModelSettings(kind: kind, hiddenSize: hidden, seed: seed)
    session.state.currentModel = LabModel(name: name ?? kind.rawValue, settings: settings, network: nil)
    return session
}

@Suite("Training commands")
struct TrainingCommandTests {
    @Test("model lstm --hidden 16 --seed 1, train charlm \"hello\" --steps 300, sample at temperature 0 gives ello")
    func helloBecomesEllo() throws {
        let session = sessionWithModel(.lstm, hidden: 16, seed: 1)
        let training = session.execute("train charlm \"hello\" --steps 300")
        #expect(!training.failed, "\(String(describing: training.error))")
        let model = try #require(session.state.currentModel)
        #expect(model.lossHistory.count == 300)
        #expect(model.trainedTask == "charlm")
        #expect(model.vocabulary?.characters == ["e", "h", "l", "o"])
        let sample = session.execute("sample --prime h --length 4 --temperature 0")
        #expect(!sample.failed, "\(String(describing: sample.error))")
        #expect(sample.blocks.first == .preformatted("ello"))
    }
}
