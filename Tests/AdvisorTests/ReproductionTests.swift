import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// Documented field reports, stated as: this board, this IDF, this firmware, this workload →
/// this outcome. Each test names its source and the tolerance it allows; the model's own
/// figures are pinned so that a change of the data or the engine shows up.

func simulate(_ workload: String, board: String = "ESP32_GENERIC", idf: IDFVersion, firmware: String? = nil,
              initialHeap: Int? = nil, knobs: [(String, Int)] = [], staticDRAM: Int? = nil) throws -> SimulationReport {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    // The field reports ran preview trees (v1.22-preview on IDF 5.0.2, v1.25+ master on 5.4.x, v1.15 on 4.3):
    // combinations no release lists, replayed as the reports ran them.
    return try SimulateCommand.run(SimulationRequest(board: board, idf: idf, firmware: firmware, workload: workload,
                                                     initialHeap: initialHeap, staticDRAM: staticDRAM, knobs: knobs,
                                                     firmwareMustBeListed: false),
                                   catalogue: catalogue, library: shippedLibrary)
}

/// A workload written for one test, next to nothing: its components come from the shipped library.
func temporaryWorkload(_ name: String, _ text: String) throws -> String {
    let folder = NSTemporaryDirectory() + "heapfit-repro-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = (folder as NSString).appendingPathComponent("\(name).yaml")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

func step(_ r: SimulationReport, _ label: String) throws -> StepRecord {
    try #require(r.result.steps.first { $0.label == label }, "no step '\(label)'")
}

func heap(_ s: StepRecord, at start: Int) throws -> HeapSample {
    try #require(s.heaps.first { $0.start == start }, "no heap at \(String(start, radix: 16))")
}

// MARK: - micropython#8940 (https://github.com/micropython/micropython/issues/8940)

/// ESP32 pico-D4, IDF 4.4, the old sizing of MicroPython 1.19/1.20. ESP32_GENERIC stands in for
/// the pico-D4 module until the catalogue has that board (same chip and IDF; the static DRAM of
/// ESP32_GENERIC on 4.4 is derived from this very dump).
///
/// Seed: the GC takes min(244072/2, 110592) = 110592 B; after Wi-Fi connect the largest IDF block
/// is 25600; 15616 while an http socket is open (9.75 KiB), 25600 again after close; at
/// wrap_socket the blocks are (22528, 13312, 1600); the https request then fails (OOM).
///
/// Tolerances: 13312 and 1600 exact; the drops caused by the socket (9.75 KiB open, 3 KiB
/// connected) within 512 B; the absolute largest-block figures within 4 KiB: the model's start-up
/// leaves 2.9 KiB more in the 0x3FFC9BA8 heap than the seed's dump shows (20332 B used before its
/// free block, 16.9 KiB explained), which carries into every later largest-block figure.
@Test func seedPicoD4OnIDF44FailsAtWrapSocket() throws {
    // The seed's own static DRAM (49224 B, derived from its dump; the catalogue's IDF 4.4 entry is now the interval
    // 49224–51320 B of the two published 4.4 trees).
    let r = try simulate("https-get", idf: IDFVersion(4, 4), firmware: "micropython-1.20", staticDRAM: 49224)
    // The GC area is 110592 B (A = 1688 ATB bytes → a 108032 B pool).
    #expect(r.result.gcAtStart.total == 108032)
    // The https request fails at wrap_socket, in the IDF heap, inside the TLS session.
    let failure = try #require(r.result.firstFailure)
    #expect(failure.label == "wrap_socket")
    #expect(failure.heap == .idf)
    #expect(failure.allocation.hasPrefix("tls/"))
    // The 6567th calloc of the recorded mbedTLS 2.16.12 session (IDF 4.4 ships 2.16.12; truth/mbedtls), a 372 B
    // bignum of the handshake's arithmetic (2.16 numbers every temporary of its modular exponentiation).
    #expect(failure.allocation == "tls/mbedtls#6567")
    #expect(failure.size == 372)

    let wifi = try step(r, "Wi-Fi connected"), open = try step(r, "http GET: socket open")
    let closed = try step(r, "http socket closed"), wrap = try step(r, "https: socket connected")
    // Pinned model figures.
    #expect(wifi.idfInternalLargest == 29184)
    #expect(open.idfInternalLargest == 18944)
    #expect(closed.idfInternalLargest == 29184)
    #expect(wrap.idfInternalLargest == 25600)
    // Against the seed.
    #expect(abs(wifi.idfInternalLargest - 25600) <= 4096)
    #expect(abs(open.idfInternalLargest - 15616) <= 4096)
    #expect(closed.idfInternalLargest == wifi.idfInternalLargest)  // "returns to 25600 after close"
    #expect(abs((wifi.idfInternalLargest - open.idfInternalLargest) - 9984) <= 512)
    #expect(abs((wifi.idfInternalLargest - wrap.idfInternalLargest) - 3072) <= 512)
    #expect(abs(wrap.idfInternalLargest - 22528) <= 4096)
    // The two other blocks at wrap_socket: the 14 KiB D/IRAM heap untouched, 1612 B next to the GC.
    #expect(try heap(wrap, at: 0x3FFE0440).largestFreeBlock == 13312)
    #expect(try heap(wrap, at: 0x3FFE4350).largestFreeBlock == 1600)
}

// MARK: - micropython#7214 (ESP32-S2: 51976 B left for the IDF)

/// mp#7214 (tom-van, 2021-05-04), MicroPython v1.15 era (IDF 4.3, GC = the whole largest block,
/// which that IDF reports rounded down to a power of two):
///   ESP32: [(7288,176,0,176), (16648,5608,4096,40), (94064,5684,4096,5664), (15072,13448,8192,13448),
///           (113840,112216,65536,112216)], GC total 64000 → 137132 B left for C malloc;
///   ESP32-S2: [(8148,140,0,140), (197736,38728,32768,34264), (14864,13108,8192,13108)], GC total
///           128000 → only 51976 B left, "exhausted just by connecting WiFi (STA mode with WPA2 PSK)
///           and WebREPL request from network".
/// The catalogue's ESP32_GENERIC_S2 is today's board (with PSRAM, no static size published), so the
/// S2 case runs on a fixture board: the catalogue's ESP32-S2 chip without PSRAM (the 2021 GENERIC_S2),
/// its static DRAM derived from the report's own 197736 B main heap (0x3FFFC000 − 197736 −
/// 0x3FFB4000 = 97176 B). Tolerances: IDF free after boot within 1 % (ESP32: 2 %); GC totals exact;
/// the largest blocks of the report's main heaps exact.
@Test func mp7214ESP32BootOnIDF43() throws {
    let r = try simulate("boot-repl", idf: IDFVersion(4, 3), firmware: "micropython-1.15")
    #expect(r.result.gcAtStart.total == 64000)
    let boot = try #require(r.result.steps.first)
    #expect(boot.idfInternalFree == 139352)
    #expect(abs(boot.idfInternalFree - 137132) * 50 <= 137132)
    #expect(try heap(boot, at: 0x3FFE4350).largestFreeBlock == 65536)
    #expect(try heap(boot, at: 0x3FFE0440).largestFreeBlock == 8192)
}

@Test func mp7214WiFiAndWebREPLNearlyExhaustTheS2() throws {
    let boards = try String(contentsOfFile: repositoryCatalogue, encoding: .utf8) + """

          - name: MP7214_GENERIC_S2
            chip: ESP32-S2
            source: "test fixture: the 2021 GENERIC_S2 board of mp#7214 (MicroPython v1.15: no PSRAM, memprot off)"
            features: {memprot: false}
            static:
              - idf: 4.3
                dram: {value: 97176, confidence: derived, source: "derived: 0x3FFFC000 − 197736 − 0x3FFB4000 from mp#7214's idf_heap_info"}

        """
    let path = NSTemporaryDirectory() + "heapfit-mp7214-\(UUID().uuidString).yaml"
    try boards.write(toFile: path, atomically: true, encoding: .utf8)
    let catalogue = try CatalogueLoader.load(path: path)
    let r = try SimulateCommand.run(SimulationRequest(board: "MP7214_GENERIC_S2", idf: IDFVersion(4, 3),
                                                      firmware: "micropython-1.15", workload: "wifi-webrepl",
                                                      firmwareMustBeListed: false),
                                    catalogue: catalogue, library: shippedLibrary)
    #expect(r.result.gcAtStart.total == 128000)
    let boot = try #require(r.result.steps.first)  // only Python objects so far: the IDF heaps as booted
    #expect(boot.idfInternalFree == 52200)
    #expect(abs(boot.idfInternalFree - 51976) * 100 <= 51976)
    #expect(try heap(boot, at: 0x3FFCBB98).largestFreeBlock == 32768)
    // Wi-Fi and the WebREPL connection use all but 2768 B (5 %); the report says they exhaust it.
    // The model does not fail: its Wi-Fi and WebREPL costs are estimates within a few KiB.
    let end = try step(r, "WebREPL request from the network")
    #expect(end.idfInternalFree == 2768)
    #expect(end.idfInternalFree < 4096)
    #expect(r.result.fits)
}

// MARK: - Split-heap growth (micropython-heap.md §1.4)

/// f6d6308: ESP32 starts with 56 KiB and "after the heap is grown one time the size is 111936
/// bytes" (the new area capped at max new split = 57344) or 112000 (uncapped, user logs).
@Test func growthFrom56KiBGives112000Uncapped() throws {
    let r = try simulate("gc-grow-once", idf: IDFVersion(5, 0, 2), firmware: "micropython-1.22")
    #expect(r.result.gcAtStart.total == 56000)
    #expect(r.result.gcAtEnd.total == 112000)
    #expect(r.result.gcAtEnd.areas == 2)
}

@Test func growthFrom56KiBGives111936WhenMaxNewSplitIs57344() throws {
    // A 54000 B block taken from the 113840 B D/IRAM heap leaves 58964 B there: its largest block
    // reads 57344 (tlsf_fit_size), below the 57360 B v1.22 sizing asks for, so the cap applies.
    let path = try temporaryWorkload("capped", """
        workload: capped
        source: "f6d6308 (111936) — the cap min(avail, total_heap) of gc_try_add_heap"
        steps:
          - open: {component: hog, with: {bytes: 54000}}
          - python: {bytes: 1008, count: 66, keep: data}
        """)
    let components = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("components")
    try FileManager.default.createDirectory(atPath: components, withIntermediateDirectories: true)
    try """
        component: hog
        source: "test: one block of a given size"
        calibration: "none"
        parameters: {bytes: 1000}
        open:
          - {alloc: block, size: bytes, source: "test"}
        """.write(toFile: (components as NSString).appendingPathComponent("hog.yaml"), atomically: true, encoding: .utf8)
    let r = try simulate(path, idf: IDFVersion(5, 0, 2), firmware: "micropython-1.22")
    #expect(r.result.gcAtEnd.total == 111936)
}

/// 64 KiB → 64000 → 128000 (mp#13219: "initial area 65536 … subsequent allocation is also 65536").
/// The added area's pool depends on the address malloc returns (gc_add aligns the end down to 16
/// after a 32 B header): 64000 B when it is 16-aligned, 63936 B (one ATB byte less) otherwise —
/// micropython-heap.md §1.2 and its open points (±64 B is normal). Here the second area starts at
/// 0x3FFE46BC (≡ 12 mod 16), the first block of the 113840 B D/IRAM heap, hence 127936.
@Test func growthFrom64KiBGives128000() throws {
    let r = try simulate("gc-grow-once", idf: IDFVersion(5, 0, 2), firmware: "micropython-1.22", initialHeap: 64 * 1024)
    #expect(r.result.gcAtStart.total == 64000)
    #expect(r.result.gcAtEnd.total == 127936)
    #expect(abs(r.result.gcAtEnd.total - 128000) <= 64)
}

/// f6d6308: "after the heap is grown one time … with about 40k left for the IDF. That's enough to
/// start WiFi and do a HTTPS request." With Wi-Fi connected and the heap grown once, the model
/// leaves 42544 B of internal IDF memory on IDF 5.0.2 (within 15 % of 40 KiB; the commit was
/// measured on IDF 5.0.4, v1.22's release, which the catalogue does not carry yet). The HTTPS
/// request that follows does not fit in the model: the mbedTLS and lwIP costs calibrated on
/// micropython#8940 (≈ 43 KiB at the handshake peak with that seed's 3-certificate RSA chain, plus
/// the socket) exceed 40 KiB — the two sources disagree unless the commit's server made a
/// lighter handshake. Pinned here, reported in the notes.
@Test func v122KeepsAbout40kForTheIDFAfterOneGrowth() throws {
    let path = try temporaryWorkload("wifi-grow-https", """
        workload: wifi-grow-https
        source: "f6d6308 commit message"
        steps:
          - open: wifi-sta
            label: "Wi-Fi connected"
          - python: {bytes: 1008, count: 66, keep: data}
            label: "heap grown once"
          - open: {component: tcp-socket, as: sock}
            label: "connect"
          - open: {component: tls-session, as: tls}
            label: "TLS handshake"
        """)
    let r = try simulate(path, idf: IDFVersion(5, 0, 2), firmware: "micropython-1.22")
    let grown = try step(r, "heap grown once")
    #expect(grown.gc.total == 112000)
    #expect(grown.idfInternalFree == 42544)
    #expect(abs(grown.idfInternalFree - 40960) * 100 <= 15 * 40960)
    // With the recorded session (the server's frames leave lwIP as mbedTLS reads them) one HTTPS request fits in
    // those ~40 KiB, as the commit says; the frames held across the whole handshake made it fail before.
    #expect(r.result.fits, "\(String(describing: r.result.firstFailure))")
    #expect(r.result.minimumInternalFree > 0 && r.result.minimumInternalFree < 8192)
}

// MARK: - Pycom (https://community.hiveeyes.org/t/investigating-random-core-panics-on-pycom-esp32-devices/2480)

/// C code in Pycom's Servers task calls m_malloc(28) while a collection holds the GC lock:
/// "memory allocation failed, heap is locked".
@Test func pycomServersTaskMeetsALockedHeap() throws {
    let r = try simulate("pycom-ftp-gc", idf: IDFVersion(4, 4), firmware: "pycom-1.20")
    #expect(r.firmware.description == "pycom-1.20")
    let failure = try #require(r.result.firstFailure)
    #expect(failure.heap == .python)
    #expect(failure.size == 28)
    #expect(failure.reason == "MemoryError: memory allocation failed, heap is locked")
    #expect(failure.cause == .gcLocked)
    #expect(failure.label.hasPrefix("gc.collect() while the Servers task"))
    // Everything before it fits: the heap has room, it is only locked.
    #expect(r.result.steps.count == 5)
}

// MARK: - TLS on IDF 5.4 (https://github.com/micropython/micropython/issues/16650)

/// Two HTTPS requests to two endpoints with the default initial heap (56 KiB) on ESP32_GENERIC.
/// The user's IDF 5.4 (5.4.0) and 5.3 have no static sizes in the catalogue; 5.4.1 and 5.4.2 do.
/// Recorded verdicts and margins (the user's workaround values are withheld and not guessed):
/// with a small program both fit, 5.4.2 with 1952 B more headroom (its static DRAM is 2188 B
/// smaller); once the program's objects make the GC heap grow before the requests, neither fits.
/// The low-water mark is event by event, so it includes the handshake's transient peak
/// (55964 / 57916 B with the recorded mbedTLS 3.6.2 / 3.6.3 sessions, the server's frames leaving lwIP as they are read).
@Test func tlsTwoEndpointsOnIDF54() throws {
    let r541 = try simulate("https-get-x2", idf: IDFVersion(5, 4, 1), firmware: "micropython-1.25")
    let r542 = try simulate("https-get-x2", idf: IDFVersion(5, 4, 2), firmware: "micropython-1.25")
    #expect(r541.result.fits && r542.result.fits)
    #expect(r541.result.minimumInternalFree == 55964)
    #expect(r542.result.minimumInternalFree == 57916)
    #expect(r541.result.minimumInternalLargest == 57344)
    #expect(r542.result.minimumInternalLargest == 59392)
    let grown = try temporaryWorkload("grown-https", """
        workload: grown-https
        source: "the seed's two requests after the program's objects made the heap grow once"
        steps:
          - python: {bytes: 1008, count: 66, keep: data}
          - include: \(shippedLibrary)/https-get-x2.yaml
        """)
    for idf in [IDFVersion(5, 4, 1), IDFVersion(5, 4, 2)] {
        let r = try simulate(grown, idf: idf, firmware: "micropython-1.25")
        #expect(r.result.firstFailure?.label == "GET #1: TLS handshake", "IDF \(idf)")
    }
}
