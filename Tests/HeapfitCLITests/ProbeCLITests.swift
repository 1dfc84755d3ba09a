import Foundation
import Testing

@Suite("heapfit probe, calibrate, import --as-component (end to end)")
struct ProbeCLITests {
    func temporaryFolder() throws -> String {
        let dir = NSTemporaryDirectory() + "heapfit-probe-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func probeWritesTheScript() throws {
        let r = try runHeapfit(["probe", "--workload", "https-get-x2", "--firmware", "micropython-1.24"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("# heapfit probe for micropython-1.24"))
        #expect(r.stdout.contains("esp32.idf_heap_info(esp32.HEAP_DATA)"))
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let written = try runHeapfit(["probe", "--workload", "https-get-x2", "--firmware", "micropython-1.24", "--out", dir + "/p.py"])
        #expect(written.status == 0)
        #expect(written.stdout == "Wrote \(dir)/p.py: the probe script (run it with: mpremote run \(dir)/p.py > probe.log).\n")
        #expect(try String(contentsOfFile: dir + "/p.py", encoding: .utf8) == r.stdout)
        // Not over an existing file without --force.
        let again = try runHeapfit(["probe", "--workload", "https-get-x2", "--firmware", "micropython-1.24", "--out", dir + "/p.py"])
        #expect(again.status == 2)
    }

    @Test func runWithoutMpremoteIsAClearError() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try runHeapfit(["probe", "--workload", "https-get-x2", "--firmware", "micropython-1.24", "--run", "--out", dir + "/probe.log"],
                               environment: ["PATH": dir])
        #expect(r.status == 2)
        #expect(r.stderr.contains("mpremote is not on PATH"))
        #expect(r.stderr.contains("pip install mpremote"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/probe.log"))
    }

    @Test func badFirmwareAndUnwritableComponent() throws {
        let r = try runHeapfit(["probe", "--workload", "https-get-x2", "--firmware", "micropython"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is not a firmware release"))
    }

    /// A log as the stand-ins print it (Tests/Fixtures/probe/https-get-x2-stub.log, made by running the script
    /// `heapfit probe` wrote under stub_runner.py with a replay's figures moved by known amounts: see the
    /// fixtures' README): import reads every checkpoint, calibrate writes a workload simulate accepts.
    @Test func importCalibrateSimulate() throws {
        let log = probeFixturesCLI + "/https-get-x2-perturbed.log"
        let i = try runHeapfit(["import", log])
        #expect(i.status == 0, "\(i.stderr)")
        #expect(i.stdout.contains("heapfit probe output, lines 1–"))
        #expect(i.stdout.contains("14 checkpoints of 13 steps + start"))
        #expect(i.stdout.contains("   4  GET #1: TLS handshake "))
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/calibrated.yaml"
        let c = try runHeapfit(["calibrate", log, "--workload", "https-get-x2", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--out", out])
        #expect(c.status == 0, "\(c.stderr)")
        // The fixture was made from the figures of the tls-session before it replayed the mbedTLS recordings
        // (its README): calibration still runs and fits, the per-component amounts are not pinned until it is remade.
        #expect(c.stdout.contains("Σ |residual| of the fitted figures"))
        #expect(c.stdout.contains("Wrote \(out)"))
        let yaml = try String(contentsOfFile: out, encoding: .utf8)
        #expect(yaml.contains("source: \"https-get-x2-perturbed.log: "))
        let again = try runHeapfit(["calibrate", log, "--workload", "https-get-x2", "--out", out])
        #expect(again.status == 2)
        #expect(again.stderr.contains("--force"))
        #expect(try runHeapfit(["calibrate", log, "--workload", "https-get-x2", "--out", out, "--force"]).status == 0)
        for command in ["simulate", "recommend"] {
            let s = try runHeapfit([command, "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", out])
            #expect(s.status == 0 || s.status == 1, "\(command): \(s.stderr)")
            #expect(s.stdout.contains("https-get-x2-calibrated"))
        }
        let w = try runHeapfit(["whatif", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", out, "--to-set", "MBEDTLS_SSL_IN_CONTENT_LEN=8192"])
        #expect(w.status == 0 || w.status == 1, "\(w.stderr)")
    }

    @Test func heapTraceBecomesAComponent() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trace = importFixturesCLI + "/heap-trace-synthetic.txt"
        try FileManager.default.createDirectory(atPath: dir + "/components", withIntermediateDirectories: true)
        let r = try runHeapfit(["import", trace, "--as-component", "my-trace", "--out", dir + "/components/my-trace.yaml"])
        #expect(r.status == 0, "\(r.stderr)")
        try """
            workload: traced
            source: "test: the synthetic trace replayed"
            steps:
              - open: my-trace
                label: traced
              - close: my-trace
            """.write(toFile: dir + "/traced.yaml", atomically: true, encoding: .utf8)
        let s = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", dir + "/traced.yaml", "--json"])
        #expect(s.status == 0, "\(s.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let held = try #require(steps.first?["idfInternalFree"] as? Int)
        let after = try #require(steps.last?["idfInternalFree"] as? Int)
        // The two records the trace leaves alive (1600 + 16717 B) stay until close, with their block headers and
        // IDF 5.4.2's TLSF size-class rounding (16717 B takes a 17408 B block: 19016 B in all here).
        #expect(after - held >= 1600 + 16717)
        #expect(after - held <= 1600 + 16717 + 1024)
        let none = try runHeapfit(["import", importFixturesCLI + "/mem-info-split-heap-pr.txt", "--as-component", "x"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no heap_trace_dump() output"))
    }
}

let probeFixturesCLI: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/probe").path
let importFixturesCLI: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/imports").path
