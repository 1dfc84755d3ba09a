import Model

/// What `heapfit import` reports about one file. Built once by `ImportCommand`, rendered by
/// `ImportTextEmitter` and `ImportJSONEmitter` (stable field names).
public struct ImportReport: Sendable, Codable {
    /// One recognised part of the file.
    public struct Section: Sendable, Codable, Equatable {
        public var format: ImportFormat
        public var title: String
        public var firstLine: Int
        public var lastLine: Int
        /// One sentence: what it holds.
        public var summary: String
    }

    public var file: String
    public var sections: [Section]
    /// The first boot log's heaps, as logged.
    public var regionMap: [HeapInitLine]?
    /// The board its heaps were derived as (best candidate, reproducing or not).
    public var derivation: DerivedRegionMap?
    /// The entry the user can keep; nil when nothing reliable could be derived (see `notes`).
    public var boardEntry: BoardEntry?
    /// The comparisons with the catalogue board named by `--board`.
    public var comparisons: [CatalogueComparison]
    /// Caveats and the reasons something could not be done, one sentence each.
    public var notes: [String]
    /// Everything parsed, for programs.
    public var parsed: Parsed

    public struct Parsed: Sendable, Codable {
        public var bootLogs: [BootLog] = []
        public var idfHeapInfo: [IDFHeapInfoList] = []
        public var heapDumps: [HeapDump] = []
        public var memInfo: [MemInfo] = []
        public var idfSize: [IDFSizeReport] = []
        public var heapTraces: [HeapTraceDump] = []
        public var probeLogs: [ProbeLog] = []
    }
}

/// Heap figures on one side of a comparison; nil fields are not known on that side.
public struct HeapFigures: Hashable, Sendable, Codable {
    public var start: Int?
    public var size: Int
    public var type: String?
    public var free: Int? = nil
    public var largestFreeBlock: Int? = nil
    public var minimumFree: Int? = nil
    /// The line in the imported file.
    public var line: Int?
}

/// One heap in both places, or in one only.
public struct HeapComparisonRow: Hashable, Sendable, Codable {
    public var imported: HeapFigures?
    public var catalogue: HeapFigures?
}

/// A static size as imported and as the catalogue has it.
public struct StaticDifference: Hashable, Sendable, Codable {
    public var imported: Int
    public var catalogue: Int
    public var difference: Int { imported - catalogue }

    public init(imported: Int, catalogue: Int) {
        self.imported = imported
        self.catalogue = catalogue
    }
}

/// How one imported section differs from a catalogue board booted on an IDF release by the simulator.
public struct CatalogueComparison: Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case bootLog, idfHeapInfo, heapDump, idfSize }

    public var kind: Kind
    public var firstLine: Int
    public var lastLine: Int
    public var board: String
    public var idf: IDFVersion
    /// What the catalogue side is: "fresh heaps at app_main" etc.
    public var catalogueSide: String
    public var featureDifferences: [String]
    public var staticDRAM: StaticDifference?
    public var staticIRAM: StaticDifference?
    public var rows: [HeapComparisonRow]
}
