import Foundation
import Rendering
import Testing

@Suite struct NumberFormatTests {
    @Test func columnsShareDecimalsAndAlignSigns() {
        let texts = NumberFormat.column([0.6021, -0.12, 0.5], significantDigits: 4)
        #expect(texts == ["0.6021", "-0.1200", "0.5000"])
        let widths = Set(texts.map { $0.count })
        #expect(widths == [6, 7])
    }

    @Test func tinyAndSpreadMagnitudesUseScientificNotation() {
        #expect(NumberFormat.column([3.2e-12, 4.5e-9], significantDigits: 4) == ["3.200e-12", "4.500e-09"])
        // gradient norms that vanish over the steps fill every decade: all in powers of ten
        let vanishing = (0..<12).map { 2.5 * pow(10, -Double($0) / 2) }
        #expect(NumberFormat.column(vanishing, significantDigits: 4).allSatisfy { $0.contains("e") })
        #expect(NumberFormat.column([25_000_000.5], significantDigits: 3) == ["2.50e+07"])
        #expect(NumberFormat.single(1.0e-300, significantDigits: 2) == "1.0e-300")
    }

    @Test func wholeNumbersStayWhole() {
        #expect(NumberFormat.column([160, 64, 16], significantDigits: 4) == ["160", "64", "16"])
    }

    @Test func smallestValueKeepsTwoSignificantDigits() {
        #expect(NumberFormat.column([12.5, -0.003], significantDigits: 4) == ["12.5000", "-0.0030"])
        // a gradient norm that grew 5,000-fold: the last one reads 2.8, not 3
        #expect(NumberFormat.column([14208.37, 2.828], significantDigits: 4) == ["14208.4", "2.8"])
    }

    @Test("one tiny value is written in powers of ten on its own; the others keep their decimals")
    func oneTinyValueLeavesTheColumnReadable() {
        #expect(NumberFormat.column([0.43, -0.12, 0.0000003], significantDigits: 4) == ["0.4300", "-0.1200", "3.000e-07"])
        // a hundred values of one size and one stray: the stray alone is written apart
        let values = (0..<100).map { 0.1 + Double($0) / 1000 } + [-2e-9]
        let texts = NumberFormat.column(values, significantDigits: 4)
        #expect(texts[0] == "0.1000" && texts[99] == "0.1990" && texts[100] == "-2.000e-09", "\(texts)")
    }

    @Test("a large value beside a small one carries no decimals no one reads; counts group thousands")
    func largeValuesAndCounts() {
        #expect(NumberFormat.column([98921.197, 0.012], significantDigits: 4) == ["98921", "0.01200"])
        // a plot's y-axis labels: top, middle, bottom
        #expect(NumberFormat.column([98921.197, 49460.6, 0.012], significantDigits: 3) == ["98921", "49461", "0.0120"])
        #expect(NumberFormat.count(4416) == "4,416" && NumberFormat.count(160) == "160")
        #expect(NumberFormat.count(-1_234_567) == "-1,234,567" && NumberFormat.count(0) == "0")
        #expect(NumberFormat.format(4_206_592, style: .count) == "4,206,592")
    }

    @Test func specialValuesAreReadable() {
        #expect(NumberFormat.column([.nan, .infinity, -.infinity, 1.5]) == ["NaN", "+Inf", "-Inf", "1.500"])
        #expect(NumberFormat.column([-0.0, 0.25]) == ["0.0000", "0.2500"])
    }

    @Test func roundingCarriesIntoTheExponent() {
        #expect(NumberFormat.format(9.9996e-5, style: .scientific(decimals: 3)) == "1.000e-04")
    }

    @Test func shortestFormReadsBackExactly() {
        var generator = Samples.Generator(seed: 3)
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            let text = NumberFormat.shortest(value)
            #expect(Double(text) == value, "\(text) does not read back as \(value)")
        }
        #expect(NumberFormat.shortest(0.1) == "0.1")
        #expect(NumberFormat.shortest(.nan) == "NaN")
        #expect(NumberFormat.shortest(-.infinity) == "-Infinity")
    }
}
