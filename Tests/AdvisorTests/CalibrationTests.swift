import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

/// A probe log as a board running `workload` would print it, made from a replay's step records
/// (`idf_heap_info` as one tuple of the internal totals, `mem_info`, `gc.mem_alloc()`), shifted by
/// the board's offsets (IDF free, GC bytes of the script itself).
func probeLog(_ result: ReplayResult, workload: Workload, firmware: String, idfOffset: Int = 0, gcOffset: Int = 0,
              failAt: Int? = nil) -> String {
    var out = ["heapfit-probe: begin workload \(workload.name) firmware \(firmware) steps \(workload.steps.count)",
               "heapfit-probe: platform esp32 3.4.0; MicroPython v1.24.1 (simulated)",
               // Checkpoint 0, before the first step: the GC heap after start-up with the script's own objects.
               "heapfit-probe: checkpoint 0 start",
               "gc: mem_free \(result.gcAtStart.total - result.gcAtStart.used) mem_alloc \(result.gcAtStart.used + gcOffset)",
               "heapfit-probe: end 0"]
    for (k, r) in result.steps.enumerated() {
        let label = workload.steps[k].label ?? ProbeScript.describe(workload.steps[k].action)
        if k + 1 == failAt { out.append("heapfit-probe: error \(k + 1) OSError: [Errno 12] ENOMEM") }
        out.append("heapfit-probe: checkpoint \(k + 1) \(label)")
        let free = r.idfInternalFree + idfOffset
        out.append("idf_heap_info: [(200000, \(free), \(min(free, r.idfInternalLargest)), \(min(free, r.idfInternalLowWater)))]")
        let used = r.gc.used + gcOffset
        out.append("stack: 704 out of 15360")
        out.append("GC: total: \(r.gc.total + gcOffset), used: \(used), free: \(r.gc.total - r.gc.used)")
        out.append(" No. of 1-blocks: 10, 2-blocks: 3, max blk sz: 64, max free sz: \(r.gc.largestFreeRun)")
        out.append("gc: mem_free \(r.gc.total - r.gc.used) mem_alloc \(used)")
        out.append("heapfit-probe: end \(k + 1)")
        if k + 1 == failAt { break }
    }
    out.append("heapfit-probe: done")
    return out.joined(separator: "\n") + "\n"
}

/// Replays a workload given as YAML text (components from the shipped library).
func replay(yaml: String, board: String = "ESP32_GENERIC", idf: IDFVersion = IDFVersion(5, 4, 2),
            firmware: String = "micropython-1.24") throws -> (Workload, ReplayResult) {
    let loader = WorkloadLoader(library: repositoryWorkloads)
    let workload = try loader.workload(text: yaml, file: NSTemporaryDirectory() + "calibration-test.yaml")
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let device = try DeviceBoot.boot(catalogue: catalogue, boardName: board, idf: idf)
    let scenario = try PreparedScenario(device: device, firmware: firmware, workload: workload, loader: loader, catalogue: catalogue,
                                        firmwareMustBeListed: false)
    return (workload, try scenario.run(initialHeap: nil, overrides: [:]).0)
}

func calibrate(_ log: String, workload: String = "https-get-x2") throws -> CalibrationReport {
    try CalibrateCommand.run(CalibrationRequest(board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2), firmware: "micropython-1.24",
                                                workload: workload, staticDRAM: nil, logFile: "probe.log", log: log,
                                                output: NSTemporaryDirectory() + "calibrated.yaml"),
                             catalogue: try CatalogueLoader.load(path: repositoryCatalogue), library: repositoryWorkloads)
}

@Suite("heapfit calibrate")
struct CalibrationTests {
    /// The board's program differs from the shipped workload by known amounts: each TLS session's server
    /// asks for a client certificate (tls-session `chain: mtls`, not the calibration's own `measured`
    /// component: the recorded mutual-TLS session holds `mtlsExtra` B more than the unverified rsa3 one on
    /// IDF 5.4.2), Wi-Fi holds 700 B more, and the Python steps make other objects; the board also has
    /// 3000 B less IDF memory and the script 2500 B of its own objects. Calibration recovers each within 256 B.
    @Test func recoversPerturbedSizes() throws {
        let loader = WorkloadLoader(library: repositoryWorkloads)
        var truth = try loader.workload("https-get-x2")
        for (i, s) in truth.steps.enumerated() {
            if case .open("tls-session", let instance, _) = s.action {
                truth.steps[i].action = .open(component: "tls-session", instance: instance, parameters: ["chain": 2])
            }
        }
        let session = try #require(try loader.shippedComponent("tls-session")).resolvingRecordings(idf: IDFVersion(5, 4, 2))
        let knobs = try loader.knobTable().defaults(on: IDFVersion(5, 4, 2))
        func held(chain: Int) -> Int {
            session.open.reduce(0) { total, op in
                guard case .recording(let r) = op.kind else { return total }
                return total + r.heldBytes(bindings: knobs.merging(session.parameters.merging(["chain": chain]) { $1 }) { $1 },
                                           choices: session.choices)
            }
        }
        let mtlsExtra = held(chain: 2) - held(chain: 0)
        #expect(mtlsExtra > 1000)
        let truthYAML = CalibrateCommand.calibratedYAML(truth, sizes: CalibrationSizes(componentExtra: ["wifi-sta": 700],
                                                                                       pythonBytes: [0: 1200, 4: 192, 10: 256]),
                                                        log: "truth", notes: [])
        let (truthWorkload, truthResult) = try replay(yaml: truthYAML)
        #expect(truthResult.fits)
        let log = probeLog(truthResult, workload: truthWorkload, firmware: "micropython-1.24", idfOffset: -3000, gcOffset: 2500)
        let report = try calibrate(log.replacingOccurrences(of: "workload https-get-x2-calibrated", with: "workload https-get-x2"))
        #expect(abs((report.sizes.componentExtra["tls-session"] ?? 0) - mtlsExtra) <= 256)
        #expect(abs((report.sizes.componentExtra["wifi-sta"] ?? 0) - 700) <= 256)
        #expect(report.sizes.componentExtra["tcp-socket"] == nil || abs(report.sizes.componentExtra["tcp-socket"] ?? 0) <= 256)
        // Python objects: within 256 B for the step's objects together.
        #expect(abs((report.sizes.pythonBytes[0] ?? 912) - 1200) * 3 <= 256)
        #expect(abs((report.sizes.pythonBytes[4] ?? 224) - 192) * 27 <= 256)
        #expect(abs((report.sizes.pythonBytes[10] ?? 224) - 256) * 27 <= 256)
        #expect(abs(report.idfOffset + 3000) <= 256)
        #expect(abs(report.gcOffset - 2500) <= 256)
        #expect(report.deviationBefore > 10_000)
        #expect(report.deviationAfter < report.deviationBefore / 10)
        // The calibrated workload is a workload: it loads and replays, and names the log.
        let (calibrated, result) = try replay(yaml: report.yaml)
        #expect(calibrated.source.contains("probe.log"))
        #expect(result.steps.count == truthResult.steps.count)
    }

    /// The calibrated YAML of unchanged sizes replays exactly like the original, for every shipped workload
    /// the probe can write: the writer loses nothing (steps, parameters, knobs, repeats, labels).
    @Test(arguments: ["https-get-x2", "mqtt-tls", "tls-x2-concurrent", "ble-peripheral-wifi", "softap-captive-portal", "gc-grow-once"])
    func unchangedSizesReplayTheSame(workload name: String) throws {
        let loader = WorkloadLoader(library: repositoryWorkloads)
        let original = try loader.workload(name)
        let (_, copy) = try replay(yaml: CalibrateCommand.calibratedYAML(original, sizes: CalibrationSizes(), log: "x", notes: []))
        let (_, direct) = try replay(yaml: try String(contentsOfFile: original.file, encoding: .utf8))
        // Same records but for the workload-file line each names (the writer lays the steps out its own way).
        func unlined(_ r: ReplayResult) -> [StepRecord] { r.steps.map { var s = $0; s.line = 0; return s } }
        #expect(unlined(copy) == unlined(direct))
        #expect(copy.steps.map(\.label) == direct.steps.map(\.label))
        #expect(copy.minimumInternalFree == direct.minimumInternalFree)
    }

    /// A log of the shipped workload itself needs no change.
    @Test func shippedLogNeedsNoChange() throws {
        let (workload, result) = try replay(yaml: try String(contentsOfFile: repositoryWorkloads + "/https-get-x2.yaml", encoding: .utf8))
        let report = try calibrate(probeLog(result, workload: workload, firmware: "micropython-1.24"))
        #expect(report.changes.isEmpty)
        #expect(report.deviationBefore == 0)
        #expect(report.deviationAfter == 0)
    }

    /// A failed step's checkpoint is shown with its exception, not fitted.
    @Test func failedStepIsNotFitted() throws {
        let (workload, result) = try replay(yaml: try String(contentsOfFile: repositoryWorkloads + "/https-get-x2.yaml", encoding: .utf8))
        let report = try calibrate(probeLog(result, workload: workload, firmware: "micropython-1.24", failAt: 4))
        #expect(report.points.count == 5)
        #expect(report.points.last?.fitted == false)
        #expect(report.notes.contains { $0.contains("ENOMEM") })
    }

    @Test func notAProbeLog() throws {
        #expect(throws: Diagnostic.self) { try calibrate("GC: total: 1000, used: 10, free: 990\n") }
    }
}
