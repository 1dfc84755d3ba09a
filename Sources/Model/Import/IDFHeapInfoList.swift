import Foundation

/// One tuple of `esp32.idf_heap_info(caps)`: `(total, free, largest_free_block, minimum_free)` of one
/// registered heap (`ports/esp32/modesp32.c`; docs/domain/micropython-heap.md §4).
public struct HeapInfoTuple: Hashable, Sendable, Codable {
    /// The line the tuple starts on.
    public var line: Int
    public var total: Int
    public var free: Int
    public var largestFreeBlock: Int
    public var minimumFree: Int

    public init(line: Int, total: Int, free: Int, largestFreeBlock: Int, minimumFree: Int) {
        self.line = line
        self.total = total
        self.free = free
        self.largestFreeBlock = largestFreeBlock
        self.minimumFree = minimumFree
    }
}

/// One list printed by `esp32.idf_heap_info(caps)`, in registration order.
public struct IDFHeapInfoList: Hashable, Sendable, Codable {
    /// The caps the REPL call asked for, when the prompt line is in the file
    /// (`esp32.HEAP_DATA` = MALLOC_CAP_8BIT, `esp32.HEAP_EXEC` = MALLOC_CAP_EXEC).
    public var capsName: String?
    public var caps: UInt32?
    public var heaps: [HeapInfoTuple]
    public var firstLine: Int
    public var lastLine: Int

    public init(capsName: String?, caps: UInt32?, heaps: [HeapInfoTuple], firstLine: Int, lastLine: Int) {
        self.capsName = capsName
        self.caps = caps
        self.heaps = heaps
        self.firstLine = firstLine
        self.lastLine = lastLine
    }

    public var totalFree: Int { heaps.reduce(0) { $0 + $1.free } }
    public var largestFreeBlock: Int { heaps.map(\.largestFreeBlock).max() ?? 0 }
}

/// Reads every `[(…), (…)]` list of integer 4-tuples, wrapped across lines or not, after a `>>> `
/// prompt or not.
public enum IDFHeapInfoParser {
    /// A `[` followed (across blank space and one line break) by `(` and a digit.
    public static func recognises(_ text: ImportText) -> Bool {
        !candidateLines(text).isEmpty
    }

    /// At most this many lines after its `[` hold a list (the longest has one tuple per heap, a few dozen).
    static let window = 200

    public static func parse(_ text: ImportText) throws(Diagnostic) -> [IDFHeapInfoList] {
        var lists: [IDFHeapInfoList] = []
        var consumedTo = 0  // the line after the last list parsed
        for index in candidateLines(text) where text.lines[index].number >= consumedTo {
            // Only a window of lines is flattened: a huge capture costs no more than its lists.
            let chars = flatten(text.lines[index..<min(text.lines.count, index + window)])
            var from = 0
            for start in starts(in: chars) where start >= from {
                let (list, end) = try parseList(chars, from: start, text)
                lists.append(list)
                from = end
                consumedTo = list.lastLine + 1
            }
        }
        return lists
    }

    /// Indices of the lines where a list may open.
    static func candidateLines(_ text: ImportText) -> [Int] {
        text.lines.indices.filter { i in
            let s = text.lines[i].text
            guard s.has("[") else { return false }
            if opensTupleList(s) { return true }
            guard s.trimmingCharacters(in: .whitespaces).hasSuffix("["), i + 1 < text.lines.count else { return false }
            return text.lines[i + 1].text.firstMatch(of: /^\s*\(\s*\d/) != nil
        }
    }

    /// `[`, blanks, `(`, blanks, a digit — scanned by hand (a regex per line of a long capture is slow).
    static func opensTupleList(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            defer { i += 1 }
            guard b[i] == UInt8(ascii: "[") else { continue }
            var j = i + 1
            while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
            guard j < b.count, b[j] == UInt8(ascii: "(") else { continue }
            j += 1
            while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
            if j < b.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[j]) { return true }
        }
        return false
    }

    /// Lines as one array of characters with the line each came from.
    static func flatten(_ lines: ArraySlice<SourceLine>) -> [(Character, Int)] {
        var out: [(Character, Int)] = []
        for line in lines {
            out.append(contentsOf: line.text.map { ($0, line.number) })
            out.append(("\n", line.number))
        }
        return out
    }

    static func starts(in chars: [(Character, Int)]) -> [Int] {
        var result: [Int] = []
        for i in chars.indices where chars[i].0 == "[" {
            var j = i + 1
            while j < chars.count, chars[j].0.isWhitespace { j += 1 }
            guard j < chars.count, chars[j].0 == "(" else { continue }
            j += 1
            while j < chars.count, chars[j].0.isWhitespace { j += 1 }
            if j < chars.count, chars[j].0.isASCII, chars[j].0.isNumber { result.append(i) }
        }
        return result
    }

    static let tupleForm = "(total, free, largest_free_block, minimum_free), four non-negative integers"

    /// Parses the list opening at `start`; returns it and the index after its `]`.
    static func parseList(_ chars: [(Character, Int)], from start: Int,
                          _ text: ImportText) throws(Diagnostic) -> (IDFHeapInfoList, Int) {
        let openLine = chars[start].1
        var i = start + 1
        var tuples: [HeapInfoTuple] = []
        func skipSpace() { while i < chars.count, chars[i].0.isWhitespace { i += 1 } }
        func unclosed() -> Diagnostic {
            text.fail("The idf_heap_info list opened at line \(openLine) is not closed (the output is cut)",
                      line: chars.last?.1 ?? openLine, expected: "`]` after the last tuple",
                      fix: "Copy the whole list printed by esp32.idf_heap_info()")
        }
        while true {
            skipSpace()
            guard i < chars.count else { throw unclosed() }
            if chars[i].0 == "]" { break }
            guard chars[i].0 == "(" else {
                throw text.fail("Unexpected '\(chars[i].0)' in the idf_heap_info list", line: chars[i].1,
                                expected: "a tuple " + tupleForm + ", `,` or `]`", fix: "Copy the list again as the board printed it")
            }
            let tupleLine = chars[i].1
            i += 1
            var numbers: [Int] = []
            while true {
                skipSpace()
                guard i < chars.count else { throw unclosed() }
                let c = chars[i].0
                if c == ")" { i += 1; break }
                if c == "," { i += 1; continue }
                guard c.isASCII, c.isNumber else {
                    throw text.fail("Unexpected '\(c)' in an idf_heap_info tuple", line: chars[i].1,
                                    expected: "a tuple " + tupleForm, fix: "Copy the list again as the board printed it")
                }
                var digits = ""
                while i < chars.count, chars[i].0.isASCII, chars[i].0.isNumber { digits.append(chars[i].0); i += 1 }
                guard let n = ImportNumber.decimal(Substring(digits)) else {
                    throw text.fail("The number \(digits.prefix(20)) in an idf_heap_info tuple is out of range",
                                    line: tupleLine, expected: "a 32-bit byte count",
                                    fix: "Copy the list again; digits of two numbers may have run together")
                }
                numbers.append(n)
            }
            guard numbers.count == 4 else {
                throw text.fail("An idf_heap_info tuple has \(numbers.count) number\(numbers.count == 1 ? "" : "s")",
                                line: tupleLine, expected: "a tuple " + tupleForm,
                                fix: "Copy the list again; a number was lost (or this is not esp32.idf_heap_info() output)")
            }
            // multi_heap_get_info: free ≤ total, the largest free block and the low-water mark ≤ free.
            guard numbers[1] <= numbers[0], numbers[2] <= numbers[1], numbers[3] <= numbers[1] else {
                throw text.fail("An idf_heap_info tuple (\(numbers.map(String.init).joined(separator: ", "))) cannot come from "
                                + "a heap: free must not exceed total, nor largest_free_block or minimum_free exceed free",
                                line: tupleLine, expected: "a tuple " + tupleForm + " as multi_heap_get_info fills it",
                                fix: "Copy the list again; a number was garbled")
            }
            tuples.append(HeapInfoTuple(line: tupleLine, total: numbers[0], free: numbers[1],
                                        largestFreeBlock: numbers[2], minimumFree: numbers[3]))
            skipSpace()
            if i < chars.count, chars[i].0 == "," { i += 1 }
        }
        let (name, caps) = prompt(before: openLine, text)
        return (IDFHeapInfoList(capsName: name, caps: caps, heaps: tuples, firstLine: openLine, lastLine: chars[i].1), i + 1)
    }

    /// The caps of the `>>> …idf_heap_info(…)` call that printed the list: the nearest prompt line on or
    /// above `line` (a prompt without that call means the list came from something else).
    static func prompt(before line: Int, _ text: ImportText) -> (String?, UInt32?) {
        guard let l = text.lines.last(where: { $0.number <= line && $0.text.hasPrefix(">>>") }),
              let m = l.text.firstMatch(of: /idf_heap_info\(\s*([^)]*?)\s*\)/) else { return (nil, nil) }
        let arg = String(m.1)
        if arg.hasSuffix("HEAP_DATA") { return (arg, 1 << 2) }   // MALLOC_CAP_8BIT
        if arg.hasSuffix("HEAP_EXEC") { return (arg, 1 << 0) }   // MALLOC_CAP_EXEC
        if let n = UInt32(arg) { return (arg, n) }
        if arg.lowercased().hasPrefix("0x"), let n = UInt32(arg.dropFirst(2), radix: 16) { return (arg, n) }
        return (arg, nil)
    }
}
