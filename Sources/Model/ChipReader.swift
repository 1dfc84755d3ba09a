import Yams

/// Reads one `chips:` or `boards:` entry and validates it.
struct ChipReader {
    let r: Reader
    init(_ r: Reader) { self.r = r }

    func chip(_ node: Node) throws(Diagnostic) -> ChipLayout {
        let m = try r.mapping(node, "A chip entry")
        let name = try r.string(m, "name", in: node)
        let source = try r.string(m, "source", in: node)

        var types: [MemoryType] = []
        for t in try r.sequence(try r.required(m, "types", in: node), "types") {
            let tm = try r.mapping(t, "A memory type")
            let tname = try r.string(tm, "name", in: t)
            let capsNode = try r.required(tm, "caps", in: t)
            let words = try r.sequence(capsNode, "caps")
            guard words.count == 3 else {
                throw r.fail(capsNode, "Memory type \(tname) of \(name) has \(words.count) cap words",
                             expected: "exactly three (priority 0, 1, 2), e.g. [\"8BIT|DEFAULT\", \"INTERNAL|DMA\", 0]")
            }
            var caps: [MemoryCaps] = []
            for w in words {
                guard let s = w.scalar?.string, let c = MemoryCaps(parsing: s) else {
                    throw r.fail(w, "Unknown capability in `\(w.scalar?.string ?? "?")` of type \(tname)",
                                 expected: "names from esp_heap_caps.h without MALLOC_CAP_: "
                                    + MemoryCaps.names.map(\.0).joined(separator: ", "))
                }
                caps.append(c)
            }
            let type = MemoryType(name: tname, caps: caps)
            if type.allCaps.isEmpty {
                throw r.fail(t, "Memory type \(tname) of chip \(name) has no capabilities",
                             expected: "at least one MALLOC_CAP bit in one of its three priority words",
                             fix: "Copy the caps from the chip's memory_layout.c")
            }
            types.append(type)
        }

        var regions: [(MemoryRegion, Node)] = []
        for rn in try r.sequence(try r.required(m, "regions", in: node), "regions") {
            let rm = try r.mapping(rn, "A region")
            let tname = try r.string(rm, "type", in: rn)
            guard let ti = types.firstIndex(where: { $0.name == tname }) else {
                throw r.fail(rn, "Region of chip \(name) names unknown memory type \(tname)",
                             expected: "one of: " + types.map(\.name).joined(separator: ", "))
            }
            let start = try r.integer(rm, "start", in: rn)
            let stack = try r.bool(rm, "startupStack", default: false)
            let when = try r.condition(rm)
            // `end` + `page`: a run of equal pages, as memory_layout.c lists 8 KiB MMU pages.
            if let pageNode = rm["page"] {
                let page = try r.integer(pageNode, "page")
                let end = try r.integer(rm, "end", in: rn)
                guard page > 0, end > start, (end - start) % page == 0 else {
                    throw r.fail(rn, "Region run \(Hex.address(start))–\(Hex.address(end)) is not a whole number of \(page) B pages",
                                 expected: "end − start a positive multiple of page")
                }
                for p in stride(from: start, to: end, by: page) {
                    regions.append((MemoryRegion(start: p, size: page, type: ti, startupStack: stack, when: when), rn))
                }
            } else {
                let size = try r.integer(rm, "size", in: rn)
                guard size > 0 else { throw r.fail(rn, "Region at \(Hex.address(start)) has size 0", expected: "a positive size") }
                regions.append((MemoryRegion(start: start, size: size, type: ti, startupStack: stack, when: when), rn))
            }
        }
        for (j, (b, bn)) in regions.enumerated() {
            for (a, _) in regions[..<j] where Self.mayCoexist(a.when, b.when) && a.start < b.end && b.start < a.end {
                throw r.fail(bn, "Regions of chip \(name) overlap: [\(Hex.address(b.start)), \(Hex.address(b.end))) "
                                + "and [\(Hex.address(a.start)), \(Hex.address(a.end)))",
                             expected: "disjoint regions (soc_memory_regions[] never overlap)",
                             fix: "Correct the start or size of one of them")
            }
        }

        var reserved: [(ReservedRange, Node)] = []
        for rn in try r.sequence(try r.required(m, "reserved", in: node), "reserved") {
            let rm = try r.mapping(rn, "A reserved range")
            let rr = ReservedRange(name: try r.string(rm, "name", in: rn), start: try r.integer(rm, "start", in: rn),
                                   end: try r.integer(rm, "end", in: rn),
                                   endPerSCO: try rm["endPerSCO"].map { n throws(Diagnostic) in try r.integer(n, "endPerSCO") } ?? 0,
                                   when: try r.condition(rm))
            guard rr.end >= rr.start else {
                throw r.fail(rn, "Reserved range \(rr.name) ends before it starts", expected: "end ≥ start")
            }
            for (a, _) in reserved where Self.mayCoexist(a.when, rr.when) && a.start < rr.end && rr.start < a.end {
                throw r.fail(rn, "Reserved ranges \(a.name) and \(rr.name) of chip \(name) overlap",
                             expected: "disjoint ranges (IDF aborts at boot on overlapping SOC_RESERVE_MEMORY_REGIONs)")
            }
            reserved.append((rr, rn))
        }

        let ln = try r.required(m, "linker", in: node)
        let lm = try r.mapping(ln, "linker")
        let linker = LinkerFacts(
            dram0Origin: try r.integer(lm, "dram0Origin", in: ln), dram0Length: try r.integer(lm, "dram0Length", in: ln),
            btReserveDram: try r.integer(lm, "btReserveDram", in: ln), heapStartAlign: try r.integer(lm, "heapStartAlign", in: ln),
            iramOrigin: try r.integer(lm, "iramOrigin", in: ln), iramLength: try r.integer(lm, "iramLength", in: ln),
            iramEndAlign: try r.integer(lm, "iramEndAlign", in: ln))
        for (a, an) in [(linker.heapStartAlign, ln), (linker.iramEndAlign, ln)] where a <= 0 || a & (a - 1) != 0 {
            throw r.fail(an, "Linker alignment \(a) of chip \(name) is not a power of two", expected: "4 or 8")
        }
        var diram: DIRAMAlias?
        if let dn = m["diram"] {
            let dm = try r.mapping(dn, "diram")
            diram = DIRAMAlias(dramLow: try r.integer(dm, "dramLow", in: dn), dramHigh: try r.integer(dm, "dramHigh", in: dn),
                               iramLow: try r.integer(dm, "iramLow", in: dn), iramHigh: try r.integer(dm, "iramHigh", in: dn),
                               inverted: try r.bool(dm, "inverted", default: false))
        }
        return ChipLayout(name: name, types: types, regions: regions.map(\.0), reserved: reserved.map(\.0),
                          linker: linker, diram: diram, heapSizeMax: try r.integer(m, "heapSizeMax", in: node),
                          tlsfStaticFLIndexMax: try r.integer(m, "tlsfStaticFLIndexMax", in: node),
                          source: source)
    }

    func board(_ node: Node, chips: [ChipLayout]) throws(Diagnostic) -> Board {
        let m = try r.mapping(node, "A board entry")
        let name = try r.string(m, "name", in: node)
        let chipNode = try r.required(m, "chip", in: node)
        let chip = try r.string(m, "chip", in: node)
        guard chips.contains(where: { $0.name == chip }) else {
            throw r.fail(chipNode, "Board \(name) names unknown chip \(chip)",
                         expected: "one of the chips defined above: " + chips.map(\.name).joined(separator: ", "),
                         fix: "Correct the chip name or add the chip under `chips:`")
        }
        var features = Features()
        if let fn = m["features"] {
            let fm = try r.mapping(fn, "features")
            features.bluetooth = try r.bool(fm, "bluetooth", default: false)
            features.singleCore = try r.bool(fm, "singleCore", default: false)
            features.spiram = try r.bool(fm, "spiram", default: false)
            if let sn = fm["scoConnections"] {
                features.scoConnections = try r.integer(sn, "scoConnections")
                // BTDM_CONTROLLER_BR_EDR_MAX_SYNC_CONN_LIMIT = 3 (esp_bt.h).
                guard (0...3).contains(features.scoConnections) else {
                    throw r.fail(sn, "scoConnections \(features.scoConnections) is out of range", expected: "0 to 3")
                }
            }
        }
        var statics: [StaticSizes] = []
        for sn in try r.sequence(try r.required(m, "static", in: node), "static") {
            let sm = try r.mapping(sn, "A static-size entry")
            let vn = try r.required(sm, "idf", in: sn)
            guard let text = vn.scalar?.string, let idf = IDFVersion(parsing: text) else {
                throw r.fail(vn, "`idf: \(vn.scalar?.string ?? "?")` is not an ESP-IDF release", expected: "a version such as 5.4.2")
            }
            if statics.contains(where: { $0.idf == idf }) {
                throw r.fail(vn, "Board \(name) lists IDF \(idf) twice", fix: "Keep one entry")
            }
            statics.append(StaticSizes(idf: idf, dram: try sourced(sm, "dram", in: sn), iram: try sourced(sm, "iram", in: sn)))
        }
        return Board(name: name, chip: chip, features: features, statics: statics, source: try r.string(m, "source", in: node))
    }

    private func sourced(_ m: Node.Mapping, _ key: String, in parent: Node) throws(Diagnostic) -> Sourced {
        let n = try r.required(m, key, in: parent)
        let vm = try r.mapping(n, "`\(key)`")
        let cn = vm["confidence"]
        var confidence = Confidence.measured
        if let cn {
            guard let s = cn.scalar?.string, let c = Confidence(rawValue: s) else {
                throw r.fail(cn, "Unknown confidence '\(cn.scalar?.string ?? "?")'",
                             expected: "measured, derived, unknown or imported")
            }
            confidence = c
        }
        let source = try r.string(vm, "source", in: n)
        return Sourced(try r.integer(vm, "value", in: n), source: source, confidence: confidence, line: n.mark?.line)
    }

    /// Two conditional entries can exist in the same build unless their conditions exclude each other.
    static func mayCoexist(_ a: Condition?, _ b: Condition?) -> Bool {
        guard let a, let b else { return true }
        let exclusive: Set<Set<Condition>> = [[.bluetooth, .noBluetooth], [.singleCore, .dualCore], [.spiram, .noSpiram]]
        return !exclusive.contains([a, b])
    }
}
