import Model
import Simulator

/// What `heapfit simulate` asks.
public struct SimulationRequest: Sendable {
    public var board: String
    public var idf: IDFVersion
    public var firmware: String?
    public var workload: String
    public var initialHeap: Int?
    public var staticDRAM: Int?
    /// `staticDRAM` is a point of the catalogue's interval chosen by heapfit (an end, a bisection step), not the user's.
    public var withinInterval = false
    /// False: a `firmware` its support table does not list for `idf` is accepted (a field report's preview build, as the
    /// reproduction tests replay them); the CLI keeps it true, so a user's combination outside the table is refused.
    public var firmwareMustBeListed = true
    /// `--set KNOB=VALUE`, in the order given.
    public var knobs: [(String, Int)]

    public init(board: String, idf: IDFVersion, firmware: String? = nil, workload: String, initialHeap: Int? = nil,
                staticDRAM: Int? = nil, knobs: [(String, Int)] = [], firmwareMustBeListed: Bool = true) {
        self.board = board
        self.idf = idf
        self.firmware = firmware
        self.workload = workload
        self.initialHeap = initialHeap
        self.staticDRAM = staticDRAM
        self.knobs = knobs
        self.firmwareMustBeListed = firmwareMustBeListed
    }
}

/// What `heapfit simulate` reports: the context, then the replay.
public struct SimulationReport: Sendable {
    public var board: String
    public var chip: String
    public var idf: IDFVersion
    public var allocator: String
    public var firmware: Firmware
    public var heapPolicy: String
    public var workload: String
    public var workloadSource: String
    /// Knobs that differ from their defaults on this IDF release.
    public var changedKnobs: [String: Int]
    public var result: ReplayResult
    /// Every knob value in effect (defaults, the workload's, the user's).
    public var knobs: [String: Int] = [:]
    /// The known defects and pitfalls that apply (`advisories/advisories.yaml`), most severe first.
    public var advisories: [AppliedAdvisory] = []
    /// What the firmware runs on: "ESP-IDF 5.4.2", or "NONOS SDK" on an ESP8266.
    public var system: String = ""
    /// Set on a chip without ESP-IDF: the system heap is the SDK's, and these say what its figures mean.
    public var nonOSNotes: [String]? = nil
    /// An applicable advisory that restates a field report's failure at this setting while the model does
    /// not reproduce it (`stands_in_for_model:`), when the replay fits: the verdict is then the field's.
    public var fieldFailure: AppliedAdvisory? {
        result.fits ? advisories.first { $0.standsInForModel != nil } : nil
    }

    /// The verdict: the replay fits and no field report says this setting fails.
    public var fits: Bool { result.fits && fieldFailure == nil }

    /// Set when the catalogue gives the board's static DRAM on this release only as an interval (and no
    /// --static-dram was given): the verdict at both ends and the threshold between. The replay above is at
    /// the upper end, the worst case.
    public var staticDRAMBounds: StaticDRAMBounds? = nil
    /// The static DRAM the replay booted with, and where it comes from.
    public var staticDRAM: Sourced? = nil
    /// The system heap's name in tables: "IDF", or "SDK" on an ESP8266.
    public var systemHeapLabel: String { nonOSNotes == nil ? "IDF" : "SDK" }
}

/// The `simulate` use case: boot, start the firmware, replay the workload.
public enum SimulateCommand {
    /// Runs `request`; `advisories` (e.g. `AdvisoryLibrary.load`) are evaluated against the scenario and its replay.
    public static func run(_ request: SimulationRequest, catalogue: Catalogue, library: String,
                           advisories: [Advisory] = []) throws(Diagnostic) -> SimulationReport {
        let scenario = try PreparedScenario(board: request.board, idf: request.idf, firmware: request.firmware,
                                            workload: request.workload, staticDRAM: request.staticDRAM,
                                            catalogue: catalogue, library: library, withinInterval: request.withinInterval,
                                            firmwareMustBeListed: request.firmwareMustBeListed)
        let figure = scenario.device.staticDRAM
        // A catalogue interval (no --static-dram): the replay at the upper end, the worst case, then the lower end and
        // the threshold between (bisection on replays); where the firmware cannot start at the upper end, the replay
        // shown is the lower end's.
        guard request.staticDRAM == nil, figure.interval != nil else { return try run(scenario, request: request, advisories: advisories) }
        let point = { (s: Int) throws(Diagnostic) -> SimulationReport in
            var r = request
            r.staticDRAM = s
            r.withinInterval = true
            return try run(r, catalogue: catalogue, library: library, advisories: advisories)
        }
        var report: SimulationReport
        var atUpper: Bool
        do throws(Diagnostic) {
            report = try run(scenario, request: request, advisories: advisories)
            atUpper = report.result.fits
        } catch {
            guard error.kind == .doesNotStart, let lower = figure.interval?.lowerBound else { throw error }
            do throws(Diagnostic) {
                report = try point(lower)
            } catch let atLower {
                guard atLower.kind == .doesNotStart else { throw atLower }
                var d = error
                d.what += " (for any static DRAM in the catalogue's interval \(figure.text))"
                throw d
            }
            atUpper = false
        }
        report.staticDRAMBounds = try StaticDRAMBisection.bounds(of: figure, atUpper: atUpper) { s throws(Diagnostic) in
            try point(s).result.fits
        }
        return report
    }

    /// Replays a prepared scenario with the request's initial heap and knobs (its board, IDF and
    /// workload are the scenario's).
    /// What an ESP8266 replay does not model: ESP8266 workloads allocate only from the GC heap (`checkGCOnly`), so the
    /// SDK heap stays as it is after boot at every step.
    public static let sdkNotModelled = "The SDK heap is not modelled step by step: Wi-Fi, lwIP and sockets allocate from it "
        + "inside the closed NONOS SDK and no public source itemises those allocations, so every step shows the SDK heap as it "
        + "is after boot, and the verdict speaks for the Python heap only. Check esp.freemem() on the board for the SDK side."

    public static func run(_ scenario: PreparedScenario, request: SimulationRequest,
                           advisories: [Advisory] = []) throws(Diagnostic) -> SimulationReport {
        let (result, policy) = try scenario.run(initialHeap: request.initialHeap,
                                                overrides: Dictionary(request.knobs) { _, last in last })
        var knobs = scenario.knobs
        for (name, value) in request.knobs { knobs[name] = value }
        let context = AdvisoryContext(scenario: scenario, knobs: knobs, initialHeap: request.initialHeap, result: result)
        let device = scenario.device
        var report = SimulationReport(board: device.board.name, chip: device.chip.name, idf: device.idf,
                                      allocator: device.allocatorName, firmware: scenario.firmware,
                                      heapPolicy: policy.source, workload: scenario.workload.name,
                                      workloadSource: scenario.workload.source,
                                      changedKnobs: knobs.filter { scenario.defaults[$0.key] != $0.value }, result: result,
                                      knobs: knobs, advisories: AdvisoryEvaluator.applicable(advisories, to: context))
        report.system = "ESP-IDF \(device.idf)"
        report.staticDRAM = device.staticDRAM
        if let facts = device.nonOS, let sdk = device.caps.heaps.first {
            report.system = "NONOS SDK"
            report.nonOSNotes = [
                "SDK heap: \(sdk.end - sdk.start) B at \(Hex.address(sdk.start))–\(Hex.address(sdk.end)) after \(device.staticDRAM.value) B "
                    + "of static DRAM [\(device.staticDRAM.confidence.rawValue): \(device.staticDRAM.source)].",
                "The SDK allocator is closed source: its heap is modelled as a byte budget (requests rounded to 4 B, no "
                    + "block header, no fragmentation), so SDK figures are upper bounds — what fails here fails on the "
                    + "board; what fits here may not. Compare the SDK low-water mark with esp.freemem() on the board.",
                "The Python heap is the static \(facts.gcHeapBytes) B array of ports/esp8266/main.c; axTLS allocates its "
                    + "buffers inside it (posix_helpers.c), so TLS memory shows in the GC columns.",
                Self.sdkNotModelled,
            ]
        }
        return report
    }
}
