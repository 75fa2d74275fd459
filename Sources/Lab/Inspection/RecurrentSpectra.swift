import RNNEngine

/// The spectral radius and norm of each gate's recurrent block, measured once for given
/// weights: `show weights` twice, or a check reading `radius` after it, does not measure again.
///
/// The radius takes 40 matrix squarings of H³ each at most (``Matrix/spectralRadius``):
/// a few milliseconds at the sizes lessons use, seconds per block at H = 1024. Up to
/// ``largestFullyMeasured`` units every squaring is made, as it always was, so small models
/// read the same radius to the last bit; above, the squarings stop once the radius is within
/// ``tolerance`` (``radiusTolerance(hiddenSize:)``), which `set radius` also measures with.
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
                entry.radius = block.spectralRadius(tolerance: Self.radiusTolerance(hiddenSize: block.rows), shouldStop: shouldStop)
            }
            return entry.radius
        }
        if entry.norm == nil { entry.norm = block.spectralNorm(shouldStop: shouldStop) }
        return entry.norm
    }
}
