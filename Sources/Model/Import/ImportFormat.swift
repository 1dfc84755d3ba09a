/// The kinds of file `heapfit import` recognises, with what each looks like — the text a
/// diagnostic shows when a file is none of them.
public enum ImportFormat: String, CaseIterable, Sendable, Codable {
    case bootLog = "boot-log"
    case idfHeapInfo = "idf-heap-info"
    case heapDump = "heap-caps-dump"
    case memInfo = "mem-info"
    case idfSizeText = "idf-size-text"
    case idfSizeJSON = "idf-size-json"
    case heapTrace = "heap-trace"
    case probeLog = "probe-log"

    /// What a person calls it.
    public var title: String {
        switch self {
        case .bootLog: "ESP-IDF boot log"
        case .idfHeapInfo: "esp32.idf_heap_info() output"
        case .heapDump: "heap_caps_print_heap_info() dump"
        case .memInfo: "micropython.mem_info() output"
        case .idfSizeText: "idf.py size text output"
        case .idfSizeJSON: "idf.py size JSON (esp-idf-size --format json / json2)"
        case .heapTrace: "heap_trace_dump() output"
        case .probeLog: "heapfit probe output"
        }
    }

    /// The lines that identify it.
    public var expects: String {
        switch self {
        case .bootLog: "lines `I (<ms>) heap_init: At <hex> len <hex> (<n> KiB): <type>`"
        case .idfHeapInfo: "a list of 4-tuples `[(total, free, largest_free_block, minimum_free), …]`"
        case .heapDump: "`Heap summary for capabilities 0x…:` and `At 0x<addr> len <n> free <n> allocated <n> min_free <n>` lines"
        case .memInfo: "`GC: total: <n>, used: <n>, free: <n>` and `No. of 1-blocks: …` lines"
        case .idfSizeText: "`Used static DRAM: <n> bytes (…)` lines, or the `Memory Type Usage Summary` table"
        case .idfSizeJSON: "a JSON object with `used_dram` (idf_size.py) or `layout` (esp-idf-size json2)"
        case .heapTrace: "`====== Heap Trace: <n> records (<n> capacity) ======` and `<n> bytes (@ 0x…) allocated …` lines"
        case .probeLog: "`heapfit-probe: begin workload <name> firmware <release> steps <n>`, then `heapfit-probe: checkpoint <n> <label>` … `heapfit-probe: end <n>`"
        }
    }

    /// "tried: A (expects …); B (expects …); …" for the diagnostic of an unrecognised file.
    public static var everyExpectation: String {
        allCases.map { "\($0.title): \($0.expects)" }.joined(separator: "; ")
    }
}
