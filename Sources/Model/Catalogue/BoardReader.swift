import Yams

/// Reads one `boards:` entry. A variant (`variant: SPIRAM`) names its base board, which must come
/// first; it inherits the base's chip, firmware and features and overrides the features it lists.
struct BoardReader {
    let r: Reader
    let releases: [IDFVersion]

    init(_ r: Reader, releases: [IDFVersion]) {
        self.r = r
        self.releases = releases
    }

    func board(_ node: Node, chips: [ChipDefinition], boards: [Board]) throws(Diagnostic) -> Board {
        let m = try r.mapping(node, "A board entry")
        let baseName = try r.string(m, "name", in: node)
        let (variant, base) = try self.variant(m, node, baseName: baseName, boards: boards)
        let name = variant.map { "\(baseName)-\($0)" } ?? baseName
        let chip = try self.chip(m, node, board: baseName, base: base, chips: chips)
        var firmware = base?.firmware ?? .micropython
        if let fn = m["firmware"] {
            guard let s = fn.scalar?.string, let f = BoardFirmware(rawValue: s) else {
                throw r.fail(fn, "Unknown firmware `\(fn.scalar?.string ?? "?")`",
                             expected: BoardFirmware.allCases.map(\.rawValue).joined(separator: ", "))
            }
            firmware = f
        }
        let features = try self.features(m["features"], over: base?.features ?? Features())
        var statics: [StaticSizes] = []
        for sn in try r.sequence(try r.required(m, "static", in: node), "static") {
            statics.append(try staticSizes(sn, board: name, chip: chip, before: statics))
        }
        var firmwareReleases = base?.firmwareReleases
        if let rn = m["firmwareReleases"] {
            guard let s = rn.scalar?.string, let range = IDFRange(parsing: s) else {
                throw r.fail(rn, "`firmwareReleases: \(rn.scalar?.string ?? "?")` is not a range of firmware releases",
                             expected: "MAJOR.MINOR bounds of the board's port, e.g. `>=1.24`")
            }
            firmwareReleases = range
        }
        return Board(name: name, baseName: baseName, variant: variant,
                     chip: chip.name, firmware: firmware, features: features, statics: statics, firmwareReleases: firmwareReleases,
                     source: try r.string(m, "source", in: node), line: node.mark?.line)
    }

    /// `variant:` and the base board it names, which must be defined above it; (nil, nil) for a base board.
    private func variant(_ m: Node.Mapping, _ node: Node, baseName: String, boards: [Board]) throws(Diagnostic) -> (String?, Board?) {
        guard let vn = m["variant"] else { return (nil, nil) }
        guard let v = vn.scalar?.string, !v.isEmpty, !v.contains("-"), !v.contains(" ") else {
            throw r.fail(vn, "`variant:` of \(baseName) is not a plain name", expected: "a name such as SPIRAM (no dash, no space)")
        }
        guard let b = boards.first(where: { $0.name == baseName && $0.variant == nil }) else {
            throw r.fail(node, "Variant \(v) names base board \(baseName), which is not defined above it",
                         expected: "a board entry `name: \(baseName)` without `variant:` earlier in the file",
                         fix: "Define the base board first, or correct the name")
        }
        return (v, b)
    }

    /// `chip:`, one of the chips defined above; a variant without one has its base's.
    private func chip(_ m: Node.Mapping, _ node: Node, board baseName: String, base: Board?,
                      chips: [ChipDefinition]) throws(Diagnostic) -> ChipDefinition {
        let chipName: String
        if let cn = m["chip"] {
            guard let c = cn.scalar?.string, chips.contains(where: { $0.name == c }) else {
                throw r.fail(cn, "Board \(baseName) names unknown chip \(cn.scalar?.string ?? "?")",
                             expected: "one of the chips defined above: " + chips.map(\.name).joined(separator: ", "),
                             fix: "Correct the chip name or add the chip under `chips:`")
            }
            chipName = c
        } else if let base {
            chipName = base.chip
        } else {
            throw r.fail(node, "Missing `chip`", expected: "a `chip:` entry here", fix: "Add `chip:`")
        }
        guard let chip = chips.first(where: { $0.name == chipName }) else {
            throw r.fail(node, "Board \(baseName) names unknown chip \(chipName)")
        }
        return chip
    }

    /// One `static:` entry: an IDF release the catalogue knows and the chip supports, listed once (per firmware range).
    private func staticSizes(_ sn: Node, board name: String, chip: ChipDefinition,
                             before statics: [StaticSizes]) throws(Diagnostic) -> StaticSizes {
        let sm = try r.mapping(sn, "A static-size entry")
        let vn = try r.required(sm, "idf", in: sn)
        guard let text = vn.scalar?.string, let idf = IDFVersion(parsing: text) else {
            throw r.fail(vn, "`idf: \(vn.scalar?.string ?? "?")` is not an ESP-IDF release", expected: "a version such as 5.4.2")
        }
        let firmwareRange = try staticFirmware(sm)
        if statics.contains(where: { $0.idf == idf && $0.firmware?.text == firmwareRange?.text }) {
            throw r.fail(vn, "Board \(name) lists IDF \(idf) twice" + (firmwareRange.map { " for \($0)" } ?? ""),
                         fix: "Keep one entry, or key each by `firmware:` (e.g. `firmware: \"micropython <1.27\"`)")
        }
        if chip.kind == .espIDF {
            guard releases.contains(idf) else {
                throw r.fail(vn, "IDF \(idf) of board \(name) is not in idfReleases", fix: "Add it to idfReleases or correct it")
            }
            guard chip.supported.contains(idf) else {
                throw r.fail(vn, "IDF \(idf) does not support \(chip.name) (board \(name))",
                             expected: "a release in \(chip.supported)")
            }
        }
        return StaticSizes(idf: idf, dram: try sourced(sm, "dram", in: sn),
                           iram: try sm["iram"].map { _ throws(Diagnostic) in try sourced(sm, "iram", in: sn) },
                           rtc: try sm["rtc"].map { _ throws(Diagnostic) in try sourced(sm, "rtc", in: sn) },
                           firmware: firmwareRange)
    }

    private func features(_ node: Node?, over base: Features) throws(Diagnostic) -> Features {
        var f = base
        guard let fn = node else { return f }
        let fm = try r.mapping(fn, "features")
        let known = ["bluetooth", "btController", "scoConnections", "singleCore", "spiram", "spiramSize", "spiramUse",
                     "spiramAlwaysInternal", "spiramReserveInternal", "rtcFastHeap", "memprot", "idramSplit", "icache", "dcache"]
        for (k, _) in fm {
            guard let key = k.scalar?.string, known.contains(key) else {
                throw r.fail(k, "Unknown feature `\(k.scalar?.string ?? "?")`", expected: known.joined(separator: ", "))
            }
        }
        func optionalBool(_ key: String) throws(Diagnostic) -> Bool? {
            fm[key] == nil ? nil : try r.bool(fm, key, default: false)
        }
        func optionalInt(_ key: String) throws(Diagnostic) -> Int? {
            try fm[key].map { n throws(Diagnostic) in try r.integer(n, key) }
        }
        f.bluetooth = try r.bool(fm, "bluetooth", default: f.bluetooth)
        f.btController = try optionalBool("btController") ?? f.btController
        f.singleCore = try r.bool(fm, "singleCore", default: f.singleCore)
        f.spiram = try r.bool(fm, "spiram", default: f.spiram)
        f.spiramSize = try optionalInt("spiramSize") ?? f.spiramSize
        f.spiramAlwaysInternal = try optionalInt("spiramAlwaysInternal") ?? f.spiramAlwaysInternal
        f.spiramReserveInternal = try optionalInt("spiramReserveInternal") ?? f.spiramReserveInternal
        if let un = fm["spiramUse"] {
            guard let s = un.scalar?.string, let u = SpiramUse(rawValue: s) else {
                throw r.fail(un, "Unknown spiramUse `\(un.scalar?.string ?? "?")`",
                             expected: SpiramUse.allCases.map(\.rawValue).joined(separator: ", "))
            }
            f.spiramUse = u
        }
        f.rtcFastHeap = try optionalBool("rtcFastHeap") ?? f.rtcFastHeap
        f.memprot = try optionalBool("memprot") ?? f.memprot
        f.idramSplit = try optionalBool("idramSplit") ?? f.idramSplit
        f.icache = try optionalInt("icache") ?? f.icache
        f.dcache = try optionalInt("dcache") ?? f.dcache
        if let sn = fm["scoConnections"] {
            f.scoConnections = try r.integer(sn, "scoConnections")
            // BTDM_CONTROLLER_BR_EDR_MAX_SYNC_CONN_LIMIT = 3 (esp_bt.h).
            guard (0...3).contains(f.scoConnections) else {
                throw r.fail(sn, "scoConnections \(f.scoConnections) is out of range", expected: "0 to 3")
            }
        }
        if f.spiram, f.spiramUse != .memmap, f.spiramSize == nil {
            throw r.fail(fn, "A board with PSRAM as a heap needs `spiramSize`", expected: "the PSRAM size, e.g. 2M, 4M or 8M")
        }
        return f
    }

    /// `firmware: "micropython <1.27"` on a static-size entry: the releases its figures hold for.
    private func staticFirmware(_ m: Node.Mapping) throws(Diagnostic) -> FirmwareRange? {
        guard let fn = m["firmware"] else { return nil }
        guard let s = fn.scalar?.string, let range = FirmwareRange(parsing: s) else {
            throw r.fail(fn, "`firmware: \(fn.scalar?.string ?? "?")` is not a range of firmware releases",
                         expected: "a port and MAJOR.MINOR bounds, e.g. `micropython <1.27` or `micropython >=1.27`")
        }
        return range
    }

    private func sourced(_ m: Node.Mapping, _ key: String, in parent: Node) throws(Diagnostic) -> Sourced {
        let n = try r.required(m, key, in: parent)
        let vm = try r.mapping(n, "`\(key)`")
        var confidence = Confidence.measured
        if let cn = vm["confidence"] {
            guard let s = cn.scalar?.string, let c = Confidence(rawValue: s) else {
                throw r.fail(cn, "Unknown confidence '\(cn.scalar?.string ?? "?")'",
                             expected: Confidence.allCases.map(\.rawValue).joined(separator: ", "))
            }
            confidence = c
        }
        let source = try r.string(vm, "source", in: n)
        // An unknown figure may have no value: the entry only records that no source gives it.
        if confidence == .unknown, vm["value"] == nil { return Sourced(0, source: source, confidence: .unknown, line: n.mark?.line) }
        if let rn = vm["range"] {
            // Bounds where no figure is published: `range: [lo, hi]`, how they were derived in `source`.
            guard vm["value"] == nil else {
                throw r.fail(rn, "`\(key)` has both `value` and `range`", expected: "one of them", fix: "Keep the figure or the bounds")
            }
            let bounds = try r.sequence(rn, "range")
            guard bounds.count == 2 else {
                throw r.fail(rn, "`range` of `\(key)` has \(bounds.count) numbers", expected: "two: [lowest, highest]")
            }
            let lo = try r.integer(bounds[0], "range"), hi = try r.integer(bounds[1], "range")
            guard lo < hi else {
                throw r.fail(rn, "`range: [\(lo), \(hi)]` of `\(key)` is not ascending", expected: "the lowest figure first, below the highest")
            }
            return Sourced(interval: lo...hi, source: source, confidence: confidence, line: n.mark?.line)
        }
        return Sourced(try r.integer(vm, "value", in: n), source: source, confidence: confidence, line: n.mark?.line)
    }
}
