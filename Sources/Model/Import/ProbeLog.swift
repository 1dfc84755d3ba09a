import Foundation

/// What a board printed at one checkpoint of a `heapfit probe` script: the IDF heaps
/// (`esp32.idf_heap_info(esp32.HEAP_DATA)`, or CircuitPython's `espidf` totals), the GC heap
/// (`micropython.mem_info()`, `gc.mem_free()`/`gc.mem_alloc()`) and the exception of the step, if it failed.
public struct ProbeCheckpoint: Hashable, Sendable, Codable {
    /// 0 before the first step; n after the workload's n-th top-level step.
    public var index: Int
    public var label: String
    /// The `heapfit-probe: checkpoint` line.
    public var line: Int
    public var heaps: IDFHeapInfoList?
    /// CircuitPython: `espidf: total <n> free <n> largest <n>` (heap_caps_get_*_size of the default caps).
    public var espidf: ESPIDFTotals?
    public var memInfo: MemInfo?
    public var gcFree: Int?
    public var gcAlloc: Int?
    /// `heapfit-probe: error <n> <Type>: <text>` — the step raised, and the script stopped after this checkpoint.
    public var error: ProbeError?

    /// Free IDF memory the board reported (sum over the listed heaps).
    public var idfFree: Int? { heaps.map(\.totalFree) ?? espidf?.free }
    /// The largest free block of any listed heap.
    public var idfLargest: Int? { heaps.map(\.largestFreeBlock) ?? espidf?.largest }
    /// Bytes of the GC heap in use: `gc.mem_alloc()`, else mem_info's `used`.
    public var gcUsed: Int? { gcAlloc ?? memInfo?.gcUsed }
}

public struct ESPIDFTotals: Hashable, Sendable, Codable {
    public var total: Int
    public var free: Int
    public var largest: Int
}

public struct ProbeError: Hashable, Sendable, Codable {
    public var line: Int
    /// The exception's type name (`OSError`, `MemoryError`).
    public var type: String
    public var text: String
}

/// The output of one run of a `heapfit probe` script.
public struct ProbeLog: Hashable, Sendable, Codable {
    public var firstLine: Int
    public var lastLine: Int
    public var workload: String
    public var firmware: String
    /// Steps the script has (checkpoints 1…steps follow checkpoint 0).
    public var steps: Int
    public var checkpoints: [ProbeCheckpoint]
    /// `heapfit-probe: done` was printed: the script ran to its end (after the last step or a failure).
    public var finished: Bool

    public var failure: ProbeCheckpoint? { checkpoints.first { $0.error != nil } }
}

/// Reads the output of a `heapfit probe` script: `heapfit-probe: begin workload W firmware F steps N`,
/// then per checkpoint `heapfit-probe: checkpoint <n> <label>`, the figures in the formats the other
/// importers read, `heapfit-probe: end <n>`; `heapfit-probe: done` at the end.
public enum ProbeLogParser {
    public static let marker = "heapfit-probe: "

    public static func recognises(_ text: ImportText) -> Bool {
        text.lines.contains { $0.text.hasPrefix(marker + "begin ") }
    }

    static let beginForm = "`heapfit-probe: begin workload <name> firmware <release> steps <n>`"
    static let checkpointForm = "`heapfit-probe: checkpoint <n> <label>` … `heapfit-probe: end <n>`"

    public static func parse(_ text: ImportText) throws(Diagnostic) -> [ProbeLog] {
        var reader = ProbeLogReader(text: text)
        for l in text.lines { try reader.take(l) }
        return try reader.finished()
    }

    /// The figures printed inside one checkpoint, read by the importers of each format.
    static func figures(_ lines: [SourceLine], _ text: ImportText) throws(Diagnostic) -> ProbeCheckpoint {
        var block = ImportText(file: text.file, contents: "")
        block.lines = lines
        var point = ProbeCheckpoint(index: 0, label: "", line: 0, heaps: nil, espidf: nil, memInfo: nil, gcFree: nil,
                                    gcAlloc: nil, error: nil)
        if IDFHeapInfoParser.recognises(block) { point.heaps = try IDFHeapInfoParser.parse(block).first }
        if MemInfoParser.recognises(block) { point.memInfo = try MemInfoParser.parse(block).first }
        for l in lines {
            if let m = l.text.firstMatch(of: /^gc: mem_free (\d{1,10}) mem_alloc (\d{1,10})/) {
                point.gcFree = Int(m.1); point.gcAlloc = Int(m.2)
            } else if let m = l.text.firstMatch(of: /^espidf: total (\d{1,10}) free (\d{1,10}) largest (\d{1,10})/),
                      let t = Int(m.1), let f = Int(m.2), let g = Int(m.3) {
                point.espidf = ESPIDFTotals(total: t, free: f, largest: g)
            }
        }
        return point
    }
}

/// Reads a probe's output line by line: runs (`begin` … `done`), and in each its checkpoints with the lines printed
/// between `checkpoint N` and `end N`, and the error a failing step printed.
private struct ProbeLogReader {
    let text: ImportText
    var logs: [ProbeLog] = []
    var current: ProbeLog?
    var open: (index: Int, label: String, line: Int, lines: [SourceLine])?
    var pendingError: ProbeError?

    init(text: ImportText) { self.text = text }

    typealias P = ProbeLogParser

    mutating func take(_ l: SourceLine) throws(Diagnostic) {
        guard l.text.hasPrefix(P.marker) else {
            open?.lines.append(l)
            return
        }
        let rest = l.text.dropFirst(P.marker.count)
        if rest.hasPrefix("begin ") { return try begin(rest, l) }
        guard current != nil else {
            throw text.fail("A `heapfit-probe:` line comes before the probe's `begin` line", line: l.number,
                            expected: P.beginForm, fix: "Copy the output from its first line")
        }
        current?.lastLine = l.number
        try probeLine(rest, l)
    }

    /// `begin workload … firmware … steps …`: a new run; the checkpoint before it must be closed.
    mutating func begin(_ rest: Substring, _ l: SourceLine) throws(Diagnostic) {
        if let o = open {
            throw text.fail("Checkpoint \(o.index) has no `heapfit-probe: end \(o.index)` line before the next run begins",
                            line: o.line, expected: P.checkpointForm, fix: "Copy the whole output of the probe script")
        }
        closeLog()
        guard let m = rest.wholeMatch(of: /begin workload (\S{1,200}) firmware (\S{1,100}) steps (\d{1,6})\s*/),
              let steps = Int(m.3) else {
            throw text.fail("The probe's first line is garbled: '\(BootLogParser.clip(l.text))'", line: l.number,
                            expected: P.beginForm, fix: "Copy the output again; regenerate the script with `heapfit probe` if it was edited")
        }
        current = ProbeLog(firstLine: l.number, lastLine: l.number, workload: String(m.1), firmware: String(m.2),
                           steps: steps, checkpoints: [], finished: false)
    }

    /// A `heapfit-probe:` line inside a run: checkpoint, end, error, done or platform.
    mutating func probeLine(_ rest: Substring, _ l: SourceLine) throws(Diagnostic) {
        if let m = rest.wholeMatch(of: /checkpoint (\d{1,6}) (.{0,300})/), let n = Int(m.1) {
            if let o = open {
                throw text.fail("Checkpoint \(o.index) has no `heapfit-probe: end \(o.index)` line", line: o.line,
                                expected: P.checkpointForm, fix: "Copy the whole output of the probe script")
            }
            open = (n, String(m.2), l.number, [])
        } else if let m = rest.wholeMatch(of: /end (\d{1,6})\s*/), let n = Int(m.1) {
            try end(n, l)
        } else if let m = rest.wholeMatch(of: /error (\d{1,6}) ([A-Za-z_][A-Za-z0-9_.]{0,80}): ?(.{0,2000})/) {
            pendingError = ProbeError(line: l.number, type: String(m.2), text: String(m.3))
        } else if rest.hasPrefix("done") {
            current?.finished = true
        } else if !rest.hasPrefix("platform ") {
            throw text.fail("Unknown probe line: '\(BootLogParser.clip(l.text))'", line: l.number,
                            expected: "begin, platform, checkpoint, end, error or done after `heapfit-probe:`",
                            fix: "Regenerate the script with `heapfit probe` and run it again")
        }
    }

    /// `end N`: the open checkpoint N is read from the lines printed inside it.
    mutating func end(_ n: Int, _ l: SourceLine) throws(Diagnostic) {
        guard let o = open, o.index == n else {
            throw text.fail("`heapfit-probe: end \(n)` closes no open checkpoint \(n)", line: l.number,
                            expected: P.checkpointForm, fix: "Copy the whole output of the probe script")
        }
        var point = try P.figures(o.lines, text)
        point.index = o.index; point.label = o.label; point.line = o.line
        if let e = pendingError, n == o.index { point.error = e }
        pendingError = nil
        current?.checkpoints.append(point)
        open = nil
    }

    mutating func closeLog() {
        if let c = current { logs.append(c) }
        current = nil
    }

    mutating func finished() throws(Diagnostic) -> [ProbeLog] {
        if let o = open {
            throw text.fail("Checkpoint \(o.index) ('\(o.label)') has no `heapfit-probe: end \(o.index)` line (the output is cut)",
                            line: o.line, expected: P.checkpointForm,
                            fix: "Copy the whole output; if the board reset there, the log before the reset is still usable once cut at the last `end` line")
        }
        closeLog()
        return logs
    }
}
