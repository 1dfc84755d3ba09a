/// Columns padded to their widest cell; left-aligned columns by index, the others right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    var leftAligned: Set<Int> = []
    var indent = "  "

    func render() -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        return all.map { row in
            let cells = header.indices.map { c -> String in
                let cell = row.indices.contains(c) ? row[c] : ""
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return leftAligned.contains(c) ? cell + pad : pad + cell
            }
            return (indent + cells.joined(separator: "  ")).trimmingTrailingSpaces()
        }
    }
}
