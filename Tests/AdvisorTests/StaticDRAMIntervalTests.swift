import Foundation
import Testing
import Model
import Simulator
@testable import Advisor

/// Issue 14: where the catalogue gives static DRAM only as an interval, simulate / recommend / whatif / sweep
/// answer at both ends, and where the ends differ give the threshold found by bisection on replays.
@Suite("static DRAM intervals")
struct StaticDRAMIntervalTests {
    let catalogue: Catalogue
    init() throws { catalogue = try CatalogueLoader.load(path: repositoryCatalogue) }

    @Test func bisectionFindsTheThresholdToItsResolution() throws {
        let figure = Sourced(interval: 54000...56000, source: "test", confidence: .estimated)
        let calls = Counter()
        let b = try #require(try StaticDRAMBisection.bounds(of: figure) { s throws(Diagnostic) in
            _ = calls.next()
            return s <= 55_123
        })
        let t = try #require(b.threshold)
        #expect(t <= 55_123 && 55_123 - t < StaticDRAMBisection.resolution)
        #expect(b.holdsAtLower && !b.holdsAtUpper)
        #expect(calls.value == 2 + b.bisectionReplays && b.bisectionReplays <= 6)
        #expect(b.sentence(holds: "fits", fails: "does not fit").hasPrefix("fits if your build's static DRAM is ≤ \(t) B"))
        // Agreeing ends: no bisection; a firmware that cannot start counts as "does not fit"; bad input is rethrown.
        let none = try #require(try StaticDRAMBisection.bounds(of: figure) { _ throws(Diagnostic) in
            throw Diagnostic("no", kind: .doesNotStart)
        })
        #expect(!none.holdsAtLower && !none.holdsAtUpper && none.threshold == nil && none.bisectionReplays == 0)
        #expect(none.sentence(holds: "fits", fails: "does not fit") == "does not fit for any static DRAM in 54000–56000 B (52.7 KiB–54.7 KiB)")
        #expect(throws: Diagnostic.self) { try StaticDRAMBisection.bounds(of: figure) { _ throws(Diagnostic) in throw Diagnostic("bad") } }
        #expect(try StaticDRAMBisection.bounds(of: Sourced(54000, source: "one figure")) { _ in true } == nil)
    }

    /// The threshold `simulate` reports is the build's real limit: --static-dram at it fits, 64 B above does not.
    @Test func simulateReportsTheThresholdAndTheExactFigureAgreesWithIt() throws {
        // The first initial heap whose verdict turns inside the interval (the 2624 B interval is wider than the
        // 1 KiB step, so one exists wherever the workload's demand lies).
        var found: (SimulationRequest, SimulationReport)?
        for kib in 40...120 where found == nil {
            let request = SimulationRequest(board: "ESP32_GENERIC-UNICORE", idf: IDFVersion(5, 2, 0), workload: "tls-x2-concurrent",
                                            initialHeap: kib * 1024)
            let report = try SimulateCommand.run(request, catalogue: catalogue, library: repositoryWorkloads)
            if let b = report.staticDRAMBounds, b.holdsAtLower, !b.holdsAtUpper { found = (request, report) }
        }
        let (request, report) = try #require(found)
        let b = try #require(report.staticDRAMBounds)
        #expect(b.lower == 52976 && b.upper == 55600)
        #expect(!report.result.fits)  // the replay shown is the upper end's
        let t = try #require(b.threshold)
        #expect(t > b.lower && t < b.upper)
        for (dram, fits) in [(t, true), (t + StaticDRAMBisection.resolution, false)] {
            var exact = request
            exact.staticDRAM = dram
            let r = try SimulateCommand.run(exact, catalogue: catalogue, library: repositoryWorkloads)
            #expect(r.staticDRAMBounds == nil)
            #expect(r.result.fits == fits, "--static-dram \(dram)")
        }
        let text = SimulationTextEmitter.render(report)
        #expect(text.contains("Over the interval: fits if your build's static DRAM is ≤ \(t) B"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(SimulationJSONEmitter.render(report).utf8)) as? [String: Any])
        let bounds = try #require(json["staticDRAMBounds"] as? [String: Any])
        #expect(bounds["threshold"] as? Int == t && bounds["lower"] as? Int == 52976 && bounds["upper"] as? Int == 55600)
    }

    /// `recommend` answers at the worst end and says whether the setting holds over the whole interval.
    @Test func recommendAnswersAtTheWorstEnd() throws {
        let request = RecommendationRequest(board: "ESP32_GENERIC", idfs: [IDFVersion(5, 2, 0)], workloads: ["https-get-x2"])
        let report = try RecommendCommand.run(request, catalogue: catalogue, library: repositoryWorkloads)
        let b = try #require(report.staticDRAMBounds)
        #expect(b.lower == 54000 && b.upper == 55600 && b.holdsAtUpper && b.holdsAtLower)
        // The same setting as with the upper end given exactly.
        var exact = request
        exact.staticDRAM = 55600
        let atUpper = try RecommendCommand.run(exact, catalogue: catalogue, library: repositoryWorkloads)
        #expect(atUpper.staticDRAMBounds == nil)
        #expect(atUpper.initialHeapSize == report.initialHeapSize)
        #expect(RecommendationTextEmitter.render(report).contains("This setting was found at the upper end, 55600 B, the worst case; it works for any static DRAM in 54000–55600 B"))
    }

    /// Every firmware given must list the IDF release; the default firmware is the newest that does, the default
    /// IDF the one the firmware recommends.
    @Test func firmwareSupportIsExactAndDefaultsFollowTheTable() throws {
        do {
            _ = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 5, 1), firmware: "micropython-1.26",
                                                          workload: "boot-repl"), catalogue: catalogue, library: repositoryWorkloads)
            Issue.record("micropython-1.26 on IDF 5.5.1 was accepted")
        } catch {
            #expect(error.kind == .badInput)
            #expect(error.what.hasPrefix("micropython-1.26 does not support ESP-IDF 5.5.1 on ESP32: it supports 5.2, 5.2.2, 5.3, 5.4, 5.4.1, 5.4.2"))
            #expect(error.fix == "Pass --idf 5.4.2 (the release micropython-1.26 recommends), or --firmware micropython-1.28 (the newest that supports ESP-IDF 5.5.1)")
        }
        let board = try catalogue.board(named: "ESP32_GENERIC")
        #expect(try FirmwareResolution.defaultIDF(board: board, catalogue: catalogue) == IDFVersion(5, 5, 1))
        #expect(try FirmwareResolution.defaultIDF(board: board, catalogue: catalogue, firmware: "micropython-1.24") == IDFVersion(5, 2, 2))
        let feather = try catalogue.board(named: "adafruit_feather_esp32s2")
        #expect(try FirmwareResolution.defaultIDF(board: feather, catalogue: catalogue) == IDFVersion(5, 5, 3))
        let table = catalogue.firmwareSupport
        #expect(try FirmwareResolution.resolve(nil, board: feather, idf: IDFVersion(5, 4, 1), table: table).description == "circuitpython-10.0")
        #expect(try FirmwareResolution.resolve(nil, board: board, idf: IDFVersion(5, 0, 2), table: table).description == "micropython-1.21")
    }

    /// A sampled sweep (the full one is in the README): every cell has a verdict, over an interval where no figure exists.
    @Test func aSampledSweepHasAVerdictOrAThresholdInEveryCell() throws {
        let request = SweepRequest(boards: ["ESP32_GENERIC_C2", "adafruit_feather_esp32s3_4mbflash_2mbpsram"],
                                   idfs: [IDFVersion(5, 3, 0), IDFVersion(5, 5, 3)], workloads: ["https-get-x2"], mode: .simulate)
        let report = try SweepCommand.run(request, catalogue: catalogue, library: repositoryWorkloads, jobs: 2)
        #expect(report.rows.map { "\($0.board) \($0.idf ?? "")" } == [
            "ESP32_GENERIC_C2 5.3", "ESP32_GENERIC_C2 5.5.3",
            "adafruit_feather_esp32s3_4mbflash_2mbpsram 5.3", "adafruit_feather_esp32s3_4mbflash_2mbpsram 5.5.3"])
        // C2 on 5.5.3 and the CircuitPython S3 on 5.3 are releases their firmware does not support: skipped as such.
        #expect(report.rows[1].skippedBecause == "no micropython release that ships ESP32_GENERIC_C2 supports ESP-IDF 5.5.3")
        #expect(report.rows[2].skippedBecause == "no circuitpython release that ships adafruit_feather_esp32s3_4mbflash_2mbpsram supports ESP-IDF 5.3")
        for row in [report.rows[0], report.rows[3]] {
            #expect(row.verdict == .fits || row.verdict == .doesNotFit)
            let b = try #require(row.staticDRAMBounds)
            #expect(row.verdictText(mode: .simulate).contains("\(b.lower)–\(b.upper) B"))
        }
        #expect(report.rows[0].firmware == "micropython-1.28" && report.rows[3].firmware == "circuitpython-10.2")
    }
}
