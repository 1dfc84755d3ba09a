import Foundation
import Model

/// A boards.yaml `boards:` entry made from an imported file: a board the user can keep, whose static
/// sizes carry `confidence: imported` and a `source` naming the file.
public struct BoardEntry: Hashable, Sendable, Codable {
    public var name: String
    public var chip: String
    public var source: String
    public var features: Features
    public var idf: IDFVersion
    public var dram: Int
    public var dramConfidence: Confidence
    public var dramSource: String
    public var iram: Int
    public var iramConfidence: Confidence
    public var iramSource: String
    /// Features the file does not show, taken as the plain build: said in a YAML comment.
    public var assumed: [String]

    /// The entry as boards.yaml text, indented to sit under `boards:`.
    public var yaml: String {
        var out: [String] = []
        out.append("  # Imported by `heapfit import`; append under `boards:` in boards.yaml (rename it as you like).")
        for a in assumed { out.append("  # \(a)") }
        out.append("  - name: \(name)")
        out.append("    chip: \(chip)")
        out.append("    source: \(Self.quoted(source))")
        let f = features
        out.append("    features: {bluetooth: \(f.bluetooth), scoConnections: \(f.scoConnections), "
                   + "singleCore: \(f.singleCore), spiram: \(f.spiram)}")
        out.append("    static:")
        out.append("      - idf: \(idf)")
        out.append("        dram: {value: \(dram), confidence: \(dramConfidence.rawValue), source: \(Self.quoted(dramSource))}")
        out.append("        iram: {value: \(iram), confidence: \(iramConfidence.rawValue), source: \(Self.quoted(iramSource))}")
        return out.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        var body = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": body += "\\\\"
            case "\"": body += "\\\""
            case "\n": body += "\\n"
            case "\t": body += "\\t"
            default: body.unicodeScalars.append(c.value < 0x20 ? " " : c)
            }
        }
        return "\"" + body + "\""
    }

    /// A board name from a file name: `import-esp32-v5.3.2.log` → `IMPORT_ESP32_V5_3_2`, made distinct from
    /// the catalogue's boards.
    public static func boardName(fromFile file: String, avoiding taken: [String]) -> String {
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var name = ""
        for c in stem.uppercased().unicodeScalars {
            let ok = (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
            if ok { name.unicodeScalars.append(c) } else if !name.hasSuffix("_") { name += "_" }
        }
        while name.hasSuffix("_") { name.removeLast() }
        while name.hasPrefix("_") { name.removeFirst() }
        if name.isEmpty { name = "IMPORTED_BOARD" }
        if name.first?.isNumber == true { name = "BOARD_" + name }
        if taken.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) { name += "_IMPORTED" }
        return name
    }
}
