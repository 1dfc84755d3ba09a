import Foundation
import Model
import Testing
@testable import Advisor

@Suite("Import: comparisons with a catalogue board")
struct ImportComparisonTests {
    // mp#12952 was printed at boot on IDF 5.0.2 by ESP32_GENERIC: every total pairs with a simulated heap,
    // and the heaps nothing had touched yet (the two D/IRAM heaps) report exactly the simulated figures.
    @Test func mp12952AgainstESP32Generic502() throws {
        let r = try importFixture("imports/idf-heap-info-mp12952.txt", board: "ESP32_GENERIC", idf: IDFVersion(5, 0, 2))
        let c = try #require(r.comparisons.first)
        #expect(c.kind == .idfHeapInfo)
        #expect(c.rows.count == 6)
        #expect(c.rows.allSatisfy { $0.imported?.size == $0.catalogue?.size })
        for total in [15072, 113840] {
            let row = try #require(c.rows.first { $0.imported?.size == total })
            #expect(row.imported?.free == row.catalogue?.free)
            #expect(row.imported?.largestFreeBlock == row.catalogue?.largestFreeBlock)
            #expect(row.imported?.minimumFree == row.catalogue?.minimumFree)
        }
        // The main DRAM heap (87144, where the catalogue's 5.0.2 static DRAM comes from) is in use at boot.
        let main = try #require(c.rows.first { $0.imported?.size == 87144 })
        #expect(main.imported?.free == 4344)
        #expect((main.catalogue?.free ?? 0) > 80000)
    }

    // On another release the main DRAM heap has another size; it still pairs, by position.
    @Test func heapsPairByPositionWhenTheSizesMoved() throws {
        let r = try importFixture("imports/idf-heap-info-mp12952.txt", board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
        let c = try #require(r.comparisons.first)
        #expect(c.rows.count == 6)
        let main = try #require(c.rows.first { $0.imported?.size == 87144 })
        #expect(main.catalogue?.size == 0x3FFE0000 - 0x3FFCAE20)  // _heap_start = align8(0x3FFBDB60 + 53948)
    }

    @Test func dumpPairsByAddressThenByEnd() throws {
        let r = try importFixture("imports/heap-dump-esp32-v4.4.4-esp32-cam-fpv-31.txt", board: "ESP32_GENERIC", idf: IDFVersion(4, 4))
        let c = try #require(r.comparisons.first)
        #expect(c.kind == .heapDump)
        let diram = try #require(c.rows.first { $0.imported?.start == 0x3FFE4350 })
        #expect(diram.catalogue?.start == 0x3FFE4350)
        #expect(diram.imported?.free == 71328)
        // The dump's main DRAM heap (Bluetooth off) pairs with the catalogue's (Bluetooth on) by their common end.
        let main = try #require(c.rows.first { $0.imported?.start == 0x3FFB8A38 })
        #expect(main.catalogue.map { $0.start! + $0.size } == 0x3FFE0000)
        #expect(c.rows.contains { $0.imported == nil && $0.catalogue?.start == 0x3FFB6388 })
    }

    @Test func bootLogAgainstTheCatalogueBoard() throws {
        let r = try importFixture("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt", board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
        let c = try #require(r.comparisons.first)
        #expect(c.featureDifferences.isEmpty)
        #expect(c.staticDRAM == StaticDifference(imported: 41720, catalogue: 53948))
        #expect(c.staticIRAM == StaticDifference(imported: 101980, catalogue: 116894))
        #expect(c.rows.count == 7)
        let main = try #require(c.rows.first { $0.imported?.start == 0x3FFC7E58 })
        #expect(main.catalogue?.start == 0x3FFCAE20)
        #expect(c.rows.filter { $0.imported?.start == $0.catalogue?.start }.count == 5)
        // The entry is for the release the user named with --idf when the log names none.
        #expect(r.boardEntry?.idf == IDFVersion(5, 4, 2))
        let text = ImportTextEmitter.render(r)
        #expect(text.contains("  static DRAM: 41720 B here, 53948 B in boards.yaml (-12228 B here)\n"))
        #expect(text.contains("starts 12232 B earlier, +12232 B"))  // 0x3FFCAE20 − 0x3FFC7E58
    }

    @Test func featureDifferencesAreNamed() throws {
        let r = try importFixture("boot-logs/import-esp32-esphome-firmware-242.txt", board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
        #expect(r.comparisons.first?.featureDifferences == ["Bluetooth: off in the file, on in ESP32_GENERIC"])
    }

    // The reconstructed 5.4.2 table carries exactly the catalogue's ESP32_GENERIC 5.4.2 figures.
    @Test func idfSizeCrossCheckedWithTheCatalogue() throws {
        let r = try importFixture("imports/idf-size-table-esp32-generic-v5.4.2.txt", board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
        let c = try #require(r.comparisons.first)
        #expect(c.staticDRAM?.difference == 0)
        #expect(c.staticIRAM?.difference == 0)
        #expect(c.featureDifferences.isEmpty)
        let e = try #require(r.boardEntry)
        #expect((e.chip, e.dram.value, e.iram?.value, e.features.bluetooth) == ("ESP32", 53948, 116894, true))
        #expect(e.dram.source == "idf-size-table-esp32-generic-v5.4.2.txt line 11: idf.py size DRAM row")
    }

    @Test func idfSizeWithoutABoardFindsTheChipFromTheTotals() throws {
        let r = try importFixture("imports/idf-size-legacy-esp32.txt", idf: IDFVersion(5, 1))
        let e = try #require(r.boardEntry)
        #expect(e.chip == "ESP32")
        #expect(!e.features.bluetooth)  // dram0_0_seg of 180736 B: no BT reserve
        #expect(e.dram.source == "idf-size-legacy-esp32.txt line 4: idf.py size \"Used static DRAM\" line")
        #expect(e.yaml.contains("# singleCore: false, spiram: false — idf.py size does not show them"))
        // The entry loads and boots.
        let catalogue = try CatalogueLoader.parse(try catalogueText(adding: e.yaml), file: "t.yaml")
        let heaps = try HeapsCommand.report(catalogue: catalogue, boardName: e.name, idf: e.idf)
        #expect(heaps.bootLines.contains("At 3FFB2C38 len 0002D3C8 (180 KiB): DRAM"))  // 0x3FFB0000 + 11316, 8-aligned
    }

    // On unified-SRAM chips boards.yaml's static DRAM is the D/IRAM span idf.py size prints; C3 has no IRAM-only block.
    @Test func idfSizeOfAUnifiedChip() throws {
        let c3 = try importFixture("imports/idf-size-legacy-esp32c3.txt", idf: IDFVersion(5, 1))
        let e = try #require(c3.boardEntry)
        #expect(e.chip == "ESP32-C3")
        #expect(e.dram.value == 55060)
        #expect(e.dram.source == "idf-size-legacy-esp32c3.txt line 4: idf.py size \"Used stat D/IRAM\" line")
        #expect(e.iram == nil)
        let catalogue = try CatalogueLoader.parse(try catalogueText(adding: e.yaml), file: "t.yaml")
        #expect(try HeapsCommand.report(catalogue: catalogue, boardName: e.name, idf: e.idf).bootLines.isEmpty == false)
    }

    @Test func idfSizeWithoutARelease() throws {
        let noIDF = try importFixture("imports/idf-size-json2-esp32-hello-world.json")
        #expect(noIDF.boardEntry == nil)
        #expect(noIDF.notes.contains("No boards.yaml entry: idf.py size does not print the ESP-IDF release; pass --idf."))
    }

    @Test func boardWithoutAnyReleaseIsADiagnostic() {
        do {
            _ = try importFixture("imports/idf-heap-info-mp12952.txt", board: "ESP32_GENERIC")
            Issue.record("expected a diagnostic")
        } catch let d as Diagnostic {
            #expect(d.what == "--board ESP32_GENERIC needs the ESP-IDF release to compare with, and imports/idf-heap-info-mp12952.txt does not say it")
            #expect(d.expected == "--idf with a release known for ESP32_GENERIC: 4.2.2, 4.3, 4.3.2, 4.4, 5.0.2, 5.0.4, 5.0.5, 5.1.2, 5.2, 5.2.2, 5.3, 5.4, 5.4.1, 5.4.2, 5.5.1")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func notesForWhatIsShownButNotUsed() throws {
        let trace = try importFixture("imports/heap-trace-synthetic.txt")
        #expect(trace.notes == ["heap_trace_dump() output is recognised, but turning it into a workload is not supported yet (issue 4)."])
        #expect(trace.sections.first?.summary == "3 records (mode All), 2 alive, 18317 B")
        let mem = try importFixture("imports/mem-info-split-heap-pr.txt")
        #expect(mem.notes == ["mem_info() output is shown, not compared: heapfit import does not simulate the GC heap yet "
                              + "(mem_info does not print the MicroPython release such a simulation needs)."])
        #expect(mem.sections.first?.summary.hasPrefix("GC total 206976 B (used 5200, free 201776) in 2 areas") == true)
    }

    // The S3 dump (PSRAM, DMA pool) against MicroPython's S3 board with octal PSRAM: heaps added at run time
    // pair by length; the start-up-stack heap, untouched, reports exactly the simulated figures.
    @Test func runtimeHeapsPairByLength() throws {
        let r = try importFixture("imports/heap-dump-esp32s3-hx-esp32-cam-fpv-46.txt", board: "ESP32_GENERIC_S3-SPIRAM_OCT",
                                  idf: IDFVersion(5, 4, 2))
        let c = try #require(r.comparisons.first)
        let psram = try #require(c.rows.first { $0.imported?.start == 0x3C110000 })
        #expect(psram.catalogue?.size == 8388608)
        let pool = try #require(c.rows.first { $0.imported?.start == 0x3FCB1270 })
        #expect(pool.catalogue?.size == 32767)
        let stack = try #require(c.rows.first { $0.imported?.start == 0x3FCE9710 })
        #expect(stack.catalogue?.free == 21572)
        #expect(stack.catalogue?.largestFreeBlock == 21504)
    }
}
