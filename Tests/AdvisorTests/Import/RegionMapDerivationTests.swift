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

    func derive(_ log: BootLog, idf: IDFVersion?) throws -> DerivedRegionMap {
        let c = try repoCatalogue()
        return try #require(RegionMapDerivation.candidates(log: log, chips: ImportCommand.candidateChips(log, c), catalogue: c,
                                                           idf: idf).first)
    }

    @Test func bluetoothAndSCOComeFromTheBTPieces() throws {
        let text = try fixtureContents("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt")
        let none = try derive(try BootLogParser.parse(ImportText(file: "a", contents: text)), idf: IDFVersion(5, 3, 2))
        #expect(none.features == Features(bluetooth: true))
        #expect((none.staticDRAM, none.staticIRAM) == (41720, 101980))
        #expect((none.dramLine, none.iramLine) == (10, 14))
        #expect(none.match.isExact)
        let three = try #require(try importFixture("boot-logs/import-esp32-v5.5-bt-3sco-dakhnod-5.txt").derivation)
        #expect(three.features == Features(bluetooth: true, scoConnections: 3))
        #expect(three.staticDRAM == 0x3FFC3B50 - 0x3FFBDB60)
        #expect(three.match.missingAtEdges.map(\.start) == [0x3FFAFF10])
        let off = try #require(try importFixture("boot-logs/import-esp32-esphome-firmware-242.txt").derivation)
        #expect(off.features == Features())
        #expect((off.staticDRAM, off.staticIRAM) == (0x86F8, 0x15BB0))
    }

    // §4.1 single core (BootTests.singleCore): ESP32's RTC fast heap defaults to on in single-core mode; a log
    // without an RTCRAM line is a build that turned it off. No IRAM heap after the code: IRAM unknown.
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
        #expect(d.features == Features(singleCore: true, rtcFastHeap: false))
        #expect(d.staticDRAM == 31072)
        #expect(d.staticIRAM == nil)
        #expect(r.boardEntry?.iram == BoardEntry.Figure(value: nil, confidence: .unknown, source:
            "single.log has no IRAM heap after the code (IRAM full, or the log is cut); use idf.py size \"Used static IRAM\""))
        #expect(r.notes.contains { $0.hasPrefix("No IRAM heap follows the code in the log") })
    }

    // espressif/esp-idf#6992: Bluetooth enabled (dram0_0_seg moved) with the controller not linked, single core,
    // RTC fast heap off — what the catalogue's own fixture esp32-4.2-esp-idf-6992.log states by hand.
    @Test func btReserveWithoutTheController() throws {
        let r = try importFixture("boot-logs/import-esp32-single-core-esp-idf-6992.txt", idf: IDFVersion(4, 2))
        let d = try #require(r.derivation)
        #expect(d.match.isExact)
        #expect(d.features == Features(bluetooth: true, btController: false, singleCore: true, rtcFastHeap: false))
        #expect(d.staticDRAM == 32920)  // 0x3FFC5BF8 − 0x3FFBDB60
        #expect(r.boardEntry?.yaml.contains("features: {bluetooth: true, btController: false, scoConnections: 0, "
                                            + "singleCore: true, spiram: false, rtcFastHeap: false}") == true)
    }

    // The 2018 log (seed): ESP-IDF v3.x, whose static DRAM would not fit today's dram0_0_seg.
    @Test func aLogFromAnOlderLinkerLayout() throws {
        let r = try importFixture("boot-logs/import-esp32-split-heap-pr-2018.txt")
        #expect(r.derivation == nil)
        #expect(r.boardEntry == nil)
        #expect(r.notes.contains { $0.hasPrefix("None of these heaps starts where static data can end (_heap_start) on ESP32 as boards.yaml lays it out") })
        #expect(r.sections.first?.summary == "5 heap_init lines; single core (line 4)")
    }

    // IDF < 4.2 printed pieces of 16 B or less (esp-at#137: `At 3FFBDB5C len 00000004`); they do not stop the match.
    @Test func tinyPiecesOfOldReleases() throws {
        let lines = ["At 3FFAFF10 len 000000F0 (0 KiB): DRAM", "At 3FFB6388 len 00001C78 (7 KiB): DRAM",
                     "At 3FFB9A20 len 00004108 (16 KiB): DRAM", "At 3FFBDB5C len 00000004 (0 KiB): DRAM",
                     "At 3FFCC3F0 len 00013C10 (79 KiB): DRAM", "At 3FFE0440 len 00003AE0 (14 KiB): D/IRAM",
                     "At 3FFE4350 len 0001BCB0 (111 KiB): D/IRAM", "At 40096B20 len 000094E0 (37 KiB): IRAM"]
        let d = try derive(log(lines), idf: IDFVersion(4, 2))
        #expect(d.isUsable)
        #expect(d.match.tinyPieces.map(\.start) == [0x3FFBDB5C])
        #expect(d.staticDRAM == 0x3FFCC3F0 - 0x3FFBDB60)
    }

    // ESP32-S3, v5.3.1 (domain §5.1; the catalogue's fixture esp32s3-5.3.1-unidentified.log derives static DRAM
    // 0x3FCA7880 − 0x3FC88000 and RTC data 0x100 by hand). No release given: found from the layout.
    @Test func s3WithRTCDataAndNoReleaseGiven() throws {
        let d = try derive(log(["At 3FCA7880 len 00041E90 (263 KiB): RAM", "At 3FCE9710 len 00005724 (21 KiB): RAM",
                                "At 3FCF0000 len 00008000 (32 KiB): DRAM", "At 600FE100 len 00001EE8 (7 KiB): RTCRAM"]), idf: nil)
        #expect(d.chip == "ESP32-S3")
        #expect(d.match.isExact)
        #expect(d.staticDRAM == 0x3FCA7880 - 0x3FC88000)
        #expect(d.staticRTC == 0x100)
        #expect(d.rtcLine == 4)
        #expect(d.releases.contains(IDFVersion(5, 3, 1)))
        #expect(!d.releases.contains(IDFVersion(4, 4)))  // v4.4 named the main heap D/IRAM
    }

    // A chip boards.yaml does not define: the tag says so, and no entry is made.
    @Test func chipNotInTheCatalogue() throws {
        let text = """
            I (33) boot.esp32p4: SPI Speed      : 80MHz
            I (582) heap_init: At 4FF1ACE0 len 000202E0 (128 KiB): RAM
            I (611) heap_init: At 30100044 len 00001FBC (7 KiB): TCM
            """
        let r = try ImportCommand.report(file: "p4.log", contents: text, catalogue: try repoCatalogue(), board: nil, idf: nil)
        #expect(r.boardEntry == nil)
        #expect(r.regionMap?.count == 2)
        #expect(r.notes.contains { $0.hasPrefix("The log is from an ESP32-P4 (boot.esp32p4, line 1), which boards.yaml does not define") })
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
        let r = try importFixture("boot-logs/import-esp32-esphome-firmware-242.txt")
        #expect(r.derivation?.isUsable == true)
        #expect(r.boardEntry == nil)
        #expect(r.notes.contains("The log does not print its ESP-IDF release; ESP-IDF 4.2…5.5.5 lay ESP32 out this way."))
        #expect(r.notes.contains("No boards.yaml entry: the log does not print its ESP-IDF release; pass --idf."))
    }

    @Test func aReleaseBoardsYAMLDoesNotList() throws {
        let r = try importFixture("boot-logs/import-esp32-esphome-firmware-242.txt", idf: IDFVersion(5, 4, 9))
        #expect(r.boardEntry == nil)
        #expect(r.notes.contains { $0.hasPrefix("No boards.yaml entry: ESP-IDF 5.4.9 is not a release boards.yaml lists") })
    }

    @Test func severalBootsInOneCapture() throws {
        let boot = try fixtureContents("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt")
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
