import Foundation
import Testing
import Model
@testable import Simulator
@testable import Solver
@testable import Advisor

/// What `recommend` says its answer buys (issue 17): the objective per heap policy, the firmware default replayed,
/// what the answer tolerates, and internal RAM on PSRAM boards. Each figure is checked against an independent replay.
@Suite("recommend: objective, firmware default, tolerance, internal RAM")
struct RecommendationMarginsTests {
    static func catalogue() throws -> Catalogue { try CatalogueLoader.load(path: repositoryCatalogue) }

    static func recommend(_ board: String = "ESP32_GENERIC", idf: IDFVersion, firmware: String? = nil,
                          workload: String = "https-get-x2", objective: RecommendationObjective? = nil) throws -> RecommendationReport {
        var request = RecommendationRequest(board: board, idfs: [idf], firmware: firmware, workloads: [workload])
        request.objective = objective
        return try RecommendCommand.run(request, catalogue: try catalogue(), library: shippedLibrary)
    }

    /// The statement is a function of (objective, policy): each of the four pairs says something different, and the
    /// report's pair is the firmware's policy with the solver's objective for it.
    @Test func theObjectiveFollowsThePolicyAndTheSolver() throws {
        var statements = Set<String>()
        for objective in [RecommendationObjective.largestHeapLessKnobCost, .leastKnobCostThenIDFFree] {
            for policy in [RecommendationMargins.HeapPolicyKind.fixed, .splitHeap] {
                statements.insert(RecommendationMargins.statement(objective, policy: policy, headroom: 12288, costWeight: 1))
            }
        }
        #expect(statements.count == 4)
        let split = try #require(try Self.recommend(idf: IDFVersion(5, 4, 2)).margins)
        #expect(split.objective.policy == .splitHeap)
        #expect(split.objective.objective == RecommendationObjective.used(heapGrows: true))
        #expect(split.objective.policyText.contains("starts the Python heap at 56 KiB"))
        let fixed = try #require(try Self.recommend(idf: IDFVersion(4, 4), firmware: "micropython-1.20", workload: "https-get").margins)
        #expect(fixed.objective.policy == .fixed)
        #expect(fixed.objective.objective == RecommendationObjective.used(heapGrows: false))
        #expect(fixed.objective.policyText.contains("never grows"))
        #expect(fixed.objective.statement != split.objective.statement)
    }

    /// The firmware default is the firmware's own replay: simulate with no --initial-heap and no --set gives the same
    /// free IDF memory at the peak. micropython-1.20's own sizing leaves no room for the handshake (mp#8940).
    @Test func theFirmwareDefaultIsWhatSimulateSays() throws {
        let idf = IDFVersion(5, 4, 2)
        let m = try #require(try Self.recommend(idf: idf).margins)
        let simulated = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: idf, workload: "https-get-x2"),
                                                catalogue: try Self.catalogue(), library: shippedLibrary)
        #expect(m.firmwareDefault.initialHeap == 56 * 1024)
        #expect(m.firmwareDefault.fits)
        #expect(m.firmwareDefault.idfFreeAtPeak == simulated.result.minimumInternalFree)
        #expect(m.firmwareDefault.headroomHolds == (simulated.result.minimumInternalFree >= 12 * 1024))
        let old = try #require(try Self.recommend(idf: IDFVersion(4, 4), firmware: "micropython-1.20", workload: "https-get").margins)
        #expect(old.firmwareDefault.initialHeap == nil)
        #expect(!old.firmwareDefault.fits)
        #expect(old.firmwareDefault.failure?.contains("wrap_socket") == true)
    }

    /// The bytes of extra IDF demand the answer tolerates are real: a block of that size (less 64 B for its header and
    /// alignment) held from Wi-Fi on keeps the headroom at the recommended setting; 64 B more than it does not.
    @Test func theToleranceIsTheExtraDemandTheHeadroomAbsorbs() throws {
        let idf = IDFVersion(5, 2, 2)  // before 5.4's size-class rounding, so a block costs its size plus a header
        let report = try Self.recommend(idf: idf, workload: "https-get")
        let m = try #require(report.margins)
        let extra = m.tolerance.extraIDFBytesAtPeak
        #expect(extra == report.idfHeadroom - report.idfHeadroomRequired)
        let original = try String(contentsOfFile: shippedLibrary + "/https-get.yaml", encoding: .utf8)
        let anchor = "    label: \"Wi-Fi connected\"\n"
        try #require(original.contains(anchor))
        func freeAtPeak(holding bytes: Int) throws -> Int {
            let path = NSTemporaryDirectory() + "tolerance-\(UUID().uuidString).yaml"
            try original.replacingOccurrences(of: anchor, with: anchor + "  - open: {component: measured, as: extra, with: {idf_bytes: \(bytes)}}\n")
                .write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let r = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: idf, workload: path,
                                                              initialHeap: report.initialHeapSize,
                                                              knobs: report.knobChanges.map { ($0.name, $0.to) }),
                                            catalogue: try Self.catalogue(), library: shippedLibrary)
            #expect(r.result.fits)
            return r.result.minimumInternalFree
        }
        #expect(try freeAtPeak(holding: max(extra - 64, 1)) >= report.idfHeadroomRequired)
        #expect(try freeAtPeak(holding: extra + 64) < report.idfHeadroomRequired)
    }

    /// One more TLS session: on the stock board the largest heap leaves no room for a second handshake, the heap
    /// chosen for margin does; with PSRAM it does too.
    @Test func oneMoreTLSSession() throws {
        let idf = IDFVersion(5, 4, 2)
        let plain = try #require(try Self.recommend(idf: idf, objective: .largestHeapLessKnobCost).margins?.tolerance.oneMoreTLS)
        #expect(plain.sessions == 2)
        #expect(!plain.fits)
        #expect(plain.failure?.contains("short by") == true)
        let margin = try #require(try Self.recommend(idf: idf).margins?.tolerance.oneMoreTLS)
        #expect(margin.sessions == 2)
        #expect(margin.fits && margin.headroomHolds)
        let psram = try #require(try Self.recommend("ESP32_GENERIC-SPIRAM", idf: idf).margins?.tolerance.oneMoreTLS)
        #expect(psram.sessions == 2)
        #expect(psram.fits)
        #expect(psram.headroomHolds)
    }

    /// On a PSRAM board the report says what internal RAM holds at the peak: Wi-Fi among it, the Python heap not; the
    /// holders and the free bytes fit in the internal heaps. Without PSRAM there is no such section.
    @Test func internalRAMOnPSRAMBoards() throws {
        let idf = IDFVersion(5, 4, 2)
        let report = try Self.recommend("ESP32_GENERIC-SPIRAM", idf: idf)
        let i = try #require(report.margins?.internalRAM)
        #expect(i.pythonHeapInPSRAM)
        #expect(i.alwaysInternal == 8192)
        #expect(i.holders.contains { $0.owner == "wifi-sta" && $0.bytes > 16 * 1024 })
        #expect(!i.holders.contains { $0.owner.hasPrefix("Python GC heap") })
        #expect(i.internalFreeAtPeak == report.idfHeadroom)
        let text = RecommendationTextEmitter.render(report)
        #expect(text.contains("Internal RAM (PSRAM board): the Python heap is in PSRAM"))
        #expect(try Self.recommend(idf: idf).margins?.internalRAM == nil)
    }

    /// Text and JSON carry the same figures; --brief keeps only the verdict lines.
    @Test func textJSONAndBrief() throws {
        let report = try Self.recommend(idf: IDFVersion(5, 4, 2))
        let m = try #require(report.margins)
        let text = RecommendationTextEmitter.render(report)
        #expect(text.contains("Objective (split heap: micropython-1.28 starts the Python heap at 56 KiB"))
        #expect(text.contains("Firmware default (56 KiB initial heap, knobs at their defaults): fits, \(m.firmwareDefault.idfFreeAtPeak ?? -1) B"))
        #expect(text.contains("Still tolerates: \(m.tolerance.extraIDFBytesAtPeak) B"))
        let json = RecommendationJSONEmitter.render(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let margins = try #require(object["margins"] as? [String: Any])
        let tolerance = try #require(margins["tolerance"] as? [String: Any])
        #expect(tolerance["extraIDFBytesAtPeak"] as? Int == m.tolerance.extraIDFBytesAtPeak)
        #expect((margins["objective"] as? [String: Any])?["policy"] as? String == "split-heap")
        #expect((margins["firmwareDefault"] as? [String: Any])?["idfFreeAtPeak"] as? Int == m.firmwareDefault.idfFreeAtPeak)
        let brief = RecommendationTextEmitter.render(report, brief: true).split(separator: "\n")
        #expect(brief.count == 7)
        #expect(brief.contains { $0.hasPrefix("Still tolerates:") })
        #expect(brief.contains { $0.hasPrefix("Set by:") })
        #expect(!brief.contains { $0.hasPrefix("Confidence:") || $0.hasPrefix("Objective") || $0.contains("Advisories") })
    }
}
