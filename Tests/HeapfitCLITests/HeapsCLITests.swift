import Foundation
import Testing

/// Runs the built `heapfit` binary; build products sit next to the test bundle (.build/<triple>/debug).
func runHeapfit(_ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
    var dir = Bundle.main.bundleURL
    for b in Bundle.allBundles where b.bundlePath.hasSuffix(".xctest") { dir = b.bundleURL.deletingLastPathComponent() }
    var exe = dir.appendingPathComponent("heapfit")
    if !FileManager.default.isExecutableFile(atPath: exe.path) {
        // swift-testing on Linux: the runner is the .build/<config> product itself.
        exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("heapfit")
    }
    try #require(FileManager.default.isExecutableFile(atPath: exe.path), "heapfit not built at \(exe.path)")
    let p = Process()
    p.executableURL = exe
    p.arguments = args
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
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

    @Test(arguments: [
        (["--board", "NOPE", "--idf", "5.4.2"], "Unknown board 'NOPE'"),
        (["--board", "ESP32_GENERIC", "--idf", "5.9"], "ESP-IDF 5.9 is not a release the catalogue knows."),
        (["--board", "ESP32_GENERIC", "--idf", "5.3"], "Expected an IDF release known for ESP32_GENERIC: 4.3, 4.4, 5.0.2, 5.2.2, 5.4.1, 5.4.2, 5.5.1."),
        (["--board", "ESP32_GENERIC", "--idf", "5.5.1"], "The static DRAM of ESP32_GENERIC on ESP-IDF 5.5.1 is unknown"),
        (["--board", "ESP32_GENERIC"], "--idf is missing."),
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
