import Foundation
import Testing
import Model
@testable import Advisor

/// `heapfit diff` as a library: ESP32_GENERIC from IDF 4.4 to 5.4.2.
@Suite("diff")
struct DiffTests {
    let catalogue: Catalogue
    init() throws { catalogue = try CatalogueLoader.load(path: repositoryCatalogue) }

    @Test func anIDFBumpOnESP32GenericMovesTheMainHeapByTheStaticDRAMGrowth() throws {
        let report = try DiffCommand.run(DiffRequest(from: IDFVersion(4, 4, 0), to: IDFVersion(5, 4, 2), boards: ["ESP32_GENERIC"]),
                                         catalogue: catalogue, library: repositoryWorkloads, jobs: 2)
        let board = try #require(report.boards.first)
        #expect(report.boards.count == 1 && report.notCompared.isEmpty)
        // boards.yaml: 4.4 is the interval 49224–51320 B of two published trees, booted at its upper end (the worst
        // case) → 53948 B (measured, 5.4.2).
        #expect(board.staticDRAM == Change(51320, 53948))
        #expect(board.staticDRAM.delta == 2628)
        // The main DRAM heap starts at _data_start 0x3FFBDB60 + static DRAM, 8-aligned, and ends at 0x3FFE0000:
        // 0x3FFCA3D8 on 4.4, 0x3FFCAE20 on 5.4.2, so it is 2632 B smaller.
        let main = try #require(board.heaps.first { $0.heap == "DRAM to 0x3FFE0000" })
        #expect(main.start == Change(0x3FFC_A3D8, 0x3FFC_AE20))
        #expect(main.size.delta == -2632)
        // Every figure pairs with what `heaps` reports for each release on its own.
        let a = try HeapsCommand.report(catalogue: catalogue, boardName: "ESP32_GENERIC", idf: IDFVersion(4, 4, 0))
        let b = try HeapsCommand.report(catalogue: catalogue, boardName: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
        #expect(board.heapDataFree == Change(a.heapDataFree, b.heapDataFree))
        #expect(board.heaps.compactMap(\.size.from).reduce(0, +) == a.heaps.map(\.size).reduce(0, +))
        #expect(board.heaps.compactMap(\.size.to).reduce(0, +) == b.heaps.map(\.size).reduce(0, +))
        // No static IRAM figure for 4.4: `heaps` takes the IRAM segment as full, so the IRAM heap appears only on
        // 5.4.2 — and the diff says that this comes from the assumption.
        #expect(board.heaps.first { $0.heap == "IRAM to 0x400A0000" }?.size == Change(nil, 14176))
        #expect(board.assumptions.count == 1)
        #expect(board.assumptions.first?.hasPrefix("4.4: Static IRAM is unknown") == true)
        // The 240 B heap below 0x3FFB0000 exists only on 5.4.2.
        #expect(board.heaps.first { $0.heap == "DRAM to 0x3FFB0000" }?.size == Change(nil, 240))
        let w = try #require(board.workloads.first)
        #expect(w.workload == "https-get-x2")
        #expect(w.firmware == Pair(from: "micropython-1.20", to: "micropython-1.28"))
        #expect(w.verdict == Pair(from: .fits, to: .fits))
        let rec = try RecommendCommand.run(RecommendationRequest(board: "ESP32_GENERIC", idfs: [IDFVersion(5, 4, 2)]),
                                           catalogue: catalogue, library: repositoryWorkloads)
        #expect(w.initialHeap.to == rec.initialHeapSize)
        #expect(w.idfHeadroom.to == rec.idfHeadroom)
        #expect(report.exitStatus == 0)
        let text = DiffEmitter.render(report, format: .text)
        #expect(text.contains("  static DRAM ") && text.contains("+2628\n"))
    }

    @Test func boardsWithoutDataOnBothReleasesAreListedAndNothingToCompareIsADiagnostic() throws {
        // Every stock board has data on every release its firmware supports (issue 14); a release the chip does not
        // run is what leaves a board out.
        let report = try DiffCommand.run(DiffRequest(from: IDFVersion(5, 0, 4), to: IDFVersion(5, 4, 2),
                                                     boards: ["ESP32_GENERIC", "ESP32_GENERIC_C6"]),
                                         catalogue: catalogue, library: repositoryWorkloads, jobs: 2)
        #expect(report.boards.map(\.board) == ["ESP32_GENERIC"])
        #expect(report.notCompared == [DiffReport.NotCompared(
            board: "ESP32_GENERIC_C6", reason: "ESP-IDF 5.0.4 does not support ESP32-C6")])
        do {
            _ = try DiffCommand.run(DiffRequest(from: IDFVersion(4, 4, 0), to: IDFVersion(5, 4, 2), boards: ["ESP8266_GENERIC"]),
                                    catalogue: catalogue, library: repositoryWorkloads, jobs: 1)
            Issue.record("a board without ESP-IDF was compared")
        } catch { #expect(error.what.hasPrefix("None of the boards asked for can be compared between ESP-IDF 4.4 and 5.4.2")) }
    }
}
