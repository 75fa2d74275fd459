/// The record of a forward pass (and, after backward, its gradients) for every layer,
/// direction and time step. A plain value the lab can show and export.
public struct Trace: Equatable, Sendable {
    /// The cell kind.
    public let kind: CellKind
    /// Number of layers.
    public let numLayers: Int
    /// 1, or 2 when bidirectional.
    public let directionCount: Int
    /// One entry per layer and direction, at index `layer · directionCount + direction`.
    public internal(set) var directions: [DirectionTrace]

    /// The trace of one layer and direction, or `nil` when out of range.
    public func direction(layer: Int, direction: Direction = .forward) -> DirectionTrace? {
        guard layer >= 0, layer < numLayers, direction.rawValue < directionCount else { return nil }
        return directions[layer * directionCount + direction.rawValue]
    }

    /// The values of `quantity` at `step`, or `nil` when absent or out of range.
    public func value(_ quantity: TraceQuantity, layer: Int = 0, direction: Direction = .forward, step: Int) -> [Double]? {
        self.direction(layer: layer, direction: direction)?.value(quantity, step: step)
    }

    /// The values of the quantity with fixture symbol `symbol` (`"f"`, `"dh"`, ...) at `step`.
    public func value(_ symbol: String, layer: Int = 0, direction: Direction = .forward, step: Int) -> [Double]? {
        TraceQuantity(symbol: symbol).flatMap { value($0, layer: layer, direction: direction, step: step) }
    }

    /// The number of steps T.
    public var steps: Int { directions.first?.steps ?? 0 }
}
