/// An sdkconfig (or sdkconfig.defaults) file as ESP-IDF's kconfgen writes it: `CONFIG_X=y`,
/// `CONFIG_X=123`, `CONFIG_X=0x1000`, `CONFIG_X="text"`, `# CONFIG_X is not set`, comments and
/// blank lines. A later line for the same option replaces an earlier one, as kconfgen reads them.
public struct Sdkconfig: Hashable, Sendable {
    /// An option's value.
    public enum Value: Hashable, Sendable, CustomStringConvertible {
        case enabled
        case disabled
        case number(Int)
        case text(String)

        /// The value as a knob holds it: y = 1, n = 0, numbers as they are; nil for text.
        public var knobValue: Int? {
            switch self {
            case .enabled: 1
            case .disabled: 0
            case .number(let n): n
            case .text: nil
            }
        }

        public var description: String {
            switch self {
            case .enabled: "y"
            case .disabled: "n"
            case .number(let n): "\(n)"
            case .text(let s): "\"\(s)\""
            }
        }
    }

    /// One setting and the 1-based line it was read from.
    public struct Entry: Hashable, Sendable {
        /// The option name without `CONFIG_`.
        public var name: String
        public var value: Value
        public var line: Int
    }

    /// Settings in file order, one per option (the last line for it).
    public var entries: [Entry]
    public var file: String

    /// The value of `name` (without `CONFIG_`).
    public subscript(name: String) -> Value? { entries.first { $0.name == name }?.value }

    /// Reads `text`; the first line that is none of the forms above is a diagnostic naming `file` and
    /// the line. Pure: no file access, so it can be fed any text.
    public static func parse(text: String, file: String) throws(Diagnostic) -> Sdkconfig {
        var byName: [String: Entry] = [:]
        var order: [String] = []
        var number = 0
        // "\r\n" is one Character in Swift: split on it as well as on "\n", or CRLF files are one line.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = Substring(raw)
            if line.last == "\r" { line = line.dropLast() }
            let trimmed = line.trimmingSpaces
            guard let entry = try Self.entry(trimmed, line: number, file: file) else { continue }
            if byName[entry.name] == nil { order.append(entry.name) }
            byName[entry.name] = entry
        }
        return Sdkconfig(entries: order.compactMap { byName[$0] }, file: file)
    }

    /// The entry a line holds, nil for a blank line or a comment.
    static func entry(_ line: Substring, line number: Int, file: String) throws(Diagnostic) -> Entry? {
        if line.isEmpty { return nil }
        if line.hasPrefix("#") {
            // `# CONFIG_X is not set` is how kconfgen writes a disabled bool; any other comment is a comment.
            let body = line.dropFirst().trimmingSpaces
            guard body.hasPrefix("CONFIG_"), body.hasSuffix(" is not set") else { return nil }
            let name = body.dropFirst("CONFIG_".count).dropLast(" is not set".count)
            guard Self.isName(name) else { return nil }
            return Entry(name: String(name), value: .disabled, line: number)
        }
        func fail(_ what: String, _ expected: String) -> Diagnostic {
            Diagnostic(what, file: file, line: number, expected: expected,
                       fix: "Correct or remove the line (kconfgen writes CONFIG_NAME=value or # CONFIG_NAME is not set)")
        }
        guard let eq = line.firstIndex(of: "=") else {
            throw fail("'\(Self.excerpt(line))' is not a setting", "CONFIG_NAME=value, a comment (#) or a blank line")
        }
        let key = line[..<eq].trimmingSpaces
        guard key.hasPrefix("CONFIG_"), Self.isName(key.dropFirst("CONFIG_".count)) else {
            throw fail("'\(Self.excerpt(key))' is not a Kconfig option name", "CONFIG_ followed by letters, digits and underscores")
        }
        let name = String(key.dropFirst("CONFIG_".count))
        let text = line[line.index(after: eq)...].trimmingSpaces
        guard let value = Self.value(text) else {
            throw fail("The value of CONFIG_\(name) ('\(Self.excerpt(text))') is not one ESP-IDF writes",
                       "y, n, a decimal or 0x hexadecimal integer, or a \"quoted string\"")
        }
        return Entry(name: name, value: value, line: number)
    }

    static func value(_ text: Substring) -> Value? {
        switch text {
        case "y": return .enabled
        case "n": return .disabled
        default: break
        }
        if text.count >= 2, text.first == "\"", text.last == "\"" {
            var out = ""
            var escaped = false
            for c in text.dropFirst().dropLast() {
                if escaped { out.append(c); escaped = false; continue }
                if c == "\\" { escaped = true; continue }
                if c == "\"" { return nil }  // an unescaped quote inside: not one string
                out.append(c)
            }
            return escaped ? nil : .text(out)
        }
        let negative = text.hasPrefix("-")
        let digits = negative ? text.dropFirst() : text
        let parsed: Int?
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            let hex = digits.dropFirst(2)
            parsed = !hex.isEmpty && hex.allSatisfy { $0.isASCII && $0.isHexDigit } ? Int(hex, radix: 16) : nil
        } else {
            parsed = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber } ? Int(digits) : nil
        }
        guard let magnitude = parsed else { return nil }
        return .number(negative ? -magnitude : magnitude)
    }

    static func isName(_ s: Substring) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// At most 60 characters of `s`, for a message.
    static func excerpt(_ s: Substring) -> String { s.count > 60 ? String(s.prefix(57)) + "…" : String(s) }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
