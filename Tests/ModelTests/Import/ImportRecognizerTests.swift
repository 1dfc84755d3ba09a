import Model
import Testing

@Suite("Import: format recognition")
struct ImportRecognizerTests {
    @Test(arguments: [
        ("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt", [ImportFormat.bootLog]),
        ("boot-logs/import-esp32-split-heap-pr-2018.txt", [.bootLog]),
        ("imports/idf-heap-info-mp12952.txt", [.idfHeapInfo]),
        ("imports/idf-heap-info-mp7214-esp32s2.txt", [.idfHeapInfo]),
        ("imports/heap-dump-esp32s3-hx-esp32-cam-fpv-46.txt", [.heapDump]),
        ("imports/heap-dump-esp32-v4.4.4-esp32-cam-fpv-31.txt", [.heapDump]),
        ("imports/mem-info-split-heap-pr.txt", [.memInfo]),
        ("imports/idf-size-legacy-esp32.txt", [.idfSizeText]),
        ("imports/idf-size-idf42-esp32.txt", [.idfSizeText]),
        ("imports/idf-size-table-esp32-hello-world.txt", [.idfSizeText]),
        ("imports/idf-size-legacy-esp32.json", [.idfSizeJSON]),
        ("imports/idf-size-json2-esp32-hello-world.json", [.idfSizeJSON]),
        ("imports/heap-trace-synthetic.txt", [.heapTrace]),
    ])
    func eachFixtureIsRecognisedAsItsFormatOnly(path: String, formats: [ImportFormat]) throws {
        let f = try ImportRecognizer.recognise(try fixtureText(path))
        #expect(f.sections.map(\.format) == formats)
    }

    // A serial capture: boot log, then REPL output of idf_heap_info and mem_info.
    @Test func aSerialCaptureHoldsSeveralSections() throws {
        let f = try ImportRecognizer.recognise(ImportText(file: "capture.log", contents: """
            I (1951) heap_init: At 3FFC7E58 len 000181A8 (96 KiB): DRAM
            I (1957) heap_init: At 3FFE0440 len 00003AE0 (14 KiB): D/IRAM
            MicroPython v1.24.1 on 2024-11-29; Generic ESP32 module with ESP32
            >>> import esp32, micropython
            >>> esp32.idf_heap_info(esp32.HEAP_DATA)
            [(98728, 90000, 81920, 89000), (15072, 14656, 14336, 14656)]
            >>> micropython.mem_info()
            stack: 704 out of 15360
            GC: total: 57344, used: 5008, free: 52336, max new split: 81920
             No. of 1-blocks: 60, 2-blocks: 14, max blk sz: 64, max free sz: 3254
            """))
        #expect(f.sections.map(\.format) == [.bootLog, .idfHeapInfo, .memInfo])
        #expect(f.sections.map(\.lines) == [1...2, 6...6, 8...10])
        #expect(f.bootLog?.heaps.count == 2)
    }

    @Test func noneOfTheFormatsSaysWhichWereTried() {
        let d = diagnostic { () throws(Diagnostic) in _ = try ImportRecognizer.recognise(ImportText(file: "notes.txt", contents: "hello\nworld [1] (2)\n")) }
        #expect(d?.file == "notes.txt")
        #expect(d?.line == nil)
        #expect(d?.what == "None of the formats heapfit imports was recognised")
        for f in ImportFormat.allCases { #expect(d?.expected?.contains(f.title) == true) }
        #expect(d?.expected?.contains("heap_init: At <hex> len <hex>") == true)
    }

    @Test func emptyFile() {
        let d = diagnostic { () throws(Diagnostic) in _ = try ImportRecognizer.recognise(ImportText(file: "e.log", contents: "\n  \n")) }
        #expect(d?.what == "The file is empty")
    }

    // Near misses: each mentions something a parser looks at, none is that format.
    @Test(arguments: [
        "I (344) heap_init: Initializing. RAM available for dynamic allocation:",   // no At line
        "heap summary: nothing here",
        "{\"name\": \"not a size report\"}",
        "GC memory layout; from 3ffb30a0:",
    ])
    func nearMissesAreNotRecognised(text: String) {
        let d = diagnostic { () throws(Diagnostic) in _ = try ImportRecognizer.recognise(ImportText(file: "n.txt", contents: text)) }
        #expect(d?.what == "None of the formats heapfit imports was recognised")
    }
}
