import Model
import Testing

@Suite("Import: micropython.mem_info()")
struct MemInfoParserTests {
    @Test func splitHeapPRSampleWithLayout() throws {
        let infos = try MemInfoParser.parse(try fixtureText("imports/mem-info-split-heap-pr.txt"))
        let m = try #require(infos.first)
        #expect((m.stackUsed, m.stackLimit) == (752, 15360))
        #expect((m.gcTotal, m.gcUsed, m.gcFree) == (206976, 5200, 201776))
        #expect(m.maxNewSplit == nil)  // v1.9.3: no split-heap-auto
        #expect((m.oneBlocks, m.twoBlocks, m.maxBlockBlocks, m.maxFreeBlocks) == (30, 7, 264, 6936))
        #expect(m.areas.map(\.start) == [0x3FFB30A0, 0x3FFE4DE0])
        // 0x17400 + 48 blocks × 16 B, and 0x1B000 + 24 × 16: together exactly the GC total.
        #expect(m.areas.map(\.bytes) == [96000, 110976])
        #expect(m.areas.map(\.bytes).reduce(0, +) == m.gcTotal)
        #expect((m.firstLine, m.lastLine) == (7, 21))  // from `stack:` to the last layout row
    }

    @Test func splitHeapAutoAndMemStats() throws {
        let m = try #require(try MemInfoParser.parse(ImportText(file: "m.txt", contents: """
            mem: total=12345, current=6789, peak=9999
            stack: 704 out of 15360
            GC: total: 64000, used: 5008, free: 58992, max new split: 110592
             No. of 1-blocks: 60, 2-blocks: 14, max blk sz: 64, max free sz: 3654
            """)).first)
        #expect(m.maxNewSplit == 110592)
        #expect(m.memStats?["peak"] == 9999)
        #expect(m.stackUsed == 704)
        #expect(m.areas.isEmpty)
    }

    @Test(arguments: [
        ("GC: total: 64000, used: 5008, fr", 1, "The GC line is cut or garbled"),
        ("GC: total: 64000, used: 5008, free: 58992, max new", 1, "The GC line is cut in `max new split`"),
        ("GC: total: 64000, used: 5008, free: 58993", 1, "The GC line says total 64000 but used + free = 64001"),
        ("GC: total: 64000, used: 5008, free: 58992", 1, "mem_info output ends after the GC line"),
        ("GC: total: 64000, used: 5008, free: 58992\n No. of 1-blocks: 60, 2-bl", 2, "The line after `GC: total:` is not the block statistics line"),
    ])
    func cutOutput(text: String, line: Int, message: String) {
        let d = diagnostic { () throws(Diagnostic) in _ = try MemInfoParser.parse(ImportText(file: "mem.txt", contents: text)) }
        #expect(d?.line == line)
        #expect(d?.what.hasPrefix(message) == true)
    }
}
