import Testing
@testable import Advisor

@Suite("TextWrap: prose folded to a width")
struct TextWrapTests {
    @Test func foldsAtSpacesWithAHangingIndent() {
        let line = "  CONFIG_X=6 (default 10) — " + Array(repeating: "word", count: 30).joined(separator: " ")
        let folded = TextWrap.wrap(line, width: 60).split(separator: "\n")
        #expect(folded.count > 1)
        #expect(folded.allSatisfy { $0.count <= 60 })
        #expect(folded[0].hasPrefix("  CONFIG_X=6"))
        #expect(folded.dropFirst().allSatisfy { $0.hasPrefix("    word") })
        // Nothing is lost or reordered: the words read the same.
        #expect(folded.map { $0.split(separator: " ").joined(separator: " ") }.joined(separator: " ")
                == line.split(separator: " ").joined(separator: " "))
    }

    @Test func leavesTableRowsShortLinesAndLongWordsWhole() {
        let row = " 1  import network, requests, json       43008        43008          43008     37952     3072      1" + String(repeating: " 9", count: 10)
        #expect(TextWrap.wrap(row, width: 60) == row)
        #expect(TextWrap.wrap("short line\n\nnext", width: 60) == "short line\n\nnext")
        let url = "Source: https://example.com/" + String(repeating: "a", count: 80)
        #expect(TextWrap.wrap(url, width: 60) == "Source:\n  https://example.com/" + String(repeating: "a", count: 80))
    }
}
