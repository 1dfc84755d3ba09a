import Model
import Testing

@Suite("Import: idf.py size")
struct IDFSizeParserTests {
    @Test func legacyTextAndItsJSONAgree() throws {
        let text = try IDFSizeTextParser.parse(try fixtureText("imports/idf-size-legacy-esp32.txt"))
        #expect(text.flavour == .legacyText)
        #expect(text.staticDRAM == IDFSizeMemoryType(name: "DRAM", used: 11316, total: 180736,
                                                      sections: [".data": 9084, ".bss": 2232], line: 4))
        #expect(text.staticIRAM?.used == 52078)
        #expect(text.staticIRAM?.total == 131072)
        #expect(text.staticIRAM?.sections == [".text": 51051, ".vectors": 1027])
        #expect(text.imageSize == 179208)
        let json = try IDFSizeJSONParser.parse(try fixtureText("imports/idf-size-legacy-esp32.json"))
        #expect(json.flavour == .legacyJSON)
        for name in ["DRAM", "IRAM"] {
            #expect(json.memoryType(name)?.used == text.memoryType(name)?.used)
            #expect(json.memoryType(name)?.total == text.memoryType(name)?.total)
            #expect(json.memoryType(name)?.sections == text.memoryType(name)?.sections)
        }
        #expect(json.staticDIRAM == nil)
        #expect(json.imageSize == 179208)
    }

    @Test func idf42FormAndDIRAM() throws {
        let old = try IDFSizeTextParser.parse(try fixtureText("imports/idf-size-idf42-esp32.txt"))
        #expect(old.staticDRAM?.used == 30764)
        #expect(old.staticDRAM?.total == 30764 + 149972)
        #expect(old.staticDRAM?.sections == [".data": 14956, ".bss": 15808])
        #expect(old.staticIRAM?.used == 83918)
        #expect(old.imageSize == 835553)
        let c3 = try IDFSizeTextParser.parse(try fixtureText("imports/idf-size-legacy-esp32c3.txt"))
        #expect(c3.staticDRAM == nil)
        #expect(c3.staticDIRAM?.used == 55060)
        #expect(c3.staticDIRAM?.sections.values.reduce(0, +) == 55060)
    }

    @Test func tableAndJSON2Agree() throws {
        let table = try IDFSizeTextParser.parse(try fixtureText("imports/idf-size-table-esp32-hello-world.txt"))
        #expect(table.flavour == .table)
        #expect(table.memoryTypes.map(\.name) == ["Flash Code", "IRAM", "Flash Data", "DRAM", "RTC SLOW"])
        #expect(table.staticDRAM == IDFSizeMemoryType(name: "DRAM", used: 11236, total: 180736,
                                                       sections: [".data": 8988, ".bss": 2248], line: 15))
        #expect(table.staticIRAM?.sections == [".text": 50807, ".vectors": 1027])
        #expect(table.imageSize == 179712)
        let json2 = try IDFSizeJSONParser.parse(try fixtureText("imports/idf-size-json2-esp32-hello-world.json"))
        #expect(json2.flavour == .json2)
        #expect(json2.memoryTypes.map(\.name) == table.memoryTypes.map(\.name))
        for t in table.memoryTypes {
            #expect(json2.memoryType(t.name)?.used == t.used)
            #expect(json2.memoryType(t.name)?.total == t.total)
            #expect(json2.memoryType(t.name)?.sections == t.sections)
        }
        #expect(json2.imageSize == 179712)
    }

    // The reconstructed ESP32_GENERIC 5.4.2 table carries the MicroPython PR's static sizes.
    @Test func esp32Generic542() throws {
        let r = try IDFSizeTextParser.parse(try fixtureText("imports/idf-size-table-esp32-generic-v5.4.2.txt"))
        #expect(r.staticDRAM?.used == 53948)
        #expect(r.staticIRAM?.used == 116894)
        #expect(r.staticDRAM?.total == 0x2C200 - 0xDB5C)  // dram0_0_seg with Bluetooth
        #expect(r.imageSize == nil)
    }

    @Test func csvTable() throws {
        let r = try IDFSizeTextParser.parse(ImportText(file: "s.csv", contents: """
            "Memory Type/Section","Used [bytes]","Used [%]","Remain [bytes]","Total [bytes]"
            "IRAM","51835","39.55","79237","131072"
            ".text","50807","38.76","",""
            ".vectors","1027","0.78","",""
            "DRAM","11236","6.22","169500","180736"
            """))
        #expect(r.staticIRAM == IDFSizeMemoryType(name: "IRAM", used: 51835, total: 131072,
                                                   sections: [".text": 50807, ".vectors": 1027], line: 2))
        #expect(r.staticDRAM?.total == 180736)
    }

    @Test(arguments: [
        ("Used static DRAM:   11316 bytes ( 169420 rem", 1, "An idf.py size line is cut or garbled"),
        ("Used static DRAM:   11316 bytes ( 169420 remain, 6.3% used)\n      .data size:    9084 bytes\n      .bss  size:    2231 bytes",
         1, "The DRAM sections add up to 11315 B but the line says 11316 B used"),
    ])
    func badText(text: String, line: Int, message: String) {
        let d = diagnostic { () throws(Diagnostic) in _ = try IDFSizeTextParser.parse(ImportText(file: "size.txt", contents: text)) }
        #expect(d?.line == line)
        #expect(d?.what.hasPrefix(message) == true)
    }

    @Test func cutJSON() {
        let d = diagnostic { () throws(Diagnostic) in _ = try IDFSizeJSONParser.parse(ImportText(file: "size.json", contents: "{\n  \"used_dram\": 11316,\n  \"used_i")) }
        #expect(d?.description.hasPrefix("size.json:3: The JSON is cut or malformed.") == true)
    }

    @Test func rawFormatIsRefusedWithTheFix() {
        let d = diagnostic { () throws(Diagnostic) in _ = try IDFSizeJSONParser.parse(ImportText(file: "raw.json", contents: "{\"version\": \"1.0\", \"memory_types\": {}}")) }
        #expect(d?.fix?.contains("--format json2") == true)
    }
}
