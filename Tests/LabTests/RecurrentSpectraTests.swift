@testable import Lab
import Lessons
import RNNEngine
import Rendering
import Testing

/// The spectral radius and norm of W_hh's blocks in `show weights`, `set radius` and the
/// `radius` value: measured once per weights, to a tolerance above 128 units, with the
/// weights shown before them and a line saying what is measured.
@Suite("Spectra of recurrent weights")
struct RecurrentSpectraTests {
    /// Runs `line`, counting the Ctrl-C checks it makes (one per squaring or few products
    /// while a spectrum is measured).
    static func checks(_ session: Session, _ line: String) throws -> Int {
        var asked = 0
        session.interruptionCheck = { asked += 1; return false }
        defer { session.interruptionCheck = { false } }
        let outcome = session.execute(line)
        try #require(outcome.error == nil, "`\(line)` failed: \(outcome.error?.message ?? "")")
        return asked
    }

    @Test("show weights measures the blocks once for the same weights, and again when they change")
    func measuredOnce() throws {
        let session = try labSession(["model lstm --hidden 8 --input 2 --seed 4"])
        let first = try Self.checks(session, "show weights")
        #expect(first > 4 * 40, "the radius and norm of four blocks measured")
        let table = try #require(session.execute("show weights").blocks.last)
        #expect(try Self.checks(session, "show weights") == 0, "the second time nothing is measured")
        #expect(try Self.checks(session, "set W_hh[0,1] 0.3") == 0)
        #expect(try Self.checks(session, "show weights") > 40, "new weights are measured again")
        // a check's radius reads the same numbers, measured the same way
        let network = try #require(session.state.currentModel?.network)
        let radii = try session.values(of: ValueReference(name: "radius"))
        for gate in 0..<4 { #expect(radii[gate] == network.recurrentBlock(gate: gate)!.spectralRadius) }
        guard case .table(let shown) = table else { Issue.record("no table of spectra: \(table)"); return }
        #expect(shown.rows.count == 4)
    }

    @Test("above 128 units the radius stops once within 1e-6, and set radius reads back")
    func largeModelStopsEarly() throws {
        #expect(RecurrentSpectra.radiusTolerance(hiddenSize: 128) == nil, "small models keep all 40 squarings")
        let session = try labSession(["model rnn --hidden 160 --input 2 --seed 5"])
        let squarings = try Self.checks(session, "set radius 0.9")
        #expect(squarings < 35, "\(squarings) squarings")
        let block = try #require(session.state.currentModel?.network?.recurrentBlock())
        // the full measure is within 1e-12 of ρ: the scaled block's radius is 0.9 to 1e-6
        #expect(abs(block.spectralRadius / 0.9 - 1) <= 1e-6, "\(block.spectralRadius)")
        let read = try session.values(of: ValueReference(name: "radius"))
        #expect(abs(read[0] / 0.9 - 1) <= 1e-6, "\(read)")
    }

    @Test("above 128 units the radius is extrapolated: within 1e-6 of the full measure, in fewer squarings")
    func extrapolatedRadius() throws {
        for (kind, seed) in [(CellKind.lstm, 3 as UInt64), (.gru, 8), (.rnn, 11)] {
            let network = try RecurrentNetwork(kind: kind, inputSize: 2, hiddenSize: 200, seed: seed)
            let block = try #require(network.recurrentBlock())
            let exact = block.spectralRadius  // 40 squarings: within about 1e-12 of ρ
            var extrapolated = 0, estimated = 0
            let radius = try #require(RecurrentSpectra.radius(of: block) { extrapolated += 1; return false })
            _ = block.spectralRadius(tolerance: RecurrentSpectra.tolerance) { estimated += 1; return false }
            #expect(abs(radius / exact - 1) <= RecurrentSpectra.tolerance, "\(kind): \(radius) against \(exact)")
            #expect(extrapolated + 5 <= estimated, "\(kind): \(extrapolated) squarings extrapolated, \(estimated) without")
        }
        // the identity, scaled or not, reads its radius off the diagonal, exactly
        let identity = try #require(Matrix(rows: 200, columns: 200, values: (0..<40_000).map { $0 / 200 == $0 % 200 ? 1.1 : 0 }))
        #expect(RecurrentSpectra.radius(of: identity, shouldStop: nil) == 1.1)
    }

    @Test("the weights show before their spectra are measured, with a line saying which is measured")
    func weightsFirst() throws {
        let session = try labSession(["model lstm --hidden 8 --input 2 --seed 4"])
        var shownFirst: [Block] = []
        session.blockOutput = { shownFirst += $0 }
        let screen = RecordingLiveOutput(redrawsInPlace: true, width: 200)
        session.liveOutput = screen
        session.slowCommandThreshold = .zero  // every command counts as slow
        let outcome = session.execute("show weights")
        #expect(outcome.error == nil)
        #expect(shownFirst.count == 3, "W_ih, W_hh and the biases at once: \(shownFirst)")
        #expect(outcome.blocks.count == 1, "then the table of spectra: \(outcome.blocks)")
        let lines = screen.updates.flatMap { $0 }
        #expect(lines.contains { $0.hasPrefix("show: measuring the spectral radius of W_hi (1 of 4), running for") }, "\(lines)")
    }

    @Test("set radius and set norm measure through the memo show weights fills, which then knows the scaled blocks; no measure read is ever stale")
    func setRadiusUsesTheMemo() throws {
        let folder = SaveCommandTests.Folder()
        let session = try labSession(["model lstm --hidden 8 --input 2 --seed 4"])
        /// The radius and norm every block has now, as the memo gives them, against a fresh measure.
        func expectCurrent(_ after: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
            let network = try #require(session.state.currentModel?.network, sourceLocation: sourceLocation)
            let radii = try session.values(of: ValueReference(name: "radius"))
            let norms = try session.values(of: ValueReference(name: "norm"))
            for gate in 0..<4 {
                let block = try #require(network.recurrentBlock(gate: gate), sourceLocation: sourceLocation)
                #expect(abs(radii[gate] - block.spectralRadius) <= 1e-9 * block.spectralRadius, "radius after \(after)", sourceLocation: sourceLocation)
                #expect(abs(norms[gate] - block.spectralNorm) <= 1e-9 * block.spectralNorm, "norm after \(after)", sourceLocation: sourceLocation)
            }
        }
        #expect(try Self.checks(session, "show weights") > 4 * 40)
        #expect(try Self.checks(session, "set radius 0.9") == 0, "the radii show weights measured")
        #expect(try Self.checks(session, "show weights") == 0, "the scaled blocks' radius and norm are known")
        #expect(try session.values(of: ValueReference(name: "radius")) == [0.9, 0.9, 0.9, 0.9])
        try expectCurrent("set radius")
        #expect(try Self.checks(session, "set norm 1.2") == 0, "the norms set radius left")
        #expect(try session.values(of: ValueReference(name: "norm")) == [1.2, 1.2, 1.2, 1.2])
        try expectCurrent("set norm")
        for line in ["set W_hh[0,1] 0.3", "set init identity", "set radius 2", "set init pytorch", "feed random 5", "train adding 5 --steps 2"] {
            #expect(session.execute(line).error == nil, "\(line)")
            try expectCurrent(line)
        }
        // a file holding other weights, loaded under the model's name
        let other = try RecurrentNetwork(kind: .lstm, inputSize: 2, hiddenSize: 8, seed: 9)
        try SafeTensors.write(other.parameters, to: folder.path + "/other.safetensors")
        let name = try #require(session.state.currentModelName)
        #expect(session.execute("load \(folder.path)/other.safetensors --name \(name)").error == nil)
        try expectCurrent("load")
    }
}
