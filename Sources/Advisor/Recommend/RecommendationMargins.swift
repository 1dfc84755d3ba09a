import Foundation
import Model
import Simulator
import Solver

/// What a recommendation buys, beside the answer itself: the objective it was chosen by (per the firmware's heap
/// policy), the firmware's own default replayed for comparison, what the answer still tolerates, and on PSRAM
/// boards what stays in internal RAM at the peak. Every figure is a replay (worst scenario), not an estimate.
public struct RecommendationMargins: Sendable, Encodable {
    /// How the firmware sizes its Python heap, as the objective depends on it.
    public enum HeapPolicyKind: String, Sendable, Encodable {
        /// Sized once at start-up, never grows (MicroPython ≤ 1.20, Pycom).
        case fixed
        /// Split heap with automatic growth (MicroPython 1.21+, CircuitPython 9+).
        case splitHeap = "split-heap"
    }

    public struct Objective: Sendable, Encodable {
        public var policy: HeapPolicyKind
        public var objective: RecommendationObjective
        /// The firmware's policy in a phrase (`micropython-1.28 starts with 56 KiB and …`).
        public var policyText: String
        /// What the answer maximises, and why for this policy.
        public var statement: String
        /// Under the margin objective: the IDF memory the answer was chosen for.
        public var chosenFor: ChosenFor?
    }

    /// The margin objective's figures (`Recommender.Answer.Margin`), bytes and KiB as named.
    public struct ChosenFor: Sendable, Encodable {
        /// KiB either side of the answer whose replays count.
        public var radiusKiB: Int
        /// Least free internal IDF memory at the peak over those heaps and every scenario.
        public var worstIDFFreeNearby: Int
        /// The largest initial heap the answer's knobs are accepted at, and the IDF memory free at the peak there.
        public var largestAcceptedHeapKiB: Int
        public var idfFreeAtLargest: Int
    }

    /// The firmware as shipped: its own initial heap and every knob at its default, replayed on the workloads.
    public struct FirmwareDefault: Sendable, Encodable {
        /// `MICROPY_GC_INITIAL_HEAP_SIZE` (or CircuitPython's start size); nil where the firmware sizes the heap from
        /// what is free at boot.
        public var initialHeap: Int?
        public var fits: Bool
        /// Free internal IDF memory at the peak (worst scenario); nil when it does not fit.
        public var idfFreeAtPeak: Int?
        /// Whether the headroom asked holds with the default.
        public var headroomHolds: Bool
        /// The first failing allocation, when it does not fit (for people).
        public var failure: String?
    }

    /// One more TLS session (with its socket) open at the workload's peak, at the recommended setting.
    public struct OneMoreTLS: Sendable, Encodable {
        /// TLS sessions open at the peak with the extra one.
        public var sessions: Int
        public var fits: Bool
        public var idfFreeAtPeak: Int?
        public var headroomHolds: Bool
        public var failure: String?
    }

    public struct Tolerance: Sendable, Encodable {
        /// Bytes of extra IDF demand at the peak before the headroom asked is gone (free at the peak − headroom).
        public var extraIDFBytesAtPeak: Int
        public var oneMoreTLS: OneMoreTLS?
    }

    /// On a PSRAM board: what internal RAM holds at the peak, and why it is the constraint.
    public struct InternalRAM: Sendable, Encodable {
        public struct Holder: Sendable, Encodable { public var owner: String; public var bytes: Int }
        /// `CONFIG_SPIRAM_MALLOC_ALWAYSINTERNAL`: malloc() of at most this many bytes stays internal.
        public var alwaysInternal: Int
        /// Whether the Python heap's areas are in PSRAM (malloc sends blocks above `alwaysInternal` there).
        public var pythonHeapInPSRAM: Bool
        /// The largest holders of internal RAM at the peak, by component instance.
        public var holders: [Holder]
        public var internalFreeAtPeak: Int
    }

    public var objective: Objective
    public var firmwareDefault: FirmwareDefault
    public var tolerance: Tolerance
    public var internalRAM: InternalRAM?
}

extension RecommendationMargins {
    /// Replays the firmware's default, the answer with one more TLS session, and (PSRAM) the answer's peak.
    static func measure(_ p: RecommendCommand.Prepared, answer: Recommender.Answer, request: RecommendationRequest,
                        catalogue: Catalogue) throws(Diagnostic) -> RecommendationMargins {
        let first = p.scenarios[0]
        let heapPolicy = first.firmware.heapPolicy(chip: first.device.chip.name, spiram: first.device.board.features.spiram)
        let grows = heapPolicy.growth != .none
        let objective = p.problem.objective
        let kind: HeapPolicyKind = grows ? .splitHeap : .fixed
        var stock: Int?
        if case .fixed(let n) = heapPolicy.initial { stock = n }

        // The firmware's default: its own heap policy, the scenario's knobs (defaults, the workload's, the user's sdkconfig).
        var defaultFits = true, defaultFree = Int.max, defaultFailure: String?
        for s in p.scenarios {
            let (result, _) = try s.run(initialHeap: nil, overrides: [:])
            if let f = result.firstFailure, defaultFailure == nil { defaultFits = false; defaultFailure = "\(s.workload.name): \(f.reason) at \"\(f.label)\"" }
            defaultFree = min(defaultFree, result.minimumInternalFree)
        }
        let firmwareDefault = FirmwareDefault(initialHeap: stock, fits: defaultFits, idfFreeAtPeak: defaultFits ? defaultFree : nil,
                                              headroomHolds: defaultFits && defaultFree >= request.idfHeadroom, failure: defaultFailure)

        let results = answer.outcomes.compactMap(\.result)
        let freeAtPeak = results.map(\.minimumInternalFree).min() ?? 0
        let tolerance = Tolerance(extraIDFBytesAtPeak: max(0, freeAtPeak - request.idfHeadroom),
                                  oneMoreTLS: try oneMoreTLS(p, answer: answer, headroom: request.idfHeadroom, catalogue: catalogue))
        let policyText = Self.policyText(first.firmware, heapPolicy: heapPolicy)
        return RecommendationMargins(
            objective: Objective(policy: kind, objective: objective, policyText: policyText,
                                 statement: Self.statement(objective, policy: kind, headroom: request.idfHeadroom,
                                                           costWeight: request.costWeight),
                                 chosenFor: answer.margin.map {
                                     ChosenFor(radiusKiB: $0.radius, worstIDFFreeNearby: $0.worstNearby,
                                               largestAcceptedHeapKiB: $0.largestAcceptedHeap, idfFreeAtLargest: $0.freeAtLargest)
                                 }),
            firmwareDefault: firmwareDefault, tolerance: tolerance,
            internalRAM: first.device.board.features.spiram ? try internalRAM(p, answer: answer) : nil)
    }

    /// The firmware's heap policy in a phrase.
    static func policyText(_ firmware: Firmware, heapPolicy: HeapPolicy) -> String {
        let start: String
        switch heapPolicy.initial {
        case .fixed(let n): start = "starts the Python heap at \(n / 1024) KiB"
        case .largestBlock: start = "gives the Python heap the largest free block at boot"
        case .halfOfTotal: start = "gives the Python heap min(largest free block, half the free memory) at boot"
        case .staticArray(let n): start = "has a static \(n / 1024) KiB Python heap"
        }
        return heapPolicy.growth == .none ? "fixed heap: \(firmware) \(start) and never grows it"
            : "split heap: \(firmware) \(start) and adds areas from the IDF heap when a collection frees too little"
    }

    /// What the solver's objective means to the user under the firmware's policy: one sentence per pair, so the
    /// statement follows whatever `RecommendationObjective.used(heapGrows:)` returns.
    static func statement(_ objective: RecommendationObjective, policy: HeapPolicyKind, headroom: Int, costWeight: Double) -> String {
        let cost = costWeight == 0 ? "" : ", less the cost of each knob change (--cost-weight \(costWeight.formatted()) per KiB)"
        switch (objective, policy) {
        case (.largestHeapLessKnobCost, .fixed):
            return "the largest initial heap that leaves \(headroom / 1024) KiB of IDF headroom at the peak\(cost): the heap never grows, "
                + "so memory the IDF does not need is Python's only if it is given at boot."
        case (.largestHeapLessKnobCost, .splitHeap):
            return "the largest initial heap that leaves \(headroom / 1024) KiB of IDF headroom at the peak\(cost). Growth would find "
                + "free memory too, but only when Python runs out, possibly at the IDF peak; a larger initial area is one block "
                + "taken at boot, before Wi-Fi and TLS fragment the IDF heap, and the replay shows the IDF keeps its headroom "
                + "while Python holds it. If Python needs little, the firmware's default (below) may serve with more IDF margin."
        case (.leastKnobCostThenIDFFree, .fixed):
            return "the fewest and cheapest knob changes, then the most IDF memory free at the peak (the worst of the heaps "
                + "within 2 KiB), then the larger heap, keeping \(headroom / 1024) KiB of IDF headroom."
        case (.leastKnobCostThenIDFFree, .splitHeap):
            return "the fewest and cheapest knob changes, then the most IDF memory free at the peak (the worst of the heaps "
                + "within 2 KiB), then the larger initial heap, keeping \(headroom / 1024) KiB of IDF headroom: the heap grows "
                + "into free IDF memory when Python needs it — by about its own size at once — so a larger initial area is "
                + "worth having only where it leaves the IDF as much."
        }
    }

    /// Each scenario's workload with one more TLS session (and its socket) open at its peak, replayed at the answer.
    static func oneMoreTLS(_ p: RecommendCommand.Prepared, answer: Recommender.Answer, headroom: Int,
                           catalogue: Catalogue) throws(Diagnostic) -> OneMoreTLS? {
        var sessions = 0, fits = true, free = Int.max, failure: String?
        for s in p.scenarios {
            let present = WorkloadFeatures.peakOpen(s.workload, where: WorkloadFeatures.isTLSSession)
            guard present < WorkloadEdit.maximumTLSSessions,
                  let (edited, _) = try? WorkloadEdit.adding(components: [], tlsSessions: present + 1, to: s.workload, loader: s.loader)
            else { return nil }
            sessions = max(sessions, present + 1)
            let scenario = try PreparedScenario(device: s.device, firmware: s.firmware.description, workload: edited, loader: s.loader,
                                                catalogue: catalogue, baseline: s.knobs, firmwareMustBeListed: false)
            guard let result = try scenario.replay(heapKiB: answer.best.heapKiB, knobs: answer.best.knobs) else {
                return OneMoreTLS(sessions: sessions, fits: false, idfFreeAtPeak: nil, headroomHolds: false,
                                  failure: "the initial heap no longer fits at start-up")
            }
            if let f = result.firstFailure, failure == nil {
                fits = false
                failure = "\(f.allocation) needs \(f.size) B at \"\(f.label)\"; the largest suitable block is "
                    + "\(f.largestUsable) B (short by \(max(f.size - f.largestUsable, 0)) B)"
            }
            free = min(free, result.minimumInternalFree)
        }
        return OneMoreTLS(sessions: sessions, fits: fits, idfFreeAtPeak: fits ? free : nil,
                          headroomHolds: fits && free >= headroom, failure: failure)
    }

    /// Internal RAM at the worst scenario's peak, by component instance, largest first.
    static func internalRAM(_ p: RecommendCommand.Prepared, answer: Recommender.Answer) throws(Diagnostic) -> InternalRAM? {
        guard let worst = answer.outcomes.indices.min(by: {
            (answer.outcomes[$0].result?.minimumInternalFree ?? .max) < (answer.outcomes[$1].result?.minimumInternalFree ?? .max)
        }), let scenario = p.scenarios.first(where: { $0.name == answer.outcomes[worst].scenario }),
              let result = answer.outcomes[worst].result else { return nil }
        var (replayer, timelines) = try scenario.started(initialHeap: answer.best.heapKiB * 1024, overrides: answer.best.knobs)
        let (_, snapshot) = replayer.replay(timelines.workload, snapshotAt: result.minimumInternalFreeEvent)
        guard let snapshot else { return nil }
        var sums: [String: Int] = [:]
        var gcInPSRAM = false
        for region in snapshot.heaps {
            let isPSRAM = region.caps.contains(.spiram)
            for b in region.blocks where b.block.used {
                let owner = b.owner.map { $0.split(separator: "/").first.map(String.init) ?? $0 } ?? "IDF and firmware start-up (untracked)"
                if isPSRAM {
                    if owner.hasPrefix("Python GC heap") { gcInPSRAM = true }
                } else {
                    sums[owner, default: 0] += b.block.size
                }
            }
        }
        let holders = sums.map { InternalRAM.Holder(owner: $0.key, bytes: $0.value) }
            .sorted { $0.bytes != $1.bytes ? $0.bytes > $1.bytes : $0.owner < $1.owner }
        return InternalRAM(alwaysInternal: scenario.device.board.features.spiramAlwaysInternal, pythonHeapInPSRAM: gcInPSRAM,
                           holders: Array(holders.prefix(6)), internalFreeAtPeak: result.minimumInternalFree)
    }
}
