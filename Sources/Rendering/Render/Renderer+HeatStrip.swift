/// Heat strips: one cell per value, drawn with a character ramp, and with color on a
/// background of its value's color as well.
///
/// A sequential scale uses the ramp `_.:-=+*#%@` from low to high, and a diverging scale
/// shows sign by shape: `.` near zero, `+ * # @` for growing positive values and
/// `- = o O` for growing negative ones (filled for positive, hollow for negative). NaN is
/// `×` (`x`), +Inf `▲` (`^`), -Inf `▼` (`v`); an absent value is blank. With color the
/// characters are the same, so a strip reads alike in every terminal, the color aside.
extension Renderer {
    /// The resolved scale: diverging with a limit, or sequential over a range.
    enum HeatScale {
        case diverging(limit: Double)
        case sequential(low: Double, high: Double)
    }

    /// How many rows a heat strip draws between asking whether to stop.
    static let rowsBetweenStopChecks = 64

    // Each ramp has one color per character (ColorScale.sequentialRamp, .divergingFades).
    static let sequentialRamp = ["_", ".", ":", "-", "=", "+", "*", "#", "%", "@"]  // the lowest visible too
    static let positiveRamp = [".", "+", "*", "#", "@"]
    static let negativeRamp = [".", "-", "=", "o", "O"]

    /// A heat strip laid out to the width, wrapping long rows into chunks under a ruler.
    func heatStripLines(_ strip: HeatStrip) -> [String] {
        heatStripLines(strip, shouldStop: nil) ?? []
    }

    /// ``heatStripLines(_:)``, or nil when `shouldStop` says so (it is asked every
    /// ``rowsBetweenStopChecks`` rows drawn): all of a 4096×1024 W_hh takes seconds.
    func heatStripLines(_ strip: HeatStrip, shouldStop: (() -> Bool)?) -> [String]? {
        var lines: [String] = []
        if let title = strip.title { lines.append(titleLine(title)) }
        guard !strip.rows.isEmpty else {
            lines.append(paint("(no rows)", ANSI.dim))
            return lines
        }
        let scale = resolve(strip.scale, values: strip.rows.flatMap(\.presentValues))
        // on its own range, each row's scale and the range written at its right
        let rowScales = strip.eachRowOnItsOwnRange ? strip.rows.map { ownScale(scale, values: $0.presentValues) } : []
        let rangeTexts = rowScales.map(rangeText)
        let rangeWidth = rangeTexts.map(\.displayWidth).max().map { $0 + 2 } ?? 0
        let name = clean(strip.indexLabel)
        let labels = strip.rows.map { fitLabel($0.label, max(4, width / 4)) }
        let labelWidth = max(labels.map(\.displayWidth).max() ?? 0, name.displayWidth)
        let room = max(1, width - labelWidth - 2 - rangeWidth)
        // the ruler has its line to itself, so it may run over where the ranges go
        let rulerRoom = max(1, width - labelWidth - 2)
        let longest = strip.rows.map(\.values.count).max() ?? 0
        let gaps = strip.leftOutRows.filter { $0.key >= 0 && $0.key <= strip.rows.count && $0.value > 0 }
        let columnGaps = strip.leftOutColumns.filter { $0.key > 0 && $0.key < longest && $0.value > 0 }
        // what each column of cells holds: a value's position, or nil for the ` … ` of the
        // columns left out before the next (three wide, so the ruler names both sides)
        var slots: [Int?] = []
        for position in 0..<longest {
            if columnGaps[position] != nil { slots += [nil, nil, nil] }
            slots.append(position)
        }
        // the index a position stands for, past the columns left out before it
        let indices = slots.map { slot in
            slot.map { position in strip.firstIndex + position + columnGaps.filter { $0.key <= position }.values.reduce(0, +) }
        }
        let lastIndex = indices.last.flatMap { $0 } ?? strip.firstIndex
        for chunk in chunks(count: slots.count, firstIndex: strip.firstIndex, lastIndex: lastIndex, room: room, rulerRoom: rulerRoom) {
            let (start, end) = (chunk.lowerBound, chunk.upperBound)
            if start > 0 { lines.append("") }
            let rulerText = columnGaps.isEmpty ? ruler(from: strip.firstIndex + start, count: end - start, room: rulerRoom)
                : ruler(indices: Array(indices[chunk]), room: rulerRoom)
            lines.append(paint(name.padded(to: labelWidth) + "  " + rulerText, ANSI.dim))
            for (index, row) in strip.rows.enumerated() {
                if index % Self.rowsBetweenStopChecks == 0, shouldStop?() == true { return nil }
                if gaps[index] != nil { lines.append(paint(ellipsis, ANSI.dim)) }
                // a row shorter than the longest ends early
                let shown = chunk.prefix { slots[$0].map { $0 < row.values.count } ?? true }
                let rowScale = rowScales.isEmpty ? scale : rowScales[index]
                // a position with no value (padding) is a blank cell
                let cells = shown.map { column in
                    guard let position = slots[column] else {
                        let middle = column > 0 && slots[column - 1] == nil && column + 1 < slots.count && slots[column + 1] == nil
                        return middle ? paint(glyph("…", "~"), ANSI.dim) : " "
                    }
                    return row.absent.contains(position) ? " " : heatCell(row.values[position], rowScale)
                }
                var line = labels[index].padded(to: labelWidth) + "  " + mergingRuns(cells)
                if !rangeTexts.isEmpty {
                    line += String(repeating: " ", count: end - start - shown.count + 2) + paint(rangeTexts[index], ANSI.dim)
                }
                lines.append(line)
            }
            if gaps[strip.rows.count] != nil { lines.append(paint(ellipsis, ANSI.dim)) }
        }
        lines += leftOutLines(gaps.sorted { $0.key < $1.key }.map(\.value), noun: strip.rowNoun, hint: strip.rowElisionHint)
        lines += leftOutLines(columnGaps.sorted { $0.key < $1.key }.map(\.value), noun: strip.columnNoun, hint: strip.columnElisionHint)
        if strip.eachRowOnItsOwnRange {
            // the cells of a range from its low end to its high end, the range being each row's
            let unit: HeatScale
            switch scale {
            case .diverging: unit = .diverging(limit: 1)
            case .sequential: unit = .sequential(low: 0, high: 1)
            }
            lines += heatLegend(unit, labelWidth: labelWidth, ends: ("low", "high"))
            lines += wrapNote("each row on its own range, written at its right", indent: labelWidth + 2)
        } else {
            lines += heatLegend(scale, labelWidth: labelWidth)
        }
        return lines
    }

    /// The scale of one row drawn on its own range: diverging up to its largest magnitude,
    /// or sequential over its lowest to highest value.
    func ownScale(_ shared: HeatScale, values: [Double]) -> HeatScale {
        let finite = values.filter(\.isFinite)
        switch shared {
        case .diverging:
            let largest = finite.map(abs).max() ?? 0
            return .diverging(limit: largest > 0 ? largest : 1)
        case .sequential:
            return .sequential(low: finite.min() ?? 0, high: finite.max() ?? 1)
        }
    }

    /// A row's own range as written at its right: `±0.52` or `0.10…0.93`.
    func rangeText(_ scale: HeatScale) -> String {
        switch scale {
        case .diverging(let limit): return glyph("±", "+-") + NumberFormat.single(limit, significantDigits: 2)
        case .sequential(let low, let high):
            let ends = NumberFormat.column([low, high], significantDigits: 2)
            return ends[0] + glyph("…", "..") + ends[1]
        }
    }

    /// The scale a strip uses once `.auto` is decided from the data.
    func resolve(_ scale: HeatStrip.Scale, values: [Double]) -> HeatScale {
        switch scale {
        case .diverging(let limit): return .diverging(limit: limit > 0 ? limit : 1)
        case .sequential(let low, let high): return .sequential(low: low, high: high)
        case .auto:
            let finite = values.filter(\.isFinite)
            let low = finite.min() ?? 0
            let high = finite.max() ?? 1
            if low < 0 && high > 0 { return .diverging(limit: max(-low, high)) }
            return .sequential(low: low, high: high)
        }
    }

    /// The positions of the chunks a strip of `count` values wraps into, each at most `room`
    /// values wide and each leaving its last index's label room to start over its value
    /// within `rulerRoom` columns (``ruler(from:count:room:)``).
    ///
    /// A strip that fits is one chunk; a longer one is cut at multiples of ten columns
    /// (`1–50`, `51–100`). A last chunk too short to show both its first and its last index
    /// (`101` of 1–101 alone, or `101–102`) joins the chunk before when that has room for
    /// it (`51–101`), or else takes a few values from it. `lastIndex` is the last value's
    /// index when columns were left out before it (``HeatStrip/leftOutColumns``).
    func chunks(count: Int, firstIndex: Int, lastIndex: Int? = nil, room: Int, rulerRoom: Int) -> [Range<Int>] {
        guard count > 0 else { return [0..<0] }
        // the widest index label, from the widest end: `100` of 1–100, `-10` of -10–5
        let labelWidth = max(String(firstIndex).count, String(lastIndex ?? firstIndex + count - 1).count)
        // a label starting over a chunk's last value ends labelWidth − 1 columns after it
        let perChunk = max(1, min(room, rulerRoom - (labelWidth - 1)))
        guard count > perChunk else { return [0..<count] }
        let size = perChunk >= 20 ? perChunk - perChunk % 10 : perChunk
        var starts = Array(stride(from: 0, to: count, by: size))
        // the last chunk's first label, a space and its last label must fit over it
        let lastStart = starts[starts.count - 1]
        let shortBy = String(firstIndex + lastStart).count + 2 - (count - lastStart)
        if shortBy > 0, starts.count > 1 {
            let previousStart = starts[starts.count - 2]
            if count - previousStart <= perChunk {
                starts.removeLast()  // the chunk before has room for these values too
            } else if lastStart - previousStart > shortBy {
                starts[starts.count - 1] -= shortBy
            }
        }
        return starts.indices.map { starts[$0]..<($0 + 1 < starts.count ? starts[$0 + 1] : count) }
    }

    /// Index labels over `count` values, one column per value, each label starting over its
    /// value: the first and the last index always, and the multiples of ten between them
    /// where they keep a space from their neighbours (`1        10        20   25`), so a
    /// reader sees where the values start and stop. The last label may run past the values,
    /// up to `room` columns; a multiple of ten it would touch gives way to it (`0          11`,
    /// not `0         10`). Where the last label cannot start a space after the first (two
    /// values, `1` and `2`; three from `10`), the two are written as one range over the
    /// values, `1–2` (`1..2` in ASCII), so the last is still named; only where even that
    /// would pass `room` does the first stand alone.
    func ruler(from first: Int, count: Int, room: Int) -> String {
        guard count > 0 else { return "" }
        let last = first + count - 1
        var text = RulerText()
        /// Writes `index`'s label over its value, where ``RulerText/place(_:at:limit:)`` finds room.
        @discardableResult
        func place(_ index: Int, limit: Int) -> Bool { text.place(index, at: index - first, limit: limit) }
        place(first, limit: max(room, String(first).count))
        if count > 1, !place(last, limit: max(room, count)) {
            let range = "\(first)\(glyph("–", ".."))\(last)"
            if range.count <= room { return range }
        }
        // the multiples of ten between, left to right, where they still fit
        var index = (first / 10 + (first % 10 > 0 ? 1 : 0)) * 10
        while index < last {
            if index > first { place(index, limit: count) }
            index += 10
        }
        return text.line
    }

    /// Index labels over columns that skip indices: `indices` holds each column's index, nil
    /// for the columns of the ` … ` standing for those left out. As ``ruler(from:count:room:)``, each
    /// label starts over its column: the first and last always, then the indices on either
    /// side of each gap (`0 … 1000`), then the multiples of ten, where each keeps a space
    /// from its neighbours and ends within `room` columns (the last within the columns).
    func ruler(indices: [Int?], room: Int) -> String {
        guard !indices.isEmpty else { return "" }
        var text = RulerText()
        /// Writes the label of column `column`'s index over it, where ``RulerText/place(_:at:limit:)`` finds room.
        @discardableResult
        func place(_ column: Int, limit: Int) -> Bool {
            guard let index = indices[column] else { return false }
            return text.place(index, at: column, limit: limit)
        }
        let columns = indices.indices
        place(0, limit: max(room, String(indices[0] ?? 0).count))
        if columns.count > 1 { place(columns.count - 1, limit: max(room, columns.count)) }
        // either side of a gap: where the shown indices stop and start again
        for column in columns where indices[column] == nil {
            if column + 1 < columns.count { place(column + 1, limit: columns.count) }
            if column > 0 { place(column - 1, limit: columns.count) }
        }
        for column in columns where indices[column].map({ $0 % 10 == 0 }) == true { place(column, limit: columns.count) }
        return text.line
    }

    /// One cell: its ramp character, with color on a background of its value's color.
    ///
    /// The character is the same with color as without, so what a lesson says about the
    /// `O` or `#` cells holds in every terminal, and a reader who cannot tell the colors
    /// apart still reads the value's size and sign; the color only adds to it. One level
    /// per value picks both the character and the color, so every cell shows a pair the
    /// legend shows.
    func heatCell(_ value: Double, _ scale: HeatScale) -> String {
        if value.isNaN { return paint(nanMark, ANSI.bold + ANSI.magenta) }
        if value.isInfinite { return paint(value > 0 ? plusInfinityMark : minusInfinityMark, ANSI.bold + ANSI.magenta) }
        switch scale {
        case .diverging(let limit):
            let fraction = min(max(value / limit, -1), 1)
            // level = round(4 |value| / limit): 0 near zero, 4 at the limit
            let level = Int(rounding: abs(fraction) * Double(Self.positiveRamp.count - 1), in: 0...(Self.positiveRamp.count - 1))
            let negative = fraction < 0
            let mark = negative ? Self.negativeRamp[level] : Self.positiveRamp[level]
            return onBackground(mark, ColorScale.diverging(level: level, negative: negative))
        case .sequential(let low, let high):
            // halves first, so a range of ±1e308 does not overflow
            let fraction = high > low ? min(max((value / 2 - low / 2) / (high / 2 - low / 2), 0), 1) : 0.5
            // level = round(9 (value − low) / (high − low)): 0 at the low end, 9 at the high
            let level = Int(rounding: fraction * Double(Self.sequentialRamp.count - 1), in: 0...(Self.sequentialRamp.count - 1))
            return onBackground(Self.sequentialRamp[level], ColorScale.sequential(level: level))
        }
    }

    /// A cell's character on a background of the 256-color palette, in black or white,
    /// whichever stands out from it (``ColorScale/text(on:)``); the character alone
    /// without color.
    func onBackground(_ mark: String, _ background: Int) -> String {
        paint(mark, ANSI.background256(background) + ANSI.foreground256(ColorScale.text(on: background)))
    }

    /// The legend: the low end, the cells in order, the high end; `named` ends (`low`,
    /// `high`) stand for numbers when each row has its own.
    func heatLegend(_ scale: HeatScale, labelWidth: Int, ends named: (low: String, high: String)? = nil) -> [String] {
        let samples: [Double]
        let low: Double
        let high: Double
        switch scale {
        case .diverging(let limit):
            samples = (0...8).map { Double($0 - 4) / 4 * limit }
            (low, high) = (-limit, limit)
        case .sequential(let lowEnd, let highEnd):
            // weighted, not low + span · t: the span of ±1e308 would overflow
            samples = (0...9).map { lowEnd * (1 - Double($0) / 9) + highEnd * (Double($0) / 9) }
            (low, high) = (lowEnd, highEnd)
        }
        let ends = NumberFormat.column([low, high], significantDigits: 3)
        var lowText = ends[0]
        var highText = ends[1]
        if case .diverging = scale, high > 0 { highText = "+" + highText }
        if let named { (lowText, highText) = named }
        // the same characters with color as without, each on its color: one legend for both
        let spaced = samples.map { heatCell($0, scale) }.joined(separator: " ")
        let compact = samples.map { heatCell($0, scale) }.joined()
        let endsWidth = lowText.displayWidth + highText.displayWidth + 2
        var cells = "[" + spaced + "]"
        if endsWidth + cells.displayWidth > width { cells = "[" + compact + "]" }
        let indent = max(0, min(labelWidth + 2, width - endsWidth - cells.displayWidth))
        if endsWidth + cells.displayWidth > width {
            // Too narrow for one line: the cells, then the ends under them.
            let range = lowText + " " + glyph("…", "..") + " " + highText
            if range.displayWidth <= width { return [cells, paint(range, ANSI.dim)] }
            return [cells, paint(lowText, ANSI.dim), paint(highText, ANSI.dim)]
        }
        return [String(repeating: " ", count: indent) + paint(lowText, ANSI.dim) + " "
            + cells + " " + paint(highText, ANSI.dim)]
    }
}

/// A ruler's line of index labels, written one label at a time, each starting over its
/// column and keeping a space from the labels already there.
struct RulerText {
    private var text: [Character] = []

    /// Writes `index` starting at `column` when it and a space on either side are free and
    /// it ends within `limit` columns; says whether it did.
    @discardableResult
    mutating func place(_ index: Int, at column: Int, limit: Int) -> Bool {
        let label = Array(String(index))
        guard column + label.count <= limit else { return false }
        if text.count < column + label.count { text += Array(repeating: " ", count: column + label.count - text.count) }
        let around = max(0, column - 1)..<min(text.count, column + label.count + 1)
        guard text[around].allSatisfy({ $0 == " " }) else { return false }
        text.replaceSubrange(column..<(column + label.count), with: label)
        return true
    }

    /// The line, without trailing spaces.
    var line: String {
        String(text[..<(text.lastIndex { $0 != " " }.map { $0 + 1 } ?? 0)])
    }
}
