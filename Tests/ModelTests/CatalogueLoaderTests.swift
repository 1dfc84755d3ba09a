import Foundation
import Model
import Testing

/// The repository's boards.yaml, found from this file.
let repositoryCatalogue: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("boards.yaml").path

@Suite("boards.yaml loading")
struct CatalogueLoaderTests {
    /// A minimal valid catalogue; tests break one thing in it at a time. Lines are numbered from 1.
    static let head = """
        idfReleases: {source: test, tags: [4.4, 5.0, 5.2, 5.4.2]}
        chips:
          - name: ESP32
            source: test
            heapSizeMax: 0x400000
            tlsfMaxPoolSize: 0x20000
            types:
              - key: DRAM
                variants:
                  - {name: DRAM, caps: ["8BIT|DEFAULT", "INTERNAL|DMA|32BIT", "0"]}
        """
    static let tail = """
            reserved: []
            linker: {dram0Origin: 0x3FFB0000, dram0Length: 0x2C200, btReserveDram: 0xDB5C, heapStartAlign: 8,
                     iramOrigin: 0x40080000, iramLength: 0x20000, iramEndAlign: 4}
        boards:
          - name: B
            chip: ESP32
            source: test
            static: []
        """

    func diagnostic(_ yaml: String) -> Diagnostic? {
        do {
            _ = try CatalogueLoader.parse(yaml, file: "t.yaml")
            return nil
        } catch {
            return error
        }
    }

    func catalogue(regions: String = "    regions: []", boards: String? = nil) -> String {
        var yaml = Self.head + "\n" + regions + "\n" + Self.tail
        if let boards { yaml += "\n" + boards }
        return yaml
    }

    @Test func minimalCatalogueLoads() throws {
        let c = try CatalogueLoader.parse(catalogue(), file: "t.yaml")
        #expect(c.idfReleases == [IDFVersion(4, 4), IDFVersion(5, 0), IDFVersion(5, 2), IDFVersion(5, 4, 2)])
        #expect(c.boards.map(\.name) == ["B"])
    }

    @Test func repositoryCatalogueLoads() throws {
        let c = try CatalogueLoader.load(path: repositoryCatalogue)
        #expect(c.chips.map(\.name) == ["ESP32", "ESP32-S2", "ESP32-S3", "ESP32-C3", "ESP32-C6", "ESP32-C2", "ESP8266"])
        let esp32 = try #require(c.chip(named: "ESP32"))
        // memory_layout.c v5.4.2 with BT on, no PSRAM, dual core: 3 + 16 DRAM + 6 D/IRAM + 2 + 16 IRAM entries.
        let layout = try esp32.layout(idf: IDFVersion(5, 4, 2), features: Features(bluetooth: true), file: c.file)
        #expect(layout.regions.count == 43)
        #expect(layout.reserved.map(\.name) == ["cpu0_cache", "cpu1_cache", "rom_pro_data", "rom_app_data", "rom_data",
                                                "rom_bt_data", "rom_bt_em", "rom_bt_bss", "rom_bt_misc"])
        let generic = try c.board(named: "ESP32_GENERIC")
        #expect(try c.statics(of: generic, idf: IDFVersion(5, 4, 2)).dram.value == 53948)
        #expect(try c.statics(of: generic, idf: IDFVersion(4, 4)).dram.confidence == .derived)
        #expect(try c.statics(of: generic, idf: IDFVersion(4, 4)).iram == nil)
        // A variant inherits its base's chip and features and adds its own.
        let spiram = try c.board(named: "esp32_generic-spiram")
        #expect(spiram.baseName == "ESP32_GENERIC" && spiram.variant == "SPIRAM" && spiram.chip == "ESP32")
        #expect(spiram.features.bluetooth && spiram.features.spiram && spiram.features.spiramAlwaysInternal == 8192)
        // Every static figure names a source.
        for b in c.boards { for s in b.statics { #expect(!s.dram.source.isEmpty, "\(b.name) \(s.idf)") } }
    }

    @Test func overlappingRegions() {
        let d = diagnostic(catalogue(regions: """
                regions:
                  - {start: 0x3FFAE000, size: 0x2000, type: DRAM}
                  - {start: 0x3FFAF000, size: 0x2000, type: DRAM}
            """))
        #expect(d?.line == 13)
        #expect(d?.description == "t.yaml:13: Regions of chip ESP32 overlap: [0x3FFAF000, 0x3FFB1000) and "
                + "[0x3FFAE000, 0x3FFB0000). Expected disjoint regions (soc_memory_regions[] never overlap). "
                + "Correct the start or size of one of them, or make their `when:`/`idf:` exclusive.")
    }

    @Test(arguments: [
        // Exclusive by release, by a flag, by a cache size: allowed.
        ("idf: \"<5.0\"", "idf: \">=5.0\"", true),
        ("when: singleCore", "when: \"!singleCore\"", true),
        ("when: \"dcache==16K\"", "when: \"dcache==32K\"", true),
        // Ranges that meet at a catalogue release, or conditions that can both hold: rejected.
        ("idf: \"<5.2\"", "idf: \">=5.0\"", false),
        ("when: spiram", "when: singleCore", false),
        ("when: \"dcache<=32K\"", "when: \"dcache>=16K\"", false),
    ])
    func overlapsThatCannotMeetAreAllowed(a: String, b: String, allowed: Bool) {
        let d = diagnostic(catalogue(regions: """
                regions:
                  - {start: 0x3FFAE000, size: 0x2000, type: DRAM, \(a)}
                  - {start: 0x3FFAE000, size: 0x2000, type: DRAM, \(b)}
            """))
        #expect((d == nil) == allowed, "\(d?.description ?? "no diagnostic")")
    }

    @Test func typeWithNoCaps() {
        let yaml = catalogue().replacingOccurrences(of: "\"8BIT|DEFAULT\", \"INTERNAL|DMA|32BIT\", \"0\"", with: "0, 0, 0")
        let d = diagnostic(yaml)
        #expect(d?.line == 10)
        #expect(d?.what == "Memory type DRAM of chip ESP32 has no capabilities")
        #expect(d?.fix == "Copy the caps from the chip's memory_layout.c")
    }

    @Test func regionOfUnknownType() {
        let d = diagnostic(catalogue(regions: "    regions:\n      - {start: 0x3FFAE000, size: 0x2000, type: IRAM}"))
        #expect(d?.line == 12)
        #expect(d?.what == "Region of chip ESP32 names unknown memory type IRAM")
        #expect(d?.expected == "one of: DRAM")
    }

    @Test func unknownChip() {
        let d = diagnostic(catalogue().replacingOccurrences(of: "chip: ESP32\n", with: "chip: ESP32-Z9\n"))
        #expect(d?.line == 17)
        #expect(d?.what == "Board B names unknown chip ESP32-Z9")
        #expect(d?.expected == "one of the chips defined above: ESP32")
    }

    @Test func variantOfUnknownBoard() {
        let d = diagnostic(catalogue(boards: "  - {name: NOPE, variant: SPIRAM, source: test, static: []}"))
        #expect(d?.line == 20)
        #expect(d?.what == "Variant SPIRAM names base board NOPE, which is not defined above it")
        #expect(d?.fix == "Define the base board first, or correct the name")
    }

    @Test func duplicateBoardAndVariant() {
        let twice = diagnostic(catalogue(boards: "  - {name: b, chip: ESP32, source: test, static: []}"))
        #expect(twice?.what == "Board b is defined twice")
        #expect(twice?.line == 20)
        let variants = diagnostic(catalogue(boards: """
              - {name: B, variant: X, source: test, static: []}
              - {name: B, variant: X, source: test, static: []}
            """))
        #expect(variants?.what == "Board B-X is defined twice")
        #expect(variants?.line == 21)
    }

    @Test func unknownConditionAndRange() {
        let cond = diagnostic(catalogue(regions: "    regions:\n      - {start: 0x3FFAE000, size: 0x2000, type: DRAM, when: \"psram\"}"))
        #expect(cond?.what == "Unknown condition `psram` in `when: psram`")
        #expect(cond?.line == 12)
        let range = diagnostic(catalogue(regions: "    regions:\n      - {start: 0x3FFAE000, size: 0x2000, type: DRAM, idf: \"after 5\"}"))
        #expect(range?.what == "`idf: after 5` is not a range of ESP-IDF releases")
    }

    @Test func staticsForAReleaseTheCatalogueOrChipDoesNotKnow() {
        let unknown = diagnostic(catalogue(boards: """
              - name: C
                chip: ESP32
                source: test
                static: [{idf: 5.3, dram: {value: 1, source: x}}]
            """))
        #expect(unknown?.what == "IDF 5.3 of board C is not in idfReleases")
        #expect(unknown?.line == 23)
        let unsupported = diagnostic(catalogue().replacingOccurrences(of: "    source: test\n    heapSizeMax",
                                                                    with: "    source: test\n    idf: \">=5.0\"\n    heapSizeMax")
            .replacingOccurrences(of: "static: []", with: "static: [{idf: 4.4, dram: {value: 1, source: x}}]"))
        #expect(unsupported?.what == "IDF 4.4 does not support ESP32 (board B)")
    }

    /// "IDF 5.4" (no patch) where the board has figures only for 5.4.1 and 5.4.2: an estimated interval over them,
    /// widened by the largest patch-to-patch step of the catalogue (here 5.4.1 → 5.4.2 itself); a minor with no
    /// figure at all, or a patch release without its own, is still refused.
    @Test func aReleaseNamedWithoutPatchGetsTheIntervalOfItsPatchReleases() throws {
        let yaml = catalogue().replacingOccurrences(of: "tags: [4.4, 5.0, 5.2, 5.4.2]", with: "tags: [4.4, 5.0, 5.2, 5.4.1, 5.4.2]")
            .replacingOccurrences(of: "static: []", with: """
                static: [{idf: 5.4.1, dram: {value: 56136, source: a}}, {idf: 5.4.2, dram: {value: 53948, source: b}},
                             {idf: 5.0, dram: {range: [50000, 52000], source: c}}]
                """)
        let c = try CatalogueLoader.parse(yaml, file: "t.yaml")
        let b = try c.board(named: "B")
        #expect(c.largestPatchStep == 2188)
        let minor = try c.staticDRAM(of: b, idf: IDFVersion(5, 4), override: nil)
        #expect(minor.interval == (53948 - 2188)...(56136 + 2188))
        #expect(minor.value == 56136 + 2188)
        #expect(minor.confidence == .estimated)
        #expect(minor.source.contains("5.4.1: 56136 B") && minor.source.contains("5.4.2: 53948 B"))
        // An exact entry wins over the fallback; a patch release without its own figure is refused.
        #expect(try c.staticDRAM(of: b, idf: IDFVersion(5, 0), override: nil).interval == 50000...52000)
        #expect(throws: Diagnostic.self) { try c.staticDRAM(of: b, idf: IDFVersion(5, 4, 3), override: nil) }
        #expect(throws: Diagnostic.self) { try c.staticDRAM(of: b, idf: IDFVersion(5, 2), override: nil) }
    }

    /// The shipped catalogue: ESP32_GENERIC has 4.2.2 but no 4.2 figure, so "4.2" is bounded by 4.2.2's.
    @Test func shippedCatalogueBoundsAMinorReleaseByItsPatchReleases() throws {
        let c = try CatalogueLoader.load(path: repositoryCatalogue)
        let b = try c.board(named: "ESP32_GENERIC")
        let patch = try c.staticDRAM(of: b, idf: IDFVersion(4, 2, 2), override: nil)
        let minor = try c.staticDRAM(of: b, idf: IDFVersion(4, 2), override: nil)
        let lo = patch.interval?.lowerBound ?? patch.value, hi = patch.interval?.upperBound ?? patch.value
        #expect(c.largestPatchStep > 0)
        #expect(minor.interval == (lo - c.largestPatchStep)...(hi + c.largestPatchStep))
    }

    @Test func unknownFigureNeedsNoValueButKnownOnesDo() throws {
        let c = try CatalogueLoader.parse(catalogue().replacingOccurrences(
            of: "static: []", with: "static: [{idf: 5.2, dram: {confidence: unknown, source: none published}}]"), file: "t.yaml")
        let b = try c.board(named: "B")
        do {
            _ = try c.staticDRAM(of: b, idf: IDFVersion(5, 2), override: nil)
            Issue.record("an unknown figure must not boot")
        } catch {
            #expect(error.what == "The static DRAM of B on ESP-IDF 5.2 is unknown (none published)")
            #expect(error.fix?.contains("--static-dram") == true)
        }
        #expect(try c.staticDRAM(of: b, idf: IDFVersion(5, 2), override: 1234).value == 1234)
        let missing = diagnostic(catalogue().replacingOccurrences(
            of: "static: []", with: "static: [{idf: 5.2, dram: {confidence: measured, source: x}}]"))
        #expect(missing?.what == "Missing `value`")
    }

    @Test func badYAMLSyntax() {
        let d = diagnostic("chips: [\n  - {name: ")
        #expect(d?.what.hasPrefix("The board catalogue is not valid YAML") == true)
        #expect(d?.line != nil)
    }

    @Test func unknownBoardAndRelease() throws {
        let c = try CatalogueLoader.load(path: repositoryCatalogue)
        #expect(throws: Diagnostic.self) { try c.board(named: "PYBD") }
        do {
            _ = try c.board(named: "ESP32_GENERIC-PSRAM")
            Issue.record("no such variant")
        } catch {
            #expect(error.fix == "ESP32_GENERIC has these entries: ESP32_GENERIC, ESP32_GENERIC-D2WD, ESP32_GENERIC-SPIRAM, "
                    + "ESP32_GENERIC-OTA, ESP32_GENERIC-UNICORE")
        }
        do {
            _ = try c.statics(of: try c.board(named: "esp32_generic"), idf: IDFVersion(5, 9))
            Issue.record("5.9 should be unknown")
        } catch {
            #expect(error.expected == "an IDF release known for ESP32_GENERIC: 4.2.2, 4.3, 4.3.2, 4.4, 5.0.2, 5.0.4, 5.0.5, 5.1.2, 5.2, 5.2.2, 5.3, 5.4, 5.4.1, 5.4.2, 5.5.1")
        }
    }

    @Test(arguments: [("57344", 57344), ("0xE000", 57344), ("56K", 57344), ("56KiB", 57344), ("-5", nil), ("12abc", nil), ("", nil)])
    func sizes(text: String, bytes: Int?) {
        #expect(SizeParser.parse(text) == bytes)
    }
}

/// FuzzCatalogue's hang: a page run whose `end` was mistyped (0x400A0000 → 0x600A0000) expanded to 65,552
/// regions and the overlap check, quadratic, never ended. The run is refused with the bound named, at once.
@Test func aRegionRunOfThousandsOfPagesIsRefused() throws {
    let text = try String(contentsOfFile: repositoryCatalogue, encoding: .utf8)
    let typo = text.replacingOccurrences(of: "{start: 0x40080000, end: 0x400A0000, page: 0x2000, type: IRAM}",
                                         with: "{start: 0x40080000, end: 0x600A0000, page: 0x2000, type: IRAM}")
    #expect(typo != text)
    do {
        _ = try CatalogueLoader.parse(typo, file: "boards.yaml")
        Issue.record("a 65,552-page run was accepted")
    } catch {
        #expect(error.what == "Region run 0x40080000–0x600A0000 is 65552 pages of 8192 B")
        #expect(error.expected?.contains("at most 256 pages") == true)
        #expect(error.line != nil)
    }
}
