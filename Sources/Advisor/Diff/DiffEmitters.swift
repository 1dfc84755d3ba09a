import Model

/// Renders a `DiffReport` in each `TableFormat`. Text, markdown and CSV share one list of rows per
/// board (quantity, A, B, change); JSON encodes the report itself.
public enum DiffEmitter {
    public static func render(_ r: DiffReport, format: TableFormat) -> String {
        switch format {
        case .text: text(r)
        case .markdown: markdown(r)
        case .csv: FlatTable(header: ["board", "quantity", r.from, r.to, "change"],
                             rows: r.boards.flatMap { b in rows(b).map { [b.board, $0.quantity, $0.from, $0.to, $0.change] } }).csv
        case .json: JSONText.encode(r)
        }
    }

    /// One compared quantity; `long` rows (names, knob lists, reasons) are printed under the text table.
    struct Row {
        var quantity, from, to, change: String
        var long = false
    }

    static func rows(_ b: DiffReport.Board) -> [Row] {
        var out = [Row(quantity: "allocator", from: b.allocator.from, to: b.allocator.to, change: "", long: true),
                   sized("static DRAM", b.staticDRAM), sized("static IRAM", b.staticIRAM),
                   sized("HEAP_DATA free at app_main", b.heapDataFree), sized("largest free block", b.largestFreeBlock)]
        for h in b.heaps {
            if h.start.delta != 0 {
                out.append(Row(quantity: "heap \(h.heap) start", from: h.start.from.map(Hex.address) ?? "—",
                               to: h.start.to.map(Hex.address) ?? "—", change: signed(h.start.delta)))
            }
            // "—": the heap does not exist on that release (unlike "?", a figure the catalogue lacks).
            out.append(sized("heap \(h.heap) size", h.size, missing: "—"))
            out.append(sized("heap \(h.heap) free", h.free, missing: "—"))
        }
        for w in b.workloads {
            out.append(Row(quantity: "\(w.workload): verdict", from: w.verdict.from.text, to: w.verdict.to.text, change: ""))
            out.append(sized("\(w.workload): recommended initial heap", w.initialHeap))
            out.append(sized("\(w.workload): Python heap after growth", w.pythonHeapAfterGrowth))
            out.append(sized("\(w.workload): IDF headroom", w.idfHeadroom))
            out.append(Row(quantity: "\(w.workload): knob changes", from: w.knobs.from.isEmpty ? "none" : w.knobs.from,
                           to: w.knobs.to.isEmpty ? "none" : w.knobs.to, change: "", long: true))
            out.append(Row(quantity: "\(w.workload): limited by", from: w.limitingAllocation.from, to: w.limitingAllocation.to,
                           change: "", long: true))
        }
        return out
    }

    static func sized(_ quantity: String, _ c: Change, missing: String = "?") -> Row {
        Row(quantity: quantity, from: c.from.map(String.init) ?? missing, to: c.to.map(String.init) ?? missing, change: signed(c.delta))
    }

    static func signed(_ n: Int?) -> String {
        guard let n else { return "" }
        return n > 0 ? "+\(n)" : "\(n)"
    }

    static func title(_ r: DiffReport) -> String {
        let workloads = Set(r.boards.flatMap { $0.workloads.map(\.workload) }).sorted()
        return "heapfit diff — ESP-IDF \(r.from) → \(r.to), \(r.boards.count) board\(r.boards.count == 1 ? "" : "s"), "
            + "workload\(workloads.count == 1 ? "" : "s") \(workloads.joined(separator: ", ")). "
            + "Sizes in bytes; change = \(r.to) − \(r.from)."
    }

    static func notCompared(_ r: DiffReport) -> [String] {
        r.notCompared.isEmpty ? [] : ["", "Not compared:"] + r.notCompared.map { "  \($0.board): \($0.reason)" }
    }

    static func text(_ r: DiffReport) -> String {
        var out = [title(r)]
        for b in r.boards {
            out.append("")
            out.append("\(b.board) (\(b.chip))")
            var table = TextTable(header: ["", r.from, r.to, "change"], leftAligned: [0])
            var notes: [String] = []
            for row in rows(b) {
                if row.long {
                    notes.append("  \(row.quantity): \(row.from == row.to ? "\(row.from) (both)" : "\(r.from): \(row.from); \(r.to): \(row.to)")")
                } else {
                    table.add(["  " + row.quantity, row.from, row.to, row.change])
                }
            }
            out += table.lines + notes + b.assumptions.map { "  assumed on \($0)" }
        }
        return (out + notCompared(r)).joined(separator: "\n") + "\n"
    }

    static func markdown(_ r: DiffReport) -> String {
        var out = [title(r)]
        for b in r.boards {
            out += ["", "### \(b.board) (\(b.chip))", ""]
            out.append(FlatTable(header: ["quantity", r.from, r.to, "change"],
                                 rows: rows(b).map { [$0.quantity, $0.from, $0.to, $0.change] }).markdown
                .trimmingTrailingNewline())
            if !b.assumptions.isEmpty { out += [""] + b.assumptions.map { "- assumed on \($0)" } }
        }
        return (out + notCompared(r)).joined(separator: "\n") + "\n"
    }
}

private extension String {
    func trimmingTrailingNewline() -> String { hasSuffix("\n") ? String(dropLast()) : self }
}
