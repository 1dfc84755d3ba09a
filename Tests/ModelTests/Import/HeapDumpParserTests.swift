import Model
import Testing

@Suite("Import: heap_caps_print_heap_info dumps")
struct HeapDumpParserTests {
    @Test func s3WithPSRAMAndTheDMAPool() throws {
        let dumps = try HeapDumpParser.parse(try fixtureText("imports/heap-dump-esp32s3-hx-esp32-cam-fpv-46.txt"))
        let d = try #require(dumps.first)
        #expect(dumps.count == 1)
        #expect(d.caps == 4)
        #expect(d.heaps.map(\.start) == [0x3FCB1270, 0x3C110000, 0x3FCA81F0, 0x3FCE9710, 0x600FE100])
        #expect(d.heaps[0].length == 32767)  // the reserve pool's end = start + n − 1 (§3.1)
        #expect(d.heaps[2] == HeapDumpEntry(line: 9, start: 0x3FCA81F0, length: 267552, free: 197676, allocated: 67852,
                                            minimumFree: 197676, largestFreeBlock: 196608, allocatedBlocks: 63,
                                            freeBlocks: 1, totalBlocks: 64))
        let totals = try #require(d.totals)
        #expect(totals.free == d.heaps.reduce(0) { $0 + $1.free })
        #expect(totals.allocated == d.heaps.reduce(0) { $0 + $1.allocated })
        #expect(totals.largestFreeBlock == 8257536)
        #expect((d.firstLine, d.lastLine) == (4, 16))
    }

    @Test func esp32v444AndTheLinesAroundIt() throws {
        let d = try #require(try HeapDumpParser.parse(try fixtureText("imports/heap-dump-esp32-v4.4.4-esp32-cam-fpv-31.txt")).first)
        #expect(d.heaps.map(\.length) == [6432, 161224, 15072, 113840])
        #expect(d.heaps.last?.allocatedBlocks == 53)
        #expect(d.totals?.minimumFree == 71312)
    }

    @Test func timestampPrefixesAndSeveralSummaries() throws {
        let t = ImportText(file: "d.txt", contents: """
            [18:26:36]Heap summary for capabilities 0x00000001:
            [18:26:36]  Totals:
            [18:26:36]    free 0 allocated 0 min_free 0 largest_free_block 0
            [18:26:36]Heap summary for capabilities 0x00000008:
            [18:26:36]  At 0x3fcb1270 len 32767 free 32031 allocated 0 min_free 32031
            [18:26:36]    largest_free_block 31744 alloc_blocks 0 free_blocks 1 total_blocks 1
            """)
        let dumps = try HeapDumpParser.parse(t)
        #expect(dumps.map(\.caps) == [1, 8])
        #expect(dumps[0].heaps.isEmpty)
        #expect(dumps[0].totals?.free == 0)
        #expect(dumps[1].heaps.first?.largestFreeBlock == 31744)
        #expect(dumps[1].totals == nil)
    }

    @Test(arguments: [
        ("Heap summary for capabilities 0x00000004:\n  At 0x3ffae6e0 len 6432 allocated 5912 min_free 4", 2,
         "A heap line has `len` but no `free`"),
        ("  At 0x3ffae6e0 len 6432 free 4 allocated 5912 min_free 4\n  At 0x3ffb8a38 len 161224 free 4 allocated 159092 min_free 4", 2,
         "The heap at line 1 has no `largest_free_block …` line after it"),
        ("  At 0x3ffae6e0 len 6432 free 4 allocated 5912 min_free 4", 1,
         "The dump ends after the heap at line 1, before its `largest_free_block …` line"),
        ("  Totals:\n", 1, "The dump ends after `Totals:`"),
    ])
    func cutDumps(text: String, line: Int, message: String) {
        let d = diagnostic { () throws(Diagnostic) in _ = try HeapDumpParser.parse(ImportText(file: "dump.txt", contents: text)) }
        #expect(d?.line == line)
        #expect(d?.what.hasPrefix(message) == true)
    }
}
