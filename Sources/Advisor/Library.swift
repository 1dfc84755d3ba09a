import Model

/// What heapfit reads, located and loaded in one place, once: the catalogue (`boards.yaml`), the library
/// directory (`workloads/`: workloads, components, knobs) and its advisories. Field reports join as
/// another member.
public struct Library: Sendable {
    public let catalogue: Catalogue
    /// The `workloads/` directory the use cases read workloads and knobs from.
    public let path: String
    /// The advisories of the library (`advisories/advisories.yaml`), checked against the catalogue.
    public let advisories: [Advisory]

    /// A library of these parts (tests: a catalogue, a workloads folder, the advisories they want).
    public init(catalogue: Catalogue, path: String, advisories: [Advisory] = []) {
        self.catalogue = catalogue
        self.path = path
        self.advisories = advisories
    }

    /// The catalogue, the library directory of this checkout (or `HEAPFIT_BOARDS`) and its advisories.
    public static func load() throws(Diagnostic) -> Library {
        let catalogue = try loadCatalogue()
        let path = try ResourceLocator.workloads()
        return Library(catalogue: catalogue, path: path, advisories: try AdvisoryLibrary.load(library: path, catalogue: catalogue))
    }

    /// The catalogue alone, for the commands that read nothing else (boards, heaps, import).
    public static func loadCatalogue() throws(Diagnostic) -> Catalogue {
        try CatalogueLoader.load(path: try CatalogueLocator.locate())
    }

    /// The two values the use cases that do not take a `Library` yet take (`catalogue:`, `library:`).
    public var parts: (catalogue: Catalogue, library: String) { (catalogue, path) }
}
