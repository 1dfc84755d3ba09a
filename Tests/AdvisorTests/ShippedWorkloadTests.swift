import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// The shipped data (workloads/): every size has a source, every file says what it was
/// calibrated against, every knob a component names exists with a Kconfig spelling the
/// release really has, and every shipped workload replays on every catalogue release.

let shippedLibrary: String = URL(fileURLWithPath: repositoryCatalogue).deletingLastPathComponent()
    .appendingPathComponent("workloads").path

/// `workloads/kconfig/symbols.txt`: per catalogue IDF release, the names heapfit uses that its Kconfig files define.
func shippedSymbols() throws -> KconfigSymbols {
    let path = (shippedLibrary as NSString).appendingPathComponent("kconfig/symbols.txt")
    return try KconfigSymbols.parse(text: try String(contentsOfFile: path, encoding: .utf8), file: path)
}

/// Per IDF release of the symbol list, the names its Kconfig files define.
func knobSymbols() throws -> [(IDFVersion, Set<String>)] {
    try shippedSymbols().releases.map { ($0.tag, $0.names) }
}

func shippedComponents() throws -> [ComponentDefinition] {
    let folder = (shippedLibrary as NSString).appendingPathComponent("components")
    let loader = WorkloadLoader(library: shippedLibrary)
    return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        .compactMap { try loader.shippedComponent(String($0.dropLast(5))) }
}

@Test func everyKnobSpellingExistsInItsRelease() throws {
    let table = try WorkloadLoader(library: shippedLibrary).knobTable()
    let symbols = try shippedSymbols()
    // Every release boards.yaml knows has its own line: no release is checked against another's names.
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    #expect(symbols.releases.map(\.tag) == catalogue.idfReleases)
    for release in symbols.releases {
        let version = release.tag
        for knob in table.knobs.values {
            for dependency in knob.depends where dependency.releases.contains(version) {
                let name = try #require(dependency.kconfigName(on: version))
                #expect(release.names.contains(name), "\(knob.name) depends on \(name) on IDF \(version), which has no such option")
            }
            guard let name = knob.kconfigName(on: version) else {
                // `none` there: no spelling the knob ever had may exist on that release either.
                let spellings = Set(knob.kconfigNames.map(\.name) + [knob.name]).subtracting(["none"])
                #expect(release.names.isDisjoint(with: spellings), "\(knob.name) is `none` on IDF \(version), which defines \(release.names.intersection(spellings))")
                continue
            }
            #expect(release.names.contains(name), "\(knob.name) is spelled \(name) on IDF \(version), which has no such option")
        }
    }
}

@Test func theSymbolListCoversEveryNameKnobsYAMLUses() throws {
    let table = try WorkloadLoader(library: shippedLibrary).knobTable()
    let covered = try shippedSymbols().covered
    for knob in table.knobs.values {
        let names = Set(knob.kconfigNames.map(\.name) + (knob.kconfigName(on: IDFVersion(99, 0)) == nil ? [] : [knob.name]))
            .union(knob.depends.flatMap { d in d.spellings.map(\.name) + [d.option] }).subtracting(["none"])
        #expect(names.isSubset(of: covered), "add \(names.subtracting(covered).sorted()) to the names: line of workloads/kconfig/symbols.txt and regenerate it")
    }
    // The known history the list must show: Wi-Fi options lost their ESP32_ prefix in v5.1, NimBLE's transport
    // options were renamed in v5.1.1 (not v5.1), and v4.4 had no MBEDTLS_SSL_KEEP_PEER_CERTIFICATE while v4.3.3 did.
    let symbols = try shippedSymbols()
    let v50 = try #require(symbols.release(for: IDFVersion(5, 0, 9)))
    let v51 = try #require(symbols.release(for: IDFVersion(5, 1)))
    #expect(v50.names.contains("ESP32_WIFI_STATIC_RX_BUFFER_NUM") && !v51.names.contains("ESP32_WIFI_STATIC_RX_BUFFER_NUM"))
    #expect(v51.names.contains("BT_NIMBLE_ACL_BUF_COUNT"))
    #expect(symbols.release(for: IDFVersion(5, 1, 1))?.renamed["BT_NIMBLE_ACL_BUF_COUNT"] == "BT_NIMBLE_TRANSPORT_ACL_FROM_LL_COUNT")
    #expect(symbols.release(for: IDFVersion(4, 4))?.names.contains("MBEDTLS_SSL_KEEP_PEER_CERTIFICATE") == false)
    #expect(symbols.release(for: IDFVersion(4, 3, 3))?.names.contains("MBEDTLS_SSL_KEEP_PEER_CERTIFICATE") == true)
}

@Test func everyComponentAndWorkloadStatesItsSourcesAndCalibration() throws {
    let components = try shippedComponents()
    #expect(components.count >= 16)
    for c in components {
        #expect(!c.source.isEmpty, "\(c.name) has no source")
        #expect(c.calibration?.isEmpty == false, "\(c.name) says nothing about its calibration")
        for op in c.open + c.close {
            #expect(op.source?.isEmpty == false, "\(c.name) line \(op.line) has no source")
        }
    }
    let loader = WorkloadLoader(library: shippedLibrary)
    let names = loader.shippedWorkloads()
    #expect(names.count >= 12)
    for name in names {
        let w = try loader.workload(name)
        #expect(!w.source.isEmpty && w.calibration?.isEmpty == false, "\(name) lacks source or calibration")
    }
}

@Test func everyComponentCompilesOnEveryCatalogueRelease() throws {
    let loader = WorkloadLoader(library: shippedLibrary)
    let table = try loader.knobTable()
    for version in [IDFVersion(4, 4), IDFVersion(5, 0, 2), IDFVersion(5, 4, 1), IDFVersion(5, 4, 2)] {
        for name in loader.shippedWorkloads() {
            let w = try loader.workload(name).resolvingRecordings(idf: version)
            // Unknown knobs, negative sizes and bad counts are diagnostics here.
            let timeline = try Timeline(w, knobs: table.defaults(on: version).merging(w.knobs) { _, x in x })
            #expect(!timeline.events.isEmpty)
        }
        for firmware in ["micropython-1.20", "micropython-1.24", "circuitpython-9.2", "pycom-1.20", "micropython-esp8266-1.24"] {
            _ = try StartupComponents.timeline(firmware: Firmware(parsing: firmware)!, idf: version, loader: loader,
                                                    knobs: table.defaults(on: version))
        }
    }
}

/// What each shipped workload does on the newest catalogue release with the default firmware (the newest
/// MicroPython that supports it: workloads name no firmware). https-get, once pinned to v1.20's old sizing
/// (which left no room for its handshake: reports/mp-8940-…), fits on v1.28's 56 KiB initial heap.
@Test(arguments: [
    ("boot-repl", true), ("https-get-x2", true), ("mqtt-tls", true), ("ble-peripheral-wifi", true),
    ("softap-captive-portal", true), ("tls-x2-concurrent", true), ("https-server", true), ("ota-https", true),
    ("espnow-wifi", true), ("gc-grow-once", true), ("wifi-webrepl", true), ("https-get", true),
    // The servers task of the locked-heap workload meets a locked heap whatever the firmware.
    ("pycom-ftp-gc", false),
])
func shippedWorkloadVerdictsOnIDF542(workload: String, fits: Bool) throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let report = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2), workload: workload),
                                         catalogue: catalogue, library: shippedLibrary)
    #expect(report.result.fits == fits, "\(workload): \(report.result.firstFailure?.reason ?? "fits")")
}
