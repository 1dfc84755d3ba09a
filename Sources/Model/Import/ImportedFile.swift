/// One recognised part of an imported file. A serial capture can hold several: a boot log, then
/// REPL output of `esp32.idf_heap_info()` and `micropython.mem_info()`.
public enum ImportedSection: Hashable, Sendable {
    case bootLog(BootLog)
    case idfHeapInfo(IDFHeapInfoList)
    case heapDump(HeapDump)
    case memInfo(MemInfo)
    case idfSize(IDFSizeReport)
    case heapTrace(HeapTraceDump)
    /// The output of a `heapfit probe` script (its idf_heap_info / mem_info lines belong to its checkpoints).
    case probeLog(ProbeLog)

    public var format: ImportFormat {
        switch self {
        case .bootLog: .bootLog
        case .idfHeapInfo: .idfHeapInfo
        case .heapDump: .heapDump
        case .memInfo: .memInfo
        case .idfSize(let r): r.flavour == .legacyJSON || r.flavour == .json2 ? .idfSizeJSON : .idfSizeText
        case .heapTrace: .heapTrace
        case .probeLog: .probeLog
        }
    }

    /// The lines it spans in the file.
    public var lines: ClosedRange<Int> {
        let (a, b): (Int, Int) = switch self {
        case .bootLog(let l): (l.firstLine, l.lastLine)
        case .idfHeapInfo(let l): (l.firstLine, l.lastLine)
        case .heapDump(let d): (d.firstLine, d.lastLine)
        case .memInfo(let m): (m.firstLine, m.lastLine)
        case .idfSize(let r): (r.firstLine, r.lastLine)
        case .heapTrace(let t): (t.firstLine, t.lastLine)
        case .probeLog(let p): (p.firstLine, p.lastLine)
        }
        return min(a, b)...max(a, b)
    }
}

/// Everything recognised in one file, in file order.
public struct ImportedFile: Hashable, Sendable {
    public var file: String
    public var sections: [ImportedSection]

    public var bootLog: BootLog? {
        for case .bootLog(let l) in sections { return l }
        return nil
    }
}

/// Recognises, without being told which, what an imported file holds, and parses it.
public enum ImportRecognizer {
    /// Every part of `text` heapfit can read, or a diagnostic: the file (or line) that is garbled, or —
    /// when nothing is recognised — every format tried and what each expects.
    public static func recognise(_ text: ImportText) throws(Diagnostic) -> ImportedFile {
        guard !text.isBlank else {
            throw text.fail("The file is empty", line: nil, expected: "one of: " + ImportFormat.everyExpectation,
                            fix: "Pass a saved serial log, REPL output or `idf.py size` output")
        }
        var sections: [ImportedSection] = []
        // A probe log's checkpoints hold idf_heap_info and mem_info output: those are read as its figures, not again.
        var probeLines: [ClosedRange<Int>] = []
        if ProbeLogParser.recognises(text) {
            let logs = try ProbeLogParser.parse(text)
            sections += logs.map { .probeLog($0) }
            probeLines = logs.map { $0.firstLine...max($0.firstLine, $0.lastLine) }
        }
        // JSON is a whole-file format: nothing else is looked for in it.
        if IDFSizeJSONParser.recognises(text) {
            return ImportedFile(file: text.file, sections: [.idfSize(try IDFSizeJSONParser.parse(text))])
        }
        if BootLogParser.recognises(text) {
            sections += try BootLogParser.parseAll(text).map { .bootLog($0) }
        }
        if IDFHeapInfoParser.recognises(text) {
            sections += try IDFHeapInfoParser.parse(text).map { .idfHeapInfo($0) }
        }
        if HeapDumpParser.recognises(text) {
            sections += try HeapDumpParser.parse(text).map { .heapDump($0) }
        }
        if MemInfoParser.recognises(text) {
            sections += try MemInfoParser.parse(text).map { .memInfo($0) }
        }
        if IDFSizeTextParser.recognises(text) {
            sections.append(.idfSize(try IDFSizeTextParser.parse(text)))
        }
        if HeapTraceParser.recognises(text) {
            sections += try HeapTraceParser.parse(text).map { .heapTrace($0) }
        }
        sections.removeAll { s in
            if case .probeLog = s { return false }
            return probeLines.contains { $0.overlaps(s.lines) }
        }
        guard !sections.isEmpty else {
            throw text.fail("None of the formats heapfit imports was recognised", line: nil,
                            expected: "one of: " + ImportFormat.everyExpectation,
                            fix: "Check that this is the right file; heapfit looks for the lines above anywhere in it")
        }
        return ImportedFile(file: text.file, sections: sections.sorted { $0.lines.lowerBound < $1.lines.lowerBound })
    }
}
