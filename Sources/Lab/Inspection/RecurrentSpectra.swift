#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import RNNEngine

/// The spectral radius and norm of each gate's recurrent block, measured once for given
/// weights: `show weights` twice, or a check reading `radius` after it, does not measure again.
///
/// The radius takes 40 matrix squarings of H³ each at most (``Matrix/spectralRadius``):
/// a few milliseconds at the sizes lessons use, a second or more per block at H = 1024. Up to
/// ``largestFullyMeasured`` units every squaring is made, as it always was, so small models
/// read the same radius to the last bit; above, the squarings stop once the radius is within
/// ``tolerance`` (``radius(of:shouldStop:)``), which `set radius` also measures with.
struct RecurrentSpectra {
    /// The largest hidden size whose radius is measured with all 40 squarings.
    static let largestFullyMeasured = 128

    /// The relative error a larger block's radius is measured to: a table shows three
    /// decimals, and a radius scaled to R reads R again when measured the same way (the
    /// estimate's error is a fixed fraction of the radius, which scaling leaves alone).
    static let tolerance = 1e-6

    /// The tolerance to measure a radius of blocks `hiddenSize` square with; nil for all
    /// 40 squarings.
    static func radiusTolerance(hiddenSize: Int) -> Double? {
        hiddenSize > largestFullyMeasured ? tolerance : nil
    }

    /// The spectral radius of a square `block` as this memo measures it: with all 40
    /// squarings up to ``largestFullyMeasured`` units, above to ``tolerance`` with
    /// ``extrapolatedRadius(of:tolerance:shouldStop:)``; nil when `shouldStop` says so.
    static func radius(of block: Matrix, shouldStop: ShouldStop?) -> Double? {
        guard let tolerance = radiusTolerance(hiddenSize: block.rows) else {
            return block.spectralRadius(shouldStop: shouldStop)
        }
        return extrapolatedRadius(of: block, tolerance: tolerance, shouldStop: shouldStop)
    }

    /// The spectral radius ρ of a square `block` to about a relative `tolerance`, from the
    /// squarings ``Matrix/spectralRadius(tolerance:shouldStop:)`` makes, extrapolated; nil
    /// when `shouldStop` says so (it is asked before each squaring).
    ///
    /// Squaring k estimates log e_k = log ‖A^m‖^{1/m} = log ρ + (log c)/m + r_k (m = 2^k,
    /// Frobenius norm), with r_k, from the eigenvalues below ρ, falling off like (|λ₂|/ρ)^m.
    /// The (log c)/m that the estimate alone waits out by halving it some 20 times cancels in
    /// Richardson's 2·log e_k − log e_{k−1} = log ρ + 2r_k − r_{k−1}, which is within the
    /// tolerance as soon as r_k has died out: after about 12 squarings for a 1024-unit LSTM's
    /// random blocks, where the estimate takes 22 (a squaring is 2H³ products, a second at
    /// that size). It stops when two extrapolations running each agree with the one before
    /// to `tolerance / 2`; after 40 squarings it gives the estimate, an upper bound on ρ. A
    /// diagonal block is measured by ``Matrix/spectralRadius(tolerance:shouldStop:)``, which
    /// reads its radius off the diagonal exactly.
    static func extrapolatedRadius(of block: Matrix, tolerance: Double, shouldStop: ShouldStop?) -> Double? {
        guard block.rows == block.columns, block.rows > 0 else { return 0 }
        let size = block.rows
        let isDiagonal = block.values.indices.allSatisfy { $0 / size == $0 % size || block.values[$0] == 0 }
        if isDiagonal { return block.spectralRadius(tolerance: tolerance, shouldStop: shouldStop) }
        var power = block
        var logEstimate = 0.0  // log e_k, accumulated as power is renormalized
        var exponent = 1.0
        var previousEstimate: Double?, previousExtrapolation: Double?
        var agreements = 0
        for _ in 0..<40 {
            if shouldStop?() == true { return nil }
            let norm = power.frobeniusNorm
            guard norm > 0, norm.isFinite else { return norm.isFinite ? 0 : .infinity }
            power = Matrix(rows: size, columns: size, values: power.values.map { $0 / norm })!  // not · (1 / norm), which overflows for a tiny norm
            logEstimate += log(norm) / exponent
            if let previousEstimate {
                let extrapolation = 2 * logEstimate - previousEstimate
                if let previousExtrapolation, abs(extrapolation - previousExtrapolation) <= tolerance / 2 {
                    agreements += 1
                    if agreements == 2 { return exp(extrapolation) }
                } else {
                    agreements = 0
                }
                previousExtrapolation = extrapolation
            }
            previousEstimate = logEstimate
            power = power.multiplied(by: power)!
            exponent *= 2
        }
        return exp(logEstimate)
    }

    /// The most blocks remembered; the oldest is forgotten first.
    static let capacity = 16

    /// One block's measures, with the whole `weight_hh` it is a gate of. The weights share
    /// their storage with the network's until it changes, so remembering them costs no copy
    /// and comparing them is one check of identity.
    private struct Entry {
        var weights: [Double]
        var gate: Int
        var radius: Double?
        var norm: Double?
    }

    private var entries: [Entry] = []

    /// The spectral radius (`radius` true) or norm of gate `gate`'s block of `weight_hh` in
    /// a layer and direction of `network`; nil when `shouldStop` says so, or when there is
    /// no such block.
    mutating func measure(
        radius: Bool, of network: RecurrentNetwork, layer: Int, direction: Direction, gate: Int, shouldStop: ShouldStop?
    ) -> Double? {
        let name = RecurrentNetwork.parameterName("weight_hh", layer: layer, direction: direction)
        guard let weights = network.parameter(name)?.values,
              let block = network.recurrentBlock(layer: layer, direction: direction, gate: gate) else { return nil }
        var entry = entries.firstIndex { $0.gate == gate && $0.weights == weights }.map { entries.remove(at: $0) }
            ?? Entry(weights: weights, gate: gate)
        defer {
            entries.append(entry)
            if entries.count > Self.capacity { entries.removeFirst() }
        }
        if radius {
            if entry.radius == nil {
                entry.radius = Self.radius(of: block, shouldStop: shouldStop)
            }
            return entry.radius
        }
        if entry.norm == nil { entry.norm = block.spectralNorm(shouldStop: shouldStop) }
        return entry.norm
    }

    /// Scales every gate's block of `network`'s recurrent weights to spectral radius
    /// (`radius` true) or norm `target`, as `set radius` and `set norm` do, measuring each
    /// block through this memo: weights `show weights` measured are not measured again.
    ///
    /// The scaled blocks are remembered with their new measures, so that `show weights`
    /// after it measures nothing either: a block scaled by c has radius c·ρ and norm c·‖·‖₂
    /// (ρ(cA) = c·ρ(A), ‖cA‖₂ = c·‖A‖₂ for c > 0), the one measured being `target` itself.
    /// The measures of the weights before are kept too, as they still are those weights'.
    /// A stop (`shouldStop`) throws ``NetworkError/stopped`` with `network` as it was.
    mutating func scale(_ network: inout RecurrentNetwork, radius: Bool, to target: Double, shouldStop: ShouldStop?) throws {
        struct Block: Hashable { var layer: Int, direction: Direction, gate: Int }
        var before: [Block: (radius: Double?, norm: Double?)] = [:]
        for layer in 0..<network.numLayers {
            for direction in network.directions {
                for gate in 0..<network.kind.gateCount {
                    guard let measured = measure(radius: radius, of: network, layer: layer, direction: direction, gate: gate, shouldStop: shouldStop) else {
                        throw NetworkError.stopped
                    }
                    let other = known(radius: !radius, of: network, layer: layer, direction: direction, gate: gate)
                    before[Block(layer: layer, direction: direction, gate: gate)] = radius ? (measured, other) : (other, measured)
                }
            }
        }
        try network.scaleRecurrentWeights(to: target, what: radius ? "spectral radius" : "spectral norm") { layer, direction, gate in
            let measures = before[Block(layer: layer, direction: direction, gate: gate)]
            return radius ? measures?.radius : measures?.norm
        }
        for (block, measures) in before {
            let name = RecurrentNetwork.parameterName("weight_hh", layer: block.layer, direction: block.direction)
            guard let weights = network.parameter(name)?.values, let measured = radius ? measures.radius : measures.norm else { continue }
            let factor = target / measured
            remember(Entry(weights: weights, gate: block.gate,
                           radius: radius ? target : measures.radius.map { $0 * factor },
                           norm: radius ? measures.norm.map { $0 * factor } : target))
        }
    }

    /// The radius (`radius` true) or norm of a block when this memo holds it, measuring nothing.
    private func known(radius: Bool, of network: RecurrentNetwork, layer: Int, direction: Direction, gate: Int) -> Double? {
        let name = RecurrentNetwork.parameterName("weight_hh", layer: layer, direction: direction)
        guard let weights = network.parameter(name)?.values,
              let entry = entries.first(where: { $0.gate == gate && $0.weights == weights }) else { return nil }
        return radius ? entry.radius : entry.norm
    }

    /// Keeps `entry` as the newest, in place of one for the same weights and gate; the
    /// oldest is forgotten past ``capacity``.
    private mutating func remember(_ entry: Entry) {
        entries.removeAll { $0.gate == entry.gate && $0.weights == entry.weights }
        entries.append(entry)
        if entries.count > Self.capacity { entries.removeFirst() }
    }
}
