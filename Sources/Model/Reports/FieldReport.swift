/// A field report: what a real board did, told in an issue, PR or forum thread, as data heapfit
/// replays (`reports/<id>.yaml`, format in docs/reports.md). A report pins the board, the IDF and
/// the firmware; its program is a shipped workload or inline steps; its observations are outcomes
/// at settings (works / fails, where, why) and figures printed at named points of the program.
public struct FieldReport: Hashable, Sendable {
    public var id: String
    public var title: String
    public var source: Source
    public var chip: String
    /// A catalogue board name (`ESP32_GENERIC`, or a variant `ESP32_GENERIC-OTA`).
    public var board: String
    /// The IDF release; nil on a chip without ESP-IDF (ESP8266: `idf: none`).
    public var idf: IDFVersion?
    /// As written (`5.4`, `3.3`): what the thread says, also when the catalogue does not know it.
    public var idfText: String
    public var firmware: String
    /// Static DRAM of the reporter's build, when the report (not the catalogue) gives it.
    public var staticDRAM: SourcedFigure?
    public var assumed: [String]
    public var program: Program
    public var settings: Settings
    public var expectation: Expectation
    public var observations: [Observation]
    public var notes: String
    /// The file it was read from and the line of `report:`.
    public var file: String
    public var line: Int

    public struct Source: Hashable, Sendable {
        public var url: String
        public var kind: String
        public var date: String
        public var quotes: [String]
    }

    public struct SourcedFigure: Hashable, Sendable {
        public var value: Int
        public var source: String
    }

    /// What the board ran.
    public struct Program: Hashable, Sendable {
        /// A shipped workload by name, or nil when the report has inline steps.
        public var workload: String?
        /// Inline steps as a workload (named after the report), or nil for a shipped workload.
        public var steps: Workload?
        public var description: String
        /// The labels of the steps, nested ones included (what `step:` and `after:` may name).
        public var labels: [String]
    }

    /// Settings of the board (report-wide, or per observation on top of the report's).
    public struct Settings: Hashable, Sendable {
        /// `MICROPY_GC_INITIAL_HEAP_SIZE` (or CircuitPython's start size) in bytes; nil: the firmware's default.
        public var initialHeap: Int?
        /// Kconfig options the reporter changed (names without CONFIG_), in file order.
        public var knobs: [Knob]

        public init(initialHeap: Int? = nil, knobs: [Knob] = []) {
            self.initialHeap = initialHeap
            self.knobs = knobs
        }

        /// `other` on top of these: its heap when it gives one, its knobs after (and replacing) these.
        public func overridden(by other: Settings) -> Settings {
            var knobs = self.knobs.filter { k in !other.knobs.contains { $0.name == k.name } }
            knobs += other.knobs
            return Settings(initialHeap: other.initialHeap ?? initialHeap, knobs: knobs)
        }
    }

    public struct Knob: Hashable, Sendable {
        public var name: String
        public var value: Int
        public var line: Int
    }

    /// Whether the model is expected to reproduce the report today.
    public enum Expectation: Hashable, Sendable {
        case reproduced
        /// Not yet: one sentence of what the model lacks.
        case open(because: String)
    }

    public struct Observation: Hashable, Sendable {
        public var kind: Kind
        /// Settings of this observation on top of the report's.
        public var at: Settings
        public var line: Int

        public enum Kind: Hashable, Sendable {
            case outcome(Outcome)
            case figure(Figure)
        }
    }

    /// The board worked, or failed, at some point of the program.
    public struct Outcome: Hashable, Sendable {
        public var fails: Bool
        /// Labels of the program's top-level steps where it failed (fails) or that it got past (works);
        /// empty: the report does not name one. Any one of them matches.
        public var steps: [String]
        /// Where, in the thread's words (when no step label says it).
        public var whereText: String?
        /// The error line exactly as printed.
        public var error: String?
        public var cause: Cause?
    }

    public enum Cause: String, Hashable, Sendable, CaseIterable {
        /// An ESP-IDF allocation returned NULL (ENOMEM, MBEDTLS_ERR_…_ALLOC_FAILED, espidf.MemoryError).
        case idfAlloc = "idf-alloc"
        /// The Wi-Fi (or BLE) driver could not initialise: an IDF allocation in its start-up (ESP_ERR_NO_MEM).
        case wifiInit = "wifi-init"
        /// MicroPython's `MemoryError`: no free run in the GC heap and no growth.
        case gcOOM = "gc-oom"
        /// `memory allocation failed, heap is locked`.
        case gcLocked = "gc-locked"
        /// Not a memory failure the model can show (a crash, a fixed buffer limit).
        case other
    }

    /// A figure the board printed at a point of the program.
    public struct Figure: Hashable, Sendable {
        public var kind: FigureKind
        /// A label of the program's steps, `boot` (after start-up, before the first step), or `heap_creation`
        /// (what the firmware saw when it created the Python heap: free IDF memory and the largest block).
        public var after: String
        /// Exactly as printed.
        public var value: String
        /// The numbers compared, parsed from `value` (see `FigureKind`).
        public var numbers: [Int]
        /// Tuples of `idf_heap_info`: (total, free, largest, min_free) per heap.
        public var tuples: [[Int]]
        /// For `mem_info`: which fields are compared.
        public var fields: [MemInfoField]
        public var tolerance: Int
        public var toleranceWhy: String

        public static let boot = "boot", heapCreation = "heap_creation"
        /// The points that are not step labels.
        public static let points: Set<String> = [boot, heapCreation]
    }

    public enum FigureKind: String, Hashable, Sendable, CaseIterable {
        /// `esp32.idf_heap_info(esp32.HEAP_DATA)`: a list of (total, free, largest, min_free), or one tuple of it.
        case idfHeapInfo = "idf_heap_info"
        /// `micropython.mem_info()`'s GC line.
        case memInfo = "mem_info"
        /// `gc.mem_free()` (MicroPython ≥ 1.21 adds the max new split).
        case gcMemFree = "gc_mem_free"
        /// Free internal IDF memory (`heap_caps_get_free_size`, the sum over heaps).
        case idfFree = "idf_free"
        /// The largest free block (`heap_caps_get_largest_free_block`).
        case idfLargest = "idf_largest"
        /// The largest free block of each of the N heaps with the most, largest first.
        case idfLargestBlocks = "idf_largest_blocks"
    }

    public enum MemInfoField: String, Hashable, Sendable, CaseIterable {
        case total, used, free
        case maxNewSplit = "max_new_split"
    }
}
