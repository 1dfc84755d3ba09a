import Model
import Testing

@Suite("Import: heap_trace_dump()")
struct HeapTraceParserTests {
    @Test func synthetic() throws {
        let dumps = try HeapTraceParser.parse(try fixtureText("imports/heap-trace-synthetic.txt"))
        let d = try #require(dumps.first)
        #expect((d.declaredRecords, d.capacity) == (3, 100))
        #expect(d.records.map(\.size) == [96, 1600, 16717])
        #expect(d.records[0].freedBy == [0x400D2C44, 0x400D2B48])
        #expect(d.records[1].freedBy == nil)
        #expect(d.records[2] .address == 0x3FFC1200)
        #expect(d.records[2].cpu == 1)
        #expect(d.records[0].memory == "Internal")
        #expect(d.mode == "All")
        #expect((d.totalAllocations, d.totalFrees) == (3, 1))
        #expect(!d.overflowed)
    }

    @Test func olderRecordsWithoutMemoryLabel() throws {
        let d = try #require(try HeapTraceParser.parse(ImportText(file: "t", contents: """
            ====== Heap Trace: 1 records (10 capacity) ======
                40 bytes (@ 0x3ffb8a50) allocated CPU 0 ccount 0x1c2f8a40 caller 0x400d2a1c:0x400d2b30
            ====== Heap Trace Summary ======
            Mode: Heap Trace Leaks
            40 bytes 'leaked' in trace (1 allocations)
            records: 1 (10 capacity, 1 high water mark)
            total allocations: 1
            total frees: 0
            ================================
            """)).first)
        #expect(d.records.first?.memory == nil)
        #expect(d.mode == "Leaks")
    }

    @Test func cutTrace() {
        let d = diagnostic { () throws(Diagnostic) in _ = try HeapTraceParser.parse(ImportText(file: "t.txt", contents: """
            ====== Heap Trace: 2 records (10 capacity) ======
                40 bytes (@ 0x3ffb8a50) allocated CPU 0 ccount 0x1c2f8a40 caller 0x400d2a1c
                16 bytes (@ 0x3ffb8a
            """)) }
        #expect(d?.line == 3)
        #expect(d?.what.hasPrefix("A heap trace record is cut or garbled") == true)
    }
}
