import Foundation
import Testing

/// `Tests/Fixtures/<relative>` as an absolute path.
func fixturePath(_ relative: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent(relative).path
}

@Suite("heapfit import (end to end)")
struct ImportCLITests {
    let bootLog = fixturePath("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt")

    func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func bootLogText() throws {
        let r = try runHeapfit(["import", bootLog, "--idf", "5.3.2"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.hasPrefix("\(bootLog): ESP32 board derived from 7 heap_init lines: Bluetooth on, dual core; "
                                   + "static DRAM 41720 B, static IRAM 101980 B; its simulated boot prints the same lines.\n"))
        #expect(r.stdout.contains("    10  0x3FFC7E58   98728   96  DRAM\n"))
        #expect(r.stdout.contains("  - name: IMPORT_ESP32_V5_3_2_ESP_IDF_15146\n"))
        #expect(r.stdout.contains("        dram: {value: 41720, confidence: imported, source: "))
    }

    @Test func comparedWithABoardAsJSON() throws {
        let r = try runHeapfit(["import", bootLog, "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--json"])
        #expect(r.status == 0)
        let o = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let comparisons = try #require(o["comparisons"] as? [[String: Any]])
        let dram = try #require(comparisons.first?["staticDRAM"] as? [String: Any])
        #expect(dram["imported"] as? Int == 41720)
        #expect(dram["catalogue"] as? Int == 53948)
    }

    @Test func outWritesTheEntryAndRefusesToOverwriteWithoutForce() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("mine.yaml").path
        let first = try runHeapfit(["import", bootLog, "--idf", "5.3.2", "--out", out])
        #expect(first.status == 0)
        #expect(first.stdout.hasSuffix("Wrote \(out): the boards.yaml entry (append it under `boards:`).\n"))
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(written.hasPrefix("  # Imported by `heapfit import`"))
        #expect(written.contains("      - idf: 5.3.2\n"))

        let again = try runHeapfit(["import", fixturePath("boot-logs/import-esp32-esphome-firmware-242.txt"), "--idf", "5.1",
                                    "--out", out])
        #expect(again.status == 2)
        #expect(again.stdout.isEmpty)
        #expect(again.stderr == "heapfit import: \(out) already exists; heapfit does not overwrite it. "
                + "Pass --force to replace it, or choose another --out path.\n")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == written)

        let forced = try runHeapfit(["import", fixturePath("boot-logs/import-esp32-esphome-firmware-242.txt"), "--idf", "5.1",
                                     "--out", out, "--force"])
        #expect(forced.status == 0)
        let replaced = try String(contentsOfFile: out, encoding: .utf8)
        #expect(replaced.contains("  - name: IMPORT_ESP32_ESPHOME_FIRMWARE_242\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["mine.yaml"])
    }

    @Test func eachFormatIsRecognisedByTheBinary() throws {
        for (file, title) in [("imports/idf-heap-info-mp12952.txt", "esp32.idf_heap_info() output, line 4:"),
                              ("imports/heap-dump-esp32s3-hx-esp32-cam-fpv-46.txt", "heap_caps_print_heap_info() dump, lines 4–16:"),
                              ("imports/mem-info-split-heap-pr.txt", "micropython.mem_info() output, lines 7–21:"),
                              ("imports/idf-size-legacy-esp32.json", "idf.py size JSON (esp-idf-size --format json / json2), lines 1–32:"),
                              ("imports/heap-trace-synthetic.txt", "heap_trace_dump() output, lines 4–15:")] {
            let r = try runHeapfit(["import", fixturePath(file)])
            #expect(r.status == 0, "\(file): \(r.stderr)")
            #expect(r.stdout.contains("\nRecognised:\n  \(title)"), "\(file)")
        }
    }

    @Test func unrecognisedFileNamesEveryFormatTried() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("notes.txt").path
        try "shopping list\nmilk\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runHeapfit(["import", path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("heapfit import: \(path): None of the formats heapfit imports was recognised. Expected one of: "
                                   + "ESP-IDF boot log: lines `I (<ms>) heap_init: At <hex> len <hex> (<n> KiB): <type>`; "))
        #expect(r.stderr.contains("esp32.idf_heap_info() output: a list of 4-tuples"))
        #expect(r.stderr.contains("heap_trace_dump() output:"))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    @Test func garbledLineIsNamedWithFileAndLine() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("cut.log").path
        try "I (1917) heap_init: At 3FFAFF10 len 000000F0 (0 KiB): DRAM\nI (1928) heap_init: At 3FFB6388 len 0000"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runHeapfit(["import", path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("heapfit import: \(path):2: A heap_init line is cut or garbled: "
                                   + "'I (1928) heap_init: At 3FFB6388 len 0000'. Expected `At <8 hex digits> len <8 hex digits>"))
    }

    @Test(arguments: [
        (["--idf", "five"], "'five' given with --idf is not an ESP-IDF release"),
        (["--force"], "--force is given without --out"),
        (["--board", "NOPE", "--idf", "5.4.2"], "Unknown board 'NOPE'"),
        (["--board", "ESP32_GENERIC", "--idf", "5.9"], "No static DRAM size is known for ESP32_GENERIC on ESP-IDF 5.9"),
    ])
    func badOptions(args: [String], message: String) throws {
        let r = try runHeapfit(["import", bootLog] + args)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("heapfit import: "))
        #expect(r.stderr.contains(message))
    }

    @Test func outWithNothingToWrite() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("x.yaml").path
        let r = try runHeapfit(["import", fixturePath("imports/mem-info-split-heap-pr.txt"), "--out", out])
        #expect(r.status == 2)
        #expect(r.stderr.contains("Nothing to write to \(out): no boards.yaml entry could be made from "))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func missingFile() throws {
        let r = try runHeapfit(["import", "/nonexistent/boot.log"])
        #expect(r.status == 2)
        #expect(r.stderr == "heapfit import: Cannot read /nonexistent/boot.log. Expected a readable file. Check the path.\n")
    }
}
