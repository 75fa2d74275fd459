/// Colors from the 256-color palette for diverging and sequential scales.
enum ColorScale {
    /// How far each level of a diverging scale fades toward white, from level 0 (zero,
    /// near-white) to level 4 (the limit, saturated): the 6×6×6 cube's other two channels
    /// at 5 · (1 − level/4), rounded, so the levels stand at quarters of the limit.
    static let divergingFades = [5, 4, 3, 1, 0]

    /// The background color of level `level` (0...4) of a diverging scale: blue below
    /// zero, red above, near-white at level 0 on either side, from the 6×6×6 color cube.
    static func diverging(level: Int, negative: Bool) -> Int {
        let fade = divergingFades[min(max(level, 0), divergingFades.count - 1)]
        if negative { return cube(red: fade, green: fade, blue: 5) }
        return cube(red: 5, green: fade, blue: fade)
    }

    /// The background colors of a sequential scale's ten levels, dark blue through green
    /// to yellow (a viridis-like ramp that stays readable on dark and light terminals).
    static let sequentialRamp = [17, 18, 24, 30, 36, 71, 107, 149, 191, 226]

    /// The background color of level `level` (0...9) of a sequential scale.
    static func sequential(level: Int) -> Int {
        sequentialRamp[min(max(level, 0), sequentialRamp.count - 1)]
    }

    /// The text color, black (16) or white (231), that stands out from `background`, a
    /// color of the 6×6×6 cube (16...231): black on a light color, white on a dark one.
    ///
    /// Light is judged by luma, 0.299 R + 0.587 G + 0.114 B (Rec. 601), of the cube's
    /// channel levels 0, 95, 135, 175, 215, 255, against the middle, 128; green counts
    /// most, so yellow (226) takes black and saturated blue (21) white. Any other index
    /// (the 16 system colors, the grays) takes white.
    static func text(on background: Int) -> Int {
        guard (16...231).contains(background) else { return 231 }
        let levels = [0.0, 95, 135, 175, 215, 255]
        let cube = background - 16
        let (red, green, blue) = (levels[cube / 36], levels[cube / 6 % 6], levels[cube % 6])
        let luma = 0.299 * red + 0.587 * green + 0.114 * blue
        return luma > 128 ? 16 : 231
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
