#if arch(x86_64)
import _Builtin_intrinsics.intel
import WideKernels
#endif

/// The few dense kernels every cell's forward and backward pass is built from.
///
/// They read and write through unsafe buffer pointers so that the time loops allocate
/// nothing per element. Each accumulates into its output (`+=`), which is what both the
/// forward pre-activations and the backward gradient sums need.
public enum Kernels {
    /// `y += A x` for a row-major `rows × columns` matrix `A`.
    ///
    /// Four rows at a time share each load of `x`; each row keeps two SIMD partial sums
    /// (columns `j..<j+4` and `j+4..<j+8` of every block of eight) so the additions run in
    /// parallel, then adds them up, then the leftover columns one by one. Every row is summed
    /// in the same order whichever group of four it falls in.
    ///
    /// `descending` walks the rows from last to first (the sums are the same). A time loop
    /// that alternates the direction step by step starts each product on the rows the
    /// previous one touched last, which are still in cache: a matrix a little larger than
    /// the cache then mostly hits it instead of always missing (an LRU cache swept in one
    /// direction evicts each line just before it is needed again).
    ///
    /// With eight lanes (``LaneWidth``) `WideKernels` takes every row, two neighbours at a time,
    /// and sums each the same way.
    public static func gemv(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, descending: Bool = false,
        lanes: LaneWidth = .current
    ) {
        #if arch(x86_64)
        if lanes == .eight {
            WideKernels.addRowProducts(a, rows: rows, columns: columns, x, into: y, descending: descending)
            return
        }
        #endif
        let grouped = rows & ~3
        func groupOfFour(_ i: Int) {
            let sums = dotFourRows(a + i * columns, columns: columns, x)
            y[i] += sums.0; y[i + 1] += sums.1; y[i + 2] += sums.2; y[i + 3] += sums.3
        }
        if descending {
            for i in stride(from: rows - 1, through: grouped, by: -1) { y[i] += dotRow(a + i * columns, columns: columns, x) }
            for i in stride(from: grouped - 4, through: 0, by: -4) { groupOfFour(i) }
        } else {
            for i in stride(from: 0, to: grouped, by: 4) { groupOfFour(i) }
            for i in grouped..<rows { y[i] += dotRow(a + i * columns, columns: columns, x) }
        }
    }

    /// `(A₀·x, A₁·x, A₂·x, A₃·x)` for the four rows starting at `row0`, each summed like ``dotRow(_:columns:_:)``.
    @inline(__always)
    static func dotFourRows(
        _ row0: UnsafePointer<Double>, columns: Int, _ x: UnsafePointer<Double>
    ) -> (Double, Double, Double, Double) {
        let row1 = row0 + columns, row2 = row1 + columns, row3 = row2 + columns
        var a0 = SIMD4<Double>(), b0 = SIMD4<Double>(), a1 = SIMD4<Double>(), b1 = SIMD4<Double>()
        var a2 = SIMD4<Double>(), b2 = SIMD4<Double>(), a3 = SIMD4<Double>(), b3 = SIMD4<Double>()
        let blocked = columns & ~7
        var j = 0
        while j < blocked {
            let xa = load(x + j), xb = load(x + j + 4)
            a0 = multiplyAdd(load(row0 + j), xa, a0); b0 = multiplyAdd(load(row0 + j + 4), xb, b0)
            a1 = multiplyAdd(load(row1 + j), xa, a1); b1 = multiplyAdd(load(row1 + j + 4), xb, b1)
            a2 = multiplyAdd(load(row2 + j), xa, a2); b2 = multiplyAdd(load(row2 + j + 4), xb, b2)
            a3 = multiplyAdd(load(row3 + j), xa, a3); b3 = multiplyAdd(load(row3 + j + 4), xb, b3)
            j += 8
        }
        var s0 = (a0 + b0).sum(), s1 = (a1 + b1).sum(), s2 = (a2 + b2).sum(), s3 = (a3 + b3).sum()
        while j < columns {
            s0 += row0[j] * x[j]; s1 += row1[j] * x[j]; s2 += row2[j] * x[j]; s3 += row3[j] * x[j]
            j += 1
        }
        return (s0, s1, s2, s3)
    }

    /// `Σ_j row[j] x[j]` with two SIMD partial sums over blocks of eight, then the leftovers.
    @inline(__always)
    static func dotRow(_ row: UnsafePointer<Double>, columns: Int, _ x: UnsafePointer<Double>) -> Double {
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        let blocked = columns & ~7
        var j = 0
        while j < blocked {
            s0 = multiplyAdd(load(row + j), load(x + j), s0)
            s1 = multiplyAdd(load(row + j + 4), load(x + j + 4), s1)
            j += 8
        }
        var sum = (s0 + s1).sum()
        while j < columns { sum += row[j] * x[j]; j += 1 }
        return sum
    }

    /// √v lane by lane, as one instruction: the standard library's `SIMD4.squareRoot()` takes
    /// the lanes one at a time through a checked scalar square root.
    @inline(__always)
    static func squareRoot(_ v: SIMD4<Double>) -> SIMD4<Double> {
        #if arch(x86_64)
        return _mm256_sqrt_pd(v)  // the engine is compiled for x86-64-v3 (Package.swift)
        #else
        return v.squareRoot()
        #endif
    }

    /// `a · b + c` lane by lane with one rounding (a fused multiply–add instruction; the
    /// standard library's `addingProduct` on SIMD4 goes lane by lane).
    @inline(__always)
    static func multiplyAdd(_ a: SIMD4<Double>, _ b: SIMD4<Double>, _ c: SIMD4<Double>) -> SIMD4<Double> {
        #if arch(x86_64)
        return _mm256_fmadd_pd(a, b, c)
        #else
        return a * b + c
        #endif
    }

    /// a · b − c lane by lane, rounded once.
    @inline(__always)
    static func multiplySubtract(_ a: SIMD4<Double>, _ b: SIMD4<Double>, _ c: SIMD4<Double>) -> SIMD4<Double> {
        #if arch(x86_64)
        return _mm256_fmsub_pd(a, b, c)
        #else
        return a * b - c
        #endif
    }

    /// a / b lane by lane. Through the generic SIMD operator the compiler has split a
    /// division into scalar lanes, which made tanh several times slower.
    @inline(__always)
    static func divide(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        #if arch(x86_64)
        return _mm256_div_pd(a, b)
        #else
        return a / b
        #endif
    }

    /// Four doubles from any address.
    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Double>.self)
    }

    /// Stores four doubles at any address.
    @inline(__always)
    static func store(_ v: SIMD4<Double>, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Double>.self)
    }

    /// `y += A x` on arrays.
    @inlinable
    public static func gemv(_ a: [Double], rows: Int, columns: Int, _ x: [Double], into y: inout [Double]) {
        a.withUnsafeBufferPointer { a in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { y in
                    gemv(a.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: y.baseAddress!)
                }
            }
        }
    }

    /// The value the sums of a product start from: what `y` holds (`y += Aᵀ x`), or `u + v`
    /// (`y = u + v + Aᵀ x`), added as a pass `y = u + v` before it would add them, so that
    /// bias and input terms need no pass of their own.
    public enum ProductStart {
        /// `y`'s own values.
        case output
        /// `u[j]`, plus `v[j]` when given.
        case sum(UnsafePointer<Double>, UnsafePointer<Double>?)

        /// Entries `j..<j+4` of the start.
        @inline(__always)
        func load(_ y: UnsafeMutablePointer<Double>, _ j: Int) -> SIMD4<Double> {
            switch self {
            case .output: return Kernels.load(y + j)
            case .sum(let u, nil): return Kernels.load(u + j)
            case .sum(let u, let v?): return Kernels.load(u + j) + Kernels.load(v + j)
            }
        }

        /// `u` and `v`, or neither for `y`'s own values.
        var pointers: (u: UnsafePointer<Double>?, v: UnsafePointer<Double>?) {
            switch self {
            case .output: return (nil, nil)
            case .sum(let u, let v): return (u, v)
            }
        }

        /// Entry `j` of the start.
        @inline(__always)
        func value(_ y: UnsafeMutablePointer<Double>, _ j: Int) -> Double {
            switch self {
            case .output: return y[j]
            case .sum(let u, nil): return u[j]
            case .sum(let u, let v?): return u[j] + v[j]
            }
        }
    }

    /// `y = start + Aᵀ x` for a row-major `rows × columns` matrix `A` (`x` has `rows`, `y` has
    /// `columns` entries); by default `start` is `y` itself, `y += Aᵀ x`.
    ///
    /// `y += Σ_i x_i A[i, :]`: a stripe of 32 entries of `y` stays in registers while every
    /// row adds its scaled stripe, so `y` is loaded and stored once and `A` is read once.
    /// Each `y_j` is summed over `i` in order, exactly as one row at a time would.
    ///
    /// `descending` reads `A` in reverse: stripes from last to first and, in a stripe of 32,
    /// rows from last to first (see ``gemv(_:rows:columns:_:into:descending:)`` for why; the
    /// few columns past the last stripe are taken in reverse but keep their row order).
    /// A stripe's `y_j` are then summed over `i` from the end, so they may differ from the
    /// ascending sums in the last bit.
    ///
    /// With eight lanes (``LaneWidth``) the stripes go to `WideKernels`, in stripes of up to
    /// 128 entries summed the same way: a 128-column matrix is then read from start to end in
    /// one run, which the caches deliver about twice as fast as four interleaved ones.
    public static func gemvTransposed(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, startingFrom start: ProductStart = .output,
        descending: Bool = false, lanes: LaneWidth = .current
    ) {
        let stripes = columns / 32, quadEnd = columns & ~3
        func addStripes() {
            #if arch(x86_64)
            if lanes == .eight {
                WideKernels.addTransposedStripes(a, rows: rows, columns: columns, stripedColumns: 32 * stripes, x, into: y,
                                                 startingFrom: start.pointers.u, plus: start.pointers.v, descending: descending)
                return
            }
            #endif
            if descending {
                for j in stride(from: 32 * (stripes - 1), through: 0, by: -32) {
                    addTransposedStripe(a, rows: rows, columns: columns, x, y, start, j, descending: true)
                }
            } else {
                for j in stride(from: 0, to: 32 * stripes, by: 32) { addTransposedStripe(a, rows: rows, columns: columns, x, y, start, j) }
            }
        }
        if descending {
            for j in stride(from: columns - 1, through: quadEnd, by: -1) { addTransposedColumn(a, rows: rows, columns: columns, x, y, start, j) }
            for j in stride(from: quadEnd - 4, through: 32 * stripes, by: -4) { addTransposedQuad(a, rows: rows, columns: columns, x, y, start, j) }
            addStripes()
        } else {
            addStripes()
            for j in stride(from: 32 * stripes, to: quadEnd, by: 4) { addTransposedQuad(a, rows: rows, columns: columns, x, y, start, j) }
            for j in quadEnd..<columns { addTransposedColumn(a, rows: rows, columns: columns, x, y, start, j) }
        }
    }

    /// ``gemvTransposed(_:rows:columns:_:into:startingFrom:descending:)`` (ascending) for two
    /// vectors at once, `y = start + Aᵀ x` and `y2 = start + Aᵀ x2`, with the same sums bit for
    /// bit: blocks of 16 entries of both results stay in eight registers while every row of
    /// `A` is loaded once for the two. A narrow input's projection (8 × 128 for an LSTM on
    /// 8 features) is a short chain of multiply–adds per entry, and sharing each load between
    /// two steps took a quarter off it.
    public static func gemvTransposedPair(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, _ x2: UnsafePointer<Double>, into y: UnsafeMutablePointer<Double>, _ y2: UnsafeMutablePointer<Double>,
        startingFrom start: ProductStart = .output, lanes: LaneWidth = .current
    ) {
        let blockEnd = columns & ~15, quadEnd = columns & ~3
        func addBlocks() {
            #if arch(x86_64)
            if lanes == .eight {
                WideKernels.addTransposedPairBlocks(a, rows: rows, columns: columns, blockedColumns: blockEnd, x, x2, into: y, y2,
                                                    startingFrom: start.pointers.u, plus: start.pointers.v)
                return
            }
            #endif
            for j in stride(from: 0, to: blockEnd, by: 16) {
                var y0 = start.load(y, j), y1 = start.load(y, j + 4), y2a = start.load(y, j + 8), y3 = start.load(y, j + 12)
                var z0 = start.load(y2, j), z1 = start.load(y2, j + 4), z2 = start.load(y2, j + 8), z3 = start.load(y2, j + 12)
                var row = a + j
                for k in 0..<rows {
                    let xi = SIMD4<Double>(repeating: x[k]), wi = SIMD4<Double>(repeating: x2[k])
                    let a0 = load(row), a1 = load(row + 4), a2 = load(row + 8), a3 = load(row + 12)
                    y0 = multiplyAdd(xi, a0, y0); z0 = multiplyAdd(wi, a0, z0)
                    y1 = multiplyAdd(xi, a1, y1); z1 = multiplyAdd(wi, a1, z1)
                    y2a = multiplyAdd(xi, a2, y2a); z2 = multiplyAdd(wi, a2, z2)
                    y3 = multiplyAdd(xi, a3, y3); z3 = multiplyAdd(wi, a3, z3)
                    row += columns
                }
                store(y0, y + j); store(y1, y + j + 4); store(y2a, y + j + 8); store(y3, y + j + 12)
                store(z0, y2 + j); store(z1, y2 + j + 4); store(z2, y2 + j + 8); store(z3, y2 + j + 12)
            }
        }
        addBlocks()
        // the columns past the last block, one vector at a time as gemvTransposed takes them
        func rest(_ input: UnsafePointer<Double>, _ output: UnsafeMutablePointer<Double>) {
            for j in stride(from: blockEnd, to: quadEnd, by: 4) { addTransposedQuad(a, rows: rows, columns: columns, input, output, start, j) }
            for j in quadEnd..<columns { addTransposedColumn(a, rows: rows, columns: columns, input, output, start, j) }
        }
        rest(x, y)
        rest(x2, y2)
    }

    /// `y[j..<j+32] = start[j..<j+32] + Σ_i x_i A[i, j..<j+32]`, the 32 sums in eight
    /// registers, `i` running up or (`descending`) down; every step is one fused multiply–add
    /// per register.
    @inline(__always)
    static func addTransposedStripe(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ start: ProductStart, _ j: Int, descending: Bool = false
    ) {
        var y0 = start.load(y, j), y1 = start.load(y, j + 4), y2 = start.load(y, j + 8), y3 = start.load(y, j + 12)
        var y4 = start.load(y, j + 16), y5 = start.load(y, j + 20), y6 = start.load(y, j + 24), y7 = start.load(y, j + 28)
        let step = descending ? -columns : columns
        var row = descending ? a + (rows - 1) * columns + j : a + j
        for k in 0..<rows {
            let xi = SIMD4<Double>(repeating: x[descending ? rows - 1 - k : k])
            y0 = multiplyAdd(xi, load(row), y0); y1 = multiplyAdd(xi, load(row + 4), y1)
            y2 = multiplyAdd(xi, load(row + 8), y2); y3 = multiplyAdd(xi, load(row + 12), y3)
            y4 = multiplyAdd(xi, load(row + 16), y4); y5 = multiplyAdd(xi, load(row + 20), y5)
            y6 = multiplyAdd(xi, load(row + 24), y6); y7 = multiplyAdd(xi, load(row + 28), y7)
            row += step
        }
        store(y0, y + j); store(y1, y + j + 4); store(y2, y + j + 8); store(y3, y + j + 12)
        store(y4, y + j + 16); store(y5, y + j + 20); store(y6, y + j + 24); store(y7, y + j + 28)
    }

    /// `y[j..<j+4] = start[j..<j+4] + Σ_i x_i A[i, j..<j+4]`.
    @inline(__always)
    static func addTransposedQuad(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ start: ProductStart, _ j: Int
    ) {
        var y0 = start.load(y, j)
        for i in 0..<rows { y0 = multiplyAdd(SIMD4(repeating: x[i]), load(a + i * columns + j), y0) }
        store(y0, y + j)
    }

    /// `y[j] = start[j] + Σ_i x_i A[i, j]`.
    @inline(__always)
    static func addTransposedColumn(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int,
        _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ start: ProductStart, _ j: Int
    ) {
        var sum = start.value(y, j)
        for i in 0..<rows { sum += x[i] * a[i * columns + j] }
        y[j] = sum
    }

    /// `C += Aᵀ B` for row-major `A` (`inner × rows`), `B` (`inner × columns`) and `C`
    /// (`rows × columns`): a sum of `inner` outer products `A[p, :]ᵀ B[p, :]` done at once.
    ///
    /// This is how a weight gradient over a whole sequence is formed after the time loop,
    /// `dW += Σ_t da_t x_tᵀ` with the `da_t` as the rows of `A` and the `x_t` as the rows
    /// of `B`, so that `dW` is read and written once instead of once per step. Blocks of
    /// 6 × 8 or 4 × 8 entries of `C` stay in registers while `p` runs; every entry is summed
    /// over `p` in order, starting from its value in `C`, with fused multiply–adds (entries
    /// outside the blocks, in the rows and columns past the last multiples of four and eight,
    /// with a rounded product and an addition).
    ///
    /// With eight lanes (``LaneWidth``) `WideKernels` takes the blocks, sixteen columns at a
    /// time, each entry summed the same way.
    static func addTransposedProduct(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, inner: Int, rows: Int, columns: Int,
        into c: UnsafeMutablePointer<Double>, lanes: LaneWidth = .current
    ) {
        if columns < 8 {
            addTransposedProductNarrow(a, b, inner: inner, rows: rows, columns: columns, into: c)
            return
        }
        // Blocks of six rows (twelve sums in registers hide the latency of a fused multiply–add
        // better than eight) and four, covering the rows up to the last multiple of four; the
        // rest go entry by entry. Every entry in a block is summed the same way whichever block
        // it is in, so the choice of blocks changes no bit.
        let blocked = rows & ~3, sixRowBlocks = 2 * (blocked / 12)  // what is left of `blocked` is a multiple of four
        // A[p, i..<i+6] of every p, copied together: read in place they sit `rows` doubles
        // apart (4 KB for 512 rows), all in one set of the first-level cache. B likewise, in
        // panels of eight columns, B[p, j..<j+8] of every p together: in place, a product of
        // 1024 × 1024 matrices read each of B's rows from another page, and spent most of its
        // time on address translation (a spectral radius at H = 1024 takes 40 such products).
        let panels = columns / 8
        var packed = [Double](repeating: 0, count: 6 * inner), packedB = [Double](repeating: 0, count: 8 * inner * panels)
        packedB.withUnsafeMutableBufferPointer { packedB in
            let bPanels = packedB.baseAddress!
            for k in 0..<panels {
                for p in 0..<inner { (bPanels + (k * inner + p) * 8).update(from: b + p * columns + 8 * k, count: 8) }
            }
        packed.withUnsafeMutableBufferPointer { packed in
            let panel = packed.baseAddress!
            // the block of `rowCount` rows (6 or 4) from row i, `panel` holding them
            func addBlock(rowCount: Int, at i: Int) {
                let block = c + i * columns
                #if arch(x86_64)
                if lanes == .eight {
                    if rowCount == 6 {
                        WideKernels.addTransposedProductSixRows(panel, bPanels, inner: inner, panels: panels, columns: columns, into: block)
                    } else {
                        WideKernels.addTransposedProductFourRows(panel, bPanels, inner: inner, panels: panels, columns: columns, into: block)
                    }
                    return
                }
                #endif
                if rowCount == 6 {
                    addTransposedProductSixRows(panel, bPanels, inner: inner, panels: panels, columns: columns, into: block)
                } else {
                    addTransposedProductFourRows(panel, bPanels, inner: inner, panels: panels, columns: columns, into: block)
                }
            }
            var i = 0
            while i < 6 * sixRowBlocks {
                for p in 0..<inner { (panel + 6 * p).update(from: a + p * rows + i, count: 6) }
                addBlock(rowCount: 6, at: i)
                for r in i..<(i + 6) { addTransposedProductLeftoverColumns(a, b, inner: inner, rows: rows, columns: columns, r, c) }
                i += 6
            }
            while i < blocked {
                for p in 0..<inner { store(load(a + p * rows + i), panel + 4 * p) }
                addBlock(rowCount: 4, at: i)
                for r in i..<(i + 4) { addTransposedProductLeftoverColumns(a, b, inner: inner, rows: rows, columns: columns, r, c) }
                i += 4
            }
            while i < rows {
                for j in 0..<columns { addTransposedProductEntry(a, b, inner: inner, rows: rows, columns: columns, i, j, c) }
                i += 1
            }
        }}
    }

    /// Rows `0..<6` of `C += Aᵀ B` in blocks of 6 × 8, `panel` holding `A[p, i..<i+6]` for every `p`,
    /// `bPanels` the `panels` panels of `B[p, 8k..<8k+8]` for every `p`, and `c` pointing at the
    /// first of the six rows; columns past the last multiple of eight are left.
    @inline(__always)
    static func addTransposedProductSixRows(
        _ panel: UnsafePointer<Double>, _ bPanels: UnsafePointer<Double>, inner: Int, panels: Int, columns: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        for k in 0..<panels {
            let j = 8 * k, b = bPanels + k * inner * 8
            let c0 = c + j, c1 = c0 + columns, c2 = c1 + columns, c3 = c2 + columns, c4 = c3 + columns, c5 = c4 + columns
            var l0 = load(c0), h0 = load(c0 + 4), l1 = load(c1), h1 = load(c1 + 4), l2 = load(c2), h2 = load(c2 + 4)
            var l3 = load(c3), h3 = load(c3 + 4), l4 = load(c4), h4 = load(c4 + 4), l5 = load(c5), h5 = load(c5 + 4)
            for p in 0..<inner {
                let bp = b + 8 * p, ap = panel + 6 * p
                let bl = load(bp), bh = load(bp + 4)
                var x = SIMD4<Double>(repeating: ap[0])
                l0 = multiplyAdd(x, bl, l0); h0 = multiplyAdd(x, bh, h0)
                x = SIMD4(repeating: ap[1]); l1 = multiplyAdd(x, bl, l1); h1 = multiplyAdd(x, bh, h1)
                x = SIMD4(repeating: ap[2]); l2 = multiplyAdd(x, bl, l2); h2 = multiplyAdd(x, bh, h2)
                x = SIMD4(repeating: ap[3]); l3 = multiplyAdd(x, bl, l3); h3 = multiplyAdd(x, bh, h3)
                x = SIMD4(repeating: ap[4]); l4 = multiplyAdd(x, bl, l4); h4 = multiplyAdd(x, bh, h4)
                x = SIMD4(repeating: ap[5]); l5 = multiplyAdd(x, bl, l5); h5 = multiplyAdd(x, bh, h5)
            }
            store(l0, c0); store(h0, c0 + 4); store(l1, c1); store(h1, c1 + 4); store(l2, c2); store(h2, c2 + 4)
            store(l3, c3); store(h3, c3 + 4); store(l4, c4); store(h4, c4 + 4); store(l5, c5); store(h5, c5 + 4)
        }
    }

    /// ``addTransposedProductSixRows(_:_:inner:panels:columns:into:)`` for four rows.
    @inline(__always)
    static func addTransposedProductFourRows(
        _ panel: UnsafePointer<Double>, _ bPanels: UnsafePointer<Double>, inner: Int, panels: Int, columns: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        for k in 0..<panels {
            let j = 8 * k, b = bPanels + k * inner * 8
            let c0 = c + j, c1 = c0 + columns, c2 = c1 + columns, c3 = c2 + columns
            var l0 = load(c0), h0 = load(c0 + 4), l1 = load(c1), h1 = load(c1 + 4)
            var l2 = load(c2), h2 = load(c2 + 4), l3 = load(c3), h3 = load(c3 + 4)
            for p in 0..<inner {
                let bp = b + 8 * p, ap = panel + 4 * p
                let bl = load(bp), bh = load(bp + 4)
                let a0 = SIMD4<Double>(repeating: ap[0]), a1 = SIMD4<Double>(repeating: ap[1])
                let a2 = SIMD4<Double>(repeating: ap[2]), a3 = SIMD4<Double>(repeating: ap[3])
                l0 = multiplyAdd(a0, bl, l0); h0 = multiplyAdd(a0, bh, h0)
                l1 = multiplyAdd(a1, bl, l1); h1 = multiplyAdd(a1, bh, h1)
                l2 = multiplyAdd(a2, bl, l2); h2 = multiplyAdd(a2, bh, h2)
                l3 = multiplyAdd(a3, bl, l3); h3 = multiplyAdd(a3, bh, h3)
            }
            store(l0, c0); store(h0, c0 + 4); store(l1, c1); store(h1, c1 + 4)
            store(l2, c2); store(h2, c2 + 4); store(l3, c3); store(h3, c3 + 4)
        }
    }

    /// Row `i` of `C += Aᵀ B` in the columns past the last multiple of eight, entry by entry.
    @inline(__always)
    static func addTransposedProductLeftoverColumns(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, inner: Int, rows: Int, columns: Int, _ i: Int,
        _ c: UnsafeMutablePointer<Double>
    ) {
        for j in (columns & ~7)..<columns { addTransposedProductEntry(a, b, inner: inner, rows: rows, columns: columns, i, j, c) }
    }

    /// ``addTransposedProduct(_:_:inner:rows:columns:into:)`` when `B` has fewer than eight
    /// columns (a narrow dense input, such as the adding problem's two): blocks of eight
    /// columns do not fit, and summing one entry at a time reads `A` down its columns,
    /// `rows` doubles apart. Instead `Cᵀ` is formed and every step adds `B[p, j] · A[p, :]`
    /// to its row `j`, contiguous in `i`, four at a time; every entry is still summed over
    /// `p` in order, one rounded product at a time, as the entry-by-entry sum does.
    static func addTransposedProductNarrow(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, inner: Int, rows: Int, columns: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        guard rows > 0, columns > 0 else { return }
        var columnsOfC = transposed(UnsafePointer(c), rows: rows, columns: columns)  // columns × rows
        columnsOfC.withUnsafeMutableBufferPointer { columnsOfC in
            for p in 0..<inner {
                let row = a + p * rows
                for j in 0..<columns {
                    let scale = b[p * columns + j], out = columnsOfC.baseAddress! + j * rows
                    let scales = SIMD4<Double>(repeating: scale)
                    var i = 0
                    while i + 4 <= rows {
                        store(load(out + i) + scales * load(row + i), out + i)
                        i += 4
                    }
                    while i < rows { out[i] += scale * row[i]; i += 1 }
                }
            }
            for i in 0..<rows {
                for j in 0..<columns { c[i * columns + j] = columnsOfC[j * rows + i] }
            }
        }
    }

    /// One entry of ``addTransposedProduct(_:_:inner:rows:columns:into:)``, summed over `p` in order.
    @inline(__always)
    static func addTransposedProductEntry(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, inner: Int, rows: Int, columns: Int,
        _ i: Int, _ j: Int, _ c: UnsafeMutablePointer<Double>
    ) {
        var sum = c[i * columns + j]
        for p in 0..<inner { sum += a[p * rows + i] * b[p * columns + j] }
        c[i * columns + j] = sum
    }

    /// `C += A Bᵀ` for row-major `A` (`count × inner`), `B` (`rows × inner`) and `C`
    /// (`count × rows`): row `t` of `C` gets `B a_t`, a matrix–vector product per row of `A`.
    ///
    /// This is `W x_t` for every step of a sequence at once. Groups of 16 rows of `B` stay in
    /// the first-level cache while every `a_t` passes by, so a large `B` is read from memory
    /// once rather than once per step. Every entry is summed as ``gemv(_:rows:columns:_:into:descending:)`` does.
    static func addProductWithTransposed(
        _ a: UnsafePointer<Double>, count: Int, inner: Int, _ b: UnsafePointer<Double>, rows: Int,
        into c: UnsafeMutablePointer<Double>
    ) {
        var block = 0
        while block < rows {
            let blockRows = min(16, rows - block)
            for t in 0..<count {
                gemv(b + block * inner, rows: blockRows, columns: inner, a + t * inner, into: c + t * rows + block)
            }
            block += blockRows
        }
    }

    /// The transpose of a row-major `rows × columns` matrix (so `columns × rows`).
    static func transposed(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        guard !a.isEmpty else { return [] }
        return a.withUnsafeBufferPointer { transposed($0.baseAddress!, rows: rows, columns: columns) }
    }

    /// ``transposed(_:rows:columns:)-([Double],_,_)`` reading through a pointer.
    static func transposed(_ a: UnsafePointer<Double>, rows: Int, columns: Int) -> [Double] {
        [Double](unsafeUninitializedCapacity: rows * columns) { result, initialized in
            transpose(a, rows: rows, columns: columns, into: result.baseAddress!)
            initialized = rows * columns
        }
    }

    /// Writes the transpose of a row-major `rows × columns` matrix `a` into `out` (`columns × rows`,
    /// uninitialized or not).
    ///
    /// Four rows at a time are read as 4 × 4 blocks and written back as four columns, so both
    /// sides move whole vectors; the leftover rows and columns go one element at a time.
    static func transpose(_ a: UnsafePointer<Double>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Double>) {
        var i = 0
        while i + 4 <= rows {
            var j = 0
            while j + 4 <= columns {
                let r0 = load(a + i * columns + j), r1 = load(a + (i + 1) * columns + j)
                let r2 = load(a + (i + 2) * columns + j), r3 = load(a + (i + 3) * columns + j)
                store(SIMD4(r0[0], r1[0], r2[0], r3[0]), out + j * rows + i)
                store(SIMD4(r0[1], r1[1], r2[1], r3[1]), out + (j + 1) * rows + i)
                store(SIMD4(r0[2], r1[2], r2[2], r3[2]), out + (j + 2) * rows + i)
                store(SIMD4(r0[3], r1[3], r2[3], r3[3]), out + (j + 3) * rows + i)
                j += 4
            }
            while j < columns {
                for k in i..<(i + 4) { (out + j * rows + k).initialize(to: a[k * columns + j]) }
                j += 1
            }
            i += 4
        }
        while i < rows {
            for j in 0..<columns { (out + j * rows + i).initialize(to: a[i * columns + j]) }
            i += 1
        }
    }

    /// Runs `body` on `count` doubles that `fill` writes into memory starting on a cache-line
    /// boundary, freed afterwards.
    ///
    /// An array's elements start only 16 bytes aligned, so half the time every other load of
    /// four doubles straddles two cache lines. A product whose matrix sits in the first-level
    /// cache pays for that in full: a 32 × 128 `gemvTransposed` took 323 ns from such an
    /// address and 211 ns from an aligned copy, on the machine the README's figures come from.
    static func withAlignedCopy<Result>(
        count: Int, fill: (UnsafeMutablePointer<Double>) -> Void, _ body: (UnsafeBufferPointer<Double>) -> Result
    ) -> Result {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Double>.stride, alignment: 64)
        defer { storage.deallocate() }
        let values = storage.bindMemory(to: Double.self, capacity: max(count, 1))
        fill(values)
        return body(UnsafeBufferPointer(start: values, count: count))
    }

    /// `A += u vᵀ` for a row-major `u.count × v.count` matrix `A`.
    @inlinable
    public static func addOuterProduct(
        _ u: UnsafePointer<Double>, count rows: Int,
        _ v: UnsafePointer<Double>, count columns: Int,
        into a: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows {
            let ui = u[i]
            if ui == 0 { continue }
            let row = a + i * columns
            for j in 0..<columns { row[j] += ui * v[j] }
        }
    }

    /// `y += A[:, column]`: the product of `A` with a one-hot vector, as a column gather.
    @inlinable
    public static func addColumn(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int, column: Int,
        into y: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows { y[i] += a[i * columns + column] }
    }

    /// `A[:, column] += u`: the outer product of `u` with a one-hot vector.
    @inlinable
    public static func addToColumn(
        _ u: UnsafePointer<Double>, rows: Int, columns: Int, column: Int,
        into a: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows { a[i * columns + column] += u[i] }
    }

    /// `Σ xᵢ²` in sixteen partial sums, four vectors of four, each term a fused
    /// multiply–add: every addition waits for the one before it in its own sum only, so four
    /// additions are in flight at once. With four partial sums (one vector) each block waited
    /// for the last, and the gradient norm of a 108,000-parameter LSTM took 18 µs, a twentieth
    /// of its training step.
    public static func sumOfSquares(_ x: UnsafeBufferPointer<Double>) -> Double {
        guard let base = x.baseAddress else { return 0 }
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>(), s2 = SIMD4<Double>(), s3 = SIMD4<Double>()
        var j = 0
        let blocked = x.count & ~15
        while j < blocked {
            let v0 = load(base + j), v1 = load(base + j + 4), v2 = load(base + j + 8), v3 = load(base + j + 12)
            s0 = multiplyAdd(v0, v0, s0); s1 = multiplyAdd(v1, v1, s1)
            s2 = multiplyAdd(v2, v2, s2); s3 = multiplyAdd(v3, v3, s3)
            j += 16
        }
        var sum = ((s0 + s1) + (s2 + s3)).sum()
        while j < x.count { sum += x[j] * x[j]; j += 1 }
        return sum
    }
}
