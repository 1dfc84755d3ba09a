import Model
import Simulator

/// The `reports run` use case: replays each report's program at each observation's settings through
/// the scenario path `simulate` uses (boot, start the firmware, replay) and scores the predictions.
public struct ReportRunner {
    public let catalogue: Catalogue
    public let workloads: WorkloadLoader
    /// Evaluated against every replay (a verdict never contradicts its own advisories: `ReportRunner` tests).
    public let advisories: [Advisory]

    public init(catalogue: Catalogue, workloads: WorkloadLoader, advisories: [Advisory] = []) {
        self.catalogue = catalogue
        self.workloads = workloads
        self.advisories = advisories
    }

    /// The scorecard of `reports`, in their order.
    public func run(_ reports: [FieldReport]) -> Scorecard {
        Scorecard(reports: reports.map(score))
    }

    /// One report: every observation, then a threshold for each works/fails pair of adjacent initial heaps.
    public func score(_ report: FieldReport) -> ReportScore {
        var rows: [ObservationScore]
        var prepared: PreparedScenario?
        switch prepare(report) {
        case .failure(let missing):
            rows = report.observations.map { o in
                ObservationScore(kind: Self.kind(o), line: o.line, settings: Self.describe(report.settings.overridden(by: o.at)),
                                 seen: Self.seen(o), predicted: "—", errorBytes: nil, verdict: .notExpressible, why: missing.text)
            }
        case .success(let scenario):
            prepared = scenario
            var replays = ReplayCache(scenario: scenario, report: report, advisories: advisories)
            rows = report.observations.map { compare($0, report: report, replays: &replays) }
            if let lower = lowerEnd(of: scenario, report) {
                var atLower = ReplayCache(scenario: lower, report: report, advisories: advisories)
                rows = zip(report.observations, rows).map { o, row in
                    Self.overInterval(row, atLower: compare(o, report: report, replays: &atLower), scenario.device.staticDRAM)
                }
            }
            rows += thresholds(report, replays: &replays)
        }
        let result: Verdict = rows.contains { $0.verdict == .notReproduced } ? .notReproduced
            : rows.contains { $0.verdict == .notExpressible } ? .notExpressible : .reproduced
        var unexpected: String? = nil
        var openBecause: String? = nil
        switch report.expectation {
        case .reproduced:
            if result != .reproduced {
                unexpected = "expected to reproduce and does not: fix the model, or mark the report `expect: open` with the reason"
            }
        case .open(let because):
            openBecause = because
            if result == .reproduced { unexpected = "marked open and now reproduces: set `expect: reproduced` and remove `open_because:`" }
        }
        // What heapfit would have answered, where the model reproduces what the board did.
        let evidence = result == .reproduced ? prepared.flatMap { self.plan(report, scenario: $0, rows: rows) } : nil
        return ReportScore(id: report.id, title: report.title, chip: report.chip, board: report.board, idf: report.idfText,
                           firmware: report.firmware, expect: openBecause == nil ? "reproduced" : "open", openBecause: openBecause,
                           result: result, unexpected: unexpected, observations: rows, plan: evidence)
    }

    /// The report's scenario, or what is missing to build it.
    func prepare(_ report: FieldReport) -> Result<PreparedScenario, Missing> {
        guard let firmware = Firmware(parsing: report.firmware) else { return .failure(Missing("firmware \(report.firmware) is not modelled")) }
        let board: Board
        do throws(Diagnostic) { board = try catalogue.board(named: report.board) } catch { return .failure(Missing(error.what)) }
        let isNonOS = catalogue.chip(named: board.chip)?.nonOS != nil
        let idf = report.idf ?? DeviceBoot.nonOSRelease
        if !isNonOS {
            guard report.idf != nil else { return .failure(Missing("no IDF release given for an ESP-IDF chip")) }
            do throws(Diagnostic) { _ = try catalogue.layout(of: board, idf: idf) } catch {
                return .failure(Missing("IDF \(report.idfText) is outside the catalogue's releases for \(board.chip)"))
            }
            if report.staticDRAM == nil {
                do throws(Diagnostic) { _ = try catalogue.staticDRAM(of: board, idf: idf, firmware: firmware.key, override: nil) } catch {
                    return .failure(Missing("no static DRAM for \(board.name) on IDF \(report.idfText)"))
                }
            }
        }
        do throws(Diagnostic) {
            // A catalogue interval of static DRAM boots at its upper end, the worst case (as `simulate` does).
            let device = try DeviceBoot.boot(catalogue: catalogue, boardName: board.name, idf: idf, firmware: firmware.key,
                                             staticDRAM: report.staticDRAM?.value)
            var workload: Workload
            if let inline = report.program.steps { workload = inline } else { workload = try workloads.workload(report.program.workload ?? "") }
            if report.observations.contains(where: Self.printedAtBoot) {
                workload.steps.insert(WorkloadStep(.collect, line: report.line, label: FieldReport.Figure.boot), at: 0)
            }
            return .success(try PreparedScenario(device: device, firmware: report.firmware, workload: workload, loader: workloads,
                                                 catalogue: catalogue, firmwareMustBeListed: false))
        } catch {
            return .failure(Missing("the scenario cannot be built: \(error.what)"))
        }
    }

    /// Where the report gives no static DRAM and the catalogue only an interval: the scenario booted at the interval's
    /// lower end (the one `prepare` returns is at the upper end, the worst case); nil otherwise, or when it cannot boot.
    func lowerEnd(of scenario: PreparedScenario, _ report: FieldReport) -> PreparedScenario? {
        guard report.staticDRAM == nil, let lower = scenario.device.staticDRAM.interval?.lowerBound,
              let firmware = Firmware(parsing: report.firmware) else { return nil }
        do throws(Diagnostic) {
            let device = try DeviceBoot.boot(catalogue: catalogue, boardName: scenario.device.board.name, idf: scenario.device.idf,
                                             firmware: firmware.key, staticDRAM: lower, withinInterval: true)
            return try PreparedScenario(device: device, firmware: report.firmware, workload: scenario.workload, loader: workloads,
                                        catalogue: catalogue, firmwareMustBeListed: false)
        } catch {
            return nil
        }
    }

    /// An observation scored at both ends of an interval of static DRAM: where the two verdicts differ, the report
    /// cannot settle it (the outcome turns inside the interval), so it is not expressible, and the row says both.
    static func overInterval(_ upper: ObservationScore, atLower lower: ObservationScore, _ figure: Sourced) -> ObservationScore {
        guard upper.verdict != lower.verdict, let interval = figure.interval else { return upper }
        var row = upper
        row.verdict = .notExpressible
        row.why = "\(upper.verdict.rawValue) at \(interval.upperBound) B of static DRAM, \(lower.verdict.rawValue) at "
            + "\(interval.lowerBound) B (the catalogue's interval, \(figure.confidence.rawValue)): the verdict turns inside "
            + "it; a published static size for this build would settle it. At the lower end: \(lower.predicted)"
        return row
    }

    static func printedAtBoot(_ o: FieldReport.Observation) -> Bool {
        if case .figure(let f) = o.kind { return f.after == FieldReport.Figure.boot }
        return false
    }

    struct Missing: Error { var text: String; init(_ text: String) { self.text = text } }
}
