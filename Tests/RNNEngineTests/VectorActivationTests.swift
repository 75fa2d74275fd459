import Testing
@testable import RNNEngine

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Vectorized activations and kernels")
struct VectorActivationTests {
    /// Arguments from −40 to 40 in uneven steps, tiny ones, and the edges of the clamps.
    static let arguments: [Double] = {
        var values: [Double] = []
        var x = -40.0
        while x <= 40 { values.append(x); x += 0.0137 }
        values += [0, -0.0, 1e-300, -1e-300, 1e-12, -3e-9, 2e-5, 0.3465, -0.3467, 19.999, 20.001, -700, 700, 708.5, -745]
        return values
    }()

    /// |a − b| in units of the last place of b (0 when both are equal).
    static func ulps(_ a: Double, _ b: Double) -> Double {
        a == b ? 0 : abs(a - b) / max(b.ulp, Double.leastNormalMagnitude)
    }

    static func mapped(_ values: [Double], _ kernel: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void) -> [Double] {
        var result = [Double](repeating: .nan, count: values.count)
        values.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { y in kernel(x.baseAddress!, y.baseAddress!, values.count) }
        }
        return result
    }

    @Test("tanh is within 3 ulp of the C library's, odd, and saturates to ±1")
    func tanhAccuracy() {
        let results = Self.mapped(Self.arguments) { VectorActivation.tanh($0, into: $1, count: $2) }
        for (x, y) in zip(Self.arguments, results) {
            #expect(Self.ulps(y, tanh(x)) <= 3, "tanh(\(x)) = \(y), libm \(tanh(x))")
        }
        let special = Self.mapped([.infinity, -.infinity, .nan, -0.0]) { VectorActivation.tanh($0, into: $1, count: $2) }
        #expect(special[0] == 1 && special[1] == -1 && special[2].isNaN)
        #expect(special[3] == 0 && special[3].sign == .minus)
    }

    @Test("sigmoid is within 4 ulp of 1 / (1 + exp(−x)) down to 1e−300")
    func sigmoidAccuracy() {
        let results = Self.mapped(Self.arguments) { VectorActivation.sigmoid($0, into: $1, count: $2) }
        for (x, y) in zip(Self.arguments, results) where x > -690 {
            let reference = 1 / (1 + exp(-x))
            #expect(Self.ulps(y, reference) <= 4, "σ(\(x)) = \(y), libm \(reference)")
        }
        let special = Self.mapped([.infinity, -.infinity, .nan, -800]) { VectorActivation.sigmoid($0, into: $1, count: $2) }
        #expect(special[0] == 1 && special[1] < 1e-300 && special[1] >= 0 && special[2].isNaN && special[3] < 1e-300)
    }

    @Test("sigmoid is 0 where e^−x overflows, as 1 / (1 + exp(−x)) is in PyTorch, and follows it down to there")
    func sigmoidUnderflowsAsPyTorch() {
        let overflowing: [Double] = [-709.79, -710, -745, -800, -1e300, -.infinity]
        for (x, y) in zip(overflowing, Self.mapped(overflowing) { VectorActivation.sigmoid($0, into: $1, count: $2) }) {
            #expect(y == 0, "σ(\(x)) = \(y), 1 / (1 + exp(−x)) = \(1 / (1 + exp(-x)))")
        }
        let subnormal: [Double] = [-709.0, -709.2, -709.4]
        for (x, y) in zip(subnormal, Self.mapped(subnormal) { VectorActivation.sigmoid($0, into: $1, count: $2) }) {
            let reference = 1 / (1 + exp(-x))
            #expect(y > 0 && abs(y - reference) <= 1e-3 * reference, "σ(\(x)) = \(y), 1 / (1 + exp(−x)) = \(reference)")
        }
    }

    @Test("exp is within 4 ulp of the C library's over [−708, 709]")
    func expAccuracy() {
        var x = -708.0
        while x <= 709 {
            let lanes = VectorActivation.exp(SIMD4(x, x / 3, -x / 7, x / 1000))
            for lane in 0..<4 {
                let argument = [x, x / 3, -x / 7, x / 1000][lane]
                #expect(Self.ulps(lanes[lane], exp(argument)) <= 4, "exp(\(argument)) = \(lanes[lane]), libm \(exp(argument))")
            }
            x += 1.37
        }
    }

    @Test("ReLU passes NaN through, as PyTorch does, in both paths")
    func reluKeepsNaN() {
        let results = Self.mapped([.nan, -1, 2, -.infinity, .infinity]) { VectorActivation.apply(.relu, $0, into: $1, count: $2) }
        #expect(results[0].isNaN)
        #expect(Array(results[1...]) == [0, 2, 0, .infinity])
        #expect(Activation.relu.apply(.nan).isNaN)
        #expect(Activation.relu.apply(-0.5) == 0)
    }

    @Test("a value does not depend on where it sits in a block (tails of 1–3 values)")
    func tails() {
        let values = [0.3, -1.2, 2.5, 0.01, -7.0, 0.6, 1.1]
        for count in 1...values.count {
            let prefix = Array(values[0..<count])
            let whole = Self.mapped(values) { VectorActivation.tanh($0, into: $1, count: $2) }
            #expect(Self.mapped(prefix) { VectorActivation.tanh($0, into: $1, count: $2) } == Array(whole[0..<count]))
        }
    }

    /// A deterministic `rows × columns` row-major matrix.
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.uniform(in: -1...1) }
    }

    @Test("the blocked products equal the textbook sums (odd sizes cover every edge)", arguments: [(1, 1, 1), (5, 9, 3), (8, 33, 7), (13, 70, 12), (40, 37, 25), (130, 2, 50), (7, 5, 3)])
    func products(rows: Int, columns: Int, inner: Int) {
        let (c, textbook) = Self.transposedProduct(rows: rows, columns: columns, inner: inner, seed: 1)
        for (entry, sum) in zip(c, textbook) { #expect(abs(entry - sum) < 1e-13) }
        // gemvTransposed: y += Aᵀ x, and the sequence product C += X Wᵀ.
        let w = Self.values(rows * columns, seed: 4), x = Self.values(rows, seed: 5)
        var y = Self.values(columns, seed: 6)
        let y0 = y
        Kernels.gemv(w, rows: rows, columns: columns, [Double](repeating: 0, count: columns), into: &y)  // adds zeros
        #expect(y == y0)
        w.withUnsafeBufferPointer { w in
            x.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { y in Kernels.gemvTransposed(w.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: y.baseAddress!) }
            }
        }
        for j in 0..<columns {
            var sum = y0[j]
            for i in 0..<rows { sum += w[i * columns + j] * x[i] }
            #expect(abs(y[j] - sum) < 1e-13)
        }
        let sequence = Self.values(inner * columns, seed: 7)
        var projected = [Double](repeating: 0, count: inner * rows)
        sequence.withUnsafeBufferPointer { s in
            w.withUnsafeBufferPointer { w in
                projected.withUnsafeMutableBufferPointer { p in
                    Kernels.addProductWithTransposed(s.baseAddress!, count: inner, inner: columns, w.baseAddress!, rows: rows, into: p.baseAddress!)
                }
            }
        }
        for t in 0..<inner {
            var expected = [Double](repeating: 0, count: rows)
            Kernels.gemv(w, rows: rows, columns: columns, Array(sequence[(t * columns)..<((t + 1) * columns)]), into: &expected)
            #expect(Array(projected[(t * rows)..<((t + 1) * rows)]) == expected)
        }
    }

    @Test("walking a matrix from its end gives the same products as from its start", arguments: [(1, 1), (5, 9), (8, 33), (13, 70), (40, 37), (7, 103)])
    func descendingProducts(rows: Int, columns: Int) {
        let w = Self.values(rows * columns, seed: 8), start = Self.values(max(rows, columns), seed: 9)
        let xColumns = Self.values(columns, seed: 10), xRows = Self.values(rows, seed: 11)
        func product(transposed: Bool, descending: Bool) -> [Double] {
            var y = Array(start.prefix(transposed ? columns : rows))
            w.withUnsafeBufferPointer { w in
                (transposed ? xRows : xColumns).withUnsafeBufferPointer { x in
                    y.withUnsafeMutableBufferPointer { y in
                        if transposed {
                            Kernels.gemvTransposed(w.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: y.baseAddress!, descending: descending)
                        } else {
                            Kernels.gemv(w.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: y.baseAddress!, descending: descending)
                        }
                    }
                }
            }
            return y
        }
        // gemv sums every row the same way in either direction: the same bits.
        let rowsAscending = product(transposed: false, descending: false)
        #expect(rowsAscending != Array(start.prefix(rows)), "the product added something")
        #expect(product(transposed: false, descending: true) == rowsAscending)
        // gemvTransposed sums a stripe's rows from the end when descending: the last bit may differ.
        let columnsAscending = product(transposed: true, descending: false)
        let columnsDescending = product(transposed: true, descending: true)
        #expect(columnsAscending != Array(start.prefix(columns)), "the product added something")
        for j in 0..<columns {
            var sum = start[j]
            for i in 0..<rows { sum += w[i * columns + j] * xRows[i] }
            #expect(abs(columnsAscending[j] - sum) < 1e-13)
            #expect(abs(columnsDescending[j] - sum) < 1e-13)
        }
    }

    @Test("a transposed product started from u + v equals u + v written first, then added to", arguments: [(3, 5), (8, 128), (32, 100), (7, 37)])
    func startedProducts(rows: Int, columns: Int) {
        let w = Self.values(rows * columns, seed: 14), x = Self.values(rows, seed: 15)
        let u = Self.values(columns, seed: 16), v = Self.values(columns, seed: 17)
        for descending in [false, true] {
            for withV in [false, true] {
                var twoPasses = withV ? zip(u, v).map { $0 + $1 } : u
                var started = [Double](repeating: .nan, count: columns)
                w.withUnsafeBufferPointer { w in
                x.withUnsafeBufferPointer { x in
                u.withUnsafeBufferPointer { u in
                v.withUnsafeBufferPointer { v in
                    twoPasses.withUnsafeMutableBufferPointer {
                        Kernels.gemvTransposed(w.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: $0.baseAddress!, descending: descending)
                    }
                    started.withUnsafeMutableBufferPointer {
                        Kernels.gemvTransposed(w.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: $0.baseAddress!,
                                               startingFrom: .sum(u.baseAddress!, withV ? v.baseAddress! : nil), descending: descending)
                    }
                }}}}
                #expect(started == twoPasses, "descending \(descending), v \(withV)")
            }
        }
    }

    @Test("a small recurrent weight is lent transposed on a cache line, a large one itself on a cache line", arguments: [(8, 2), (128, 32), (12, 5), (512, 128)])
    func alignedRecurrentOperands(rows: Int, hiddenCount: Int) {
        let w = Self.values(rows * hiddenCount, seed: 13)
        let small = isSmallRecurrentWeight(entries: rows * hiddenCount)
        #expect(small == (rows * hiddenCount <= 16_384))
        let (weight, transposed, alignment) = w.withUnsafeBufferPointer { w in
            withRecurrentOperands(w, rows: rows, hiddenCount: hiddenCount) { weight, t in
                (Array(weight), Array(t), Int(bitPattern: (small ? t : weight).baseAddress!) % 64)
            }
        }
        #expect(alignment == 0, "what the time loop multiplies by starts on a cache line")
        #expect(weight == w)
        #expect(transposed == (small ? Kernels.transposed(w, rows: rows, columns: hiddenCount) : []))
        // the transpose a network keeps is lent as it is, on a cache line too
        let kept = AlignedValues(transposing: w, rows: rows, columns: hiddenCount)
        let lent = w.withUnsafeBufferPointer { w in
            withRecurrentOperands(w, rows: rows, hiddenCount: hiddenCount, kept: small ? kept : nil) { _, t in t.baseAddress }
        }
        #expect(!small || lent == kept.values.baseAddress)
        #expect(Int(bitPattern: kept.values.baseAddress!) % 64 == 0)
        #expect(Array(kept.values) == Kernels.transposed(w, rows: rows, columns: hiddenCount))
    }

    @Test("a recurrent weight is lent on a cache line: copied from anywhere else, in place when it is on one", arguments: [0, 1, 2, 3, 8])
    func alignedRecurrentWeight(offset: Int) {
        let w = Self.values(600, seed: 17)
        let storage = UnsafeMutableRawPointer.allocate(byteCount: (600 + 8) * 8, alignment: 64)
        defer { storage.deallocate() }
        let base = storage.bindMemory(to: Double.self, capacity: 608) + offset
        base.initialize(from: w, count: 600)
        let (values, aligned, inPlace) = withRecurrentWeight(UnsafeBufferPointer(start: base, count: 600)) {
            (Array($0), Int(bitPattern: $0.baseAddress!) % 64 == 0, $0.baseAddress == UnsafePointer(base))
        }
        #expect(values == w)
        #expect(aligned)
        #expect(inPlace == (offset % 8 == 0))
    }

    @Test("two products at once give what two gemvTransposed calls give, bit for bit", arguments: [
        (8, 128), (1, 16), (3, 37), (33, 20), (5, 3),
    ])
    func pairedTransposedProducts(rows: Int, columns: Int) {
        var generator = SeededGenerator(seed: UInt64(rows * 1000 + columns))
        func random(_ count: Int) -> [Double] { (0..<count).map { _ in generator.uniform(in: -1...1) } }
        let a = random(rows * columns), x = random(rows), x2 = random(rows), bias = random(columns)
        for useBias in [true, false] {
            var expected = random(columns), expected2 = random(columns)
            var paired = expected, paired2 = expected2
            a.withUnsafeBufferPointer { a in x.withUnsafeBufferPointer { x in x2.withUnsafeBufferPointer { x2 in bias.withUnsafeBufferPointer { b in
                let start: Kernels.ProductStart = useBias ? .sum(b.baseAddress!, nil) : .output
                expected.withUnsafeMutableBufferPointer { y in
                    Kernels.gemvTransposed(a.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: y.baseAddress!, startingFrom: start)
                }
                expected2.withUnsafeMutableBufferPointer { y in
                    Kernels.gemvTransposed(a.baseAddress!, rows: rows, columns: columns, x2.baseAddress!, into: y.baseAddress!, startingFrom: start)
                }
                paired.withUnsafeMutableBufferPointer { y in paired2.withUnsafeMutableBufferPointer { y2 in
                    Kernels.gemvTransposedPair(a.baseAddress!, rows: rows, columns: columns, x.baseAddress!, x2.baseAddress!,
                                               into: y.baseAddress!, y2.baseAddress!, startingFrom: start)
                }}
            }}}}
            #expect(paired == expected && paired2 == expected2, "rows \(rows), columns \(columns), bias \(useBias)")
        }
    }

    @Test("every entry of a weight gradient is summed over the steps in order, whichever block holds it",
          arguments: [(512, 128, 25), (13, 13, 4), (28, 8, 3), (12, 17, 5), (100, 9, 7)])
    func blockedTransposedProduct(rows: Int, columns: Int, inner: Int) {
        let a = Self.values(inner * rows, seed: 18), b = Self.values(inner * columns, seed: 19)
        var c = Self.values(rows * columns, seed: 20)
        var expected = c
        for i in 0..<rows {
            for j in 0..<columns {
                let inBlock = i < rows & ~3 && j < columns & ~7
                var sum = expected[i * columns + j]
                for p in 0..<inner {
                    let (x, y) = (a[p * rows + i], b[p * columns + j])
                    sum = inBlock ? sum.addingProduct(x, y) : sum + x * y  // fused in the blocks
                }
                expected[i * columns + j] = sum
            }
        }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { Kernels.addTransposedProduct(a.baseAddress!, b.baseAddress!, inner: inner, rows: rows, columns: columns, into: $0.baseAddress!) }
            }
        }
        #expect(c == expected)
    }

    @Test("a weight gradient over a narrow input is summed step by step exactly as one entry at a time", arguments: [(128, 2, 50), (6, 7, 9), (3, 1, 4)])
    func narrowTransposedProduct(rows: Int, columns: Int, inner: Int) {
        let (c, textbook) = Self.transposedProduct(rows: rows, columns: columns, inner: inner, seed: 12)
        #expect(c == textbook)
    }

    /// `C + AᵀB` from ``Kernels/addTransposedProduct(_:_:inner:rows:columns:into:)`` and
    /// summed the textbook way, entry by entry over `p` in order, for seeded A, B and C.
    static func transposedProduct(rows: Int, columns: Int, inner: Int, seed: UInt64) -> (kernel: [Double], textbook: [Double]) {
        let a = values(inner * rows, seed: seed), b = values(inner * columns, seed: seed + 1)
        let start = values(rows * columns, seed: seed + 2)
        var c = start
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    Kernels.addTransposedProduct(a.baseAddress!, b.baseAddress!, inner: inner, rows: rows, columns: columns, into: c.baseAddress!)
                }
            }
        }
        var textbook = start
        for i in 0..<rows {
            for j in 0..<columns {
                for p in 0..<inner { textbook[i * columns + j] += a[p * rows + i] * b[p * columns + j] }
            }
        }
        return (c, textbook)
    }
}
