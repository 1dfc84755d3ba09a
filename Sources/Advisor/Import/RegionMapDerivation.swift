import Model
import Simulator

/// A board read back from its `heap_init` lines: the chip, release, features and static sizes whose
/// simulated boot (`Boot.pieces`, the code `heapfit heaps` runs) prints those lines.
public struct DerivedRegionMap: Hashable, Sendable, Codable {
    public var chip: String
    /// The release booted: the one given, else the first catalogue release with this layout.
    public var idf: IDFVersion
    /// Every catalogue release that lays the chip out the same way for these features (when none was given).
    public var releases: [IDFVersion]
    /// Optional features left nil take the chip's default, as boards.yaml does.
    public var features: Features
    /// `_heap_start − _data_start`: "Used static DRAM" up to the linker's alignment padding (on unified-SRAM
    /// chips the span from `dram0_0_seg`'s origin, code included).
    public var staticDRAM: Int
    /// `_iram_end − _iram_start`; nil when no IRAM heap follows the code (the code is then taken to fill IRAM).
    public var staticIRAM: Int?
    /// RTC fast data before the RTCRAM heap.
    public var staticRTC: Int
    /// The log lines the static sizes come from.
    public var dramLine: Int?
    public var iramLine: Int?
    public var rtcLine: Int?
    public var match: PieceMatch

    /// Every logged heap is simulated (the log may lack some of the simulated ones: cut, or abridged when
    /// quoted), and the log holds the line the static DRAM comes from.
    public var isUsable: Bool { match.onlyInLog.isEmpty && dramLine != nil }
}

/// Finds the chip, release, features and static sizes that reproduce a boot log, by search. For each
/// candidate chip, each release (the given one, else every catalogue release) and each combination of
/// the features its boards.yaml entry depends on, the chip is laid out; for each distinct layout the
/// static sizes that put `_heap_start`, `_iram_end` and the RTC data end at the start of a logged heap are
/// found by bisection (the placement is monotonic in each size), and the boot is simulated and compared.
public enum RegionMapDerivation {
    /// The best candidate for each chip tried, best first.
    public static func candidates(log: BootLog, chips: [ChipDefinition], catalogue: Catalogue,
                                  idf: IDFVersion?) -> [DerivedRegionMap] {
        chips.filter { $0.kind == .espIDF }.compactMap { chip in
            let releases = idf.map { [$0] } ?? catalogue.releases(of: chip)
            return best(log: log, chip: chip, releases: releases, file: catalogue.file)
        }.sorted { rank($0, log) < rank($1, log) }
    }

    static func rank(_ d: DerivedRegionMap, _ log: BootLog) -> (Int, Int, Int) {
        (d.isUsable ? 0 : 1, d.match.cost, surprise(d.features, log))
    }

    /// How far the features are from the plain build the log hints at: each explicit choice costs one.
    static func surprise(_ f: Features, _ log: BootLog) -> Int {
        var s = 0
        if f.bluetooth { s += 1 }
        s += f.scoConnections
        if f.btController != nil { s += 1 }
        if f.singleCore != (log.singleCore != nil) { s += f.singleCore ? 1 : 4 }
        for flag in [f.rtcFastHeap, f.memprot, f.idramSplit] where flag != nil { s += 1 }
        for n in [f.icache, f.dcache] where n != nil { s += 1 }
        return s
    }

    /// The same layout reached from several releases or feature sets is searched once.
    struct LayoutKey: Hashable {
        var types: [MemoryType]
        var regions: [MemoryRegion]
        var reserved: [AddressRange]
        var linker: LinkerFacts
        var bluetooth: Bool
        init(_ l: ChipLayout) {
            types = l.types
            regions = l.regions
            reserved = l.reserved
            linker = l.linker
            bluetooth = l.features.bluetooth  // moves dram0_0_seg
        }
    }

    static func best(log: BootLog, chip: ChipDefinition, releases: [IDFVersion], file: String) -> DerivedRegionMap? {
        var layouts: [LayoutKey: (ChipLayout, Features, [IDFVersion])] = [:]
        var order: [LayoutKey] = []
        for f in FeatureSpace.combinations(chip: chip, log: log) {
            for v in releases {
                guard let l = try? chip.layout(idf: v, features: f, file: file) else { continue }
                let key = LayoutKey(l)
                if layouts[key] == nil {
                    layouts[key] = (l, f, [v])
                    order.append(key)
                } else if layouts[key]?.1 == f {
                    layouts[key]?.2.append(v)
                }
            }
        }
        var found: DerivedRegionMap?
        for key in order {
            guard let (layout, features, vs) = layouts[key] else { continue }
            for d in search(log: log, layout: layout) {
                var d = d
                d.features = features
                d.releases = releases.count > 1 ? vs : []
                if found.map({ rank(d, log) < rank($0, log) }) ?? true { found = d }
            }
        }
        return found
    }

    /// Every (static DRAM, IRAM, RTC) that puts a placement boundary at a logged heap, booted and compared.
    static func search(log: BootLog, layout: ChipLayout) -> [DerivedRegionMap] {
        let starts = Array(Set(log.heaps.map(\.start))).sorted()
        func placement(_ s: Int, _ i: Int?, _ r: Int) -> StaticPlacement? {
            try? StaticPlacement(chip: layout, staticDRAM: s, staticIRAM: i, staticRTC: r)
        }
        var irams: [(Int?, Int?)] = [(nil, nil)]  // nil: the code fills IRAM (no IRAM heap after it)
        if layout.linker.iramLength > 0 {
            for q in starts {
                if let i = largest(reaching: q, { placement(0, $0, 0)?.iramCode?.end }) { irams.append((i, q)) }
            }
        }
        var rtcs: [(Int, Int?)] = [(0, nil)]
        if let rs = layout.linker.rtcFastStart {
            for q in starts where q > rs && q - rs <= 0x4000 { rtcs.append((q - rs, q)) }
        }
        var out: [DerivedRegionMap] = []
        for (i, iramStart) in irams {
            for (r, rtcStart) in rtcs {
                for p in starts {
                    guard let s = largest(reaching: p, { placement($0, i, r)?.dramData.end }), let pl = placement(s, i, r),
                          let pieces = try? Boot.pieces(chip: layout, placement: pl) else { continue }
                    func line(_ start: Int?) -> Int? {
                        start.flatMap { q in log.heaps.first { $0.start == q && pieces.contains { $0.start == q } }?.line }
                    }
                    // A size read from a heap start must come from a logged heap the simulation has too.
                    if iramStart != nil, line(iramStart) == nil { continue }
                    if rtcStart != nil, line(rtcStart) == nil { continue }
                    out.append(DerivedRegionMap(chip: layout.name, idf: layout.idf, releases: [], features: layout.features,
                                                staticDRAM: s, staticIRAM: i, staticRTC: r, dramLine: line(p),
                                                iramLine: line(iramStart), rtcLine: line(rtcStart),
                                                match: PieceMatch(log: log.heaps, simulated: pieces)))
                }
            }
        }
        return out
    }

    /// The largest `x` in 0…2^24 with `f(x) == target`, where `f` is non-decreasing and nil past the end of
    /// its domain. For a placement that is `start − origin`: the static size that ends exactly at the heap
    /// (smaller sizes rounded up by the alignment reach it too).
    static func largest(reaching target: Int, _ f: (Int) -> Int?) -> Int? {
        var lo = 0, hi = 1 << 24
        while lo < hi {
            let mid = (lo + hi) / 2
            if let v = f(mid), v <= target { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0, f(lo - 1) == target else { return nil }
        return lo - 1
    }
}
