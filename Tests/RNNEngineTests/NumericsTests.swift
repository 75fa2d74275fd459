import Foundation
import Testing
@testable import RNNEngine

@Suite("Numerics")
struct NumericsTests {
    @Test("the kernels' transpose moves every element, in blocks of 4 × 4 and around them",
          arguments: [(1, 1), (3, 5), (4, 4), (7, 9), (128, 32), (32, 128), (8, 3), (0, 5)])
    func kernelTranspose(rows: Int, columns: Int) {
        let a = (0..<(rows * columns)).map { Double($0) + 0.5 }
        let out = Kernels.transposed(a, rows: rows, columns: columns)
        #expect(out.count == rows * columns)
        for i in 0..<rows {
            for j in 0..<columns where out[j * rows + i] != a[i * columns + j] {
                Issue.record("element (\(i), \(j)) of a \(rows) × \(columns) matrix became \(out[j * rows + i])")
                return
            }
        }
    }

    @Test("the sum of squares counts every element once, in the blocks of 16 and past them",
          arguments: [0, 1, 3, 15, 16, 17, 31, 32, 33, 100, 1027])
    func sumOfSquares(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count))
        let x = (0..<count).map { _ in generator.uniform(in: -2...2) }
        var plain = 0.0
        for value in x { plain += value * value }
        let sum = x.withUnsafeBufferPointer(Kernels.sumOfSquares)
        #expect(abs(sum - plain) <= 1e-14 * plain, "\(sum) against \(plain)")
        // an element anywhere changes the sum by its square
        for position in Set([0, count / 2, count - 1]) where count > 0 {
            var changed = x
            changed[position] += 3
            let expected = plain - x[position] * x[position] + changed[position] * changed[position]
            let got = changed.withUnsafeBufferPointer(Kernels.sumOfSquares)
            #expect(abs(got - expected) <= 1e-13 * expected, "element \(position) of \(count)")
        }
    }

    @Test("the seeded generator repeats, differs by seed, and is pinned")
    func generator() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        // xoshiro256** with its state filled by SplitMix64 from seed 0, as computed by an
        // independent implementation of the published reference algorithms.
        var zero = SeededGenerator(seed: 0)
        #expect((0..<3).map { _ in zero.next() } == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
    }

    @Test("uniform and normal samples have the right moments")
    func distributions() {
        var generator = SeededGenerator(seed: 9)
        let count = 200_000
        let uniform = (0..<count).map { _ in generator.uniform(in: -1...3) }
        #expect(uniform.allSatisfy { $0 >= -1 && $0 < 3 })
        #expect(abs(uniform.reduce(0, +) / Double(count) - 1) < 0.02)
        let normal = (0..<count).map { _ in generator.normal(mean: 2, standardDeviation: 3) }
        let mean = normal.reduce(0, +) / Double(count)
        let variance = normal.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(count)
        #expect(abs(mean - 2) < 0.05)
        #expect(abs(variance - 9) < 0.15)
    }

    @Test("activation derivatives match central differences", arguments: Activation.allCases)
    func activations(activation: Activation) {
        for a in [-2.0, -0.3, 0.4, 1.7] {
            let numeric = (activation.apply(a + 1e-6) - activation.apply(a - 1e-6)) / 2e-6
            #expect(abs(activation.derivative(at: a) - numeric) < 1e-8)
            #expect(activation.derivative(output: activation.apply(a), preactivation: a) == activation.derivative(at: a))
        }
        #expect(Activation.relu.derivative(at: 0) == 0)
    }

    @Test("spectral radius and norm of matrices whose squares overflow or vanish", arguments: [-1e308, 0x1p-1063, 3e200])
    func extremeSpectra(entry: Double) throws {
        let a = try #require(Matrix(rowArrays: [[entry, 0], [0, entry / 2]]))
        #expect(abs(a.spectralRadius / abs(entry) - 1) < 1e-9, "\(a.spectralRadius)")
        #expect(abs(a.spectralNorm / abs(entry) - 1) < 1e-9, "\(a.spectralNorm)")
        #expect(abs(a.frobeniusNorm / (abs(entry) * 1.25.squareRoot()) - 1) < 1e-12)
    }

    @Test("a norm whose squares overflow or fade into the subnormals is taken rescaled; any other is the plain sum's root, bit for bit")
    func normsBeyondTheSquares() throws {
        // 4e245 over 16 units, as `grad` meets in a ReLU RNN of radius 3: Σaᵢ² is +Inf
        let large = (0..<16).map { Double($0 + 1) * 1e244 }
        let expected = 1e244 * (1...16).map { Double($0 * $0) }.reduce(0, +).squareRoot()
        #expect(abs(VectorMath.norm(large) / expected - 1) < 1e-15, "\(VectorMath.norm(large))")
        #expect(abs(VectorMath.norm([3e200, -4e200]) / 5e200 - 1) < 1e-15)
        #expect(VectorMath.norm([1e308, .infinity]) == .infinity)
        #expect(VectorMath.norm([1e308, 1e308]).isFinite, "√2·1e308 is below the largest Double")
        #expect(VectorMath.norm([Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude]) == .infinity)
        let set = ParameterSet([("a", try #require(Tensor(shape: [2], values: [3e200, 0]))),
                                ("b", try #require(Tensor(shape: [1], values: [-4e200])))])
        #expect(abs(set.globalNorm / 5e200 - 1) < 1e-15)
        // a gradient that faded below 1e-154 has squares in the subnormals, or 0: rescaled too
        #expect(abs(VectorMath.norm([3e-200, -4e-200]) / 5e-200 - 1) < 1e-15, "\(VectorMath.norm([3e-200, -4e-200]))")
        #expect(abs(VectorMath.norm([1e-160, 1e-160]) / (2.0.squareRoot() * 1e-160) - 1) < 1e-15)
        #expect(VectorMath.norm([0, 0]) == 0 && VectorMath.norm([0, Double.leastNonzeroMagnitude]) == Double.leastNonzeroMagnitude)
        let faded = ParameterSet([("a", try #require(Tensor(shape: [2], values: [3e-170, 0]))),
                                  ("b", try #require(Tensor(shape: [1], values: [4e-170])))])
        #expect(abs(faded.globalNorm / 5e-170 - 1) < 1e-15, "\(faded.globalNorm)")
        // where nothing overflows, the result is the plain sum's, not the rescaled one's
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<50 {
            let values = (0..<37).map { _ in generator.uniform(in: -1...1) * 1e3 }
            #expect(VectorMath.norm(values) == VectorMath.dot(values, values).squareRoot())
            let tensor = ParameterSet([("w", try #require(Tensor(shape: [37], values: values)))])
            #expect(tensor.globalNorm == values.withUnsafeBufferPointer(Kernels.sumOfSquares).squareRoot())
        }
    }

    @Test("a diagonal matrix's spectral radius and norm are its largest |entry| exactly")
    func diagonalSpectra() throws {
        let identity = Matrix.identity(7)
        #expect(identity.spectralRadius == 1)
        #expect(identity.spectralRadius(tolerance: 1e-6, shouldStop: nil) == 1)
        #expect(identity.spectralNorm == 1)
        let diagonal = try #require(Matrix(rowArrays: [[0.5, 0, 0], [0, -1.25, 0], [0, 0, 1]]))
        #expect(diagonal.spectralRadius == 1.25)
        #expect(diagonal.spectralNorm == 1.25)
        // one entry off the diagonal: measured as any other matrix
        let offDiagonal = try #require(Matrix(rowArrays: [[1, 0], [1e-3, 1]]))
        #expect(offDiagonal.diagonalMagnitude == nil)
        #expect(abs(offDiagonal.spectralRadius - 1) < 1e-6)
    }

    /// Matrices whose eigenvalues are known exactly, with their spectral radius: companion
    /// matrices of polynomials with chosen roots (a real root largest, then a complex pair
    /// largest), and a block upper triangular matrix whose diagonal blocks are scaled
    /// rotations (eigenvalues r·e^{±iθ}) under random entries that make it far from normal.
    static func knownSpectra() -> [(name: String, matrix: Matrix, radius: Double)] {
        // x⁴ + c₁x³ + c₂x² + c₃x + c₄ has the companion matrix with first row −c and ones below the diagonal
        func companion(_ c: [Double]) -> Matrix {
            var m = Matrix(rows: c.count, columns: c.count)
            for j in c.indices { m[0, j] = -c[j] }
            for i in 1..<c.count { m[i, i - 1] = 1 }
            return m
        }
        let realLargest = companion([-0.4, 0.19, -0.256, -0.288])   // (x − 0.9)(x + 0.5)(x² + 0.64)
        let pairLargest = companion([-0.2, 0.66, -0.162, -0.1215])  // (x² + 0.81)(x − 0.5)(x + 0.3)
        var generator = SeededGenerator(seed: 11)
        let n = 40
        var rotations = Matrix(rows: n, columns: n)
        for block in stride(from: 0, to: n, by: 2) {
            let scale = block == 2 ? 0.95 : generator.uniform(in: 0.3...0.9), angle = generator.uniform(in: 0.1...3)
            rotations[block, block] = scale * cos(angle); rotations[block, block + 1] = -scale * sin(angle)
            rotations[block + 1, block] = scale * sin(angle); rotations[block + 1, block + 1] = scale * cos(angle)
            for column in (block + 2)..<n {
                rotations[block, column] = generator.uniform(in: -1...1)
                rotations[block + 1, column] = generator.uniform(in: -1...1)
            }
        }
        return [("real root 0.9", realLargest, 0.9), ("complex pair ±0.9i", pairLargest, 0.9), ("scaled rotations", rotations, 0.95)]
    }

    @Test("the spectral radius is an upper bound within its tolerance of known eigenvalues", arguments: [nil, 1e-3, 1e-6, 1e-9])
    func radiusTolerance(tolerance: Double?) {
        for (name, matrix, radius) in Self.knownSpectra() {
            let measured = matrix.spectralRadius(tolerance: tolerance, shouldStop: nil) ?? .nan
            #expect(measured >= radius * (1 - 1e-14), "\(name): \(measured) is below ρ = \(radius)")
            #expect(measured <= radius * (1 + (tolerance ?? 1e-10)), "\(name): \(measured) is further from ρ = \(radius) than asked")
        }
    }

    @Test("a tolerance stops the squarings early; without one all 40 are made, as before")
    func radiusStopsEarly() throws {
        let matrix = Self.knownSpectra()[0].matrix
        var squarings = 0
        let full = matrix.spectralRadius(shouldStop: { squarings += 1; return false })
        #expect(squarings == 40)
        #expect(full == matrix.spectralRadius)
        squarings = 0
        _ = matrix.spectralRadius(tolerance: 1e-6, shouldStop: { squarings += 1; return false })
        #expect(squarings < 30, "\(squarings) squarings for a relative error of 1e-6")
    }

    /// The largest |eigenvalue| of a small matrix by a different road: unshifted QR
    /// iteration (A ← RQ for A = QR, a similarity) to its real Schur form, whose 1×1 diagonal
    /// blocks are the real eigenvalues and whose 2×2 blocks hold a complex pair (or two
    /// reals of nearly equal size, which converge slowly), read by the quadratic formula.
    static func referenceRadius(_ matrix: Matrix) throws -> Double {
        let n = matrix.rows
        var a = matrix
        for _ in 0..<20_000 {
            // Gram–Schmidt twice over: Q's columns orthonormal, R = QᵀA upper triangular
            var q = a
            for j in 0..<n {
                for _ in 0..<2 {
                    for k in 0..<j {
                        var dot = 0.0
                        for i in 0..<n { dot += q[i, k] * q[i, j] }
                        for i in 0..<n { q[i, j] -= dot * q[i, k] }
                    }
                }
                var norm = 0.0
                for i in 0..<n { norm += q[i, j] * q[i, j] }
                for i in 0..<n { q[i, j] /= norm.squareRoot() }
            }
            a = q.transposed.multiplied(by: a)!.multiplied(by: q)!  // RQ = QᵀAQ
        }
        let scale = a.frobeniusNorm
        func coupled(_ i: Int) -> Bool { abs(a[i + 1, i]) > 1e-13 * scale }
        var largest = 0.0, i = 0
        while i < n {
            if i + 1 < n, coupled(i) {
                try #require(i + 2 >= n || !coupled(i + 1), "the Schur form has a block larger than 2×2")
                let half = (a[i, i] + a[i + 1, i + 1]) / 2
                let determinant = a[i, i] * a[i + 1, i + 1] - a[i, i + 1] * a[i + 1, i]
                let discriminant = half * half - determinant
                largest = max(largest, discriminant < 0 ? determinant.squareRoot() : abs(half) + discriminant.squareRoot())
                i += 2
            } else {
                largest = max(largest, abs(a[i, i]))
                i += 1
            }
        }
        return largest
    }

    @Test("the spectral radius of a random matrix agrees with a slow reference", arguments: [1 as UInt64, 2, 3])
    func radiusOfRandomMatrix(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var matrix = Matrix(rows: 8, columns: 8)
        for i in matrix.values.indices { matrix.values[i] = generator.uniform(in: -1...1) }
        let reference = try Self.referenceRadius(matrix)
        #expect(abs(matrix.spectralRadius / reference - 1) < 1e-10, "\(matrix.spectralRadius) vs \(reference)")
        let measured = try #require(matrix.spectralRadius(tolerance: 1e-6, shouldStop: nil))
        #expect(measured >= reference * (1 - 1e-12) && measured <= reference * (1 + 1e-6), "\(measured) vs \(reference)")
    }

    @Test("spectral norm, spectral radius and symmetric eigenvalues of known matrices")
    func spectra() throws {
        let a = try #require(Matrix(rowArrays: [[3, 0], [4, 5]]))
        #expect(abs(a.spectralNorm - 45.0.squareRoot()) < 1e-12)  // AᵀA has eigenvalues 45 and 5
        let rotation = try #require(Matrix(rowArrays: [[0, -2], [2, 0]]))
        #expect(abs(rotation.spectralRadius - 2) < 1e-9)  // eigenvalues ±2i
        let jordan = try #require(Matrix(rowArrays: [[0.5, 1], [0, 0.5]]))
        #expect(abs(jordan.spectralRadius - 0.5) < 1e-9)
        #expect(jordan.spectralNorm > 1)
        let symmetric = try #require(Matrix(rowArrays: [[2, 1, 0], [1, 2, 1], [0, 1, 2]]))
        let eigenvalues = Matrix.symmetricEigenvalues(symmetric).sorted()
        let expected = [2 - 2.0.squareRoot(), 2, 2 + 2.0.squareRoot()]
        for (x, y) in zip(eigenvalues, expected) { #expect(abs(x - y) < 1e-12) }
        // Lanczos (used above 64) agrees with Jacobi.
        var generator = SeededGenerator(seed: 4)
        var big = Matrix(rows: 70, columns: 70)
        for i in big.values.indices { big.values[i] = generator.normal() }
        let gram = big.transposed.multiplied(by: big)!
        let exact = Matrix.symmetricEigenvalues(gram).max()!
        #expect(abs(try #require(Matrix.largestEigenvalue(dimension: 70, shouldStop: nil) { gram.multiplied(by: $0) }) - exact) / exact < 1e-13)
    }

    @Test("the spectral norm of a large matrix whose two largest singular values are 0.5 % apart is exact")
    func spectralNormOfCloseSingularValues() throws {
        // A = Q D Q with Q = I − 2wwᵀ/wᵀw (orthogonal and symmetric): singular values |d_i|
        let n = 80
        var generator = SeededGenerator(seed: 9)
        let w = (0..<n).map { _ in generator.normal() }
        let scale = 2 / VectorMath.dot(w, w)
        var q = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { q[i, j] = (i == j ? 1 : 0) - scale * w[i] * w[j] } }
        var d = Matrix(rows: n, columns: n)
        for i in 0..<n { d[i, i] = i == 0 ? -1.0 : 0.995 - 0.01 * Double(i) / Double(n) }
        let a = q.multiplied(by: d)!.multiplied(by: q)!
        #expect(abs(a.spectralNorm - 1) < 1e-13, "\(a.spectralNorm)")
        var asked = 0
        #expect(a.spectralNorm(shouldStop: { asked += 1; return asked > 2 }) == nil, "stops when asked")
    }

    /// `count` Jacobians of `size` units like a recurrent layer's: one W, rows scaled by
    /// gate-like values that drift from step to step; step `turn` is another matrix
    /// altogether, step `zero` is all zeros, and the last has two top singular values
    /// 0.1 % apart.
    static func stepJacobians(size: Int, count: Int, turn: Int, zero: Int) -> [Matrix] {
        var generator = SeededGenerator(seed: 12)
        func random() -> Matrix {
            var m = Matrix(rows: size, columns: size)
            for i in m.values.indices { m.values[i] = generator.normal() / Double(size).squareRoot() }
            return m
        }
        let weight = random()
        var scales = (0..<size).map { _ in generator.uniform(in: 0.1...1) }
        var jacobians: [Matrix] = []
        for step in 0..<count {
            for i in 0..<size { scales[i] = min(1, max(0.05, scales[i] + generator.uniform(in: -0.1...0.1))) }
            var jacobian = weight
            for i in 0..<size { for k in 0..<size { jacobian[i, k] *= scales[i] } }
            jacobians.append(step == turn ? random() : step == zero ? Matrix(rows: size, columns: size) : jacobian)
        }
        // Q D Q with Q a reflection: singular values |d_i|, the two largest 1 and 0.999
        let w = (0..<size).map { _ in generator.normal() }
        let factor = 2 / VectorMath.dot(w, w)
        var q = Matrix(rows: size, columns: size), d = Matrix(rows: size, columns: size)
        for i in 0..<size { for j in 0..<size { q[i, j] = (i == j ? 1 : 0) - factor * w[i] * w[j] } }
        for i in 0..<size { d[i, i] = i == 0 ? -1 : 0.999 - 0.5 * Double(i) / Double(size) }
        jacobians.append(q.multiplied(by: d)!.multiplied(by: q)!)
        return jacobians
    }

    @Test("step Jacobian norms by warm-started Lanczos agree with the exact norms (Jacobi) to 1e-12", arguments: [17, 48])
    func stepJacobianNormsAgreeWithExact(size: Int) throws {
        var meter = StepJacobianNormMeter()
        for (step, jacobian) in Self.stepJacobians(size: size, count: 60, turn: 30, zero: 40).enumerated() {
            let exact = jacobian.spectralNorm  // Jacobi: at most 64 units
            let measured = meter.norm(of: jacobian.values, hiddenSize: size)
            #expect(abs(measured - exact) <= 1e-12 * max(exact, 1e-300), "step \(step): \(measured) against \(exact)")
        }
    }

    @Test("Lanczos returns the top eigenvector with the eigenvalue, from a given start or not")
    func lanczosEigenvector() throws {
        var generator = SeededGenerator(seed: 5)
        var a = Matrix(rows: 30, columns: 30)
        for i in a.values.indices { a.values[i] = generator.normal() }
        let gram = a.transposed.multiplied(by: a)!
        let exact = Matrix.symmetricEigenvalues(gram).max()!
        let cold = try #require(Matrix.largestEigenpair(dimension: 30, shouldStop: nil) { gram.multiplied(by: $0) })
        let warm = try #require(Matrix.largestEigenpair(dimension: 30, start: cold.vector.map { $0 + 0.1 }, shouldStop: nil) {
            gram.multiplied(by: $0)
        })
        for pair in [cold, warm] {
            #expect(abs(pair.value - exact) / exact < 1e-13)
            #expect(abs(VectorMath.norm(pair.vector) - 1) < 1e-12)
            let residual = zip(gram.multiplied(by: pair.vector), pair.vector).map { $0 - pair.value * $1 }
            #expect(VectorMath.norm(residual) / exact < 1e-6, "G v = λ v")
        }
    }

    @Test("changing one entry of a parameter set's tensor by position changes it in place, not a copy")
    func parameterSetChangesInPlace() {
        var set = ParameterSet([("w", Tensor(shape: [4096], values: [Double](repeating: 0, count: 4096))!)])
        let before = set[index: 0].values.withUnsafeBufferPointer { $0.baseAddress }
        set[index: 0].values[1] += 1  // a copy would be made while the original still lives: another address
        #expect(set[index: 0].values.withUnsafeBufferPointer { $0.baseAddress } == before)
        for k in 2..<4096 { set[index: 0].values[k] += Double(k) }
        #expect(set["w"]!.values[1] == 1 && set["w"]!.values[4095] == 4095)
    }

    @Test("kernels compute y += A x, y += Aᵀ x and A += u vᵀ")
    func kernels() throws {
        let a = try #require(Matrix(rowArrays: [[1, 2, 3], [4, 5, 6]]))
        #expect(a.multiplied(by: [1, 0, -1]) == [-2, -2])
        var y = [1.0, 1, 1]
        a.values.withUnsafeBufferPointer { a in
            [1.0, 2].withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { Kernels.gemvTransposed(a.baseAddress!, rows: 2, columns: 3, x.baseAddress!, into: $0.baseAddress!) }
            }
        }
        #expect(y == [10, 13, 16])
        var outer = [Double](repeating: 0, count: 6)
        [1.0, 2].withUnsafeBufferPointer { u in
            [3.0, 4, 5].withUnsafeBufferPointer { v in
                outer.withUnsafeMutableBufferPointer { Kernels.addOuterProduct(u.baseAddress!, count: 2, v.baseAddress!, count: 3, into: $0.baseAddress!) }
            }
        }
        #expect(outer == [3, 4, 5, 6, 8, 10])
    }

    @Test("JSON numbers round-trip exactly and the parser rejects duplicates")
    func json() throws {
        let numbers = [0.1, -1e-300, 1.0 / 3.0, 123456789.125, Double.leastNonzeroMagnitude, -0.0, 1e22]
        let text = JSONWriter.text(JSONValue(numbers))
        let parsed = try JSONParser.parse(text)
        #expect(parsed.array?.compactMap(\.number).map(\.bitPattern) == numbers.map(\.bitPattern))
        #expect(throws: JSONParseError.self) { try JSONParser.parse("{\"a\": 1, \"a\": 2}") }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(String(repeating: "[", count: 100)) }
        #expect(try JSONParser.parse("{\"k\": \"\\u00e9\\n\"}")["k"]?.string == "é\n")
    }
}
