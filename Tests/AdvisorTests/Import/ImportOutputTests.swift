import Foundation
import Model
import Testing
@testable import Advisor

@Suite("Import: JSON and the output file")
struct ImportOutputTests {
    @Test func jsonCarriesTheEntryAndTheParsedValues() throws {
        let r = try importFixture("boot-logs/import-esp32-v5.3.2-esp-idf-15146.txt", board: "ESP32_GENERIC", idf: IDFVersion(5, 4, 2))
        let json = ImportJSONEmitter.render(r)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["file", "sections", "regionMap", "derivation", "boardEntry", "comparisons", "notes", "parsed"])
        let entry = try #require((object["boardEntry"] as? [String: Any])?["entry"] as? [String: Any])
        #expect((entry["dram"] as? [String: Any])?["value"] as? Int == 41720)
        #expect(entry["idf"] as? String == "5.4.2")
        #expect(((object["boardEntry"] as? [String: Any])?["yaml"] as? String)?.contains("- name: IMPORT_ESP32") == true)
        let map = try #require(object["regionMap"] as? [[String: Any]])
        #expect(map.map { $0["start"] as? Int } == [0x3FFAFF10, 0x3FFB6388, 0x3FFB9A20, 0x3FFC7E58, 0x3FFE0440, 0x3FFE4350, 0x40098E5C])
        let sections = try #require(object["sections"] as? [[String: Any]])
        #expect(sections.first?["format"] as? String == "boot-log")
    }

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("heapfit-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesRefusesToOverwriteAndReplacesWithForce() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("board.yaml").path
        try OutputFile.write("first\n", to: path, force: false)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        do {
            try OutputFile.write("second\n", to: path, force: false)
            Issue.record("overwrote without --force")
        } catch {
            #expect(error.what == "\(path) already exists; heapfit does not overwrite it")
            #expect(error.fix == "Pass --force to replace it, or choose another --out path")
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first\n")
        try OutputFile.write("second\n", to: path, force: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["board.yaml"])
    }

    @Test func missingDirectory() {
        do {
            try OutputFile.write("x", to: "/nonexistent-heapfit-dir/board.yaml", force: false)
            Issue.record("wrote into a missing directory")
        } catch {
            #expect(error.what == "Cannot write /nonexistent-heapfit-dir/board.yaml: the directory /nonexistent-heapfit-dir does not exist")
        }
    }

    @Test func boardNamesFromFileNames() {
        #expect(BoardEntry.boardName(fromFile: "logs/my board (v5.3).log", avoiding: []) == "MY_BOARD_V5_3")
        #expect(BoardEntry.boardName(fromFile: "2024.log", avoiding: []) == "BOARD_2024")
        #expect(BoardEntry.boardName(fromFile: "esp32_generic.txt", avoiding: ["ESP32_GENERIC"]) == "ESP32_GENERIC_IMPORTED")
        #expect(BoardEntry.quoted("a \"b\" \\ c") == "\"a \\\"b\\\" \\\\ c\"")
    }
}
