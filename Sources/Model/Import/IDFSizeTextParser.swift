import Foundation

/// Reads the summary of `idf.py size` text output: the idf_size.py text of IDF ≤ 5.x
/// (`Used static DRAM:` …, also the IDF ≤ 4.2 form with ` DRAM .data size:` lines) and the
/// esp-idf-size `Memory Type Usage Summary` table (box-drawn or `--format csv`).
public enum IDFSizeTextParser {
    public static func recognises(_ text: ImportText) -> Bool {
        text.lines.contains { l in
            let s = l.text
            return s.has("Used static DRAM:") || s.has("Used static IRAM:") || s.has("Used stat D/IRAM:")
                || s.has("Memory Type Usage Summary") || s.hasPrefix("\"Memory Type/Section\"")
        }
    }

    static let usedForm = "`Used static DRAM: <n> bytes (<n> remain, <x>% used)` (or `available` for IDF ≤ 4.2)"
    static let rowForm = "`│ DRAM │ <used> │ <used %> │ <remain> │ <total> │`"

    public static func parse(_ text: ImportText) throws(Diagnostic) -> IDFSizeReport {
        if text.lines.contains(where: { $0.text.has("Memory Type Usage Summary") || $0.text.hasPrefix("\"Memory Type/Section\"") }) {
            return try table(text)
        }
        return try legacy(text)
    }

    // MARK: idf_size.py text

    static func legacy(_ text: ImportText) throws(Diagnostic) -> IDFSizeReport {
        var types: [IDFSizeMemoryType] = []
        var image: Int?
        var first = Int.max, last = 0
        var current: Int?  // index in `types` that section lines belong to
        var oldData: (Int, Int)?, oldBss: (Int, Int)?
        for l in text.lines {
            let s = l.text
            if s.has("Used static") || s.has("Used stat D/IRAM") {
                guard let m = s.firstMatch(of: /Used (static DRAM|static IRAM|stat D\/IRAM):\s*(-?\d+) bytes \(\s*(-?\d+) (remain|available), ?-?[\d.]+% used\)/),
                      let used = ImportNumber.decimal(m.2), let rest = ImportNumber.signed(m.3) else {
                    throw text.fail("An idf.py size line is cut or garbled: '\(BootLogParser.clip(s))'", line: l.number,
                                    expected: usedForm, fix: "Copy the whole `idf.py size` summary")
                }
                let name = m.1 == "static DRAM" ? "DRAM" : m.1 == "static IRAM" ? "IRAM" : "DIRAM"
                types.append(IDFSizeMemoryType(name: name, used: used, total: used + rest, line: l.number))
                current = types.count - 1
                first = min(first, l.number); last = l.number
            } else if s.has("DRAM ."), let m = s.firstMatch(of: /^\s*DRAM (\.data|\.bss)\s+size:\s*(\d+) bytes/), let v = ImportNumber.decimal(m.2) {
                // IDF ≤ 4.2: ` DRAM .data size:` / ` DRAM .bss  size:` come before `Used static DRAM`.
                if m.1 == ".data" { oldData = (v, l.number) } else { oldBss = (v, l.number) }
                first = min(first, l.number); last = l.number
            } else if s.has("size:"), let m = s.firstMatch(of: /^\s*(\.[a-z_0-9]+)\s+size:\s*(\d+) bytes/), let i = current, let v = ImportNumber.decimal(m.2) {
                types[i].sections[String(m.1)] = v
                last = l.number
            } else if s.has("Used Flash size") || s.has("Flash code:") || s.has("Flash rodata:") {
                current = nil
                last = l.number
            } else if s.has("Total image size"), let m = s.firstMatch(of: /Total image size:~?\s*(\d+) bytes/) {
                image = ImportNumber.decimal(m.1)
                first = min(first, l.number); last = l.number
            }
        }
        if let i = types.firstIndex(where: { $0.name == "DRAM" }) {
            if let (v, _) = oldData { types[i].sections[".data"] = v }
            if let (v, _) = oldBss { types[i].sections[".bss"] = v }
        }
        guard !types.isEmpty else {
            throw text.fail("The idf.py size output has no `Used static …` line", line: first == .max ? nil : first,
                            expected: usedForm, fix: "Copy the whole `idf.py size` summary")
        }
        for t in types where !t.sections.isEmpty {
            let sum = t.sections.values.reduce(0, +)
            // .data + .bss = used DRAM; .text + .vectors = used IRAM (idf_size.py adds them so).
            guard sum == t.used else {
                throw text.fail("The \(t.name) sections add up to \(sum) B but the line says \(t.used) B used",
                                line: t.line, expected: "the sections listed under a `Used static …` line to add up to it",
                                fix: "The output was edited or garbled; copy it again")
            }
        }
        return IDFSizeReport(flavour: .legacyText, memoryTypes: types, imageSize: image, firstLine: first, lastLine: last)
    }

    // MARK: esp-idf-size table / CSV

    static func table(_ text: ImportText) throws(Diagnostic) -> IDFSizeReport {
        var types: [IDFSizeMemoryType] = []
        var image: Int?
        var first = Int.max, last = 0
        for l in text.lines {
            let s = l.text
            if s.has("Memory Type Usage Summary") || s.hasPrefix("\"Memory Type/Section\"") {
                first = min(first, l.number); last = l.number
                continue
            }
            if s.has("Total image size"), let m = s.firstMatch(of: /Total image size:~?\s*(\d+) bytes/) {
                image = ImportNumber.decimal(m.1); last = l.number
                continue
            }
            // A row: │-separated (rich table) or "…","…" (CSV); the header rows hold no numbers.
            let cells: [String]
            if s.has("│") {
                cells = s.split(separator: "│", omittingEmptySubsequences: false).dropFirst().dropLast().map { String($0) }
            } else if s.hasPrefix("\"") {
                cells = s.split(separator: ",", omittingEmptySubsequences: false)
                    .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
            } else {
                continue
            }
            guard first != .max, cells.count >= 2 else { continue }
            let label = cells[0].trimmingCharacters(in: .whitespaces)
            let indented = cells[0].hasPrefix("    ") || label.hasPrefix(".")
            let numbers = cells.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            guard !label.isEmpty, let used = ImportNumber.decimal(Substring(numbers[0])) else {
                if !label.isEmpty, label != "Memory Type/Section", numbers.first.map({ !$0.hasPrefix("Used") }) ?? false {
                    throw text.fail("A row of the size table has no used size: '\(BootLogParser.clip(s))'", line: l.number,
                                    expected: rowForm, fix: "Copy the whole table")
                }
                continue
            }
            if indented, !types.isEmpty {
                types[types.count - 1].sections[label] = used
            } else {
                let remain = numbers.count > 2 ? ImportNumber.decimal(Substring(numbers[2])) : nil
                let total = numbers.count > 3 ? ImportNumber.decimal(Substring(numbers[3])) : nil
                types.append(IDFSizeMemoryType(name: label, used: used, total: total ?? remain.map { used + $0 }, line: l.number))
            }
            last = l.number
        }
        guard !types.isEmpty else {
            throw text.fail("The size table has no rows", line: first == .max ? nil : first, expected: rowForm,
                            fix: "Copy the whole `idf.py size` table")
        }
        return IDFSizeReport(flavour: .table, memoryTypes: types, imageSize: image, firstLine: first, lastLine: last)
    }
}
