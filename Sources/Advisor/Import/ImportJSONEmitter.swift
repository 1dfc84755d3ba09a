import Foundation

/// Renders an `ImportReport` as one JSON object: `file`, `sections`, `regionMap`, `derivation`,
/// `boardEntry` (with `yaml`), `comparisons`, `notes` and `parsed` (every value read from the file).
/// Sizes and addresses are integers; field names are stable.
public enum ImportJSONEmitter {
    public static func render(_ r: ImportReport) -> String {
        JSONText.encode(Wrapper(report: r))
    }

    /// The report plus the entry's YAML text.
    struct Wrapper: Encodable {
        var report: ImportReport

        enum Keys: String, CodingKey { case file, sections, regionMap, derivation, boardEntry, comparisons, notes, parsed }
        enum EntryKeys: String, CodingKey { case entry, yaml }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(report.file, forKey: .file)
            try c.encode(report.sections, forKey: .sections)
            try c.encodeIfPresent(report.regionMap, forKey: .regionMap)
            try c.encodeIfPresent(report.derivation, forKey: .derivation)
            if let e = report.boardEntry {
                var ec = c.nestedContainer(keyedBy: EntryKeys.self, forKey: .boardEntry)
                try ec.encode(e, forKey: .entry)
                try ec.encode(e.yaml, forKey: .yaml)
            }
            try c.encode(report.comparisons, forKey: .comparisons)
            try c.encode(report.notes, forKey: .notes)
            try c.encode(report.parsed, forKey: .parsed)
        }
    }
}
