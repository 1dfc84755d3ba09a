import FuzzSupport
import Model

// boards.yaml: parse and validate the catalogue, then look up and lay out every board on every release it knows.
runFuzzer { data, size in
    guard let catalogue = try? CatalogueLoader.parse(FuzzInput.text(data, size), file: "fuzz-boards.yaml") else { return 0 }
    for board in catalogue.boards {
        for release in board.knownReleases.prefix(4) {
            _ = try? catalogue.layout(of: board, idf: release)
            _ = try? catalogue.staticDRAM(of: board, idf: release, override: nil)
        }
    }
    return 0
}
