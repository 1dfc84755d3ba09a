import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// MicroPython's ESP8266 port (docs/domain/micropython-heap.md §5): a static 38 KiB GC array, axTLS in
/// the GC heap, the closed SDK heap modelled as a byte budget above .bss.

private func simulate8266(_ workload: String, staticDRAM: Int? = nil, firmware: String? = nil) throws -> SimulationReport {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    return try SimulateCommand.run(SimulationRequest(board: "ESP8266_GENERIC", idf: DeviceBoot.nonOSRelease, firmware: firmware,
                                                     workload: workload, staticDRAM: staticDRAM),
                                   catalogue: catalogue, library: shippedLibrary)
}

/// mp#6086 and mp#5949 (MicroPython v1.12 on ESP8266): "GC: total: 37952", and mp#6086's
/// "GC memory layout; from 3ffeedc0" — the pool start. Exact.
@Test func esp8266GCPoolMatchesTheReportedMemInfo() throws {
    let r = try simulate8266("esp8266-https-get")
    #expect(r.result.gcAtStart.total == 37952)
    #expect(r.result.gcAtEnd.areas == 1)
    let replayer = try esp8266Replayer()
    #expect(replayer.gc.areas.first?.poolStart == 0x3FFE_EDC0)
}

private func esp8266Replayer() throws -> Replayer {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let device = try DeviceBoot.boot(catalogue: catalogue, boardName: "ESP8266_GENERIC", idf: DeviceBoot.nonOSRelease)
    return try Replayer(system: IDFSystem(caps: device.caps, hooks: .micropython),
                        firmware: Firmware.newest(.micropythonESP8266), chip: "ESP8266", spiram: false, startup: nil)
}

/// The SDK heap is [_heap_start, _heap_end): 0x3FFFC000 − (0x3FFE8000 + static DRAM) (esp8266_common.ld);
/// TLS on this port takes nothing from it, so its low-water mark is the whole heap.
@Test func esp8266TLSLivesInTheGCHeapNotTheSDKHeap() throws {
    let r = try simulate8266("esp8266-https-get", staticDRAM: 60 * 1024)
    #expect(r.result.fits)
    #expect(r.nonOSNotes != nil)
    #expect(r.system == "NONOS SDK")
    #expect(r.result.minimumInternalFree == 0x3FFF_C000 - (0x3FFE_8000 + 60 * 1024))
    // During each handshake axTLS holds its record buffer (RT_MAX_PLAIN_LENGTH + RT_EXTRA + 5 = 5125 B,
    // 5136 B in GC blocks) and the handshake temporaries: the GC peak is well above what stays.
    let handshake = try step(r, "GET #1: TLS handshake")
    let connected = try step(r, "GET #1: socket connected")
    #expect(handshake.gc.used - connected.gc.used >= 5136 + 160 + 320)
    #expect(r.result.gcPeakUsed > handshake.gc.used + 4096)
}

/// Without a static DRAM figure the SDK heap is bounded by dram0_0_seg less the GC array alone.
@Test func esp8266UnknownStaticDRAMGivesAnUpperBoundOnTheSDKHeap() throws {
    let r = try simulate8266("esp8266-https-get")
    #expect(r.result.minimumInternalFree == 0x14000 - 38912)
    #expect(r.nonOSNotes?.first?.contains("estimated: lower bound") == true)
}

/// 30 KiB of retained Python data leave too little of the 37952 B pool for axTLS's 5 KiB record
/// buffer plus the handshake: the failure is in the GC heap, at the handshake.
@Test func esp8266HandshakeFailsInTheGCHeapWhenPythonHoldsTooMuch() throws {
    let path = try temporaryWorkload("esp8266-full", """
        workload: esp8266-full
        source: "test: retained data, then one TLS handshake"
        steps:
          - python: {bytes: 1024, count: 30, keep: data}
            label: "30 KiB of data kept"
          - open: {component: tls-session-axtls, as: tls}
            label: "TLS handshake"
        """)
    let r = try simulate8266(path)
    let f = try #require(r.result.firstFailure)
    #expect(f.label == "TLS handshake")
    #expect(f.heap == .python)
}

@Test func esp8266RefusesESPIDFComponentsAndFirmware() throws {
    #expect {
        _ = try simulate8266("https-get-x2")
    } throws: { error in
        "\(error)".contains("tcp-socket") && "\(error)".contains("NONOS SDK")
    }
    #expect {
        _ = try simulate8266("esp8266-https-get", firmware: "micropython-1.24")
    } throws: { error in "\(error)".contains("micropython-esp8266") }
    #expect {
        _ = try simulate("boot-repl", idf: IDFVersion(5, 4, 2), firmware: "micropython-esp8266-1.24")
    } throws: { error in "\(error)".contains("ESP8266 port") }
    #expect {
        _ = try simulate8266("esp8266-https-get", staticDRAM: 20000)
    } throws: { error in "\(error)".contains("38912 B GC array") }
}

@Test func recommendExplainsThatTheESP8266HeapIsFixed() throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    #expect {
        _ = try RecommendCommand.run(RecommendationRequest(board: "ESP8266_GENERIC"), catalogue: catalogue, library: shippedLibrary)
    } throws: { error in "\(error)".contains("static 38912 B array") && "\(error)".contains("heapfit simulate") }
}

/// Issue 17: the SDK heap does not move with the workload (ESP8266 workloads allocate only from the GC heap), so the
/// verdict says it speaks for the Python heap and that the SDK side is not modelled step by step — in text and JSON.
@Test func esp8266OutputSaysTheSDKHeapIsNotModelledStepByStep() throws {
    let r = try simulate8266("esp8266-https-get", staticDRAM: 60 * 1024)
    let sdk = Set(r.result.steps.map(\.idfInternalFree))
    #expect(sdk.count == 1, "the SDK heap is flat: \(sdk)")
    let text = SimulationTextEmitter.render(r)
    #expect(text.contains("Verdict: FITS in the Python heap (at most \(r.result.gcPeakUsed) B"))
    #expect(text.contains("The SDK heap (Wi-Fi, lwIP) is not modelled step by step"))
    #expect(!text.contains("lowest free SDK heap"))
    #expect(r.nonOSNotes?.contains(SimulateCommand.sdkNotModelled) == true)
    #expect(SimulationJSONEmitter.render(r).contains("The SDK heap is not modelled step by step"))
}
