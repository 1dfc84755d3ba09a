import Model

/// What each cell of a sweep runs.
public enum SweepMode: String, CaseIterable, Sendable, Codable {
    /// `heapfit recommend` per cell: the initial heap and knobs that serve the workload.
    case recommend
    /// `heapfit simulate` per cell: the firmware's own initial heap (or `--initial-heap`), knobs at their defaults.
    case simulate
}

/// What `heapfit sweep` asks: filters over boards, IDF releases and workloads (empty: the defaults).
public struct SweepRequest: Sendable {
    /// Board names; empty: every board of the catalogue, in catalogue order.
    public var boards: [String]
    /// IDF releases (rows put them oldest first); empty: per board, every release its firmware supports
    /// (`firmwareSupport` in boards.yaml), or without a table the releases the catalogue lists static sizes for.
    public var idfs: [IDFVersion]
    /// A firmware release for every cell; nil: the newest release of the board's port for the release.
    public var firmware: String?
    /// Workloads; empty: `RecommendationRequest.defaultWorkload`.
    public var workloads: [String]
    public var mode: SweepMode
    /// Simulate mode only: the initial Python heap instead of the firmware's.
    public var initialHeap: Int?

    public init(boards: [String] = [], idfs: [IDFVersion] = [], firmware: String? = nil, workloads: [String] = [],
                mode: SweepMode = .recommend, initialHeap: Int? = nil) {
        self.boards = boards
        self.idfs = idfs
        self.firmware = firmware
        self.workloads = workloads
        self.mode = mode
        self.initialHeap = initialHeap
    }
}

/// One combination the sweep runs: a board, an IDF release (nil for a chip without ESP-IDF), a
/// workload, and — decided before anything runs — why it cannot run, if it cannot.
public struct SweepCell: Sendable, Equatable {
    public var board: String
    public var chip: String
    public var idf: IDFVersion?
    /// The workload as the user named it (a shipped name or a path), and its name in the file.
    public var workload: String
    public var workloadName: String
    public var skip: String?

    /// `ESP32_GENERIC · 5.4.2 · https-get-x2`, for progress lines.
    public var label: String { "\(board) · \(idf?.description ?? "no IDF") · \(workloadName)" }
}

/// One row of the sweep's table: the cell and its outcome.
public struct SweepRow: Sendable, Codable, Equatable {
    public enum Verdict: String, Sendable, Codable {
        case fits, doesNotFit, noSetting, skipped

        /// As the tables print it.
        public var text: String {
            switch self {
            case .fits: "fits"
            case .doesNotFit: "does not fit"
            case .noSetting: "no setting"
            case .skipped: "skipped"
            }
        }
    }

    /// A knob the recommendation moves from its default.
    public struct KnobChange: Sendable, Codable, Equatable {
        public var name: String
        public var from: Int
        public var to: Int
    }

    public var board: String
    public var chip: String
    /// Nil for a board whose chip does not run ESP-IDF.
    public var idf: String?
    public var firmware: String?
    public var workload: String
    public var verdict: Verdict
    /// Recommend: the recommended MICROPY_GC_INITIAL_HEAP_SIZE; simulate: the initial heap used
    /// (nil where the firmware sizes it from the largest block rather than a fixed figure).
    public var initialHeap: Int?
    /// Python heap (pool bytes) at start and after growth.
    public var pythonHeapAtStart: Int?
    public var pythonHeapAfterGrowth: Int?
    /// Lowest free internal IDF memory at the workload's peak.
    public var idfHeadroom: Int?
    /// What limits the answer: the allocation that stops one more KiB (recommend), the first failing
    /// allocation or the step with the least IDF memory (simulate), why no setting exists.
    public var limitingAllocation: String?
    public var knobChanges: [KnobChange]
    /// The confidence of the board's static DRAM figure (measured, derived, estimated).
    public var confidence: String?
    /// Why the cell did not run.
    public var skippedBecause: String?
    /// Set where the catalogue gives the static DRAM only as an interval: the verdict at both ends and, where
    /// they differ, the threshold (the row's other figures are those of the upper end, or of the lower end
    /// when only there a setting exists).
    public var staticDRAMBounds: StaticDRAMBounds? = nil

    /// The verdict as the tables print it, with the interval where there is one:
    /// `fits (any static DRAM 54000–55600 B)`, `fits if static DRAM ≤ 55232 B (54000–55600 B)`.
    public func verdictText(mode: SweepMode) -> String {
        guard let b = staticDRAMBounds, verdict != .skipped else { return verdict.text }
        let range = "\(b.lower)–\(b.upper) B"
        switch (b.holdsAtLower, b.holdsAtUpper) {
        case (true, true), (false, false): return "\(verdict.text) (any static DRAM \(range))"
        case (true, false): return (mode == .recommend ? "setting" : "fits") + " if static DRAM ≤ \(b.threshold ?? b.lower) B (\(range))"
        case (false, true): return "fits at \(b.upper) B, not at \(b.lower) B"
        }
    }

    /// Whether the verdict depends on where in its interval the build's static DRAM lies.
    public var dependsOnStaticDRAM: Bool {
        guard let b = staticDRAMBounds, verdict != .skipped else { return false }
        return b.holdsAtLower != b.holdsAtUpper
    }

    /// The `NAME=value` list of knob changes, as the tables print it.
    public var knobText: String { knobChanges.map { "\($0.name)=\($0.to)" }.joined(separator: ", ") }
}

/// What `heapfit sweep` reports: the rows in cell order (board, then IDF release, then workload).
public struct SweepReport: Sendable, Codable, Equatable {
    public var mode: SweepMode
    public var rows: [SweepRow]

    /// Rows whose verdict holds over the whole interval (or a single figure): cells that depend on where the
    /// build's static DRAM lies are counted apart (`dependingOnStaticDRAM`).
    public func count(_ verdict: SweepRow.Verdict) -> Int { rows.filter { $0.verdict == verdict && !$0.dependsOnStaticDRAM }.count }
    public var dependingOnStaticDRAM: Int { rows.filter(\.dependsOnStaticDRAM).count }
    /// Rows answered over an interval of static DRAM (no published figure).
    public var overAnInterval: Int { rows.filter { $0.staticDRAMBounds != nil }.count }

    /// 0 when every cell that ran fits (skipped cells do not count), 1 when any does not fit or has
    /// no setting — the exit codes of `simulate` and `recommend`.
    public var exitStatus: Int32 {
        rows.contains { $0.verdict == .doesNotFit || $0.verdict == .noSetting || $0.dependsOnStaticDRAM } ? 1 : 0
    }
}
