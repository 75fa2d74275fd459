/// The dropout of one training step: the rates and the seed its masks are drawn from.
///
/// Example k of the step's batch draws its masks with seed `seed &+ k`, so the masks do not
/// depend on how the batch is split between threads.
public struct TrainingDropout: Sendable, Equatable {
    /// The rates.
    public var rates: DropoutRates
    /// The seed of the batch's first example.
    public var seed: UInt64

    /// Creates a step's dropout.
    public init(rates: DropoutRates, seed: UInt64) {
        self.rates = rates
        self.seed = seed
    }

    /// The masks of the example at position `index` of the batch, over `steps` steps.
    func masks(for network: RecurrentNetwork, steps: Int, index: Int) throws -> DropoutMasks {
        try DropoutMasks(network: network, steps: steps, rates: rates, seed: seed &+ UInt64(truncatingIfNeeded: index))
    }
}
