/// Tables: aligned columns, group headers, column pages, elided middles.
extension Renderer {
    /// A table laid out to the width, in as many column pages as it needs; nil when
    /// `shouldStop` says so (it is asked every few thousand cells).
    func tableLines(_ table: Table, shouldStop: (() -> Bool)? = nil) -> [String]? {
        var lines: [String] = []
        if let title = table.title { lines.append(titleLine(title)) }
        let columnCount = table.columns.count
        guard columnCount > 0 else {
            lines.append(paint("(no columns)", ANSI.dim))
            return lines
        }
        guard let layout = TableLayout(table: table, renderer: self, shouldStop: shouldStop) else { return nil }
        let shownRows = visibleRows(table)
        let pages = layout.pages(width: width)
        for (pageNumber, page) in pages.enumerated() {
            if shouldStop?() == true { return nil }
            if pages.count > 1 {
                if pageNumber > 0 { lines.append("") }
                // counted, not numbered: column headers such as h[0] number from 0
                let part = "part \(pageNumber + 1) of \(pages.count)"
                let full = "\(part)\(glyph(" · ", ", "))\(page.filter { $0 < columnCount }.count) of \(columnCount) columns"
                lines.append(paint(full.count <= width ? full : part, ANSI.dim))
            }
            lines += layout.pageLines(page, rows: shownRows, table: table)
        }
        lines += leftOutColumnsLines(table)
        return lines
    }

    /// The rows to print: all, or the first and last with nil marking the elision.
    func visibleRows(_ table: Table) -> [Int?] {
        let count = table.rows.count
        let limit = max(table.maxRows, 2)
        if table.showAll || count <= limit + 1 { return Array(0..<count) }
        let head = (limit + 1) / 2
        let tail = limit / 2
        return Array(0..<head) + [nil] + Array((count - tail)..<count)
    }

    /// `… 1016 more units (hint) …` under a table with columns left out, or `… 248 more units
    /// in each of 4 groups …` when every gap hides as many, wrapped to the width; none when
    /// no column is left out.
    func leftOutColumnsLines(_ table: Table) -> [String] {
        let gaps = table.leftOutColumns.filter { $0.key >= 0 && $0.key <= table.columns.count && $0.value > 0 }.map(\.value)
        return leftOutLines(gaps, noun: table.columnNoun, hint: table.columnElisionHint)
    }

    /// The line counting what `gaps` left out: `… 1016 more units (hint) …`, or `… 248 more
    /// units in each of 4 groups …` when every gap hides as many, wrapped to the width; none
    /// when nothing was left out.
    func leftOutLines(_ gaps: [Int], noun: String, hint: String?) -> [String] {
        let gaps = gaps.filter { $0 > 0 }
        guard let first = gaps.first else { return [] }
        let noun = clean(noun)
        let count = gaps.count > 1 && gaps.allSatisfy({ $0 == first })
            ? "\(first) more \(noun) in each of \(gaps.count) groups"
            : "\(gaps.reduce(0, +)) more \(noun)"
        let hint = hint.map { " (\(clean($0)))" } ?? ""
        var lines: [String] = [], line = ""
        for word in "\(ellipsis) \(count)\(hint) \(ellipsis)".split(separator: " ") {
            let fitted = String(word).truncated(toWidth: width, marker: glyph("…", "~"))
            if !line.isEmpty, line.displayWidth + 1 + fitted.displayWidth > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + fitted
        }
        lines.append(line)
        return lines.map { paint($0, ANSI.dim) }
    }
}

/// The measured shape of a table: formatted cells, column widths and groups.
///
/// Columns are numbered as in the table; a gap where columns were left out
/// (``Table/leftOutColumns``) is a `…` column numbered after them, from
/// ``columnCount`` on, and laid out like the others.
struct TableLayout {
    let renderer: Renderer
    /// The table's own columns; the gaps' `…` columns come after.
    let columnCount: Int
    /// Formatted text of every cell, row by row.
    let cells: [[String]]
    /// The raw numbers, for shading.
    let numbers: [[Double?]]
    /// Whether each column holds numbers (right-aligned) or text (left-aligned).
    let numeric: [Bool]
    /// The columns of each row whose cell is ``Table/Cell/absent``: a dim `—` aligned as
    /// the column's numbers.
    let absentCells: [Int: Set<Int>]
    let headers: [String]
    let columnWidths: [Int]
    /// The columns laid out, in order: all but those a `.omit` fit left out, with the gaps.
    let shownColumns: [Int]
    let labels: [String]
    let labelHeader: String
    let labelWidth: Int
    /// Runs of consecutive columns: (group name or nil, column indices).
    let units: [(group: String?, columns: [Int])]
    /// The index in ``units`` of each shown column's unit.
    let unitOfColumn: [Int]

    static let gap = 2

    /// Measures `table`, or nil when `shouldStop` says so (asked every 4,096 cells formatted).
    init?(table: Table, renderer: Renderer, shouldStop: (() -> Bool)? = nil) {
        self.renderer = renderer
        let columnCount = table.columns.count
        self.columnCount = columnCount
        // where the gaps go: before column k, or after the last for k = columnCount
        let gapPlaces = table.leftOutColumns.filter { $0.key >= 0 && $0.key <= columnCount && $0.value > 0 }.keys.sorted()
        let allColumns = columnCount + gapPlaces.count
        var order: [Int] = []
        var groups = table.columns.map(\.group)
        var names = table.columns.map(\.name)
        for place in gapPlaces {
            // a gap inside a group belongs to it, so the group's header spans it
            groups.append(table.columns[min(place, columnCount - 1)].group)
            names.append(renderer.ellipsis)
        }
        var nextGap = 0
        for column in 0...columnCount {
            while nextGap < gapPlaces.count, gapPlaces[nextGap] == column {
                order.append(columnCount + nextGap)
                nextGap += 1
            }
            if column < columnCount { order.append(column) }
        }
        var cells = Array(repeating: [String](), count: table.rows.count)
        var numbers = Array(repeating: [Double?](), count: table.rows.count)
        var numeric = Array(repeating: false, count: allColumns)
        var absentCells: [Int: Set<Int>] = [:]
        let styles = Self.formatStyles(table)
        var formatted = 0
        for column in 0..<columnCount {
            let style = styles[column]
            for (rowIndex, row) in table.rows.enumerated() {
                let cell = column < row.cells.count ? row.cells[column] : .empty
                switch cell {
                case .number(let value):
                    numeric[column] = true
                    cells[rowIndex].append(NumberFormat.format(value, style: style))
                    numbers[rowIndex].append(value)
                case .integer(let value):
                    numeric[column] = true
                    cells[rowIndex].append(String(value))
                    numbers[rowIndex].append(Double(value))
                case .text(let text):
                    cells[rowIndex].append(renderer.clean(text))
                    numbers[rowIndex].append(nil)
                case .empty:
                    cells[rowIndex].append("")
                    numbers[rowIndex].append(nil)
                case .absent:
                    cells[rowIndex].append(renderer.absentMark)
                    numbers[rowIndex].append(nil)
                    absentCells[rowIndex, default: []].insert(column)
                }
            }
            formatted += table.rows.count
            if formatted >= 4096 {
                if shouldStop?() == true { return nil }
                formatted = 0
            }
        }
        for _ in gapPlaces {
            for rowIndex in table.rows.indices {
                cells[rowIndex].append(renderer.ellipsis)
                numbers[rowIndex].append(nil)
            }
        }
        self.cells = cells
        self.numbers = numbers
        self.numeric = numeric
        self.absentCells = absentCells
        // Labels may take a third of the width, or all the width the columns leave when
        // every column fits whole beside them.
        let naturalColumns = (0..<allColumns).reduce(0) { sum, column in
            let widest = cells.map { $0[column].displayWidth }.max() ?? 0
            return sum + Self.gap + max(widest, renderer.clean(names[column]).displayWidth, 1)
        }
        let maxLabel = max(6, renderer.width / 3, renderer.width - naturalColumns)
        let labels = table.rows.map { renderer.fitLabel($0.label, maxLabel) }
        let labelHeader = renderer.fitLabel(table.rowHeader, maxLabel)
        let labelWidth = max(labels.map(\.displayWidth).max() ?? 0, labelHeader.displayWidth)
        self.labels = labels
        self.labelHeader = labelHeader
        self.labelWidth = labelWidth
        let maxColumnWidth = max(1, renderer.width - labelWidth - Self.gap)
        let headers = names.map { renderer.fitLabel($0, maxColumnWidth) }
        self.headers = headers
        var widths = (0..<allColumns).map { column in
            let widest = cells.map { $0[column].displayWidth }.max() ?? 0
            return min(max(widest, renderer.clean(names[column]).displayWidth, 1), maxColumnWidth)
        }
        // Too wide for the screen: leave out `.omit` columns, then cut `.shrink` ones, the
        // widest first, a character at a time.
        var shown = order
        func total() -> Int { shown.reduce(labelWidth) { $0 + Self.gap + widths[$1] } }
        if total() > renderer.width {
            shown.removeAll { $0 < columnCount && table.columns[$0].fit == .omit }
        }
        func slack(_ column: Int) -> Int {
            guard column < columnCount, case .shrink(let minimum) = table.columns[column].fit else { return 0 }
            return widths[column] - max(minimum, headers[column].displayWidth, 1)
        }
        var excess = total() - renderer.width
        while excess > 0, let widest = shown.filter({ slack($0) > 0 }).max(by: { widths[$0] < widths[$1] }) {
            widths[widest] -= 1
            excess -= 1
        }
        var units: [(group: String?, columns: [Int])] = []
        for index in shown {
            if let group = groups[index], let last = units.last, last.group == group {
                units[units.count - 1].columns.append(index)
            } else {
                units.append((groups[index], [index]))
            }
        }
        // A group's name wider than its columns (`most likely` over one column of `#6 0.1830`)
        // widens its last column rather than being cut: as far as the table still fits on
        // one page, or, when it is split over pages anyway, as far as a page holds.
        let pagedAlready = total() > renderer.width
        for unit in units {
            guard let group = unit.group, let last = unit.columns.last else { continue }
            let span = unit.columns.reduce(-Self.gap) { $0 + Self.gap + widths[$1] }
            let missing = renderer.clean(group).displayWidth - span
            let room = min(pagedAlready ? renderer.width - labelWidth - Self.gap - span : renderer.width - total(),
                           maxColumnWidth - widths[last])
            if missing > 0, room > 0 { widths[last] += min(missing, room) }
        }
        self.columnWidths = widths
        self.shownColumns = shown
        self.units = units
        var unitOfColumn = Array(repeating: 0, count: allColumns)
        for (index, unit) in units.enumerated() {
            for column in unit.columns { unitOfColumn[column] = index }
        }
        self.unitOfColumn = unitOfColumn
    }

    /// Each column's number format: its own, or the one of all the columns it shares a
    /// format with (``Table/formatSharing``) that are of its size, their largest values within
    /// a factor 100 of its own. A column of zeros only is of every size: it takes the format
    /// of all the columns it shares with, so its zeros read as theirs do (`0.0000`, not `0`
    /// beside `0.1234`). Columns shared by name (the sides of a comparison) leave one value too
    /// small for their largest value's decimals apart rather than take more decimals for it.
    ///
    /// Sorted by size, the columns of one size with a column are a run, so each column takes
    /// the magnitudes of a run as the difference of two running totals instead of reading the
    /// numbers of every column it shares with: a table of a thousand units took seconds.
    static func formatStyles(_ table: Table) -> [NumberFormat.Style] {
        let columnCount = table.columns.count
        var magnitudes = Array(repeating: NumberFormat.Magnitudes([]), count: columnCount)
        for column in 0..<columnCount {
            magnitudes[column] = NumberFormat.Magnitudes(table.rows.lazy.compactMap { row -> Double? in
                guard column < row.cells.count, case .number(let value) = row.cells[column] else { return nil }
                return value
            })
        }
        let sets: [[Int]]
        switch table.formatSharing {
        case .none: sets = (0..<columnCount).map { [$0] }
        case .allColumns: sets = [Array(0..<columnCount)]
        case .sameNames:
            var byName: [String: [Int]] = [:]
            var names: [String] = []
            for (index, column) in table.columns.enumerated() {
                if byName[column.name] == nil { names.append(column.name) }
                byName[column.name, default: []].append(index)
            }
            sets = names.map { byName[$0]! }
        }
        var styles = Array(repeating: NumberFormat.Style.integer, count: columnCount)
        for set in sets {
            let sorted = set.sorted { magnitudes[$0].largest < magnitudes[$1].largest }
            let sizes = sorted.map { magnitudes[$0].largest }
            // totals[k]: the first k columns by size together
            var totals = [NumberFormat.Magnitudes([])]
            for column in sorted { totals.append(totals[totals.count - 1].merged(with: magnitudes[column])) }
            for column in set {
                let size = magnitudes[column].largest
                // alike: max(size, other) ≤ 100 · min(size, other); zeros only: all of them
                let first = size > 0 ? sizes.partitioningIndex { size <= 100 * $0 } : 0
                let last = size > 0 ? sizes.partitioningIndex { $0 > 100 * size } - 1 : sizes.count - 1
                let alike = totals[last + 1].removing(totals[first], largest: sizes[last])
                let digits = table.columns[column].significantDigits ?? table.significantDigits
                // the sides of a comparison: one tiny value of a unit does not set its column
                // apart from the others at more decimals; it is written on its own
                styles[column] = NumberFormat.style(for: alike, significantDigits: digits,
                                                    leavingOneApart: table.formatSharing == .sameNames)
                if table.columns[column].isCount, styles[column] == .integer { styles[column] = .count }
            }
        }
        return styles
    }

    /// Columns split into pages that fit the width; a group stays whole when it can.
    ///
    /// A table without groups is one run of columns, split over pages in even parts as a
    /// wide group is: eight columns at 60 characters are two pages of 4, not 6 and then 2
    /// whose page reads as an afterthought.
    func pages(width: Int) -> [[Int]] {
        let units = units.allSatisfy { $0.group == nil } ? [(group: String?.none, columns: units.flatMap(\.columns))] : units
        var pages: [[Int]] = []
        var page: [Int] = []
        var used = labelWidth
        func add(_ column: Int) {
            page.append(column)
            used += Self.gap + columnWidths[column]
        }
        func close() {
            if !page.isEmpty { pages.append(page) }
            page = []
            used = labelWidth
        }
        for unit in units {
            let unitWidth = unit.columns.reduce(0) { $0 + Self.gap + columnWidths[$1] }
            if used + unitWidth <= width {
                unit.columns.forEach(add)
                continue
            }
            if labelWidth + unitWidth <= width {
                close()
                unit.columns.forEach(add)
                continue
            }
            // Wider than a page: split over as few pages as it takes, in even parts (4 and 4
            // rather than 7 and a lone column whose group name no longer fits above it).
            close()
            var needed = 1, filled = labelWidth
            for column in unit.columns {
                if filled + Self.gap + columnWidths[column] > width, filled > labelWidth {
                    needed += 1
                    filled = labelWidth
                }
                filled += Self.gap + columnWidths[column]
            }
            let perPage = (unit.columns.count + needed - 1) / needed
            for column in unit.columns {
                if page.count == perPage || used + Self.gap + columnWidths[column] > width { close() }
                add(column)
            }
        }
        close()
        return pages
    }

    /// The lines of one page: group header, column header, rule, rows.
    func pageLines(_ page: [Int], rows: [Int?], table: Table) -> [String] {
        var lines: [String] = []
        let rule = renderer.glyph("─", "-")
        // the page's columns by unit: a page holds consecutive columns, so a unit's are together
        var pageUnits: [(unit: Int, group: String?, columns: [Int])] = []
        for column in page {
            let unit = unitOfColumn[column]
            if let last = pageUnits.last, last.unit == unit {
                pageUnits[pageUnits.count - 1].columns.append(column)
            } else {
                pageUnits.append((unit, units[unit].group, [column]))
            }
        }
        if pageUnits.contains(where: { $0.group != nil }) {
            var line = String(repeating: " ", count: labelWidth)
            for unit in pageUnits {
                let span = unit.columns.reduce(0) { $0 + columnWidths[$1] } + Self.gap * (unit.columns.count - 1)
                line += String(repeating: " ", count: Self.gap)
                guard let group = unit.group else {
                    line += String(repeating: " ", count: span)
                    continue
                }
                line += renderer.paint(groupHeader(group, span: span, rule: rule), ANSI.bold)
            }
            lines.append(line)
        }
        var header = labelHeader.padded(to: labelWidth)
        for column in page {
            header += String(repeating: " ", count: Self.gap)
            header += numeric[column]
                ? headers[column].leftPadded(to: columnWidths[column])
                : headers[column].padded(to: columnWidths[column])
        }
        lines.append(renderer.paint(header, ANSI.bold))
        let totalWidth = page.reduce(labelWidth) { $0 + Self.gap + columnWidths[$1] }
        lines.append(renderer.paint(String(repeating: rule, count: totalWidth), ANSI.dim))
        for row in rows {
            guard let row else {
                let hidden = table.rows.count - rows.count + 1
                let ellipsis = renderer.ellipsis
                let noun = renderer.clean(table.rowNoun)
                let hint = table.elisionHint.map { " (\(renderer.clean($0)))" } ?? ""
                lines.append(renderer.paint("\(ellipsis) \(hidden) more \(noun)\(hint) \(ellipsis)", ANSI.dim))
                continue
            }
            var line = labels[row].padded(to: labelWidth)
            for column in page {
                line += String(repeating: " ", count: Self.gap)
                let text = cells[row][column]
                let isAbsent = absentCells[row]?.contains(column) == true
                let cell = numeric[column] && (numbers[row][column] != nil || isAbsent)
                    ? text.truncated(toWidth: columnWidths[column], marker: renderer.glyph("…", "~"))
                        .leftPadded(to: columnWidths[column])
                    : text.truncated(toWidth: columnWidths[column], marker: renderer.glyph("…", "~"))
                        .padded(to: columnWidths[column])
                line += column < columnCount && !isAbsent ? shade(cell, value: numbers[row][column], shading: table.shading)
                    : renderer.paint(cell, ANSI.dim)
            }
            lines.append(line)
        }
        return lines
    }

    /// A group name centered in rule characters across `span` columns: `── forget ──`.
    func groupHeader(_ group: String, span: Int, rule: String) -> String {
        let name = renderer.fitLabel(group, span)
        let nameWidth = name.displayWidth
        if nameWidth + 2 > span { return name.padded(to: span) }
        let left = (span - nameWidth - 2) / 2
        let right = span - nameWidth - 2 - left
        return String(repeating: rule, count: left) + " " + name + " " + String(repeating: rule, count: right)
    }

    /// A number cell tinted by its value when the table asks for shading.
    func shade(_ text: String, value: Double?, shading: Table.Shading) -> String {
        guard let value, renderer.caps.color else { return text }
        let tint: String?
        switch shading {
        case .none: tint = nil
        case .diverging(let limit):
            tint = ColorScale.textTint(diverging: limit > 0 ? value / limit : 0)
        case .sequential(let low, let high):
            tint = ColorScale.textTint(sequential: high > low ? (value - low) / (high - low) : 0)
        }
        return tint.map { renderer.paint(text, $0) } ?? text
    }
}

extension Array {
    /// The index of the first element for which `belongs` holds, in an array where it holds
    /// for a suffix (the end index when it holds for none).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
