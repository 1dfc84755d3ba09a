import Model

/// What `heapfit diff` asks: two IDF releases, and filters over boards and workloads.
public struct DiffRequest: Sendable {
    /// The release bumped from (A) and to (B).
    public var from: IDFVersion
    public var to: IDFVersion
    /// Board names; empty: every board with known static sizes on both releases.
    public var boards: [String]
    /// Workloads; empty: `RecommendationRequest.defaultWorkload`.
    public var workloads: [String]
    public var firmware: String?

    public init(from: IDFVersion, to: IDFVersion, boards: [String] = [], workloads: [String] = [], firmware: String? = nil) {
        self.from = from
        self.to = to
        self.boards = boards
        self.workloads = workloads
        self.firmware = firmware
    }
}

/// A figure under release A and under release B; nil where it does not exist or is unknown there.
public struct Change: Sendable, Codable, Equatable {
    public var from: Int?
    public var to: Int?
    /// `to − from` when both are known.
    public var delta: Int? {
        guard let from, let to else { return nil }
        return to - from
    }

    public init(_ from: Int?, _ to: Int?) {
        self.from = from
        self.to = to
    }

    enum CodingKeys: String, CodingKey { case from, to, delta }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(delta, forKey: .delta)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(try c.decodeIfPresent(Int.self, forKey: .from), try c.decodeIfPresent(Int.self, forKey: .to))
    }
}

/// A value under release A and under release B.
public struct Pair<Value: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
    public var from: Value
    public var to: Value
}

/// What `heapfit diff` reports: per board, what the IDF bump does to static memory, to the heaps at
/// boot, and to the recommended settings and headroom of each workload.
public struct DiffReport: Sendable, Codable, Equatable {
    /// One heap, paired across the releases by its type and where it ends (`DiffCommand.pairHeaps`).
    public struct HeapChange: Sendable, Codable, Equatable {
        /// `DRAM to 0x3FFE0000`: the type and the end address.
        public var heap: String
        public var start: Change
        public var size: Change
        public var free: Change
        public var largestFreeBlock: Change
    }

    /// One workload's recommendation under each release.
    public struct WorkloadChange: Sendable, Codable, Equatable {
        public var workload: String
        public var firmware: Pair<String?>
        /// `fits` (a setting exists), `noSetting`, `skipped`, under A and under B.
        public var verdict: Pair<SweepRow.Verdict>
        public var initialHeap: Change
        public var pythonHeapAfterGrowth: Change
        public var idfHeadroom: Change
        /// `NAME=value` per release.
        public var knobs: Pair<String>
        /// What limits the answer (or why there is none) per release.
        public var limitingAllocation: Pair<String>
    }

    public struct Board: Sendable, Codable, Equatable {
        public var board: String
        public var chip: String
        public var allocator: Pair<String>
        public var staticDRAM: Change
        public var staticIRAM: Change
        /// Σ free of the heaps `esp32.idf_heap_info(esp32.HEAP_DATA)` lists, and the largest block among them, at app_main.
        public var heapDataFree: Change
        public var largestFreeBlock: Change
        public var heaps: [HeapChange]
        public var workloads: [WorkloadChange]
        /// What `heaps` assumed where the catalogue has no figure, prefixed by the release (`4.4: Static
        /// IRAM is unknown…`): a heap that appears or vanishes may come from such an assumption.
        public var assumptions: [String]
    }

    /// A board that was asked for (or exists) but cannot be compared, and why.
    public struct NotCompared: Sendable, Codable, Equatable {
        public var board: String
        public var reason: String
    }

    public var from: String
    public var to: String
    public var boards: [Board]
    public var notCompared: [NotCompared]

    /// 0 when every workload has a setting on both releases, 1 when one has none on either — the
    /// exit codes of `recommend`.
    public var exitStatus: Int32 {
        boards.contains { $0.workloads.contains { $0.verdict.from == .noSetting || $0.verdict.to == .noSetting } } ? 1 : 0
    }
}
