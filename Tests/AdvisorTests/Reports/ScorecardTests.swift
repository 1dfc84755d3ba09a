import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

func shippedLibraryValue() throws -> Library {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let reports = try reportLoader().all()
    return Library(catalogue: catalogue, path: repositoryWorkloads,
                   advisories: try AdvisoryLibrary.load(library: repositoryWorkloads, catalogue: catalogue), reports: reports)
}

@Suite("field reports: the scorecard")
struct ScorecardTests {
    /// The acceptance suite: every shipped report scores as its `expect:` says (exit 0 of `reports run`).
    @Test func theShippedScorecardIsAsExpected() throws {
        let card = try ReportsCommand.run([], library: try shippedLibraryValue())
        #expect(card.summary.unexpected.isEmpty, "\(card.summary.line)")
        #expect(card.summary.reproduced + card.summary.open + card.summary.notExpressible == card.reports.count)
        #expect(card.reports.count >= 25)
        // A plan only where the model reproduces the report and the board failed at a given initial heap (the seed;
        // mp#13035's baseline failed at the firmware's own sizing, so it has none).
        #expect(card.reports.allSatisfy { $0.plan == nil || $0.result == .reproduced })
        #expect(card.reports.contains { $0.id == "mp-16650-esp32-idf54-two-tls-endpoints" && $0.plan != nil })
        #expect(card.reports.first { $0.id == "mp-13035-esp32-autosplit-greedy-tls-sockets" }?.plan == nil)
    }

    /// The seed report at the model as it stands: its real program (nfc-player-https) is replayed as `simulate`
    /// replays it; at 52 KiB it works, and the scorecard's error is the IDF memory to spare at the program's low point.
    @Test func theSeedReplaysLikeSimulate() throws {
        let library = try shippedLibraryValue()
        let card = try ReportsCommand.run(["mp-16650-esp32-idf54"], library: library)
        let seed = try #require(card.reports.first)
        let works = try #require(seed.observations.first { $0.kind == "outcome" && $0.settings.hasPrefix("initial heap 52 KiB") })
        let sim = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC-OTA", idf: IDFVersion(5, 4), firmware: "micropython-1.24",
                                                            workload: "nfc-player-https", initialHeap: 53248, staticDRAM: 56296,
                                                            firmwareMustBeListed: false),
                                          catalogue: library.catalogue, library: library.path)
        #expect(sim.result.fits)
        #expect(works.verdict == .reproduced)
        #expect(works.errorBytes == sim.result.minimumInternalFree)
        #expect(seed.observations.contains { $0.kind == "threshold" && $0.verdict == .reproduced })
    }

    /// A report whose outcome the model contradicts is not reproduced; marked reproduced, it is unexpected.
    @Test func aContradictedReportIsUnexpected() throws {
        let library = try shippedLibraryValue()
        let text = minimalReport.replacingOccurrences(of: "expect: open\nopen_because: \"a test\"\n", with: "expect: reproduced\n")
            .replacingOccurrences(of: "idf: \"5.4.2\"", with: "idf: \"5.4.2\"")
        let report = try reportLoader().report(text: text, file: "/tmp/test-report.yaml")
        let card = ReportRunner(catalogue: library.catalogue, workloads: WorkloadLoader(library: library.path)).run([report])
        let score = try #require(card.reports.first)
        // https-get-x2 at 56 KiB on ESP32_GENERIC 5.4.2 fits in the model: the "fails" outcome is not reproduced.
        #expect(score.observations[0].verdict == .notReproduced)
        #expect((score.observations[0].errorBytes ?? 0) > 0)
        // The GC line after boot: total 64000 vs the model's 56 KiB area (56000), max new split compared too.
        #expect(score.observations[1].verdict == .notReproduced)
        #expect(score.result == .notReproduced)
        #expect(card.failed)
        #expect(card.summary.line.hasPrefix("0 reproduced, 1 open, 0 not expressible; 1 unexpected"))
    }

    /// An open report that the model reproduces is unexpected too (its mark must go).
    @Test func anOpenReportThatReproducesIsUnexpected() throws {
        let library = try shippedLibraryValue()
        let text = minimalReport
            .replacingOccurrences(of: "  - outcome: fails\n    at: {initial_heap: 57344}\n    step: \"GET #2: TLS handshake\"\n    cause: idf-alloc\n",
                                  with: "  - outcome: works\n    at: {initial_heap: 53248}\n    step: \"GET #2: TLS handshake\"\n")
            .replacingOccurrences(of: "value: \"GC: total: 64000, used: 5008, free: 58992, max new split: 110592\"", with: "value: \"GC: total: 56000, used: 0, free: 56000\"")
        let report = try reportLoader().report(text: text, file: "/tmp/test-report.yaml")
        let card = ReportRunner(catalogue: library.catalogue, workloads: WorkloadLoader(library: library.path)).run([report])
        #expect(card.reports.first?.result == .reproduced, "\(ScorecardEmitter.text(card))")
        #expect(card.failed)
        #expect(card.summary.line == "1 reproduced, 0 open, 0 not expressible; 1 unexpected: test-report")
    }

    @Test func anUnknownNameIsBadInput() throws {
        #expect(throws: Diagnostic.self) { try ReportsCommand.select(["no-such-report"], from: try reportLoader().all()) }
        #expect(try ReportsCommand.select(["mp-16650-esp32-idf54"], from: try reportLoader().all()).count == 1)
    }

    /// A verdict never contradicts its own advisories: over every shipped report's settings and every shipped
    /// workload, when the replay fits, an advisory that restates a field failure (`stands_in_for_model`) names a
    /// report still open, and the verdict is then the field's (not FITS).
    @Test func aVerdictNeverContradictsItsAdvisories() throws {
        let library = try shippedLibraryValue()
        let advisories = library.advisories
        let open = Set(library.reports.filter { $0.expectation != .reproduced }.map(\.id))
        for a in advisories { if let id = a.standsInForModel { #expect(library.reports.contains { $0.id == id }, "\(a.id) names \(id)") } }
        var checked = 0
        func check(_ sim: SimulationReport, _ what: String) {
            checked += 1
            for a in sim.advisories where a.standsInForModel != nil {
                #expect(open.contains(a.standsInForModel ?? ""), "\(what): \(a.id)")
                #expect(!sim.fits, "\(what): the verdict says FITS beside \(a.id)")
                #expect(SimulationTextEmitter.render(sim).contains("Verdict: FAILS IN THE FIELD") == sim.result.fits, "\(what)")
            }
            if sim.fits { #expect(!sim.advisories.contains { $0.standsInForModel != nil }, "\(what)") }
        }
        for report in library.reports {
            guard case .success(let scenario) = ReportRunner(catalogue: library.catalogue, workloads: WorkloadLoader(library: library.path))
                .prepare(report) else { continue }
            var cache = ReplayCache(scenario: scenario, report: report, advisories: advisories)
            for o in report.observations {
                if case .ran(let sim) = cache.replay(report.settings.overridden(by: o.at)) { check(sim, report.id) }
            }
        }
        for workload in WorkloadLoader(library: library.path).shippedWorkloads() {
            let board = workload.hasPrefix("esp8266") ? "ESP8266_GENERIC" : "ESP32_GENERIC"
            let idf = board == "ESP8266_GENERIC" ? DeviceBoot.nonOSRelease : IDFVersion(5, 4, 2)
            for heap in [nil, 56 * 1024] as [Int?] {
                guard let sim = try? SimulateCommand.run(SimulationRequest(board: board, idf: idf, workload: workload, initialHeap: heap),
                                                         catalogue: library.catalogue, library: library.path, advisories: advisories)
                else { continue }
                check(sim, workload)
            }
        }
        #expect(checked > 20)
        // The seed's advisory restated its failure while the model could not; the seed is reproduced now, so the
        // library drops it, and the seed's own setting fails by simulation with no advisory standing in.
        let all = try AdvisoryLibrary.load(library: library.path, catalogue: library.catalogue)
        let seedAdvisory = try #require(all.first { $0.standsInForModel == "mp-16650-esp32-idf54-two-tls-endpoints" })
        #expect(library.reports.first { $0.id == seedAdvisory.standsInForModel }?.expectation == .reproduced)
        #expect(!advisories.contains { $0.id == seedAdvisory.id })
        var reopened = library.reports
        for i in reopened.indices where reopened[i].id == seedAdvisory.standsInForModel { reopened[i].expectation = .open(because: "reopened for the test") }
        let standIns = AdvisoryLibrary.withoutReproduced(all, reports: reopened)
        #expect(standIns.contains { $0.id == seedAdvisory.id })
        // Were the seed still open, its advisory would make a replay that fits fail in the field (exit 1), never FITS.
        let standIn = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 1), workload: "https-get-x2"),
                                              catalogue: library.catalogue, library: library.path, advisories: standIns)
        #expect(standIn.result.fits && !standIn.fits && standIn.fieldFailure?.id == seedAdvisory.id)
        #expect(SimulationTextEmitter.render(standIn).contains("Verdict: FAILS IN THE FIELD — field report mp-16650-esp32-idf54-two-tls-endpoints"))
        let sim = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC-OTA", idf: IDFVersion(5, 4), firmware: "micropython-1.24",
                                                            workload: "nfc-player-https", initialHeap: 57344, staticDRAM: 56296,
                                                            firmwareMustBeListed: false),
                                          catalogue: library.catalogue, library: library.path, advisories: advisories)
        #expect(!sim.result.fits && sim.fieldFailure == nil)
    }
}
