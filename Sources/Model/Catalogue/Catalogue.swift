/// Everything boards.yaml holds, validated.
public struct Catalogue: Hashable, Sendable {
    /// Every ESP-IDF release the catalogue knows (stable tags), oldest first.
    public var idfReleases: [IDFVersion]
    public var chips: [ChipDefinition]
    public var boards: [Board]
    /// The file it was read from, for diagnostics.
    public var file: String
    /// Which IDF releases each firmware release supports (`firmwareSupport:`); empty: nothing is checked.
    public var firmwareSupport = FirmwareSupportTable()

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
        throw Diagnostic("Unknown board '\(name)' (not in \(file))." + NameSuggestion.hint(for: name, in: boards.map(\.name)),
                         expected: "one of: " + boards.map(\.name).joined(separator: ", "), fix: hint)
    }

    /// The static sizes of `board` on `idf` for firmware release `firmware` (port, major, minor): the entry keyed
    /// to that release (`firmware: "micropython <1.27"`) when there is one, else the release-independent entry;
    /// a diagnostic listing the releases known for the board and how to supply the figure.
    public func statics(of board: Board, idf: IDFVersion, firmware: FirmwareKey? = nil) throws(Diagnostic) -> StaticSizes {
        let entries = board.statics.filter { $0.idf == idf }
        if let firmware, let keyed = entries.first(where: { $0.firmware != nil && $0.holds(port: firmware.port, major: firmware.major, minor: firmware.minor) }) {
            return keyed
        }
        if let s = entries.first(where: { $0.firmware == nil }) { return s }
        if firmware == nil, let s = entries.first { return s }
        if let s = minorReleaseStatics(of: board, idf: idf, firmware: firmware) { return s }
        let known = board.knownReleases.map(\.description)
        let keyedNote = entries.isEmpty ? "" : " for \(firmware.map { "\($0.port)-\($0.major).\($0.minor)" } ?? "this firmware") (the catalogue's "
            + "figures for IDF \(idf) hold for " + entries.compactMap { $0.firmware?.text }.joined(separator: "; ") + ")"
        throw Diagnostic("No static DRAM size is known for \(board.name) on ESP-IDF \(idf)\(keyedNote) in \(file)",
                         expected: known.isEmpty ? "a figure from your own build (no source gives one for this board)"
                            : "an IDF release known for \(board.name): " + known.joined(separator: ", "),
                         fix: "Pass --static-dram with \"Used static DRAM\" from `idf.py size` of your build "
                            + "(or import its boot log), or pick a known --idf release")
    }

    /// For `5.1` (a release named without its patch number) where the catalogue has figures only for patch releases
    /// of the same minor (`5.1.2`, `5.1.3`): an interval over those figures widened on each side by the largest
    /// patch-to-patch change the catalogue's own point figures show, `estimated`. A field report or user who says
    /// "IDF 5.1" gets honest bounds instead of a refusal; nil when no patch release of that minor is known.
    func minorReleaseStatics(of board: Board, idf: IDFVersion, firmware: FirmwareKey?) -> StaticSizes? {
        guard idf.patch == 0 else { return nil }
        let sameMinor = board.statics.filter { s in
            s.idf.major == idf.major && s.idf.minor == idf.minor
                && (firmware.map { s.holds(port: $0.port, major: $0.major, minor: $0.minor) } ?? true)
                && s.dram.confidence != .unknown
        }.sorted { $0.idf < $1.idf }
        guard let first = sameMinor.first else { return nil }
        let step = largestPatchStep
        let lower = sameMinor.map { $0.dram.interval?.lowerBound ?? $0.dram.value }.min()! - step
        let upper = sameMinor.map { $0.dram.interval?.upperBound ?? $0.dram.value }.max()! + step
        let used = sameMinor.map { "\($0.idf): \($0.dram.text) [\($0.dram.confidence.rawValue)]" }.joined(separator: "; ")
        let source = "no figure for \(board.name) on IDF \(idf) itself: the catalogue's figures for its patch releases "
            + "(\(used)) widened by \(step) B each side, the largest change between two patch releases of one minor that "
            + "the catalogue's published figures show"
        let dram = Sourced(interval: lower...upper, source: source, confidence: .estimated, line: first.dram.line)
        return StaticSizes(idf: idf, dram: dram, iram: first.iram, rtc: first.rtc, firmware: first.firmware)
    }

    /// The largest change of static DRAM between two patch releases of one IDF minor (same board, same firmware
    /// key, point figures only) over the whole catalogue; 0 when no board has two.
    public var largestPatchStep: Int {
        var step = 0
        for board in boards {
            let points = board.statics.filter { $0.dram.interval == nil && $0.dram.confidence != .unknown }
            let groups = Dictionary(grouping: points) { "\($0.idf.major).\($0.idf.minor) \($0.firmware?.text ?? "")" }
            for group in groups.values {
                let values = group.sorted { $0.idf < $1.idf }.map(\.dram.value)
                for (a, b) in zip(values, values.dropFirst()) { step = max(step, abs(a - b)) }
            }
        }
        return step
    }

    /// The static DRAM to boot `board` on `idf` with: the user's figure when given, else the catalogue's;
    /// a diagnostic when the catalogue has none or only an `unknown` placeholder. A catalogue interval is
    /// returned as it is (`interval` set, `value` its upper bound); `withinInterval` marks `override` as a
    /// point of that interval chosen by heapfit (an end, or a bisection step), not the user's figure.
    public func staticDRAM(of board: Board, idf: IDFVersion, firmware: FirmwareKey? = nil, override: Int?,
                           withinInterval: Bool = false) throws(Diagnostic) -> Sourced {
        if let override, !withinInterval {
            return Sourced(override, source: "--static-dram (given by the user)", confidence: .measured)
        }
        let s = try statics(of: board, idf: idf, firmware: firmware)
        guard s.dram.confidence != .unknown else {
            throw Diagnostic("The static DRAM of \(board.name) on ESP-IDF \(idf) is unknown (\(s.dram.source))",
                             file: file, line: s.dram.line,
                             expected: "a measured, derived or estimated figure",
                             fix: "Pass --static-dram with \"Used static DRAM\" from `idf.py size` of your build (or import its boot log)")
        }
        guard let override, let interval = s.dram.interval else { return s.dram }
        var point = Sourced(override, source: "\(override) B, a point of the catalogue's interval \(interval.lowerBound)–"
                                + "\(interval.upperBound) B (\(s.dram.source))", confidence: s.dram.confidence, line: s.dram.line)
        point.interval = interval
        point.value = override
        return point
    }

    /// The IDF releases `board`'s firmware supports on its chip (the union over the firmware releases that ship
    /// the board, `firmwareSupport:`), limited to the catalogue's releases and the chip's; empty without a table.
    public func supportedReleases(of board: Board) -> [IDFVersion] {
        guard let chip = chip(named: board.chip), chip.kind == .espIDF else { return [] }
        return firmwareSupport.idfReleases(port: board.firmware.rawValue, on: chip.name, within: board.firmwareReleases)
            .filter { idfReleases.contains($0) && chip.supported.contains($0) }
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

/// A firmware release as the catalogue keys static sizes: port (`micropython`) and MAJOR.MINOR.
public struct FirmwareKey: Hashable, Sendable {
    public var port: String
    public var major: Int
    public var minor: Int

    public init(port: String, major: Int, minor: Int) {
        self.port = port
        self.major = major
        self.minor = minor
    }
}
