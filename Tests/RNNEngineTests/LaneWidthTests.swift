import Testing
@testable import RNNEngine

/// The eight-lane kernels give the four-lane kernels' values bit for bit, so that a lesson,
/// a check or a training run computes the same numbers on every x86-64 machine.
@Suite("Eight lanes and four", .enabled(if: LaneWidth.eightIsSupported, "this processor does not run AVX-512"))
struct LaneWidthTests {
    /// `count` values from U(−1, 1), or in `range`.
    static func random(_ count: Int, seed: UInt64, in range: ClosedRange<Double> = -1...1) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.uniform(in: range) }
    }

    /// Where `eight` and `four` first differ in their bits (so that −0 and 0, and NaNs, are
    /// told apart), or nil when they do not.
    static func firstDifference(_ eight: [Double], _ four: [Double]) -> String? {
        guard eight.count == four.count else { return "\(eight.count) values against \(four.count)" }
        guard let i = eight.indices.first(where: { eight[$0].bitPattern != four[$0].bitPattern }) else { return nil }
        return "value \(i): \(eight[i]) with eight lanes, \(four[i]) with four"
    }

    @Test("y += A x", arguments: [(512, 128), (7, 13), (16, 9), (4, 8), (12, 100), (3, 5), (768, 256), (20, 0)])
    func rowProducts(rows: Int, columns: Int) {
        let a = Self.random(rows * columns, seed: 1), x = Self.random(columns, seed: 2), y0 = Self.random(rows, seed: 3)
        for descending in [false, true] {
            func product(_ lanes: LaneWidth) -> [Double] {
                var y = y0
                a.withUnsafeBufferPointer { a in x.withUnsafeBufferPointer { x in y.withUnsafeMutableBufferPointer { y in
                    Kernels.gemv(a.baseAddress ?? UnsafePointer(bitPattern: 8)!, rows: rows, columns: columns,
                                 x.baseAddress ?? UnsafePointer(bitPattern: 8)!, into: y.baseAddress!, descending: descending, lanes: lanes)
                }}}
                return y
            }
            let eight = product(.eight)
            #expect(Self.firstDifference(eight, product(.four)) == nil, "descending \(descending)")
            #expect(eight != y0 || columns == 0, "the product added something")
        }
    }

    @Test("y = start + Aᵀ x", arguments: [
        (32, 128), (512, 128), (5, 200), (9, 96), (3, 37), (256, 768), (7, 32), (4, 3), (2, 224), (1, 64),
    ])
    func transposedProducts(rows: Int, columns: Int) {
        let a = Self.random(rows * columns, seed: 4), x = Self.random(rows, seed: 5)
        let y0 = Self.random(columns, seed: 6), u = Self.random(columns, seed: 7), v = Self.random(columns, seed: 8)
        for descending in [false, true] {
            for startCase in 0..<3 {
                func product(_ lanes: LaneWidth) -> [Double] {
                    var y = y0
                    a.withUnsafeBufferPointer { a in x.withUnsafeBufferPointer { x in
                    u.withUnsafeBufferPointer { u in v.withUnsafeBufferPointer { v in
                    y.withUnsafeMutableBufferPointer { y in
                        let start: Kernels.ProductStart = switch startCase {
                        case 0: .output
                        case 1: .sum(u.baseAddress!, nil)
                        default: .sum(u.baseAddress!, v.baseAddress!)
                        }
                        Kernels.gemvTransposed(a.baseAddress!, rows: rows, columns: columns, x.baseAddress!, into: y.baseAddress!,
                                               startingFrom: start, descending: descending, lanes: lanes)
                    }}}}}
                    return y
                }
                let (eight, four) = (product(.eight), product(.four))
                #expect(Self.firstDifference(eight, four) == nil, "descending \(descending), start \(startCase)")
                #expect(eight != y0)
            }
        }
    }

    @Test("two transposed products at once", arguments: [(8, 128), (1, 16), (3, 37), (33, 20), (5, 48), (2, 80), (6, 15)])
    func pairedTransposedProducts(rows: Int, columns: Int) {
        let a = Self.random(rows * columns, seed: 9), x = Self.random(rows, seed: 10), x2 = Self.random(rows, seed: 11)
        let u = Self.random(columns, seed: 12), v = Self.random(columns, seed: 13)
        for startCase in 0..<3 {
            func products(_ lanes: LaneWidth) -> [Double] {
                var y = Self.random(columns, seed: 14), y2 = Self.random(columns, seed: 15)
                a.withUnsafeBufferPointer { a in x.withUnsafeBufferPointer { x in x2.withUnsafeBufferPointer { x2 in
                u.withUnsafeBufferPointer { u in v.withUnsafeBufferPointer { v in
                y.withUnsafeMutableBufferPointer { y in y2.withUnsafeMutableBufferPointer { y2 in
                    let start: Kernels.ProductStart = switch startCase {
                    case 0: .output
                    case 1: .sum(u.baseAddress!, nil)
                    default: .sum(u.baseAddress!, v.baseAddress!)
                    }
                    Kernels.gemvTransposedPair(a.baseAddress!, rows: rows, columns: columns, x.baseAddress!, x2.baseAddress!,
                                               into: y.baseAddress!, y2.baseAddress!, startingFrom: start, lanes: lanes)
                }}}}}}}
                return y + y2
            }
            #expect(Self.firstDifference(products(.eight), products(.four)) == nil, "start \(startCase)")
        }
    }

    @Test("C += Aᵀ B, the weight gradients' product", arguments: [
        (512, 128, 25), (13, 24, 7), (12, 16, 3), (6, 8, 1), (10, 40, 5), (7, 9, 4), (65, 128, 25), (4, 100, 2), (3, 5, 2), (18, 8, 10),
    ])
    func transposedProductSums(rows: Int, columns: Int, inner: Int) {
        let a = Self.random(inner * rows, seed: 30), b = Self.random(inner * columns, seed: 31), c0 = Self.random(rows * columns, seed: 32)
        func product(_ lanes: LaneWidth) -> [Double] {
            var c = c0
            a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in c.withUnsafeMutableBufferPointer { c in
                Kernels.addTransposedProduct(a.baseAddress!, b.baseAddress!, inner: inner, rows: rows, columns: columns,
                                             into: c.baseAddress!, lanes: lanes)
            }}}
            return c
        }
        let eight = product(.eight)
        #expect(Self.firstDifference(eight, product(.four)) == nil)
        #expect(eight != c0)
    }

    /// Every argument of the activation tests, the specials, and blocks of every length 1…17.
    static let activationArguments: [Double] = VectorActivationTests.arguments
        + [.nan, .infinity, -.infinity, 800, -800, 709.5, -708.5, -709.2, -709.6, -709.9, 0x1p-1070, -0x1p-1070, 0x1p-1074, .greatestFiniteMagnitude]
        + random(1000, seed: 16, in: -30...30)

    @Test("σ, tanh and e^x", arguments: ["sigmoid", "tanh", "exp"])
    func activations(name: String) {
        let kernel: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int, LaneWidth) -> Void = switch name {
        case "sigmoid": { VectorActivation.sigmoid($0, into: $1, count: $2, lanes: $3) }
        case "tanh": { VectorActivation.tanh($0, into: $1, count: $2, lanes: $3) }
        default: { VectorActivation.exp($0, into: $1, count: $2, lanes: $3) }
        }
        let values = Self.activationArguments
        for count in Array(1...17) + [values.count] {
            func mapped(_ lanes: LaneWidth) -> [Double] {
                var result = [Double](repeating: 42, count: count + 1)  // the one past the end stays 42
                values.withUnsafeBufferPointer { x in
                    result.withUnsafeMutableBufferPointer { y in kernel(x.baseAddress!, y.baseAddress!, count, lanes) }
                }
                return result
            }
            let (eight, four) = (mapped(.eight), mapped(.four))
            #expect(Self.firstDifference(eight, four) == nil, "\(name), \(count) values")
            #expect(eight.last == 42, "\(name) wrote only \(count) values")
        }
    }

    @Test("Adam's steps")
    func adamSteps() throws {
        let shapes = [[1], [7], [8], [13], [4, 25], [512, 128]]
        let parameters = ParameterSet(shapes.enumerated().map { index, shape in
            ("p\(index)", Tensor(shape: shape, values: Self.random(shape.reduce(1, *), seed: UInt64(20 + index)))!)
        })
        var four = Adam(learningRate: 0.01, weightDecay: 0.1), eight = four
        four.lanes = .four
        eight.lanes = .eight
        var (byFour, byEight) = (parameters, parameters)
        for step in 0..<3 {
            let gradients = ParameterSet(parameters.names.enumerated().map { index, name in
                let count = parameters[name]!.count
                var values = Self.random(count, seed: UInt64(100 * step + index))
                if count > 2 { values[1] = 0; values[2] = 1e-30 }
                return (name, Tensor(shape: parameters[name]!.shape, values: values)!)
            })
            try four.step(&byFour, gradients: gradients)
            try eight.step(&byEight, gradients: gradients)
        }
        for name in parameters.names {
            #expect(Self.firstDifference(byEight[name]!.values, byFour[name]!.values) == nil, "\(name)")
            #expect(byEight[name]!.values != parameters[name]!.values, "\(name) moved")
        }
    }

    /// One LSTM direction's forward pass with each width: with eight lanes a small `W_hh`
    /// and H a multiple of 8 take the time loop in one kernel (`WideKernels.lstmSteps`), the
    /// rest the step by step loop; both must give the four-lane trace.
    @Test("an LSTM's time loop", arguments: [
        (8, 1), (8, 9), (16, 8), (24, 17), (32, 100), (64, 23), (12, 10), (72, 5), (32, 0),
    ])
    func lstmTimeLoop(hiddenCount: Int, steps: Int) throws {
        let width = 4 * hiddenCount
        let projection = Self.random(steps * width, seed: 30, in: -3...3), weight = Self.random(width * hiddenCount, seed: 31)
        let h0 = Self.random(hiddenCount, seed: 32), c0 = Self.random(hiddenCount, seed: 33, in: -2...2)
        let padded = (0..<steps).map { $0 < steps - 2 }
        for direction in [Direction.forward, .reverse] {
            for mask in [[Bool](repeating: true, count: steps), padded] {
                func trace(_ lanes: LaneWidth) throws -> DirectionTrace {
                    var input = CellForwardInput(
                        layer: 0, direction: direction, hiddenSize: hiddenCount, inputProjection: projection,
                        recurrentWeight: weight, recurrentBias: [], initialHidden: h0, initialCell: c0, mask: mask)
                    input.lanes = lanes
                    return try LSTMCell.forward(input)
                }
                let (eight, four) = (try trace(.eight), try trace(.four))
                let context = "H \(hiddenCount), \(steps) steps, \(direction), \(mask.contains(false) ? "padded" : "every step real")"
                #expect(Self.firstDifference(eight.preactivations.values, four.preactivations.values) == nil, "pre-activations, \(context)")
                #expect(Self.firstDifference(eight.gates.values, four.gates.values) == nil, "gates, \(context)")
                #expect(Self.firstDifference(eight.cellState.values, four.cellState.values) == nil, "cell states, \(context)")
                #expect(Self.firstDifference(eight.hiddenState.values, four.hiddenState.values) == nil, "hidden states, \(context)")
                #expect(eight.hiddenState.values.allSatisfy(\.isFinite) && eight.cellState.values.allSatisfy(\.isFinite))
            }
        }
    }
}
