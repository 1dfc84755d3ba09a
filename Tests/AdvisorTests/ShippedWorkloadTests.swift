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

/// `Tests/Fixtures/kconfig/knob-symbols.txt`: per IDF tag, the knob spellings its Kconfig files define.
func knobSymbols() throws -> [(IDFVersion, Set<String>)] {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/kconfig/knob-symbols.txt").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line in
        let parts = line.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let version = IDFVersion(parsing: String(parts[0].dropFirst())) else { return nil }
        return (version, Set(parts[1].split(separator: " ").map(String.init)))
    }
}

func shippedComponents() throws -> [ComponentDefinition] {
    let folder = (shippedLibrary as NSString).appendingPathComponent("components")
    let loader = WorkloadLoader(library: shippedLibrary)
    return try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        .compactMap { try loader.shippedComponent(String($0.dropLast(5))) }
}

@Test func everyKnobSpellingExistsInItsRelease() throws {
    let table = try WorkloadLoader(library: shippedLibrary).knobTable()
    let releases = try knobSymbols()
    #expect(releases.count >= 9)
    for (version, symbols) in releases {
        for knob in table.knobs.values {
            guard let name = knob.kconfigName(on: version) else { continue }  // a define or a fixed value there
            #expect(symbols.contains(name), "\(knob.name) is spelled \(name) on IDF \(version), which has no such option")
        }
    }
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
            let w = try loader.workload(name)
            // Unknown knobs, negative sizes and bad counts are diagnostics here.
            let timeline = try Timeline(w, knobs: table.defaults(on: version).merging(w.knobs) { _, x in x })
            #expect(!timeline.events.isEmpty)
        }
        for firmware in ["micropython-1.20", "micropython-1.24", "circuitpython-9.2", "pycom-1.20", "micropython-esp8266-1.24"] {
            _ = try SimulateCommand.startupTimeline(firmware: Firmware(parsing: firmware)!, idf: version, loader: loader,
                                                    knobs: table.defaults(on: version))
        }
    }
}

/// What each shipped workload does on the newest catalogue release with its default firmware.
@Test(arguments: [
    ("boot-repl", true), ("https-get-x2", true), ("mqtt-tls", true), ("ble-peripheral-wifi", true),
    ("softap-captive-portal", true), ("tls-x2-concurrent", true), ("https-server", true), ("ota-https", true),
    ("espnow-wifi", true), ("gc-grow-once", true), ("wifi-webrepl", true),
    // The seed's old sizing leaves no room for a TLS handshake; Pycom's servers task meets a locked heap.
    ("https-get", false), ("pycom-ftp-gc", false),
])
func shippedWorkloadVerdictsOnIDF542(workload: String, fits: Bool) throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let report = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2), workload: workload),
                                         catalogue: catalogue, library: shippedLibrary)
    #expect(report.result.fits == fits, "\(workload): \(report.result.firstFailure?.reason ?? "fits")")
}
