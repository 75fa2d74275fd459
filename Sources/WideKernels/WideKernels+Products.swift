#if arch(x86_64)
extension WideKernels {
    /// `y[i] += A[i, :] · x` for every row of a row-major `rows × columns` matrix, two rows
    /// after two (from the last when `descending`).
    ///
    /// Row `i`'s lane `k` sums the columns `8m + k` in order, which is what the four-lane
    /// kernel's two partial sums hold (lanes 0–3 the first, 4–7 the second); the two halves
    /// are then added up as that kernel adds its two (`(a + b).sum()`), and the columns past
    /// the last multiple of eight one by one.
    ///
    /// Two neighbouring rows at a time read the matrix in one run, which the caches deliver
    /// fastest, and give the processor two chains of multiply–adds to overlap: a 512 × 128
    /// matrix in the second-level cache took 3.2 µs a product so, 3.7 µs one row at a time
    /// and 4.7 µs four rows at a time (four runs 1 KB apart).
    public static func addRowProducts(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int, _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>,
        descending: Bool
    ) {
        let blocked = columns & ~7
        func total(_ lanes: SIMD8<Double>, _ row: UnsafePointer<Double>) -> Double {
            var sum = (lanes.lowHalf + lanes.highHalf).sum()
            var j = blocked
            while j < columns { sum += row[j] * x[j]; j += 1 }
            return sum
        }
        func addPair(_ i: Int) {
            let row = a + i * columns, next = row + columns
            var first = SIMD8<Double>(), second = SIMD8<Double>()
            var j = 0
            while j < blocked {
                let xj = load(x + j)
                first = multiplyAdd(load(row + j), xj, first)
                second = multiplyAdd(load(next + j), xj, second)
                j += 8
            }
            y[i] += total(first, row)
            y[i + 1] += total(second, next)
        }
        func addRow(_ i: Int) {
            let row = a + i * columns
            var lanes = SIMD8<Double>()
            var j = 0
            while j < blocked {
                lanes = multiplyAdd(load(row + j), load(x + j), lanes)
                j += 8
            }
            y[i] += total(lanes, row)
        }
        let paired = rows & ~1
        if descending {
            if paired < rows { addRow(rows - 1) }
            for i in stride(from: paired - 2, through: 0, by: -2) { addPair(i) }
        } else {
            for i in stride(from: 0, to: paired, by: 2) { addPair(i) }
            if paired < rows { addRow(rows - 1) }
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

#if arch(x86_64)
extension WideKernels {
    /// `C[r, j] += Σ_p A[p, r] B[p, j]` for the six rows of one block and the columns
    /// `0..<8·panels`, where `panel` holds `A[p, r]` of the block's rows for every `p` (six
    /// apart) and `bPanels` the `panels` panels of `B[p, 8k..<8k+8]` for every `p`; `c` points
    /// at the block's first row, rows `columns` apart.
    ///
    /// Two panels at a time (sixteen columns, a register per row and panel), then the last
    /// one alone; every entry starts from its value in `C` and is summed over `p` in order
    /// with fused multiply–adds, as the four-lane blocks of 6 × 8 sum it.
    public static func addTransposedProductSixRows(
        _ panel: UnsafePointer<Double>, _ bPanels: UnsafePointer<Double>, inner: Int, panels: Int, columns: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        var k = 0
        while k + 2 <= panels {
            let b0 = bPanels + k * inner * 8, b1 = b0 + inner * 8
            let c0 = c + 8 * k, c1 = c0 + columns, c2 = c1 + columns, c3 = c2 + columns, c4 = c3 + columns, c5 = c4 + columns
            var l0 = load(c0), h0 = load(c0 + 8), l1 = load(c1), h1 = load(c1 + 8), l2 = load(c2), h2 = load(c2 + 8)
            var l3 = load(c3), h3 = load(c3 + 8), l4 = load(c4), h4 = load(c4 + 8), l5 = load(c5), h5 = load(c5 + 8)
            for p in 0..<inner {
                let bl = load(b0 + 8 * p), bh = load(b1 + 8 * p), ap = panel + 6 * p
                var x = SIMD8<Double>(repeating: ap[0]); l0 = multiplyAdd(x, bl, l0); h0 = multiplyAdd(x, bh, h0)
                x = SIMD8(repeating: ap[1]); l1 = multiplyAdd(x, bl, l1); h1 = multiplyAdd(x, bh, h1)
                x = SIMD8(repeating: ap[2]); l2 = multiplyAdd(x, bl, l2); h2 = multiplyAdd(x, bh, h2)
                x = SIMD8(repeating: ap[3]); l3 = multiplyAdd(x, bl, l3); h3 = multiplyAdd(x, bh, h3)
                x = SIMD8(repeating: ap[4]); l4 = multiplyAdd(x, bl, l4); h4 = multiplyAdd(x, bh, h4)
                x = SIMD8(repeating: ap[5]); l5 = multiplyAdd(x, bl, l5); h5 = multiplyAdd(x, bh, h5)
            }
            store(l0, c0); store(h0, c0 + 8); store(l1, c1); store(h1, c1 + 8); store(l2, c2); store(h2, c2 + 8)
            store(l3, c3); store(h3, c3 + 8); store(l4, c4); store(h4, c4 + 8); store(l5, c5); store(h5, c5 + 8)
            k += 2
        }
        if k < panels {
            let b0 = bPanels + k * inner * 8
            let c0 = c + 8 * k, c1 = c0 + columns, c2 = c1 + columns, c3 = c2 + columns, c4 = c3 + columns, c5 = c4 + columns
            var l0 = load(c0), l1 = load(c1), l2 = load(c2), l3 = load(c3), l4 = load(c4), l5 = load(c5)
            for p in 0..<inner {
                let bl = load(b0 + 8 * p), ap = panel + 6 * p
                l0 = multiplyAdd(SIMD8(repeating: ap[0]), bl, l0); l1 = multiplyAdd(SIMD8(repeating: ap[1]), bl, l1)
                l2 = multiplyAdd(SIMD8(repeating: ap[2]), bl, l2); l3 = multiplyAdd(SIMD8(repeating: ap[3]), bl, l3)
                l4 = multiplyAdd(SIMD8(repeating: ap[4]), bl, l4); l5 = multiplyAdd(SIMD8(repeating: ap[5]), bl, l5)
            }
            store(l0, c0); store(l1, c1); store(l2, c2); store(l3, c3); store(l4, c4); store(l5, c5)
        }
    }

    /// ``addTransposedProductSixRows(_:_:inner:panels:columns:into:)`` for a block of four rows
    /// (`panel` holding them four apart).
    public static func addTransposedProductFourRows(
        _ panel: UnsafePointer<Double>, _ bPanels: UnsafePointer<Double>, inner: Int, panels: Int, columns: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        var k = 0
        while k + 2 <= panels {
            let b0 = bPanels + k * inner * 8, b1 = b0 + inner * 8
            let c0 = c + 8 * k, c1 = c0 + columns, c2 = c1 + columns, c3 = c2 + columns
            var l0 = load(c0), h0 = load(c0 + 8), l1 = load(c1), h1 = load(c1 + 8)
            var l2 = load(c2), h2 = load(c2 + 8), l3 = load(c3), h3 = load(c3 + 8)
            for p in 0..<inner {
                let bl = load(b0 + 8 * p), bh = load(b1 + 8 * p), ap = panel + 4 * p
                let a0 = SIMD8<Double>(repeating: ap[0]), a1 = SIMD8<Double>(repeating: ap[1])
                let a2 = SIMD8<Double>(repeating: ap[2]), a3 = SIMD8<Double>(repeating: ap[3])
                l0 = multiplyAdd(a0, bl, l0); h0 = multiplyAdd(a0, bh, h0)
                l1 = multiplyAdd(a1, bl, l1); h1 = multiplyAdd(a1, bh, h1)
                l2 = multiplyAdd(a2, bl, l2); h2 = multiplyAdd(a2, bh, h2)
                l3 = multiplyAdd(a3, bl, l3); h3 = multiplyAdd(a3, bh, h3)
            }
            store(l0, c0); store(h0, c0 + 8); store(l1, c1); store(h1, c1 + 8)
            store(l2, c2); store(h2, c2 + 8); store(l3, c3); store(h3, c3 + 8)
            k += 2
        }
        if k < panels {
            let b0 = bPanels + k * inner * 8
            let c0 = c + 8 * k, c1 = c0 + columns, c2 = c1 + columns, c3 = c2 + columns
            var l0 = load(c0), l1 = load(c1), l2 = load(c2), l3 = load(c3)
            for p in 0..<inner {
                let bl = load(b0 + 8 * p), ap = panel + 4 * p
                l0 = multiplyAdd(SIMD8(repeating: ap[0]), bl, l0); l1 = multiplyAdd(SIMD8(repeating: ap[1]), bl, l1)
                l2 = multiplyAdd(SIMD8(repeating: ap[2]), bl, l2); l3 = multiplyAdd(SIMD8(repeating: ap[3]), bl, l3)
            }
            store(l0, c0); store(l1, c1); store(l2, c2); store(l3, c3)
        }
    }
}
#endif
