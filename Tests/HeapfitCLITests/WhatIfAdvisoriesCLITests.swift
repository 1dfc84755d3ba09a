import Foundation
import Testing

/// `heapfit whatif`, and the advisories `simulate` and `recommend` print, run as a user runs them:
/// the built binary, its output and its exit code (0 fits / 1 does not fit / 2 bad input).
@Suite("whatif and advisories, end to end")
struct WhatIfAdvisoriesCLITests {
    static let base = ["whatif", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", "https-get-x2"]

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func threeTLSSessionsDoNotFitAndExitOne() throws {
        let r = try runHeapfit(Self.base + ["--tls", "3"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[1] == "Changes: --tls 3 (together)")
        #expect(lines[2] == "Verdict: baseline fits; changed does not fit.")
        let verdict = try #require(lines.first { $0.hasPrefix("verdict ") })
        #expect(verdict.hasSuffix("fits → does not fit"))
        let failure = try #require(lines.first { $0.hasPrefix("first failure ") })
        // In the first added session (its IN buffer, or a frame of the server's flight that no longer finds a block).
        #expect(failure.contains("step 8: tls1/"), "\(failure)")
        #expect(r.stdout.contains("concurrent-tls-without-psram"))
        #expect(r.stderr.isEmpty)
    }

    @Test func jsonCarriesBothColumnsAndTheDelta() throws {
        let r = try runHeapfit(["whatif", "--board", "ESP32_GENERIC", "--idf", "5.4.1", "--workload", "https-get-x2",
                                "--to-idf", "5.4.2", "--json"])
        #expect(r.status == 0)
        let doc = try json(r.stdout)
        #expect(doc["fits"] as? Bool == true)
        let baseline = try #require(doc["baseline"] as? [String: Any])
        let changed = try #require((doc["changed"] as? [[String: Any]])?.first)
        #expect(baseline["idf"] as? String == "5.4.1" && changed["idf"] as? String == "5.4.2")
        // ReproductionTests pins the lowest free internal memory at 55964 (5.4.1) and 57916 B (5.4.2).
        #expect(baseline["idfLowestFree"] as? Int == 55964)
        #expect(changed["idfLowestFree"] as? Int == 57916)
        let delta = try #require(changed["delta"] as? [String: Any])
        #expect(delta["idfLowestFree"] as? Int == 1952)
        #expect(delta["staticDRAM"] as? Int == -2188)  // 53948 − 56136, the 5.4.2 PR's table
        #expect(changed["firstFailure"] is NSNull)
        // The 5.4 TLS advisory stood in for the seed report while the model could not reproduce it; it is reproduced,
        // so the advisory is gone; the size-class rounding of 5.4+ applies to both columns.
        let advisories = try #require(doc["advisories"] as? [[String: Any]])
        #expect(!advisories.contains { $0["id"] as? String == "idf54-tls-default-heap" })
        let rounding = try #require(advisories.first { $0["id"] as? String == "idf54-size-class-rounding" })
        #expect(rounding["columns"] as? [String] == ["baseline", "changed"])
        // Deterministic: the same inputs give the same bytes.
        #expect(try runHeapfit(["whatif", "--board", "ESP32_GENERIC", "--idf", "5.4.1", "--workload", "https-get-x2",
                                "--to-idf", "5.4.2", "--json"]).stdout == r.stdout)
    }

    @Test func eachPrintsOneColumnPerChange() throws {
        let r = try runHeapfit(Self.base + ["--to-initial-heap", "48K", "--add", "ble", "--each", "--json"])
        #expect(r.status == 0)
        let changed = try #require(try json(r.stdout)["changed"] as? [[String: Any]])
        #expect(changed.map { $0["name"] as? String } == ["--to-initial-heap 49152", "--add ble"])
        #expect(changed[0]["pythonHeapAtStart"] as? Int == 48000)
        #expect(changed[1]["workload"] as? String == "https-get-x2 + ble")
    }

    @Test func badInputExitsTwoWithOneParagraph() throws {
        let component = try runHeapfit(Self.base + ["--add", "bluetooth"])
        #expect(component.status == 2)
        #expect(component.stderr.hasPrefix("heapfit whatif: Unknown component 'bluetooth' given with --add. Expected one of ble,"))
        #expect(component.stderr.split(separator: "\n").count == 1)
        #expect(component.stdout.isEmpty)
        let nothing = try runHeapfit(Self.base)
        #expect(nothing.status == 2)
        #expect(nothing.stderr.hasPrefix("heapfit whatif: Nothing to compare"))
        let tls = try runHeapfit(Self.base + ["--tls", "many"])
        #expect(tls.status == 2)
        #expect(tls.stderr.contains("is not a number of TLS sessions"))
        let size = try runHeapfit(Self.base + ["--less-ram", "-8K"])
        #expect(size.status == 2)
        #expect(size.stderr.contains("is not a size in bytes"))
    }

    @Test func simulatePrintsTheAdvisoriesThatApply() throws {
        // Two small requests fit on 5.4.1; the advisories that apply are printed with the verdict.
        let text = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.1", "--workload", "https-get-x2"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("\nAdvisories (known defects and pitfalls that apply):\n  LOW    idf54-size-class-rounding: "))
        let json = try json(try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.1", "--workload", "https-get-x2",
                                            "--json"]).stdout)
        let ids = try #require(json["advisories"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids == ["idf54-size-class-rounding", "mbedtls-dynamic-buffer-needs-no-dtls"])
        #expect(json["fits"] as? Bool == true)
        #expect(json["fieldFailure"] == nil)
        // The seed's own program at the default 56 KiB fails by simulation (exit 1), in the handshake.
        let seed = try runHeapfit(["simulate", "--board", "ESP32_GENERIC-OTA", "--idf", "5.4", "--firmware", "micropython-1.25",
                                   "--workload", "nfc-player-https", "--initial-heap", "56K"])
        #expect(seed.status == 1)
        #expect(seed.stdout.contains("Verdict: DOES NOT FIT — step") && seed.stdout.contains("\"GET #1: TLS handshake\""))
        let pycom = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "4.4", "--workload", "pycom-ftp-gc", "--firmware", "pycom-1.20", "--json"])
        #expect(pycom.status == 1)
        let pycomIDs = try #require(try self.json(pycom.stdout)["advisories"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(pycomIDs.contains("gc-alloc-from-other-task"))
    }

    @Test func recommendPrintsTheAdvisoriesOfItsAnswer() throws {
        let r = try runHeapfit(["recommend", "--json"])
        #expect(r.status == 0)
        let advisories = try #require(try json(r.stdout)["advisories"] as? [[String: Any]])
        let ids = advisories.compactMap { $0["id"] as? String }
        // The default answer is for IDF 5.4.2, so the 5.4.0–5.4.1 TLS advisory is not among them.
        #expect(!ids.contains("idf54-tls-default-heap"))
        #expect(ids.contains("idf54-size-class-rounding"))
        for a in advisories { #expect(a["title"] is String && a["source"] is String && a["severity"] is String) }
    }
}
