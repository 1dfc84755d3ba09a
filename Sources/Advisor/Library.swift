import Model

/// What heapfit reads, located and loaded in one place: the catalogue (`boards.yaml`) and the library
/// directory (`workloads/`: workloads, components, knobs, advisories). Field reports join as another member.
public struct Library: Sendable {
    public let catalogue: Catalogue
    /// The `workloads/` directory the use cases read workloads, knobs and advisories from.
    public let path: String

    /// The catalogue and the library directory of this checkout (or `HEAPFIT_BOARDS`).
    public static func load() throws(Diagnostic) -> Library {
        let catalogue = try loadCatalogue()
        return Library(catalogue: catalogue, path: try ResourceLocator.workloads())
    }

    /// The catalogue alone, for the commands that read nothing else (boards, heaps, import).
    public static func loadCatalogue() throws(Diagnostic) -> Catalogue {
        try CatalogueLoader.load(path: try CatalogueLocator.locate())
    }

    /// The advisories (`advisories/advisories.yaml`), checked against the catalogue.
    public func advisories() throws(Diagnostic) -> [Advisory] { try AdvisoryLibrary.load(library: path, catalogue: catalogue) }

    /// The two values the use cases take today (`catalogue:`, `library:`).
    public var parts: (catalogue: Catalogue, library: String) { (catalogue, path) }
}
