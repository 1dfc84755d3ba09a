import Foundation
import Testing
@testable import Model

let probeFixtureFolder: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/probe").path

@Suite("heapfit probe output reader")
struct ProbeLogParserTests {
    func parse(_ text: String) throws(Diagnostic) -> [ProbeLog] {
        try ProbeLogParser.parse(ImportText(file: "probe.log", contents: text))
    }

    /// Real idf_heap_info and mem_info(True) output inside checkpoints reads as it does on its own.
    @Test func realFiguresInCheckpoints() throws {
        let text = try String(contentsOfFile: probeFixtureFolder + "/real-figures.log", encoding: .utf8)
        let log = try #require(try parse(text).first)
        #expect(log.workload == "boot-repl")
        #expect(log.firmware == "micropython-1.22")
        #expect(log.finished)
        #expect(log.checkpoints.map(\.index) == [0, 1])
        let start = log.checkpoints[0]
        // mp#12952: 4 + 244 + 3344 + 4344 + 14656 + 112968 free; the largest block is 110592.
        #expect(start.heaps?.heaps.count == 6)
        #expect(start.idfFree == 135_560)
        #expect(start.idfLargest == 110_592)
        #expect(start.memInfo == nil)
        #expect(start.error == nil)
        let repl = log.checkpoints[1]
        #expect(repl.label == "REPL prompt")
        #expect(repl.memInfo?.gcTotal == 206_976)
        #expect(repl.memInfo?.maxFreeBlocks == 6936)
        #expect(repl.memInfo?.areas.count == 2)
        #expect(repl.gcUsed == 5200)  // no gc.mem_alloc() line: mem_info's `used`
        #expect(repl.error == ProbeError(line: 12, type: "MemoryError", text: "memory allocation failed, allocating 16384 bytes"))
        #expect(log.failure?.index == 1)
        // The same file through the recogniser: one probe section, not its lists again.
        let file = try ImportRecognizer.recognise(ImportText(file: "probe.log", contents: text))
        #expect(file.sections.map(\.format) == [.probeLog])
    }

    @Test func crlfAndColourCodesAreHarmless() throws {
        let text = try String(contentsOfFile: probeFixtureFolder + "/https-get-x2-perturbed.log", encoding: .utf8)
        let plain = try parse(text)
        let noisy = try parse(text.replacingOccurrences(of: "\n", with: "\r\n").replacingOccurrences(of: "GC: total", with: "\u{1B}[0mGC: total"))
        #expect(plain == noisy)
        #expect(plain.first?.checkpoints.count == 14)
        #expect(plain.first?.checkpoints[4].idfFree == 58_660)
        #expect(plain.first?.checkpoints[4].gcAlloc == 8736)
    }

    @Test(arguments: [
        ("heapfit-probe: begin workload w firmware micropython-1.24 steps 1\nheapfit-probe: checkpoint 0 start\ngc: mem_free 1 mem_alloc 2\n",
         "has no `heapfit-probe: end 0` line", 2),
        ("heapfit-probe: begin workload w firmware\n", "first line is garbled", 1),
        ("heapfit-probe: begin workload w firmware f steps 2\nheapfit-probe: end 3\n", "closes no open checkpoint 3", 2),
        ("heapfit-probe: checkpoint 0 x\n", "before the probe's `begin` line", 1),
        ("heapfit-probe: begin workload w firmware f steps 2\nheapfit-probe: frobnicate\n", "Unknown probe line", 2),
        ("heapfit-probe: begin workload w firmware f steps 2\nheapfit-probe: checkpoint 0 a\nheapfit-probe: checkpoint 1 b\n",
         "Checkpoint 0 has no `heapfit-probe: end 0` line", 2),
        ("heapfit-probe: begin workload w firmware f steps 2\nheapfit-probe: checkpoint 0 a\nGC: total: 10, used: 5, free: 4\n heapfit-probe: x\nheapfit-probe: end 0\n",
         "total 10 but used + free = 9", 3),
    ])
    func badLogsAreDiagnosed(text: String, says: String, line: Int) throws {
        do {
            _ = try parse(text)
            Issue.record("no diagnostic for \(text)")
        } catch {
            #expect(error.what.contains(says), "\(error.what)")
            #expect(error.line == line)
            #expect(error.file == "probe.log")
        }
    }
}
