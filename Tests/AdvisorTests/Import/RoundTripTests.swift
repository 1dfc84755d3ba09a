import Foundation
import Model
import Testing
@testable import Advisor

/// The importers round-trip: import a real boot log, load the boards.yaml entry it prints, boot that board
/// with the simulator (`heapfit heaps`), and get the same heap_init lines.
@Suite("Import: round trip through boards.yaml and the simulated boot")
struct RoundTripTests {
    /// Imports `log`, adds its entry to boards.yaml, boots it, returns (logged lines, booted lines, report).
    func roundTrip(_ log: String, idf: IDFVersion?) throws -> ([String], [String], ImportReport) {
        let report = try importFixture(log, idf: idf)
        let entry = try #require(report.boardEntry, "no entry: \(report.notes)")
        let catalogue = try CatalogueLoader.parse(try catalogueText(adding: entry.yaml), file: "boards+import.yaml")
        let booted = try HeapsCommand.report(catalogue: catalogue, boardName: entry.name, idf: entry.idf)
        return (try heapInitLines(log), booted.bootLines, report)
    }

    @Test(arguments: [
        ("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt", IDFVersion(5, 3, 2)),
        ("boot-logs/import-esp32-esphome-firmware-242.txt", IDFVersion(5, 1, 4)),
        ("boot-logs/import-esp32-v5.3.1-unidentified.txt", IDFVersion(5, 3, 1)),
        ("boot-logs/import-esp32-v4.4-unidentified.txt", IDFVersion(4, 4)),
    ])
    func everyLineComesBack(log: String, idf: IDFVersion) throws {
        let (logged, booted, report) = try roundTrip(log, idf: idf)
        #expect(logged.count >= 5)
        #expect(booted == logged)
        #expect(report.boardEntry?.idf == idf)
        #expect(report.boardEntry?.dram.confidence == .imported)
        #expect(report.boardEntry?.iram?.confidence == .imported)
    }

    // The quote of dakhnod#5 starts at the SCO line: the board boots to the same six lines, after the
    // rom_bt_data piece bt.c still reserves around (domain §5.1; BootTests.bluetoothThreeSCO).
    @Test func aLogCutAtItsStartComesBackAfterThePieceItLacks() throws {
        let (logged, booted, report) = try roundTrip("boot-logs/import-esp32-v5.5-bt-3sco-dakhnod-5.txt", idf: IDFVersion(5, 5))
        #expect(Array(booted.dropFirst()) == logged)
        #expect(booted.first == "At 3FFAFF10 len 000000F0 (0 KiB): DRAM")
        #expect(report.notes.contains { $0.contains("it seems cut at its start") })
    }

    // The entry's source names the file and the lines; the static sizes are heap start − _data_start / _iram_start.
    @Test func entryTextAsBoardsYAMLHasIt() throws {
        let report = try importFixture("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt", idf: IDFVersion(5, 3, 2))
        let yaml = try #require(report.boardEntry?.yaml)
        #expect(yaml.contains("  - name: IMPORT_ESP32_V5_3_2_ESP_IDF_15146\n    chip: ESP32\n"))
        #expect(yaml.contains("    features: {bluetooth: true, scoConnections: 0, singleCore: false, spiram: false}\n"))
        #expect(yaml.contains("      - idf: 5.3.2\n"))
        // 0x3FFC7E58 − 0x3FFBDB60 = 41720; 0x40098E5C − 0x40080000 = 101980: the figures the catalogue's own
        // fixture esp32-5.3.2-esp-idf-15146.log derives by hand.
        #expect(yaml.contains("dram: {value: 41720, confidence: imported, source: \"import-esp32-v5.3.2-esp-idf-15146.txt line 10: "
                              + "heap 0x3FFC7E58 (_heap_start) − 0x3FFBDB60 (_data_start)\"}"))
        #expect(yaml.contains("iram: {value: 101980, confidence: imported, source: \"import-esp32-v5.3.2-esp-idf-15146.txt line 14: "))
    }
}
