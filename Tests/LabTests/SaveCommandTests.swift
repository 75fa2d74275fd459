import Foundation
import Testing
@testable import Lab
import Rendering
import RNNEngine

/// `save` writes a state dict and says what PyTorch needs to load it back.
@Suite("save")
struct SaveCommandTests {
    /// A scratch folder, removed afterwards.
    final class Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rnnlab-save-\(UUID().uuidString)").path
        init() { try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// The notes and warnings of an outcome.
    private func remarks(_ outcome: CommandOutcome) -> [String] {
        outcome.blocks.compactMap { block in
            switch block {
            case .note(let text), .warning(let text): text
            default: nil
            }
        }
    }

    @Test("a layer-norm model's file says that its layer_norm tensors are the lab's own, which nn.LSTM refuses and load reads")
    func layerNormIsTheLabsOwn() throws {
        let folder = Folder()
        let session = try labSession(["model lstm --input 3 --hidden 4 --layer-norm"])
        let saved = session.execute("save \(folder.path)/ln.safetensors")
        #expect(!saved.failed, "\(saved.text)")
        let note = try #require(remarks(saved).first { $0.contains("layer_norm") }, "\(saved.text)")
        #expect(note.contains("the lab's own"), "\(note)")
        #expect(note.contains("nn.LSTM") && note.contains("strict=True"), "\(note)")
        #expect(note.contains("the lab's `load` reads"), "\(note)")
        let plain = try labSession(["model lstm --input 3 --hidden 4"]).execute("save \(folder.path)/plain.safetensors")
        #expect(remarks(plain).isEmpty, "\(plain.text)")
    }
}
