/// A plain-text table: columns right-aligned (numbers) unless listed as left-aligned (names).
struct TextTable {
    var rows: [[String]]
    var leftAligned: Set<Int>

    init(header: [String], leftAligned: Set<Int> = []) {
        rows = [header]
        self.leftAligned = leftAligned
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// The table as lines, two spaces between columns, no trailing spaces.
    var lines: [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return leftAligned.contains(c) ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

/// Sizes as people read them: `57344 B (56.0 KiB)`.
enum Bytes {
    static func text(_ n: Int) -> String {
        let kib = Double(n) / 1024
        return "\(n) B (\((kib * 10).rounded() / 10) KiB)"
    }
}
