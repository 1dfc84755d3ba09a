import Model
import Simulator

/// The replays of one report's program, one per distinct setting (observations at the same setting share one).
struct ReplayCache {
    let scenario: PreparedScenario
    let report: FieldReport
    let advisories: [Advisory]
    private var runs: [FieldReport.Settings: Replay] = [:]

    enum Replay {
        case ran(SimulationReport)
        /// The firmware cannot start with this setting (e.g. an initial heap larger than any block).
        case doesNotStart(String)
        /// Something the model lacks (an unknown knob) or cannot run.
        case missing(String)
    }

    init(scenario: PreparedScenario, report: FieldReport, advisories: [Advisory] = []) {
        self.scenario = scenario
        self.report = report
        self.advisories = advisories
    }

    /// The replay at `settings` (the report's, overridden by an observation's).
    mutating func replay(_ settings: FieldReport.Settings) -> Replay {
        if let done = runs[settings] { return done }
        let result = run(settings)
        runs[settings] = result
        return result
    }

    private func run(_ settings: FieldReport.Settings) -> Replay {
        for knob in settings.knobs where scenario.knobs[knob.name] == nil {
            return .missing("knob \(knob.name) is not modelled")
        }
        let request = SimulationRequest(board: scenario.device.board.name, idf: scenario.device.idf,
                                        firmware: report.firmware, workload: scenario.workload.name,
                                        initialHeap: settings.initialHeap, staticDRAM: report.staticDRAM?.value,
                                        knobs: settings.knobs.map { ($0.name, $0.value) })
        do throws(Diagnostic) {
            return .ran(try SimulateCommand.run(scenario, request: request, advisories: advisories))
        } catch {
            return error.kind == .doesNotStart ? .doesNotStart(error.what) : .missing("the replay stops: \(error.what)")
        }
    }

    /// Whether the program fits at `settings` (a firmware that cannot start does not).
    mutating func fits(_ settings: FieldReport.Settings) -> Bool? {
        switch replay(settings) {
        case .ran(let r): r.result.fits
        case .doesNotStart: false
        case .missing: nil
        }
    }

    /// Size and caps of every heap the device registers (or registers later), by start address.
    var heapsByStart: [Int: (size: Int, caps: MemoryCaps)] {
        var out: [Int: (size: Int, caps: MemoryCaps)] = [:]
        for h in scenario.device.caps.heaps {
            out[h.start] = (h.end - h.start, h.caps.reduce(into: MemoryCaps()) { $0.formUnion($1) })
        }
        return out
    }
}
