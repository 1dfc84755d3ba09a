import Foundation
import Testing
import Model
@testable import Advisor

/// The repository's boards.yaml, found from this file.
let repositoryCatalogue: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("boards.yaml").path

@Test func heapsReportOfESP32GenericOnIDF542() throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let report = try HeapsCommand.report(catalogue: catalogue, boardName: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
    // Bluetooth on: four DRAM pieces, two D/IRAM, one IRAM (domain §4.1, §5.1 esp-idf#15146 shape).
    #expect(report.heaps.map(\.type) == ["DRAM", "DRAM", "DRAM", "DRAM", "D/IRAM", "D/IRAM", "IRAM"])
    // _data_start 0x3FFBDB60 (8-aligned dram0_0_seg origin with BT) + 53948, 8-aligned: 0x3FFCAE20.
    let main = try #require(report.heaps.first { $0.start == 0x3FFC_AE20 })
    #expect(main.size == 0x3FFE_0000 - main.start)
    // The big D/IRAM heap is untouched at app_main: 113840 − 20 − 852 (v5.4 control), fitted to 110592.
    let diram = try #require(report.heaps.first { $0.start == 0x3FFE_4350 })
    #expect(diram.free == 112968)
    #expect(diram.largestFreeBlock == 110592)
    #expect(report.heapDataLargest == 110592)
    #expect(report.heapDataFree == report.heaps.filter(\.heapData).map(\.free).reduce(0, +))
    #expect(!report.heaps.last!.heapData)  // IRAM has no MALLOC_CAP_8BIT
}

@Test func staticDRAMOverrideMovesTheMainDRAMHeap() throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    let base = try HeapsCommand.report(catalogue: catalogue, boardName: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
    let bigger = try HeapsCommand.report(catalogue: catalogue, boardName: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2),
                                         staticDRAM: 53948 + 8192)
    let a = base.heaps.first { $0.type == "DRAM" && $0.size > 20000 }!
    let b = bigger.heaps.first { $0.type == "DRAM" && $0.size > 20000 }!
    #expect(b.start - a.start == 8192)
    #expect(a.size - b.size == 8192)
    #expect(base.heapDataFree - bigger.heapDataFree == 8192)
}

@Test func unknownIDFReleaseIsADiagnosticNamingTheKnownOnes() throws {
    let catalogue = try CatalogueLoader.load(path: repositoryCatalogue)
    do {
        _ = try HeapsCommand.report(catalogue: catalogue, boardName: "ESP32_GENERIC", idf: IDFVersion(3, 3))
        Issue.record("IDF 3.3 should not be in the catalogue")
    } catch {
        #expect(error.what == "ESP-IDF 3.3 is not a release the catalogue knows")
        #expect(error.expected == "a stable release from 4.2 to 5.5.5")
    }
}
