/// What every cell's forward pass over one direction needs besides its own weights.
struct CellForwardInput {
    /// Layer index.
    let layer: Int
    /// Direction (reverse processes t = T−1 down to 0).
    let direction: Direction
    /// H.
    let hiddenSize: Int
    /// T × G·H rows `W_ih x_t + b_ih`, plus `b_hh` when ``recurrentBias`` is empty (zero rows
    /// at masked steps). A cell takes it over (``takeInputProjection()``) and writes its
    /// pre-activations over it.
    private(set) var inputProjection: [Double]
    /// W_hh, G·H × H row-major.
    let recurrentWeight: [Double]
    /// What the network keeps to multiply by in W_hh's place (``RecurrentNetwork/keptRecurrentOperand(at:)``):
    /// W_hhᵀ of a small W_hh, a copy on a cache line of a large one, or nil.
    var keptRecurrentWeight: AlignedValues? = nil
    /// b_hh, G·H; empty when the input projection holds it already (RNN and LSTM).
    let recurrentBias: [Double]
    /// h_0.
    let initialHidden: [Double]
    /// c_0 (LSTM only; empty otherwise).
    let initialCell: [Double]
    /// Which steps are real.
    let mask: [Bool]
    /// Asked before every 8th step (see ``stopsBefore(done:_:)``).
    var shouldStop: ShouldStop? = nil
    /// The kernels' vector width (tests run both to compare them).
    var lanes: LaneWidth = .current
    /// Whether a cell may run its time loop in one kernel where it has one (the LSTM with
    /// eight lanes); tests turn it off to compare that kernel with the step by step loop.
    var fusesSteps = true

    /// The input projection, handed over to be the cell's pre-activations: step t's row is
    /// read before it is written, so the two share one T × G·H buffer instead of filling a
    /// second (a tenth of a small LSTM's forward pass was spent writing and reading it).
    mutating func takeInputProjection() -> [Double] {
        defer { inputProjection = [] }  // the caller's is then the only reference: written in place
        return inputProjection
    }

    /// The time index processed at position `position` of this direction.
    @inline(__always)
    func time(at position: Int) -> Int { direction == .forward ? position : mask.count - 1 - position }
}

/// What every cell's backward pass over one direction needs.
struct CellBackwardInput {
    /// T × H dL/d(output of this direction) (ignored at masked steps).
    let outputGradient: [Double]
    /// dL/dh_n of this direction (H values).
    let finalHiddenGradient: [Double]
    /// dL/dc_n (LSTM; H values, empty otherwise).
    let finalCellGradient: [Double]
    /// W_hh, G·H × H.
    let recurrentWeight: [Double]
    /// A copy on a cache line of a large W_hh, which the forward pass made and the network
    /// keeps (``RecurrentNetwork/keptRecurrentOperand(at:)``), or nil.
    var keptRecurrentWeight: AlignedValues? = nil
    /// Window length k of truncated BPTT, or `nil` for full BPTT.
    let truncation: Int?
    /// Whether to compute ‖∂h_t/∂h_{t−1}‖₂ at each step.
    let stepJacobianNorms: Bool
    /// Whether to add `dW_hh` and `db_hh` after the time loop.
    var parameterGradients = true
    /// Asked before every 8th step (see ``stopsBefore(done:_:)``).
    var shouldStop: ShouldStop? = nil

    /// Whether the gradient into the previous state is cut after the step at `position`
    /// (the first step of a window other than the first), in processing order.
    @inline(__always)
    func cutsBefore(position: Int) -> Bool {
        guard let k = truncation, k > 0 else { return false }
        return position > 0 && position % k == 0
    }
}

/// What a cell's backward pass returns besides the trace and recurrent-weight gradients.
struct CellBackwardResult {
    /// dL/dh_0.
    var initialHiddenGradient: [Double]
    /// dL/dc_0 (LSTM; empty otherwise).
    var initialCellGradient: [Double]
}

/// Whether a time loop that has done `done` steps of a direction gives up before the next:
/// `shouldStop` is asked before every 8th step, so a stop is seen within 8 steps however large
/// the network, and a pass nobody can stop pays one comparison a step.
@inline(__always)
func stopsBefore(done: Int, _ shouldStop: ShouldStop?) -> Bool {
    guard let shouldStop, done > 0, done & 7 == 0 else { return false }
    return shouldStop()
}

/// `count` doubles to be written in full before they are read, left unset: a time loop
/// fills every row of its trace, and setting them to zero first took 6 % of a forward pass
/// over 100 steps of a small LSTM.
func unsetValues(count: Int) -> [Double] {
    [Double](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}

/// Row t: the hidden state step t read, h_{t−1} in the direction's processing order (h_0 for
/// its first step); T × H. The rows of the sum `dW_hh = Σ_t da_t h_{t−1}ᵀ`.
func previousHiddenStates(_ trace: DirectionTrace) -> [Double] {
    let hiddenCount = trace.hiddenSize, steps = trace.steps
    guard steps > 0, hiddenCount > 0 else { return [] }
    // Forward: row t is h_{t−1} (h_0 first), the hidden states shifted down one row.
    // Reverse: row t is h_{t+1} (h_0 last), shifted up one row.
    let forward = trace.direction == .forward
    let shifted = (steps - 1) * hiddenCount
    return [Double](unsafeUninitializedCapacity: steps * hiddenCount) { previous, initialized in
        let out = previous.baseAddress!
        trace.hiddenState.values.withUnsafeBufferPointer { hidden in
            (forward ? out + hiddenCount : out).initialize(from: forward ? hidden.baseAddress! : hidden.baseAddress! + hiddenCount, count: shifted)
        }
        trace.initialHidden.withUnsafeBufferPointer { h0 in
            (forward ? out : out + shifted).initialize(from: h0.baseAddress!, count: hiddenCount)
        }
        initialized = steps * hiddenCount
    }
}

/// After the time loop: `dW_hh += Σ_t da_t h_{t−1}ᵀ` as one product (T rank-one updates of
/// `dW_hh` would read and write all of it T times) and `db_hh += Σ_t da_t`.
///
/// - Parameters:
///   - gradient: T × G·H, row t = d(W_hh h_{t−1} + b_hh) (zero rows at masked steps).
///   - previous: T × H from ``previousHiddenStates(_:)``.
func accumulateRecurrentGradients(
    _ gradient: [Double], previous: [Double], steps: Int, width: Int, hiddenCount: Int,
    weightGradient: inout [Double], biasGradient: inout [Double]
) {
    guard steps > 0 else { return }
    gradient.withUnsafeBufferPointer { da in
        previous.withUnsafeBufferPointer { h in
            weightGradient.withUnsafeMutableBufferPointer { dW in
                Kernels.addTransposedProduct(da.baseAddress!, h.baseAddress!, inner: steps, rows: width, columns: hiddenCount,
                                             into: dW.baseAddress!)
            }
        }
        biasGradient.withUnsafeMutableBufferPointer { db in
            for t in 0..<steps {
                for j in 0..<width { db[j] += da[t * width + j] }
            }
        }
    }
}

/// Whether the step at `position` of a time loop reads `W_hh` (of `weightEntries` doubles)
/// from its end: every other step does when `W_hh` is larger than 1 MB, else none.
///
/// A matrix a little larger than the cache, read in one direction every step, misses it
/// throughout (each line is evicted just before it is needed again); alternating, each step
/// starts on the rows the last one read, still in cache. A 768 × 256 GRU `W_hh` (1.5 MB)
/// took 14 µs a product alternating and 17 µs not, with a 1 MB second-level cache. A matrix
/// that fits is read fastest in one direction: a 512 × 128 LSTM `W_hh` (512 KB) took 2.7 µs
/// a product so and 3.7 µs alternating. The bound is a size, not this machine's cache, so
/// that every machine sums in the same order (a transposed product read from the end sums
/// its rows from the end, which can change the last bit).
@inline(__always)
func walksBackward(at position: Int, weightEntries: Int) -> Bool {
    weightEntries > 131_072 && position & 1 == 1
}

/// Whether a recurrent weight of `entries` doubles is small enough to keep a second copy of
/// in cache (at most 16,384 entries, 128 KB).
@inline(__always)
func isSmallRecurrentWeight(entries: Int) -> Bool { entries <= 16_384 }

/// Runs `body` with what a forward time loop multiplies by: `W_hh` (`rows × H`) and, when
/// `W_hh` is small, `W_hhᵀ` (`H × rows`) in cache-line-aligned memory, else an empty buffer
/// in its place. See ``recurrentProduct(_:transposed:rows:hiddenCount:_:plus:_:into:descending:lanes:)``.
/// `kept` is what the network keeps in `W_hh`'s place (``RecurrentNetwork/keptRecurrentOperand(at:)``):
/// `W_hhᵀ` of a small one, `W_hh` on a cache line of a large one; without it each is made
/// for this pass. A large `W_hh` comes as ``withRecurrentWeight(_:kept:_:)`` gives it.
func withRecurrentOperands<Result>(
    _ weight: UnsafeBufferPointer<Double>, rows: Int, hiddenCount: Int, kept: AlignedValues? = nil,
    _ body: (_ weight: UnsafeBufferPointer<Double>, _ transposed: UnsafeBufferPointer<Double>) -> Result
) -> Result {
    guard isSmallRecurrentWeight(entries: rows * hiddenCount), rows * hiddenCount > 0 else {
        return withRecurrentWeight(weight, kept: kept) { body($0, UnsafeBufferPointer(start: nil, count: 0)) }
    }
    if let kept {
        return withExtendedLifetime(kept) { body(weight, kept.values) }
    }
    return Kernels.withAlignedCopy(count: rows * hiddenCount, fill: {
        Kernels.transpose(weight.baseAddress!, rows: rows, columns: hiddenCount, into: $0)
    }) { body(weight, $0) }
}

/// Runs `body` with `W_hh` starting on a cache-line boundary: in place when it already does,
/// else a copy. The time loops read all of `W_hh` once per step, four doubles at a time, and
/// an array's elements start only 16 bytes aligned, so that half of those loads would
/// straddle two cache lines (see ``Kernels/withAlignedCopy(count:fill:_:)``). A 512 × 128
/// `W_hh` read from the second-level cache took 4.3 µs a product in place and 3.0 µs aligned,
/// and its copy costs about as much as one product. `kept` is such a copy that the network
/// keeps, made by an earlier pass.
func withRecurrentWeight<Result>(
    _ weight: UnsafeBufferPointer<Double>, kept: AlignedValues? = nil, _ body: (UnsafeBufferPointer<Double>) -> Result
) -> Result {
    if let kept, kept.values.count == weight.count { return withExtendedLifetime(kept) { body(kept.values) } }
    guard let base = weight.baseAddress, Int(bitPattern: base) % 64 != 0 else { return body(weight) }
    return Kernels.withAlignedCopy(count: weight.count, fill: { $0.initialize(from: base, count: weight.count) }, body)
}

/// `y = u + v + W_hh h` for one step (`v` optional), W_hh being `rows × H`; `y` may be `u`.
///
/// With a small `W_hhᵀ` at hand the product is a sum of H scaled rows of `W_hhᵀ`, every
/// gate's sum held in registers and started from `u + v`
/// (``Kernels/gemvTransposed(_:rows:columns:_:into:startingFrom:descending:)``); at small H
/// that beats `rows` dot products of length H, which are mostly horizontal sums. A large
/// `W_hh` is used as it is, so that forward and backward (which reads `W_hh` for
/// `W_hhᵀ da`) share one copy in cache. Time loops pass `descending` as
/// ``walksBackward(at:weightEntries:)`` says.
@inline(__always)
func recurrentProduct(
    _ weight: UnsafeBufferPointer<Double>, transposed: UnsafeBufferPointer<Double>, rows: Int, hiddenCount: Int,
    _ h: UnsafePointer<Double>, plus u: UnsafePointer<Double>, _ v: UnsafePointer<Double>?, into y: UnsafeMutablePointer<Double>,
    descending: Bool, lanes: LaneWidth = .current
) {
    if !transposed.isEmpty {
        Kernels.gemvTransposed(transposed.baseAddress!, rows: hiddenCount, columns: rows, h, into: y, startingFrom: .sum(u, v),
                               descending: descending, lanes: lanes)
    } else {
        if let v {
            for j in 0..<rows { y[j] = u[j] + v[j] }
        } else if u != y {
            y.update(from: u, count: rows)
        }
        Kernels.gemv(weight.baseAddress!, rows: rows, columns: hiddenCount, h, into: y, descending: descending, lanes: lanes)
    }
}
