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
        #expect(NumberFormat.column([3.2e-12, 0.1], significantDigits: 4) == ["3.200e-12", "1.000e-01"])
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
