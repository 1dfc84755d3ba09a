import Model
import Testing

@Suite("Import: esp32.idf_heap_info()")
struct IDFHeapInfoParserTests {
    @Test func mp12952() throws {
        let t = try fixtureText("imports/idf-heap-info-mp12952.txt")
        #expect(IDFHeapInfoParser.recognises(t))
        let lists = try IDFHeapInfoParser.parse(t)
        #expect(lists.count == 1)
        let l = try #require(lists.first)
        #expect(l.capsName == "esp32.HEAP_DATA")
        #expect(l.caps == 4)
        #expect(l.heaps.map(\.total) == [240, 7288, 16648, 87144, 15072, 113840])
        #expect(l.heaps[5] == HeapInfoTuple(line: 4, total: 113840, free: 112968, largestFreeBlock: 110592, minimumFree: 112968))
        #expect(l.totalFree == 4 + 244 + 3344 + 4344 + 14656 + 112968)
        #expect(l.largestFreeBlock == 110592)
    }

    @Test func wrappedAcrossLinesAfterAPrompt() throws {
        let l = try #require(try IDFHeapInfoParser.parse(try fixtureText("imports/idf-heap-info-mp7214-esp32s2.txt")).first)
        #expect(l.heaps.map(\.total) == [8148, 197736, 14864])
        #expect(l.heaps.map(\.line) == [5, 5, 6])
        #expect((l.firstLine, l.lastLine) == (5, 6))
        #expect(l.heaps[1].minimumFree == 34264)
    }

    @Test func onThePromptLineAndExecCaps() throws {
        let t = ImportText(file: "r.txt", contents: """
            >>> esp32.idf_heap_info(esp32.HEAP_EXEC)
            [(14176, 13760, 13312, 13760)]
            >>> [(240, 4, 0, 4)]
            """)
        let lists = try IDFHeapInfoParser.parse(t)
        #expect(lists.map(\.caps) == [1, nil])
        #expect(lists.map { $0.heaps.count } == [1, 1])
    }

    @Test func notRecognisedWithoutTuples() {
        #expect(!IDFHeapInfoParser.recognises(ImportText(file: "x", contents: "[18:30:12]I (737) heap_init: x\n[]")))
    }

    @Test(arguments: [
        ("[(240,4,0,4),\n (7288,244,224)]", 2, "An idf_heap_info tuple has 3 numbers"),
        ("[(240,4,0,4),(7288,244,224,52),\n(16648,3344", 2, "The idf_heap_info list opened at line 1 is not closed"),
        ("[(240,4,0,4),(72x8,244,224,52)]", 1, "Unexpected 'x' in an idf_heap_info tuple"),
        ("[(240,4,0,4) 7]", 1, "Unexpected '7' in the idf_heap_info list"),
    ])
    func badLists(text: String, line: Int, message: String) {
        let d = diagnostic { () throws(Diagnostic) in _ = try IDFHeapInfoParser.parse(ImportText(file: "info.txt", contents: text)) }
        #expect(d?.line == line)
        #expect(d?.file == "info.txt")
        #expect(d?.what.hasPrefix(message) == true)
    }
}
