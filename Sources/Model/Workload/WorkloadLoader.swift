import Foundation
import Yams

/// Reads workloads, their components (with includes) and the knob table from YAML into
/// validated values; every problem is a `Diagnostic` with file and line.
public struct WorkloadLoader: Sendable {
    /// The shipped `workloads/` folder (its `components/` holds the reusable parts).
    public let library: String

    public init(library: String) { self.library = library }

    /// Workloads including workloads: 16 levels is far more than the shipped ones use (one) and bounds
    /// the recursion a malformed chain could cause.
    public static let maximumIncludeDepth = 16

    /// The knob table, `workloads/knobs.yaml`.
    public func knobTable() throws(Diagnostic) -> KnobTable {
        let file = (library as NSString).appendingPathComponent("knobs.yaml")
        let (root, r) = try Self.compose(file)
        var knobs: [String: KnobDefault] = [:]
        for (key, value) in try r.mapping(try r.required(try r.mapping(root, file), "knobs", in: root), "knobs") {
            guard let name = key.scalar?.string else { throw r.fail(key, "A knob name is not text") }
            let m = try r.mapping(value, name)
            var byIDF: [(IDFVersion, Int)] = []
            if let table = m["idf"] {
                for (k, v) in try r.mapping(table, "\(name).idf") {
                    guard let text = k.scalar?.string, let version = IDFVersion(parsing: text.replacingOccurrences(of: ">=", with: "")) else {
                        throw r.fail(k, "`\(k.scalar?.string ?? "?")` is not an IDF release", expected: "a release such as '>=5.0'")
                    }
                    byIDF.append((version, try r.integer(v, name)))
                }
            }
            var names: [(IDFVersion, String)] = []
            if let table = m["kconfig"], table.scalar?.string == "none" {
                names.append((IDFVersion(0, 0), "none"))
            } else if let table = m["kconfig"] {
                names = try Self.spellings(table, of: name, reader: r).map { ($0.from, $0.name) }
            }
            knobs[name] = KnobDefault(name: name, value: try r.integer(m, "default", in: value),
                                      source: try r.string(m, "source", in: value), byIDF: byIDF, kconfigNames: names,
                                      tuning: try m["tune"].map { t throws(Diagnostic) in try Self.tuning(t, knob: name, reader: r) },
                                      depends: try m["depends"].map { d throws(Diagnostic) in try Self.dependencies(d, knob: name, reader: r) } ?? [])
        }
        let constraints = try root.mapping?["constraints"].map { c throws(Diagnostic) in try Self.constraints(c, knobs: knobs, reader: r) } ?? []
        return KnobTable(knobs: knobs, constraints: constraints, file: file)
    }

    /// `tune: {levels: [...], cost: {level: penalty}, reason: "...", lockedWhen: {KNOB: value}, source: "..."}`.
    static func tuning(_ node: Node, knob: String, reader r: Reader) throws(Diagnostic) -> KnobTuning {
        let m = try r.mapping(node, "\(knob).tune")
        var levels: [Int] = []
        for item in try r.sequence(try r.required(m, "levels", in: node), "\(knob).tune.levels") {
            levels.append(try r.integer(item, "\(knob).tune.levels"))
        }
        guard !levels.isEmpty, levels.count <= 16, Set(levels).count == levels.count else {
            throw r.fail(node, "\(knob).tune.levels must list 1 to 16 distinct values", expected: "e.g. [16384, 8192, 4096]")
        }
        var costs: [Int: Double] = [:]
        if let c = m["cost"] {
            for (k, v) in try r.mapping(c, "\(knob).tune.cost") {
                let level = try r.integer(k, "\(knob).tune.cost level")
                guard levels.contains(level) else {
                    throw r.fail(k, "\(knob).tune.cost names \(level), which is not one of its levels", expected: "one of \(levels)")
                }
                guard let text = v.scalar?.string, let penalty = Double(text), penalty >= 0, penalty < 1e6 else {
                    throw r.fail(v, "\(knob).tune.cost of \(level) is not a non-negative number", expected: "a penalty such as 4 or 0.5")
                }
                costs[level] = penalty
            }
        }
        var locked: [String: Int] = [:]
        if let l = m["lockedWhen"] {
            for (k, v) in try r.mapping(l, "\(knob).tune.lockedWhen") {
                guard let other = k.scalar?.string else { throw r.fail(k, "A knob name is not text") }
                locked[other] = try r.integer(v, other)
            }
        }
        return KnobTuning(levels: levels, costs: costs, costReason: m["reason"]?.scalar?.string ?? "",
                          lockedWhen: locked, source: try r.string(m, "source", in: node))
    }

    /// A workload by shipped name (`https-get-x2`) or by path to a YAML file.
    public func workload(_ nameOrPath: String) throws(Diagnostic) -> Workload {
        let file = try locate(nameOrPath)
        var components: [String: ComponentDefinition] = [:]
        var stack: [String] = []
        let (header, steps) = try readWorkload(file, components: &components, including: &stack)
        return Workload(name: header.name, description: header.description, source: header.source,
                        calibration: header.calibration, knobs: header.knobs,
                        steps: steps, components: components, file: file)
    }

    /// A workload from its YAML `text`, as if read from `file` (which locates its includes and its
    /// local `components/`); the fuzz targets and tests feed text without writing a file.
    public func workload(text: String, file: String) throws(Diagnostic) -> Workload {
        var components: [String: ComponentDefinition] = [:]
        var stack: [String] = []
        let (header, steps) = try readWorkload(file, text: text, components: &components, including: &stack)
        return Workload(name: header.name, description: header.description, source: header.source,
                        calibration: header.calibration, knobs: header.knobs,
                        steps: steps, components: components, file: file)
    }

    /// The shipped workloads' names, sorted.
    public func shippedWorkloads() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: library)) ?? []
        return names.filter { $0.hasSuffix(".yaml") && $0 != "knobs.yaml" }.map { String($0.dropLast(5)) }.sorted()
    }

    func locate(_ nameOrPath: String) throws(Diagnostic) -> String {
        if nameOrPath.hasSuffix(".yaml") || nameOrPath.contains("/") {
            guard FileManager.default.fileExists(atPath: nameOrPath) else {
                throw Diagnostic("Workload file \(nameOrPath) does not exist", expected: "a YAML workload file",
                                 fix: "Check the path, or name a shipped workload: \(shippedWorkloads().joined(separator: ", "))")
            }
            return nameOrPath
        }
        let file = (library as NSString).appendingPathComponent(nameOrPath + ".yaml")
        guard FileManager.default.fileExists(atPath: file) else {
            throw Diagnostic("Unknown workload '\(nameOrPath)'." + NameSuggestion.hint(for: nameOrPath, in: shippedWorkloads()),
                             expected: "one of \(shippedWorkloads().joined(separator: ", ")), or a path to a YAML file",
                             fix: "Pass --workload with a shipped name or a file path")
        }
        return file
    }

    struct Header {
        var name, description, source: String
        var calibration: String?
        var knobs: [String: Int]
    }

    /// One workload file (and, recursively, what it includes).
    func readWorkload(_ file: String, text: String? = nil, components: inout [String: ComponentDefinition],
                      including stack: inout [String]) throws(Diagnostic) -> (Header, [WorkloadStep]) {
        let key = (file as NSString).standardizingPath
        if stack.contains(key) {
            throw Diagnostic("Workload includes form a cycle: \((stack + [key]).joined(separator: " → "))", file: file,
                             expected: "includes that end", fix: "Remove one of the includes")
        }
        guard stack.count < Self.maximumIncludeDepth else {
            throw Diagnostic("Workload includes are nested more than \(Self.maximumIncludeDepth) deep", file: file,
                             fix: "Flatten the includes")
        }
        stack.append(key)
        defer { stack.removeLast() }
        let (root, r) = if let text { try Self.compose(text: text, file: file) } else { try Self.compose(file) }
        let top = try r.mapping(root, "the workload")
        var knobs: [String: Int] = [:]
        if let k = top["knobs"] {
            let known = try knobTable().knobs
            for (name, value) in try r.mapping(k, "knobs") {
                guard let n = name.scalar?.string else { throw r.fail(name, "A knob name is not text") }
                guard known[n] != nil else {
                    throw r.fail(name, "Unknown knob `\(n)` in `knobs:`",
                                 expected: "a knob of workloads/knobs.yaml (Kconfig names without CONFIG_)",
                                 fix: "Correct the name." + NameSuggestion.hint(for: n, in: known.keys))
                }
                knobs[n] = try r.integer(value, n)
            }
        }
        if let pinned = top["firmware"] {
            throw r.fail(pinned, "A workload does not name a firmware release any more (`firmware: \(pinned.scalar?.string ?? "?")`)",
                         expected: "a workload that runs on whatever firmware is asked: it is an application, not a reproduction",
                         fix: "Remove the `firmware:` line and pass --firmware to the command; a field report (reports/, "
                             + "docs/reports.md) pins the firmware, IDF and board a reporter had")
        }
        let header = Header(name: try r.string(top, "workload", in: root),
                            description: top["description"]?.scalar?.string ?? "",
                            source: try r.string(top, "source", in: root),
                            calibration: top["calibration"]?.scalar?.string,
                            knobs: knobs)
        var context = StepContext(reader: r, file: file, loader: self)
        let steps = try context.steps(try r.required(top, "steps", in: root), components: &components,
                                      knobs: &knobs, stack: &stack)
        return (Header(name: header.name, description: header.description, source: header.source,
                       calibration: header.calibration, knobs: knobs), steps)
    }

    /// A shipped component by name, or nil when the library has no such file.
    public func shippedComponent(_ name: String) throws(Diagnostic) -> ComponentDefinition? {
        let path = (library as NSString).appendingPathComponent("components/\(name).yaml")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try ComponentReader.read(path)
    }

    /// The start-up component of `base` (`idf`, `micropython`, `circuitpython`…) for `release`:
    /// among the variants `components/<base>-<X.Y>-startup.yaml` (the start-up as it was up to
    /// release X.Y) the one with the smallest X.Y ≥ `release`, else `components/<base>-startup.yaml`
    /// (the current start-up); nil when neither exists.
    public func startupComponent(_ base: String, release: (major: Int, minor: Int)) throws(Diagnostic) -> ComponentDefinition? {
        let folder = (library as NSString).appendingPathComponent("components")
        let prefix = base + "-", suffix = "-startup.yaml"
        var best: (major: Int, minor: Int, file: String)?
        for file in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where file.hasPrefix(prefix) && file.hasSuffix(suffix) && file.count > prefix.count + suffix.count {
            let middle = file.dropFirst(prefix.count).dropLast(suffix.count).split(separator: ".", omittingEmptySubsequences: false)
            guard middle.count == 2, let major = Int(middle[0]), let minor = Int(middle[1]) else { continue }
            guard (major, minor) >= release else { continue }
            if best == nil || (major, minor) < (best!.major, best!.minor) { best = (major, minor, file) }
        }
        if let best { return try ComponentReader.read((folder as NSString).appendingPathComponent(best.file)) }
        return try shippedComponent(base + "-startup")
    }

    /// A component by name: next to the workload (`components/<name>.yaml`), then in the library.
    func component(_ name: String, near file: String, at node: Node, reader r: Reader) throws(Diagnostic) -> ComponentDefinition {
        let local = ((file as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("components/\(name).yaml")
        let shipped = (library as NSString).appendingPathComponent("components/\(name).yaml")
        guard let path = [local, shipped].first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let known = ((try? FileManager.default.contentsOfDirectory(atPath: (library as NSString)
                .appendingPathComponent("components"))) ?? []).filter { $0.hasSuffix(".yaml") }
                .map { String($0.dropLast(5)) }.sorted()
            throw r.fail(node, "Unknown component '\(name)'", expected: "one of \(known.joined(separator: ", "))",
                         fix: "Name a shipped component or add components/\(name).yaml next to the workload")
        }
        return try ComponentReader.read(path)
    }

    /// YAML text of `file` composed into a node tree, with a reader for diagnostics.
    static func compose(_ file: String) throws(Diagnostic) -> (Node, Reader) {
        let data = try InputFile.read(file, what: "a workload file", limit: InputFile.yamlLimit)
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic("The file is not UTF-8 text (binary data?)", file: file, expected: "a YAML text file",
                             fix: "Check that this is the workload file, and save it as UTF-8")
        }
        return try compose(text: text, file: file)
    }

    /// YAML `text` (read from `file`) composed into a node tree, with a reader for diagnostics.
    static func compose(text: String, file: String) throws(Diagnostic) -> (Node, Reader) {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw Diagnostic("The file is empty", file: file, line: 1, expected: "a YAML mapping",
                                 fix: "Add content (a shipped workload in workloads/ shows the form)")
            }
            return (node, Reader(file: file))
        } catch let d as Diagnostic {
            throw d
        } catch {
            let e = YAMLSyntaxError(error)
            throw Diagnostic("Not valid YAML (\(e.problem))", file: file, line: e.line, expected: "well-formed YAML",
                             fix: e.fix)
        }
    }
}
