import Model
import Simulator

/// A scenario's memory, as the simulator measures it with the smallest initial heap: what the
/// firmware has when it creates the Python heap, what the workload takes from the IDF at its
/// peak with every knob at its default, and how each knob level moves that. These are the
/// coefficients of the integer program; the refinement loop corrects whatever they miss.
struct ScenarioEstimate: Sendable {
    var name: String
    /// Free internal memory and the two largest free blocks when the Python heap is created.
    var capacity: Double
    var largestBlock: Double
    var secondLargestBlock: Double
    /// IDF bytes the workload holds at its peak (excluding the Python heap's own areas).
    var demand: Double
    /// Change of `demand` when a knob is at a level (others at default): [knob][level].
    var demandDelta: [String: [Int: Double]]
    /// The largest single IDF request, and its change per knob level.
    var largestRequest: Double
    var requestDelta: [String: [Int: Double]]
    /// Python bytes in use at the workload's peak.
    var pythonPeak: Double
    /// Whether the firmware grows its heap (split heap auto).
    var grows: Bool
    /// Whether the Python heap's areas take internal RAM (false when malloc sends them to PSRAM).
    var gcInternal: Bool

    /// System bytes the GC's areas hold for `pool` bytes of pool: the ATB/FTB/gap overhead of
    /// py/gc.c (12 bits per 16 B block, 524/512) and the area struct.
    static func systemBytes(pool: Double, areas: Int) -> Double { pool * 524 / 512 + Double(areas) * 48 }

    /// IDF demand of one replay: what the free internal memory dropped by, less the GC's own areas.
    static func demand(of r: ReplayResult) -> Double {
        let gc = r.atHeapCreation.gcAreasInternal ? systemBytes(pool: Double(r.gcPeakTotal), areas: max(r.gcAtEnd.areas, 1)) : 0
        return Double(r.atHeapCreation.internalFree - r.minimumInternalFree) - gc
    }

    /// Measures `scenario` at the smallest heap Python gets through (see below): once with default knobs,
    /// once per other level.
    static func measure(_ scenario: any ScenarioEvaluator, problem: RecommendationProblem,
                        replays: inout Int) throws(Diagnostic) -> ScenarioEstimate? {
        var probe = problem.heapRange.lowerBound
        let defaults = Dictionary(uniqueKeysWithValues: problem.knobs.map { ($0.name, $0.defaultValue) })
        replays += 1
        guard var base = try scenario.replay(heapKiB: probe, knobs: defaults) else { return nil }
        // A firmware that does not grow its heap runs Python out of memory at the smallest heap before the
        // workload has asked the IDF for anything, and every coefficient would read 0 (https-get on
        // ESP32_GENERIC, micropython-1.20: the loop then stopped at 92 KiB, worth 92, not 99). The probe doubles
        // until Python gets through, so the knobs are measured on the workload's real demand.
        while base.firstFailure?.cause == .gcOutOfMemory, probe < problem.heapRange.upperBound {
            probe = min(probe * 2, problem.heapRange.upperBound)
            replays += 1
            guard let r = try scenario.replay(heapKiB: probe, knobs: defaults) else { break }
            base = r
        }
        var estimate = ScenarioEstimate(
            name: scenario.name, capacity: Double(base.atHeapCreation.internalFree),
            largestBlock: Double(base.atHeapCreation.largestBlock), secondLargestBlock: Double(base.atHeapCreation.secondLargestBlock),
            demand: demand(of: base), demandDelta: [:], largestRequest: Double(base.largestIDFRequest), requestDelta: [:],
            pythonPeak: Double(base.gcPeakUsed), grows: base.gcPeakTotal > base.gcAtStart.total,
            gcInternal: base.atHeapCreation.gcAreasInternal)
        // Where a large initial area lands: malloc sends areas above SPIRAM_MALLOC_ALWAYSINTERNAL to
        // PSRAM, so the probe's small area can be internal while the heaps worth having are not.
        replays += 1
        if let top = try scenario.replay(heapKiB: problem.heapRange.upperBound, knobs: defaults) {
            estimate.gcInternal = top.atHeapCreation.gcAreasInternal
        }
        for knob in problem.knobs {
            for level in knob.levels where level != knob.defaultValue {
                replays += 1
                guard let r = try scenario.replay(heapKiB: probe, knobs: defaults.merging([knob.name: level]) { _, new in new })
                else { continue }
                estimate.demandDelta[knob.name, default: [:]][level] = demand(of: r) - estimate.demand
                estimate.requestDelta[knob.name, default: [:]][level] = Double(r.largestIDFRequest) - estimate.largestRequest
            }
        }
        return estimate
    }
}
