import Model
import Simulator

/// Builds the comparisons of imported sections with a catalogue board on an IDF release, booted by
/// `HeapsCommand` (fresh heaps at `app_main`, before any task allocates).
enum CatalogueComparer {
    struct Target {
        var catalogue: Catalogue
        var board: Board
        var idf: IDFVersion
        var report: HeapsReport
        var statics: StaticSizes
    }

    static func target(catalogue: Catalogue, board: String, idf: IDFVersion) throws(Diagnostic) -> Target {
        let b = try catalogue.board(named: board)
        let statics = try catalogue.statics(of: b, idf: idf)
        let report = try HeapsCommand.report(catalogue: catalogue, boardName: b.name, idf: idf)
        return Target(catalogue: catalogue, board: b, idf: idf, report: report, statics: statics)
    }

    static func figures(_ h: HeapsReport.Heap) -> HeapFigures {
        HeapFigures(start: h.start, size: h.size, type: h.type, free: h.free, largestFreeBlock: h.largestFreeBlock,
                    minimumFree: h.minimumFree, line: nil)
    }

    static func featureDifferences(_ imported: Features, _ t: Target) -> [String] {
        let c = t.board.features
        var out: [String] = []
        if imported.bluetooth != c.bluetooth {
            out.append("Bluetooth: \(imported.bluetooth ? "on" : "off") in the file, \(c.bluetooth ? "on" : "off") in \(t.board.name)")
        } else if imported.scoConnections != c.scoConnections {
            out.append("SCO links: \(imported.scoConnections) in the file, \(c.scoConnections) in \(t.board.name)")
        }
        if imported.singleCore != c.singleCore {
            out.append("cores: \(imported.singleCore ? "single" : "dual") in the file, \(c.singleCore ? "single" : "dual") in \(t.board.name)")
        }
        if imported.spiram != c.spiram {
            out.append("PSRAM: \(imported.spiram ? "on" : "off") in the file, \(c.spiram ? "on" : "off") in \(t.board.name)")
        }
        return out
    }

    /// Pairs heaps with addresses: same start first, then same end (a heap that grew or shrank at its start),
    /// then same length (a heap added at run time, PSRAM or the DMA pool, at another address).
    static func pairByAddress(_ imported: [HeapFigures], _ simulated: [HeapFigures]) -> [HeapComparisonRow] {
        var match = [Int?](repeating: nil, count: simulated.count)
        var used = Set<Int>()
        let rules: [(HeapFigures, HeapFigures) -> Bool] = [
            { $0.start == $1.start },
            { ($0.start ?? 0) + $0.size == ($1.start ?? 0) + $1.size },
            { $0.size == $1.size },
        ]
        for rule in rules {
            for (j, s) in simulated.enumerated() where match[j] == nil {
                if let i = imported.indices.first(where: { !used.contains($0) && rule(imported[$0], s) }) {
                    match[j] = i
                    used.insert(i)
                }
            }
        }
        var rows = simulated.indices.map { HeapComparisonRow(imported: match[$0].map { imported[$0] }, catalogue: simulated[$0]) }
        for i in imported.indices where !used.contains(i) { rows.append(HeapComparisonRow(imported: imported[i], catalogue: nil)) }
        return rows.sorted { ($0.imported?.start ?? $0.catalogue?.start ?? 0) < ($1.imported?.start ?? $1.catalogue?.start ?? 0) }
    }

    /// Pairs heaps without addresses (idf_heap_info), both in registration order: equal totals first, then
    /// the heaps left on both sides in order (a heap whose size moved with the static sizes).
    static func pairBySize(_ imported: [HeapFigures], _ simulated: [HeapFigures]) -> [HeapComparisonRow] {
        var match = [Int?](repeating: nil, count: imported.count)
        var used = Set<Int>()
        for (i, h) in imported.enumerated() {
            if let j = simulated.indices.first(where: { !used.contains($0) && simulated[$0].size == h.size }) {
                match[i] = j
                used.insert(j)
            }
        }
        var rest = simulated.indices.filter { !used.contains($0) }.makeIterator()
        for i in imported.indices where match[i] == nil {
            guard let j = rest.next() else { break }
            match[i] = j
            used.insert(j)
        }
        var rows = imported.indices.map { HeapComparisonRow(imported: imported[$0], catalogue: match[$0].map { simulated[$0] }) }
        for j in simulated.indices where !used.contains(j) { rows.append(HeapComparisonRow(imported: nil, catalogue: simulated[j])) }
        return rows
    }

    /// The simulated heaps whose caps contain `caps` (all DEFAULT-style 8BIT heaps when nil).
    static func heaps(of t: Target, matching caps: UInt32?) -> [HeapsReport.Heap] {
        let wanted = MemoryCaps(rawValue: caps ?? MemoryCaps.bits8.rawValue)
        return t.report.heaps.filter { h in
            let all = h.caps.compactMap(MemoryCaps.init(parsing:)).reduce(into: MemoryCaps()) { $0.formUnion($1) }
            return all.isSuperset(of: wanted)
        }
    }

    static func bootLog(_ log: BootLog, derived: DerivedRegionMap?, _ t: Target) -> CatalogueComparison {
        let imported = log.heaps.map {
            HeapFigures(start: $0.start, size: $0.size, type: $0.typeName, free: nil, largestFreeBlock: nil, minimumFree: nil,
                        line: $0.line)
        }
        let simulated = t.report.heaps.map { HeapFigures(start: $0.start, size: $0.size, type: $0.type, line: nil) }
        return CatalogueComparison(
            kind: .bootLog, firstLine: log.firstLine, lastLine: log.lastLine, board: t.board.name, idf: t.idf,
            catalogueSide: "its simulated heap_init lines",
            featureDifferences: derived.map { featureDifferences($0.features, t) } ?? [],
            staticDRAM: derived.map { StaticDifference(imported: $0.staticDRAM, catalogue: t.statics.dram.value) },
            staticIRAM: derived.flatMap { d in
                d.staticIRAM.flatMap { i in t.statics.iram.map { StaticDifference(imported: i, catalogue: $0.value) } }
            },
            rows: pairByAddress(imported, simulated))
    }

    static func heapInfo(_ list: IDFHeapInfoList, _ t: Target) -> CatalogueComparison {
        let imported = list.heaps.map {
            HeapFigures(start: nil, size: $0.total, type: nil, free: $0.free, largestFreeBlock: $0.largestFreeBlock,
                        minimumFree: $0.minimumFree, line: $0.line)
        }
        return CatalogueComparison(
            kind: .idfHeapInfo, firstLine: list.firstLine, lastLine: list.lastLine, board: t.board.name, idf: t.idf,
            catalogueSide: "its simulated heaps when app_main starts",
            featureDifferences: [], staticDRAM: nil, staticIRAM: nil,
            rows: pairBySize(imported, heaps(of: t, matching: list.caps).map(figures)))
    }

    static func heapDump(_ dump: HeapDump, _ t: Target) -> CatalogueComparison {
        let imported = dump.heaps.map {
            HeapFigures(start: $0.start, size: $0.length, type: nil, free: $0.free, largestFreeBlock: $0.largestFreeBlock,
                        minimumFree: $0.minimumFree, line: $0.line)
        }
        return CatalogueComparison(
            kind: .heapDump, firstLine: dump.firstLine, lastLine: dump.lastLine, board: t.board.name, idf: t.idf,
            catalogueSide: "its simulated heaps when app_main starts",
            featureDifferences: [], staticDRAM: nil, staticIRAM: nil,
            rows: pairByAddress(imported, heaps(of: t, matching: dump.caps).map(figures)))
    }

    static func idfSize(_ r: IDFSizeReport, features: Features?, _ t: Target) -> CatalogueComparison {
        let (dram, iram) = t.catalogue.chip(named: t.board.chip).map { IDFSizeInterpretation.figures(r, for: $0) }
            ?? (r.staticDRAM, r.staticIRAM)
        return CatalogueComparison(
            kind: .idfSize, firstLine: r.firstLine, lastLine: r.lastLine, board: t.board.name, idf: t.idf,
            catalogueSide: "its static sizes in boards.yaml",
            featureDifferences: features.map { featureDifferences($0, t) } ?? [],
            staticDRAM: dram.map { StaticDifference(imported: $0.used, catalogue: t.statics.dram.value) },
            staticIRAM: iram.flatMap { i in t.statics.iram.map { StaticDifference(imported: i.used, catalogue: $0.value) } },
            rows: [])
    }
}
