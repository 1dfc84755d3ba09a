import Foundation

/// One heap of a `heap_caps_print_heap_info` dump: the two lines
/// `  At 0x%08x len %d free %d allocated %d min_free %d` and
/// `    largest_free_block %d alloc_blocks %d free_blocks %d total_blocks %d`
/// (esp-idf `components/heap/heap_caps.c`, the same from v3.x to v5.5).
public struct HeapDumpEntry: Hashable, Sendable, Codable {
    public var line: Int
    public var start: Int
    /// `heap->end − heap->start`: one less than the region for the SPIRAM_MALLOC_RESERVE_INTERNAL pool (§3.1).
    public var length: Int
    public var free: Int
    public var allocated: Int
    public var minimumFree: Int
    public var largestFreeBlock: Int
    public var allocatedBlocks: Int
    public var freeBlocks: Int
    public var totalBlocks: Int

    public init(line: Int, start: Int, length: Int, free: Int, allocated: Int, minimumFree: Int,
                largestFreeBlock: Int, allocatedBlocks: Int, freeBlocks: Int, totalBlocks: Int) {
        self.line = line
        self.start = start
        self.length = length
        self.free = free
        self.allocated = allocated
        self.minimumFree = minimumFree
        self.largestFreeBlock = largestFreeBlock
        self.allocatedBlocks = allocatedBlocks
        self.freeBlocks = freeBlocks
        self.totalBlocks = totalBlocks
    }

    public var end: Int { start + length }
}

/// The `Totals:` part: `    free %d allocated %d min_free %d largest_free_block %d`.
public struct HeapDumpTotals: Hashable, Sendable, Codable {
    public var line: Int
    public var free: Int
    public var allocated: Int
    public var minimumFree: Int
    public var largestFreeBlock: Int
}

/// One `Heap summary for capabilities 0x%08X:` block.
public struct HeapDump: Hashable, Sendable, Codable {
    /// The caps asked for; nil when the summary line is not in the file.
    public var caps: UInt32?
    public var heaps: [HeapDumpEntry]
    public var totals: HeapDumpTotals?
    public var firstLine: Int
    public var lastLine: Int
}

/// Reads every heap_caps_print_heap_info dump in a file (also inside other log output, and with a
/// prefix such as `[18:26:36]` before each line).
public enum HeapDumpParser {
    public static func recognises(_ text: ImportText) -> Bool {
        text.lines.contains { $0.text.has("Heap summary for capabilities") || isHeapLine($0.text) }
    }

    static func isHeapLine(_ s: String) -> Bool { s.has("At 0x") && s.firstMatch(of: /\bAt 0x[0-9A-Fa-f]+ len \d/) != nil }

    static let atForm = "`At 0x<address> len <n> free <n> allocated <n> min_free <n>`"
    static let detailForm = "`largest_free_block <n> alloc_blocks <n> free_blocks <n> total_blocks <n>`"
    static let totalsForm = "`free <n> allocated <n> min_free <n> largest_free_block <n>`"

    public static func parse(_ text: ImportText) throws(Diagnostic) -> [HeapDump] {
        var dumps: [HeapDump] = []
        var current: HeapDump?
        var pending: (start: Int, length: Int, free: Int, allocated: Int, minFree: Int, line: Int)?
        var expectTotals: Int?
        func close() { if let d = current { dumps.append(d) }; current = nil }
        for l in text.lines {
            let s = l.text
            if let p = pending {
                guard let m = s.firstMatch(of: /largest_free_block (\d+) alloc_blocks (\d+) free_blocks (\d+) total_blocks (\d+)/) else {
                    throw text.fail("The heap at line \(p.line) has no `largest_free_block …` line after it", line: l.number,
                                    expected: detailForm + " right after the `At 0x…` line",
                                    fix: "Copy the whole dump (it may be cut or interleaved with other output)")
                }
                let n = try numbers([m.1, m.2, m.3, m.4], l.number, text)
                current?.heaps.append(HeapDumpEntry(line: p.line, start: p.start, length: p.length, free: p.free,
                                                    allocated: p.allocated, minimumFree: p.minFree,
                                                    largestFreeBlock: n[0], allocatedBlocks: n[1], freeBlocks: n[2],
                                                    totalBlocks: n[3]))
                current?.lastLine = l.number
                pending = nil
                continue
            }
            if let t = expectTotals {
                guard let m = s.firstMatch(of: /free (\d+) allocated (\d+) min_free (\d+) largest_free_block (\d+)/) else {
                    throw text.fail("The `Totals:` at line \(t) has no figures after it", line: l.number,
                                    expected: totalsForm, fix: "Copy the whole dump (it may be cut)")
                }
                let n = try numbers([m.1, m.2, m.3, m.4], l.number, text)
                current?.totals = HeapDumpTotals(line: l.number, free: n[0], allocated: n[1], minimumFree: n[2],
                                                 largestFreeBlock: n[3])
                current?.lastLine = l.number
                expectTotals = nil
                close()
                continue
            }
            if s.has("Heap summary"), let m = s.firstMatch(of: /Heap summary for capabilities (0x[0-9A-Fa-f]{1,8})/) {
                close()
                current = HeapDump(caps: ImportNumber.hex(m.1).map(UInt32.init), heaps: [], totals: nil,
                                   firstLine: l.number, lastLine: l.number)
            } else if isHeapLine(s) {
                pending = try heapLine(s, l.number, text)
                if current == nil { current = HeapDump(caps: nil, heaps: [], totals: nil, firstLine: l.number, lastLine: l.number) }
            } else if s.has("Totals:"), s.firstMatch(of: /^\W*Totals:\s*$/) != nil || s.hasSuffix("  Totals:") {
                if current == nil { current = HeapDump(caps: nil, heaps: [], totals: nil, firstLine: l.number, lastLine: l.number) }
                expectTotals = l.number
            }
        }
        if let p = pending {
            throw text.fail("The dump ends after the heap at line \(p.line), before its `largest_free_block …` line",
                            line: p.line, expected: detailForm, fix: "Copy the whole dump (it is cut)")
        }
        if let t = expectTotals {
            throw text.fail("The dump ends after `Totals:`", line: t, expected: totalsForm, fix: "Copy the whole dump (it is cut)")
        }
        close()
        return dumps
    }

    static func heapLine(_ s: String, _ n: Int, _ text: ImportText) throws(Diagnostic)
        -> (start: Int, length: Int, free: Int, allocated: Int, minFree: Int, line: Int) {
        guard let m = s.firstMatch(of: /At (0x[0-9A-Fa-f]+) len (\d+) free (\d+) allocated (\d+) min_free (\d+)/) else {
            let words = s.split(whereSeparator: \.isWhitespace)
            let missing = ["free", "allocated", "min_free"].filter { !words.contains(Substring($0)) }
            let what = missing.first.map { "A heap line has `len` but no `\($0)`" } ?? "A heap line is garbled"
            throw text.fail("\(what): '\(BootLogParser.clip(s))'", line: n,
                            expected: atForm, fix: "Copy the whole line (the dump may have been cut mid-line)")
        }
        guard let start = ImportNumber.hex(m.1) else {
            throw text.fail("The heap address \(m.1) is not a 32-bit address", line: n, expected: atForm)
        }
        let v = try numbers([m.2, m.3, m.4, m.5], n, text)
        return (start, v[0], v[1], v[2], v[3], n)
    }

    static func numbers(_ parts: [Substring], _ line: Int, _ text: ImportText) throws(Diagnostic) -> [Int] {
        var out: [Int] = []
        for p in parts {
            guard let v = ImportNumber.decimal(p) else {
                throw text.fail("The number \(p.prefix(20)) is out of range", line: line, expected: "a 32-bit byte count",
                                fix: "Copy the dump again; digits may have run together")
            }
            out.append(v)
        }
        return out
    }
}
