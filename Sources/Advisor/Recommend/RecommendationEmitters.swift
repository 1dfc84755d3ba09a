import Foundation
import Model

/// Renders a `RecommendationReport` for a person: the verdict first, then what limits it.
public enum RecommendationTextEmitter {
    public static func render(_ r: RecommendationReport) -> String {
        var out: [String] = []
        out.append("\(r.board) (\(r.chip)) on ESP-IDF \(r.idfReleases.map(\.description).joined(separator: " + ")) · \(r.firmware) · workload\(r.workloads.count == 1 ? "" : "s") "
                   + r.workloads.joined(separator: ", "))
        var verdict = "Recommended: \(r.initialHeapName) = \(r.initialHeapSize) (\(r.initialHeapSize / 1024) KiB)"
        if let stock = r.firmwareDefaultHeap {
            verdict += stock == r.initialHeapSize ? ", the firmware's default" : " (the firmware's default is \(stock / 1024) KiB)"
        }
        out.append(verdict + ".")
        if let lever = r.initialHeapLever { out.append(LeverText.setBy(lever)) }
        if r.knobChanges.isEmpty {
            out.append("Knobs: leave every sdkconfig option at its default.")
        } else {
            out.append("Knobs:")
            for c in r.knobChanges { out.append("  CONFIG_\(c.name)=\(c.to)  (default \(c.from))\(c.reason.isEmpty ? "" : " — \(c.reason)")") }
        }
        out.append("Python heap: \(Bytes.text(r.pythonHeapAtStart)) at start, \(Bytes.text(r.pythonHeapAfterGrowth)) after growth.")
        out.append("IDF headroom at the workload's peak: \(Bytes.text(r.idfHeadroom)) free internal memory "
                   + "(at least \(Bytes.text(r.idfHeadroomRequired)) asked for).")
        out.append("Limited by: \(r.limitingAllocation).")
        if let b = r.staticDRAMBounds {
            let end = b.holdsAtUpper ? "the upper end, \(b.upper) B, the worst case" : "the lower end, \(b.lower) B (none exists at \(b.upper) B)"
            out.append("Static DRAM: no published figure; the catalogue's interval is \(b.lower)–\(b.upper) B. "
                       + "This setting was found at \(end); " + b.sentence(holds: "it works", fails: "it fails") + ".")
            out.append("Confidence: \(r.confidence) interval (\(b.source)).")
        } else {
            out.append("Confidence: \(r.confidence) board data (static DRAM: \(r.staticDRAMSource)).")
        }
        if let limit = r.stoppedAtSolveLimit {
            out.append("Replayed in the simulator (\(r.replays) replays), but the search stopped at its limit of \(limit) integer "
                       + "programs before proving nothing better exists: a larger heap may fit. Ask for fewer workloads or "
                       + "--idf releases at once, or --keep some knobs, for a proved answer.")
        } else {
            out.append("Proved by replay in the simulator: \(r.replays) replays, \(r.solves) integer programs (GLPK).")
        }
        out.append(contentsOf: AdvisoryText.lines(r.advisories))
        return out.joined(separator: "\n") + "\n"
    }
}

/// Renders a `RecommendationReport` as JSON: `initialHeapSize`, `knobs`, `pythonHeap` {atStart,
/// afterGrowth}, `idfHeadroom` {free, required}, `limitingAllocation`, `confidence`, `advisories`
/// [{id, title, severity, advice, source}], and the context.
public enum RecommendationJSONEmitter {
    struct Document: Encodable {
        var board, chip, idf, firmware: String
        var idfReleases: [String]
        var workloads: [String]
        var initialHeapSize: Int
        var knobs: [String: Int]
        var knobChanges: [Change]
        var pythonHeap: PythonHeap
        var idfHeadroom: Headroom
        var limitingAllocation: String
        var confidence: String
        var firmwareDefaultHeap: Int?
        var replays: Int
        var solves: Int
        /// False when the search stopped at its limit of integer programs (`stoppedAtSolveLimit`).
        var proved: Bool
        var advisories: [AppliedAdvisory]
        /// Only where the catalogue gives an interval of static DRAM: both ends' verdicts and the threshold.
        var staticDRAMBounds: StaticDRAMBounds?
        /// How a board sets the initial heap on this release (levers.yaml); null where the levers file names none.
        var initialHeapLever: LeversJSONEmitter.Entry?
    }
    struct Change: Encodable { var name: String; var from: Int; var to: Int; var reason: String }
    struct PythonHeap: Encodable { var atStart: Int; var afterGrowth: Int }
    struct Headroom: Encodable { var free: Int; var required: Int }

    public static func render(_ r: RecommendationReport) -> String {
        let document = Document(
            board: r.board, chip: r.chip, idf: "\(r.idf)", firmware: "\(r.firmware)",
            idfReleases: r.idfReleases.map(\.description), workloads: r.workloads,
            initialHeapSize: r.initialHeapSize,
            knobs: Dictionary(uniqueKeysWithValues: r.knobChanges.map { ($0.name, $0.to) }),
            knobChanges: r.knobChanges.map { Change(name: $0.name, from: $0.from, to: $0.to, reason: $0.reason) },
            pythonHeap: PythonHeap(atStart: r.pythonHeapAtStart, afterGrowth: r.pythonHeapAfterGrowth),
            idfHeadroom: Headroom(free: r.idfHeadroom, required: r.idfHeadroomRequired),
            limitingAllocation: r.limitingAllocation, confidence: r.confidence, firmwareDefaultHeap: r.firmwareDefaultHeap,
            replays: r.replays, solves: r.solves, proved: r.stoppedAtSolveLimit == nil, advisories: r.advisories,
            staticDRAMBounds: r.staticDRAMBounds, initialHeapLever: r.initialHeapLever.map(LeversJSONEmitter.entry))
        return JSONText.encode(document)
    }
}
