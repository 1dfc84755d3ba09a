import Model
import Testing
@testable import Advisor

@Suite("boards and non-IDF reports")
struct BoardsReportTests {
    @Test func releaseFilterKeepsBoardsTheReleaseSupports() throws {
        let c = try CatalogueLoader.load(path: repositoryCatalogue)
        // v5.0 predates the C6 (v5.1+): no C6 board; the ESP8266 is not an IDF chip and stays listed.
        let r = try BoardsCommand.report(catalogue: c, idf: IDFVersion(5, 0, 2))
        #expect(!r.boards.contains { $0.chip == "ESP32-C6" })
        #expect(r.boards.contains { $0.chip == "ESP8266" })
        let generic = try #require(r.boards.first { $0.name == "ESP32_GENERIC" })
        #expect(generic.releases.map(\.idf) == ["5.0.2"])
        #expect(generic.releases.first?.bootable == true)
        #expect(generic.releases.first?.allocator == "TLSF, dynamic control")
    }

    @Test func unknownChipIsADiagnostic() throws {
        let c = try CatalogueLoader.load(path: repositoryCatalogue)
        #expect(throws: Diagnostic.self) { try BoardsCommand.report(catalogue: c, chip: "ESP32-P4") }
    }

    @Test func esp8266ReportIsHonest() throws {
        let c = try CatalogueLoader.load(path: repositoryCatalogue)
        let r = try NonOSHeapsCommand.report(catalogue: c, boardName: "ESP8266_GENERIC", staticDRAM: nil)
        #expect(r.sdkHeapBytes == nil)
        #expect(r.gcHeapBytes == 38912)
        // micropython-heap.md §1.2 worked values: 38016 if 16-aligned, 37952 if the end loses ≥ 12 B.
        #expect(r.gcPoolBytesAligned == 38016 && r.gcPoolBytesMisaligned == 37952)
        #expect(r.cannotShow.count == 3)
        #expect(throws: Diagnostic.self) { try NonOSHeapsCommand.report(catalogue: c, boardName: "ESP8266_GENERIC", staticDRAM: 0x20000) }
    }

    @Test func unicoreShowsItsRTCHeapAndSaysWhatItAssumed() throws {
        let c = try CatalogueLoader.load(path: repositoryCatalogue)
        let r = try HeapsCommand.report(catalogue: c, boardName: "ESP32_GENERIC-UNICORE", idf: IDFVersion(5, 4, 2))
        #expect(r.heaps.last?.type == "RTCRAM")
        #expect(r.heaps.contains { $0.start == 0x4007_8000 && $0.size == 0x8000 })  // APP CPU cache freed
        #expect(r.assumptions.count == 2)
    }
}
