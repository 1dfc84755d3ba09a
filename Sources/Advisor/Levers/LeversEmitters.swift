import Model

/// Renders a `LeversReport` for a person: per lever, what it controls, how a board sets it, the default
/// and the caps, and its sources; for one release, then what it does not offer.
public enum LeversTextEmitter {
    public static func render(_ r: LeversReport) -> String {
        var out: [String] = []
        if let f = r.firmware {
            out.append("\(f): \(r.levers.count) lever\(r.levers.count == 1 ? "" : "s") (\(r.source)).")
        } else {
            out.append("\(r.levers.count) levers on the Python heap, per firmware release (\(r.source)).")
        }
        for l in r.levers {
            out.append("")
            out.append("\(l.controls.phrase) · \(l.firmware) · \(l.name)  [\(l.id)]")
            out.append("  Set by: \(l.howToSet)")
            if let patch = l.patch { out.append("  Patch: \(patch)") }
            out.append("  Values: \(l.values)")
            out.append("  Default: \(l.defaultValue)")
            out.append("  Memory: \(l.caps)")
            if let note = l.note { out.append("  Note: \(note)") }
            for s in l.sources { out.append("  Source: \(s)") }
        }
        if let f = r.firmware, !r.notOffered.isEmpty {
            out.append("")
            out.append("Not offered on \(f) (no such lever in this release): " + r.notOffered.map(\.phrase).joined(separator: ", ") + ".")
        }
        return out.joined(separator: "\n") + "\n"
    }
}

/// One lever as the other commands' text says it.
enum LeverText {
    /// "Set by: …", with the patch where only a port patch sets it.
    static func setBy(_ l: Lever) -> String { "Set by: \(how(l))." }

    /// How a board sets it, with the patch where only a port patch does.
    static func how(_ l: Lever) -> String { l.howToSet + (l.patch.map { " — \($0)" } ?? "") }
}

/// Renders a `LeversReport` as JSON: `firmware` (or null), `levers` [{id, firmware, controls, name, set,
/// where, values, default, caps, patch, note, sources, boardCanSet}], `notOffered`, `source`.
public enum LeversJSONEmitter {
    struct Document: Encodable {
        var firmware: String?
        var levers: [Entry]
        var notOffered: [String]
        var source: String
    }

    struct Entry: Encodable {
        var id, firmware, controls, name, set, `where`, values, `default`, caps: String
        var patch, note: String?
        var sources: [String]
        var boardCanSet: Bool
        var howToSet: String
    }

    static func entry(_ l: Lever) -> Entry {
        Entry(id: l.id, firmware: l.firmware.text, controls: l.controls.rawValue, name: l.name, set: l.mechanism.rawValue,
              where: l.location, values: l.values, default: l.defaultValue, caps: l.caps, patch: l.patch, note: l.note,
              sources: l.sources, boardCanSet: l.mechanism.boardCanSet, howToSet: l.howToSet)
    }

    public static func render(_ r: LeversReport) -> String {
        JSONText.encode(Document(firmware: r.firmware?.description, levers: r.levers.map(entry),
                                 notOffered: r.notOffered.map(\.rawValue), source: r.source))
    }
}
