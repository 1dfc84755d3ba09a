import Foundation
import Model
import Testing
@testable import Advisor

@Suite("Import: deriving a board from heap_init lines")
struct RegionMapDerivationTests {
    func log(_ lines: [String]) -> BootLog {
        let text = lines.map { "I (0) heap_init: " + $0 }.joined(separator: "\n")
        return (try? BootLogParser.parse(ImportText(file: "t", contents: text))) ?? BootLog(heaps: [])
    }

    @Test func bluetoothAndSCOComeFromTheBTPieces() throws {
        let esp32 = try #require(try repoCatalogue().chip(named: "ESP32"))
        let none = try #require(RegionMapDerivation.candidates(
            log: try BootLogParser.parse(ImportText(file: "a", contents: try fixtureContents("boot-logs/import-esp32-v5.3.2-esp-idf-15146.log"))),
            chips: [esp32]).first)
        #expect(none.features == Features(bluetooth: true, scoConnections: 0))
        #expect((none.staticDRAM, none.staticIRAM) == (41724, 101980))
        #expect((none.dramLine, none.iramLine) == (10, 14))
        #expect(none.match.isExact)
        let three = try #require(try importFixture("boot-logs/import-esp32-v5.5-bt-3sco-dakhnod-5.log").derivation)
        #expect(three.features == Features(bluetooth: true, scoConnections: 3))
        #expect(three.staticDRAM == 0x3FFC3B50 - 0x3FFBDB5C)
        #expect(three.match.missingAtEdges.map(\.start) == [0x3FFAFF10])
        let off = try #require(try importFixture("boot-logs/import-esp32-esphome-firmware-242.log").derivation)
        #expect(off.features == Features())
        #expect((off.staticDRAM, off.staticIRAM) == (0x86F8, 0x15BB0))
    }

    // §4.1 single core (BootTests.singleCore): no IRAM heap after the code, so IRAM is taken as full,
    // with confidence unknown; the cores come from the merged 126 KiB D/IRAM heap, not from a hint.
    @Test func singleCoreAndFullIRAM() throws {
        let text = """
            I (1) heap_init: At 3FFAE6E0 len 00001920 (6 KiB): DRAM
            I (2) heap_init: At 3FFB7960 len 000286A0 (161 KiB): DRAM
            I (3) heap_init: At 3FFE0440 len 0001FBC0 (126 KiB): D/IRAM
            I (4) heap_init: At 40078000 len 00008000 (32 KiB): IRAM
            """
        let r = try ImportCommand.report(file: "single.log", contents: text, catalogue: try repoCatalogue(), board: nil,
                                         idf: IDFVersion(5, 4, 2))
        let d = try #require(r.derivation)
        #expect(d.features == Features(singleCore: true))
        #expect((d.staticDRAM, d.staticIRAM) == (31072, 0x20000))
        #expect(d.iramLine == nil)
        #expect(r.boardEntry?.iramConfidence == .unknown)
        #expect(r.notes.contains { $0.hasPrefix("No IRAM heap follows the code in the log") })
    }

    // espressif/esp-idf#6992: dram0_0_seg moved by the BT reserve, bt.c not linked — not expressible.
    @Test func btReserveWithoutTheControllerIsReportedNotGuessed() throws {
        let r = try importFixture("boot-logs/import-esp32-single-core-esp-idf-6992.log", idf: IDFVersion(4, 4))
        #expect(r.boardEntry == nil)
        #expect(r.derivation?.isUsable == false)
        let note = try #require(r.notes.first { $0.hasPrefix("No chip, feature set and static sizes in boards.yaml reproduce") })
        #expect(note.contains("Line 4's heap ends at 0x3FFBDB60, where dram0_0_seg begins when CONFIG_BTDM_RESERVE_DRAM is set"))
        #expect(note.hasSuffix("No entry is made."))
    }

    // The 2018 log (seed): its static DRAM would not fit today's dram0_0_seg.
    @Test func aLogFromAnOlderLinkerLayout() throws {
        let r = try importFixture("boot-logs/import-esp32-split-heap-pr-2018.log", idf: IDFVersion(4, 4))
        #expect(r.derivation == nil)
        #expect(r.boardEntry == nil)
        #expect(r.notes.contains { $0.hasPrefix("No static DRAM/IRAM puts _heap_start or _iram_end at one of these heaps on ESP32") })
        #expect(r.sections.first?.summary == "5 heap_init lines; single core (line 4)")
    }

    // IDF < 4.2 printed pieces of 16 B or less (esp-at#137: `At 3FFBDB5C len 00000004`); they do not stop the match.
    @Test func tinyPiecesOfOldReleases() throws {
        let lines = ["At 3FFAFF10 len 000000F0 (0 KiB): DRAM", "At 3FFB6388 len 00001C78 (7 KiB): DRAM",
                     "At 3FFB9A20 len 00004108 (16 KiB): DRAM", "At 3FFBDB5C len 00000004 (0 KiB): DRAM",
                     "At 3FFCC3F0 len 00013C10 (79 KiB): DRAM", "At 3FFE0440 len 00003AE0 (14 KiB): D/IRAM",
                     "At 3FFE4350 len 0001BCB0 (111 KiB): D/IRAM", "At 40096B20 len 000094E0 (37 KiB): IRAM"]
        let esp32 = try #require(try repoCatalogue().chip(named: "ESP32"))
        let d = try #require(RegionMapDerivation.candidates(log: log(lines), chips: [esp32]).first)
        #expect(d.isUsable)
        #expect(d.match.tinyPieces.map(\.start) == [0x3FFBDB5C])
        #expect(d.staticDRAM == 0x3FFCC3F0 - 0x3FFBDB5C)
    }

    // A chip boards.yaml does not have yet: the tag says so, and no entry is made.
    @Test func chipNotInTheCatalogue() throws {
        let text = """
            I (31) boot.esp32s3: Boot SPI Speed : 80MHz
            I (582) heap_init: At 3FC962A8 len 00053468 (333 KiB): RAM
            I (588) heap_init: At 3FCE9710 len 00005724 (21 KiB): RAM
            I (599) heap_init: At 3FCF0000 len 00008000 (32 KiB): DRAM
            I (611) heap_init: At 600FE100 len 00001EE8 (7 KiB): RTCRAM
            """
        let r = try ImportCommand.report(file: "s3.log", contents: text, catalogue: try repoCatalogue(), board: nil, idf: nil)
        #expect(r.boardEntry == nil)
        #expect(r.regionMap?.count == 4)
        #expect(r.notes.contains { $0.hasPrefix("The log is from an ESP32-S3 (boot.esp32s3, line 1), which boards.yaml does not define yet") })
    }

    @Test(arguments: [
        (["At 3FC962A8 len 00053468 (333 KiB): RAM", "At 3FCE9710 len 00005724 (21 KiB): RAM"], "ESP32-S3"),
        (["At 4080D8E0 len 0006ED30 (443 KiB): RAM"], "ESP32-C6"),
        (["At 3FC8F560 len 00030AA0 (194 KiB): RAM", "At 3FCC0000 len 0001C710 (113 KiB): Retention RAM"], "ESP32-C3"),
        (["At 3FFD7B10 len 000244F0 (145 KiB): RAM", "At 3FFFC000 len 00003A10 (14 KiB): RAM"], "ESP32-S2"),
        (["At 3FFAE6E0 len 00001920 (6 KiB): DRAM"], "ESP32"),
        (["At 4FF1ACE0 len 000202E0 (128 KiB): RAM"], "ESP32-P4"),
    ])
    func chipGuessFromAddresses(lines: [String], chip: String) {
        #expect(ChipGuess.guess(log(lines))?.chip == chip)
    }

    @Test func noReleaseNoEntry() throws {
        let r = try importFixture("boot-logs/import-esp32-esphome-firmware-242.log")
        #expect(r.derivation?.isUsable == true)
        #expect(r.boardEntry == nil)
        #expect(r.notes.contains("No boards.yaml entry: the log does not print its ESP-IDF release; pass --idf."))
    }

    @Test func severalBootsInOneCapture() throws {
        let boot = try fixtureContents("boot-logs/import-esp32-v5.3.2-esp-idf-15146.log")
        let text = "ets Jun  8 2016 00:22:57\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\n"
            + "I (29) app_init: ESP-IDF:          v5.3.2\n" + boot
            + "rst:0xc (SW_CPU_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\nI (30) app_init: ESP-IDF:          v5.3.1\n" + boot
        let r = try ImportCommand.report(file: "two.log", contents: text, catalogue: try repoCatalogue(), board: nil, idf: nil)
        #expect(r.parsed.bootLogs.count == 2)
        #expect(r.parsed.bootLogs.map { $0.idf?.value } == [IDFVersion(5, 3, 2), IDFVersion(5, 3, 1)])
        #expect(r.boardEntry?.idf == IDFVersion(5, 3, 2))
        #expect(r.notes.contains { $0.hasPrefix("The file holds 2 boots; the first (lines 7–17)") })
    }

    @Test func aTypeNameNoReleasePrintsIsNoted() throws {
        let text = "I (1) heap_init: At 3FFAE6E0 len 00001920 (6 KiB): DRAM\nI (2) heap_init: At 40095BB0 len 0000A450 (41 KiB): IR"
        let r = try ImportCommand.report(file: "cut.log", contents: text, catalogue: try repoCatalogue(), board: nil, idf: nil)
        #expect(r.notes.first == "Line 2's memory type `IR` is not a name ESP-IDF prints; the line may be cut.")
    }
}
