import Model

/// The `reports` use cases: list the field reports, and replay them into a scorecard.
public enum ReportsCommand {
    /// The reports `names` pick (an id, or the start of exactly one id such as `mp-16650`), in the
    /// library's order; every report when `names` is empty.
    public static func select(_ names: [String], from reports: [FieldReport]) throws(Diagnostic) -> [FieldReport] {
        guard !names.isEmpty else { return reports }
        var chosen = Set<String>()
        for name in names {
            let matches = reports.filter { $0.id == name }.isEmpty ? reports.filter { $0.id.hasPrefix(name) } : reports.filter { $0.id == name }
            guard matches.count == 1, let report = matches.first else {
                throw Diagnostic(matches.isEmpty ? "No field report is named '\(name)'" : "'\(name)' starts \(matches.count) report ids",
                                 expected: matches.isEmpty ? "a report id of reports/ (heapfit reports lists them)"
                                     : "one of " + matches.map(\.id).joined(separator: ", "),
                                 fix: "Name the report by its id, or by a start of its id that no other report shares."
                                     + NameSuggestion.hint(for: name, in: reports.map(\.id)))
            }
            chosen.insert(report.id)
        }
        return reports.filter { chosen.contains($0.id) }
    }

    /// The scorecard of `names` (every report when empty).
    public static func run(_ names: [String], library: Library) throws(Diagnostic) -> Scorecard {
        let reports = try select(names, from: library.reports)
        return ReportRunner(catalogue: library.catalogue, workloads: WorkloadLoader(library: library.path),
                            advisories: library.advisories).run(reports)
    }
}
