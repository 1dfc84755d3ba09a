import Foundation
import Model

/// A boards.yaml `boards:` entry made from an imported file: a board the user can keep, whose static
/// sizes carry `confidence: imported` and a `source` naming the file.
public struct BoardEntry: Hashable, Sendable, Codable {
    /// A static size with its confidence and source; a nil value is an unknown figure.
    public struct Figure: Hashable, Sendable, Codable {
        public var value: Int?
        public var confidence: Confidence
        public var source: String
    }

    public var name: String
    public var chip: String
    public var source: String
    public var features: Features
    public var idf: IDFVersion
    public var dram: Figure
    /// Nil for chips without IRAM-only memory.
    public var iram: Figure?
    public var rtc: Figure?
    /// What the file does not show and the entry assumes: YAML comments.
    public var assumed: [String]

    /// The entry as boards.yaml text, indented to sit under `boards:`.
    public var yaml: String {
        var out: [String] = []
        out.append("  # Imported by `heapfit import`; append under `boards:` in boards.yaml (rename it as you like).")
        for a in assumed { out.append("  # \(a)") }
        out.append("  - name: \(name)")
        out.append("    chip: \(chip)")
        out.append("    source: \(Self.quoted(source))")
        out.append("    features: {\(Self.features(features))}")
        out.append("    static:")
        out.append("      - idf: \(idf)")
        out.append("        dram: \(Self.figure(dram))")
        if let iram { out.append("        iram: \(Self.figure(iram))") }
        if let rtc { out.append("        rtc: \(Self.figure(rtc))") }
        return out.joined(separator: "\n") + "\n"
    }

    static func figure(_ f: Figure) -> String {
        (f.value.map { "{value: \($0), " } ?? "{") + "confidence: \(f.confidence.rawValue), source: \(quoted(f.source))}"
    }

    /// The features as boards.yaml's BoardReader reads them; optional ones only when set.
    static func features(_ f: Features) -> String {
        var parts = ["bluetooth: \(f.bluetooth)"]
        if let c = f.btController { parts.append("btController: \(c)") }
        parts.append("scoConnections: \(f.scoConnections)")
        parts.append("singleCore: \(f.singleCore)")
        parts.append("spiram: \(f.spiram)")
        if f.spiram, let size = f.spiramSize { parts.append("spiramSize: \(size % (1 << 20) == 0 ? "\(size >> 20)M" : "\(size)")") }
        for (key, v) in [("rtcFastHeap", f.rtcFastHeap), ("memprot", f.memprot), ("idramSplit", f.idramSplit)] {
            if let v { parts.append("\(key): \(v)") }
        }
        for (key, v) in [("icache", f.icache), ("dcache", f.dcache)] {
            if let v { parts.append("\(key): \(v % 1024 == 0 ? "\(v / 1024)K" : "\(v)")") }
        }
        return parts.joined(separator: ", ")
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

    /// A board name from a file name: `import-esp32-v5.3.2.txt` → `IMPORT_ESP32_V5_3_2`, made distinct from
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
