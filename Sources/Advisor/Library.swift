import Foundation
import Model

/// What heapfit reads, located and loaded in one place, once: the catalogue (`boards.yaml`), the library
/// directory (`workloads/`: workloads, components, knobs), its advisories and the field reports (`reports/`).
public struct Library: Sendable {
    public let catalogue: Catalogue
    /// The `workloads/` directory the use cases read workloads and knobs from.
    public let path: String
    /// The advisories of the library (`advisories/advisories.yaml`), checked against the catalogue; an
    /// advisory that stands in for the model (`stands_in_for_model: <report>`) only while that report is open.
    public let advisories: [Advisory]
    /// The field reports (`reports/*.yaml` beside `workloads/`, docs/reports.md), sorted by id; empty
    /// when the checkout has no `reports/` folder.
    public let reports: [FieldReport]
    /// The levers a board can pull on the Python heap per firmware release (`levers/levers.yaml`, docs/levers.md);
    /// empty when the folder has no such file.
    public let levers: LeverTable

    /// A library of these parts (tests: a catalogue, a workloads folder, the advisories, reports and levers they want).
    public init(catalogue: Catalogue, path: String, advisories: [Advisory] = [], reports: [FieldReport] = [],
                levers: LeverTable = LeverTable()) {
        self.catalogue = catalogue
        self.path = path
        self.advisories = AdvisoryLibrary.withoutReproduced(advisories, reports: reports)
        self.reports = reports
        self.levers = levers
    }

    /// The catalogue, the library directory and the reports of this checkout (or `HEAPFIT_BOARDS`,
    /// `HEAPFIT_WORKLOADS`, `HEAPFIT_REPORTS`), and the library's advisories.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(Diagnostic) -> Library {
        let catalogue = try loadCatalogue()
        let path = try ResourceLocator.workloads()
        let advisories = try AdvisoryLibrary.load(library: path, catalogue: catalogue)
        let levers = try LeverLoader.load(library: path)
        let folder = environment["HEAPFIT_REPORTS"] ?? Self.reportsFolder(beside: path)
        guard FileManager.default.fileExists(atPath: folder) else {
            return Library(catalogue: catalogue, path: path, advisories: advisories, levers: levers)
        }
        let reports = try ReportLoader(folder: folder, workloads: WorkloadLoader(library: path), catalogue: catalogue).all()
        return Library(catalogue: catalogue, path: path, advisories: advisories, reports: reports, levers: levers)
    }

    /// `reports/` next to the `workloads/` directory.
    public static func reportsFolder(beside workloads: String) -> String {
        ((workloads as NSString).deletingLastPathComponent as NSString).appendingPathComponent("reports")
    }

    /// The catalogue alone, for the commands that read nothing else (boards, heaps, import).
    public static func loadCatalogue() throws(Diagnostic) -> Catalogue {
        try CatalogueLoader.load(path: try CatalogueLocator.locate())
    }

    /// The two values the use cases that do not take a `Library` yet take (`catalogue:`, `library:`).
    public var parts: (catalogue: Catalogue, library: String) { (catalogue, path) }
}
