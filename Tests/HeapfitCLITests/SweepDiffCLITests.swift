import Foundation
import Testing

/// `heapfit sweep` and `heapfit diff` run as a user runs them: the built binary, its output in each
/// format, its exit code, and nothing on stderr when stderr is not a terminal.
@Suite("sweep and diff, end to end")
struct SweepDiffCLITests {
    /// Two boards × two releases (no MicroPython release supports 5.5.3) × one workload, and ESP8266.
    let filters = ["sweep", "--board", "ESP32_GENERIC", "--board", "ESP32_GENERIC-D2WD", "--board", "ESP8266_GENERIC",
                   "--idf", "5.4.2", "--idf", "5.5.3", "--workload", "https-get-x2"]

    @Test func csvHasTheHeaderAndOneRowPerCellWithSkippedCellsSayingWhy() throws {
        let r = try runHeapfit(filters + ["--format", "csv"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(lines.first == "board,chip,IDF,firmware,workload,verdict,initial heap,Python heap start,Python heap after growth,"
                + "IDF headroom,limiting allocation,knob changes,confidence")
        #expect(lines.count == 1 + 2 * 2 + 1)
        #expect(lines[2].hasPrefix("ESP32_GENERIC,ESP32,5.5.3,,https-get-x2,skipped,,,,,skipped: no micropython release that ships ESP32_GENERIC supports ESP-IDF 5.5.3"))
        #expect(lines[1].hasPrefix("ESP32_GENERIC,ESP32,5.4.2,micropython-1.28,https-get-x2,fits,"))
        #expect(lines[5].hasPrefix("ESP8266_GENERIC,ESP8266,,,https-get-x2,skipped,"))
        // The knob changes hold commas: the field is quoted.
        let quoted = lines[1].split(separator: "\"", omittingEmptySubsequences: false)
        #expect(quoted.count == 3 && quoted[1].contains(", ") && quoted[0].hasSuffix(",") && quoted[2].hasPrefix(","), "\(lines[1])")
    }

    @Test func markdownIsOneTableWithAColumnPerField() throws {
        let r = try runHeapfit(filters + ["--format", "markdown"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("heapfit sweep — recommend over 5 cells: 2 fit, 0 no setting, 3 skipped."))  // 5.5.3 ×2, ESP8266
        let table = lines.filter { $0.hasPrefix("|") }
        #expect(table.count == 2 + 5)
        #expect(table[1] == "|" + String(repeating: " --- |", count: 13))
        // Every row has 13 cells: 14 unescaped pipes.
        for row in table { #expect(row.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 14, "\(row)") }
    }

    @Test func jsonParsesAndTheCellEqualsWhatRecommendAnswers() throws {
        let r = try runHeapfit(filters + ["--format", "json"])
        #expect(r.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(json["mode"] as? String == "recommend")
        let rows = try #require(json["rows"] as? [[String: Any]])
        #expect(rows.map { $0["verdict"] as? String } == ["fits", "skipped", "fits", "skipped", "skipped"])
        let recommend = try runHeapfit(["recommend", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--json"])
        let alone = try #require(try JSONSerialization.jsonObject(with: Data(recommend.stdout.utf8)) as? [String: Any])
        #expect(rows[0]["initialHeap"] as? Int == alone["initialHeapSize"] as? Int)
        #expect(rows[0]["idfHeadroom"] as? Int == (alone["idfHeadroom"] as? [String: Any])?["free"] as? Int)
        #expect(rows[4]["skippedBecause"] as? String == "ESP8266 does not run ESP-IDF (its SDK has its own heap)")
    }

    @Test func oneTwoAndFourThreadsPrintTheSameBytes() throws {
        for format in ["text", "json"] {
            let one = try runHeapfit(filters + ["--format", format, "--jobs", "1"])
            #expect(one.status == 0 && !one.stdout.isEmpty)
            #expect(one.stderr.isEmpty)  // no progress bar when stderr is a pipe
            for jobs in ["2", "4"] {
                let more = try runHeapfit(filters + ["--format", format, "--jobs", jobs])
                #expect(more.status == 0)
                #expect(more.stdout == one.stdout, "--jobs \(jobs) printed other \(format) than --jobs 1")
                #expect(more.stderr.isEmpty)
            }
        }
    }

    @Test func aSimulateSweepWithACellThatDoesNotFitExitsOne() throws {
        let r = try runHeapfit(["sweep", "--mode", "simulate", "--board", "ESP32_GENERIC", "--idf", "5.4.2",
                                "--workload", "tls-x2-concurrent", "--initial-heap", "100K"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("  1. tls_b/in_buf (16717 B, malloc) at step 7 \"open tls-session as tls_b\""))
        #expect(r.stdout.hasPrefix("heapfit sweep — simulate over 1 cell: 0 fit, 1 do not fit, 0 skipped."))
    }

    @Test func badFiltersExitTwoWithOneDiagnostic() throws {
        let board = try runHeapfit(["sweep", "--board", "NOPE"])
        #expect(board.status == 2)
        #expect(board.stderr.hasPrefix("heapfit sweep: Unknown board 'NOPE'"))
        #expect(board.stderr.split(separator: "\n").count == 1)
        #expect(board.stdout.isEmpty)
        let jobs = try runHeapfit(["sweep", "--jobs", "0"])
        #expect(jobs.status == 2)
        #expect(jobs.stderr.hasPrefix("heapfit sweep: --jobs 0 is not a number of threads"))
        let format = try runHeapfit(["sweep", "--format", "xml"])
        #expect(format.status == 2)
        let idf = try runHeapfit(["diff", "--idf", "5.4.2"])
        #expect(idf.status == 2)
        #expect(idf.stderr.hasPrefix("heapfit diff: diff compares two ESP-IDF releases; 1 --idf given"))
    }

    @Test func outWritesAFileAndNeverReplacesOneWithoutForce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sweep.csv").path
        let args = ["sweep", "--board", "ESP8266_GENERIC", "--format", "csv", "--out", path]
        let first = try runHeapfit(args)
        #expect(first.status == 0 && first.stdout == "Wrote \(path).\n")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix("board,chip,IDF,"))
        try "mine\n".write(toFile: path, atomically: true, encoding: .utf8)
        let again = try runHeapfit(args)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine\n")
        let forced = try runHeapfit(args + ["--force"])
        #expect(forced.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)
    }

    /// diff's figures are the ones `heaps` reports for each release on its own.
    @Test func diffReportsTheChangeHeapsShowsForEachRelease() throws {
        let r = try runHeapfit(["diff", "--idf", "4.4", "--idf", "5.4.2", "--board", "ESP32_GENERIC", "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let board = try #require((json["boards"] as? [[String: Any]])?.first)
        var heaps: [String: [[String: Any]]] = [:]
        for idf in ["4.4", "5.4.2"] {
            let h = try runHeapfit(["heaps", "--board", "ESP32_GENERIC", "--idf", idf, "--json"])
            heaps[idf] = try #require(try JSONSerialization.jsonObject(with: Data(h.stdout.utf8)) as? [[String: Any]])
        }
        func mainHeap(_ idf: String) -> [String: Any]? {
            heaps[idf]?.first { ($0["start"] as? Int ?? 0) + ($0["size"] as? Int ?? 0) == 0x3FFE_0000 && $0["type"] as? String == "DRAM" }
        }
        let oldSize = try #require(mainHeap("4.4")?["size"] as? Int), newSize = try #require(mainHeap("5.4.2")?["size"] as? Int)
        let main = try #require((board["heaps"] as? [[String: Any]])?.first { $0["heap"] as? String == "DRAM to 0x3FFE0000" })
        let size = try #require(main["size"] as? [String: Any])
        #expect(size["from"] as? Int == oldSize && size["to"] as? Int == newSize)
        #expect(size["delta"] as? Int == newSize - oldSize)
        #expect(newSize - oldSize == -2632)  // static DRAM 51320 (the upper end of 4.4's interval) → 53948 B, start 8-aligned
        let freeData = { (idf: String) in heaps[idf]?.filter { $0["heapData"] as? Bool == true }.compactMap { $0["free"] as? Int }.reduce(0, +) }
        let heapData = try #require(board["heapDataFree"] as? [String: Any])
        #expect(heapData["delta"] as? Int == (freeData("5.4.2") ?? 0) - (freeData("4.4") ?? 0))
        #expect((board["staticDRAM"] as? [String: Any])?["delta"] as? Int == 2628)

        let text = try runHeapfit(["diff", "--idf", "4.4", "--idf", "5.4.2", "--board", "ESP32_GENERIC"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("heapfit diff — ESP-IDF 4.4 → 5.4.2, 1 board, workload https-get-x2."))
        #expect(text.stdout.contains("  heap DRAM to 0x3FFE0000 size  "))
        let csv = try runHeapfit(["diff", "--idf", "4.4", "--idf", "5.4.2", "--board", "ESP32_GENERIC", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("board,quantity,4.4,5.4.2,change\nESP32_GENERIC,allocator,"))
        #expect(csv.stdout.contains("\nESP32_GENERIC,static DRAM,51320,53948,+2628\n"))
    }
}
