import Synchronization

/// The copies of a network's weights that its passes multiply by, by parameter position:
/// `W_hhᵀ` of a small recurrent weight (see ``withRecurrentOperands(_:rows:hiddenCount:kept:_:)``),
/// a large recurrent weight on a cache line when its array is not (see
/// ``withRecurrentWeight(_:kept:_:)``), and `W_ihᵀ` for a narrow dense input
/// (``RecurrentNetwork/inputProjection(_:weight:bias:plus:rows:mask:keptTranspose:)``).
/// Each is made by the first pass that needs it and kept for the passes after it, forward
/// and backward, until the parameters change (``RecurrentNetwork/parameters`` then gets a
/// new, empty cache). Transposing a 128 × 32 `W_hh` took 0.8 µs of a 21 µs forward pass
/// over 100 steps, every pass; copying a 512 × 128 one took 4 µs, in its forward and again
/// in its backward pass.
///
/// Copies of a network share its cache until one of them changes its parameters, and
/// passes may run on several threads at once, so the cache is guarded by a lock. It is not
/// part of the network's value: any two caches are equal.
final class KeptWeightCopies: Sendable, Equatable {
    private let copies = Mutex<[Int: AlignedValues]>([:])

    /// The copy kept for the weight at parameter position `index`, made by `make` when
    /// there is none yet.
    func copy(of index: Int, make: () -> AlignedValues) -> AlignedValues {
        copies.withLock { kept in
            if let values = kept[index] { return values }
            let values = make()
            kept[index] = values
            return values
        }
    }

    static func == (lhs: KeptWeightCopies, rhs: KeptWeightCopies) -> Bool { true }
}

/// Doubles in memory that starts on a cache line (see ``Kernels/withAlignedCopy(count:fill:_:)``),
/// written once when made and only read after, so they can be shared between threads.
final class AlignedValues: @unchecked Sendable {
    /// The values.
    let values: UnsafeBufferPointer<Double>

    /// `count` doubles that `fill` writes in full.
    init(count: Int, fill: (UnsafeMutablePointer<Double>) -> Void) {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Double>.stride, alignment: 64)
        let start = storage.bindMemory(to: Double.self, capacity: max(count, 1))
        fill(start)
        values = UnsafeBufferPointer(start: start, count: count)
    }

    /// A copy of `values`.
    convenience init(copying values: [Double]) {
        self.init(count: values.count) { out in
            values.withUnsafeBufferPointer { if let base = $0.baseAddress { out.initialize(from: base, count: values.count) } }
        }
    }

    /// The transpose of a row-major `rows × columns` matrix.
    convenience init(transposing matrix: [Double], rows: Int, columns: Int) {
        precondition(matrix.count == rows * columns, "a \(rows) × \(columns) matrix has \(rows * columns) entries, not \(matrix.count)")
        self.init(count: rows * columns) { out in
            matrix.withUnsafeBufferPointer { Kernels.transpose($0.baseAddress ?? UnsafePointer(out), rows: rows, columns: columns, into: out) }
        }
    }

    deinit { UnsafeMutableRawPointer(mutating: values.baseAddress!).deallocate() }
}
