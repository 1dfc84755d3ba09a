import Foundation

/// One area of `mem_info(1)`'s `GC memory layout; from <ptr>:` map.
public struct GCAreaLayout: Hashable, Sendable, Codable {
    public var line: Int
    /// The address of the area's first block.
    public var start: Int
    /// Bytes the map covers: the offset of its last row + 16 B per block printed on that row
    /// (one character per 16-byte block, 64 per row; `(N lines all free)` rows skipped).
    public var bytes: Int
    /// Blocks printed as `.` (free) — rows folded into `(N lines all free)` count as 64 free blocks each.
    public var freeBlocks: Int
}

/// `micropython.mem_info()` / `mem_info(1)` on the esp32 port (docs/domain/micropython-heap.md §4):
/// `stack: <used> out of <limit>`, `GC: total: T, used: U, free: F[, max new split: S]`,
/// ` No. of 1-blocks: n1, 2-blocks: n2, max blk sz: B, max free sz: M` and, for `mem_info(1)`,
/// one layout map per GC area.
public struct MemInfo: Hashable, Sendable, Codable {
    public var firstLine: Int
    public var lastLine: Int
    public var stackUsed: Int?
    public var stackLimit: Int?
    /// `mem: total=…, current=…, peak=…` (only with MICROPY_MEM_STATS).
    public var memStats: [String: Int]?
    public var gcTotal: Int
    public var gcUsed: Int
    public var gcFree: Int
    /// `max new split` (split-heap-auto builds, MicroPython v1.21.0+); nil before.
    public var maxNewSplit: Int?
    public var oneBlocks: Int
    public var twoBlocks: Int
    /// Largest allocated object, in 16-byte blocks.
    public var maxBlockBlocks: Int
    /// Largest run of free blocks, in 16-byte blocks.
    public var maxFreeBlocks: Int
    public var areas: [GCAreaLayout]
}

/// Reads each `micropython.mem_info()` output in a file.
public enum MemInfoParser {
    public static func recognises(_ text: ImportText) -> Bool {
        text.lines.contains { $0.text.has("GC: total:") }
    }

    static let gcForm = "`GC: total: <bytes>, used: <bytes>, free: <bytes>` (and `, max new split: <bytes>` from v1.21)"
    static let blocksForm = "` No. of 1-blocks: <n>, 2-blocks: <n>, max blk sz: <blocks>, max free sz: <blocks>`"

    public static func parse(_ text: ImportText) throws(Diagnostic) -> [MemInfo] {
        var out: [MemInfo] = []
        let lines = text.lines
        var i = 0
        while i < lines.count {
            guard lines[i].text.has("GC: total:") else { i += 1; continue }
            var info = try gcLine(lines[i], text)
            // stack: and mem: lines come just before the GC line.
            for back in lines[max(0, i - 2)..<i].reversed() {
                if let m = back.text.firstMatch(of: /stack: (\d{1,10}) out of (\d{1,10})/) {
                    info.stackUsed = Int(m.1); info.stackLimit = Int(m.2); info.firstLine = back.number
                } else if let m = back.text.firstMatch(of: /mem: total=(\d+), current=(\d+), peak=(\d+)/) {
                    info.memStats = ["total": Int(m.1) ?? 0, "current": Int(m.2) ?? 0, "peak": Int(m.3) ?? 0]
                    info.firstLine = back.number
                }
            }
            guard i + 1 < lines.count else {
                throw text.fail("mem_info output ends after the GC line", line: lines[i].number, expected: blocksForm,
                                fix: "Copy the whole mem_info() output")
            }
            let b = lines[i + 1]
            guard let m = b.text.firstMatch(of: /No\. of 1-blocks: (\d+), 2-blocks: (\d+), max blk sz: (\d+), max free sz: (\d+)/),
                  let n1 = ImportNumber.decimal(m.1), let n2 = ImportNumber.decimal(m.2),
                  let mb = ImportNumber.decimal(m.3), let mf = ImportNumber.decimal(m.4) else {
                throw text.fail("The line after `GC: total:` is not the block statistics line: '\(BootLogParser.clip(b.text))'",
                                line: b.number, expected: blocksForm, fix: "Copy the whole mem_info() output")
            }
            info.oneBlocks = n1; info.twoBlocks = n2; info.maxBlockBlocks = mb; info.maxFreeBlocks = mf
            info.lastLine = b.number
            i += 2
            // mem_info(1): one map per area, until a line that belongs to none.
            while i < lines.count, let m = lines[i].text.firstMatch(of: /GC memory layout; from ([0-9A-Fa-f]{1,8}):/) {
                guard let start = ImportNumber.hex(m.1) else { break }
                let (area, next) = try layout(lines, from: i, start: start, text)
                info.areas.append(area)
                info.lastLine = lines[next - 1].number
                i = next
            }
            out.append(info)
        }
        return out
    }

    static func gcLine(_ l: SourceLine, _ text: ImportText) throws(Diagnostic) -> MemInfo {
        guard let m = l.text.firstMatch(of: /GC: total: (\d+), used: (\d+), free: (\d+)(?:, max new split: (\d+))?/),
              let t = ImportNumber.decimal(m.1), let u = ImportNumber.decimal(m.2), let f = ImportNumber.decimal(m.3) else {
            throw text.fail("The GC line is cut or garbled: '\(BootLogParser.clip(l.text))'", line: l.number, expected: gcForm,
                            fix: "Copy the whole mem_info() output")
        }
        let split = m.4.flatMap { ImportNumber.decimal($0) }
        if m.4 == nil, l.text.has("max new") {
            throw text.fail("The GC line is cut in `max new split`: '\(BootLogParser.clip(l.text))'", line: l.number,
                            expected: gcForm, fix: "Copy the whole mem_info() output")
        }
        guard u + f == t else {
            throw text.fail("The GC line says total \(t) but used + free = \(u + f)", line: l.number,
                            expected: "total = used + free, as gc_info() computes them",
                            fix: "The line was garbled in transit; copy it again")
        }
        return MemInfo(firstLine: l.number, lastLine: l.number, stackUsed: nil, stackLimit: nil, memStats: nil,
                       gcTotal: t, gcUsed: u, gcFree: f, maxNewSplit: split, oneBlocks: 0, twoBlocks: 0,
                       maxBlockBlocks: 0, maxFreeBlocks: 0, areas: [])
    }

    /// One area's map: rows `%05x: <up to 64 chars>` (or `%08x:`), and `(N lines all free)`.
    static func layout(_ lines: [SourceLine], from i: Int, start: Int,
                       _ text: ImportText) throws(Diagnostic) -> (GCAreaLayout, Int) {
        var j = i + 1
        var bytes = 0
        var free = 0
        var rows = 0
        while j < lines.count {
            let s = lines[j].text
            if let m = s.firstMatch(of: /^([0-9a-fA-F]{5,8}): (\S{0,64})\s*$/), let offset = ImportNumber.hex(m.1) {
                bytes = offset + m.2.count * 16
                free += m.2.filter { $0 == "." }.count
                rows += 1
            } else if let m = s.firstMatch(of: /^\s*\((\d{1,7}) lines all free\)\s*$/), let n = Int(m.1) {
                free += n * 64
            } else {
                break
            }
            j += 1
        }
        guard rows > 0 else {
            throw text.fail("The GC memory layout from \(Hex.address(start)) has no rows", line: lines[i].number,
                            expected: "rows `<offset>: <one character per 16-byte block>` after it",
                            fix: "Copy the whole mem_info(1) output")
        }
        return (GCAreaLayout(line: lines[i].number, start: start, bytes: bytes, freeBlocks: free), j)
    }
}
