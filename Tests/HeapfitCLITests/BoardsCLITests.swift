import Foundation
import Testing

@Suite("heapfit boards (end to end)")
struct BoardsCLITests {
    @Test func listsEveryBoardWithItsVariantsAndSources() throws {
        let r = try runHeapfit(["boards"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        // The header is prose, folded at 100 columns off a terminal.
        #expect(r.stdout.replacingOccurrences(of: "\n  ", with: " ")
                    .hasPrefix("heapfit boards — 16 boards. A variant is its own board, named BOARD-VARIANT (e.g. --board ESP32_GENERIC-SPIRAM)."))
        for name in ["ESP32_GENERIC ", "ESP32_GENERIC-D2WD", "ESP32_GENERIC-SPIRAM", "ESP32_GENERIC-OTA", "ESP32_GENERIC-UNICORE",
                     "ESP32_GENERIC_S2", "ESP32_GENERIC_S3-SPIRAM_OCT", "ESP32_GENERIC_C3", "ESP32_GENERIC_C6", "ESP32_GENERIC_C2",
                     "M5STACK_ATOM", "UM_TINYPICO", "adafruit_feather_esp32s2", "adafruit_feather_esp32s3_4mbflash_2mbpsram",
                     "ESP8266_GENERIC"] {
            #expect(r.stdout.contains("\n\(name)"), "\(name) missing")
        }
        // A measured figure with its source, an interval, and a figure keyed to firmware releases.
        #expect(r.stdout.contains("  IDF 5.4.2  DRAM 53948 B (measured), IRAM 116894 B (measured)  — TLSF, size-class rounding\n"))
        #expect(r.stdout.contains("  IDF 5.2    DRAM 54000–55600 B interval (estimated)  — TLSF, dynamic control\n"))
        #expect(r.stdout.contains("  IDF 5.4.2  [micropython <1.27] DRAM 139608 B (measured)"))
        // Issue 14: no figure is unknown any more; every one has a source line.
        #expect(!r.stdout.contains("DRAM unknown"))
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in lines.enumerated() where line.hasPrefix("  IDF ") && line.contains(" DRAM ") {
            #expect(i + 1 < lines.count && lines[i + 1].hasPrefix("      DRAM source: "), "\(line)")
        }
        #expect(r.stdout.contains("ESP32_GENERIC-SPIRAM  [ESP32, micropython]  Bluetooth on, dual core, PSRAM 4 MiB (malloc > 8192 B, 32768 B internal reserve)\n"))
    }

    @Test func filtersByChipAndRelease() throws {
        let s3 = try runHeapfit(["boards", "--chip", "ESP32-S3"])
        #expect(s3.status == 0)
        #expect(s3.stdout.hasPrefix("heapfit boards — 3 boards on ESP32-S3."))
        #expect(!s3.stdout.contains("ESP32_GENERIC_C3"))
        let v = try runHeapfit(["boards", "--chip", "esp32-c6", "--idf", "5.4.2"])
        #expect(v.status == 0)
        #expect(v.stdout.contains("ESP32_GENERIC_C6  [ESP32-C6, micropython]"))
        #expect(v.stdout.contains("  IDF 5.4.2  [micropython <1.27] DRAM 167187 B (measured)  — mask-ROM TLSF, static control (FL_INDEX_MAX 19)"))
        #expect(v.stdout.contains("  IDF 5.4.2  [micropython >=1.27] DRAM 148584–150294 B interval (measured)"))
        // A release the board has no entry for still shows, with what heaps would need.
        let none = try runHeapfit(["boards", "--chip", "ESP32-C3", "--idf", "5.3.1"])
        #expect(none.stdout.contains("  IDF 5.3.1: no static sizes known — pass --static-dram  (TLSF, dynamic control)"))
    }

    @Test func json() throws {
        let r = try runHeapfit(["boards", "--chip", "ESP32", "--json"])
        #expect(r.status == 0)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let boards = try #require(root["boards"] as? [[String: Any]])
        #expect(boards.count == 7)
        let spiram = try #require(boards.first { $0["name"] as? String == "ESP32_GENERIC-SPIRAM" })
        #expect(spiram["variant"] as? String == "SPIRAM" && spiram["base"] as? String == "ESP32_GENERIC")
        let releases = try #require(spiram["releases"] as? [[String: Any]])
        let dram = try #require(releases.first { $0["idf"] as? String == "5.4.2" }?["dram"] as? [String: Any])
        #expect(dram["value"] as? Int == 54068 && dram["confidence"] as? String == "measured")
        #expect((dram["source"] as? String)?.contains("SPIRAM v5.4.2") == true)
        // An interval: `interval` [lo, hi], `value` its upper end.
        let interval = try #require(releases.first { $0["idf"] as? String == "5.3" }?["dram"] as? [String: Any])
        #expect(interval["interval"] as? [Int] == [54504, 56828] && interval["value"] as? Int == 56828)
    }

    @Test(arguments: [
        (["boards", "--chip", "ESP32-Z9"], "heapfit boards: Unknown chip 'ESP32-Z9'. Expected one of: ESP32, ESP32-S2, ESP32-S3, ESP32-C3, ESP32-C6, ESP32-C2, ESP8266."),
        (["boards", "--idf", "5.9"], "heapfit boards: ESP-IDF 5.9 is not a release the catalogue knows."),
        (["boards", "--idf", "five"], "heapfit boards: 'five' given with --idf is not an ESP-IDF release."),
    ])
    func badInput(args: [String], message: String) throws {
        let r = try runHeapfit(args)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix(message))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
