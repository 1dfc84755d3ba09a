import Model
import Simulator

/// Which moment of a replay `heapfit map` draws.
public enum MapMoment: Hashable, Sendable, CustomStringConvertible {
    /// The failing allocation when the workload fails, otherwise the IDF peak.
    case automatic
    /// The IDF peak: the moment free internal IDF memory is lowest.
    case peak
    /// Right after the first allocation that fails.
    case failure
    /// The end of top-level step N, numbered as the `#` column of `heapfit simulate` numbers it.
    case step(Int)

    /// Parses `--at`: `peak`, `failure` or `step:N`; nil for anything else.
    public init?(parsing text: String) {
        let t = text.lowercased()
        switch t {
        case "peak": self = .peak
        case "failure": self = .failure
        default:
            guard t.hasPrefix("step:"), let n = Int(t.dropFirst("step:".count)), n > 0 else { return nil }
            self = .step(n)
        }
    }

    /// The `--at` spelling (`automatic` when none was given).
    public var description: String {
        switch self {
        case .automatic: "automatic"
        case .peak: "peak"
        case .failure: "failure"
        case .step(let n): "step:\(n)"
        }
    }
}

/// What `heapfit map` asks: a `simulate` scenario, the moment to draw, and whether to add the timeline.
public struct MapRequest: Sendable {
    /// The scenario, as `heapfit simulate` takes it.
    public var simulation: SimulationRequest
    public var moment: MapMoment
    /// Whether to add the free-memory chart over the steps.
    public var timeline: Bool

    /// A request; by default the automatic moment and no timeline.
    public init(simulation: SimulationRequest, moment: MapMoment = .automatic, timeline: Bool = false) {
        self.simulation = simulation
        self.moment = moment
        self.timeline = timeline
    }
}

/// Every heap of one scenario at one moment, with what is needed to say what the moment is.
public struct HeapMapReport: Sendable {
    /// The moment drawn, resolved.
    public enum Moment: Hashable, Sendable {
        /// Lowest free internal IDF memory (bytes).
        case peak(free: Int)
        /// The first failing allocation (the snapshot is taken right after it failed).
        case failure(FirstFailure)
        /// The end of top-level step `number` (1-based).
        case stepEnd(number: Int)
    }

    /// What was replayed: board, chip, release, firmware, workload, and the allocator's name.
    public var board: String
    public var chip: String
    public var idf: IDFVersion
    public var firmware: Firmware
    public var workload: String
    public var allocator: String
    /// What the firmware runs on: "ESP-IDF 5.4.2", or "NONOS SDK" on an ESP8266 (whose SDK heap
    /// is a byte budget without placement: its blocks are drawn packed, see `SDKByteBudgetHeap.walk`).
    public var system: String
    public var nonOS: Bool
    public var moment: Moment
    /// The label of the step the moment falls in, and that step's top-level number (1-based); nil before the first event.
    public var stepLabel: String?
    public var stepNumber: Int?
    public var snapshot: HeapSnapshot
    /// The whole replay (the per-step records feed the timeline).
    public var result: ReplayResult
    /// Component instance → component (`tls1` → `tls-session`), start-up instances included.
    public var instanceComponents: [String: String]
    /// Whether the map carries the free-memory chart.
    public var includeTimeline: Bool
}

/// The `map` use case: replay once to find the moment, replay again to take the heaps' snapshot there.
public enum MapCommand {
    /// Boots, starts the firmware, replays the workload to find the moment, replays it again to
    /// take the snapshot there. A moment that does not exist (no failure, no such step) is a diagnostic.
    public static func run(_ request: MapRequest, catalogue: Catalogue, library: String) throws(Diagnostic) -> HeapMapReport {
        let s = request.simulation
        let scenario = try PreparedScenario(board: s.board, idf: s.idf, firmware: s.firmware, workload: s.workload,
                                            staticDRAM: s.staticDRAM, catalogue: catalogue, library: library)
        let (started, timelines) = try scenario.started(initialHeap: s.initialHeap,
                                                        overrides: Dictionary(s.knobs) { _, last in last })
        // The replayer is a value: a copy taken before the first replay starts the second one from the same state.
        var first = started
        let result = first.replay(timelines.workload)
        let (event, moment) = try resolve(request.moment, result: result, timeline: timelines.workload, scenario: scenario.name)
        var second = started
        let (again, snapshot) = second.replay(timelines.workload, snapshotAt: event)
        guard let snapshot, again == result else {
            throw Diagnostic("The replay did not repeat itself: no snapshot at event \(event) of \(scenario.name)",
                             fix: "Report this as a heapfit bug; a replay must be deterministic")
        }
        let steps = timelines.workload.steps
        let components = (timelines.startup?.instanceComponents ?? [:]).merging(timelines.workload.instanceComponents) { _, w in w }
        return HeapMapReport(board: scenario.device.board.name, chip: scenario.device.chip.name, idf: s.idf,
                             firmware: scenario.firmware, workload: scenario.workload.name,
                             allocator: scenario.device.allocatorName,
                             system: scenario.device.nonOS == nil ? "ESP-IDF \(s.idf)" : "NONOS SDK",
                             nonOS: scenario.device.nonOS != nil, moment: moment,
                             stepLabel: snapshot.step.map { steps[$0].label },
                             stepNumber: snapshot.step.map { steps[$0].topLevel + 1 }, snapshot: snapshot, result: result,
                             instanceComponents: components, includeTimeline: request.timeline)
    }

    /// The workload event to take the snapshot after, and what it is.
    static func resolve(_ moment: MapMoment, result: ReplayResult, timeline: Timeline,
                        scenario: String) throws(Diagnostic) -> (Int, HeapMapReport.Moment) {
        switch moment {
        case .automatic:
            if let f = result.firstFailure { return (result.events, .failure(f)) }
            return (result.minimumInternalFreeEvent, .peak(free: result.minimumInternalFree))
        case .peak:
            return (result.minimumInternalFreeEvent, .peak(free: result.minimumInternalFree))
        case .failure:
            // A failing replay stops at the failing event, so the events counted are its index.
            guard let f = result.firstFailure else {
                throw Diagnostic("\(scenario) fits: no allocation fails, so there is no failure to draw",
                                 fix: "Use --at peak (or leave --at out) to draw the moment of least free memory")
            }
            return (result.events, .failure(f))
        case .step(let n):
            let topLevel = timeline.steps.indices.filter { timeline.steps[$0].topLevel == $0 }
            guard n - 1 < timeline.steps.count, timeline.steps[n - 1].topLevel == n - 1 else {
                throw Diagnostic("--at step:\(n) is not a top-level step of the workload",
                                 expected: "one of the step numbers heapfit simulate lists: "
                                     + topLevel.map { "\($0 + 1)" }.joined(separator: ", "),
                                 fix: "Pick a number from the # column of heapfit simulate")
            }
            guard let index = timeline.events.firstIndex(where: { $0.kind == .stepEnd(Int32(n - 1)) }) else {
                throw Diagnostic("Step \(n) has no end in the compiled workload", fix: "Report this as a heapfit bug")
            }
            if let f = result.firstFailure, result.events <= index {
                throw Diagnostic("The workload fails in step \(f.step + 1) \"\(f.label)\", before step \(n) ends",
                                 fix: "Use --at failure to draw the failing moment, or an earlier step")
            }
            return (index + 1, .stepEnd(number: n))
        }
    }
}
