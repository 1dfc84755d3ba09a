/// Renders a `SweepReport` in each `TableFormat`: the same rows and columns in every format (text
/// moves the long cells — limiting allocation, knobs, skip reason — to numbered lines under the table).
public enum SweepEmitter {
    public static func render(_ r: SweepReport, format: TableFormat) -> String {
        switch format {
        case .text: text(r)
        case .markdown: summary(r) + "\n\n" + flat(r).markdown
        case .csv: flat(r).csv
        case .json: JSONText.encode(r)
        }
    }

    /// `recommend over 33 cells: 17 fit, 1 no setting, 15 skipped.`
    static func summary(_ r: SweepReport) -> String {
        var parts = ["\(r.count(.fits)) fit"]
        if r.mode == .simulate || r.count(.doesNotFit) > 0 { parts.append("\(r.count(.doesNotFit)) do not fit") }
        if r.mode == .recommend || r.count(.noSetting) > 0 { parts.append("\(r.count(.noSetting)) no setting") }
        if r.dependingOnStaticDRAM > 0 { parts.append("\(r.dependingOnStaticDRAM) depend on the build's static DRAM (threshold given)") }
        parts.append("\(r.count(.skipped)) skipped")
        if r.overAnInterval > 0 { parts.append("\(r.overAnInterval) answered over an interval of static DRAM") }
        return "heapfit sweep — \(r.mode.rawValue) over \(r.rows.count) cell\(r.rows.count == 1 ? "" : "s"): "
            + parts.joined(separator: ", ") + ". Sizes in bytes."
    }

    static let header = ["board", "chip", "IDF", "firmware", "workload", "verdict", "initial heap", "Python heap start",
                         "Python heap after growth", "IDF headroom", "limiting allocation", "knob changes", "confidence"]

    static func cells(_ row: SweepRow, mode: SweepMode) -> [String] {
        let limit = row.verdict == .skipped ? "skipped: " + (row.skippedBecause ?? "") : row.limitingAllocation ?? ""
        return [row.board, row.chip, row.idf ?? "", row.firmware ?? "", row.workload, row.verdictText(mode: mode), number(row.initialHeap),
                number(row.pythonHeapAtStart), number(row.pythonHeapAfterGrowth), number(row.idfHeadroom), limit, row.knobText,
                row.confidence ?? ""]
    }

    static func flat(_ r: SweepReport) -> FlatTable { FlatTable(header: header, rows: r.rows.map { cells($0, mode: r.mode) }) }

    static func text(_ r: SweepReport) -> String {
        var table = TextTable(header: ["#", "board", "chip", "IDF", "firmware", "workload", "verdict", "initial heap",
                                       "Python start", "after growth", "IDF headroom", "knobs", "confidence"],
                              leftAligned: [1, 2, 3, 4, 5, 6, 12])
        var notes: [String] = []
        for (i, row) in r.rows.enumerated() {
            let c = cells(row, mode: r.mode)
            table.add(["\(i + 1)"] + c[0..<10] + [row.verdict == .skipped ? "" : "\(row.knobChanges.count)", c[12]])
            var note = "  \(i + 1). " + c[10]
            if !row.knobChanges.isEmpty { note += " — knobs: " + row.knobText }
            notes.append(note)
        }
        return ([summary(r), ""] + table.lines + ["", "Limited by (recommend: what stops one more KiB; simulate: the first "
                                                   + "failure or the tightest step), or why the cell was skipped:"] + notes)
            .joined(separator: "\n") + "\n"
    }

    private static func number(_ n: Int?) -> String { n.map(String.init) ?? "" }
}
