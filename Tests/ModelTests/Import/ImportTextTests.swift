import Model
import Testing

@Suite("Import: text normalisation")
struct ImportTextTests {
    @Test func crlfAndColourCodesAreRemoved() {
        let raw = "\u{1B}[0;32mI (1917) heap_init: At 3FFAFF10 len 000000F0 (0 KiB): DRAM\u{1B}[0m\r\n"
            + "\u{1B}[0;32mI (1928) heap_init: At 3FFB6388 len 00001C78 (7 KiB): DRAM\u{1B}[0m\r\n"
        let t = ImportText(file: "x.log", contents: raw)
        #expect(t.lines.map(\.text) == ["I (1917) heap_init: At 3FFAFF10 len 000000F0 (0 KiB): DRAM",
                                         "I (1928) heap_init: At 3FFB6388 len 00001C78 (7 KiB): DRAM"])
        #expect(t.lines.map(\.number) == [1, 2])
    }

    @Test func lineNumbersCountBlankLinesAndBareCR() {
        let t = ImportText(file: "x", contents: "a\r\rb\n\nc")
        #expect(t.lines.map(\.text) == ["a", "", "b", "", "c"])
        #expect(t.lines.last?.number == 5)
    }

    @Test func oscAndLoneEscapeAreDropped() {
        let t = ImportText(file: "x", contents: "\u{1B}]0;title\u{07}GC: total: 1\u{1B}")
        #expect(t.lines.map(\.text) == ["GC: total: 1"])
    }
}
