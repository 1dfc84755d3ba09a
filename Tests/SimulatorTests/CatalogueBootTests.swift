import Model
import Testing
@testable import Simulator

/// One case per catalogue board × IDF release whose static DRAM is known (measured, derived or estimated).
struct CatalogueCase: CustomTestStringConvertible, Sendable {
    var board: String
    var idf: IDFVersion
    /// The entry's firmware key (`micropython <1.27`), when it has one.
    var firmware: String? = nil
    var testDescription: String { "\(board) on \(idf)" + (firmware.map { " [\($0)]" } ?? "") }
}

func catalogueCases() -> [CatalogueCase] {
    guard let c = try? repoCatalogue() else { return [] }
    return c.boards.flatMap { b in
        b.statics.filter { $0.dram.confidence != .unknown && c.chip(named: b.chip)?.kind == .espIDF }
            .map { CatalogueCase(board: b.name, idf: $0.idf, firmware: $0.firmware?.text) }
    }
}

@Suite("Every catalogue board boots")
struct CatalogueBootTests {
    @Test func thereAreCases() {
        // boards.yaml: every stock board × every release its firmware supports (issue 14), ~200 entries.
        #expect(catalogueCases().count >= 190)
    }

    @Test(arguments: catalogueCases())
    func boots(_ c: CatalogueCase) throws {
        let catalogue = try repoCatalogue()
        let board = try catalogue.board(named: c.board)
        let layout = try catalogue.layout(of: board, idf: c.idf)
        let s = try #require(board.statics.first { $0.idf == c.idf && $0.firmware?.text == c.firmware })
        // An interval boots at both ends (its upper end is `value`).
        if let lower = s.dram.interval?.lowerBound {
            let low = try StaticPlacement(chip: layout, staticDRAM: lower, staticIRAM: s.iram?.value, staticRTC: s.rtc?.value ?? 0)
            #expect(try BootSequence.run(chip: layout, placement: low).caps.check() == nil)
        }
        let placement = try StaticPlacement(chip: layout, staticDRAM: s.dram.value, staticIRAM: s.iram?.value,
                                            staticRTC: s.rtc?.value ?? 0)
        let booted = try BootSequence.run(chip: layout, placement: placement)
        #expect(booted.caps.check() == nil)
        // Every board has a DEFAULT|INTERNAL heap with room for malloc() at app_main, and its pieces are disjoint.
        #expect(booted.caps.freeSize(caps: [.default, .internal]) > 32 * 1024)
        for (a, b) in zip(booted.pieces, booted.pieces.dropFirst()) where a.start < b.start {
            #expect(a.end <= b.start, "\(a.logLine) overlaps \(b.logLine)")
        }
        // PSRAM boards get their PSRAM heap; MEMMAP/none do not.
        let psram = board.features.spiram && board.features.spiramUse != .memmap
        #expect((booted.psramHeap != nil) == psram)
        // A malloc() of 4 KiB succeeds and is freed cleanly.
        var caps = booted.caps
        let block = caps.mallocDefault(4096)
        #expect(block != nil)
        caps.free(block)
        #expect(caps.check() == nil)
    }

    /// Every chip × every release it supports resolves to a layout that boots with a middling static size
    /// (half its DRAM segment): no release lacks a type variant or a linker entry.
    @Test func everyChipAndReleaseResolves() throws {
        let catalogue = try repoCatalogue()
        var count = 0
        for chip in catalogue.chips where chip.kind == .espIDF {
            for idf in catalogue.releases(of: chip) {
                for f in [Features(), Features(bluetooth: true, singleCore: true, spiram: true, spiramSize: 2 << 20, memprot: false)] {
                    let layout = try chip.layout(idf: idf, features: f, file: catalogue.file)
                    let placement = try StaticPlacement(chip: layout, staticDRAM: layout.linker.dram0Length / 2, staticIRAM: nil)
                    let booted = try BootSequence.run(chip: layout, placement: placement)
                    #expect(!booted.pieces.isEmpty, "\(chip.name) \(idf)")
                    count += 1
                }
            }
        }
        #expect(count > 400)
    }
}
