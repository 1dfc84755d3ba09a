import Foundation
import Model
import Testing

@Suite("boards.yaml loading")
struct CatalogueLoaderTests {
    static let chipHead = """
        chips:
          - name: ESP32
            source: test
            heapSizeMax: 0x400000
            tlsfStaticFLIndexMax: 18
            types:
              - {name: DRAM, caps: ["8BIT|DEFAULT", "INTERNAL|DMA|32BIT", "0"]}
        """
    static let chipTail = """
            reserved: []
            linker: {dram0Origin: 0x3FFB0000, dram0Length: 0x2C200, btReserveDram: 0xDB5C, heapStartAlign: 8,
                     iramOrigin: 0x40080000, iramLength: 0x20000, iramEndAlign: 4}
        boards: []
        """

    func diagnostic(_ yaml: String) -> Diagnostic? {
        do {
            _ = try CatalogueLoader.parse(yaml, file: "t.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test func repositoryCatalogueLoads() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let c = try CatalogueLoader.load(path: root.appendingPathComponent("boards.yaml").path)
        let esp32 = try #require(c.chip(named: "ESP32"))
        // memory_layout.c v5.4.2: 1 SPIRAM + 3 + 16 DRAM + 6 D/IRAM + 2 + 16 IRAM entries.
        #expect(esp32.regions.count == 44)
        let generic = try c.board(named: "ESP32_GENERIC")
        #expect(try c.statics(of: generic, idf: IDFVersion(5, 4, 2)).dram.value == 53948)
        #expect(try c.statics(of: generic, idf: IDFVersion(4, 4)).dram.confidence == .derived)
        #expect(try c.statics(of: generic, idf: IDFVersion(4, 4)).iram.confidence == .unknown)
    }

    @Test func overlappingRegions() {
        let yaml = Self.chipHead + """

                regions:
                  - {start: 0x3FFAE000, size: 0x2000, type: DRAM}
                  - {start: 0x3FFAF000, size: 0x2000, type: DRAM}
            """ + "\n" + Self.chipTail
        let d = diagnostic(yaml)
        #expect(d?.line == 10)
        #expect(d?.description == "t.yaml:10: Regions of chip ESP32 overlap: [0x3FFAF000, 0x3FFB1000) and "
                + "[0x3FFAE000, 0x3FFB0000). Expected disjoint regions (soc_memory_regions[] never overlap). "
                + "Correct the start or size of one of them.")
    }

    @Test func typeWithNoCaps() {
        let yaml = Self.chipHead.replacingOccurrences(of: "\"8BIT|DEFAULT\", \"INTERNAL|DMA|32BIT\", \"0\"", with: "0, 0, 0")
            + "\n    regions: []\n" + Self.chipTail
        let d = diagnostic(yaml)
        #expect(d?.line == 7)
        #expect(d?.what == "Memory type DRAM of chip ESP32 has no capabilities")
        #expect(d?.fix == "Copy the caps from the chip's memory_layout.c")
    }

    @Test func unknownChip() {
        let yaml = Self.chipHead + "\n    regions: []\n" + Self.chipTail.replacingOccurrences(of: "boards: []", with: """
            boards:
              - name: X
                chip: ESP32-Z9
                source: test
                static: []
            """)
        let d = diagnostic(yaml)
        #expect(d?.line == 14)
        #expect(d?.what == "Board X names unknown chip ESP32-Z9")
        #expect(d?.expected == "one of the chips defined above: ESP32")
    }

    @Test func badYAMLSyntax() {
        let d = diagnostic("chips: [\n  - {name: ")
        #expect(d?.what.hasPrefix("The board catalogue is not valid YAML") == true)
        #expect(d?.line != nil)
    }

    @Test func unknownBoardAndRelease() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let c = try CatalogueLoader.load(path: root.appendingPathComponent("boards.yaml").path)
        #expect(throws: Diagnostic.self) { try c.board(named: "PYBD") }
        do {
            _ = try c.statics(of: try c.board(named: "esp32_generic"), idf: IDFVersion(5, 9))
            Issue.record("5.9 should be unknown")
        } catch {
            #expect(error.expected == "an IDF release known for ESP32_GENERIC: 4.4, 5.0.2, 5.4.1, 5.4.2")
        }
    }

    @Test(arguments: [("57344", 57344), ("0xE000", 57344), ("56K", 57344), ("56KiB", 57344), ("-5", nil), ("12abc", nil), ("", nil)])
    func sizes(text: String, bytes: Int?) {
        #expect(SizeParser.parse(text) == bytes)
    }
}
