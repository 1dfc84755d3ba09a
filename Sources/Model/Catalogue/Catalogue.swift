/// Everything boards.yaml holds, validated.
public struct Catalogue: Hashable, Sendable {
    /// Every ESP-IDF release the catalogue knows (stable tags), oldest first.
    public var idfReleases: [IDFVersion]
    public var chips: [ChipDefinition]
    public var boards: [Board]
    /// The file it was read from, for diagnostics.
    public var file: String

    public init(idfReleases: [IDFVersion], chips: [ChipDefinition], boards: [Board], file: String) {
        self.idfReleases = idfReleases
        self.chips = chips
        self.boards = boards
        self.file = file
    }

    public func chip(named name: String) -> ChipDefinition? {
        chips.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// The releases that support `chip`, oldest first.
    public func releases(of chip: ChipDefinition) -> [IDFVersion] {
        chip.kind == .espIDF ? idfReleases.filter { chip.supported.contains($0) } : []
    }

    /// The board called `name` (`ESP32_GENERIC` or `ESP32_GENERIC-SPIRAM`, case-insensitive), or a
    /// diagnostic listing the known boards.
    public func board(named name: String) throws(Diagnostic) -> Board {
        if let b = boards.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) { return b }
        var hint = "Pass --board with one of those names (a variant is BOARD-VARIANT, e.g. ESP32_GENERIC-SPIRAM), "
            + "or add the board to \(file)"
        if let base = boards.first(where: { name.uppercased().hasPrefix($0.baseName.uppercased() + "-") }) {
            let variants = boards.filter { $0.baseName == base.baseName }.map(\.name)
            hint = "\(base.baseName) has these entries: \(variants.joined(separator: ", "))"
        }
        throw Diagnostic("Unknown board '\(name)' (not in \(file))",
                         expected: "one of: " + boards.map(\.name).joined(separator: ", "), fix: hint)
    }

    /// The static sizes of `board` on `idf`, or a diagnostic listing the releases known for it and
    /// how to supply the figure.
    public func statics(of board: Board, idf: IDFVersion) throws(Diagnostic) -> StaticSizes {
        if let s = board.statics.first(where: { $0.idf == idf }) { return s }
        let known = board.knownReleases.map(\.description)
        throw Diagnostic("No static DRAM size is known for \(board.name) on ESP-IDF \(idf) in \(file)",
                         expected: known.isEmpty ? "a figure from your own build (no source gives one for this board)"
                            : "an IDF release known for \(board.name): " + known.joined(separator: ", "),
                         fix: "Pass --static-dram with \"Used static DRAM\" from `idf.py size` of your build "
                            + "(or import its boot log), or pick a known --idf release")
    }

    /// The static DRAM to boot `board` on `idf` with: the user's figure when given, else the catalogue's;
    /// a diagnostic when the catalogue has none or only an `unknown` placeholder.
    public func staticDRAM(of board: Board, idf: IDFVersion, override: Int?) throws(Diagnostic) -> Sourced {
        if let override { return Sourced(override, source: "--static-dram (given by the user)", confidence: .measured) }
        let s = try statics(of: board, idf: idf)
        guard s.dram.confidence != .unknown else {
            throw Diagnostic("The static DRAM of \(board.name) on ESP-IDF \(idf) is unknown (\(s.dram.source))",
                             file: file, line: s.dram.line,
                             expected: "a measured, derived or estimated figure",
                             fix: "Pass --static-dram with \"Used static DRAM\" from `idf.py size` of your build (or import its boot log)")
        }
        return s.dram
    }

    /// The region map `board` gets on `idf`.
    public func layout(of board: Board, idf: IDFVersion) throws(Diagnostic) -> ChipLayout {
        guard let chip = chip(named: board.chip) else {
            throw Diagnostic("Board \(board.name) names chip \(board.chip), which \(file) does not define",
                             file: file, line: board.line, fix: "Add the chip to \(file)")
        }
        return try chip.layout(idf: idf, features: board.features, file: file)
    }
}
