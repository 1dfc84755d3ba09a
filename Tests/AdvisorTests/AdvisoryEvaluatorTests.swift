import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// The shipped advisories apply where their sources say and not outside: each seed case is checked
/// on a scenario inside its conditions and on scenarios that differ in one condition.
@Suite("advisory evaluator")
struct AdvisoryEvaluatorTests {
    static let catalogue: Catalogue? = try? CatalogueLoader.load(path: repositoryCatalogue)

    func shipped() throws -> [Advisory] {
        try AdvisoryLibrary.load(library: shippedLibrary, catalogue: try #require(Self.catalogue))
    }

    /// The ids that apply when `request` is simulated with the shipped advisories.
    func ids(_ workload: String, board: String = "ESP32_GENERIC", idf: IDFVersion, firmware: String? = nil,
             initialHeap: Int? = nil, knobs: [(String, Int)] = []) throws -> [String] {
        // The seeds ran preview trees (a v1.22-preview on IDF 5.0.2): combinations no release lists.
        let r = try SimulateCommand.run(SimulationRequest(board: board, idf: idf, firmware: firmware, workload: workload,
                                                          initialHeap: initialHeap, knobs: knobs, firmwareMustBeListed: false),
                                        catalogue: try #require(Self.catalogue), library: shippedLibrary, advisories: try shipped())
        return r.advisories.map(\.id)
    }

    /// A context by hand, for conditions the catalogue has no scenario for.
    func context(chip: String = "ESP32", psram: Bool = false, idf: IDFVersion = IDFVersion(5, 4, 2), firmware: String,
                 features: Set<WorkloadFeature>, initialHeap: Int? = nil, knobs: [String: Int] = [:],
                 grew: Bool? = false, fits: Bool? = true) throws -> [String] {
        let c = AdvisoryContext(chip: chip, psram: psram, idf: idf, firmware: try #require(Firmware(parsing: firmware)),
                                features: features, initialHeap: initialHeap, knobs: knobs, grew: grew, fits: fits)
        return AdvisoryEvaluator.applicable(try shipped(), to: c).map(\.id)
    }

    // MARK: micropython#16650 and #17724 (TLS on IDF 5.4, the 5.4.2 update)

    @Test func idf54TLSAdvisoryAppliesOn541WithTheDefaultHeapOnly() throws {
        let id = "idf54-tls-default-heap"
        #expect(try ids("https-get-x2", idf: IDFVersion(5, 4, 1)).contains(id))
        // The releases MicroPython moved to (5.4.2) and a release before the report (5.0.2) are outside.
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 2)).contains(id))
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 0, 2), firmware: "micropython-1.22").contains(id))
        // The workaround (a smaller initial heap) takes it away; no TLS, no advisory.
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 1), initialHeap: 48 * 1024).contains(id))
        #expect(try !ids("boot-repl", idf: IDFVersion(5, 4, 1)).contains(id))
    }

    @Test func idf542BLEEventOrderNeedsBLE() throws {
        #expect(try ids("ble-peripheral-wifi", idf: IDFVersion(5, 4, 2)).contains("idf542-ble-event-order"))
        #expect(try !ids("ble-peripheral-wifi", idf: IDFVersion(5, 4, 1)).contains("idf542-ble-event-order"))
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 2)).contains("idf542-ble-event-order"))
    }

    // MARK: adafruit/circuitpython#9937 (safe mode of TLS servers)

    @Test func xtensaLongjmpRaceAppliesToCircuitPythonServersBefore10() throws {
        let id = "circuitpython-xtensa-longjmp-race"
        let server: Set<WorkloadFeature> = [.wifi, .server, .tls, .tlsServer, .socket]
        #expect(try context(chip: "ESP32-S3", firmware: "circuitpython-9.2", features: server).contains(id))
        #expect(try context(chip: "ESP32-S2", firmware: "circuitpython-9.2", features: server).contains(id))
        #expect(try !context(chip: "ESP32-S3", firmware: "circuitpython-10.0", features: server).contains(id))  // fixed in 10.0.0
        #expect(try !context(chip: "ESP32-C3", firmware: "circuitpython-9.2", features: server).contains(id))   // RISC-V
        #expect(try !context(chip: "ESP32-S3", firmware: "micropython-1.24", features: server).contains(id))
        #expect(try !context(chip: "ESP32-S3", firmware: "circuitpython-9.2", features: [.wifi, .tls, .socket]).contains(id))
    }

    @Test func theHTTPSServerWorkloadIsATLSServer() throws {
        let w = try WorkloadLoader(library: shippedLibrary).workload("https-server")
        let f = WorkloadFeatures.of(w)
        #expect(f.isSuperset(of: [.tlsServer, .server, .tls, .wifi]))
        #expect(!f.contains(.tlsConcurrent))  // its browsers are served one after the other
    }

    // MARK: Pycom locked-heap panics (community.hiveeyes.org thread 2480)

    @Test func gcAllocationFromAnotherTaskAppliesToThePycomCase() throws {
        let pycom = try ids("pycom-ftp-gc", idf: IDFVersion(4, 4), firmware: "pycom-1.20")
        #expect(pycom.contains("gc-alloc-from-other-task"))
        #expect(pycom.contains("pycom-servers-task-gc-heap"))
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 2)).contains("gc-alloc-from-other-task"))
        #expect(try !ids("https-get", idf: IDFVersion(4, 4), firmware: "micropython-1.20").contains("pycom-servers-task-gc-heap"))
    }

    // MARK: micropython docs/esp8266/general.rst

    @Test func axTLSAdvisoryNeedsTheESP8266PortAndTLS() throws {
        let tls: Set<WorkloadFeature> = [.wifi, .socket, .tls, .axtls]
        #expect(try context(chip: "ESP8266", firmware: "micropython-esp8266-1.24", features: tls).contains("esp8266-axtls-in-gc-heap"))
        #expect(try !context(chip: "ESP8266", firmware: "micropython-esp8266-1.24", features: [.wifi, .socket])
            .contains("esp8266-axtls-in-gc-heap"))
        #expect(try !context(firmware: "micropython-1.24", features: tls).contains("esp8266-axtls-in-gc-heap"))
    }

    // MARK: micropython#8940 and the field reports of docs/domain/micropython-heap.md §7

    @Test func concurrentTLSIsDerivedFromParallelHandshakes() throws {
        #expect(try ids("tls-x2-concurrent", idf: IDFVersion(5, 4, 2), initialHeap: 48 * 1024).contains("concurrent-tls-without-psram"))
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 2)).contains("concurrent-tls-without-psram"))
        let loader = WorkloadLoader(library: shippedLibrary)
        #expect(WorkloadFeatures.peakOpen(try loader.workload("tls-x2-concurrent"), where: WorkloadFeatures.isTLSSession) == 2)
        #expect(WorkloadFeatures.peakOpen(try loader.workload("https-get-x2"), where: WorkloadFeatures.isTLSSession) == 1)
    }

    @Test func splitHeapGrowthAdvisoryFollowsTheReplay() throws {
        // gc-grow-once makes the heap grow once (ReproductionTests: 56000 → 112000).
        #expect(try ids("gc-grow-once", idf: IDFVersion(5, 0, 2), firmware: "micropython-1.22").contains("split-heap-growth-takes-idf-memory"))
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 2)).contains("split-heap-growth-takes-idf-memory"))
    }

    @Test func oldSizingAdvisoriesFollowFirmwareAndIDF() throws {
        // mp#7214: MicroPython ≤ 1.18 takes the largest block; IDF 4.3–4.3.1 rounds it to a power of two.
        let boot = try ids("wifi-webrepl", idf: IDFVersion(4, 3), firmware: "micropython-1.15")
        #expect(boot.contains("micropython-gc-takes-largest-block"))
        #expect(boot.contains("idf43-largest-block-power-of-two"))
        #expect(try !ids("https-get", idf: IDFVersion(4, 4), firmware: "micropython-1.20").contains("idf43-largest-block-power-of-two"))
        #expect(try !ids("https-get", idf: IDFVersion(4, 4), firmware: "micropython-1.20").contains("micropython-gc-takes-largest-block"))
    }

    @Test func knobConditionsFollowTheKnobsInEffect() throws {
        let small = try ids("https-get-x2", idf: IDFVersion(5, 4, 2), knobs: [("MBEDTLS_SSL_IN_CONTENT_LEN", 4096)])
        #expect(small.contains("mbedtls-in-buffer-below-16k"))
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 2)).contains("mbedtls-in-buffer-below-16k"))
        let symmetric = try ids("https-get-x2", idf: IDFVersion(5, 4, 2), knobs: [("MBEDTLS_SSL_OUT_CONTENT_LEN", 16384)])
        #expect(symmetric.contains("mbedtls-symmetric-buffers"))
        // MBEDTLS_SSL_PROTO_DTLS is 1 by default from IDF 5.2 (knobs.yaml), and 0 when set so.
        #expect(try ids("https-get-x2", idf: IDFVersion(5, 4, 2)).contains("mbedtls-dynamic-buffer-needs-no-dtls"))
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 2), knobs: [("MBEDTLS_SSL_PROTO_DTLS", 0)])
            .contains("mbedtls-dynamic-buffer-needs-no-dtls"))
    }

    @Test func psramAndChipConditions() throws {
        #expect(try ids("https-get-x2", board: "ESP32_GENERIC-SPIRAM", idf: IDFVersion(5, 4, 2)).contains("psram-gc-heap-in-psram"))
        #expect(try !ids("https-get-x2", idf: IDFVersion(5, 4, 2)).contains("psram-gc-heap-in-psram"))
        #expect(try context(chip: "ESP32-C2", firmware: "micropython-1.25", features: [.tls]).contains("c2-tls-needs-free-ram-config"))
        #expect(try !context(chip: "ESP32-C2", firmware: "micropython-1.26", features: [.tls]).contains("c2-tls-needs-free-ram-config"))
    }

    @Test func advisoriesComeMostSevereFirstThenById() throws {
        let list = try ids("https-get-x2", idf: IDFVersion(5, 4, 1), knobs: [("MBEDTLS_SSL_IN_CONTENT_LEN", 4096)])
        #expect(list == ["idf54-tls-default-heap", "mbedtls-in-buffer-below-16k", "idf54-size-class-rounding",
                         "mbedtls-dynamic-buffer-needs-no-dtls"])
    }

    @Test func outcomeConditionsDoNotHoldWithoutAReplay() throws {
        let a = Advisory(id: "x", title: "x", advice: "x", severity: .low, conditions: AdvisoryConditions(fits: false),
                         source: AdvisorySource(domain: "d", upstream: "u"), line: 1)
        let c = AdvisoryContext(chip: "ESP32", psram: false, idf: IDFVersion(5, 4, 2), firmware: Firmware.newest(.micropython),
                                features: [], initialHeap: nil, knobs: [:], grew: nil, fits: nil)
        #expect(!AdvisoryEvaluator.applies(a, to: c))
        var failed = c
        failed.fits = false
        #expect(AdvisoryEvaluator.applies(a, to: failed))
    }

    @Test func firmwarePortsAgreeWithTheSimulator() {
        #expect(Set(FirmwareRange.ports) == Set(Firmware.Port.allCases.map(\.rawValue)))
    }
}
