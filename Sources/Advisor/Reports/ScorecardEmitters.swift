import Model

/// The scorecard and the report list as text (wrapped at `width` columns) and JSON.
public enum ScorecardEmitter {
    public static let width = 100

    public static func json(_ card: Scorecard) -> String { JSONText.encode(card) }

    /// - Parameter brief: one line a report (its result) and what is unexpected, then the summary line.
    public static func text(_ card: Scorecard, brief: Bool = false) -> String {
        var lines: [String] = []
        for r in card.reports {
            lines.append("\(r.id) — \(r.result.rawValue)" + (r.expect == "open" ? " (open)" : ""))
            if !brief { lines += details(r) }
            if let u = r.unexpected { lines += wrap(u, first: "  UNEXPECTED: ", next: "    ") }
            if !brief { lines.append("") }
        }
        if brief { lines.append("") }
        lines.append(card.summary.line)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A report's scenario, why it is open, each observation (seen, predicted, error, why) and heapfit's plan.
    static func details(_ r: ReportScore) -> [String] {
        var lines: [String] = []
        lines.append("  \(r.chip) · \(r.board) · IDF \(r.idf) · \(r.firmware)")
        if let because = r.openBecause { lines += wrap(because, first: "  open because: ", next: "    ") }
        for o in r.observations {
            let place = o.line > 0 ? "line \(o.line)" : "from two outcomes"
            lines.append("  \(o.kind) (\(place); \(o.settings)): \(o.verdict.rawValue)")
            lines += wrap(o.seen, first: "    seen:      ", next: "               ")
            lines += wrap(o.predicted, first: "    predicted: ", next: "               ")
            if let e = o.errorBytes { lines.append("    error:     \(e > 0 ? "+" : "")\(e) B") }
            if let why = o.why { lines += wrap(why, first: "    why:       ", next: "               ") }
        }
        if let p = r.plan { lines += wrap(p.sentence, first: "  heapfit's plan: ", next: "    ") }
        return lines
    }

    /// One row per report: id, chip, firmware, IDF, what is observed.
    public static func listText(_ reports: [FieldReport]) -> String {
        var table = TextTable(header: ["REPORT", "CHIP", "FIRMWARE", "IDF", "EXPECT", "OBSERVED"], leftAligned: [0, 1, 2, 3, 4, 5])
        for r in reports {
            table.add([r.id, r.chip, r.firmware, r.idfText, expectation(r), observed(r)])
        }
        return table.lines.joined(separator: "\n") + "\n\(reports.count) reports\n"
    }

    public static func listJSON(_ reports: [FieldReport]) -> String {
        JSONText.encode(reports.map { r in
            ListedReport(id: r.id, title: r.title, chip: r.chip, board: r.board, idf: r.idfText, firmware: r.firmware,
                         source: r.source.url, expect: expectation(r), observed: observed(r), file: r.file)
        })
    }

    struct ListedReport: Codable {
        var id, title, chip, board, idf, firmware, source, expect, observed, file: String
    }

    static func expectation(_ r: FieldReport) -> String {
        if case .open = r.expectation { return "open" }
        return "reproduced"
    }

    /// `fails at 56 KiB, works at 52 KiB; mem_info ×2`.
    static func observed(_ r: FieldReport) -> String {
        var outcomes: [String] = []
        var figures: [String: Int] = [:]
        for o in r.observations {
            switch o.kind {
            case .outcome(let outcome):
                let heap = (r.settings.overridden(by: o.at).initialHeap).map { h in h % 1024 == 0 ? " at \(h / 1024) KiB" : " at \(h) B" } ?? ""
                outcomes.append((outcome.fails ? "fails" : "works") + heap)
            case .figure(let f): figures[f.kind.rawValue, default: 0] += 1
            }
        }
        let figureText = figures.keys.sorted().map { k in figures[k] == 1 ? k : "\(k) ×\(figures[k] ?? 0)" }
        return (outcomes + figureText).joined(separator: ", ")
    }

    /// Words of `body` in lines of at most `width` columns: the first line starts with `first`, the others with `next`.
    static func wrap(_ body: String, first: String, next: String) -> [String] {
        var lines: [String] = []
        var prefix = first
        var line = ""
        for word in body.split(separator: " ") {
            if !line.isEmpty, prefix.count + line.count + 1 + word.count > width {
                lines.append(prefix + line)
                prefix = next
                line = String(word)
            } else {
                line += (line.isEmpty ? "" : " ") + word
            }
        }
        lines.append(prefix + line)
        return lines
    }
}
