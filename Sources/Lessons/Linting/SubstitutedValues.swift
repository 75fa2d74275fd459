#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Made-up values for the quantities a claim reads, so that lint can tell two sides of a
/// comparison that come to the same whatever the lab holds (`abs(h)` and `abs(-h)`,
/// `max(h)` and `max(h) - 0`) from two that merely look alike.
///
/// Each reference gets numbers of its own, drawn from a fixed seed so that lint says the
/// same every run. Two sides that agree exactly for every one of several such draws, of
/// several lengths and both signs, are taken to agree for every value the lab could hold:
/// sides that differ somewhere differ at almost every random point, so agreeing at all of
/// them by chance is all but impossible, while sides that are the same computation agree
/// at every point, to the last bit.
struct SubstitutedValues: ValueResolver {
    /// The numbers each reference stands for in this draw.
    var values: [ValueReference: [Double]]

    func values(of reference: ValueReference) throws(ValueResolutionError) -> [Double] {
        guard let numbers = values[reference] else { throw ValueResolutionError("\(reference): not substituted") }
        return numbers
    }

    /// One way of drawing: how many numbers each reference has, of which sign and size.
    struct Draw {
        /// The same length for every reference, so that any two combine element by
        /// element; nil gives each reference a length of its own (`count(h)` and
        /// `count(f)` then differ, as they may in the lab).
        var length: Int?
        /// Numbers of both signs rather than positive ones only.
        var mixedSigns: Bool
        /// Numbers of any size, about 1e-87 to 1e87, rather than about 0.05 to 20: a
        /// claim's own numbers (`first(h > -10)`, `count(h < 1e6)`) then fall among them.
        var wide: Bool
    }

    /// The draws every comparison is tried with: one number and several, positive (where
    /// a logarithm or square root is defined) and of both signs (where `abs(h)` and `h`
    /// differ), of moderate size (where `exp` stays finite) and of any, and lengths of
    /// each reference's own.
    static let draws: [Draw] = [false, true].flatMap { wide in
        [1, 2, 5, 5, nil, nil].flatMap { length in
            [false, true].map { mixedSigns in Draw(length: length, mixedSigns: mixedSigns, wide: wide) }
        }
    }

    /// Whether `left` and `right` come to exactly the same numbers for every value of the
    /// quantities they read. A draw for which a side cannot be evaluated (a logarithm of a
    /// negative number, lists of different lengths) says nothing either way, as the lab
    /// refuses such a claim where it holds such values; but a draw of five numbers of each
    /// must be evaluated, so that a likeness of one or two numbers (`max(h)` and `min(h)`
    /// of one) is never taken for one of all.
    static func alwaysAgree(_ left: CheckExpression, _ right: CheckExpression) -> Bool {
        let references = Array(Set(left.references + right.references)).sorted { $0.description < $1.description }
        var generator = SplitMix64(seed: 0x5EED_0F_C1A1)
        var evaluatedFive = false
        for draw in draws {
            var substituted: [ValueReference: [Double]] = [:]
            for reference in references {
                let length = draw.length ?? Int.random(in: 1...6, using: &generator)
                substituted[reference] = (0..<length).map { _ in number(draw, using: &generator) }
            }
            var evaluator = CheckEvaluator(resolver: SubstitutedValues(values: substituted))
            guard case .numbers(let a, _)? = try? evaluator.evaluate(left),
                  case .numbers(let b, _)? = try? evaluator.evaluate(right),
                  !a.isEmpty, !b.isEmpty, !a.contains(where: \.isNaN), !b.contains(where: \.isNaN) else { continue }
            // one number is compared with each of several, as the lab compares them
            let agree = a.count == b.count ? a == b : a.count == 1 ? b.allSatisfy { $0 == a[0] } : b.count == 1 && a.allSatisfy { $0 == b[0] }
            guard agree else { return false }
            if draw.length == 5 { evaluatedFive = true }
        }
        return evaluatedFive
    }

    /// Whether `claim` holds for every value of the quantities it reads, so that no lab
    /// can make it fail: `count(f > 0.5) >= 0`, `abs(h) >= 0`, `max(h) >= min(h)`,
    /// `h > 0 or h <= 0`.
    ///
    /// Random numbers miss the few values where a claim may fail by a hair, so it is tried
    /// too with values the lab may well hold there: every value 0 (`max(abs(dh)) > 0` fails
    /// for a gradient that vanished), every value one of the claim's own numbers, or one it
    /// computes of them alone, or its negative (`params != 81`, `mean(h) != 0.25 * 4`),
    /// every quantity the same numbers (`h[t=1] != h[t=2]`), as many numbers as one of the
    /// claim's whole numbers (`count(h) != 6`), and no values at all, where a `count(…)` is
    /// 0 (`count(train-grad-norm) >= 1` fails for a model never trained). A value the lab
    /// refuses (a logarithm of a negative number, lists of different lengths, `first(…)` of
    /// a claim that holds nowhere) fails the check, so the claim can fail; only a claim
    /// about no values at all is refused whatever it claims, and that says nothing of it.
    ///
    /// A reference with `bounds` (a sigmoid gate's [0, 1]) is given only numbers within
    /// them, as the lab gives it no others: each made-up number outside is brought in
    /// (``bounded(_:within:)``), and each of the claim's own numbers outside stands for the
    /// nearer end, so that both ends are tried (`f in (0, 1)` fails for a saturated gate of
    /// exactly 1). So `exp(f) > 0` holds for every gate, while `exp(h) > 0` can fail: h of
    /// 800 makes exp overflow, which the lab refuses.
    static func alwaysHold(_ claim: CheckExpression, bounds: [ValueReference: ClosedRange<Double>] = [:]) -> Bool {
        let references = Array(Set(claim.references)).sorted { $0.description < $1.description }
        guard !references.isEmpty else { return false }
        let ends = references.compactMap { bounds[$0] }.flatMap { [$0.lowerBound, $0.upperBound] }
        let ownNumbers = Set(claim.constants.flatMap { [$0, -$0] } + [0] + ends).sorted()
        let lengths = Set(ownNumbers.filter { $0 >= 1 && $0 <= 1000 && $0 == $0.rounded() }.map { Int($0) }).sorted()
        var generator = SplitMix64(seed: 0x5EED_0F_C1A1)
        /// A made-up number as `reference` may hold it.
        func fitted(_ number: Double, for reference: ValueReference) -> Double {
            bounds[reference].map { bounded(number, within: $0) } ?? number
        }
        /// Whether the claim holds, or the lab refuses it only for want of any value.
        func holds(_ substituted: [ValueReference: [Double]], empty: Bool = false) -> Bool {
            var evaluator = CheckEvaluator(resolver: SubstitutedValues(values: substituted))
            do { return try evaluator.holds(claim) } catch { return empty }
        }
        for draw in draws {
            var independent: [ValueReference: [Double]] = [:]
            var tied: [ValueReference: [Double]] = [:]
            let tiedLength = draw.length ?? Int.random(in: 1...6, using: &generator)
            let shared = (0..<tiedLength).map { _ in number(draw, using: &generator) }
            for reference in references {
                let length = draw.length ?? Int.random(in: 1...6, using: &generator)
                independent[reference] = (0..<length).map { _ in fitted(number(draw, using: &generator), for: reference) }
                tied[reference] = shared.map { fitted($0, for: reference) }
            }
            guard holds(independent), holds(tied) else { return false }
        }
        for value in ownNumbers {
            for length in [1, 5] {
                // a number beyond a reference's bounds stands for the nearer end
                guard holds(Dictionary(uniqueKeysWithValues: references.map { reference in
                    (reference, Array(repeating: bounds[reference].map { Swift.min(Swift.max(value, $0.lowerBound), $0.upperBound) } ?? value, count: length))
                })) else { return false }
            }
        }
        for length in lengths {
            let draw = Draw(length: length, mixedSigns: true, wide: false)
            let substituted = Dictionary(uniqueKeysWithValues: references.map { reference in
                (reference, (0..<length).map { _ in fitted(number(draw, using: &generator), for: reference) })
            })
            guard holds(substituted) else { return false }
        }
        return holds(Dictionary(uniqueKeysWithValues: references.map { ($0, []) }), empty: true)
    }

    /// Whether the lab may refuse one of `sides` for values it could hold, so that a claim
    /// comparing them can fail though they come to the same wherever they are computed:
    /// `ln(h)` is NaN for a negative h, `h * 1e300 * 1e300` is beyond the largest number
    /// for h = 0.5, `1 / h` divides by 0 for h = 0, and ``CheckEvaluator`` refuses each
    /// (`exp(ln(h)) ≈ h` fails for a tanh RNN). Tried with numbers of moderate size, as
    /// the lab's values mostly are, positive and of both signs, with and without a 0 among
    /// them, each reference as long as the others, so that lists of different lengths
    /// (which the lab holds or not whatever the values) play no part. Numbers of any size
    /// are left out: a side refused only for `h` of 1e80 (`exp(h)`) is not refused for
    /// the lab's bounded values, a tanh's, a gate's, a loss that converges.
    static func mayBeRefused(_ sides: [CheckExpression]) -> Bool {
        let references = Array(Set(sides.flatMap(\.references))).sorted { $0.description < $1.description }
        var generator = SplitMix64(seed: 0x5EED_0F_C1A1)
        for draw in draws where !draw.wide && draw.length != nil {
            for withZero in [false, true] {
                var substituted: [ValueReference: [Double]] = [:]
                for reference in references {
                    var numbers = (0..<(draw.length ?? 1)).map { _ in number(draw, using: &generator) }
                    if withZero { numbers[numbers.count - 1] = 0 }
                    substituted[reference] = numbers
                }
                var evaluator = CheckEvaluator(resolver: SubstitutedValues(values: substituted))
                for side in sides {
                    guard case .numbers(let numbers, _)? = try? evaluator.evaluate(side), !numbers.contains(where: \.isNaN) else { return true }
                }
            }
        }
        return false
    }

    /// `number` brought within `bounds`: itself when it lies within them, else as far in
    /// from the end on its side as 1 / (1 + |number|) of their width, so that the numbers
    /// of a wide draw come to lie a hair from an end (1e-87 for a gate of [0, 1]) or on it,
    /// and those of a moderate one all over.
    static func bounded(_ number: Double, within bounds: ClosedRange<Double>) -> Double {
        if bounds.contains(number) { return number }
        let inset = (bounds.upperBound - bounds.lowerBound) / (1 + Swift.abs(number))
        return number > bounds.upperBound ? bounds.upperBound - inset : bounds.lowerBound + inset
    }

    /// A number of no particular size: e^u for u uniform in (−3, 3), from about 0.05 to
    /// 20, or for a wide draw in (−200, 200), from about 1e-87 to 1e87; never 0 nor near
    /// overflow, and negative half the time when the draw mixes signs.
    static func number(_ draw: Draw, using generator: inout SplitMix64) -> Double {
        let range = draw.wide ? 200.0 : 3.0
        let magnitude = exp(Double.random(in: -range..<range, using: &generator))
        return draw.mixedSigns && Bool.random(using: &generator) ? -magnitude : magnitude
    }
}

/// SplitMix64 (Steele, Lea and Flood, 2014): each output is a fixed mix of a counter that
/// steps by the golden-ratio constant, enough for made-up test values and the same on
/// every platform, unlike the system's generator.
struct SplitMix64: RandomNumberGenerator {
    /// The counter.
    var state: UInt64

    /// A generator started at `seed`.
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
