/// Colors from the 256-color palette for diverging and sequential scales.
enum ColorScale {
    /// A background color for `fraction` in -1...1: blue below zero, near-white at zero,
    /// red above, from the 6×6×6 color cube.
    static func diverging(_ fraction: Double) -> Int {
        let clamped = min(max(fraction, -1), 1)
        let fade = Int(rounding: 5 * (1 - abs(clamped)), in: 0...5)
        if clamped < 0 { return cube(red: fade, green: fade, blue: 5) }
        return cube(red: 5, green: fade, blue: fade)
    }

    /// A background color for `fraction` in 0...1, dark blue through green to yellow
    /// (a viridis-like ramp that stays readable on dark and light terminals).
    static func sequential(_ fraction: Double) -> Int {
        let ramp = [17, 18, 24, 30, 36, 35, 71, 107, 149, 191, 226]
        let clamped = min(max(fraction, 0), 1)
        return ramp[Int(rounding: clamped * Double(ramp.count - 1), in: 0...(ramp.count - 1))]
    }

    /// A 6×6×6 color cube index; components 0...5.
    static func cube(red: Int, green: Int, blue: Int) -> Int {
        16 + 36 * red + 6 * green + blue
    }

    /// A foreground tint for a number in a table: nil for values near zero.
    static func textTint(diverging fraction: Double) -> String? {
        if fraction.isNaN { return ANSI.magenta }
        if abs(fraction) < 0.2 { return nil }
        if fraction < 0 { return ANSI.foreground256(abs(fraction) < 0.6 ? 75 : 33) }
        return ANSI.foreground256(fraction < 0.6 ? 209 : 196)
    }

    /// A foreground emphasis for a number on a sequential scale: dim, plain or bold.
    static func textTint(sequential fraction: Double) -> String? {
        if fraction.isNaN { return ANSI.magenta }
        if fraction < 1.0 / 3 { return ANSI.dim }
        if fraction > 2.0 / 3 { return ANSI.bold }
        return nil
    }
}
