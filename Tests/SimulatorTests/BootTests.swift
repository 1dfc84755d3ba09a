import Foundation
import Model
import Testing
@testable import Simulator

/// The repository's boards.yaml (Tests/SimulatorTests/… → root).
func repoCatalogue() throws -> Catalogue {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return try CatalogueLoader.load(path: root.appendingPathComponent("boards.yaml").path)
}

/// The ESP32 layout `idf` builds for `f` (boards.yaml).
func esp32(_ f: Features = Features(), idf: IDFVersion = IDFVersion(5, 4, 2)) throws -> ChipLayout {
    let c = try repoCatalogue()
    return try #require(c.chip(named: "ESP32")).layout(idf: idf, features: f, file: c.file)
}

func bootLines(_ f: Features, dram: Int, iram: Int?, idf: IDFVersion = IDFVersion(5, 4, 2)) throws -> [String] {
    let chip = try esp32(f, idf: idf)
    let placement = try StaticPlacement(chip: chip, staticDRAM: dram, staticIRAM: iram)
    return try Boot.pieces(chip: chip, placement: placement).map(\.logLine)
}

@Suite("Boot: heap_init lines")
struct BootTests {
    // docs/domain/esp-idf-heap.md §4.1, verified against nabto/edge-esp32 README: BT off, dual core.
    @Test(arguments: [(31072, "At 3FFB7960 len 000286A0 (161 KiB): DRAM"),
                      (34016, "At 3FFB84E0 len 00027B20 (158 KiB): DRAM")])
    func btOffDualCore(staticDRAM: Int, dramLine: String) throws {
        let lines = try bootLines(Features(), dram: staticDRAM, iram: 0x18000)
        #expect(Array(lines.prefix(4)) == ["At 3FFAE6E0 len 00001920 (6 KiB): DRAM", dramLine,
                                           "At 3FFE0440 len 00003AE0 (14 KiB): D/IRAM",
                                           "At 3FFE4350 len 0001BCB0 (111 KiB): D/IRAM"])
        // §4.1: 165536 = 0x286A0 and 162592 = 0x27B20.
        #expect(lines.count == 5)
        #expect(lines.last == "At 40098000 len 00008000 (32 KiB): IRAM")
    }

    // espressif/esp-idf#15146, IDF v5.3.2, BT on (domain §5.1). S and I are derived from its own
    // DRAM and IRAM lines: S = 0x3FFC7E58 − 0x3FFBDB60 (_data_start with BT) = 41720, I = 0x40098E5C − 0x40080000.
    @Test func idf532BluetoothOn() throws {
        let lines = try bootLines(Features(bluetooth: true), dram: 0x3FFC7E58 - 0x3FFBDB60, iram: 0x18E5C,
                                  idf: IDFVersion(5, 3, 2))
        #expect(lines == ["At 3FFAFF10 len 000000F0 (0 KiB): DRAM", "At 3FFB6388 len 00001C78 (7 KiB): DRAM",
                          "At 3FFB9A20 len 00004108 (16 KiB): DRAM", "At 3FFC7E58 len 000181A8 (96 KiB): DRAM",
                          "At 3FFE0440 len 00003AE0 (14 KiB): D/IRAM", "At 3FFE4350 len 0001BCB0 (111 KiB): D/IRAM",
                          "At 40098E5C len 000071A4 (28 KiB): IRAM"])
    }

    // dakhnod/ESP32-Bluetooth-USB-dongle#5, IDF 5.5, BT with 3 SCO (domain §5.1):
    // S = 0x3FFC3B50 − 0x3FFBDB60, I = 0x40099FD8 − 0x40080000. The quoted log starts at the SCO line;
    // bt.c (v5.5) still reserves rom_bt_data, so the 0xF0 piece at 0x3FFAFF10 is predicted before it.
    @Test func bluetoothThreeSCO() throws {
        let lines = try bootLines(Features(bluetooth: true, scoConnections: 3), dram: 0x3FFC3B50 - 0x3FFBDB60,
                                  iram: 0x19FD8, idf: IDFVersion(5, 5))
        #expect(Array(lines.dropFirst()) == [
            "At 3FFB7CD8 len 00000328 (0 KiB): DRAM", "At 3FFB9A20 len 00004108 (16 KiB): DRAM",
            "At 3FFC3B50 len 0001C4B0 (113 KiB): DRAM", "At 3FFE0440 len 00003AE0 (14 KiB): D/IRAM",
            "At 3FFE4350 len 0001BCB0 (111 KiB): D/IRAM", "At 40099FD8 len 00006028 (24 KiB): IRAM"])
        #expect(lines.first == "At 3FFAFF10 len 000000F0 (0 KiB): DRAM")
    }

    // §4.1 single core (espressif/esp-idf#6992): one 126 KiB D/IRAM heap and a 32 KiB IRAM heap at
    // 0x40078000. Its IRAM is full (no line after 0x40078000), so I = 0x20000. Without the RTC fast heap
    // (the default from v4.2 in single-core mode is on; see the #6992 fixture).
    @Test func singleCore() throws {
        let lines = try bootLines(Features(singleCore: true, rtcFastHeap: false), dram: 31072, iram: 0x20000)
        #expect(lines == ["At 3FFAE6E0 len 00001920 (6 KiB): DRAM", "At 3FFB7960 len 000286A0 (161 KiB): DRAM",
                          "At 3FFE0440 len 0001FBC0 (126 KiB): D/IRAM", "At 40078000 len 00008000 (32 KiB): IRAM"])
    }

    // The RTC fast heap, on by default in single-core mode: first in v4.2–v4.4, last from v4.4.1 (layout v4.4, v4.4.1);
    // its start moves past the RTC fast data.
    @Test func singleCoreRTCFastHeap() throws {
        let chip = try esp32(Features(singleCore: true), idf: IDFVersion(4, 4))
        let lines = try Boot.pieces(chip: chip, placement: try StaticPlacement(chip: chip, staticDRAM: 31072, staticIRAM: nil,
                                                                               staticRTC: 0x2C)).map(\.logLine)
        #expect(lines.first == "At 3FF8002C len 00001FD4 (7 KiB): RTCRAM")
        #expect(try bootLines(Features(singleCore: true), dram: 31072, iram: nil).last == "At 3FF80000 len 00002000 (8 KiB): RTCRAM")
    }

    // Unknown static IRAM is taken as filling iram0_0_seg: no IRAM heap above 0x40080000.
    @Test func unknownIRAMFillsTheSegment() throws {
        #expect(try bootLines(Features(), dram: 31072, iram: nil).last == "At 3FFE4350 len 0001BCB0 (111 KiB): D/IRAM")
    }

    // IDF drops pieces of 16 B or less (memory_layout_utils.c "ignore regions smaller than 16B").
    @Test func tinyPiecesDropped() throws {
        // IRAM leaving exactly 16 B before 0x400A0000: no IRAM line; 20 B: a 20 B line.
        #expect(try bootLines(Features(), dram: 31072, iram: 0x20000 - 16).last?.hasSuffix("D/IRAM") == true)
        #expect(try bootLines(Features(), dram: 31072, iram: 0x20000 - 20).last == "At 4009FFEC len 00000014 (0 KiB): IRAM")
    }

    // ESP32_GENERIC on 5.4.2: _data_start 0x3FFBDB60 + 53948 = 0x3FFCAE1C, 8-aligned 0x3FFCAE20;
    // 0x3FFE0000 − that = 0x151E0 = 86496 B (84 KiB).
    @Test func generic542() throws {
        let lines = try bootLines(Features(bluetooth: true), dram: 53948, iram: 116894)
        #expect(lines.contains("At 3FFCAE20 len 000151E0 (84 KiB): DRAM"))
        // _iram_end = align4(0x40080000 + 116894) = 0x4009C8A0.
        #expect(lines.last == "At 4009C8A0 len 00003760 (13 KiB): IRAM")
    }

    @Test func staticDRAMTooLarge() throws {
        let chip = try esp32(Features(bluetooth: true))
        #expect {
            _ = try StaticPlacement(chip: chip, staticDRAM: 200_000, staticIRAM: 0)
        } throws: { e in
            "\(e)".contains("Static DRAM of 200000 B does not fit ESP32's dram0_0_seg (124576 B from 0x3FFBDB60 with Bluetooth)")
        }
    }
}
