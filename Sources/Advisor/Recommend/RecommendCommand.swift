import Model
import Simulator
import Solver

/// What `heapfit recommend` asks.
public struct RecommendationRequest: Sendable {
    public var board: String?
    /// IDF releases the setting must serve (empty: the board's default release).
    public var idfs: [IDFVersion]
    public var firmware: String?
    public var workloads: [String]
    public var staticDRAM: Int?
    /// Free internal IDF memory that must remain at the workload's peak (bytes).
    public var idfHeadroom: Int
    public var costWeight: Double
    /// Knobs the optimiser must leave alone (`--keep NAME`).
    public var fixedKnobs: [String]
    /// Knob values of the user's own sdkconfig (`--sdkconfig FILE`): the baseline instead of the defaults.
    public var baseline: [String: Int] = [:]
    /// `staticDRAM` is a point of the catalogue's interval chosen by heapfit (an end, a bisection step), not the user's.
    public var withinInterval = false
    /// What the answer is ranked by (`--objective`); nil: per the firmware's heap policy
    /// (`RecommendationObjective.used(heapGrows:)`).
    public var objective: RecommendationObjective?

    /// 12 KiB: the mp#8940 calibration leaves ~3.5 KiB of model error in the largest internal
    /// block (the figures vs simulate), and Wi-Fi's dynamic RX buffers take ~1.6 KB per frame in a
    /// burst (esp-idf wifi.rst: dynamic RX 32 × ~1.6 KB allowed); 12 KiB covers both with room for
    /// a 4-frame burst. Users can set it with --idf-headroom.
    public static let defaultHeadroom = 12 * 1024
    /// The built-in default: the stock board, the typical Wi-Fi + HTTPS workload.
    public static let defaultBoard = "ESP32_GENERIC"
    public static let defaultWorkload = "https-get-x2"

    public init(board: String? = nil, idfs: [IDFVersion] = [], firmware: String? = nil, workloads: [String] = [],
                staticDRAM: Int? = nil, idfHeadroom: Int = RecommendationRequest.defaultHeadroom, costWeight: Double = 1,
                fixedKnobs: [String] = []) {
        self.board = board
        self.idfs = idfs
        self.firmware = firmware
        self.workloads = workloads
        self.staticDRAM = staticDRAM
        self.idfHeadroom = idfHeadroom
        self.costWeight = costWeight
        self.fixedKnobs = fixedKnobs
    }
}

/// The objectives by the names `--objective` gives them.
public enum ObjectiveName: String, CaseIterable, Sendable {
    case largestHeap = "largest-heap"
    case idfMargin = "idf-margin"

    public var objective: RecommendationObjective {
        switch self {
        case .largestHeap: .largestHeapLessKnobCost
        case .idfMargin: .leastKnobCostThenIDFFree
        }
    }
}

/// What `heapfit recommend` answers.
public struct RecommendationReport: Sendable {
    public var board: String
    public var chip: String
    public var idf: IDFVersion
    /// Every IDF release the answer serves (the first is `idf`).
    public var idfReleases: [IDFVersion]
    public var firmware: Firmware
    public var workloads: [String]
    /// The answer: the initial heap (bytes) and the knob values that differ from the defaults.
    public var initialHeapSize: Int
    public var knobChanges: [(name: String, from: Int, to: Int, reason: String)]
    /// Python heap at start (pool bytes) and after growth (largest total reached), worst scenario.
    public var pythonHeapAtStart: Int
    public var pythonHeapAfterGrowth: Int
    /// Free internal IDF memory at the workload's peak, worst scenario, and the headroom asked for.
    public var idfHeadroom: Int
    public var idfHeadroomRequired: Int
    /// What stops one more KiB (the first failure or the headroom at +1 KiB).
    public var limitingAllocation: String
    /// How sure: the confidence of the board's static data.
    public var confidence: String
    public var staticDRAMSource: String
    /// The stock firmware's value, for comparison.
    public var firmwareDefaultHeap: Int?
    public var replays: Int
    public var solves: Int
    /// Nil when the loop proved nothing better exists; else the limit of integer programs it stopped at.
    public var stoppedAtSolveLimit: Int?
    /// The known defects and pitfalls that apply to any scenario with the answer, most severe first.
    public var advisories: [AppliedAdvisory] = []
    /// Set when the catalogue gives the static DRAM only as an interval: the answer is the one found at the
    /// upper end (the worst case), or at the lower end when only there a setting exists, with the threshold.
    public var staticDRAMBounds: StaticDRAMBounds? = nil
    /// The objective per heap policy, the firmware's default replayed, what the answer tolerates, internal RAM on PSRAM
    /// boards (nil only for reports built without replaying them).
    public var margins: RecommendationMargins? = nil
    /// How a board sets the initial heap on this firmware release (`workloads/levers/levers.yaml`); nil where the
    /// levers file names none (e.g. Pycom, or a workloads folder without the file).
    public var initialHeapLever: Lever? = nil

    /// What the verdict calls the initial heap: the define or setting where a board sets it by name
    /// (`MICROPY_GC_INITIAL_HEAP_SIZE`, `CIRCUITPY_HEAP_START_SIZE`), else "the initial Python heap".
    public var initialHeapName: String {
        guard let lever = initialHeapLever, lever.mechanism.boardCanSet || lever.name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" })
        else { return "the initial Python heap" }
        return lever.name
    }
}

public enum RecommendCommand {
    /// The most events a workload may expand to for `recommend`: a recommendation replays each workload
    /// 10–160 times (README sessions) at ~0.7 s per million events (`make bench`, 999,601-event replay),
    /// so 2,000,000 keeps the worst case within minutes rather than hours.
    public static let maximumEvents = 2_000_000

    /// Everything the optimiser needs for `request`: the scenarios (one per workload), the tunable
    /// knobs they depend on, and the problem.
    public struct Prepared: Sendable {
        public var scenarios: [PreparedScenario]
        public var choices: [KnobChoice]
        public var table: KnobTable
        public var idf: IDFVersion
        public var idfs: [IDFVersion]
        public var problem: RecommendationProblem
    }

    public static func prepare(_ request: RecommendationRequest, catalogue: Catalogue, library: String) throws(Diagnostic) -> Prepared {
        let boardName = request.board ?? RecommendationRequest.defaultBoard
        let board = try catalogue.board(named: boardName)
        if let facts = catalogue.chip(named: board.chip)?.nonOS {
            throw Diagnostic("\(board.name) runs MicroPython's ESP8266 port, whose Python heap is a static \(facts.gcHeapBytes) B "
                             + "array fixed at build time (ports/esp8266/main.c): there is no initial heap or sdkconfig to recommend",
                             expected: "an ESP32-family board",
                             fix: "Check a workload against it with: heapfit simulate --board \(board.name) --workload W")
        }
        let idfs = request.idfs.isEmpty ? [try FirmwareResolution.defaultIDF(board: board, catalogue: catalogue, firmware: request.firmware)] : request.idfs
        let idf = idfs[0]
        let workloads = request.workloads.isEmpty ? [RecommendationRequest.defaultWorkload] : request.workloads
        // One scenario per workload × IDF release: the setting must serve them all.
        var scenarios: [PreparedScenario] = []
        for release in idfs {
            for w in workloads {
                scenarios.append(try PreparedScenario(board: boardName, idf: release, firmware: request.firmware, workload: w,
                                                      staticDRAM: request.staticDRAM, catalogue: catalogue, library: library,
                                                      baseline: request.baseline, withinInterval: request.withinInterval))
            }
        }
        guard let first = scenarios.first else { throw Diagnostic("No workload to recommend for") }
        for s in scenarios {
            _ = try Timeline(s.workload, knobs: s.knobs, maximumEvents: maximumEvents, limitFix: "heapfit recommend replays "
                             + "each workload tens to hundreds of times, so it takes workloads of at most \(maximumEvents) events "
                             + "(simulate takes \(Timeline.maximumEvents)): lower repeat times or python counts")
        }
        for name in request.fixedKnobs where first.knobs[name] == nil {
            throw Diagnostic("--keep names \(name), which is not a knob." + NameSuggestion.hint(for: name, in: first.knobs.keys),
                             expected: "a knob from workloads/knobs.yaml",
                             fix: "Check the name (Kconfig names without CONFIG_)")
        }
        let table = try first.loader.knobTable()
        let used = Set(scenarios.flatMap { usedKnobs($0.workload) })
        var choices: [KnobChoice] = []
        for knob in table.tunable where used.contains(knob.name) && !request.fixedKnobs.contains(knob.name) {
            guard let tuning = knob.tuning else { continue }
            let current = first.knobs[knob.name] ?? knob.value(on: idf)
            // A knob locked by a dependency in any scenario stays at its default for all of them.
            if scenarios.contains(where: { sc in tuning.lockedWhen.contains { sc.knobs[$0.key] == $0.value } }) { continue }
            // A value no sdkconfig can set on one of the releases (not a Kconfig option there) is no answer.
            if idfs.contains(where: { knob.kconfigName(on: $0) == nil }) { continue }
            // Levels the IDF build would refuse with the scenario's other knobs (wifi_init.c #error checks).
            let allowed = tuning.levels.filter { level in
                scenarios.allSatisfy { table.broken(by: $0.knobs.merging([knob.name: level]) { _, l in l }).isEmpty }
            }
            // A free level next to a free current value is a tie (5744 and 5760, the defaults of older and newer
            // releases): changing to it would gain nothing and cost a line in the user's sdkconfig.
            let untied = tuning.cost(of: current) == 0 ? allowed.filter { $0 == current || tuning.cost(of: $0) > 0 } : allowed
            let levels = untied.contains(current) ? untied : [current] + untied
            choices.append(KnobChoice(name: knob.name, levels: levels, costs: levels.map { tuning.cost(of: $0) }, defaultValue: current))
        }
        let largest = scenarios.map { $0.device.caps.largestFreeBlock(caps: .default) }.min() ?? 0
        var problem = RecommendationProblem(scenarios: scenarios, knobs: choices, heapRange: 8...max(8, largest / 1024),
                                            idfHeadroom: request.idfHeadroom, costWeight: request.costWeight)
        let policy = first.firmware.heapPolicy(chip: first.device.chip.name, spiram: first.device.board.features.spiram)
        problem.objective = request.objective ?? RecommendationObjective.used(heapGrows: policy.growth != .none)
        return Prepared(scenarios: scenarios, choices: choices, table: table, idf: idf, idfs: idfs, problem: problem)
    }

    /// Recommends for `request`; `advisories` (e.g. `AdvisoryLibrary.load`) are evaluated against every
    /// scenario replayed with the answer.
    public static func run(_ request: RecommendationRequest, catalogue: Catalogue, library: String,
                           advisories: [Advisory] = []) throws(Diagnostic) -> RecommendationReport {
        try run(try solve(request, catalogue: catalogue, library: library), request: request, catalogue: catalogue, library: library,
                advisories: advisories).report
    }

    /// Solves a prepared problem; the answer's knob values come with the report (the emitters replay them).
    public static func run(_ p: Prepared, request: RecommendationRequest, catalogue: Catalogue, library: String,
                           advisories: [Advisory] = []) throws(Diagnostic) -> (report: RecommendationReport, answer: Recommender.Answer) {
        try run(IntervalSolve(prepared: p, outcome: Recommender(problem: p.problem).recommend(), bounds: nil), request: request,
                catalogue: catalogue, library: library, advisories: advisories)
    }

    /// Reports a solved problem (see `solve`): the answer, or the diagnostic of no setting with the fixes found.
    public static func run(_ solved: IntervalSolve, request: RecommendationRequest, catalogue: Catalogue, library: String,
                           advisories: [Advisory] = []) throws(Diagnostic) -> (report: RecommendationReport, answer: Recommender.Answer) {
        let p = solved.prepared
        switch solved.outcome {
        case .failure(.solver(let f)):
            throw solverFailure(f, problem: p.problem)
        case .failure(.scenario(let d)):
            throw d
        case .failure(.infeasible(let scenario, let result, let candidate)):
            var d = infeasible(scenario: scenario, result: result, candidate: candidate, headroom: request.idfHeadroom)
            if let b = solved.bounds { d.what += " — " + b.sentence(holds: "a setting exists", fails: "no setting exists") }
            if let fixes = try knobFixes(p, failing: scenario, at: candidate.heapKiB), !fixes.isEmpty {
                d.fix = "Replayed at \(candidate.heapKiB) KiB, these changes alone would make it fit: "
                    + fixes.joined(separator: "; ") + ". Otherwise: " + (d.fix ?? "")
            }
            let boards = boardFixes(request, catalogue: catalogue, library: library)
            if !boards.isEmpty {
                d.fix = (d.fix ?? "") + ". On another board of the same chip a setting exists: " + boards.joined(separator: "; ")
            }
            throw d
        case .success(let answer):
            var r = report(answer, scenarios: p.scenarios, table: p.table, choices: p.choices, request: request, idf: p.idf)
            r.idfReleases = p.idfs
            r.stoppedAtSolveLimit = answer.proved ? nil : p.problem.maximumSolves
            r.advisories = AdvisoryEvaluator.applicable(advisories, to: p.scenarios, answer: answer)
            r.staticDRAMBounds = solved.bounds
            r.margins = try RecommendationMargins.measure(p, answer: answer, request: request, catalogue: catalogue)
            r.initialHeapLever = LeversCommand.initialHeapLever(r.firmware, table: try LeverLoader.load(library: library))
            return (r, answer)
        }
    }

    /// What a solver failure means to the user. The time limit is a bound heapfit sets, so it is told
    /// as one (exit 1, like any "no setting"); other failures are heapfit's own and ask for a report.
    static func solverFailure(_ f: MIPFailure, problem: RecommendationProblem) -> Diagnostic {
        guard f == .timeLimit else {
            return Diagnostic("The optimiser failed: \(f)", fix: "Report this with the command line that caused it",
                              kind: .internalError)
        }
        let limit = problem.solverTimeLimit.formatted(.number.precision(.fractionLength(0...3)))
        return Diagnostic("No setting found: the integer program found no candidate within the solver time limit of "
                          + "\(limit) s per solve (\(problem.scenarios.count) scenarios, \(problem.knobs.count) tuned knobs)",
                          fix: "Ask for less at once: fewer --workload or --idf values, or --keep some knobs at their defaults",
                          kind: .noSetting)
    }

    /// Other catalogue boards on the same chip (variants: PSRAM, single core, other flash) for which
    /// the same request has a setting, each with its answer; their own static sizes apply.
    static func boardFixes(_ request: RecommendationRequest, catalogue: Catalogue, library: String) -> [String] {
        guard let current = try? catalogue.board(named: request.board ?? RecommendationRequest.defaultBoard) else { return [] }
        var fixes: [String] = []
        for other in catalogue.boards.sorted(by: { $0.name < $1.name }) where other.name != current.name && other.chip == current.chip {
            var alternative = request
            alternative.board = other.name
            alternative.staticDRAM = nil
            guard let p = try? prepare(alternative, catalogue: catalogue, library: library),
                  case .success(let answer) = Recommender(problem: p.problem).recommend() else { continue }
            var what = "\(other.name) (\(answer.best.heapKiB) KiB initial heap"
            if other.features.spiram { what += ", PSRAM" }
            fixes.append(what + ")")
        }
        return fixes
    }

    /// Single knob changes that make the failing scenario acceptable at the smallest heap (replayed).
    static func knobFixes(_ p: Prepared, failing name: String, at heapKiB: Int) throws(Diagnostic) -> [String]? {
        guard let scenario = p.scenarios.first(where: { $0.name == name }) else { return nil }
        var fixes: [String] = []
        for choice in p.choices {
            for level in choice.levels where level != choice.defaultValue {
                if p.problem.acceptable(try scenario.replay(heapKiB: heapKiB, knobs: [choice.name: level])) {
                    fixes.append("CONFIG_\(choice.name)=\(level) (default \(choice.defaultValue))")
                    break
                }
            }
        }
        return fixes
    }

    /// Knob names a workload's sizes depend on.
    static func usedKnobs(_ workload: Workload) -> Set<String> {
        var names = Set<String>()
        for component in workload.components.values {
            for op in component.open + component.close {
                if case .alloc(_, let size, _, let count) = op.kind {
                    names.formUnion(size.knobs)
                    names.formUnion(count.knobs)
                }
                if case .recording(let r) = op.kind { names.formUnion(r.knobs) }
            }
        }
        return names
    }

    static func infeasible(scenario: String, result: ReplayResult?, candidate: Candidate, headroom: Int) -> Diagnostic {
        guard let result else {
            return Diagnostic("No setting works for \(scenario): the firmware cannot even start with an initial heap of \(candidate.heapKiB) KiB",
                              fix: "Check the board's static DRAM (--static-dram) or choose a board with more RAM", kind: .noSetting)
        }
        if let f = result.firstFailure {
            let best = f.largestUsable
            return Diagnostic("No setting works for \(scenario): even with the smallest heap (\(candidate.heapKiB) KiB) and the "
                              + "leanest knobs, step \(f.step + 1) \"\(f.label)\" fails: \(f.allocation) needs \(f.size) B "
                              + "(\(f.caps)) and the largest suitable block is \(best) B (short by \(max(f.size - best, 0)) B)",
                              fix: "Free IDF memory: disable a component (Bluetooth, a second TLS session), use a board with PSRAM, "
                                  + "or lower MBEDTLS_SSL_IN_CONTENT_LEN if your servers allow it", kind: .noSetting)
        }
        return Diagnostic("No setting leaves the \(headroom) B of IDF headroom asked for \(scenario): at best "
                          + "\(result.minimumInternalFree) B remain at the peak (\"\(result.minimumInternalFreeStep)\")",
                          fix: "Lower --idf-headroom (it is a safety margin), or free IDF memory", kind: .noSetting)
    }

    static func report(_ answer: Recommender.Answer, scenarios: [PreparedScenario], table: KnobTable,
                       choices: [KnobChoice], request: RecommendationRequest, idf: IDFVersion) -> RecommendationReport {
        let first = scenarios[0]
        let results = answer.outcomes.compactMap(\.result)
        var limiting = "the largest free block at start-up (the initial area is one malloc)"
        // The scenario is named only where there are several: with one, the header line already says it.
        let several = scenarios.count > 1
        func inScenario(_ name: String) -> String { several ? " in \(name)" : "" }
        if let m = answer.margin {
            limiting = "the margin objective, not memory: every initial heap within ±\(m.radius) KiB of this one leaves at least "
                + "\(Bytes.text(m.worstNearby)) of IDF memory free at the peak; with these knobs an initial heap fits up to "
                + "\(m.largestAcceptedHeap) KiB, where \(Bytes.text(m.freeAtLargest)) would remain (heaps surveyed every "
                + "\(Recommender.marginGridStep) KiB, then KiB by KiB near the best)"
        }
        for outcome in answer.atOneMore where answer.margin == nil {
            guard let r = outcome.result else {
                limiting = (several ? "\(outcome.scenario): " : "") + "the initial heap no longer fits at start-up"
                break
            }
            if let f = r.firstFailure {
                limiting = "\(f.allocation) (\(f.size) B, \(f.caps)) at \"\(f.label)\"\(inScenario(outcome.scenario))"
                break
            }
            if r.minimumInternalFree < request.idfHeadroom {
                limiting = "the \(request.idfHeadroom) B IDF headroom at \"\(r.minimumInternalFreeStep)\"\(inScenario(outcome.scenario)) "
                    + "(\(r.minimumInternalFree) B would remain)"
                break
            }
        }
        let changes = choices.compactMap { c -> (String, Int, Int, String)? in
            guard let v = answer.best.knobs[c.name], v != c.defaultValue else { return nil }
            return (c.name, c.defaultValue, v, table.knobs[c.name]?.tuning?.costReason ?? "")
        }
        let statics: Sourced? = first.device.staticDRAM
        let policy = first.firmware.heapPolicy(chip: first.device.chip.name, spiram: first.device.board.features.spiram)
        var stock: Int?
        if case .fixed(let n) = policy.initial { stock = n }
        return RecommendationReport(
            board: first.device.board.name, chip: first.device.chip.name, idf: idf, idfReleases: [idf], firmware: first.firmware,
            workloads: scenarios.map(\.workload.name).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
            initialHeapSize: answer.best.heapKiB * 1024, knobChanges: changes,
            pythonHeapAtStart: results.map(\.gcAtStart.total).min() ?? 0,
            pythonHeapAfterGrowth: results.map(\.gcPeakTotal).min() ?? 0,
            idfHeadroom: results.map(\.minimumInternalFree).min() ?? 0, idfHeadroomRequired: request.idfHeadroom,
            limitingAllocation: limiting, confidence: statics?.confidence.rawValue ?? "unknown",
            staticDRAMSource: statics?.source ?? "", firmwareDefaultHeap: stock, replays: answer.replays, solves: answer.solves,
            stoppedAtSolveLimit: nil)
    }
}
