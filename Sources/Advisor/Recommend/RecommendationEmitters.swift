import Foundation
import Model

/// Renders a `RecommendationReport` for a person: the verdict first, then what limits it.
public enum RecommendationTextEmitter {
    /// - Parameter brief: only the verdict lines (the scenario, the answer, the knob changes by name, the firmware
    ///   default and what the answer tolerates), without reasons, confidence or advisories.
    public static func render(_ r: RecommendationReport, brief: Bool = false) -> String {
        var out: [String] = []
        out.append("\(r.board) (\(r.chip)) on ESP-IDF \(r.idfReleases.map(\.description).joined(separator: " + ")) · \(r.firmware) · workload\(r.workloads.count == 1 ? "" : "s") "
                   + r.workloads.joined(separator: ", "))
        var verdict = "Recommended: \(r.initialHeapName) = \(r.initialHeapSize) (\(r.initialHeapSize / 1024) KiB)"
        if let stock = r.firmwareDefaultHeap {
            verdict += stock == r.initialHeapSize ? ", the firmware's default" : " (the firmware's default is \(stock / 1024) KiB)"
        }
        out.append(verdict + ".")
        if let lever = r.initialHeapLever { out.append(LeverText.setBy(lever)) }
        if brief {
            out.append(r.knobChanges.isEmpty ? "Knobs: leave every sdkconfig option at its default."
                       : "Knobs: " + r.knobChanges.map { "CONFIG_\($0.name)=\($0.to) (default \($0.from))" }.joined(separator: ", ") + ".")
            out.append("IDF headroom at the workload's peak: \(Bytes.text(r.idfHeadroom)) free internal memory.")
            if let m = r.margins { out.append(contentsOf: marginLines(m, report: r)) }
            return out.joined(separator: "\n") + "\n"
        }
        if let m = r.margins {
            out.append("Objective (\(m.objective.policyText)): " + m.objective.statement)
        }
        if r.knobChanges.isEmpty {
            out.append("Knobs: leave every sdkconfig option at its default.")
        } else {
            out.append("Knobs:")
            for c in r.knobChanges { out.append("  CONFIG_\(c.name)=\(c.to) (default \(c.from))\(c.reason.isEmpty ? "" : " — \(c.reason)")") }
        }
        out.append("Python heap: \(Bytes.text(r.pythonHeapAtStart)) at start, \(Bytes.text(r.pythonHeapAfterGrowth)) after growth.")
        out.append("IDF headroom at the workload's peak: \(Bytes.text(r.idfHeadroom)) free internal memory "
                   + "(at least \(Bytes.text(r.idfHeadroomRequired)) asked for).")
        out.append("Limited by: \(r.limitingAllocation).")
        if let m = r.margins {
            out.append(contentsOf: marginLines(m, report: r))
            if let i = m.internalRAM { out.append(internalRAMLine(i)) }
        }
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

    /// The firmware's default replayed, and what the answer still tolerates.
    static func marginLines(_ m: RecommendationMargins, report r: RecommendationReport) -> [String] {
        let d = m.firmwareDefault
        let what = d.initialHeap.map { "\($0 / 1024) KiB initial heap" } ?? "its own heap sizing"
        var line = "Firmware default (\(what), knobs at their defaults): "
        if let free = d.idfFreeAtPeak {
            line += "fits, \(Bytes.text(free)) of IDF memory free at the peak — "
                + (d.headroomHolds ? "the \(r.idfHeadroomRequired / 1024) KiB headroom holds."
                   : "below the \(r.idfHeadroomRequired / 1024) KiB headroom asked.")
        } else {
            line += "does not fit (\(d.failure ?? "a failing allocation"))."
        }
        let t = m.tolerance
        var tolerates = "Still tolerates: \(Bytes.text(t.extraIDFBytesAtPeak)) more IDF demand at the peak before the "
            + "\(r.idfHeadroomRequired / 1024) KiB headroom is used"
        if let tls = t.oneMoreTLS {
            tolerates += "; one more TLS session (\(tls.sessions) open at once): "
            if let free = tls.idfFreeAtPeak {
                tolerates += "fits, \(Bytes.text(free)) free at the peak" + (tls.headroomHolds ? "." : ", below the headroom asked.")
            } else {
                tolerates += "does not fit (\(tls.failure ?? "a failing allocation"))."
            }
        } else {
            tolerates += "."
        }
        return [line, tolerates]
    }

    /// On a PSRAM board: what internal RAM holds at the peak, and why it is the constraint.
    static func internalRAMLine(_ i: RecommendationMargins.InternalRAM) -> String {
        let place = i.pythonHeapInPSRAM ? "the Python heap is in PSRAM (malloc sends blocks above SPIRAM_MALLOC_ALWAYSINTERNAL, "
            + "\(i.alwaysInternal) B, there), so it takes no internal RAM" : "the Python heap is in internal RAM"
        return "Internal RAM (PSRAM board): \(place). DMA buffers (Wi-Fi frames), task stacks, INTERNAL allocations and every "
            + "malloc of at most \(i.alwaysInternal) B can only use internal RAM, so the IDF headroom is measured there, "
            + "whatever PSRAM is free: at the peak internal RAM holds "
            + i.holders.map { "\($0.owner) \(Bytes.text($0.bytes))" }.joined(separator: ", ")
            + "; \(Bytes.text(i.internalFreeAtPeak)) stays free."
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
        /// `objective` {policy, objective, policyText, statement}, `firmwareDefault` {initialHeap, fits, idfFreeAtPeak,
        /// headroomHolds, failure}, `tolerance` {extraIDFBytesAtPeak, oneMoreTLS},
        /// `internalRAM` (PSRAM boards).
        var margins: RecommendationMargins?
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
            staticDRAMBounds: r.staticDRAMBounds, margins: r.margins,
            initialHeapLever: r.initialHeapLever.map(LeversJSONEmitter.entry))
        return JSONText.encode(document)
    }
}
