import Model

/// What `heapfit reports run` prints: per report and observation what the board did, what heapfit
/// predicts, and whether that reproduces it; the JSON field names are stable (docs/reports.md).
public struct Scorecard: Sendable, Codable, Equatable {
    public var reports: [ReportScore]
    public var summary: Summary

    public struct Summary: Sendable, Codable, Equatable {
        public var reproduced: Int
        public var open: Int
        public var notExpressible: Int
        /// Reports whose result contradicts their `expect:` (exit 1): expected to reproduce and did
        /// not, or marked open and now reproduce.
        public var unexpected: [String]

        /// `N reproduced, M open, K not expressible` (and the unexpected ones when there are any).
        public var line: String {
            var text = "\(reproduced) reproduced, \(open) open, \(notExpressible) not expressible"
            if !unexpected.isEmpty { text += "; \(unexpected.count) unexpected: " + unexpected.joined(separator: ", ") }
            return text
        }
    }

    public init(reports: [ReportScore]) {
        self.reports = reports
        summary = Summary(reproduced: reports.filter { $0.result == .reproduced }.count,
                          open: reports.filter { $0.result == .notReproduced }.count,
                          notExpressible: reports.filter { $0.result == .notExpressible }.count,
                          unexpected: reports.filter { $0.unexpected != nil }.map(\.id))
    }

    /// Whether `reports run` exits 1.
    public var failed: Bool { !summary.unexpected.isEmpty }
}

/// Whether the model reproduces what the board did.
public enum Verdict: String, Sendable, Codable, Equatable {
    case reproduced
    case notReproduced = "not reproduced"
    case notExpressible = "not expressible"
}

/// One report on the scorecard.
public struct ReportScore: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var chip: String
    public var board: String
    public var idf: String
    public var firmware: String
    public var expect: String
    public var openBecause: String?
    /// reproduced: every observation is; not expressible: one cannot be replayed (and none is contradicted);
    /// not reproduced otherwise.
    public var result: Verdict
    /// Set when `result` contradicts `expect:`: what to do about it.
    public var unexpected: String?
    public var observations: [ObservationScore]
    /// Where the board failed at given initial heaps and the model reproduces it: what `recommend` answers for the
    /// scenario, replayed (`ReportRunner.plan`).
    public var plan: PlanEvidence? = nil
}

/// One observation (or a works/fails threshold) on the scorecard.
public struct ObservationScore: Sendable, Codable, Equatable {
    /// `outcome`, `threshold`, or the figure's kind (`mem_info`, `idf_heap_info`, …).
    public var kind: String
    /// The line of the observation in the report file (0 for a threshold, derived from two observations).
    public var line: Int
    /// The settings it was seen at (`initial heap 56 KiB`, knobs), or empty for the report's own.
    public var settings: String
    public var seen: String
    public var predicted: String
    /// Predicted minus seen, in bytes: the largest difference among the compared figures; for an
    /// outcome the IDF headroom left (fits) or missing (fails, negative); nil when there is no figure.
    public var errorBytes: Int?
    public var verdict: Verdict
    /// Why it is not reproduced, or what is missing to express it.
    public var why: String?
}
