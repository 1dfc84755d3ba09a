import Foundation
import Model
import Testing

/// Issue 14: every stock board × every IDF release its firmware supports has a static DRAM figure or an
/// interval with its derivation; figures keyed to firmware releases; the firmware × IDF support table.
@Suite("static sizes and firmware support")
struct StaticSizesCoverageTests {
    let catalogue: Catalogue
    init() throws { catalogue = try CatalogueLoader.load(path: repositoryCatalogue) }

    func key(_ text: String) -> FirmwareKey {
        let parts = text.split(separator: "-")
        let v = parts[1].split(separator: ".").compactMap { Int($0) }
        return FirmwareKey(port: String(parts[0]), major: v[0], minor: v[1])
    }

    @Test func everyStockBoardHasAFigureOrAnIntervalOnEveryReleaseItsFirmwareSupports() throws {
        var cells = 0
        for board in catalogue.boards where catalogue.chip(named: board.chip)?.kind == .espIDF {
            let releases = catalogue.supportedReleases(of: board)
            #expect(!releases.isEmpty, "\(board.name) has no supported release")
            for idf in releases {
                for fw in catalogue.firmwareSupport.releases(port: board.firmware.rawValue, within: board.firmwareReleases)
                where fw.supports(idf, on: board.chip) {
                    let s = try catalogue.statics(of: board, idf: idf, firmware: FirmwareKey(port: fw.port, major: fw.major, minor: fw.minor))
                    #expect(s.dram.confidence != .unknown, "\(board.name) \(idf) \(fw.name)")
                    #expect(!s.dram.source.isEmpty)
                    if let i = s.dram.interval {
                        #expect(i.lowerBound < i.upperBound && s.dram.value == i.upperBound)
                        // An interval says how it was derived, or which measured figures it spans.
                        #expect(s.dram.source.hasPrefix("interval"), "\(board.name) \(idf): \(s.dram.source)")
                    }
                    cells += 1
                }
            }
        }
        #expect(cells > 300)
    }

    /// At least one figure per chip is measured or derived from a real log (not an interval, not estimated).
    @Test func everyChipHasAMeasuredOrDerivedFigure() {
        for chip in catalogue.chips where chip.kind == .espIDF {
            let solid = catalogue.boards.filter { $0.chip == chip.name }.flatMap(\.statics)
                .filter { $0.dram.interval == nil && [.measured, .derived].contains($0.dram.confidence) }
            #expect(!solid.isEmpty, "\(chip.name)")
        }
    }

    /// The optimisation level changed at v1.27 on RISC-V boards (-O2 -> -Os): the figures are keyed by release.
    @Test func figuresKeyedToFirmwareReleasesArePickedByRelease() throws {
        let c3 = try catalogue.board(named: "ESP32_GENERIC_C3")
        let v542 = IDFVersion(5, 4, 2)
        #expect(try catalogue.statics(of: c3, idf: v542, firmware: key("micropython-1.26")).dram.value == 139608)
        #expect(try catalogue.statics(of: c3, idf: v542, firmware: key("micropython-1.27")).dram.value == 131896)
        #expect(try catalogue.statics(of: c3, idf: v542, firmware: key("micropython-1.28")).dram.value == 131896)
        let c2 = try catalogue.board(named: "ESP32_GENERIC_C2")
        // The old estimate (88944 from "free static RAM 60KB -> 100KB") is replaced by the published figures.
        #expect(try catalogue.statics(of: c2, idf: v542, firmware: key("micropython-1.26")).dram.value == 83710)
        #expect(try catalogue.statics(of: c2, idf: v542, firmware: key("micropython-1.28")).dram.value == 79080)
        // An entry for every release needs no key; a keyed-only release without a matching key is a diagnostic.
        let generic = try catalogue.board(named: "ESP32_GENERIC")
        #expect(try catalogue.statics(of: generic, idf: IDFVersion(5, 5, 1), firmware: key("micropython-1.27")).dram.value == 54512)
        #expect(throws: Diagnostic.self) { try catalogue.statics(of: c2, idf: v542, firmware: key("circuitpython-9.2")) }
    }

    @Test func theSupportTableIsExact() throws {
        let t = catalogue.firmwareSupport
        let mp128 = try #require(t.release(port: "micropython", major: 1, minor: 28))
        #expect(mp128.supported.map(\.description) == ["5.3", "5.4", "5.4.1", "5.4.2", "5.5.1"])
        #expect(mp128.recommended == IDFVersion(5, 5, 1))
        #expect(!mp128.supports(IDFVersion(5, 4, 3), on: "ESP32"))  // not listed: refused, no prefix match
        // 1.20: the S3 needs 4.4, S2 and C3 4.3.1.
        let mp120 = try #require(t.release(port: "micropython", major: 1, minor: 20))
        #expect(mp120.supported(on: "ESP32-S3").map(\.description) == ["4.4"])
        #expect(mp120.supported(on: "ESP32-C3").map(\.description) == ["4.3.2", "4.4"])
        #expect(t.newest(port: "micropython", supporting: IDFVersion(5, 2, 0), on: "ESP32")?.name == "micropython-1.27")
        #expect(t.newest(port: "micropython", supporting: IDFVersion(5, 0, 2), on: "ESP32")?.name == "micropython-1.21")
        // CircuitPython: one IDF per release (10.0 on 5.4.1, 10.2 on 5.5.3 — not the fork branch's name 5.5.1).
        #expect(t.newest(port: "circuitpython", supporting: IDFVersion(5, 5, 3), on: "ESP32-S2")?.name == "circuitpython-10.2")
        #expect(t.release(port: "circuitpython", major: 10, minor: 0)?.supported == [IDFVersion(5, 4, 1)])
        #expect(t.release(port: "circuitpython", major: 9, minor: 2)?.supported == [IDFVersion(5, 3, 1), IDFVersion(5, 3, 2)])
        // The C6 board ships from 1.24 and needs IDF >= 5.1: 1.24's 5.0.x releases are not its releases.
        let c6 = try catalogue.board(named: "ESP32_GENERIC_C6")
        #expect(catalogue.supportedReleases(of: c6).first == IDFVersion(5, 1, 2))
    }

    /// The minimal catalogue of `CatalogueLoaderTests` with one more board whose 5.4.2 entry is `dram`.
    func yaml(_ dram: String) -> String {
        let board = """
              - name: R
                chip: ESP32
                source: test
                static:
                  - idf: 5.4.2
                    dram: \(dram)
            """
        return CatalogueLoaderTests().catalogue(regions: "    regions: [{start: 0x3FFB0000, size: 0x30000, type: DRAM}]", boards: board)
    }

    func diagnostic(_ dram: String) -> Diagnostic? {
        do {
            _ = try CatalogueLoader.parse(yaml(dram), file: "t.yaml")
            return nil
        } catch { return error }
    }

    @Test func rangesAreReadAndBadOnesAreLocatedDiagnostics() throws {
        #expect(diagnostic("{range: [54000, 55600], confidence: estimated, source: x}") == nil)
        #expect(diagnostic("{range: [55600, 54000], confidence: estimated, source: x}")?.what
                == "`range: [55600, 54000]` of `dram` is not ascending")
        #expect(diagnostic("{range: [54000], confidence: estimated, source: x}")?.what == "`range` of `dram` has 1 numbers")
        #expect(diagnostic("{range: [54000, 55600], value: 54000, source: x}")?.what == "`dram` has both `value` and `range`")
        let bad = "{range: [54000, -1], source: x}"
        let line = try #require(yaml(bad).split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(bad) })
        #expect(diagnostic(bad)?.line == line + 1)  // located at the `dram:` line of board R
    }
}
