import Foundation
import Yams

/// Reads boards.yaml into a validated `Catalogue`. Every problem becomes a `Diagnostic`
/// with the file, the line (from Yams node marks) and a fix hint — never a crash.
public enum CatalogueLoader {
    /// Loads and validates the file at `path`.
    public static func load(path: String) throws(Diagnostic) -> Catalogue {
        let fix = "Check the path, or set HEAPFIT_BOARDS to the location of boards.yaml"
        let data = try InputFile.read(path, what: "the board catalogue", limit: InputFile.yamlLimit, fix: fix)
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic("The board catalogue is not UTF-8 text (binary data?)", file: path,
                             expected: "a readable UTF-8 YAML file", fix: fix)
        }
        return try parse(text, file: path)
    }

    /// Parses and validates catalogue YAML text; `file` names it in diagnostics.
    public static func parse(_ text: String, file: String) throws(Diagnostic) -> Catalogue {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw Diagnostic("The board catalogue is empty", file: file, line: 1,
                                 expected: "a mapping with `chips:` and `boards:`", fix: "Restore boards.yaml")
            }
            root = node
        } catch let d as Diagnostic {
            throw d
        } catch {
            let e = YAMLSyntaxError(error)
            throw Diagnostic("The board catalogue is not valid YAML (\(e.problem))", file: file,
                             line: e.line, expected: "well-formed YAML", fix: e.fix)
        }
        let r = Reader(file: file)
        let top = try r.mapping(root, "the catalogue")
        let releases = try idfReleases(r, try r.required(top, "idfReleases", in: root))
        var chips: [ChipDefinition] = []
        for node in try r.sequence(try r.required(top, "chips", in: root), "chips") {
            let chip = try ChipReader(r, releases: releases).chip(node)
            if chips.contains(where: { $0.name == chip.name }) {
                throw r.fail(node, "Chip \(chip.name) is defined twice", fix: "Keep one definition")
            }
            chips.append(chip)
        }
        var boards: [Board] = []
        for node in try r.sequence(try r.required(top, "boards", in: root), "boards") {
            let board = try BoardReader(r, releases: releases).board(node, chips: chips, boards: boards)
            if boards.contains(where: { $0.name.caseInsensitiveCompare(board.name) == .orderedSame }) {
                throw r.fail(node, "Board \(board.name) is defined twice", fix: "Keep one definition")
            }
            boards.append(board)
        }
        var catalogue = Catalogue(idfReleases: releases, chips: chips, boards: boards, file: file)
        if let fn = top["firmwareSupport"] { catalogue.firmwareSupport = try firmwareSupport(r, fn) }
        return catalogue
    }

    /// `firmwareSupport: {source: …, releases: [{port, release, supported: [...], recommended, source}, …]}`.
    private static func firmwareSupport(_ r: Reader, _ node: Node) throws(Diagnostic) -> FirmwareSupportTable {
        let m = try r.mapping(node, "firmwareSupport")
        let source = try r.string(m, "source", in: node)
        var releases: [FirmwareSupport] = []
        for item in try r.sequence(try r.required(m, "releases", in: node), "releases") {
            let e = try r.mapping(item, "A firmwareSupport release")
            let port = try r.string(e, "port", in: item)
            guard ["micropython", "circuitpython"].contains(port) else {
                throw r.fail(e["port"], "Unknown firmware port `\(port)`", expected: "micropython or circuitpython")
            }
            let rn = try r.required(e, "release", in: item)
            guard let text = rn.scalar?.string, let v = IDFVersion(parsing: text), v.patch == 0 else {
                throw r.fail(rn, "`release: \(rn.scalar?.string ?? "?")` is not a MAJOR.MINOR release", expected: "e.g. 1.28 or 10.1")
            }
            func version(_ n: Node) throws(Diagnostic) -> IDFVersion {
                guard let t = n.scalar?.string, let v = IDFVersion(parsing: t) else {
                    throw r.fail(n, "`\(n.scalar?.string ?? "?")` is not an ESP-IDF release", expected: "a version such as 5.4.2")
                }
                return v
            }
            var supported: [IDFVersion] = []
            for n in try r.sequence(try r.required(e, "supported", in: item), "supported") { supported.append(try version(n)) }
            guard !supported.isEmpty else { throw r.fail(item, "`supported` of \(port)-\(text) is empty", expected: "at least one IDF release") }
            let recommended = try version(try r.required(e, "recommended", in: item))
            guard supported.contains(recommended) else {
                throw r.fail(e["recommended"], "The recommended IDF \(recommended) of \(port)-\(text) is not in its `supported` list",
                             fix: "Add it to `supported` or correct it")
            }
            var minimum: [String: IDFVersion] = [:]
            if let cn = e["chipMinimum"] {
                for (k, vn) in try r.mapping(cn, "chipMinimum") {
                    guard let chip = k.scalar?.string else { throw r.fail(k, "A chipMinimum key is not a chip name") }
                    minimum[chip] = try version(vn)
                }
            }
            if releases.contains(where: { $0.port == port && $0.major == v.major && $0.minor == v.minor }) {
                throw r.fail(rn, "\(port)-\(text) is listed twice in firmwareSupport", fix: "Keep one entry")
            }
            releases.append(FirmwareSupport(port: port, major: v.major, minor: v.minor, supported: supported.sorted(),
                                            recommended: recommended, chipMinimum: minimum,
                                            source: try r.string(e, "source", in: item), line: item.mark?.line))
        }
        return FirmwareSupportTable(releases: releases, source: source)
    }

    /// `idfReleases: {source: …, tags: [4.2, 4.2.1, …]}`: every release the catalogue knows, strictly ascending.
    private static func idfReleases(_ r: Reader, _ node: Node) throws(Diagnostic) -> [IDFVersion] {
        let m = try r.mapping(node, "idfReleases")
        _ = try r.string(m, "source", in: node)
        var releases: [IDFVersion] = []
        for t in try r.sequence(try r.required(m, "tags", in: node), "tags") {
            guard let text = t.scalar?.string, let v = IDFVersion(parsing: text) else {
                throw r.fail(t, "`\(t.scalar?.string ?? "?")` is not an ESP-IDF release", expected: "a version such as 5.4.2")
            }
            if let last = releases.last, !(last < v) {
                throw r.fail(t, "IDF release \(v) is out of order or repeated in idfReleases",
                             expected: "releases in ascending order, each once", fix: "Move or remove it")
            }
            releases.append(v)
        }
        return releases
    }
}

/// Typed access to YAML nodes that turns every mismatch into a located diagnostic.
struct Reader {
    let file: String

    /// A diagnostic at `node`'s line; without a fix of its own it says to correct that line (every
    /// diagnostic tells the user what to do).
    func fail(_ node: Node?, _ what: String, expected: String? = nil, fix: String? = nil) -> Diagnostic {
        Diagnostic(what, file: file, line: node?.mark?.line, expected: expected,
                   fix: fix ?? "Correct it at that line of \((file as NSString).lastPathComponent)")
    }

    func mapping(_ node: Node, _ what: String) throws(Diagnostic) -> Node.Mapping {
        guard let m = node.mapping else {
            throw fail(node, what.prefix(1).uppercased() + what.dropFirst() + " is not a mapping", expected: "`key: value` entries")
        }
        return m
    }

    func sequence(_ node: Node, _ what: String) throws(Diagnostic) -> [Node] {
        guard let s = node.sequence else { throw fail(node, "`\(what)` is not a list", expected: "a YAML list (`- …`)") }
        return Array(s)
    }

    func required(_ m: Node.Mapping, _ key: String, in parent: Node) throws(Diagnostic) -> Node {
        guard let n = m[key] else {
            throw fail(parent, "Missing `\(key)`", expected: "a `\(key):` entry here", fix: "Add `\(key):`")
        }
        return n
    }

    func string(_ m: Node.Mapping, _ key: String, in parent: Node) throws(Diagnostic) -> String {
        let n = try required(m, key, in: parent)
        guard let s = n.scalar?.string, !s.isEmpty else {
            throw fail(n, "`\(key)` is empty or not a scalar", expected: "a text value")
        }
        return s
    }

    func integer(_ n: Node, _ key: String) throws(Diagnostic) -> Int {
        guard let s = n.scalar?.string, let v = SizeParser.parse(s) else {
            throw fail(n, "`\(key)` is not a non-negative integer (got '\(n.scalar?.string ?? "a non-scalar")')",
                       expected: "a number such as 57344, 0xE000 or 56K", fix: "Correct the value")
        }
        return v
    }

    func integer(_ m: Node.Mapping, _ key: String, in parent: Node) throws(Diagnostic) -> Int {
        try integer(try required(m, key, in: parent), key)
    }

    func bool(_ m: Node.Mapping, _ key: String, default value: Bool) throws(Diagnostic) -> Bool {
        guard let n = m[key] else { return value }
        switch n.scalar?.string.lowercased() {
        case "true", "yes", "y", "on": return true
        case "false", "no", "n", "off": return false
        default: throw fail(n, "`\(key)` is not true or false", expected: "true or false")
        }
    }

    func condition(_ m: Node.Mapping, key: String = "when") throws(Diagnostic) -> FeatureCondition {
        guard let n = m[key] else { return .always }
        guard let s = n.scalar?.string else { throw fail(n, "`\(key):` is not a scalar", expected: "a condition such as `spiram & !singleCore`") }
        do {
            return try FeatureCondition(parsing: s)
        } catch {
            throw fail(n, "Unknown condition `\(error.atom)` in `\(key): \(s)`",
                       expected: "atoms joined by &: a feature (" + Features.flagNames.joined(separator: ", ")
                        + "), its negation with !, or a comparison of " + Features.numberNames.joined(separator: ", ")
                        + " such as dcache<=32K")
        }
    }

    func idfRange(_ m: Node.Mapping) throws(Diagnostic) -> IDFRange {
        guard let n = m["idf"] else { return .all }
        guard let s = n.scalar?.string, let range = IDFRange(parsing: s) else {
            throw fail(n, "`idf: \(n.scalar?.string ?? "?")` is not a range of ESP-IDF releases",
                       expected: "bounds such as `>=4.4.1 <5.2`, alternatives joined by `|`")
        }
        return range
    }

    /// A number, or a list of `{value, when, idf}` alternatives (first match wins).
    func conditionalInts(_ node: Node, _ key: String) throws(Diagnostic) -> [Conditional<Int>] {
        if node.scalar != nil { return [Conditional(try integer(node, key), line: node.mark?.line)] }
        var out: [Conditional<Int>] = []
        for item in try sequence(node, key) {
            let m = try mapping(item, "An entry of `\(key)`")
            out.append(Conditional(try integer(m, "value", in: item), when: try condition(m), idf: try idfRange(m),
                                   line: item.mark?.line))
        }
        guard !out.isEmpty else { throw fail(node, "`\(key)` is an empty list", expected: "at least one value") }
        return out
    }
}
