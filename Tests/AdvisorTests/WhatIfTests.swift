import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// `whatif` against independent `simulate` runs: every changed column must show what simulating
/// the changed scenario directly shows, and workload changes must be the steps the help text says.
@Suite("whatif")
struct WhatIfTests {
    static let catalogue: Catalogue? = try? CatalogueLoader.load(path: repositoryCatalogue)

    func whatIf(_ changes: [WhatIfChange], workload: String = "https-get-x2", idf: IDFVersion = IDFVersion(5, 4, 2),
                initialHeap: Int? = nil, staticDRAM: Int? = nil, each: Bool = false) throws -> WhatIfReport {
        let baseline = SimulationRequest(board: "ESP32_GENERIC", idf: idf, workload: workload, initialHeap: initialHeap,
                                         staticDRAM: staticDRAM)
        let catalogue = try #require(Self.catalogue)
        return try WhatIfCommand.run(WhatIfRequest(baseline: baseline, changes: changes, each: each), catalogue: catalogue,
                                     library: shippedLibrary,
                                     advisories: try AdvisoryLibrary.load(library: shippedLibrary, catalogue: catalogue))
    }

    /// https-get-x2 written out by hand (its steps, workloads/https-get-x2.yaml) with `afterWiFi`
    /// steps after Wi-Fi connects and `atEnd` steps after its last step: what whatif's additions must equal.
    func httpsGetX2(_ name: String, afterWiFi: [String], atEnd: [String]) throws -> String {
        let body = ["- python: {bytes: 1024, count: 3, keep: program}", "- open: wifi-sta"] + afterWiFi + [
            "- open: {component: tcp-socket, as: sock1}", "- open: {component: tls-session, as: tls1}",
            "- python: {bytes: 256, count: 8}", "- close: tls1", "- close: sock1",
            "- open: {component: tcp-socket, as: sock2}", "- open: {component: tls-session, as: tls2}",
            "- python: {bytes: 256, count: 8}", "- close: tls2", "- close: sock2", "- collect"] + atEnd
        return try temporaryWorkload(name, "workload: \(name)\nsource: \"test: https-get-x2 with additions\"\nsteps:\n"
                                     + body.map { "  " + $0 }.joined(separator: "\n") + "\n")
    }

    func changed(_ r: WhatIfReport) throws -> ReplayResult { try #require(r.changed.first?.report?.result) }

    @Test func aSmallerInitialHeapReducesThePythonHeapAsSimulateDoes() throws {
        let r = try whatIf([.initialHeap(48 * 1024)])
        let direct = try simulate("https-get-x2", idf: IDFVersion(5, 4, 2), initialHeap: 48 * 1024).result
        let base = try simulate("https-get-x2", idf: IDFVersion(5, 4, 2)).result
        #expect(try changed(r).gcAtStart.total == direct.gcAtStart.total)
        #expect(direct.gcAtStart.total == 48000)  // gc_setup_area of 49152 B: A = 750 → 48000 B of pool
        #expect(try changed(r).gcAtStart.total < (r.baseline.report?.result.gcAtStart.total ?? 0))
        #expect(try changed(r).minimumInternalFree == direct.minimumInternalFree)
        #expect(r.baseline.report?.result.minimumInternalFree == base.minimumInternalFree)
        #expect(r.changed[0].measures.first { $0.key == "idfLowestFree" }?.value == direct.minimumInternalFree)
        #expect(r.fits)
    }

    @Test func threeTLSSessionsBreakHTTPSGetWhereTheBaselineFits() throws {
        let r = try whatIf([.tlsSessions(3)])
        #expect(r.baseline.fits)
        #expect(!r.fits)
        #expect(r.changed[0].workload == "https-get-x2 + 2 TLS")
        // The same scenario written by hand as a workload file: two socket + session pairs opened
        // after Wi-Fi connects, kept open to the end, as the help text says.
        let path = try httpsGetX2("tls3", afterWiFi: ["- open: {component: tcp-socket, as: s1}", "- open: {component: tls-session, as: t1}",
                                                      "- open: {component: tcp-socket, as: s2}", "- open: {component: tls-session, as: t2}"],
                                  atEnd: ["- close: t2", "- close: s2", "- close: t1", "- close: s1"])
        let direct = try simulate(path, idf: IDFVersion(5, 4, 2)).result
        let whatif = try changed(r)
        let f = try #require(whatif.firstFailure), g = try #require(direct.firstFailure)
        #expect(f.step == g.step && f.size == g.size && f.caps == g.caps)
        // The first failure is in the first added session (t1 / tls1), the same allocation both ways.
        #expect(f.allocation == g.allocation && f.allocation.hasPrefix("tls1/"), "\(f.allocation) vs \(g.allocation)")
        #expect(whatif.minimumInternalFree == direct.minimumInternalFree)
    }

    /// One shape for a failure in JSON: a whatif column carries its first failure with the fields and
    /// values simulate's JSON gives the same scenario.
    @Test func aColumnsFailureHasSimulatesJSONShape() throws {
        let r = try whatIf([.tlsSessions(3)])
        let path = try httpsGetX2("tls3json", afterWiFi: ["- open: {component: tcp-socket, as: s1}", "- open: {component: tls-session, as: t1}",
                                                          "- open: {component: tcp-socket, as: s2}", "- open: {component: tls-session, as: t2}"],
                                  atEnd: ["- close: t2", "- close: s2", "- close: t1", "- close: s1"])
        let direct = try simulate(path, idf: IDFVersion(5, 4, 2))
        func object(_ text: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        let columns = try #require(try object(WhatIfJSONEmitter.render(r))["changed"] as? [[String: Any]])
        let w = try #require(columns.first?["firstFailure"] as? [String: Any])
        let s = try #require(try object(SimulationJSONEmitter.render(direct))["firstFailure"] as? [String: Any])
        #expect(Set(w.keys) == ["step", "stepLabel", "line", "heap", "allocation", "size", "caps", "reason", "largestAvailable",
                                "candidates", "holders"])
        #expect(Set(w.keys) == Set(s.keys))
        for key in ["step", "heap", "allocation", "size", "caps", "largestAvailable"] {
            #expect("\(w[key] ?? "-")" == "\(s[key] ?? "-")", "\(key)")
        }
        #expect((w["candidates"] as? [Any])?.count == (s["candidates"] as? [Any])?.count)
        #expect(((w["candidates"] as? [Any])?.count ?? 0) > 0)
    }

    @Test func movingFrom541To542GainsWhatSimulateShows() throws {
        let r = try whatIf([.idf(IDFVersion(5, 4, 2))], idf: IDFVersion(5, 4, 1))
        let a = try simulate("https-get-x2", idf: IDFVersion(5, 4, 1)).result
        let b = try simulate("https-get-x2", idf: IDFVersion(5, 4, 2)).result
        let gain = b.minimumInternalFree - a.minimumInternalFree
        #expect(gain == 1952)  // ReproductionTests pins 48564 and 50516
        #expect(try changed(r).minimumInternalFree - (r.baseline.report?.result.minimumInternalFree ?? 0) == gain)
        #expect(r.changed[0].staticDRAM - r.baseline.staticDRAM == 53948 - 56136)  // the 5.4.2 PR's table
        // The IDF 5.4 TLS advisory applies to the baseline only.
        #expect(r.advisories.first { $0.advisory.id == "idf54-tls-default-heap" }?.columns == ["baseline"])
        #expect(r.advisories.first { $0.advisory.id == "idf54-size-class-rounding" }?.columns == ["baseline", "changed"])
    }

    @Test func lessRAMIsStaticDRAMGrowingBySimulatesFigure() throws {
        let r = try whatIf([.lessRAM(8192)])
        #expect(r.changed[0].staticDRAM == 53948 + 8192)
        let catalogue = try #require(Self.catalogue)
        let direct = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2), workload: "https-get-x2",
                                                               staticDRAM: 53948 + 8192),
                                             catalogue: catalogue, library: shippedLibrary).result
        #expect(try changed(r).minimumInternalFree == direct.minimumInternalFree)
        #expect(try changed(r).minimumInternalFree < (r.baseline.report?.result.minimumInternalFree ?? 0))
        // With the user's own static DRAM, --less-ram adds to it.
        let own = try whatIf([.lessRAM(4096)], staticDRAM: 50000)
        #expect(own.baseline.staticDRAM == 50000 && own.changed[0].staticDRAM == 54096)
    }

    @Test func addingBLEOpensItAfterWiFiForTheWholeWorkload() throws {
        let r = try whatIf([.add(component: "ble")])
        let labels = try changed(r).steps.map(\.label)
        #expect(labels[1] == "Wi-Fi connected")
        #expect(labels[2] == "what-if: open ble as whatif-ble")
        #expect(labels.last == "what-if: close whatif-ble")
        #expect(r.changed[0].note == "ble as whatif-ble: opened after step 2 \"Wi-Fi connected\", closed after the last step")
        // The same workload written by hand gives the same replay.
        let path = try httpsGetX2("ble-https", afterWiFi: ["- open: {component: ble, as: b}"], atEnd: ["- close: b"])
        let direct = try simulate(path, idf: IDFVersion(5, 4, 2)).result
        #expect(try changed(r).minimumInternalFree == direct.minimumInternalFree)
        #expect(try changed(r).minimumInternalLargest == direct.minimumInternalLargest)
        // BLE holds IDF memory over the whole workload: the lowest free internal memory drops by
        // about the NimBLE cost the component is calibrated to (32720 B on 5.4.2, ble.yaml; the
        // low-water mark moves by a little less where blocks fit differently).
        let drop = (r.baseline.report?.result.minimumInternalFree ?? 0) - (try changed(r).minimumInternalFree)
        #expect(abs(drop - 32720) <= 1024)
    }

    @Test func eachGivesOneColumnPerChangeInAFixedOrder() throws {
        let r = try whatIf([.add(component: "ble"), .initialHeap(48 * 1024), .knob("MBEDTLS_SSL_IN_CONTENT_LEN", 4096)], each: true)
        #expect(r.changed.map(\.name) == ["--to-initial-heap 49152", "--to-set MBEDTLS_SSL_IN_CONTENT_LEN=4096", "--add ble"])
        #expect(r.changed[1].report?.changedKnobs == ["MBEDTLS_SSL_IN_CONTENT_LEN": 4096])
        // A 4096 B input buffer instead of 16384 B: 12288 B more free at the handshake peak.
        let delta = (r.changed[1].report?.result.minimumInternalFree ?? 0) - (r.baseline.report?.result.minimumInternalFree ?? 0)
        #expect(delta >= 12288 - 1024 && delta <= 12288 + 1024)
    }

    @Test func aFirmwareThatCannotStartIsAnOutcomeNotBadInput() throws {
        let r = try whatIf([.initialHeap(200 * 1024)])
        #expect(r.changed[0].report == nil)
        #expect(r.changed[0].notStarted?.hasPrefix("The initial Python heap of 204800 B") == true)
        #expect(!r.fits)
        #expect(r.changed[0].measures.allSatisfy { $0.value == nil })
    }

    @Test func badChangesAreDiagnostics() throws {
        #expect(throws: Diagnostic.self) { try whatIf([]) }
        do {
            _ = try whatIf([.add(component: "bluetooth")])
            Issue.record("no diagnostic")
        } catch let d as Diagnostic {
            #expect(d.what == "Unknown component 'bluetooth' given with --add")
            #expect(d.expected?.contains("ble, espnow") == true)
        }
        do {
            _ = try whatIf([.tlsSessions(1)], workload: "tls-x2-concurrent")
            Issue.record("no diagnostic")
        } catch let d as Diagnostic {
            #expect(d.what.contains("already has 2 TLS sessions open at its peak"))
        }
        #expect(throws: Diagnostic.self) { try whatIf([.add(component: "idf-startup")]) }
    }

    @Test func anotherBoardUsesItsCatalogueStaticDRAMAndItsAdvisories() throws {
        let r = try whatIf([.board("ESP32_GENERIC-SPIRAM")], staticDRAM: 50000)
        #expect(r.baseline.staticDRAM == 50000)
        #expect(r.changed[0].staticDRAM == 54068)  // the 5.4.2 PR's table, ESP32_GENERIC SPIRAM
        let direct = try simulate("https-get-x2", board: "ESP32_GENERIC-SPIRAM", idf: IDFVersion(5, 4, 2)).result
        #expect(try changed(r).minimumInternalFree == direct.minimumInternalFree)
        #expect(r.advisories.first { $0.advisory.id == "psram-gc-heap-in-psram" }?.columns == ["changed"])
        // The same release again keeps the user's figure.
        #expect(try whatIf([.idf(IDFVersion(5, 4, 2)), .initialHeap(48 * 1024)], staticDRAM: 50000).changed[0].staticDRAM == 50000)
        do {
            _ = try whatIf([.knob("MBEDTLS_IN_LEN", 4096)])
            Issue.record("no diagnostic")
        } catch let d as Diagnostic {
            #expect(d.what == "Unknown knob MBEDTLS_IN_LEN in --to-set")
        }
    }

    @Test func tlsAtTheWorkloadsOwnPeakAddsNothing() throws {
        let r = try whatIf([.tlsSessions(2)], workload: "tls-x2-concurrent", initialHeap: 48 * 1024)
        #expect(r.changed[0].workload == "tls-x2-concurrent")
        #expect(r.changed[0].note == nil)
        #expect(r.changed[0].report?.result == r.baseline.report?.result)
    }
}
