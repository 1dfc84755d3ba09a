import Model
import Testing

@Suite("Import: boot logs")
struct BootLogParserTests {
    @Test func idf532BluetoothLogWithDebugLines() throws {
        let log = try BootLogParser.parse(try fixtureText("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt"))
        #expect(log.heaps.count == 7)
        #expect(log.heaps.map(\.line) == [4, 6, 8, 10, 11, 12, 14])
        #expect(log.heaps[3] == HeapInitLine(line: 10, start: 0x3FFC7E58, size: 0x181A8, typeName: "DRAM"))
        #expect(log.heaps.last?.logLine == "At 40098E5C len 000071A4 (28 KiB): IRAM")
        #expect(log.idf == nil)
    }

    @Test func terminalPrefixesAndHints() throws {
        let log = try BootLogParser.parse(try fixtureText("boot-logs/import-esp32-esphome-firmware-242.txt"))
        #expect(log.heaps.map(\.start) == [0x3FFAE6E0, 0x3FFB86F8, 0x3FFE0440, 0x3FFE4350, 0x40095BB0])
        let seed = try BootLogParser.parse(try fixtureText("boot-logs/import-esp32-split-heap-pr-2018.txt"))
        #expect(seed.singleCore == BootHint(true, line: 4))
        #expect(seed.heaps.count == 5)
    }

    // The names every IDF release printed (domain §4, §5.1), tiny pieces, and the hints around them.
    @Test func everyTypeNameAndHint() throws {
        let text = ImportText(file: "mixed.log", contents: """
            I (26) boot: ESP-IDF v5.4.1 2nd stage bootloader
            I (33) boot.esp32p4: SPI Speed      : 80MHz
            I (31) app_init: ESP-IDF:          v5.4.1-dirty
            I (40) heap_init: At 3FFBDB5C len 00000004 (0 KiB): DRAM
            I (41) heap_init: At 3FCE9710 len 00005724 (21 KiB): STACK/DIRAM
            I (42) heap_init: At 3FCDC710 len 00002950 (10 KiB): DRAM/RETENTION/STACK
            I (43) heap_init: At 3FCC0000 len 0001C710 (113 KiB): Retention RAM
            I (44) heap_init: At 30100044 len 00001FBC (7 KiB): TCM
            I (45) heap_init: At 600FE100 len 00001EE8 (7 KiB): RTCRAM
            I (974) spiram: Adding pool of 4082K of external SPI memory to heap allocator
            I (100) spiram: Reserving pool of 32K of internal memory for DMA/internal allocations
            """)
        let log = try BootLogParser.parse(text)
        #expect(log.heaps.map(\.typeName) == ["DRAM", "STACK/DIRAM", "DRAM/RETENTION/STACK", "Retention RAM", "TCM", "RTCRAM"])
        #expect(log.heaps.first?.size == 4)
        #expect(log.idf == BootHint(IDFVersion(5, 4, 1), line: 3))  // the app's, not the bootloader's
        #expect(log.idfText == "v5.4.1-dirty")
        #expect(log.chipTag == BootHint("esp32p4", line: 2))
        #expect(log.psramPoolKiB == BootHint(4082, line: 10))
        #expect(log.internalReserveKiB == BootHint(32, line: 11))
    }

    @Test func bootloaderVersionWhenTheAppDoesNotPrintOne() throws {
        let log = try BootLogParser.parse(ImportText(file: "b.log", contents: """
            I (27) boot: ESP-IDF v5.4-dev-78-gd4cd437ede-dirty 2nd stage bootloader
            I (50) heap_init: At 3FFAE6E0 len 00001920 (6 KiB): DRAM
            """))
        #expect(log.idf == BootHint(IDFVersion(5, 4), line: 1))
    }

    @Test(arguments: [
        ("I (1917) heap_init: At 3FFAFF10 len 000", 1, "A heap_init line is cut or garbled: 'I (1917) heap_init: At 3FFAFF10 len 000'"),
        ("ok\nI (1917) heap_init: At 3FFAFF10 len 000000F0 (0 KiB):", 2, "A heap_init line ends before its memory type name"),
        ("I (1) heap_init: At 3FFAE6E0 len 00001920 (9 KiB): DRAM", 1, "A heap_init line says 9 KiB but len 00001920 is 6 KiB"),
    ])
    func garbledLines(text: String, line: Int, message: String) {
        let d = diagnostic { () throws(Diagnostic) in _ = try BootLogParser.parse(ImportText(file: "boot.log", contents: text)) }
        #expect(d?.file == "boot.log")
        #expect(d?.line == line)
        #expect(d?.what.hasPrefix(message) == true)
        #expect(d?.description.hasPrefix("boot.log:\(line): ") == true)
    }
}
