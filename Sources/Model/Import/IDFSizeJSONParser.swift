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
                throw text.fail("The JSON is not an object", line: 1, expected: "`{ … }` as idf.py size prints it")
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

    static func int(_ v: Any?) -> Int? {
        if let n = v as? Int { return n }
        if let n = v as? NSNumber { return n.intValue }
        return nil
    }

    static func legacy(_ o: [String: Any], _ text: ImportText, _ first: Int, _ last: Int) throws(Diagnostic) -> IDFSizeReport {
        var types: [IDFSizeMemoryType] = []
        func total(_ prefix: String, used: Int) -> Int? {
            if let t = int(o["\(prefix)_total"]) { return t }
            if let r = int(o["\(prefix)_remain"]) ?? int(o["available_\(prefix)"]) { return used + r }
            return nil
        }
        func sections(_ prefix: String, _ names: [String]) -> [String: Int] {
            var out: [String: Int] = [:]
            for n in names { if let v = int(o["\(prefix)_\(n)"]), v > 0 { out[".\(n)"] = v } }
            return out
        }
        if let used = int(o["used_dram"]), used > 0 || int(o["used_diram"]) == nil {
            types.append(IDFSizeMemoryType(name: "DRAM", used: used, total: total("dram", used: used),
                                           sections: sections("dram", ["data", "bss", "rodata", "other"])))
        }
        if let used = int(o["used_iram"]), used > 0 || int(o["used_diram"]) == nil {
            types.append(IDFSizeMemoryType(name: "IRAM", used: used, total: total("iram", used: used),
                                           sections: sections("iram", ["text", "vectors", "other"])))
        }
        if let used = int(o["used_diram"]), used > 0 {
            types.append(IDFSizeMemoryType(name: "DIRAM", used: used, total: total("diram", used: used),
                                           sections: sections("diram", ["data", "bss", "text", "vectors", "rodata", "other"])))
        }
        guard !types.isEmpty else {
            throw text.fail("The JSON has none of `used_dram`, `used_iram`, `used_diram`", line: first,
                            expected: "the keys idf_size.py `--format json` prints", fix: "Pass the output of `idf.py size --format json`")
        }
        return IDFSizeReport(flavour: .legacyJSON, memoryTypes: types, imageSize: int(o["total_size"]), firstLine: first,
                             lastLine: last)
    }

    static func json2(_ layout: Any, _ o: [String: Any], _ text: ImportText, _ first: Int,
                      _ last: Int) throws(Diagnostic) -> IDFSizeReport {
        guard let entries = layout as? [[String: Any]], !entries.isEmpty else {
            throw text.fail("`layout` is not a non-empty list of memory types", line: first,
                            expected: "`\"layout\": [{\"name\": \"DRAM\", \"total\": …, \"used\": …, \"parts\": {…}}, …]`")
        }
        var types: [IDFSizeMemoryType] = []
        for e in entries {
            guard let name = e["name"] as? String, let used = int(e["used"]) else {
                throw text.fail("A `layout` entry has no `name` or `used`", line: first,
                                expected: "`{\"name\": …, \"total\": …, \"used\": …, \"free\": …, \"parts\": {…}}`")
            }
            var sections: [String: Int] = [:]
            for (k, v) in (e["parts"] as? [String: Any]) ?? [:] {
                if let size = int((v as? [String: Any])?["size"]) { sections[k] = size }
            }
            let total = int(e["total"]).flatMap { $0 > 0 ? $0 : nil }
            types.append(IDFSizeMemoryType(name: name, used: used, total: total, sections: sections))
        }
        return IDFSizeReport(flavour: .json2, memoryTypes: types, imageSize: int(o["total_size"]) ?? int(o["image_size"]),
                             firstLine: first, lastLine: last)
    }
}
