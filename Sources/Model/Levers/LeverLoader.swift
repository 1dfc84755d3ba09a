import Foundation
import Yams

/// Reads `workloads/levers/levers.yaml` into a `LeverTable`; an unknown key, control, mechanism or
/// firmware range, a missing field, a source that is not a URL or a port patch without its patch is a
/// diagnostic with the file and line.
public enum LeverLoader {
    static let keys = ["id", "firmware", "controls", "name", "set", "where", "values", "default", "caps", "patch", "note", "source"]

    /// The levers file of a workloads folder.
    public static func file(library: String) -> String {
        (library as NSString).appendingPathComponent("levers/levers.yaml")
    }

    /// The levers of `library`; a folder without the file (a user's own workloads folder) has none.
    public static func load(library: String) throws(Diagnostic) -> LeverTable {
        let path = file(library: library)
        guard FileManager.default.fileExists(atPath: path) else { return LeverTable() }
        return try load(path: path)
    }

    public static func load(path: String) throws(Diagnostic) -> LeverTable {
        let (root, r) = try WorkloadLoader.compose(path)
        return try parse(root, reader: r)
    }

    /// Parses YAML `text` as if read from `file` (tests).
    public static func parse(_ text: String, file: String) throws(Diagnostic) -> LeverTable {
        let (root, r) = try WorkloadLoader.compose(text: text, file: file)
        return try parse(root, reader: r)
    }

    static func parse(_ root: Node, reader r: Reader) throws(Diagnostic) -> LeverTable {
        let top = try r.mapping(root, "the levers file")
        var out: [Lever] = []
        for item in try r.sequence(try r.required(top, "levers", in: root), "levers") {
            let lever = try entry(item, reader: r)
            if let earlier = out.first(where: { $0.id == lever.id }) {
                throw r.fail(item, "Lever id `\(lever.id)` is used twice (first at line \(earlier.line))",
                             expected: "one entry per id", fix: "Rename one of them")
            }
            out.append(lever)
        }
        return LeverTable(levers: out, source: r.file)
    }

    static func entry(_ item: Node, reader r: Reader) throws(Diagnostic) -> Lever {
        let m = try r.mapping(item, "A lever")
        try AdvisoryLoader.rejectUnknownKeys(m, allowed: keys, in: "a lever", reader: r)
        let id = try r.string(m, "id", in: item)
        guard id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), id.first?.isLetter == true else {
            throw r.fail(m["id"], "Lever id `\(id)` is not kebab-case", expected: "lower-case letters, digits and '-'",
                         fix: "Rename it, e.g. mp-initial-heap-define")
        }
        let firmwareText = try r.string(m, "firmware", in: item)
        guard let firmware = FirmwareRange(parsing: firmwareText) else {
            throw r.fail(m["firmware"], "`firmware: \(firmwareText)` of lever `\(id)` is not a firmware range",
                         expected: "a port (" + FirmwareRange.ports.joined(separator: ", ")
                            + ") with optional bounds such as `micropython >=1.22`, alternatives joined by |")
        }
        let controlText = try r.string(m, "controls", in: item)
        guard let control = Lever.Control(rawValue: controlText) else {
            throw r.fail(m["controls"], "Unknown `controls: \(controlText)` in lever `\(id)`",
                         expected: Lever.Control.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let setText = try r.string(m, "set", in: item)
        guard let mechanism = Lever.Mechanism(rawValue: setText) else {
            throw r.fail(m["set"], "Unknown `set: \(setText)` in lever `\(id)`",
                         expected: Lever.Mechanism.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let patch = m["patch"] == nil ? nil : try r.string(m, "patch", in: item)
        if mechanism == .portPatch, patch == nil {
            throw r.fail(item, "Lever `\(id)` is set by a port patch but says no `patch:`",
                         expected: "`patch:` with the one-line change to the port", fix: "Add `patch:` to the entry")
        }
        if mechanism != .portPatch, patch != nil {
            throw r.fail(m["patch"], "Lever `\(id)` has a `patch:` but is set by `\(setText)`",
                         expected: "`patch:` only on `set: portPatch` entries", fix: "Remove `patch:` or set `set: portPatch`")
        }
        return Lever(id: id, firmware: firmware, controls: control, name: try r.string(m, "name", in: item), mechanism: mechanism,
                     location: try r.string(m, "where", in: item), values: try r.string(m, "values", in: item),
                     defaultValue: try r.string(m, "default", in: item), caps: try r.string(m, "caps", in: item),
                     patch: patch, note: m["note"] == nil ? nil : try r.string(m, "note", in: item),
                     sources: try sources(try r.required(m, "source", in: item), id: id, reader: r),
                     line: item.mark?.line ?? 0)
    }

    static func sources(_ node: Node, id: String, reader r: Reader) throws(Diagnostic) -> [String] {
        let items = node.scalar != nil ? [node] : try r.sequence(node, "source")
        guard !items.isEmpty else {
            throw r.fail(node, "Lever `\(id)` has an empty `source:` list", expected: "at least one URL")
        }
        var out: [String] = []
        for n in items {
            guard let url = n.scalar?.string, url.hasPrefix("https://"), !url.contains(" ") else {
                throw r.fail(n, "`source` of lever `\(id)` is not a URL (got '\(n.scalar?.string ?? "a non-scalar")')",
                             expected: "an https:// address a reader can open, such as a file@tag#Lline link on GitHub")
            }
            out.append(url)
        }
        return out
    }
}
