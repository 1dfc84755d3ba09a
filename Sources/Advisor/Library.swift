import Foundation
import Model

/// What heapfit reads, located and loaded in one place: the catalogue (`boards.yaml`), the library
/// directory (`workloads/`: workloads, components, knobs, advisories) and the field reports (`reports/`).
public struct Library: Sendable {
    public let catalogue: Catalogue
    /// The `workloads/` directory the use cases read workloads, knobs and advisories from.
    public let path: String
    /// The field reports (`reports/*.yaml` beside `workloads/`, docs/reports.md), sorted by id; empty
    /// when the checkout has no `reports/` folder.
    public let reports: [FieldReport]

    public init(catalogue: Catalogue, path: String, reports: [FieldReport] = []) {
        self.catalogue = catalogue
        self.path = path
        self.reports = reports
    }

    /// The catalogue, the library directory and the reports of this checkout (or `HEAPFIT_BOARDS`,
    /// `HEAPFIT_WORKLOADS`, `HEAPFIT_REPORTS`).
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(Diagnostic) -> Library {
        let catalogue = try loadCatalogue()
        let path = try ResourceLocator.workloads()
        let folder = environment["HEAPFIT_REPORTS"] ?? Self.reportsFolder(beside: path)
        guard FileManager.default.fileExists(atPath: folder) else { return Library(catalogue: catalogue, path: path) }
        let reports = try ReportLoader(folder: folder, workloads: WorkloadLoader(library: path), catalogue: catalogue).all()
        return Library(catalogue: catalogue, path: path, reports: reports)
    }

    /// `reports/` next to the `workloads/` directory.
    public static func reportsFolder(beside workloads: String) -> String {
        ((workloads as NSString).deletingLastPathComponent as NSString).appendingPathComponent("reports")
    }

    /// The catalogue alone, for the commands that read nothing else (boards, heaps, import).
    public static func loadCatalogue() throws(Diagnostic) -> Catalogue {
        try CatalogueLoader.load(path: try CatalogueLocator.locate())
    }

    /// The advisories (`advisories/advisories.yaml`), checked against the catalogue; an advisory that
    /// stands in for the model (`stands_in_for_model: <report>`) only while that report is open.
    public func advisories() throws(Diagnostic) -> [Advisory] {
        AdvisoryLibrary.withoutReproduced(try AdvisoryLibrary.load(library: path, catalogue: catalogue), reports: reports)
    }

    /// The two values the use cases take today (`catalogue:`, `library:`).
    public var parts: (catalogue: Catalogue, library: String) { (catalogue, path) }
}
