import Foundation

/// One record of `heap_trace_dump()`: `%6d bytes (@ %p[, Internal|,    PSRAM]) allocated CPU %d ccount 0x%08x
/// caller <pc>:<pc>…`, then `freed by <pc>:…` on the next line when it was freed (HEAP_TRACE_ALL)
/// (esp-idf `components/heap/heap_trace_standalone.c`).
public struct HeapTraceRecord: Hashable, Sendable, Codable {
    public var line: Int
    public var size: Int
    public var address: Int
    /// `Internal` or `PSRAM` (v5.1+; absent before).
    public var memory: String?
    public var cpu: Int
    public var ccount: Int
    public var callers: [Int]
    /// Where it was freed; nil while alive (or in leak mode, where freed records are dropped).
    public var freedBy: [Int]?
}

/// A `heap_trace_dump()` output: records in allocation order, and the summary.
public struct HeapTraceDump: Hashable, Sendable, Codable {
    public var firstLine: Int
    public var lastLine: Int
    /// `====== Heap Trace: %u records (%u capacity) ======`.
    public var declaredRecords: Int
    public var capacity: Int
    /// `Mode: Heap Trace All` or `Mode: Heap Trace Leaks`; nil when the summary is missing.
    public var mode: String?
    public var records: [HeapTraceRecord]
    public var totalAllocations: Int?
    public var totalFrees: Int?
    /// `(NB: Internal Buffer has overflowed, so trace data is incomplete.)`
    public var overflowed: Bool
}

/// Reads `heap_trace_dump()` output. heapfit does not turn it into a workload yet (issue 4).
public enum HeapTraceParser {
    public static func recognises(_ text: ImportText) -> Bool {
        text.lines.contains { $0.text.has("====== Heap Trace:") }
    }

    static let recordForm = "`<n> bytes (@ 0x<address>[, Internal]) allocated CPU <n> ccount 0x<hex> caller <pc>:<pc>…`"

    public static func parse(_ text: ImportText) throws(Diagnostic) -> [HeapTraceDump] {
        var dumps: [HeapTraceDump] = []
        var current: HeapTraceDump?
        for l in text.lines {
            let s = l.text
            if s.has("====== Heap Trace:"),
               let m = s.firstMatch(of: /====== Heap Trace: (\d+) records \((\d+) capacity\) ======/) {
                if let c = current { dumps.append(c) }
                current = HeapTraceDump(firstLine: l.number, lastLine: l.number, declaredRecords: Int(m.1) ?? 0,
                                        capacity: Int(m.2) ?? 0, mode: nil, records: [], totalAllocations: nil,
                                        totalFrees: nil, overflowed: false)
                continue
            }
            guard var c = current else { continue }
            current = nil  // `c` holds the only reference, so appending a record does not copy every earlier one
            if s.has("bytes (@ ") {
                guard let m = s.firstMatch(of: /(\d+) bytes \(@ (0x[0-9A-Fa-f]+)(?:,\s*(Internal|PSRAM))?\) allocated CPU (\d) ccount (0x[0-9A-Fa-f]+) caller ?(.*)$/),
                      let size = ImportNumber.decimal(m.1), let address = ImportNumber.hex(m.2),
                      let ccount = ImportNumber.hex(m.5) else {
                    throw text.fail("A heap trace record is cut or garbled: '\(BootLogParser.clip(s))'", line: l.number,
                                    expected: recordForm, fix: "Copy the whole heap_trace_dump() output")
                }
                c.records.append(HeapTraceRecord(line: l.number, size: size, address: address, memory: m.3.map(String.init),
                                                 cpu: Int(m.4) ?? 0, ccount: ccount, callers: pcs(m.6), freedBy: nil))
            } else if s.hasPrefix("freed by"), let m = s.firstMatch(of: /^freed by (.*)$/), !c.records.isEmpty {
                c.records[c.records.count - 1].freedBy = pcs(m.1)
            } else if s.has("Mode:"), let m = s.firstMatch(of: /Mode: Heap Trace (All|Leaks)/) {
                c.mode = String(m.1)
            } else if s.has("total allocations"), let m = s.firstMatch(of: /total allocations: (\d+)/) {
                c.totalAllocations = Int(m.1)
            } else if s.has("total frees"), let m = s.firstMatch(of: /total frees: (\d+)/) {
                c.totalFrees = Int(m.1)
            } else if s.has("Internal Buffer has overflowed") {
                c.overflowed = true
            } else if s.hasPrefix("================================") {
                c.lastLine = l.number
                dumps.append(c)
                current = nil
                continue
            }
            c.lastLine = l.number
            current = c
        }
        if let c = current {
            throw text.fail("The heap trace that starts at line \(c.firstLine) has no closing `================================` line",
                            line: c.lastLine, expected: "the summary (`====== Heap Trace Summary ======` … `total frees: <n>`) and the closing line",
                            fix: "Copy the whole heap_trace_dump() output (it is cut)")
        }
        return dumps
    }

    static func pcs(_ s: Substring) -> [Int] {
        s.split(separator: ":").compactMap { ImportNumber.hex($0.trimmingCharacters(in: .whitespaces)[...]) }.filter { $0 != 0 }
    }
}
