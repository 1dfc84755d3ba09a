import Foundation
import Testing
import Model
@testable import Simulator
@testable import Advisor

let probeFixtures: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/probe").path

/// python3 on PATH (the stub runs need CPython; the machine `make test` runs on has it).
func python3() -> String? {
    for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let p = "\(dir)/python3"
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return nil
}

/// Runs `script` under CPython with the stand-in modules of Tests/Fixtures/probe/stub_runner.py and `figures`.
func runUnderStubs(_ script: String, figures: String) throws -> (status: Int32, output: String) {
    let python = try #require(python3(), "python3 is not on PATH")
    let dir = NSTemporaryDirectory() + "heapfit-probe-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try script.write(toFile: dir + "/probe.py", atomically: true, encoding: .utf8)
    try figures.write(toFile: dir + "/figures.json", atomically: true, encoding: .utf8)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = [probeFixtures + "/stub_runner.py", dir + "/figures.json", dir + "/probe.py"]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Figures JSON for the stub runner from a replay: one heap tuple of the internal totals per checkpoint,
/// checkpoint 0 first (the heaps before the first step: the first step's figures stand in).
func stubFigures(_ result: ReplayResult, failAt: Int? = nil) -> String {
    stubFigures(result, steps: Array(result.steps.indices), failAt: failAt)
}

/// The same for the checkpoints after the given top-level steps (0-based), in that order.
func stubFigures(_ result: ReplayResult, steps: [Int], failAt: Int? = nil) -> String {
    func row(_ r: StepRecord, gc: GCSample) -> String {
        "{\"heaps\": [[200000, \(r.idfInternalFree), \(r.idfInternalLargest), \(r.idfInternalLowWater)]], "
            + "\"gc_total\": \(gc.total), \"gc_used\": \(gc.used)}"
    }
    // Checkpoint 0: the first step's IDF heaps (the replay keeps none before it) and the GC heap at start.
    let rows = [row(result.steps[0], gc: result.gcAtStart)] + steps.map { row(result.steps[$0], gc: result.steps[$0].gc) }
    let fail = failAt.map { ", \"fail_at\": \($0), \"error\": [\"OSError\", -17040]" } ?? ""
    return "{\"checkpoints\": [" + rows.joined(separator: ", ") + "]" + fail + "}"
}

@Suite("heapfit probe scripts")
struct ProbeScriptTests {
    func script(_ workload: String, _ firmware: String, program: ProbeScript.Program = .workload) throws -> String {
        let w = try WorkloadLoader(library: repositoryWorkloads).workload(workload)
        return try ProbeScript.render(workload: w, firmware: try #require(Firmware(parsing: firmware)), program: program)
    }

    @Test func httpsGetOnMicroPython124() throws {
        let s = try script("https-get-x2", "micropython-1.24")
        #expect(s.contains("print(\"idf_heap_info:\", esp32.idf_heap_info(esp32.HEAP_DATA))"))
        #expect(s.contains("micropython.mem_info()"))
        #expect(s.contains("ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)"))
        #expect(s.contains("S[\"tls2\"] = ctx.wrap_socket(S[\"sock2\"], server_hostname=HOST)"))
        #expect(s.contains("(4, \"GET #1: TLS handshake\", step_4),"))
        #expect(s.contains("objects = [bytearray(896) for _ in range(3)]"))
        #expect(s.contains("heapfit-probe: begin workload https-get-x2 firmware micropython-1.24 steps %d"))
        #expect(s.components(separatedBy: "\ndef step_").count - 1 == 15)
    }

    @Test func olderMicroPythonWrapsWithTheModuleFunction() throws {
        let s = try script("https-get-x2", "micropython-1.20")
        #expect(s.contains("S[\"tls1\"] = ssl.wrap_socket(S[\"sock1\"], server_hostname=HOST)"))
        #expect(!s.contains("SSLContext"))
    }

    @Test func circuitPythonUsesEspidf() throws {
        let s = try script("https-get-x2", "circuitpython-9.2")
        #expect(s.contains("espidf.heap_caps_get_free_size()"))
        #expect(s.contains("wifi.radio.connect(WIFI_SSID, WIFI_PASSWORD)"))
        #expect(!s.contains("esp32.idf_heap_info"))
    }

    @Test func userProgramIsEmbedded() throws {
        let source = "import gc\nx = \"a \\\"quoted\\\" word\"\ncheckpoint(\"GET #1: TLS handshake\")\n"
        let s = try script("https-get-x2", "micropython-1.24", program: .main(file: "/home/u/main.py", source: source))
        #expect(s.contains("PROGRAM = \"import gc\\nx = \\\"a \\\\\\\"quoted\\\\\\\" word\\\"\\ncheckpoint("))
        #expect(s.contains("(1, \"main.py finished\", step_1),"))
    }

    @Test func esp8266IsRefused() throws {
        #expect(throws: Diagnostic.self) { try script("esp8266-https-get", "micropython-esp8266-1.24") }
    }

    /// The done-when of issue 15: the script runs (under CPython, with stand-ins printing a replay's figures),
    /// its output is read back checkpoint by checkpoint, and calibrating against it changes nothing.
    @Test(.enabled(if: python3() != nil, "python3 is not on PATH"))
    func scriptOutputRoundTrips() throws {
        let (workload, result) = try replay(yaml: try String(contentsOfFile: repositoryWorkloads + "/https-get-x2.yaml", encoding: .utf8))
        let run = try runUnderStubs(try script("https-get-x2", "micropython-1.24"), figures: stubFigures(result))
        #expect(run.status == 0, "\(run.output)")
        let logs = try ProbeLogParser.parse(ImportText(file: "probe.log", contents: run.output))
        let log = try #require(logs.first)
        #expect(log.workload == "https-get-x2")
        #expect(log.finished)
        #expect(log.checkpoints.count == workload.steps.count + 1)
        for (k, r) in result.steps.enumerated() {
            let p = log.checkpoints[k + 1]
            #expect(p.index == k + 1)
            #expect(p.idfFree == r.idfInternalFree)
            #expect(p.gcUsed == r.gc.used)
            #expect(p.memInfo?.gcTotal == r.gc.total)
        }
        let report = try calibrate(run.output)
        #expect(report.deviationBefore == 0)
        #expect(report.changes.isEmpty)
    }

    /// `--main`: the user's program runs between the first and last checkpoint and calls `checkpoint(label)`;
    /// calibrate matches those by label with the workload's steps.
    @Test(.enabled(if: python3() != nil, "python3 is not on PATH"))
    func userProgramCheckpointsMatchByLabel() throws {
        let (_, result) = try replay(yaml: try String(contentsOfFile: repositoryWorkloads + "/https-get-x2.yaml", encoding: .utf8))
        let source = "import socket\nconnections = []\ncheckpoint(\"Wi-Fi connected\")\ncheckpoint(\"GET #1: TLS handshake\")\n"
        let s = try script("https-get-x2", "micropython-1.24", program: .main(file: "main.py", source: source))
        // Printed: 0 start, 101 and 102 from the program, 1 "main.py finished" (the figures after the last step).
        let run = try runUnderStubs(s, figures: stubFigures(result, steps: [1, 3, 12]))
        #expect(run.status == 0, "\(run.output)")
        let log = try #require(try ProbeLogParser.parse(ImportText(file: "probe.log", contents: run.output)).first)
        #expect(log.checkpoints.map(\.index) == [0, 101, 102, 1])
        #expect(log.checkpoints.map(\.label) == ["start", "Wi-Fi connected", "GET #1: TLS handshake", "main.py finished"])
        let report = try calibrate(run.output)
        #expect(report.points.map(\.fitted) == [true, true, true, false])
        #expect(report.deviationBefore == 0)
        #expect(report.changes.isEmpty)
    }

    @Test(.enabled(if: python3() != nil, "python3 is not on PATH"))
    func failingStepPrintsItsException() throws {
        let (_, result) = try replay(yaml: try String(contentsOfFile: repositoryWorkloads + "/https-get-x2.yaml", encoding: .utf8))
        // Checkpoint 4 is the first TLS handshake: the stand-in raises there.
        let run = try runUnderStubs(try script("https-get-x2", "micropython-1.24"), figures: stubFigures(result, failAt: 4))
        let log = try #require(try ProbeLogParser.parse(ImportText(file: "probe.log", contents: run.output)).first)
        #expect(log.checkpoints.count == 5)
        #expect(log.failure?.index == 4)
        #expect(log.failure?.error?.type == "OSError")
        #expect(log.failure?.error?.text == "-17040")
    }
}
