/// How many terminal columns text occupies, ignoring ANSI escape sequences.
extension String {
    /// Columns this text takes on a terminal: escape sequences count zero, wide (East
    /// Asian) characters two, combining marks zero, everything else one; an emoji's skin
    /// tone and the emoji joined to it by a zero-width joiner (👍🏽, 👩‍💻) are drawn in the
    /// first one's two columns.
    var displayWidth: Int {
        var width = 0
        var inEscape = false
        var previous: Unicode.Scalar?
        for scalar in unicodeScalars {
            if inEscape {
                if scalar.value >= 0x40 && scalar.value <= 0x7E && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; continue }
            width += DisplayWidth.columns(of: scalar, after: previous)
            previous = scalar
        }
        return width
    }

    /// The text cut to at most `width` columns, ending in `marker` when something was cut.
    ///
    /// Escape sequences are kept (they take no room); a reset is appended when the text
    /// held any, so a cut never leaves color running.
    func truncated(toWidth width: Int, marker: String) -> String {
        if displayWidth <= width { return self }
        let markerWidth = marker.displayWidth
        let budget = Swift.max(0, width - markerWidth)
        var result = String.UnicodeScalarView()
        var used = 0
        var inEscape = false
        var sawEscape = false
        var previous: Unicode.Scalar?
        for scalar in unicodeScalars {
            if inEscape {
                result.append(scalar)
                if scalar.value >= 0x40 && scalar.value <= 0x7E && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" { inEscape = true; sawEscape = true; result.append(scalar); continue }
            let w = DisplayWidth.columns(of: scalar, after: previous)
            if used + w > budget { break }
            used += w
            result.append(scalar)
            previous = scalar
        }
        var text = String(result)
        if markerWidth <= width { text += marker }
        if sawEscape { text += ANSI.reset }
        return text
    }

    /// The text padded with spaces on the right to `width` columns.
    func padded(to width: Int) -> String {
        let w = displayWidth
        return w >= width ? self : self + String(repeating: " ", count: width - w)
    }

    /// The text padded with spaces on the left to `width` columns.
    func leftPadded(to width: Int) -> String {
        let w = displayWidth
        return w >= width ? self : String(repeating: " ", count: width - w) + self
    }
}

/// Column widths of single Unicode scalars.
enum DisplayWidth {
    /// Columns `scalar` adds after `previous`: none for a skin-tone modifier (U+1F3FB–1F3FF)
    /// or for the scalar after a zero-width joiner, which terminals draw within the emoji
    /// before them; else ``columns(of:)``.
    static func columns(of scalar: Unicode.Scalar, after previous: Unicode.Scalar?) -> Int {
        if (0x1F3FB...0x1F3FF).contains(scalar.value) || previous == "\u{200D}" { return 0 }
        return columns(of: scalar)
    }

    /// Columns one scalar takes: 0 for combining marks and zero-width characters, 2 for
    /// wide East Asian characters and most emoji, 1 otherwise.
    static func columns(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x300 { return v < 0x20 || v == 0x7F ? 0 : 1 }
        if (0x300...0x36F).contains(v) || (0x200B...0x200F).contains(v)
            || (0xFE00...0xFE0F).contains(v) || (0x20D0...0x20FF).contains(v) {
            return 0
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }
}
