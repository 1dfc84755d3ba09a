import Model
import Testing

/// `confidence: imported` marks figures `heapfit import` read from a user's log or build report.
@Suite("boards.yaml: imported confidence")
struct ImportedConfidenceTests {
    static func catalogue(confidence: String) -> String {
        """
        chips:
          - name: ESP32
            source: test
            heapSizeMax: 0x400000
            tlsfStaticFLIndexMax: 18
            types:
              - {name: DRAM, caps: ["8BIT|DEFAULT", "INTERNAL|DMA|32BIT", "0"]}
            regions: []
            reserved: []
            linker: {dram0Origin: 0x3FFB0000, dram0Length: 0x2C200, btReserveDram: 0xDB5C, heapStartAlign: 8,
                     iramOrigin: 0x40080000, iramLength: 0x20000, iramEndAlign: 4}
        boards:
          - name: MINE
            chip: ESP32
            source: "heapfit import of boot.log"
            static:
              - idf: 5.3.2
                dram: {value: 41724, confidence: \(confidence), source: "boot.log line 4"}
                iram: {value: 101980, confidence: imported, source: "boot.log line 7"}
        """
    }

    @Test func importedIsAConfidence() throws {
        let c = try CatalogueLoader.parse(Self.catalogue(confidence: "imported"), file: "t.yaml")
        let s = try c.statics(of: try c.board(named: "MINE"), idf: IDFVersion(5, 3, 2))
        #expect(s.dram.confidence == .imported)
        #expect(s.dram.value == 41724)
        #expect(s.iram.source == "boot.log line 7")
    }

    @Test func unknownConfidenceNamesEveryValidOne() {
        do {
            _ = try CatalogueLoader.parse(Self.catalogue(confidence: "guessed"), file: "t.yaml")
            Issue.record("'guessed' should be rejected")
        } catch {
            #expect(error.what == "Unknown confidence 'guessed'")
            #expect(error.line == 18)  // the `dram:` line
            #expect(error.expected == "measured, derived, unknown or imported")
        }
    }
}
