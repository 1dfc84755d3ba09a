import Model

/// Renders an `ImportReport` for a person: a verdict, what was recognised, the region map, the
/// boards.yaml entry, the comparisons, then the notes.
public enum ImportTextEmitter {
    public static func render(_ r: ImportReport) -> String {
        var out: [String] = ["\(r.file): " + verdict(r), ""]
        out.append("Recognised:")
        for s in r.sections {
            let lines = s.firstLine == s.lastLine ? "line \(s.firstLine)" : "lines \(s.firstLine)–\(s.lastLine)"
            out.append("  \(s.title), \(lines): \(s.summary)")
        }
        for p in r.parsed.probeLogs {
            out.append("")
            out.append("Probe checkpoints (workload \(p.workload), \(p.firmware)); `heapfit calibrate` fits a workload to them:")
            var t = TextTable(header: ["#", "label", "IDF free", "largest block", "GC used", "GC total", "line", "exception"],
                              leftAligned: [1, 7])
            for c in p.checkpoints {
                t.add(["\(c.index)", c.label, c.idfFree.map(String.init) ?? "—", c.idfLargest.map(String.init) ?? "—",
                       c.gcUsed.map(String.init) ?? "—", c.memInfo.map { String($0.gcTotal) } ?? "—", "\(c.line)",
                       c.error.map { "\($0.type): \($0.text)" } ?? ""])
            }
            out += t.lines.map { "  " + $0 }
        }
        if let map = r.regionMap {
            out.append("")
            out.append("Region map (as logged):")
            var t = TextTable(header: ["line", "start", "size", "KiB", "type"], leftAligned: [4])
            for h in map { t.add(["\(h.line)", Hex.address(h.start), "\(h.size)", "\(h.size / 1024)", h.typeName]) }
            out += t.lines.map { "  " + $0 }
        }
        if let e = r.boardEntry {
            out.append("")
            out.append("boards.yaml entry (--out FILE writes it):")
            out += e.yaml.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        }
        for c in r.comparisons {
            out.append("")
            out += comparison(c)
        }
        if !r.notes.isEmpty {
            out.append("")
            out.append("Notes:")
            out += r.notes.map { "  - " + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func verdict(_ r: ImportReport) -> String {
        if let d = r.derivation, d.isUsable {
            let f = ImportCommand.describe(d.features)
            let lines = r.regionMap?.count ?? 0
            let iram = d.staticIRAM.map { ", static IRAM \($0) B" } ?? ""
            let rtc = d.staticRTC > 0 ? ", RTC data \(d.staticRTC) B" : ""
            return "\(d.chip) board derived from \(lines) heap_init line\(lines == 1 ? "" : "s"): \(f); static DRAM "
                + "\(d.staticDRAM) B\(iram)\(rtc)" + (d.match.isExact && d.match.tinyPieces.isEmpty
                    ? "; its simulated boot prints the same lines." : "; see the notes on the lines that differ.")
        }
        if r.regionMap != nil {
            return "boot log recognised; boards.yaml cannot reproduce its heaps (see the notes)."
        }
        if let e = r.boardEntry {
            let iram = e.iram?.value.map { " and static IRAM \($0) B" } ?? ""
            return "static DRAM \(e.dram.value ?? 0) B\(iram) of an \(e.chip) build (Bluetooth \(e.features.bluetooth ? "on" : "off"))."
        }
        if let c = r.comparisons.first(where: { $0.kind == .idfHeapInfo || $0.kind == .heapDump }) {
            let paired = c.rows.filter { $0.imported != nil && $0.catalogue != nil }
            let inUse = paired.reduce(0) { $0 + ($1.catalogue?.free ?? 0) - ($1.imported?.free ?? 0) }
            return "\(c.rows.filter { $0.imported != nil }.count) heaps, \(paired.count) of them paired with \(c.board)'s on "
                + "ESP-IDF \(c.idf); \(inUse) B more is in use in them than in its fresh simulated heaps."
        }
        let titles = r.sections.map(\.title)
        return "recognised " + uniqueTitles(titles).joined(separator: ", ") + "."
    }

    /// Titles without repeats, in first-seen order.
    static func uniqueTitles(_ titles: [String]) -> [String] {
        var seen = Set<String>()
        return titles.filter { seen.insert($0).inserted }
    }

    static func comparison(_ c: CatalogueComparison) -> [String] {
        let lines = c.firstLine == c.lastLine ? "line \(c.firstLine)" : "lines \(c.firstLine)–\(c.lastLine)"
        var out = ["Compared with \(c.board) on ESP-IDF \(c.idf), \(c.catalogueSide) (\(lines) of the file):"]
        for f in c.featureDifferences { out.append("  \(f)") }
        for (label, d) in [("static DRAM", c.staticDRAM), ("static IRAM", c.staticIRAM)] {
            guard let d else { continue }
            out.append("  \(label): \(d.imported) B here, \(d.catalogue) B in boards.yaml"
                       + (d.difference == 0 ? " (the same)" : " (\(signed(d.difference)) B here)"))
        }
        switch c.kind {
        case .bootLog:
            var t = TextTable(header: ["line", "start", "size", "type", "", "\(c.board) start", "size", "type", "difference"],
                              leftAligned: [3, 4, 7, 8])
            for row in c.rows {
                let i = row.imported, s = row.catalogue
                t.add([i?.line.map(String.init) ?? "", i.map { Hex.address($0.start ?? 0) } ?? "—",
                               i.map { "\($0.size)" } ?? "", i?.type ?? "", "",
                               s.map { Hex.address($0.start ?? 0) } ?? "—", s.map { "\($0.size)" } ?? "", s?.type ?? "",
                               difference(i, s)])
            }
            out += t.lines.map { "  " + $0 }
        case .idfHeapInfo, .heapDump:
            let addressed = c.kind == .heapDump
            var header = addressed ? ["line", "start", "len"] : ["line", "total"]
            header += ["free", "sim. free", "largest", "sim. largest", "min free", "sim. min free", ""]
            var t = TextTable(header: header, leftAligned: [header.count - 1])
            for row in c.rows {
                let i = row.imported, s = row.catalogue
                var cells = [i?.line.map(String.init) ?? ""]
                if addressed { cells.append(Hex.address(i?.start ?? s?.start ?? 0)) }
                cells.append("\(i?.size ?? s?.size ?? 0)")
                cells += [num(i?.free), num(s?.free), num(i?.largestFreeBlock), num(s?.largestFreeBlock),
                          num(i?.minimumFree), num(s?.minimumFree)]
                cells.append(i == nil ? "only in \(c.board)" : s == nil ? "not in \(c.board)"
                             : addressed ? (difference(i, s) == "same" ? "" : difference(i, s)) : sizeNote(i, s))
                t.add(cells)
            }
            out += t.lines.map { "  " + $0 }
            let inUse = c.rows.compactMap { r -> Int? in
                guard let f = r.imported?.free, let g = r.catalogue?.free else { return nil }
                return g - f
            }.reduce(0, +)
            out.append("  In the paired heaps, \(inUse) B more is in use here than in the fresh simulated heaps.")
        case .idfSize:
            break
        }
        return out
    }

    static func num(_ v: Int?) -> String { v.map(String.init) ?? "—" }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }

    static func sizeNote(_ i: HeapFigures?, _ s: HeapFigures?) -> String {
        guard let i, let s, i.size != s.size else { return "" }
        return "len \(signed(i.size - s.size)) B"
    }

    static func difference(_ i: HeapFigures?, _ s: HeapFigures?) -> String {
        guard let i, let s else { return i == nil ? "only in the simulation" : "only in the log" }
        var parts: [String] = []
        let di = (i.start ?? 0) - (s.start ?? 0)
        if di != 0 { parts.append("starts \(abs(di)) B \(di > 0 ? "later" : "earlier")") }
        if i.size != s.size { parts.append("\(signed(i.size - s.size)) B") }
        if let a = i.type, let b = s.type, a != b { parts.append("type \(a) vs \(b)") }
        return parts.isEmpty ? "same" : parts.joined(separator: ", ")
    }
}
