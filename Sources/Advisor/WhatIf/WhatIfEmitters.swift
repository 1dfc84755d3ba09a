import Foundation
import Model
import Simulator

/// Renders a `WhatIfReport` for a person: the verdicts first, then baseline and changed side by
/// side with the delta, then where each failure happens, then the advisories.
public enum WhatIfTextEmitter {
    /// The report as text.
    /// - Parameter brief: only the verdict lines (the scenario, the changes, each column's verdict with its lowest free
    ///   internal IDF memory, and where each failure happens), without the side-by-side table or advisories.
    public static func render(_ r: WhatIfReport, brief: Bool = false) -> String {
        let b = r.baseline
        var out: [String] = []
        out.append("heapfit whatif: \(b.board) (\(b.chip)) on ESP-IDF \(b.idf) · \(b.firmware) · workload \(b.workload)")
        out.append("Changes: " + Set(r.changed.flatMap(\.changes)).sorted { $0.rank < $1.rank || ($0.rank == $1.rank && $0.description < $1.description) }
            .map(\.description).joined(separator: ", ") + (r.changed.count > 1 ? " (one column each)" : " (together)"))
        out.append("Verdict: " + ([b] + r.changed).map { "\($0.name) \(verdict($0))" }.joined(separator: "; ") + ".")
        for c in r.changed { if let note = c.note { out.append("  \(c.name) adds \(note).") } }
        if brief {
            out.append(contentsOf: briefLines(r))
            return out.joined(separator: "\n") + "\n"
        }
        out.append("")
        out.append(contentsOf: sideBySide(r))
        if ([b] + r.changed).contains(where: { !$0.fits }) {
            out.append("(A column that fails or does not start shows its figures up to that point only.)")
        }
        for c in [b] + r.changed {
            if let bounds = c.staticDRAMBounds {
                out.append("\(c.name): static DRAM has no published figure; the column is replayed at the upper end of the catalogue's "
                           + "interval (the worst case). Over \(bounds.lower)–\(bounds.upper) B: "
                           + bounds.sentence(holds: "fits", fails: "does not fit") + ".")
            }
            if let line = notStarted(c) { out.append(line) }
            guard let f = c.report?.result.firstFailure else { continue }
            out.append("\(c.name): " + FailureText.sentence(f))
        }
        let byID = Dictionary(r.advisories.map { ($0.advisory.id, $0.columns) }) { a, _ in a }
        out.append(contentsOf: AdvisoryText.lines(r.advisories.map(\.advisory)) { a in
            let columns = byID[a.id] ?? []
            return columns.count == 1 + r.changed.count ? "all columns" : columns.joined(separator: ", ") + " only"
        })
        return out.joined(separator: "\n") + "\n"
    }

    /// Baseline and changed columns side by side (with the delta when there is one changed column), under its heading.
    static func sideBySide(_ r: WhatIfReport) -> [String] {
        let b = r.baseline
        let heading = "Side by side (bytes; IDF = internal DEFAULT|INTERNAL heaps; lowest = at any event of the workload):"
        let single = r.changed.count == 1
        var header = [""] + ([b] + r.changed).map(\.name)
        if single { header.append("delta") }
        var table = TextTable(header: header, leftAligned: [0])
        func row(_ label: String, _ cell: (WhatIfColumn) -> String, delta: (WhatIfColumn, WhatIfColumn) -> String) {
            var cells = [label] + ([b] + r.changed).map(cell)
            if single, let c = r.changed.first { cells.append(delta(b, c)) }
            table.add(cells)
        }
        func changedMark(_ f: @escaping (WhatIfColumn) -> String) -> (WhatIfColumn, WhatIfColumn) -> String {
            { f($0) == f($1) ? "" : "changed" }
        }
        row("board", \.board, delta: changedMark(\.board))
        row("ESP-IDF", { "\($0.idf)" }, delta: changedMark { "\($0.idf)" })
        row("firmware", { "\($0.firmware)" }, delta: changedMark { "\($0.firmware)" })
        row("workload", \.workload, delta: changedMark(\.workload))
        row("static DRAM", { "\($0.staticDRAM)" }, delta: { signed($1.staticDRAM - $0.staticDRAM) })
        row("initial Python heap", { $0.initialHeap.map(String.init) ?? "at boot" },
            delta: { a, c in a.initialHeap.flatMap { x in c.initialHeap.map { signed($0 - x) } } ?? "" })
        row("knobs changed", knobText, delta: changedMark(knobText))
        row("verdict", verdict, delta: { verdict($0) == verdict($1) ? "" : "\(verdict($0)) → \(verdict($1))" })
        for (i, m) in b.measures.enumerated() {
            row(m.label, { $0.measures[i].value.map(String.init) ?? "—" },
                delta: { a, c in a.measures[i].value.flatMap { x in c.measures[i].value.map { signed($0 - x) } } ?? "—" })
        }
        row("first failure", { firstFailure($0) ?? "—" }, delta: { a, c in
            firstFailure(a) == firstFailure(c) ? "" : firstFailure(c) == nil ? "gone" : firstFailure(a) == nil ? "new" : "moved" })
        return [heading] + table.lines
    }

    /// Each column's lowest free internal IDF memory (with the change against the baseline) and its first failure.
    static func briefLines(_ r: WhatIfReport) -> [String] {
        let b = r.baseline
        func lowest(_ c: WhatIfColumn) -> Int? { c.report?.result.minimumInternalFree }
        var out: [String] = []
        for (i, c) in ([b] + r.changed).enumerated() {
            if let line = notStarted(c) {
                out.append(line)
                continue
            }
            var line = "\(c.name): lowest free internal IDF memory "
                + (lowest(c).map { Bytes.text($0) } ?? "—")
            if i > 0, let x = lowest(b), let y = lowest(c) { line += ", \(signed(y - x)) B against the baseline" }
            if let f = c.report?.result.firstFailure { line += "; fails at " + FailureText.sentence(f) } else { line += "." }
            out.append(line)
        }
        return out
    }

    /// `NAME: the firmware does not start — why`, for a column whose firmware could not start.
    static func notStarted(_ c: WhatIfColumn) -> String? {
        c.notStarted.map { "\(c.name): the firmware does not start — \($0)" }
    }

    static func verdict(_ c: WhatIfColumn) -> String {
        c.notStarted != nil ? "does not start" : c.fits ? "fits" : "does not fit"
    }

    static func knobText(_ c: WhatIfColumn) -> String {
        let knobs = c.report?.changedKnobs ?? [:]
        return knobs.isEmpty ? "none" : knobs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    static func firstFailure(_ c: WhatIfColumn) -> String? {
        c.report?.result.firstFailure.map(FailureText.cell)
    }

    static func signed(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }
}

/// Renders a `WhatIfReport` as JSON: `fits` (every changed column), `baseline` and `changed`
/// [column: {name, changes, board, chip, idf, firmware, workload, staticDRAM, initialHeap, started,
/// notStarted, fits, knobs, pythonHeapAtStart, pythonHeapAfterGrowth, pythonHeapPeakUsed, idfLowestFree,
/// idfLargestBlockLowest, idfHeadroom, espMinimumFreeHeap, firstFailure (simulate's shape: {step, stepLabel,
/// line, heap, allocation, size, caps, reason, largestAvailable, candidates, holders}) | null, note,
/// delta {same figures: changed − baseline}}],
/// `advisories` [{id, title, severity, advice, source, columns}].
public enum WhatIfJSONEmitter {
    struct Document: Encodable {
        var fits: Bool
        var headroom: Int
        var baseline: Column
        var changed: [Column]
        var advisories: [Advisory]
    }

    struct Column: Encodable {
        var name: String
        var changes: [String]
        var board, chip, idf, firmware, workload: String
        var staticDRAM: Int
        var initialHeap: Int?
        var started: Bool
        var notStarted: String?
        var fits: Bool
        var knobs: [String: Int]
        var figures: [String: Int?]
        var firstFailure: FailureJSON?
        var note: String?
        var delta: [String: Int?]?
        var staticDRAMBounds: StaticDRAMBounds?

        enum CodingKeys: String, CodingKey {
            case name, changes, board, chip, idf, firmware, workload, staticDRAM, initialHeap, started, notStarted, fits, knobs,
                 firstFailure, note, delta, staticDRAMBounds
        }

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(changes, forKey: .changes)
            try c.encode(board, forKey: .board)
            try c.encode(chip, forKey: .chip)
            try c.encode(idf, forKey: .idf)
            try c.encode(firmware, forKey: .firmware)
            try c.encode(workload, forKey: .workload)
            try c.encode(staticDRAM, forKey: .staticDRAM)
            // Optional figures are always present: null where they do not exist.
            if let initialHeap { try c.encode(initialHeap, forKey: .initialHeap) } else { try c.encodeNil(forKey: .initialHeap) }
            try c.encode(started, forKey: .started)
            if let notStarted { try c.encode(notStarted, forKey: .notStarted) } else { try c.encodeNil(forKey: .notStarted) }
            try c.encode(fits, forKey: .fits)
            try c.encode(knobs, forKey: .knobs)
            if let firstFailure { try c.encode(firstFailure, forKey: .firstFailure) } else { try c.encodeNil(forKey: .firstFailure) }
            if let note { try c.encode(note, forKey: .note) } else { try c.encodeNil(forKey: .note) }
            if let delta { try c.encode(delta, forKey: .delta) }
            // Only where the catalogue gives the column's static DRAM as an interval.
            if let staticDRAMBounds { try c.encode(staticDRAMBounds, forKey: .staticDRAMBounds) }
            var figures = encoder.container(keyedBy: Key.self)
            for (key, value) in self.figures {
                if let value { try figures.encode(value, forKey: Key(stringValue: key)) } else { try figures.encodeNil(forKey: Key(stringValue: key)) }
            }
        }
    }

    struct Advisory: Encodable {
        var id, title, severity, advice, source: String
        var columns: [String]
    }

    /// The report as JSON (keys sorted: byte-identical for the same inputs).
    public static func render(_ r: WhatIfReport) -> String {
        let document = Document(fits: r.fits, headroom: WhatIfCommand.headroom, baseline: column(r.baseline, baseline: nil),
                                changed: r.changed.map { column($0, baseline: r.baseline) },
                                advisories: r.advisories.map {
                                    Advisory(id: $0.advisory.id, title: $0.advisory.title, severity: $0.advisory.severity.rawValue,
                                             advice: $0.advisory.advice, source: $0.advisory.source, columns: $0.columns)
                                })
        return JSONText.encode(document)
    }

    static func column(_ c: WhatIfColumn, baseline: WhatIfColumn?) -> Column {
        let failure = c.report?.result.firstFailure.map(FailureJSON.init)
        var figures: [String: Int?] = [:]
        for m in c.measures { figures[m.key] = m.value }
        var delta: [String: Int?]?
        if let baseline {
            var d: [String: Int?] = ["staticDRAM": c.staticDRAM - baseline.staticDRAM]
            for (m, base) in zip(c.measures, baseline.measures) {
                d[m.key] = m.value.flatMap { v in base.value.map { v - $0 } }
            }
            delta = d
        }
        return Column(name: c.name, changes: c.changes.map(\.description), board: c.board, chip: c.chip, idf: "\(c.idf)",
                      firmware: "\(c.firmware)", workload: c.workload, staticDRAM: c.staticDRAM, initialHeap: c.initialHeap,
                      started: c.notStarted == nil, notStarted: c.notStarted, fits: c.fits, knobs: c.report?.changedKnobs ?? [:],
                      figures: figures, firstFailure: failure, note: c.note, delta: delta, staticDRAMBounds: c.staticDRAMBounds)
    }
}
