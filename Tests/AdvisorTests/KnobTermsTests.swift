import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// The Wi-Fi and lwIP knobs enter the sizes of `tcp-socket` and `tls-session` as caps
/// (`min(count, what the traffic needs)`), so a smaller level can only lower the peak; and
/// MBEDTLS_DYNAMIC_BUFFER allocates the handshake's record buffers per step
/// (esp-idf components/mbedtls/port/dynamic @ v5.4.2) instead of none at all.

/// The IDF heap's low-water mark of https-get-x2 (event by event: the handshake's peak included).
private func lowWater(_ knobs: [(String, Int)], idf: IDFVersion = IDFVersion(5, 4, 2), firmware: String = "micropython-1.25",
                      library: String = shippedLibrary) throws -> Int {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let report = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: idf, firmware: firmware,
                                                           workload: "https-get-x2", initialHeap: nil, knobs: knobs,
                                                           firmwareMustBeListed: false),  // 1.25 on 5.4.2: a master build of 2025
                                         catalogue: catalogue, library: library)
    #expect(report.result.fits, "https-get-x2 with \(knobs) on IDF \(idf)")
    return report.result.minimumInternalFree
}

@Test("Lowering a traffic knob to its smallest level does not raise the https-get-x2 peak", arguments: [
    "ESP_WIFI_DYNAMIC_RX_BUFFER_NUM", "ESP_WIFI_DYNAMIC_TX_BUFFER_NUM", "LWIP_TCP_WND_DEFAULT",
    "LWIP_TCP_SND_BUF_DEFAULT", "LWIP_MAX_SOCKETS",
])
func smallestTrafficLevelDoesNotRaiseThePeak(knob: String) throws {
    let table = try WorkloadLoader(library: shippedLibrary).knobTable()
    let levels = try #require(table.knobs[knob]?.tuning?.levels, "\(knob) is not tuned")
    let smallest = try #require(levels.min())
    let base = try lowWater([])
    let low = try lowWater([(knob, smallest)])
    #expect(low >= base, "\(knob) = \(smallest): low-water \(low) B < \(base) B at the default")
}

/// The receive window bounds the server's frames held while the Certificate record is read (2 of the flight's 4
/// at 2880 B), not the handshake's peak: by the signature and ECDHE arithmetic mbedTLS has read all but the last
/// frame, so a smaller window changes the low-water mark by less than one frame, and never lowers it.
@Test func aSmallerReceiveWindowBarelyMovesTheHandshakePeak() throws {
    let base = try lowWater([])
    let low = try lowWater([("LWIP_TCP_WND_DEFAULT", 2880)])
    #expect(low >= base && low - base < 1600 + 32, "window 2880: \(low) vs \(base)")
}

/// A copy of the shipped library whose tls-session makes no dynamic record buffers: the old
/// model of MBEDTLS_DYNAMIC_BUFFER = 1 (no buffers at all), as the lower bound.
private func libraryWithoutDynamicRecordBuffers() throws -> String {
    let folder = NSTemporaryDirectory() + "heapfit-knobterms-\(UUID().uuidString)"
    try FileManager.default.copyItem(atPath: shippedLibrary, toPath: folder)
    let path = (folder as NSString).appendingPathComponent("components/tls-session.yaml")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.contains("alloc: dyn_") && !$0.contains("free: dyn_") }
        // The recordings stay where they are: the copy names the shipped index by its full path.
        .map { $0.replacingOccurrences(of: "index: ../../truth/", with: "index: \(shippedLibrary)/../truth/") }
    #expect(kept.count < text.split(separator: "\n", omittingEmptySubsequences: false).count)
    try kept.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return folder
}

/// IDF 5.0.2 (MicroPython 1.22): MBEDTLS_SSL_PROTO_DTLS is off, so dynamic buffers are allowed.
@Test func dynamicBuffersCostMoreThanNoneAndLessThanStaticOnes() throws {
    let idf = IDFVersion(5, 0, 2)
    let firmware = "micropython-1.22"
    let staticBuffers = try lowWater([], idf: idf, firmware: firmware)
    let dynamic = try lowWater([("MBEDTLS_DYNAMIC_BUFFER", 1)], idf: idf, firmware: firmware)
    let none = try lowWater([("MBEDTLS_DYNAMIC_BUFFER", 1)], idf: idf, firmware: firmware,
                            library: try libraryWithoutDynamicRecordBuffers())
    // Peak larger than with no record buffers (at least the 4770 B ClientKeyExchange buffer),
    // smaller than with the static 16717 + 4429 B.
    #expect(dynamic < none, "dynamic \(dynamic) B free vs \(none) B with no record buffers")
    #expect(none - dynamic >= 4770, "dynamic \(dynamic) vs none \(none)")
    #expect(dynamic > staticBuffers, "dynamic \(dynamic) B free vs \(staticBuffers) B with static buffers")
    // Model figures on IDF 5.0.2 (B of internal heap free at the low-water mark; the recorded mbedTLS 3.3.0 session).
    #expect((staticBuffers, dynamic, none) == (61312, 77616, 82472))
}
