import Foundation
import Yams

extension ReportLoader {
    /// One entry of `observations:`: an outcome (`outcome: works|fails`) or a figure (`figure: KIND`).
    func observation(_ item: Node, program: FieldReport.Program, reader r: Reader) throws(Diagnostic) -> FieldReport.Observation {
        let m = try r.mapping(item, "an observation")
        try Self.checkKeys(m, allowed: Self.observationKeys, what: "an observation", reader: r)
        let at = try m["at"].map { n throws(Diagnostic) in try Self.settings(n, reader: r) } ?? FieldReport.Settings()
        let line = item.mark?.line ?? 0
        switch (m["outcome"], m["figure"]) {
        case (let o?, nil):
            return FieldReport.Observation(kind: .outcome(try outcome(o, m, program: program, reader: r)), at: at, line: line)
        case (nil, let f?):
            return FieldReport.Observation(kind: .figure(try figure(f, m, item: item, program: program, reader: r)), at: at, line: line)
        default:
            throw r.fail(item, "An observation needs exactly one of `outcome:` and `figure:`",
                         expected: "`outcome: works|fails` or `figure: " + FieldReport.FigureKind.allCases.map(\.rawValue).joined(separator: "|") + "`")
        }
    }

    func outcome(_ node: Node, _ m: Node.Mapping, program: FieldReport.Program, reader r: Reader) throws(Diagnostic) -> FieldReport.Outcome {
        let word = node.scalar?.string ?? ""
        guard word == "works" || word == "fails" else {
            throw r.fail(node, "`outcome: \(word)` is not an outcome", expected: "works or fails")
        }
        for key in ["after", "value", "number", "compare", "tolerance", "tolerance_why"] where m[key] != nil {
            throw r.fail(m[key], "`\(key):` belongs to a figure, not an outcome", fix: "Remove it or make this a `figure:`")
        }
        var steps: [String] = []
        if let s = m["step"] {
            let names = s.sequence.map { Array($0) } ?? [s]
            for n in names {
                guard let label = n.scalar?.string, program.labels.contains(label) else {
                    throw r.fail(n, "`step: \(n.scalar?.string ?? "?")` is not a step label of the report's program",
                                 expected: "one of: " + program.labels.map { "\"\($0)\"" }.joined(separator: ", "),
                                 fix: "Name a label of the program, or say where in words with `where:`")
                }
                steps.append(label)
            }
        }
        var cause: FieldReport.Cause? = nil
        if let c = m["cause"] {
            guard let v = c.scalar?.string, let parsed = FieldReport.Cause(rawValue: v) else {
                throw r.fail(c, "`cause: \(c.scalar?.string ?? "?")` is not a cause",
                             expected: FieldReport.Cause.allCases.map(\.rawValue).joined(separator: ", "))
            }
            cause = parsed
        }
        if word == "works", cause != nil || m["error"] != nil {
            throw r.fail(m["cause"] ?? m["error"], "A `works` outcome has a cause or an error", fix: "Remove them, or make it `fails`")
        }
        return FieldReport.Outcome(fails: word == "fails", steps: steps, whereText: m["where"]?.scalar?.string,
                                   error: m["error"]?.scalar?.string, cause: cause)
    }

    func figure(_ node: Node, _ m: Node.Mapping, item: Node, program: FieldReport.Program,
                reader r: Reader) throws(Diagnostic) -> FieldReport.Figure {
        guard let k = node.scalar?.string, let kind = FieldReport.FigureKind(rawValue: k) else {
            throw r.fail(node, "`figure: \(node.scalar?.string ?? "?")` is not a kind of figure",
                         expected: FieldReport.FigureKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        for key in ["step", "where", "error", "cause"] where m[key] != nil {
            throw r.fail(m[key], "`\(key):` belongs to an outcome, not a figure", fix: "Remove it")
        }
        let after = try r.string(m, "after", in: item)
        guard FieldReport.Figure.points.contains(after) || program.labels.contains(after) else {
            throw r.fail(m["after"], "`after: \(after)` is neither `boot`, `heap_creation` nor a step label of the report's program",
                         expected: "boot, heap_creation, or one of: " + program.labels.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        if after == FieldReport.Figure.heapCreation, kind != .idfFree, kind != .idfLargest {
            throw r.fail(m["after"], "`after: heap_creation` holds only the IDF free memory and largest block the firmware sized its heap from",
                         expected: "figure: idf_free or idf_largest", fix: "Use `after: boot` for figures printed at the prompt")
        }
        let valueNode = try r.required(m, "value", in: item)
        let value = try r.string(m, "value", in: item)
        let tolerance = try r.integer(m, "tolerance", in: item)
        let why = try r.string(m, "tolerance_why", in: item)
        let numbers = value.matches(of: /\d+/).compactMap { Int($0.output) }
        var figure = FieldReport.Figure(kind: kind, after: after, value: value, numbers: [], tuples: [], fields: [],
                                        tolerance: tolerance, toleranceWhy: why)
        if m["compare"] != nil, kind != .memInfo { throw r.fail(m["compare"], "`compare:` applies to mem_info figures only") }
        if m["number"] != nil, ![.gcMemFree, .idfFree, .idfLargest].contains(kind) {
            throw r.fail(m["number"], "`number:` applies to gc_mem_free, idf_free and idf_largest only")
        }
        switch kind {
        case .idfHeapInfo:
            figure.tuples = value.matches(of: /\((\d+), *(\d+), *(\d+), *(\d+)\)/).compactMap { t in
                [Int(t.output.1), Int(t.output.2), Int(t.output.3), Int(t.output.4)].compactMap { $0 }
            }
            guard !figure.tuples.isEmpty else {
                throw r.fail(valueNode, "No (total, free, largest, min_free) tuple in the idf_heap_info value",
                             expected: "the list as printed, e.g. [(7288, 176, 0, 176), …]")
            }
        case .memInfo:
            guard let g = value.firstMatch(of: /GC: total: (\d+), used: (\d+), free: (\d+)(?:, max new split: (\d+))?/) else {
                throw r.fail(valueNode, "The mem_info value is not a GC line", expected: "GC: total: T, used: U, free: F[, max new split: S]")
            }
            figure.numbers = [Int(g.output.1) ?? 0, Int(g.output.2) ?? 0, Int(g.output.3) ?? 0] + (g.output.4.flatMap { Int($0) }.map { [$0] } ?? [])
            figure.fields = try memInfoFields(m["compare"], hasSplit: g.output.4 != nil, reader: r)
        case .idfLargestBlocks:
            guard !numbers.isEmpty else { throw r.fail(valueNode, "No figure in the value", expected: "the blocks as printed") }
            figure.numbers = numbers
        case .gcMemFree, .idfFree, .idfLargest:
            if let n = m["number"] {
                let chosen = try r.integer(n, "number")
                guard numbers.contains(chosen) else {
                    throw r.fail(n, "`number: \(chosen)` does not appear in the value", expected: "one of \(numbers)")
                }
                figure.numbers = [chosen]
            } else {
                guard numbers.count == 1 else {
                    throw r.fail(valueNode, "The value holds \(numbers.count) numbers; which one is the \(kind.rawValue)?",
                                 expected: "one number, or `number:` naming the one compared")
                }
                figure.numbers = numbers
            }
        }
        return figure
    }

    func memInfoFields(_ node: Node?, hasSplit: Bool, reader r: Reader) throws(Diagnostic) -> [FieldReport.MemInfoField] {
        guard let node else { return hasSplit ? [.total, .maxNewSplit] : [.total] }
        var out: [FieldReport.MemInfoField] = []
        for item in try r.sequence(node, "compare") {
            guard let f = (item.scalar?.string).flatMap(FieldReport.MemInfoField.init(rawValue:)) else {
                throw r.fail(item, "`\(item.scalar?.string ?? "?")` is not a mem_info field",
                             expected: FieldReport.MemInfoField.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if f == .maxNewSplit, !hasSplit { throw r.fail(item, "The GC line has no `max new split`") }
            out.append(f)
        }
        return out
    }
}
