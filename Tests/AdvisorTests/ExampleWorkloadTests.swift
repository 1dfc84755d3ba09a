import Foundation
import Testing
@testable import Model
@testable import Simulator
@testable import Advisor

/// docs/examples/: the workloads docs/workloads.md writes from scratch. Each loads, replays on the default board
/// and firmware, and does what the document says it does; the document names every step kind the loader reads.
@Suite("docs/examples and docs/workloads.md")
struct ExampleWorkloadTests {
    static let docs = URL(fileURLWithPath: repositoryCatalogue).deletingLastPathComponent().appendingPathComponent("docs").path

    static func examples() -> [String] {
        let folder = (docs as NSString).appendingPathComponent("examples")
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    @Test func thereAreExamples() {
        #expect(Self.examples().contains { $0.hasSuffix("/ble-sensor-gateway.yaml") })
    }

    /// Every example loads by path and replays to the end on ESP32_GENERIC with the default IDF and firmware.
    @Test(arguments: examples())
    func exampleLoadsAndFits(path: String) throws {
        let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
        let workload = try WorkloadLoader(library: shippedLibrary).workload(path)
        #expect(!workload.source.isEmpty)
        let board = try catalogue.board(named: "ESP32_GENERIC")
        let idf = try FirmwareResolution.defaultIDF(board: board, catalogue: catalogue)
        let report = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: idf, workload: path),
                                             catalogue: catalogue, library: shippedLibrary)
        #expect(report.result.fits, "\(path): \(report.result.firstFailure?.reason ?? "")")
        #expect(report.workload == workload.name)
    }

    /// The gateway: ten POSTs, each a TLS handshake with Wi-Fi and BLE on; the IDF low point is a handshake, and
    /// BLE costs IDF memory there (the same program without BLE has more free at its peak).
    @Test func gatewayPeaksAtAHandshakeAndBLECosts() throws {
        let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
        let path = (Self.docs as NSString).appendingPathComponent("examples/ble-sensor-gateway.yaml")
        let with = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2), workload: path),
                                           catalogue: catalogue, library: shippedLibrary)
        #expect(with.result.minimumInternalFreeStep.contains("TLS handshake"), "\(with.result.minimumInternalFreeStep)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "  - open: {component: ble, with: {attributes: 0, connections: 1}}\n    label: \"BLE active, sensor connected\"\n", with: "")
        let noBLE = NSTemporaryDirectory() + "gateway-no-ble-\(UUID().uuidString).yaml"
        try text.write(toFile: noBLE, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: noBLE) }
        let without = try SimulateCommand.run(SimulationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2), workload: noBLE),
                                              catalogue: catalogue, library: shippedLibrary)
        #expect(!without.result.steps.contains { $0.label.contains("BLE") })
        #expect(without.result.minimumInternalFree > with.result.minimumInternalFree + 16 * 1024,
                "BLE (NimBLE ≈ 32 KiB on 5.4.2) should lower the peak's free IDF memory")
    }

    /// The reference names every step kind and every top-level key the loader accepts.
    @Test func referenceCoversTheLanguage() throws {
        let text = try String(contentsOfFile: (Self.docs as NSString).appendingPathComponent("workloads.md"), encoding: .utf8)
        for kind in StepContext.stepKinds.components(separatedBy: ", ") {
            #expect(text.contains("| `\(kind)` |"), "docs/workloads.md does not describe the step kind \(kind)")
        }
        for key in ["workload", "source", "description", "calibration", "knobs", "steps", "label",
                    "component", "parameters", "open", "close", "alloc", "size", "caps", "count", "free", "as", "with", "keep", "times"] {
            #expect(text.contains("`\(key)") || text.contains(" \(key):"), "docs/workloads.md does not mention `\(key)`")
        }
    }
}
