import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// The language features the shipped data needs: cross-instance frees (the port's app_main
/// returning frees IDF's main task), allocations switched off by a knob (size 0), counts that
/// are knobs (Wi-Fi buffer numbers), per-release Kconfig spellings and start-up variants.

let languageLibrary: [String: String] = [
    "knobs.yaml": """
        knobs:
          BUFFERS: {default: 3, source: "test"}
          DYNAMIC: {default: 0, source: "test"}
          WIFI_RX: {default: 10, source: "test", kconfig: {">=4.4": ESP32_WIFI_STATIC_RX_BUFFER_NUM, ">=5.1": ESP_WIFI_STATIC_RX_BUFFER_NUM}}
          DEFINE: {default: 1, source: "test", kconfig: none}
        """,
    "components/idf-startup.yaml": """
        component: idf-startup
        source: "test: the main task"
        open:
          - {alloc: main_task, size: 4000, caps: "INTERNAL|8BIT"}
          - {alloc: main_task, size: 348, caps: "INTERNAL|8BIT"}
        """,
    "components/idf-4.4-startup.yaml": """
        component: idf-4.4-startup
        source: "test: the IDF 4.4 variant"
        open:
          - {alloc: main_task, size: 5000, caps: "INTERNAL|8BIT"}
        """,
    "components/micropython-startup.yaml": """
        component: micropython-startup
        source: "test: app_main returns"
        open:
          - {alloc: mp_task, size: 16384, caps: "INTERNAL|8BIT"}
          - {free: idf-startup/main_task}
        """,
    "components/micropython-1.20-startup.yaml": """
        component: micropython-1.20-startup
        source: "test: the 1.20 variant keeps the main task"
        open:
          - {alloc: mp_task, size: 16384, caps: "INTERNAL|8BIT"}
        """,
    "components/buffers.yaml": """
        component: buffers
        source: "test"
        parameters: {extra: 0}
        open:
          - {alloc: fixed, size: 1000, count: BUFFERS}
          - {alloc: switched, size: "2000 * (1 - DYNAMIC)"}
          - {alloc: optional, size: 500, count: extra}
        """,
    "buffers.yaml": "workload: buffers\nsource: test\nsteps:\n  - open: buffers\n",
]

func replayLibrary(_ files: [String: String], workload: String, idf: IDFVersion = IDFVersion(5, 4, 2),
                   firmware: String = "micropython-1.24", set: [(String, Int)] = []) throws -> SimulationReport {
    let library = try TemporaryLibrary(files: files)
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    return try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: idf, firmware: firmware,
                                                     workload: workload, knobs: set, firmwareMustBeListed: false),
                                   catalogue: catalogue, library: library.path)
}

@Test func countsAreExpressionsAndZeroSizesMakeNoAllocation() throws {
    let loader = WorkloadLoader(library: try TemporaryLibrary(files: languageLibrary).path)
    let workload = try loader.workload("buffers")
    let knobs = try loader.knobTable().defaults(on: IDFVersion(5, 4, 2))
    let allocs = { (t: Timeline) in t.events.compactMap { e -> (String, Int)? in
        if case .alloc(let site, let size, _) = e.kind { return (t.sites[Int(site)].name, size) } else { return nil } } }
    // BUFFERS = 3 → three blocks; DYNAMIC = 0 → the switched buffer exists; extra = 0 → none.
    let base = allocs(try Timeline(workload, knobs: knobs))
    #expect(base.filter { $0.0 == "fixed" }.count == 3)
    #expect(base.filter { $0.0 == "switched" }.map(\.1) == [2000])
    #expect(!base.contains { $0.0 == "optional" })
    // DYNAMIC = 1 → size 0 → malloc is never called; BUFFERS = 0 → no fixed buffer.
    var changed = knobs
    changed["DYNAMIC"] = 1
    changed["BUFFERS"] = 0
    let off = allocs(try Timeline(workload, knobs: changed))
    #expect(off.isEmpty)
}

@Test func aPortStartupFreesTheIDFMainTaskAcrossInstances() throws {
    // micropython-startup frees idf-startup/main_task: 4000 + 348 B come back.
    let report = try replayLibrary(languageLibrary, workload: "buffers")
    var files = languageLibrary
    files["components/micropython-startup.yaml"] = files["components/micropython-startup.yaml"]!
        .replacingOccurrences(of: "  - {free: idf-startup/main_task}", with: "")
    let keptMain = try replayLibrary(files, workload: "buffers")
    // Without the free the main task stays: on IDF 5.4.2 (size-class rounding) its blocks are
    // 4000 → 4096 and 348 → 352 B, plus two 4 B headers: 4456 B less free.
    #expect(report.result.steps[0].idfInternalFree - keptMain.result.steps[0].idfInternalFree == 4456)
}

@Test func startupVariantsAreChosenByRelease() throws {
    let loader = WorkloadLoader(library: try TemporaryLibrary(files: languageLibrary).path)
    #expect(try loader.startupComponent("idf", release: (5, 4))?.name == "idf-startup")
    #expect(try loader.startupComponent("idf", release: (5, 0))?.name == "idf-startup")
    #expect(try loader.startupComponent("idf", release: (4, 4))?.name == "idf-4.4-startup")
    #expect(try loader.startupComponent("idf", release: (4, 2))?.name == "idf-4.4-startup")
    #expect(try loader.startupComponent("micropython", release: (1, 19))?.name == "micropython-1.20-startup")
    #expect(try loader.startupComponent("micropython", release: (1, 21))?.name == "micropython-startup")
    #expect(try loader.startupComponent("pycom", release: (1, 20)) == nil)
    // Whatever file describes it, the instance is named idf-startup, so `free: idf-startup/…` works.
    let timeline = try StartupComponents.timeline(firmware: Firmware(parsing: "micropython-1.24")!, idf: IDFVersion(4, 4),
                                                       loader: loader, knobs: [:])
    let t = try #require(timeline)
    #expect(t.events.contains {
        guard case .free(let id) = $0.kind else { return false }
        return t.sites[Int(id)].instance == "idf-startup" && t.sites[Int(id)].name == "main_task"
    })
}

@Test func freeOfAnInstanceThatIsNotOpenIsADiagnostic() throws {
    var files = languageLibrary
    files["components/idf-startup.yaml"] = nil
    files["components/idf-4.4-startup.yaml"] = nil
    do {
        _ = try replayLibrary(files, workload: "buffers")
        Issue.record("freeing idf-startup/main_task without idf-startup must be refused")
    } catch let error as Diagnostic {
        #expect(error.what.contains("idf-startup"))
        #expect(error.file?.hasSuffix("micropython-startup.yaml") == true)
    }
}

@Test func knobsCarryTheirKconfigSpellingPerRelease() throws {
    let table = try WorkloadLoader(library: try TemporaryLibrary(files: languageLibrary).path).knobTable()
    let rx = try #require(table.knobs["WIFI_RX"])
    #expect(rx.kconfigName(on: IDFVersion(4, 4, 8)) == "ESP32_WIFI_STATIC_RX_BUFFER_NUM")
    #expect(rx.kconfigName(on: IDFVersion(5, 0, 2)) == "ESP32_WIFI_STATIC_RX_BUFFER_NUM")
    #expect(rx.kconfigName(on: IDFVersion(5, 1)) == "ESP_WIFI_STATIC_RX_BUFFER_NUM")
    #expect(table.knobs["BUFFERS"]?.kconfigName(on: IDFVersion(5, 4)) == "BUFFERS")
    #expect(table.knobs["DEFINE"]?.kconfigName(on: IDFVersion(5, 4)) == nil)
}

@Test func deviceFactsBindCoresAndUSB() throws {
    // Chip facts are boards.yaml data (cpuCores:, usbOTG:).
    let chips = try CatalogueLoader.load(path: repositoryCatalogue)
    func facts(_ chip: String) -> ChipFacts { chips.chip(named: chip)?.facts ?? ChipFacts(cpuCores: 0) }
    #expect(facts("ESP32").freeRTOSCores(singleCore: false) == 2)
    #expect(facts("ESP32").freeRTOSCores(singleCore: true) == 1)
    #expect(facts("ESP32-S3").freeRTOSCores(singleCore: false) == 2)
    #expect(facts("ESP32-S2").freeRTOSCores(singleCore: false) == 1)
    #expect(facts("ESP32-C3").freeRTOSCores(singleCore: false) == 1)
    #expect(facts("ESP32-S2").usbOTG && facts("ESP32-S3").usbOTG)
    #expect(!facts("ESP32").usbOTG && !facts("ESP32-C3").usbOTG)
    // They are facts of the device, not changes the user made: never listed as changed knobs.
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let r = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC_S3", idf: IDFVersion(5, 4, 2), workload: "boot-repl"),
                                    catalogue: catalogue, library: shippedLibrary)
    #expect(r.changedKnobs.isEmpty)
    // A single-core ESP32 build has one idle task and no IPC tasks: less IDF memory is used at boot.
    let dual = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2), workload: "boot-repl"),
                                       catalogue: catalogue, library: shippedLibrary)
    let single = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC-UNICORE", idf: IDFVersion(5, 4, 2), workload: "boot-repl"),
                                         catalogue: catalogue, library: shippedLibrary)
    #expect(single.changedKnobs.isEmpty)
    #expect(single.result.steps[0].idfInternalFree > dual.result.steps[0].idfInternalFree)
}
