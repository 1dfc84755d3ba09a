import Model

/// One sentence per recognised section: what it holds, with the lines it came from.
enum ImportSummaries {
    static func sentence(_ s: ImportedSection) -> String {
        switch s {
        case .bootLog(let l):
            var parts = ["\(l.heaps.count) heap_init line\(l.heaps.count == 1 ? "" : "s")"]
            if let v = l.idf { parts.append("ESP-IDF \(l.idfText ?? v.value.description) (line \(v.line))") }
            if let c = l.chipTag { parts.append("chip \(ChipGuess.name(fromTag: c.value)) (line \(c.line))") }
            if let sc = l.singleCore { parts.append("single core (line \(sc.line))") }
            if let p = l.psramPoolKiB { parts.append("PSRAM pool \(p.value) KiB (line \(p.line))") }
            if let r = l.internalReserveKiB { parts.append("internal reserve \(r.value) KiB (line \(r.line))") }
            return parts.joined(separator: "; ")
        case .idfHeapInfo(let l):
            let call = l.capsName.map { "idf_heap_info(\($0))" } ?? "idf_heap_info"
            return "\(call): \(l.heaps.count) heap\(l.heaps.count == 1 ? "" : "s"), \(l.totalFree) B free, "
                + "largest free block \(l.largestFreeBlock) B"
        case .heapDump(let d):
            let caps = d.caps.map { "0x" + Hex.padded(Int($0)) } ?? "?"
            let free = d.totals?.free ?? d.heaps.reduce(0) { $0 + $1.free }
            let largest = d.totals?.largestFreeBlock ?? (d.heaps.map(\.largestFreeBlock).max() ?? 0)
            return "capabilities \(caps): \(d.heaps.count) heap\(d.heaps.count == 1 ? "" : "s"), \(free) B free, "
                + "largest free block \(largest) B"
        case .memInfo(let m):
            var text = "GC total \(m.gcTotal) B (used \(m.gcUsed), free \(m.gcFree))"
            if !m.areas.isEmpty { text += " in \(m.areas.count) area\(m.areas.count == 1 ? "" : "s")" }
            text += m.maxNewSplit.map { ", max new split \($0) B (split-heap auto, MicroPython ≥ 1.21)" }
                ?? ", no `max new split` (no split-heap auto: MicroPython before 1.21, or another port)"
            if let s = m.stackUsed, let l = m.stackLimit { text += "; stack \(s) of \(l) B" }
            return text
        case .idfSize(let r):
            var parts: [String] = []
            for (label, t) in [("static DRAM", r.staticDRAM), ("static IRAM", r.staticIRAM), ("static D/IRAM", r.staticDIRAM)] {
                if let t { parts.append("\(label) \(t.used) B" + (t.total.map { " of \($0)" } ?? "")) }
            }
            if let i = r.imageSize { parts.append("image \(i) B") }
            let flavour = switch r.flavour {
            case .legacyText: "idf_size.py text"
            case .table: "esp-idf-size table"
            case .legacyJSON: "idf_size.py JSON"
            case .json2: "esp-idf-size json2"
            }
            return "\(flavour): " + parts.joined(separator: ", ")
        case .heapTrace(let t):
            let alive = t.records.filter { $0.freedBy == nil }
            return "\(t.records.count) record\(t.records.count == 1 ? "" : "s") (mode \(t.mode ?? "?")), \(alive.count) alive, "
                + "\(alive.reduce(0) { $0 + $1.size }) B" + (t.overflowed ? "; the trace buffer overflowed" : "")
        case .probeLog(let p):
            var text = "workload \(p.workload) on \(p.firmware): \(p.checkpoints.count) checkpoint\(p.checkpoints.count == 1 ? "" : "s") "
                + "of \(p.steps) step\(p.steps == 1 ? "" : "s") + start"
            if let f = p.failure, let e = f.error { text += "; step \(f.index) ('\(f.label)') failed: \(e.type): \(e.text)" }
            if !p.finished { text += "; no `heapfit-probe: done` line (the board reset or the output is cut)" }
            return text
        }
    }
}
