import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// A throw-away workload library: knobs.yaml, components/, and workloads, written to a temp folder.
struct TemporaryLibrary {
    let path: String

    init(files: [String: String]) throws {
        path = NSTemporaryDirectory() + "heapfit-lib-\(UUID().uuidString)"
        for (name, text) in files {
            let file = (path as NSString).appendingPathComponent(name)
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }
}

let tinyLibrary: [String: String] = [
    "knobs.yaml": """
        knobs:
          MBEDTLS_SSL_IN_CONTENT_LEN: {default: 16384, source: "components/mbedtls/Kconfig"}
          MBEDTLS_SSL_OUT_CONTENT_LEN: {default: 4096, source: "components/mbedtls/Kconfig"}
        """,
    "components/tls.yaml": """
        component: tls
        source: "test double of the mbedTLS buffers (mp#8940 sequence: 16717, 4429)"
        open:
          - {alloc: in_buf, size: MBEDTLS_SSL_IN_CONTENT_LEN + 333}
          - {alloc: out_buf, size: MBEDTLS_SSL_OUT_CONTENT_LEN + 333}
        """,
    "components/hog.yaml": """
        component: hog
        source: "test: one block larger than any ESP32 heap"
        parameters: {bytes: 200000}
        open:
          - {alloc: block, size: bytes, caps: "INTERNAL|8BIT"}
        """,
    "fits.yaml": """
        workload: fits
        source: "test"
        steps:
          - open: tls
          - python: {bytes: 64, count: 100}
          - close: tls
          - python: {bytes: 1K, count: 10, keep: data}
        """,
    "fails.yaml": """
        workload: fails
        source: "test"
        steps:
          - open: tls
          - open: {component: hog, with: {bytes: 120000}}
        """,
]

func bootESP32Generic() throws -> BootedDevice {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    return try DeviceBoot.boot(catalogue: catalogue, boardName: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
}

@Test func replayOfAFittingWorkloadReportsEveryTopLevelStep() throws {
    let library = try TemporaryLibrary(files: tinyLibrary)
    let loader = WorkloadLoader(library: library.path)
    let workload = try loader.workload("fits")
    let knobs = try loader.knobTable().defaults(on: IDFVersion(5, 4, 2))
    let device = try bootESP32Generic()
    var replayer = try Replayer(system: IDFSystem(caps: device.caps, hooks: .micropython),
                                firmware: Firmware(parsing: "micropython-1.24")!, chip: "ESP32", spiram: false, startup: nil)
    #expect(replayer.gc.totalBytes == 56000)  // MICROPY_GC_INITIAL_HEAP_SIZE 56 KiB on ESP32 (f6d6308)
    let result = replayer.replay(try Timeline(workload, knobs: knobs))
    #expect(result.fits)
    #expect(result.steps.map(\.label) == ["open tls", "python: 100 objects", "close tls", "python: 10 objects kept as data"])
    // While TLS is open its two buffers (16717 + 4429 B) are out of the internal heaps.
    #expect(result.steps[0].idfInternalFree < result.steps[2].idfInternalFree - 21146)
    // The 100 transient objects are garbage but stay allocated until a collection, which never ran.
    #expect(result.steps[3].gc.used == 10 * 1024 + 100 * 64)
    #expect(result.gcAtStart.total == 56000)
}

@Test func replayNamesTheFirstFailingAllocation() throws {
    let library = try TemporaryLibrary(files: tinyLibrary)
    let loader = WorkloadLoader(library: library.path)
    let workload = try loader.workload("fails")
    let device = try bootESP32Generic()
    var replayer = try Replayer(system: IDFSystem(caps: device.caps, hooks: .micropython),
                                firmware: Firmware(parsing: "micropython-1.24")!, chip: "ESP32", spiram: false, startup: nil)
    let result = replayer.replay(try Timeline(workload, knobs: try loader.knobTable().defaults(on: IDFVersion(5, 4, 2))))
    let failure = try #require(result.firstFailure)
    #expect(failure.heap == .idf)
    #expect(failure.allocation == "hog/block")
    #expect(failure.size == 120000)
    #expect(failure.caps == "8BIT|INTERNAL")
    #expect(failure.step == 1)
    // Every INTERNAL|8BIT heap is a candidate; none has a 120000 B block (the largest is 110592).
    #expect(failure.largestAvailable.map(\.largestFreeBlock).max() == 110592)
    #expect(failure.holders.contains { $0.owner == "tls/in_buf" && $0.bytes == 16717 })
}

@Test func unknownKnobInAComponentIsADiagnosticWithFileAndLine() throws {
    var files = tinyLibrary
    files["components/tls.yaml"] = files["components/tls.yaml"]!.replacingOccurrences(of: "MBEDTLS_SSL_IN_CONTENT_LEN", with: "NO_SUCH_KNOB")
    let library = try TemporaryLibrary(files: files)
    let loader = WorkloadLoader(library: library.path)
    let workload = try loader.workload("fits")
    #expect(throws: Diagnostic.self) { try Timeline(workload, knobs: try loader.knobTable().defaults(on: IDFVersion(5, 4))) }
    do {
        _ = try Timeline(workload, knobs: try loader.knobTable().defaults(on: IDFVersion(5, 4)))
    } catch {
        #expect(error.file?.hasSuffix("components/tls.yaml") == true)
        #expect(error.line == 4)
        #expect(error.what.contains("NO_SUCH_KNOB"))
    }
}

@Test func includeCyclesAreRefused() throws {
    var files = tinyLibrary
    files["a.yaml"] = "workload: a\nsource: test\nsteps:\n  - include: b.yaml\n"
    files["b.yaml"] = "workload: b\nsource: test\nsteps:\n  - include: a.yaml\n"
    let library = try TemporaryLibrary(files: files)
    do {
        _ = try WorkloadLoader(library: library.path).workload("a")
        Issue.record("a cycle must be refused")
    } catch {
        #expect(error.what.contains("cycle"))
    }
}
