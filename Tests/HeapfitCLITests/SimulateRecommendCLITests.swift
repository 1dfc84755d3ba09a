import Foundation
import Testing

/// `heapfit simulate` and `heapfit recommend` run as a user runs them: the built binary, its
/// output and its exit code (0 fits / 1 does not fit / 2 bad input).
@Suite("simulate and recommend, end to end")
struct SimulateRecommendCLITests {
    @Test func simulateAFittingWorkloadExitsZeroWithItsVerdictFirst() throws {
        let r = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", "https-get-x2"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count > 5)
        #expect(lines[1].hasPrefix("Verdict: FITS"))
    }

    @Test func simulateAFailingWorkloadExitsOneAndNamesTheAllocation() throws {
        let r = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", "tls-x2-concurrent",
                                "--initial-heap", "100K", "--json"])
        #expect(r.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["fits"] as? Bool == false)
        let failure = try #require(json["firstFailure"] as? [String: Any])
        #expect(failure["size"] as? Int == 16717)  // the second session's IN buffer: 16384 + 333 (mp#8940 sequence)
        #expect(failure["caps"] as? String == "malloc")
        #expect((failure["largestAvailable"] as? Int ?? .max) < 16717)
        // gc_setup_area of a 102400 B area: A = ⌊(102400 − 1)·8/524⌋ = 1563 → 64·1563 = 100032 B of pool.
        #expect((json["gc"] as? [String: Any])?["total"] as? Int == 100032)
    }

    @Test func simulateESP8266WithoutIDFReportsTheSDKHeapAndJSONHasNoIDFVersion() throws {
        let r = try runHeapfit(["simulate", "--board", "ESP8266_GENERIC", "--workload", "esp8266-https-get",
                                "--static-dram", "0xF000", "--json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["idfVersion"] is NSNull)
        #expect(json["system"] as? String == "NONOS SDK")
        #expect((json["gc"] as? [String: Any])?["total"] as? Int == 37952)
        // _heap_end − _heap_start = 0x3FFFC000 − (0x3FFE8000 + 0xF000)
        #expect((json["idf"] as? [String: Any])?["minimumFree"] as? Int == 0x3FFF_C000 - 0x3FFF_7000)
        let withIDF = try runHeapfit(["simulate", "--board", "ESP8266_GENERIC", "--idf", "5.4.2", "--workload", "esp8266-https-get"])
        #expect(withIDF.status == 2)
        #expect(withIDF.stderr.contains("Drop --idf"))
    }

    @Test func simulateWithoutIDFUsesTheBoardsNewestRelease() throws {
        let r = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--workload", "boot-repl"])
        #expect(r.status == 0)
        // The release MicroPython 1.28 recommends; with --firmware, the one that release recommends.
        #expect(r.stdout.hasPrefix("ESP32_GENERIC (ESP32) on ESP-IDF 5.5.1 · micropython-1.28 ·"))
        let older = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--firmware", "micropython-1.24", "--workload", "boot-repl"])
        #expect(older.stdout.hasPrefix("ESP32_GENERIC (ESP32) on ESP-IDF 5.2.2 · micropython-1.24 ·"))
        // Outside the support table: refused with the releases it supports.
        let outside = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.3", "--firmware", "micropython-1.28",
                                      "--workload", "boot-repl"])
        #expect(outside.status == 2)
        #expect(outside.stderr.hasPrefix("heapfit simulate: micropython-1.28 does not support ESP-IDF 5.4.3 on ESP32: it supports 5.3, 5.4, 5.4.1, 5.4.2, 5.5.1"))
    }

    @Test func simulateBadInputExitsTwoWithOneParagraph() throws {
        let r = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", "no-such-workload"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("heapfit simulate: Unknown workload 'no-such-workload'"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        let size = try runHeapfit(["simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--workload", "https-get-x2",
                                   "--initial-heap", "-4K"])
        #expect(size.status == 2)
        #expect(size.stderr.contains("is not a size in bytes"))
    }

    @Test func recommendWithNoArgumentsAnswersForTheDefaultAndIsDeterministic() throws {
        let a = try runHeapfit(["recommend", "--json"])
        let b = try runHeapfit(["recommend", "--json"])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)  // byte-identical output for the same inputs
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        let heap = try #require(json["initialHeapSize"] as? Int)
        #expect(heap % 1024 == 0 && heap >= 8 * 1024)
        #expect(json["board"] as? String == "ESP32_GENERIC")
        for field in ["knobs", "pythonHeap", "idfHeadroom", "limitingAllocation", "confidence"] {
            #expect(json[field] != nil, "missing \(field)")
        }
    }

    @Test func recommendExplainsWhenNothingFitsAndExitsOne() throws {
        let r = try runHeapfit(["recommend", "--workload", "tls-x2-concurrent", "--idf-headroom", "400K"])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("heapfit recommend: No setting"))
        #expect(r.stderr.contains("tls-x2-concurrent"))
    }
}

/// simulate has defaults for every option now (issue 17); import still needs its file.
@Test func aMissingOptionIsBadInputAndExitsTwo() throws {
    let r = try runHeapfit(["import", "--idf", "5.4.2"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("Missing expected argument '<file>'"))
}
