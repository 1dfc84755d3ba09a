import Foundation
import Yams

/// Reads the field reports (`reports/*.yaml`, docs/reports.md) into validated values; every problem
/// is a `Diagnostic` with file and line. A report's board must be in the catalogue, its workload
/// shipped (or its inline steps valid workload steps), and every step label it names one of its program's.
public struct ReportLoader: Sendable {
    /// The `reports/` folder.
    public let folder: String
    public let workloads: WorkloadLoader
    public let catalogue: Catalogue

    public init(folder: String, workloads: WorkloadLoader, catalogue: Catalogue) {
        self.folder = folder
        self.workloads = workloads
        self.catalogue = catalogue
    }

    /// At most this many reports: the folder is read at every start of `heapfit reports`.
    public static let maximumReports = 1000

    static let topKeys: Set<String> = ["report", "title", "source", "chip", "board", "idf", "firmware", "static_dram",
                                       "assumed", "program", "settings", "expect", "open_because", "observations", "notes"]
    static let observationKeys: Set<String> = ["outcome", "figure", "at", "step", "where", "error", "cause", "after",
                                               "value", "number", "compare", "tolerance", "tolerance_why"]

    /// Every report of the folder, sorted by id.
    public func all() throws(Diagnostic) -> [FieldReport] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        guard names.count <= Self.maximumReports else {
            throw Diagnostic("\(folder) holds \(names.count) report files", file: folder,
                             expected: "at most \(Self.maximumReports)", fix: "Split the folder")
        }
        var out: [FieldReport] = []
        for name in names { out.append(try report(file: (folder as NSString).appendingPathComponent(name))) }
        return out
    }

    /// One report file.
    public func report(file: String) throws(Diagnostic) -> FieldReport {
        let data = try InputFile.read(file, what: "a field report", limit: InputFile.yamlLimit)
        guard let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic("The file is not UTF-8 text", file: file, expected: "a YAML report (docs/reports.md)",
                             fix: "Save it as UTF-8")
        }
        return try report(text: text, file: file)
    }

    /// A report from its YAML `text`, as if read from `file`.
    public func report(text: String, file: String) throws(Diagnostic) -> FieldReport {
        let (root, r) = try WorkloadLoader.compose(text: text, file: file)
        let top = try r.mapping(root, "the report")
        try Self.checkKeys(top, allowed: Self.topKeys, what: "a report", reader: r)
        let id = try r.string(top, "report", in: root)
        let base = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        if base != id, (file as NSString).pathExtension == "yaml" {
            throw r.fail(top["report"], "The report id `\(id)` is not the file's name (\(base))",
                         expected: "report: \(base)", fix: "Rename the file to \(id).yaml or correct `report:`")
        }
        let boardNode = try r.required(top, "board", in: root)
        let boardName = try r.string(top, "board", in: root)
        let board: Board
        do throws(Diagnostic) { board = try catalogue.board(named: boardName) } catch {
            throw r.fail(boardNode, error.what, expected: "a board of boards.yaml (a variant as BOARD-VARIANT)", fix: error.fix)
        }
        let chip = try r.string(top, "chip", in: root)
        guard chip.uppercased() == board.chip.uppercased() else {
            throw r.fail(top["chip"], "`chip: \(chip)` is not the chip of \(board.name) (\(board.chip))",
                         expected: board.chip, fix: "Correct `chip:` or pick a board of that chip")
        }
        let idfText = try r.string(top, "idf", in: root)
        var idf: IDFVersion? = nil
        if idfText.lowercased() != "none" {
            guard let v = IDFVersion(parsing: idfText) else {
                throw r.fail(top["idf"], "`idf: \(idfText)` is not an ESP-IDF release", expected: "e.g. 5.4.1, 4.4 or none (ESP8266)")
            }
            idf = v
        }
        let firmware = try r.string(top, "firmware", in: root)
        guard firmware.wholeMatch(of: /(micropython|micropython-esp8266|circuitpython|pycom)-\d{1,2}\.\d{1,3}/) != nil else {
            throw r.fail(top["firmware"], "`firmware: \(firmware)` is not a firmware release",
                         expected: "PORT-MAJOR.MINOR: micropython-1.24, circuitpython-9.2, micropython-esp8266-1.9, pycom-1.20")
        }
        let program = try self.program(try r.required(top, "program", in: root), id: id, reader: r)
        let settings = try top["settings"].map { n throws(Diagnostic) in try Self.settings(n, reader: r) } ?? FieldReport.Settings()
        var observations: [FieldReport.Observation] = []
        let obsNode = try r.required(top, "observations", in: root)
        for item in try r.sequence(obsNode, "observations") {
            observations.append(try observation(item, program: program, reader: r))
        }
        guard !observations.isEmpty else {
            throw r.fail(obsNode, "The report has no observations", expected: "at least one outcome or figure")
        }
        return FieldReport(id: id, title: try r.string(top, "title", in: root),
                           source: try source(try r.required(top, "source", in: root), reader: r),
                           chip: chip, board: board.name, idf: idf, idfText: idfText, firmware: firmware,
                           staticDRAM: try top["static_dram"].map { n throws(Diagnostic) in try Self.sourced(n, "static_dram", reader: r) },
                           assumed: try Self.strings(top["assumed"], "assumed", reader: r),
                           program: program, settings: settings,
                           expectation: try expectation(top, root: root, reader: r), observations: observations,
                           notes: top["notes"]?.scalar?.string ?? "", file: file, line: root.mark?.line ?? 1)
    }

    static func checkKeys(_ m: Node.Mapping, allowed: Set<String>, what: String, reader r: Reader) throws(Diagnostic) {
        for key in m.keys {
            guard let k = key.scalar?.string, allowed.contains(k) else {
                let k = key.scalar?.string ?? "?"
                throw r.fail(key, "Unknown key `\(k)` in \(what)", expected: "one of " + allowed.sorted().joined(separator: ", "),
                             fix: "Correct or remove it (docs/reports.md lists the keys)." + NameSuggestion.hint(for: k, in: allowed))
            }
        }
    }

    func source(_ node: Node, reader r: Reader) throws(Diagnostic) -> FieldReport.Source {
        let m = try r.mapping(node, "source")
        try Self.checkKeys(m, allowed: ["url", "kind", "date", "quotes"], what: "source", reader: r)
        let kind = try r.string(m, "kind", in: node)
        let kinds = ["issue", "pr", "forum", "commit", "docs"]
        guard kinds.contains(kind) else {
            throw r.fail(m["kind"], "`kind: \(kind)` is not a kind of source", expected: kinds.joined(separator: ", "))
        }
        let quotes = try Self.strings(m["quotes"], "quotes", reader: r)
        guard !quotes.isEmpty else {
            throw r.fail(node, "The source quotes nothing", expected: "`quotes:` with the thread's key lines exactly as printed")
        }
        return FieldReport.Source(url: try r.string(m, "url", in: node), kind: kind, date: try r.string(m, "date", in: node),
                                  quotes: quotes)
    }

    func expectation(_ top: Node.Mapping, root: Node, reader r: Reader) throws(Diagnostic) -> FieldReport.Expectation {
        let word = try r.string(top, "expect", in: root)
        switch word {
        case "reproduced":
            if let n = top["open_because"] {
                throw r.fail(n, "`open_because:` on a report expected to reproduce", fix: "Remove it, or set `expect: open`")
            }
            return .reproduced
        case "open":
            guard let because = top["open_because"]?.scalar?.string, !because.isEmpty else {
                throw r.fail(top["expect"], "`expect: open` without `open_because:`",
                             expected: "one sentence of what the model lacks to reproduce it", fix: "Add `open_because:`")
            }
            return .open(because: because)
        default:
            throw r.fail(top["expect"], "`expect: \(word)` is not an expectation", expected: "reproduced or open")
        }
    }

    func program(_ node: Node, id: String, reader r: Reader) throws(Diagnostic) -> FieldReport.Program {
        let m = try r.mapping(node, "program")
        try Self.checkKeys(m, allowed: ["workload", "steps", "description"], what: "program", reader: r)
        let description = m["description"]?.scalar?.string ?? ""
        switch (m["workload"], m["steps"]) {
        case (let w?, nil):
            guard let name = w.scalar?.string, !name.isEmpty, !name.contains("/") else {
                throw r.fail(w, "`workload:` is not a shipped workload's name", expected: "e.g. https-get-x2")
            }
            let workload: Workload
            do throws(Diagnostic) { workload = try workloads.workload(name) } catch {
                throw r.fail(w, error.what, expected: error.expected, fix: error.fix)
            }
            return FieldReport.Program(workload: name, steps: nil, description: description, labels: Self.labels(workload))
        case (nil, let s?):
            let workload = try workloads.workload(steps: s, name: id, description: description, reader: r)
            return FieldReport.Program(workload: nil, steps: workload, description: description, labels: Self.labels(workload))
        default:
            throw r.fail(node, "`program:` needs exactly one of `workload:` and `steps:`",
                         expected: "a shipped workload's name, or inline steps in the workload language")
        }
    }

    /// The labels of every step, also inside `repeat` and `parallel` (a failure names the innermost step).
    static func labels(_ w: Workload) -> [String] { labels(of: w.steps) }

    static func labels(of steps: [WorkloadStep]) -> [String] {
        steps.flatMap { step -> [String] in
            var out = step.label.map { [$0] } ?? []
            switch step.action {
            case .repeat(_, let inner): out += labels(of: inner)
            case .parallel(let branches): out += branches.flatMap { labels(of: $0) }
            default: break
            }
            return out
        }
    }

    static func settings(_ node: Node, reader r: Reader) throws(Diagnostic) -> FieldReport.Settings {
        let m = try r.mapping(node, "settings")
        try checkKeys(m, allowed: ["initial_heap", "knobs"], what: "settings", reader: r)
        var knobs: [FieldReport.Knob] = []
        if let k = m["knobs"] {
            for (key, value) in try r.mapping(k, "knobs") {
                guard let name = key.scalar?.string, name.wholeMatch(of: /[A-Z][A-Z0-9_]*/) != nil else {
                    throw r.fail(key, "`\(key.scalar?.string ?? "?")` is not a Kconfig option name",
                                 expected: "an option without CONFIG_, e.g. MBEDTLS_SSL_IN_CONTENT_LEN")
                }
                let v: Int
                switch value.scalar?.string.lowercased() {
                case "y", "yes", "true": v = 1
                case "n", "no", "false": v = 0
                default: v = try r.integer(value, name)
                }
                knobs.append(FieldReport.Knob(name: name, value: v, line: key.mark?.line ?? 0))
            }
        }
        return FieldReport.Settings(initialHeap: try m["initial_heap"].map { n throws(Diagnostic) in try r.integer(n, "initial_heap") },
                                    knobs: knobs)
    }

    static func sourced(_ node: Node, _ key: String, reader r: Reader) throws(Diagnostic) -> FieldReport.SourcedFigure {
        let m = try r.mapping(node, key)
        try checkKeys(m, allowed: ["value", "source"], what: key, reader: r)
        return FieldReport.SourcedFigure(value: try r.integer(m, "value", in: node), source: try r.string(m, "source", in: node))
    }

    static func strings(_ node: Node?, _ key: String, reader r: Reader) throws(Diagnostic) -> [String] {
        guard let node else { return [] }
        var out: [String] = []
        for item in try r.sequence(node, key) {
            guard let s = item.scalar?.string else { throw r.fail(item, "An entry of `\(key)` is not text") }
            out.append(s)
        }
        return out
    }
}
