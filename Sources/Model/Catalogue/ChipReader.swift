import Yams

/// Reads one `chips:` entry and validates it: caps, overlaps between regions (and between reserved
/// ranges) that can exist in the same build, type keys, linker alignments.
struct ChipReader {
    /// Bounds on a chip's region list (bad input must not run unbounded: the overlap check is quadratic).
    static let maximumPagesPerRun = 256
    static let maximumRegions = 512
    let r: Reader
    /// The catalogue's releases, to decide whether two IDF ranges can meet.
    let releases: [IDFVersion]

    init(_ r: Reader, releases: [IDFVersion]) {
        self.r = r
        self.releases = releases
    }

    func chip(_ node: Node) throws(Diagnostic) -> ChipDefinition {
        let m = try r.mapping(node, "A chip entry")
        let name = try r.string(m, "name", in: node)
        let source = try r.string(m, "source", in: node)
        var kind = ChipDefinition.Kind.espIDF
        if let kn = m["kind"] {
            guard let s = kn.scalar?.string, let k = ChipDefinition.Kind(rawValue: s) else {
                throw r.fail(kn, "Unknown chip kind `\(kn.scalar?.string ?? "?")` for \(name)", expected: "esp-idf or nonos")
            }
            kind = k
        }
        var chip = ChipDefinition(
            name: name, kind: kind, supported: try r.idfRange(m), source: source, defaults: try defaults(m),
            heapSizeMax: [], tlsfMaxPoolSize: [], romTLSF: [], types: [], regions: [], reserved: [],
            linkerKind: .separate, dram0Origin: [], dram0Length: 0, btReserveDram: 0, dataStartAlign: 1, heapStartAlign: 8,
            iramOrigin: [], iramLength: 0, iramEndAlign: 4, rtcFastStart: nil, diram: nil, psram: [], nonOS: nil,
            line: node.mark?.line)
        chip.facts = try facts(m, chip: name)
        if kind == .nonOS {
            chip.nonOS = try nonOS(try r.required(m, "nonos", in: node), chip: name)
            return chip
        }
        chip.heapSizeMax = try r.conditionalInts(try r.required(m, "heapSizeMax", in: node), "heapSizeMax")
        chip.tlsfMaxPoolSize = try r.conditionalInts(try r.required(m, "tlsfMaxPoolSize", in: node), "tlsfMaxPoolSize")
        if let rn = m["romTLSF"] { chip.romTLSF = try r.conditionalInts(rn, "romTLSF") }
        chip.types = try types(try r.required(m, "types", in: node), chip: name)
        chip.regions = try regions(try r.required(m, "regions", in: node), chip: name, types: chip.types)
        chip.reserved = try reserved(try r.required(m, "reserved", in: node), chip: name)
        try linker(try r.required(m, "linker", in: node), into: &chip)
        if let dn = m["diram"] {
            let dm = try r.mapping(dn, "diram")
            chip.diram = DIRAMAlias(dramLow: try r.integer(dm, "dramLow", in: dn), dramHigh: try r.integer(dm, "dramHigh", in: dn),
                                    iramLow: try r.integer(dm, "iramLow", in: dn), iramHigh: try r.integer(dm, "iramHigh", in: dn),
                                    inverted: try r.bool(dm, "inverted", default: false))
        }
        if let pn = m["psram"] {
            for item in try r.sequence(pn, "psram") {
                let pm = try r.mapping(item, "A psram entry")
                let window = PsramWindow(start: try r.integer(pm, "start", in: item), maxSize: try r.integer(pm, "maxSize", in: item),
                                         addressIsExact: try r.bool(pm, "exact", default: false))
                chip.psram.append(Conditional(window, when: try r.condition(pm), idf: try r.idfRange(pm), line: item.mark?.line))
            }
        }
        return chip
    }

    /// `facts: {cpuCores: 2, usbOTG: true}` (absent: 1 core, no USB-OTG).
    private func facts(_ m: Node.Mapping, chip: String) throws(Diagnostic) -> ChipFacts {
        guard let fn = m["facts"] else { return ChipFacts() }
        let fm = try r.mapping(fn, "facts")
        var facts = ChipFacts(usbOTG: try r.bool(fm, "usbOTG", default: false))
        if let cn = fm["cpuCores"] {
            let cores = try r.integer(cn, "cpuCores")
            guard (1...2).contains(cores) else {
                throw r.fail(cn, "\(chip) has cpuCores \(cores)", expected: "1 or 2 (SOC_CPU_CORES_NUM of the chip's soc_caps.h)")
            }
            facts.cpuCores = cores
        }
        return facts
    }

    /// `defaults: {rtcFastHeap: singleCore, memprot: true, icache: 16K}`: flags take a condition, sizes a number.
    private func defaults(_ m: Node.Mapping) throws(Diagnostic) -> FeatureDefaults {
        guard let dn = m["defaults"] else { return FeatureDefaults() }
        let dm = try r.mapping(dn, "defaults")
        var d = FeatureDefaults()
        for (k, v) in dm {
            guard let key = k.scalar?.string else { continue }
            if Features.numberNames.contains(key) {
                d.numbers[key] = try r.integer(v, key)
            } else if Features.flagNames.contains(key) {
                d.flags[key] = try r.condition(dm, key: key)
            } else {
                throw r.fail(k, "Unknown feature `\(key)` in defaults",
                             expected: (Features.flagNames + Features.numberNames).joined(separator: ", "))
            }
        }
        return d
    }

    private func types(_ node: Node, chip name: String) throws(Diagnostic) -> [TypeDefinition] {
        var types: [TypeDefinition] = []
        for t in try r.sequence(node, "types") {
            let tm = try r.mapping(t, "A memory type")
            let key = try r.string(tm, "key", in: t)
            if types.contains(where: { $0.key == key }) {
                throw r.fail(t, "Memory type key \(key) of \(name) is defined twice", fix: "Put every variant under one key")
            }
            var variants: [Conditional<MemoryType>] = []
            for vn in try r.sequence(try r.required(tm, "variants", in: t), "variants") {
                let vm = try r.mapping(vn, "A memory type variant")
                let tname = try r.string(vm, "name", in: vn)
                let capsNode = try r.required(vm, "caps", in: vn)
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
                    throw r.fail(vn, "Memory type \(tname) of chip \(name) has no capabilities",
                                 expected: "at least one MALLOC_CAP bit in one of its three priority words",
                                 fix: "Copy the caps from the chip's memory_layout.c")
                }
                variants.append(Conditional(type, when: try r.condition(vm), idf: try r.idfRange(vm), line: vn.mark?.line))
            }
            types.append(TypeDefinition(key: key, variants: variants))
        }
        return types
    }

    private func regions(_ node: Node, chip name: String, types: [TypeDefinition]) throws(Diagnostic) -> [Conditional<RegionDefinition>] {
        var regions: [(Conditional<RegionDefinition>, Node)] = []
        for rn in try r.sequence(node, "regions") {
            let rm = try r.mapping(rn, "A region")
            let key = try r.string(rm, "type", in: rn)
            guard types.contains(where: { $0.key == key }) else {
                throw r.fail(rn, "Region of chip \(name) names unknown memory type \(key)",
                             expected: "one of: " + types.map(\.key).joined(separator: ", "))
            }
            let start = try r.integer(rm, "start", in: rn)
            let stack = try r.bool(rm, "startupStack", default: false)
            let when = try r.condition(rm)
            let idf = try r.idfRange(rm)
            func add(_ s: Int, _ size: Int) {
                regions.append((Conditional(RegionDefinition(start: s, size: size, typeKey: key, startupStack: stack),
                                            when: when, idf: idf, line: rn.mark?.line), rn))
            }
            if let pageNode = rm["page"] {
                // `end` + `page`: a run of equal pages, as memory_layout.c lists 8 KiB MMU pages.
                let page = try r.integer(pageNode, "page")
                let end = try r.integer(rm, "end", in: rn)
                guard page > 0, end > start, (end - start) % page == 0 else {
                    throw r.fail(rn, "Region run \(Hex.address(start))–\(Hex.address(end)) is not a whole number of \(page) B pages",
                                 expected: "end − start a positive multiple of page")
                }
                // The longest real run is ESP32's 16 IRAM pages (memory_layout.c); the overlap check below
                // is quadratic, so a run of thousands of pages (a typo in `end`) is refused, not expanded.
                guard (end - start) / page <= Self.maximumPagesPerRun else {
                    throw r.fail(rn, "Region run \(Hex.address(start))–\(Hex.address(end)) is \((end - start) / page) pages of \(page) B",
                                 expected: "at most \(Self.maximumPagesPerRun) pages in one run (real chips list at most 16)",
                                 fix: "Check `end`: soc_memory_regions[] runs span a few MMU pages")
                }
                for p in stride(from: start, to: end, by: page) { add(p, page) }
            } else {
                let size = rm["size"] == nil ? try r.integer(rm, "end", in: rn) - start : try r.integer(rm, "size", in: rn)
                guard size > 0 else { throw r.fail(rn, "Region at \(Hex.address(start)) has size \(size)", expected: "a positive size") }
                add(start, size)
            }
        }
        guard regions.count <= Self.maximumRegions else {
            throw r.fail(node, "Chip \(name) lists \(regions.count) regions",
                         expected: "at most \(Self.maximumRegions) (soc_memory_regions[] of real chips has fewer than 50)",
                         fix: "Remove the extra regions")
        }
        for (j, (b, bn)) in regions.enumerated() {
            for (a, _) in regions[..<j] where meet(a, b) && a.value.start < b.value.start + b.value.size
                && b.value.start < a.value.start + a.value.size {
                throw r.fail(bn, "Regions of chip \(name) overlap: [\(Hex.address(b.value.start)), "
                                + "\(Hex.address(b.value.start + b.value.size))) and [\(Hex.address(a.value.start)), "
                                + "\(Hex.address(a.value.start + a.value.size)))",
                             expected: "disjoint regions (soc_memory_regions[] never overlap)",
                             fix: "Correct the start or size of one of them, or make their `when:`/`idf:` exclusive")
            }
        }
        return regions.map(\.0)
    }

    private func reserved(_ node: Node, chip name: String) throws(Diagnostic) -> [Conditional<ReservedDefinition>] {
        var reserved: [Conditional<ReservedDefinition>] = []
        for rn in try r.sequence(node, "reserved") {
            let rm = try r.mapping(rn, "A reserved range")
            let rr = ReservedDefinition(name: try r.string(rm, "name", in: rn), start: try r.integer(rm, "start", in: rn),
                                        end: try r.integer(rm, "end", in: rn),
                                        endPerSCO: try rm["endPerSCO"].map { n throws(Diagnostic) in try r.integer(n, "endPerSCO") } ?? 0)
            guard rr.end >= rr.start else {
                throw r.fail(rn, "Reserved range \(rr.name) ends before it starts", expected: "end ≥ start")
            }
            let entry = Conditional(rr, when: try r.condition(rm), idf: try r.idfRange(rm), line: rn.mark?.line)
            for a in reserved where meet(a, entry) && a.value.start < rr.end && rr.start < a.value.end {
                throw r.fail(rn, "Reserved ranges \(a.value.name) and \(rr.name) of chip \(name) overlap",
                             expected: "disjoint ranges (IDF aborts at boot on overlapping SOC_RESERVE_MEMORY_REGIONs)")
            }
            reserved.append(entry)
        }
        return reserved
    }

    private func linker(_ ln: Node, into chip: inout ChipDefinition) throws(Diagnostic) {
        let lm = try r.mapping(ln, "linker")
        if let kn = lm["kind"] {
            guard let s = kn.scalar?.string, let k = LinkerFacts.Kind(rawValue: s) else {
                throw r.fail(kn, "Unknown linker kind `\(kn.scalar?.string ?? "?")`", expected: "separate or unified")
            }
            chip.linkerKind = k
        }
        chip.dram0Origin = try r.conditionalInts(try r.required(lm, "dram0Origin", in: ln), "dram0Origin")
        chip.dram0Length = try r.integer(lm, "dram0Length", in: ln)
        chip.btReserveDram = try lm["btReserveDram"].map { n throws(Diagnostic) in try r.integer(n, "btReserveDram") } ?? 0
        chip.heapStartAlign = try r.integer(lm, "heapStartAlign", in: ln)
        chip.dataStartAlign = try lm["dataStartAlign"].map { n throws(Diagnostic) in try r.integer(n, "dataStartAlign") } ?? 1
        chip.iramOrigin = try r.conditionalInts(try r.required(lm, "iramOrigin", in: ln), "iramOrigin")
        chip.iramLength = try r.integer(lm, "iramLength", in: ln)
        chip.iramEndAlign = try r.integer(lm, "iramEndAlign", in: ln)
        chip.rtcFastStart = try lm["rtcFastStart"].map { n throws(Diagnostic) in try r.integer(n, "rtcFastStart") }
        for a in [chip.heapStartAlign, chip.iramEndAlign, chip.dataStartAlign] where a <= 0 || a & (a - 1) != 0 {
            throw r.fail(ln, "Linker alignment \(a) of chip \(chip.name) is not a power of two", expected: "4 or 8")
        }
    }

    private func nonOS(_ node: Node, chip name: String) throws(Diagnostic) -> NonOSFacts {
        let m = try r.mapping(node, "nonos")
        return NonOSFacts(dramOrigin: try r.integer(m, "dramOrigin", in: node), dramLength: try r.integer(m, "dramLength", in: node),
                          heapEnd: try r.integer(m, "heapEnd", in: node), gcHeapBytes: try r.integer(m, "gcHeapBytes", in: node),
                          allocator: try r.string(m, "allocator", in: node), source: try r.string(m, "source", in: node))
    }

    /// Two conditional entries can be in the same build: some catalogue release is in both IDF
    /// ranges and their conditions do not exclude each other.
    private func meet<A, B>(_ a: Conditional<A>, _ b: Conditional<B>) -> Bool {
        a.when.mayCoexist(with: b.when) && releases.contains { a.idf.contains($0) && b.idf.contains($0) }
    }
}
