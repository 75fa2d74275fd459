#if arch(x86_64)
extension WideKernels {
    /// `y[i] += A[i, :] · x` for every row of a row-major `rows × columns` matrix, one row
    /// after another (from the last when `descending`).
    ///
    /// Row `i`'s lane `k` sums the columns `8m + k` in order, which is what the four-lane
    /// kernel's two partial sums hold (lanes 0–3 the first, 4–7 the second); the two halves
    /// are then added up as that kernel adds its two (`(a + b).sum()`), and the columns past
    /// the last multiple of eight one by one.
    ///
    /// One row at a time reads the matrix from start to end in one run, which the caches
    /// deliver fastest: a 512 × 128 matrix in the second-level cache took 2.7 µs a product
    /// so, and 4.7 µs four rows at a time (four runs 1 KB apart), though each row's sum is
    /// then a chain of dependent multiply–adds (the processor overlaps the next rows' chains).
    public static func addRowProducts(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int, _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>,
        descending: Bool
    ) {
        let blocked = columns & ~7
        func addRow(_ i: Int) {
            let row = a + i * columns
            var lanes = SIMD8<Double>()
            var j = 0
            while j < blocked {
                lanes = multiplyAdd(load(row + j), load(x + j), lanes)
                j += 8
            }
            var sum = (lanes.lowHalf + lanes.highHalf).sum()
            while j < columns { sum += row[j] * x[j]; j += 1 }
            y[i] += sum
        }
        if descending {
            for i in stride(from: rows - 1, through: 0, by: -1) { addRow(i) }
        } else {
            for i in 0..<rows { addRow(i) }
        }
    }

    /// `y[j] = start_j + Σ_i x_i A[i, j]` for the columns `0..<stripedColumns` (a multiple of
    /// 32) of a row-major `rows × columns` matrix, where `start` is `y` itself when `u` is nil,
    /// else `u` (plus `v`).
    ///
    /// Stripes of 128 columns (sixteen registers), then 64 and 32, keep their sums in
    /// registers while every row adds its scaled stripe; each `y_j` is summed over `i` in
    /// order, or from the last row to the first when `descending` (then the stripes too go
    /// from last to first), exactly as the four-lane kernel's stripes of 32 sum it.
    public static func addTransposedStripes(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int, stripedColumns: Int,
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>,
        startingFrom u: UnsafePointer<Double>?, plus v: UnsafePointer<Double>?, descending: Bool
    ) {
        // stripe s: the 128-wide ones, then one of 64 and one of 32 for what is left
        let wide = stripedColumns / 128, rest = stripedColumns % 128
        let count = wide + rest / 64 + (rest % 64) / 32
        func stripe(_ s: Int) -> (column: Int, width: Int) {
            if s < wide { return (128 * s, 128) }
            if s == wide, rest >= 64 { return (128 * wide, 64) }
            return (stripedColumns - 32, 32)
        }
        for n in 0..<count {
            let stripe = stripe(descending ? count - 1 - n : n)
            let first = descending ? a + (rows - 1) * columns + stripe.column : a + stripe.column
            let step = descending ? -columns : columns
            let xStart = descending ? x + rows - 1 : x, xStep = descending ? -1 : 1
            let out = y + stripe.column
            let (u, v) = (u.map { $0 + stripe.column }, v.map { $0 + stripe.column })
            switch stripe.width {
            case 128:
                var low = EightRegisters(start: out, u, v), high = EightRegisters(start: out + 64, u.map { $0 + 64 }, v.map { $0 + 64 })
                var row = first, xi = xStart
                for _ in 0..<rows {
                    let scale = SIMD8<Double>(repeating: xi.pointee)
                    low.add(scale, row); high.add(scale, row + 64)
                    row += step; xi += xStep
                }
                low.store(out); high.store(out + 64)
            case 64:
                var sums = EightRegisters(start: out, u, v)
                var row = first, xi = xStart
                for _ in 0..<rows {
                    sums.add(SIMD8(repeating: xi.pointee), row)
                    row += step; xi += xStep
                }
                sums.store(out)
            default:
                var y0 = start(out, u, v, 0), y1 = start(out, u, v, 8), y2 = start(out, u, v, 16), y3 = start(out, u, v, 24)
                var row = first, xi = xStart
                for _ in 0..<rows {
                    let scale = SIMD8<Double>(repeating: xi.pointee)
                    y0 = multiplyAdd(scale, load(row), y0); y1 = multiplyAdd(scale, load(row + 8), y1)
                    y2 = multiplyAdd(scale, load(row + 16), y2); y3 = multiplyAdd(scale, load(row + 24), y3)
                    row += step; xi += xStep
                }
                store(y0, out); store(y1, out + 8); store(y2, out + 16); store(y3, out + 24)
            }
        }
    }

    /// `y = start + Aᵀ x` and `y2 = start + Aᵀ x2` for the columns `0..<blockedColumns` (a
    /// multiple of 16), each row of `A` loaded once for both; every entry summed over the
    /// rows in order, as the four-lane kernel's blocks of 16 sum it.
    public static func addTransposedPairBlocks(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int, blockedColumns: Int,
        _ x: UnsafePointer<Double>, _ x2: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, _ y2: UnsafeMutablePointer<Double>,
        startingFrom u: UnsafePointer<Double>?, plus v: UnsafePointer<Double>?
    ) {
        var j = 0
        while j + 32 <= blockedColumns {
            var y0 = start(y, u, v, j), y1 = start(y, u, v, j + 8), y2a = start(y, u, v, j + 16), y3 = start(y, u, v, j + 24)
            var z0 = start(y2, u, v, j), z1 = start(y2, u, v, j + 8), z2 = start(y2, u, v, j + 16), z3 = start(y2, u, v, j + 24)
            var row = a + j
            for k in 0..<rows {
                let xk = SIMD8<Double>(repeating: x[k]), wk = SIMD8<Double>(repeating: x2[k])
                let a0 = load(row), a1 = load(row + 8), a2 = load(row + 16), a3 = load(row + 24)
                y0 = multiplyAdd(xk, a0, y0); z0 = multiplyAdd(wk, a0, z0)
                y1 = multiplyAdd(xk, a1, y1); z1 = multiplyAdd(wk, a1, z1)
                y2a = multiplyAdd(xk, a2, y2a); z2 = multiplyAdd(wk, a2, z2)
                y3 = multiplyAdd(xk, a3, y3); z3 = multiplyAdd(wk, a3, z3)
                row += columns
            }
            store(y0, y + j); store(y1, y + j + 8); store(y2a, y + j + 16); store(y3, y + j + 24)
            store(z0, y2 + j); store(z1, y2 + j + 8); store(z2, y2 + j + 16); store(z3, y2 + j + 24)
            j += 32
        }
        if j < blockedColumns {  // one block of 16 left
            var y0 = start(y, u, v, j), y1 = start(y, u, v, j + 8), z0 = start(y2, u, v, j), z1 = start(y2, u, v, j + 8)
            var row = a + j
            for k in 0..<rows {
                let xk = SIMD8<Double>(repeating: x[k]), wk = SIMD8<Double>(repeating: x2[k])
                let a0 = load(row), a1 = load(row + 8)
                y0 = multiplyAdd(xk, a0, y0); z0 = multiplyAdd(wk, a0, z0)
                y1 = multiplyAdd(xk, a1, y1); z1 = multiplyAdd(wk, a1, z1)
                row += columns
            }
            store(y0, y + j); store(y1, y + j + 8); store(z0, y2 + j); store(z1, y2 + j + 8)
        }
    }
}

/// Sixty-four sums in eight registers: a stripe of a transposed product.
struct EightRegisters {
    var r0, r1, r2, r3, r4, r5, r6, r7: SIMD8<Double>

    /// The sums' starting values at `y[0..<64]` (see ``WideKernels/start(_:_:_:_:)``).
    @inline(__always)
    init(start y: UnsafeMutablePointer<Double>, _ u: UnsafePointer<Double>?, _ v: UnsafePointer<Double>?) {
        r0 = WideKernels.start(y, u, v, 0); r1 = WideKernels.start(y, u, v, 8)
        r2 = WideKernels.start(y, u, v, 16); r3 = WideKernels.start(y, u, v, 24)
        r4 = WideKernels.start(y, u, v, 32); r5 = WideKernels.start(y, u, v, 40)
        r6 = WideKernels.start(y, u, v, 48); r7 = WideKernels.start(y, u, v, 56)
    }

    /// Adds `scale · row[0..<64]`, a fused multiply–add per register.
    @inline(__always)
    mutating func add(_ scale: SIMD8<Double>, _ row: UnsafePointer<Double>) {
        r0 = WideKernels.multiplyAdd(scale, WideKernels.load(row), r0); r1 = WideKernels.multiplyAdd(scale, WideKernels.load(row + 8), r1)
        r2 = WideKernels.multiplyAdd(scale, WideKernels.load(row + 16), r2); r3 = WideKernels.multiplyAdd(scale, WideKernels.load(row + 24), r3)
        r4 = WideKernels.multiplyAdd(scale, WideKernels.load(row + 32), r4); r5 = WideKernels.multiplyAdd(scale, WideKernels.load(row + 40), r5)
        r6 = WideKernels.multiplyAdd(scale, WideKernels.load(row + 48), r6); r7 = WideKernels.multiplyAdd(scale, WideKernels.load(row + 56), r7)
    }

    /// Writes the sums to `y[0..<64]`.
    @inline(__always)
    func store(_ y: UnsafeMutablePointer<Double>) {
        WideKernels.store(r0, y); WideKernels.store(r1, y + 8); WideKernels.store(r2, y + 16); WideKernels.store(r3, y + 24)
        WideKernels.store(r4, y + 32); WideKernels.store(r5, y + 40); WideKernels.store(r6, y + 48); WideKernels.store(r7, y + 56)
    }
}
#endif
