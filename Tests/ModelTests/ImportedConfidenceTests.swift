import Foundation
import Model
import Testing

/// `confidence: imported` marks figures `heapfit import` read from a user's log or build report.
@Suite("boards.yaml: imported confidence")
struct ImportedConfidenceTests {
    /// The repository's boards.yaml with one more board right under `boards:`.
    static func catalogue(confidence: String) throws -> (text: String, line: Int) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let text = try String(contentsOfFile: root.appendingPathComponent("boards.yaml").path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let i = try #require(lines.firstIndex(of: "boards:"))
        lines.insert(contentsOf: [
            "  - name: MINE",
            "    chip: ESP32",
            "    source: \"heapfit import of boot.log\"",
            "    features: {bluetooth: true}",
            "    static:",
            "      - idf: 5.3.2",
            "        dram: {value: 41720, confidence: \(confidence), source: \"boot.log line 4\"}",
            "        iram: {value: 101980, confidence: imported, source: \"boot.log line 7\"}",
        ], at: i + 1)
        return (lines.joined(separator: "\n"), i + 8)  // 1-based line of the `dram:` entry (i is 0-based)
    }

    @Test func importedIsAConfidence() throws {
        let c = try CatalogueLoader.parse(try Self.catalogue(confidence: "imported").text, file: "t.yaml")
        let s = try c.statics(of: try c.board(named: "MINE"), idf: IDFVersion(5, 3, 2))
        #expect(s.dram.confidence == .imported)
        #expect(s.dram.value == 41720)
        #expect(s.iram?.source == "boot.log line 7")
        // An imported figure is used like a measured one.
        #expect(try c.staticDRAM(of: try c.board(named: "MINE"), idf: IDFVersion(5, 3, 2), override: nil).value == 41720)
    }

    @Test func unknownConfidenceNamesEveryValidOne() throws {
        let (text, line) = try Self.catalogue(confidence: "guessed")
        do {
            _ = try CatalogueLoader.parse(text, file: "t.yaml")
            Issue.record("'guessed' should be rejected")
        } catch {
            #expect(error.what == "Unknown confidence 'guessed'")
            #expect(error.line == line)
            #expect(error.expected == "measured, derived, estimated, unknown, imported")
        }
    }
}
