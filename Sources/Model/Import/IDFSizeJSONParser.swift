import Foundation

/// Reads `idf.py size --format json` (idf_size.py: flat keys `used_dram`, `dram_data`, `dram_bss`,
/// `used_iram`, `iram_text`, `iram_vectors`, `used_diram`, `total_size`, with `dram_total`/`dram_remain`
/// from IDF 4.3 and `available_dram` before) and esp-idf-size `--format json2` (`{"version", "layout":
/// [{"name", "total", "used", "free", "parts": {".data": {"size"}}}], "total_size"}`, the last from 2.1.0).
public enum IDFSizeJSONParser {
    /// A file whose first non-blank character is `{` and that mentions one of the two shapes' keys.
    public static func recognises(_ text: ImportText) -> Bool {
        guard let first = text.lines.first(where: { !$0.text.allSatisfy(\.isWhitespace) }),
              first.text.trimmingCharacters(in: .whitespaces).hasPrefix("{") else { return false }
        return text.lines.contains { $0.text.has("\"used_dram\"") || $0.text.has("\"layout\"")
            || $0.text.has("\"used_diram\"") || $0.text.has("\"memory_types\"") }
    }

    public static func parse(_ text: ImportText) throws(Diagnostic) -> IDFSizeReport {
        let joined = text.lines.map(\.text).joined(separator: "\n")
        let lastLine = text.lines.last?.number ?? 1
        let object: [String: Any]
        do {
            guard let o = try JSONSerialization.jsonObject(with: Data(joined.utf8)) as? [String: Any] else {
                throw text.fail("The JSON is not an object", line: 1, expected: "`{ … }` as idf.py size prints it",
                                fix: "Pass the output of `idf.py size --format json2`")
            }
            object = o
        } catch let d as Diagnostic {
            throw d
        } catch {
            throw text.fail("The JSON is cut or malformed", line: lastLine,
                            expected: "the whole output of `idf.py size --format json` (or json2)",
                            fix: "Save the whole output again (for example with `idf.py size --format json2 > size.json`)")
        }
        let first = text.lines.first(where: { !$0.text.allSatisfy(\.isWhitespace) })?.number ?? 1
        if let layout = object["layout"] {
            return try json2(layout, object, text, first, lastLine)
        }
        if object["memory_types"] != nil {
            throw text.fail("This is esp-idf-size `--format raw` output, which heapfit does not read", line: first,
                            expected: "`--format json2` (a `layout` list) or the idf_size.py `--format json` keys",
                            fix: "Run `idf.py size --format json2` (or `esp_idf_size --format json2 build/<app>.map`)")
        }
        return try legacy(object, text, first, lastLine)
    }

    /// A byte count: a whole number from 0 to 2³² (a 32-bit chip's memory, an image on its flash). Other
    /// numbers are refused rather than clamped: `1e30` or `-5` is a broken file, not a size.
    static func count(_ v: Any?) -> Int? {
        // `type(of:)`, not `is`: NSNumber bridging makes 0 and 1 pass `is Bool`.
        guard type(of: v) != Bool.self, let n = v as? NSNumber else { return nil }
        let d = n.doubleValue
        guard d.isFinite, d >= 0, d <= Double(1 << 32), d.rounded() == d else { return nil }
        return Int(d)
    }

    /// The value of `key` in `o` as a byte count; nil when absent, a diagnostic when present but not one.
    static func int(_ o: [String: Any], _ key: String, _ text: ImportText, _ line: Int) throws(Diagnostic) -> Int? {
        guard let v = o[key], !(v is NSNull) else { return nil }
        guard let n = count(v) else {
            throw text.fail("`\(key)` is \(v), not a byte count", line: line,
                            expected: "a whole number of bytes from 0 to 4294967296", fix: "Save the `idf.py size` output again; it is damaged")
        }
        return n
    }

    static func legacy(_ o: [String: Any], _ text: ImportText, _ first: Int, _ last: Int) throws(Diagnostic) -> IDFSizeReport {
        var types: [IDFSizeMemoryType] = []
        func value(_ key: String) throws(Diagnostic) -> Int? { try int(o, key, text, first) }
        func total(_ prefix: String, used: Int) throws(Diagnostic) -> Int? {
            if let t = try value("\(prefix)_total") { return t }
            let remain = try value("\(prefix)_remain")
            let available = try value("available_\(prefix)")
            if let r = remain ?? available { return used + r }  // both ≤ 2³²
            return nil
        }
        func sections(_ prefix: String, _ names: [String]) throws(Diagnostic) -> [String: Int] {
            var out: [String: Int] = [:]
            for n in names { if let v = try value("\(prefix)_\(n)"), v > 0 { out[".\(n)"] = v } }
            return out
        }
        let diram = try value("used_diram")
        if let used = try value("used_dram"), used > 0 || diram == nil {
            types.append(IDFSizeMemoryType(name: "DRAM", used: used, total: try total("dram", used: used),
                                           sections: try sections("dram", ["data", "bss", "rodata", "other"])))
        }
        if let used = try value("used_iram"), used > 0 || diram == nil {
            types.append(IDFSizeMemoryType(name: "IRAM", used: used, total: try total("iram", used: used),
                                           sections: try sections("iram", ["text", "vectors", "other"])))
        }
        if let used = diram, used > 0 {
            types.append(IDFSizeMemoryType(name: "DIRAM", used: used, total: try total("diram", used: used),
                                           sections: try sections("diram", ["data", "bss", "text", "vectors", "rodata", "other"])))
        }
        guard !types.isEmpty else {
            throw text.fail("The JSON has none of `used_dram`, `used_iram`, `used_diram`", line: first,
                            expected: "the keys idf_size.py `--format json` prints", fix: "Pass the output of `idf.py size --format json`")
        }
        return IDFSizeReport(flavour: .legacyJSON, memoryTypes: types, imageSize: try value("total_size"), firstLine: first,
                             lastLine: last)
    }

    static func json2(_ layout: Any, _ o: [String: Any], _ text: ImportText, _ first: Int,
                      _ last: Int) throws(Diagnostic) -> IDFSizeReport {
        guard let entries = layout as? [[String: Any]], !entries.isEmpty else {
            throw text.fail("`layout` is not a non-empty list of memory types", line: first,
                            expected: "`\"layout\": [{\"name\": \"DRAM\", \"total\": …, \"used\": …, \"parts\": {…}}, …]`",
                            fix: "Save the `idf.py size --format json2` output again; it is damaged")
        }
        var types: [IDFSizeMemoryType] = []
        for e in entries {
            guard let name = e["name"] as? String, let used = try int(e, "used", text, first) else {
                throw text.fail("A `layout` entry has no `name` or `used`", line: first,
                                expected: "`{\"name\": …, \"total\": …, \"used\": …, \"free\": …, \"parts\": {…}}`",
                                fix: "Save the `idf.py size --format json2` output again; it is damaged")
            }
            var sections: [String: Int] = [:]
            for (k, v) in (e["parts"] as? [String: Any]) ?? [:] {
                if let part = v as? [String: Any], let size = try int(part, "size", text, first) { sections[k] = size }
            }
            let total = try int(e, "total", text, first).flatMap { $0 > 0 ? $0 : nil }
            types.append(IDFSizeMemoryType(name: name, used: used, total: total, sections: sections))
        }
        let total = try int(o, "total_size", text, first)
        let image = try int(o, "image_size", text, first)
        return IDFSizeReport(flavour: .json2, memoryTypes: types, imageSize: total ?? image,
                             firstLine: first, lastLine: last)
    }
}
