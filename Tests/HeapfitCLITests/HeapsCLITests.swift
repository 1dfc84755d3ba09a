import Foundation
import Testing

/// The built `heapfit` binary: build products sit next to the test bundle (.build/<triple>/debug).
func builtHeapfit() throws -> String {
    var dir = Bundle.main.bundleURL
    for b in Bundle.allBundles where b.bundlePath.hasSuffix(".xctest") { dir = b.bundleURL.deletingLastPathComponent() }
    var exe = dir.appendingPathComponent("heapfit")
    if !FileManager.default.isExecutableFile(atPath: exe.path) {
        // swift-testing on Linux: the runner is the .build/<config> product itself.
        exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("heapfit")
    }
    try #require(FileManager.default.isExecutableFile(atPath: exe.path), "heapfit not built at \(exe.path)")
    return exe.path
}

/// Runs the built `heapfit` binary.
func runHeapfit(_ args: [String], environment: [String: String] = [:]) throws
    -> (status: Int32, stdout: String, stderr: String, reason: Process.TerminationReason) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: try builtHeapfit())
    p.arguments = args
    if !environment.isEmpty {
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self), p.terminationReason)
}

@Suite("heapfit heaps (end to end)")
struct HeapsCLITests {
    // 0x3FFBDB60 (_data_start with BT) + 53948 (ESP32_GENERIC, IDF 5.4.2), 8-aligned = 0x3FFCAE20; 0x3FFE0000 − it = 0x151E0.
    @Test func textOutput() throws {
        let r = try runHeapfit(["heaps", "--board", "ESP32_GENERIC", "--idf", "5.4.2"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("I (0) heap_init: At 3FFCAE20 len 000151E0 (84 KiB): DRAM\n"))
        #expect(r.stdout.contains("I (0) heap_init: At 3FFE4350 len 0001BCB0 (111 KiB): D/IRAM\n"))
        #expect(r.stderr.isEmpty)
        // Deterministic.
        #expect(try runHeapfit(["heaps", "--board", "ESP32_GENERIC", "--idf", "5.4.2"]).stdout == r.stdout)
    }

    @Test func jsonOutput() throws {
        let r = try runHeapfit(["heaps", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--json"])
        #expect(r.status == 0)
        let heaps = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let dram = try #require(heaps.first { ($0["start"] as? Int) == 0x3FFCAE20 })
        #expect(dram["size"] as? Int == 0x151E0)
        #expect(dram["type"] as? String == "DRAM")
        for key in ["free", "largestFreeBlock", "minimumFree"] { #expect(dram[key] is Int) }
        // D/IRAM 14 KiB heap untouched at boot: 5.4 TLSF figures match 5.0.2's (mp#12952: 14656 free).
        let small = try #require(heaps.first { ($0["start"] as? Int) == 0x3FFE0440 })
        #expect(small["free"] as? Int == 14656)
    }

    @Test func staticDRAMOverride() throws {
        let r = try runHeapfit(["heaps", "--board", "ESP32_GENERIC", "--idf", "5.4.2", "--static-dram", "0xD2BC"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("At 3FFCAE20 len 000151E0 (84 KiB): DRAM"))
    }

    @Test func variantWithPSRAM() throws {
        let r = try runHeapfit(["heaps", "--board", "ESP32_GENERIC-SPIRAM", "--idf", "5.4.2", "--json"])
        #expect(r.status == 0)
        let heaps = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        // esp_psram adds the PSRAM heap, then the 32 KiB internal DMA pool is taken, each at the list head.
        #expect(heaps.prefix(2).map { $0["type"] as? String } == ["DMA pool", "SPIRAM"])
        #expect(heaps[0]["size"] as? Int == 32767)  // end = start + n − 1 (domain §3.1)
        #expect(heaps[1]["size"] as? Int == 4 << 20)
        #expect(heaps[1]["bootLine"] == nil)
    }

    @Test func s3Text() throws {
        let r = try runHeapfit(["heaps", "--board", "ESP32_GENERIC_S3", "--idf", "5.4.2"])
        #expect(r.status == 0)
        // 0x3FC88000 + 142059 (the DIRAM span of the MicroPython 5.4.2 table), 8-aligned = 0x3FCAAAF0.
        #expect(r.stdout.contains("I (0) heap_init: At 3FCAAAF0 len 0003EC20 (251 KiB): RAM\n"))
        #expect(r.stdout.contains("I (0) heap_init: At 3FCE9710 len 00005724 (21 KiB): RAM\n"))
        #expect(r.stdout.contains("Assumed: RTC fast data size is unknown"))
    }

    @Test func unknownFigureSuppliedByTheUser() throws {
        let r = try runHeapfit(["heaps", "--board", "ESP32_GENERIC_C3", "--idf", "5.4.2", "--static-dram", "120000"])
        #expect(r.status == 0)
        // 0x3FC80000 + 120000 = 0x3FC9D4C0; the main heap runs to the retention block at 0x3FCC0000.
        #expect(r.stdout.contains("I (0) heap_init: At 3FC9D4C0 len 00022B40 (138 KiB): RAM\n"))
        #expect(r.stdout.contains("Static DRAM 120000 B (117.2 KiB) [measured; --static-dram (given by the user)]"))
    }

    @Test func esp8266SaysWhatItCannotShow() throws {
        let r = try runHeapfit(["heaps", "--board", "ESP8266_GENERIC"])
        #expect(r.status == 0)
        // Prose is folded to 100 columns off a terminal: a folded line continues two columns in.
        let text = r.stdout.replacingOccurrences(of: "\n  ", with: " ")
        #expect(text.hasPrefix("ESP8266_GENERIC (ESP8266) — NONOS SDK heap"))
        #expect(text.contains("SDK heap: unknown (needs the firmware's static DRAM)."))
        #expect(text.contains("MicroPython GC heap: a static 38912 B array in .bss; GC pool 38016 B (37952 B if the array's end is not 16-aligned)."))
        #expect(text.contains("prints no heap_init lines and has no heap_caps"))
        let given = try runHeapfit(["heaps", "--board", "ESP8266_GENERIC", "--static-dram", "0x10000", "--json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(given.stdout.utf8)) as? [String: Any])
        // _heap_start = 0x3FFE8000 + 0x10000; the SDK heap runs to _heap_end 0x3FFFC000.
        #expect(obj["sdkHeapStart"] as? Int == 0x3FFF8000 && obj["sdkHeapBytes"] as? Int == 0x4000)
    }

    @Test(arguments: [
        (["--board", "NOPE", "--idf", "5.4.2"], "Unknown board 'NOPE'"),
        (["--board", "ESP32_GENERIC", "--idf", "5.9"], "ESP-IDF 5.9 is not a release the catalogue knows."),
        // Every release MicroPython supports has a figure or an interval (issue 14): one it does not support has neither.
        (["--board", "ESP32_GENERIC", "--idf", "5.3.1"], "Expected an IDF release known for ESP32_GENERIC: 4.2.2, 4.3, 4.3.2, 4.4, 5.0.2, "
            + "5.0.4, 5.0.5, 5.1.2, 5.2, 5.2.2, 5.3, 5.4, 5.4.1, 5.4.2, 5.5.1."),
        (["--board", "ESP8266_GENERIC", "--idf", "5.4.2"], "ESP8266_GENERIC does not run ESP-IDF, so --idf 5.4.2 does not apply."),
        (["--board", "ESP32_GENERIC_C6", "--idf", "5.0.4", "--static-dram", "60K"], "ESP-IDF 5.0.4 does not support ESP32-C6."),
        (["--board", "ESP32_GENERIC", "--idf", "5.4.2", "--static-dram", "-5"], "'-5' given with --static-dram is not a size in bytes"),
        (["--board", "ESP32_GENERIC", "--idf", "5.4.2", "--static-dram", "lots"], "'lots' given with --static-dram is not a size in bytes"),
        (["--board", "ESP32_GENERIC", "--idf", "5.4.2", "--static-dram", "200K"], "does not fit ESP32's dram0_0_seg"),
    ])
    func badInput(args: [String], message: String) throws {
        let r = try runHeapfit(["heaps"] + args)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("heapfit heaps: "))
        #expect(r.stderr.contains(message))
        #expect(r.stderr.split(separator: "\n").count == 1)  // one paragraph, no stack trace
    }
}
