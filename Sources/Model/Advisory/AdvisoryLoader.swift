import Foundation
import Yams

/// Reads the advisories file into validated `Advisory` values; an unknown key, condition, chip,
/// knob or feature is a diagnostic with the file and line.
///
/// ```yaml
/// advisories:
///   - id: pycom-servers-task-gc-heap
///     title: "…"
///     severity: high            # high | medium | low
///     when:                     # every condition must hold; leave one out and it always holds
///       firmware: "pycom"       # ports and MAJOR.MINOR bounds, alternatives joined by |
///       idf: ">=4.3 <4.3.2"     # as boards.yaml writes IDF ranges
///       chips: [ESP32-S2, ESP32-S3]
///       psram: false
///       features: [tls, "!ble"] # workload features present (or absent with !)
///       initialHeap: ">=56K"
///       knobs: {MBEDTLS_SSL_IN_CONTENT_LEN: "<16384"}
///       outcome: {grew: true, fits: false}
///     advice: "…"
///     source: {domain: "https://github.com/micropython/micropython/issues/8940", upstream: "micropython#8940"}
/// ```
public enum AdvisoryLoader {
    static let entryKeys = ["id", "title", "severity", "when", "advice", "source"]
    static let conditionKeys = ["firmware", "idf", "chips", "psram", "features", "initialHeap", "knobs", "outcome"]
    static let outcomeKeys = ["grew", "fits"]

    /// Loads `path`. `chips` and `knobs` are the names the catalogue and the knob table know;
    /// conditions naming anything else are diagnostics.
    public static func load(path: String, chips: Set<String>, knobs: Set<String>) throws(Diagnostic) -> [Advisory] {
        let (root, r) = try WorkloadLoader.compose(path)
        let top = try r.mapping(root, "the advisories file")
        var out: [Advisory] = []
        for item in try r.sequence(try r.required(top, "advisories", in: root), "advisories") {
            let advisory = try entry(item, reader: r, chips: chips, knobs: knobs)
            if let earlier = out.first(where: { $0.id == advisory.id }) {
                throw r.fail(item, "Advisory id `\(advisory.id)` is used twice (first at line \(earlier.line))",
                             expected: "one entry per id", fix: "Rename one of them")
            }
            out.append(advisory)
        }
        return out
    }

    static func entry(_ item: Node, reader r: Reader, chips: Set<String>, knobs: Set<String>) throws(Diagnostic) -> Advisory {
        let m = try r.mapping(item, "An advisory")
        try rejectUnknownKeys(m, allowed: entryKeys, in: "an advisory", reader: r)
        let id = try r.string(m, "id", in: item)
        guard id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), id.first?.isLetter == true else {
            throw r.fail(m["id"], "Advisory id `\(id)` is not kebab-case", expected: "lower-case letters, digits and '-'",
                         fix: "Rename it, e.g. idf54-tls-default-heap")
        }
        let severityText = try r.string(m, "severity", in: item)
        guard let severity = Advisory.Severity(rawValue: severityText) else {
            throw r.fail(m["severity"], "Unknown severity `\(severityText)` in advisory `\(id)`",
                         expected: Advisory.Severity.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let sourceNode = try r.required(m, "source", in: item)
        let source = try r.mapping(sourceNode, "source of `\(id)`")
        try rejectUnknownKeys(source, allowed: ["domain", "upstream"], in: "the source of `\(id)`", reader: r)
        let conditions = try m["when"].map { node throws(Diagnostic) in
            try self.conditions(node, id: id, reader: r, chips: chips, knobs: knobs)
        } ?? AdvisoryConditions()
        return Advisory(id: id, title: try r.string(m, "title", in: item), advice: try r.string(m, "advice", in: item),
                        severity: severity, conditions: conditions,
                        source: AdvisorySource(domain: try r.string(source, "domain", in: sourceNode),
                                               upstream: try r.string(source, "upstream", in: sourceNode)),
                        line: item.mark?.line ?? 0)
    }

    static func conditions(_ node: Node, id: String, reader r: Reader, chips known: Set<String>,
                           knobs knownKnobs: Set<String>) throws(Diagnostic) -> AdvisoryConditions {
        let m = try r.mapping(node, "`when` of `\(id)`")
        try rejectUnknownKeys(m, allowed: conditionKeys, in: "`when` of `\(id)`", reader: r)
        var c = AdvisoryConditions()
        if let n = m["firmware"] {
            guard let text = n.scalar?.string, let range = FirmwareRange(parsing: text) else {
                throw r.fail(n, "`firmware: \(n.scalar?.string ?? "?")` of `\(id)` is not a firmware range",
                             expected: "a port (" + FirmwareRange.ports.joined(separator: ", ")
                                + ") with optional bounds such as `micropython >=1.22`, alternatives joined by |")
            }
            c.firmware = range
        }
        if m["idf"] != nil { c.idf = try r.idfRange(m) }
        if let n = m["chips"] {
            var names: [String] = []
            for chip in try r.sequence(n, "chips") {
                guard let name = chip.scalar?.string, known.contains(name) else {
                    throw r.fail(chip, "Unknown chip `\(chip.scalar?.string ?? "?")` in advisory `\(id)`",
                                 expected: "one of \(known.sorted().joined(separator: ", "))")
                }
                names.append(name)
            }
            c.chips = names
        }
        if m["psram"] != nil { c.psram = try r.bool(m, "psram", default: false) }
        if let n = m["features"] {
            for f in try r.sequence(n, "features") {
                let text = f.scalar?.string ?? ""
                let negated = text.hasPrefix("!")
                guard let feature = WorkloadFeature(rawValue: negated ? String(text.dropFirst()) : text) else {
                    throw r.fail(f, "Unknown workload feature `\(text)` in advisory `\(id)`",
                                 expected: WorkloadFeature.allCases.map(\.rawValue).joined(separator: ", ")
                                    + " (or one of them negated with !)")
                }
                if negated { c.absentFeatures.append(feature) } else { c.features.append(feature) }
            }
        }
        if let n = m["initialHeap"] { c.initialHeap = try comparison(n, "initialHeap", id: id, reader: r) }
        if let n = m["knobs"] {
            for (key, value) in try r.mapping(n, "knobs of `\(id)`") {
                guard let name = key.scalar?.string, knownKnobs.contains(name) else {
                    throw r.fail(key, "Unknown knob `\(key.scalar?.string ?? "?")` in advisory `\(id)`",
                                 expected: "a knob of workloads/knobs.yaml", fix: "Check the name (Kconfig names without CONFIG_)")
                }
                c.knobs[name] = try comparison(value, name, id: id, reader: r)
            }
        }
        if let n = m["outcome"] {
            let o = try r.mapping(n, "outcome of `\(id)`")
            try rejectUnknownKeys(o, allowed: outcomeKeys, in: "the outcome of `\(id)`", reader: r)
            if o["grew"] != nil { c.grew = try r.bool(o, "grew", default: false) }
            if o["fits"] != nil { c.fits = try r.bool(o, "fits", default: true) }
        }
        return c
    }

    static func comparison(_ n: Node, _ key: String, id: String, reader r: Reader) throws(Diagnostic) -> SizeComparison {
        guard let text = n.scalar?.string, let c = SizeComparison(parsing: text) else {
            throw r.fail(n, "`\(key): \(n.scalar?.string ?? "?")` of `\(id)` is not a comparison",
                         expected: "an operator (>=, <=, ==, !=, <, >) and a number such as >=56K or <16384")
        }
        return c
    }

    static func rejectUnknownKeys(_ m: Node.Mapping, allowed: [String], in what: String, reader r: Reader) throws(Diagnostic) {
        for key in m.keys {
            guard let name = key.scalar?.string, allowed.contains(name) else {
                throw r.fail(key, "Unknown key `\(key.scalar?.string ?? "?")` in \(what)",
                             expected: "one of \(allowed.joined(separator: ", "))", fix: "Correct or remove it")
            }
        }
    }
}
