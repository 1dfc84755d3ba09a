/// One line of an imported file: its 1-based number and its text, without the line ending
/// and without ANSI colour codes.
public struct SourceLine: Hashable, Sendable {
    public var number: Int
    public var text: String

    public init(number: Int, text: String) {
        self.number = number
        self.text = text
    }
}

/// The text of a file to import, as lines a parser can match and a diagnostic can point at.
/// Serial monitors add colour codes (`ESC[0;32m` … `ESC[0m` around every ESP-IDF log line) and
/// CRLF or CR line endings; both are removed here so no parser has to know about them.
public struct ImportText: Sendable {
    /// The file name, as diagnostics print it.
    public var file: String
    public var lines: [SourceLine]

    public init(file: String, contents: String) {
        self.file = file
        // `isNewline` covers "\n", "\r" and "\r\n" (one Character in Swift), so CRLF counts once.
        let raw = contents.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        var lines = raw.enumerated().map { SourceLine(number: $0.offset + 1, text: Self.withoutANSI(String($0.element))) }
        if lines.last?.text.isEmpty == true, lines.count > 1 { lines.removeLast() }  // the final newline
        self.lines = lines
    }

    /// True when every line is blank.
    public var isBlank: Bool { lines.allSatisfy { $0.text.allSatisfy(\.isWhitespace) } }

    /// A diagnostic located at `line` of this file.
    public func fail(_ what: String, line: Int?, expected: String? = nil, fix: String? = nil) -> Diagnostic {
        Diagnostic(what, file: file, line: line, expected: expected, fix: fix)
    }

    /// Removes ANSI escape sequences: CSI (`ESC [ params final`), OSC (`ESC ] … BEL` or `ESC \`)
    /// and two-byte escapes. A lone ESC at the end is dropped.
    static func withoutANSI(_ s: String) -> String {
        guard s.unicodeScalars.contains("\u{1B}") else { return s }
        var out = String.UnicodeScalarView()
        var it = s.unicodeScalars.makeIterator()
        while let c = it.next() {
            guard c == "\u{1B}" else { out.append(c); continue }
            guard let kind = it.next() else { break }
            switch kind {
            case "[":
                // Parameters and intermediates run until a final byte in 0x40…0x7E.
                while let p = it.next(), !(0x40...0x7E).contains(p.value) {}
            case "]":
                var previous: Unicode.Scalar?
                while let p = it.next() {
                    if p == "\u{07}" || (previous == "\u{1B}" && p == "\\") { break }
                    previous = p
                }
            default:
                break  // ESC + one byte (e.g. ESC c): both dropped
            }
        }
        return String(out)
    }
}

/// Numbers as the imported formats print them.
enum ImportNumber {
    /// `%08X` / `0x%08x`: at most 8 hex digits (a 32-bit address or size), with or without `0x`.
    static func hex(_ text: Substring) -> Int? {
        var body = text
        if body.hasPrefix("0x") || body.hasPrefix("0X") { body = body.dropFirst(2) }
        guard !body.isEmpty, body.count <= 8 else { return nil }
        return Int(body, radix: 16)
    }

    /// `%d` / `%u`: at most 10 digits, non-negative. Ten digits keep every sum of a few such numbers far
    /// from overflow (a fuzzed `used + remain` of two 19-digit numbers trapped before).
    static func decimal(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 10, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// `decimal` with an optional leading minus (idf_size.py prints a negative `remain` when a segment overflows).
    static func signed(_ text: Substring) -> Int? {
        text.first == "-" ? decimal(text.dropFirst()).map { -$0 } : decimal(text)
    }
}

extension String {
    /// Whether `needle` occurs in this string, compared as UTF-8 bytes. Captures run to hundreds of
    /// thousands of lines, and this is several times faster than Foundation's `contains`.
    func has(_ needle: String) -> Bool {
        let n = Array(needle.utf8)
        guard let first = n.first else { return true }
        let found = utf8.withContiguousStorageIfAvailable { h -> Bool in
            guard h.count >= n.count else { return false }
            var i = 0
            let last = h.count - n.count
            while i <= last {
                if h[i] == first {
                    var j = 1
                    while j < n.count, h[i + j] == n[j] { j += 1 }
                    if j == n.count { return true }
                }
                i += 1
            }
            return false
        }
        return found ?? contains(needle)
    }
}
